"""Publishing a survey's results page from its staff page, with the "What we did" text staff write."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..results import ResultsError, publish_results, withdraw_results
from . import bp
from .access import admin_required
from .privacy import _checked_survey


def _back(survey):
    return redirect(url_for("admin.survey", slug=survey.slug) + "#results-page")


@bp.route("/surveys/<slug>/results", methods=["POST"])
@admin_required
def publish_results_page(slug):
    """Publish the results page, or save its text; "withdraw" takes it down."""
    survey = _checked_survey(slug)
    actor = current_user._get_current_object()
    if request.form.get("action") == "withdraw":
        if withdraw_results(survey, actor):
            flash(_("The results page is no longer public."), "success")
        return _back(survey)
    try:
        done = publish_results(survey, actor, request.form.get("what_we_did", ""))
    except ResultsError as exc:
        flash(str(exc), "error")
        return _back(survey)
    if done:
        flash(_("The results page is published.") if done == "published" else _("Saved."), "success")
    return _back(survey)


@bp.context_processor
def _results_for_sections():
    """Lets the survey page's report section (admin/survey/25_report.html) show its results page."""
    from ..results import results_page
    return {"survey_results_page": results_page}
