"""Respondents' data on a survey's staff page: its anonymity and retention period, and deleting a response."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..bad_input import parse_id
from ..models.survey import ANONYMITY
from ..privacy import PrivacyError, change_privacy as change
from ..responses import NoSuchResponse, delete_response
from . import bp
from .access import admin_required
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


@bp.route("/surveys/<slug>/privacy", methods=["POST"])
@admin_required
def change_privacy(slug):
    """Change the survey's anonymity (never weakened once responses exist) and retention period."""
    survey = _checked_survey(slug)
    anonymity = request.form.get("anonymity")
    try:
        days = int(request.form.get("retention_days", survey.retention_days))
    except ValueError:
        flash(_("Enter the retention period as a number of days."), "error")
        return _back(survey)
    try:
        change(survey, current_user._get_current_object(), anonymity=anonymity if anonymity in ANONYMITY else None,
               retention_days=days)
    except PrivacyError as exc:
        flash(str(exc)[:1].upper() + str(exc)[1:], "error")
        return _back(survey)
    flash(_("Saved."), "success")
    return _back(survey)


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
