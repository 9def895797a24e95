"""Pages that ask before closing a survey: a GET of the action's URL shows what will happen; the POST does it."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from . import bp
from .access import admin_required
from .surveys import survey_or_404


def confirmation(survey, heading, consequences, warning, action, button, cancel, fields=None):
    """The confirmation page: what will happen, a red button that POSTs to `action`, and a cancel link."""
    return render_template("admin/confirm.html", survey=survey, heading=heading, consequences=consequences,
                           warning=warning, action=action, button=button, cancel=cancel, fields=fields or {})


@bp.route("/surveys/<slug>/close", methods=["GET"])
@admin_required
def confirm_close_survey(slug):
    """Ask before closing a survey; the red button POSTs to the same URL."""
    survey = survey_or_404(slug)
    back = url_for(".survey", slug=survey.slug)
    if survey.status == "closed":
        return redirect(back)
    return confirmation(
        survey, _("Are you sure you want to close “%(title)s”?", title=survey.title),
        [_("From now on its link says the survey has closed: no one can start a response, and responses in "
           "progress cannot be submitted."),
         _("Submitted responses are kept, with their summary and downloads. You can open the survey again later.")],
        _("People part way through a response will not be able to finish it."),
        url_for(".close_survey", slug=survey.slug), _("Close survey"), back)
