"""Test responses on a survey's staff page: deleting those staff made while trying the survey as a draft."""
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..responses import delete_test_responses
from ..surveys import empty_counts, response_counts
from . import bp
from .access import admin_required
from .confirmations import confirmation
from .forms import ActionForm
from .surveys import survey_or_404


def _back(survey):
    return url_for(".survey", slug=survey.slug) + "#test-responses"


@bp.route("/surveys/<slug>/test-responses/delete", methods=["GET"])
@admin_required
def confirm_delete_test_responses(slug):
    """Ask before deleting every test response; the red button POSTs to the same URL."""
    survey = survey_or_404(slug)
    tests = (response_counts().get(survey.id) or empty_counts())["test"]
    if not tests:
        flash(_("This survey has no test responses."), "error")
        return redirect(_back(survey))
    return confirmation(
        survey, ngettext("Are you sure you want to delete %(num)s test response?",
                         "Are you sure you want to delete all %(num)s test responses?", tests),
        [_("Test responses are the answers staff gave while trying this survey before it was opened. They are "
           "deleted from the database with all their answers."),
         _("No real response is touched: summaries and downloads never counted test responses.")],
        _("This cannot be undone."),
        url_for(".delete_test_responses_action", slug=survey.slug), _("Delete test responses"), _back(survey))


@bp.route("/surveys/<slug>/test-responses/delete", methods=["POST"])
@admin_required
def delete_test_responses_action(slug):
    """Delete every test response of the survey in one step."""
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    deleted = delete_test_responses(survey, actor=current_user._get_current_object())
    flash(ngettext("%(num)s test response was deleted.", "%(num)s test responses were deleted.", deleted)
          if deleted else _("This survey has no test responses."), "success" if deleted else "error")
    return redirect(_back(survey))
