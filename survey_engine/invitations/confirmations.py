"""Pages that ask before erasing a contact or deleting a response: a GET of the action's URL; the POST does it."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from ..admin import bp
from ..admin.access import admin_required
from ..admin.confirmations import confirmation
from ..admin.surveys import survey_or_404
from ..bad_input import parse_id
from ..extensions import db
from ..models import Contact, Response


@bp.route("/surveys/<slug>/contacts/erase", methods=["GET"])
@admin_required
def confirm_erase_contact(slug):
    """Ask before erasing a contact's personal data; ?contact_id= names the contact."""
    survey = survey_or_404(slug)
    contact_id = parse_id(request.args.get("contact_id", ""))
    contact = db.session.get(Contact, contact_id) if contact_id is not None else None
    if contact is None or contact.survey_id != survey.id or contact.erased_at is not None:
        abort(404)
    who = f"{contact.name} ({contact.email})" if contact.name else contact.email
    return confirmation(
        survey, _("Are you sure you want to erase the personal data of %(who)s?", who=who),
        [_("Their name, email address and role are erased, and their links stop working."),
         _("Their organisation, their progress and any answers they gave stay, so response rates and summaries do "
           "not change.")],
        _("This cannot be undone."),
        url_for(".erase_contact", slug=survey.slug), _("Erase personal data"),
        url_for(".survey", slug=survey.slug) + "#invitations", {"contact_id": contact.id})


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
