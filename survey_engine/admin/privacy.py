"""Respondents' data on a survey's staff page: deleting a response (anonymity and retention are changed on the
survey's settings page, admin/survey_settings.py)."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..bad_input import parse_id
from ..extensions import db
from ..models import Response
from ..responses import NoSuchResponse, delete_response
from . import bp
from .access import admin_required
from .confirmations import confirmation
from .forms import ActionForm
from .surveys import survey_or_404


def _checked_survey(slug):
    """The survey, once the POST's CSRF token has been checked."""
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    return survey


def _back(survey):
    return redirect(url_for("admin.survey", slug=survey.slug) + "#privacy")


@bp.route("/surveys/<slug>/responses/delete", methods=["POST"])
@admin_required
def delete_one_response(slug):
    """Delete the response whose number was typed, and its answers."""
    survey = _checked_survey(slug)
    response_id = parse_id(request.form.get("response_id", "").strip())
    if response_id is None:
        flash(_("Enter the number of the response to delete."), "error")
        return _back(survey)
    try:
        delete_response(survey, response_id, actor=current_user._get_current_object())
    except NoSuchResponse:
        flash(_("This survey has no response %(id)s.", id=response_id), "error")
        return _back(survey)
    flash(_("Response %(id)s was deleted.", id=response_id), "success")
    return _back(survey)



@bp.route("/surveys/<slug>/responses/delete", methods=["GET"])
@admin_required
def confirm_delete_response(slug):
    """Ask before deleting a response; ?response_id= is the number typed on the survey page."""
    survey = survey_or_404(slug)
    back = url_for(".survey", slug=survey.slug) + "#privacy"
    text = request.args.get("response_id", "").strip()
    response_id = parse_id(text)
    if response_id is None:
        flash(_("Enter the number of the response to delete."), "error")
        return redirect(back)
    response = db.session.get(Response, response_id)
    if response is None or response.survey_id != survey.id:
        flash(_("This survey has no response %(id)s.", id=response_id), "error")
        return redirect(back)
    if response.submitted_at is not None:
        state = _("It was submitted on %(date)s.", date=response.submitted_at.strftime("%Y-%m-%d %H:%M UTC"))
    else:
        state = _("It is in progress: it was started on %(date)s and not yet submitted.",
                  date=response.started_at.strftime("%Y-%m-%d %H:%M UTC"))
    return confirmation(
        survey, _("Are you sure you want to delete response %(id)s?", id=response_id),
        [state, _("The response and all its answers are deleted from the database. Summaries and downloads no "
                  "longer count it.")],
        _("This cannot be undone."),
        url_for(".delete_one_response", slug=survey.slug), _("Delete response"), back, {"response_id": response_id})
