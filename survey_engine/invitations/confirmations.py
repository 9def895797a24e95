"""The page that asks before erasing a contact: a GET of the action's URL; the POST does it."""
from flask import abort, request, url_for
from flask_babel import gettext as _

from ..admin.public import admin_required, confirmation, survey_or_404
from .staff_pages import bp, contact_of


@bp.route("/surveys/<slug>/contacts/erase", methods=["GET"])
@admin_required
def confirm_erase_contact(slug):
    """Ask before erasing a contact's personal data; ?contact_id= names the contact."""
    survey = survey_or_404(slug)
    contact = contact_of(survey, request.args.get("contact_id", ""))
    if contact.erased_at is not None:
        abort(404)
    who = f"{contact.name} ({contact.email})" if contact.name else contact.email
    return confirmation(
        survey, _("Are you sure you want to erase the personal data of %(who)s?", who=who),
        [_("Their name, email address and role are erased, and their links stop working."),
         _("Their organisation, their progress and any answers they gave stay, so response rates and summaries do "
           "not change.")],
        _("This cannot be undone."),
        url_for(".erase_contact", slug=survey.slug), _("Erase personal data"),
        url_for("admin.survey", slug=survey.slug) + "#invitations", {"contact_id": contact.id})
