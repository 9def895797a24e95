"""The invitations section's actions on a survey's staff page: contacts, emails, links and erasing a contact."""
from flask import Response as HTTPResponse, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from ..admin.public import ActionForm, TextForm, admin_required, staff_blueprint, survey_or_404
from ..bad_input import parse_id
from ..extensions import db
from ..importing import ImportFileError, rows_in
from ..jobs.imports import JOB_ROWS
from ..models import Contact, Job
from . import actions
from .message import PLACEHOLDERS, MessageError, check_template, default_body, default_subject
from .sending import OUTCOMES, SendError

#: Registered by plugin.register_blueprints; its templates are under invitations/templates/invitations/.
bp = staff_blueprint("invitations_staff", __name__, template_folder="templates")


def back(survey, anchor="invitations"):
    return redirect(url_for("admin.survey", slug=survey.slug) + f"#{anchor}")


def _checked_survey(slug):
    """The survey, once the POST's CSRF token has been checked."""
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    return survey


def contact_of(survey, text):
    """The contact of `survey` whose id is `text`, or 404."""
    contact_id = parse_id(text)
    contact = db.session.get(Contact, contact_id) if contact_id is not None else None
    if contact is None or contact.survey_id != survey.id:
        abort(404)
    return contact


@bp.route("/surveys/<slug>/contacts", methods=["POST"])
@admin_required
def upload_contacts(slug):
    """Add contacts from an uploaded CSV or XLSX file; a file with any wrong row adds none and lists them."""
    survey = _checked_survey(slug)
    upload = request.files.get("contacts")
    if upload is None or not upload.filename:
        flash(_("Choose a CSV or XLSX file of contacts to upload."), "error")
        return back(survey)
    data = upload.read()
    if rows_in(upload.filename, data) > JOB_ROWS:
        # A large file is checked and written by a worker, in short transactions, not in this request.
        try:
            job = actions.start_import(survey, upload.filename, data, current_user._get_current_object())
        except ImportFileError as exc:
            flash(str(exc), "error")
            return back(survey)
        if db.session.get(Job, job.id).status in ("queued", "running"):
            flash(_("The contacts are being imported: progress shows below."), "success")
        return back(survey, "jobs")
    try:
        result = actions.import_contacts(survey, upload.filename, current_user, data=data)
    except ImportFileError as exc:
        flash(str(exc), "error")
        return back(survey)
    if result.errors:
        return render_template("invitations/contact_errors.html", survey=survey, errors=result.errors,
                               filename=upload.filename), 400
    flash(_("Imported %(n)s contacts from %(orgs)s organisations.", n=result.imported, orgs=result.organisations),
          "success")
    return back(survey)


@bp.route("/surveys/<slug>/invitations/send", methods=["POST"])
@admin_required
def send_invitations(slug):
    """Start a job emailing invitations to everyone not yet sent one, or (kind=reminder) reminding those not yet
    complete; its progress and result show on the survey's page."""
    survey = _checked_survey(slug)
    kind = "reminder" if request.form.get("kind") == "reminder" else "invitation"
    try:
        job = actions.start_send(survey, kind, current_user._get_current_object())
    except SendError as exc:
        flash(str(exc), "error")
        return back(survey)
    if db.session.get(Job, job.id).status in ("queued", "running"):
        flash(_("Sending has started: its progress shows below."), "success")
    return back(survey, "jobs")


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
        settled = actions.settle(survey, [contact], outcome, current_user)
    except SendError as exc:
        flash(str(exc)[:1].upper() + str(exc)[1:], "error")
        return back(survey, "unconfirmed")
    name = contact.name or contact.email
    if outcome == "sent":
        flash(_("%(name)s's message is marked delivered.", name=name), "success")
    elif any(e.kind == "reminder" for e in settled):
        flash(_("%(name)s's reminder is marked not delivered: \"Send reminders\" sends it again.", name=name),
              "success")
    else:
        flash(_("%(name)s's invitation is marked not delivered: \"Send invitations\" sends it again.", name=name),
              "success")
    return back(survey, "unconfirmed")


def _template_check(what):
    def check(form, field):
        try:
            check_template((field.data or "").replace("\r\n", "\n"), what)
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
        actions.set_message(survey, current_user, subject=form.subject.data or "", body=form.body.data or "")
        flash(_("The invitation email was saved."), "success")
        return back(survey)
    return render_template("invitations/message.html", survey=survey, form=form, placeholders=PLACEHOLDERS,
                           default_subject=default_subject(survey), default_body=default_body(survey)), \
        400 if form.errors else 200


@bp.route("/surveys/<slug>/invitations/export", methods=["POST"])
@admin_required
def export_invitation_links(slug):
    """A CSV of name, email, organisation and a new personal link for each contact, for a mail merge."""
    survey = _checked_survey(slug)
    chunks = []
    actions.export_run(survey, chunks.append, current_user)
    return HTTPResponse(chunks[0], mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={survey.slug}-links.csv", "Cache-Control": "no-store"})


@bp.route("/surveys/<slug>/contacts/erase", methods=["POST"])
@admin_required
def erase_contact(slug):
    """Erase one contact's name, email and role; their organisation, progress and answers stay."""
    survey = _checked_survey(slug)
    actions.erase_contact(survey, contact_of(survey, request.form.get("contact_id", "")), current_user)
    flash(_("The contact's personal data was erased."), "success")
    return back(survey)


from . import confirmations, preview_pages  # noqa: E402,F401  (their pages join this blueprint)
