"""Previewing the invitation or reminder email for a chosen contact, and "Send a test to me"."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..admin.public import ActionForm, admin_required, staff_required, survey_or_404
from ..extensions import db
from ..models import Contact
from . import actions
from .preview import preview
from .sending import KINDS, SendError
from .staff_pages import bp, contact_of


def _contacts(survey):
    """The contacts an email can be previewed for: those with an address (erased ones have none)."""
    return db.session.execute(db.select(Contact).where(Contact.survey_id == survey.id, Contact.email.is_not(None))
                              .order_by(Contact.id)).scalars().all()


def _chosen(survey, args, contacts):
    """(contact, kind) named by `args`, or the first contact and an invitation; 404 for a contact not offered."""
    kind = args.get("kind", "invitation")
    if kind not in KINDS:
        abort(404)
    if args.get("contact_id"):
        contact = contact_of(survey, args["contact_id"])
        if contact.email is None:
            abort(404)
        return contact, kind
    return (contacts[0] if contacts else None), kind


@bp.route("/surveys/<slug>/invitations/preview", methods=["GET"])
@staff_required
def preview_email(slug):
    """The invitation (or reminder) email as a chosen contact will get it; nothing is issued, sent or marked."""
    survey = survey_or_404(slug)
    contacts = _contacts(survey)
    contact, kind = _chosen(survey, request.args, contacts)
    message, problem = None, None
    if contact is not None:
        try:
            message = preview(survey, contact, kind)
        except SendError as exc:
            problem = str(exc)[:1].upper() + str(exc)[1:]
    return render_template("invitations/preview.html", survey=survey, contacts=contacts, contact=contact,
                           kind=kind, message=message, problem=problem, form=ActionForm())


@bp.route("/surveys/<slug>/invitations/preview", methods=["POST"])
@admin_required
def send_test_email(slug):
    """"Send a test to me": the previewed email, marked as a test, to the signed-in staff member's address."""
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    contact, kind = _chosen(survey, request.form, _contacts(survey))
    if contact is None:
        abort(404)
    back = url_for(".preview_email", slug=survey.slug, contact_id=contact.id, kind=kind)
    try:
        actions.send_test(survey, contact, kind, current_user, actor=current_user._get_current_object())
    except SendError as exc:
        flash(str(exc)[:1].upper() + str(exc)[1:], "error")
        return redirect(back)
    flash(_("A test of this email was sent to %(address)s.", address=current_user.email), "success")
    return redirect(back)
