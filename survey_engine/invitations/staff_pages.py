"""The invitations section of each survey's staff page: contacts, emails, links, rates and respondents' data."""
from flask import Response as HTTPResponse, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from ..admin import bp
from ..admin.access import admin_required
from ..admin.forms import ActionForm, TextForm
from ..admin.surveys import survey_or_404
from ..audit import record
from ..bad_input import parse_id
from ..extensions import db
from ..importing import ImportFileError
from ..models import Contact
from ..models.survey import MAX_RETENTION_DAYS
from .contacts import import_contacts
from .export import export_links
from .message import PLACEHOLDERS, MessageError, check_template, default_body, default_subject
from .privacy import erase
from .rates import response_rates
from .sending import OUTCOMES, SendError, plan, recently_reminded, send, settle_unconfirmed, unconfirmed


def _back(survey, anchor="invitations"):
    return redirect(url_for("admin.survey", slug=survey.slug) + f"#{anchor}")


def _checked_survey(slug):
    """The survey, once the POST's CSRF token has been checked."""
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    return survey


@bp.route("/surveys/<slug>/contacts", methods=["POST"])
@admin_required
def upload_contacts(slug):
    """Add contacts from an uploaded CSV or XLSX file; a file with any wrong row adds none and lists them."""
    survey = _checked_survey(slug)
    upload = request.files.get("contacts")
    if upload is None or not upload.filename:
        flash(_("Choose a CSV or XLSX file of contacts to upload."), "error")
        return _back(survey)
    try:
        result = import_contacts(survey, upload.filename, data=upload.read())
    except ImportFileError as exc:
        flash(str(exc), "error")
        return _back(survey)
    if result.errors:
        return render_template("admin/contact_errors.html", survey=survey, errors=result.errors,
                               filename=upload.filename), 400
    record("contacts.imported", target=survey.slug, detail=f"{result.imported} contacts from {upload.filename}")
    db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    flash(_("Imported %(n)s contacts from %(orgs)s organisations.", n=result.imported, orgs=result.organisations),
          "success")
    return _back(survey)


@bp.route("/surveys/<slug>/invitations/send", methods=["POST"])
@admin_required
def send_invitations(slug):
    """Email invitations to everyone not yet sent one, or (kind=reminder) remind those not yet complete."""
    survey = _checked_survey(slug)
    kind = "reminder" if request.form.get("kind") == "reminder" else "invitation"
    try:
        waiting = recently_reminded(survey) if kind == "reminder" else 0
        result = send(survey, kind)
    except SendError as exc:
        flash(str(exc), "error")
        return _back(survey)
    flash(_("Sent %(sent)s, failed %(failed)s.", sent=len(result.sent), failed=len(result.failed)),
          "error" if result.failed else "success")
    for address, reason in result.failed:
        flash(_("Not sent to %(address)s: %(reason)s", address=address, reason=reason), "error")
    if waiting:
        flash(ngettext("%(num)s contact was reminded too recently to be reminded again yet.",
                       "%(num)s contacts were reminded too recently to be reminded again yet.", waiting), "error")
    if result.unconfirmed:
        flash(_("%(n)s messages were being sent when an earlier run stopped and may have arrived; they are not "
                "sent again until you say what became of them (listed below).", n=result.unconfirmed), "error")
    return _back(survey)


@bp.route("/surveys/<slug>/invitations/unconfirmed", methods=["POST"])
@admin_required
def settle_unconfirmed_message(slug):
    """Say whether a message a stopped run left unconfirmed arrived (sent) or not (failed: it goes again)."""
    survey = _checked_survey(slug)
    contact_id, outcome = request.form.get("contact_id", ""), request.form.get("outcome")
    contact = db.session.get(Contact, int(contact_id)) if contact_id.isascii() and contact_id.isdigit() else None
    if contact is None or contact.survey_id != survey.id or outcome not in OUTCOMES:
        abort(404)
    try:
        settled = settle_unconfirmed(survey, [contact], outcome)
    except SendError as exc:
        flash(str(exc)[:1].upper() + str(exc)[1:], "error")
        return _back(survey, "unconfirmed")
    name = contact.name or contact.email
    if outcome == "sent":
        flash(_("%(name)s's message is marked delivered.", name=name), "success")
    elif any(e.kind == "reminder" for e in settled):
        flash(_("%(name)s's reminder is marked not delivered: \"Send reminders\" sends it again.", name=name),
              "success")
    else:
        flash(_("%(name)s's invitation is marked not delivered: \"Send invitations\" sends it again.", name=name),
              "success")
    return _back(survey, "unconfirmed")


def _template_check(what):
    def check(form, field):
        try:
            check_template(field.data or "", what)
        except MessageError as exc:
            raise ValidationError(str(exc)[0].upper() + str(exc)[1:])
    return check


class MessageForm(TextForm):
    """The invitation email's subject and body; blank means the default."""

    subject = StringField(_l("Subject"), validators=[_template_check("subject")])
    body = TextAreaField(_l("Body"), validators=[_template_check("body")])


@bp.route("/surveys/<slug>/invitations/message", methods=["GET", "POST"])
@admin_required
def invitation_message(slug):
    """Set the survey's invitation subject and body, with placeholders; what was typed comes back on an error."""
    survey = survey_or_404(slug)
    form = MessageForm(data={"subject": survey.invitation_subject, "body": survey.invitation_body})
    if form.validate_on_submit():
        survey.invitation_subject = (form.subject.data or "").strip()
        body = (form.body.data or "").replace("\r\n", "\n")  # browsers send a textarea's lines with CRLF
        survey.invitation_body = body if body.strip() else ""
        db.session.commit()
        record("invitations.message", target=survey.slug,
               detail="custom" if survey.invitation_subject or survey.invitation_body else "default")
        db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
        flash(_("The invitation email was saved."), "success")
        return _back(survey)
    return render_template("admin/invitation_message.html", survey=survey, form=form, placeholders=PLACEHOLDERS,
                           default_subject=default_subject(survey), default_body=default_body(survey)), \
        400 if form.errors else 200


@bp.route("/surveys/<slug>/invitations/export", methods=["POST"])
@admin_required
def export_invitation_links(slug):
    """A CSV of name, email, organisation and a new personal link for each contact, for a mail merge."""
    survey = _checked_survey(slug)
    chunks = []
    count = export_links(survey, chunks.append)
    record("invitations.exported", target=survey.slug, detail=f"{count} links")
    db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    return HTTPResponse(chunks[0], mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={survey.slug}-links.csv", "Cache-Control": "no-store"})


@bp.route("/surveys/<slug>/contacts/erase", methods=["POST"])
@admin_required
def erase_contact(slug):
    """Erase one contact's name, email and role; their organisation, progress and answers stay."""
    survey = _checked_survey(slug)
    contact_id = parse_id(request.form.get("contact_id", ""))
    contact = db.session.get(Contact, contact_id) if contact_id is not None else None
    if contact is None or contact.survey_id != survey.id:
        abort(404)
    erase([contact])
    record("contact.erased", target=f"{survey.slug} contact {contact.id}", detail="name, email and role erased")
    db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    flash(_("The contact's personal data was erased."), "success")
    return _back(survey)


@bp.context_processor
def _invitation_figures():
    def contacts_of(survey):
        return db.session.execute(db.select(Contact).filter_by(survey_id=survey.id)
                                  .order_by(Contact.id)).scalars().all()
    def to_email(survey, kind):
        """How many a run of `kind` would email now, as --dry-run counts them."""
        try:
            return len(plan(survey, kind)[0])
        except SendError:
            return 0  # a wrong REMINDER_INTERVAL_HOURS is reported when the button is pressed
    return {"invitation_rates": response_rates, "survey_contacts": contacts_of, "invitations_to_send": to_email,
            "max_retention_days": MAX_RETENTION_DAYS, "unconfirmed_messages": unconfirmed}
