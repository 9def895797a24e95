"""Each staff action on invitations, once for the command line and the staff pages alike.

Each checks its input, changes the data, writes its audit entry and commits; `actor` says who acts (a staff
account, or audit.COMMAND_LINE). Front ends only parse input, call one of these, and show the result or its error.
"""
import os

from ..audit import record
from ..extensions import db
from ..privacy import erase_contact as blank_contact
from .contacts import import_contacts as read_contacts
from .export import export_links
from .message import check_template
from .preview import deliver, test_message
from .sending import SendError, check_answerable, send, settle_unconfirmed


def import_contacts(survey, path, actor, data=None, name=None, progress=None, resume=False):
    """Add the contacts of the CSV or XLSX file `path` (or its bytes `data`) to `survey`, all or none.

    Returns the ContactImport; with any wrong row nothing is added or recorded. ImportFileError for an unreadable file.
    With `progress` (a jobs.Progress, or the command line's bar in one), the checked rows are written in short
    batches, each committed with its audit entry's count, so a long import never locks respondents out and an
    import stopped part-way says in the audit log how far it got; `resume` carries on from progress's count.
    """
    # The file's name, not the path it was read from: the same entry whether it was uploaded or named on a command.
    filename = name or os.path.basename(path)
    if progress is None:
        result = read_contacts(survey, path, data=data)
        if result.errors:
            db.session.rollback()
            return result
        record("contacts.imported", target=survey.slug, detail=f"{result.imported} contacts from {filename}",
               actor=actor)
        db.session.commit()
        return result
    from ..jobs.imports import BatchAudit
    audit = BatchAudit(progress, "contacts.imported", survey, actor, "contacts", filename,
                       already=progress.done if resume else 0)
    result = read_contacts(survey, path, data=data, batches=audit, imported=audit.already)
    if result.errors:
        db.session.rollback()
        return result
    audit.finish()
    return result


def erase_contact(survey, contact, actor):
    """Erase one contact's name, email and role and void their links; their organisation and answers stay."""
    if contact.survey_id != survey.id:
        raise ValueError(f"contact {contact.id} is not a contact of survey {survey.slug!r}")
    blank_contact(contact)
    record("contact.erased", target=f"{survey.slug} contact {contact.id}", detail="name, email and role erased",
           actor=actor)
    db.session.commit()


def set_message(survey, actor, subject=None, body=None, default=False):
    """Set the invitation email's subject and/or body (None keeps it; blank, or `default`, means the default).

    Lines end in LF whichever front end sent them, and a body of nothing but spaces is the default.
    MessageError names a placeholder that does not exist, a subject of more than one line, or a body without {link}.
    """
    if subject is not None:
        check_template(subject, "subject")
    if body is not None:
        body = body.replace("\r\n", "\n")  # browsers send a textarea's lines with CRLF
        check_template(body, "body")
    if default:
        survey.invitation_subject, survey.invitation_body = "", ""
    if subject is not None:
        survey.invitation_subject = subject.strip()
    if body is not None:
        survey.invitation_body = body if body.strip() else ""
    record("invitations.message", target=survey.slug,
           detail="custom" if survey.invitation_subject or survey.invitation_body else "default", actor=actor)
    db.session.commit()


def send_run(survey, kind, actor, progress=None):
    """Email invitations (kind "invitation") or reminders ("reminder"); returns the SendResult (sending.send)."""
    return send(survey, kind, progress=progress, actor=actor)


def start_send(survey, kind, actor):
    """Start a job sending invitations or reminders (jobs.py); SendError at once if it could not send anything."""
    from ..jobs import start
    from .sending import link_for, sender
    # The checks that need no mail server, so staff hear of them at once; the worker connects.
    check_answerable(survey)
    sender()
    link_for(survey, "x")
    from flask import current_app, has_request_context, request
    # Without BASE_URL, links are made from the address staff used, which a worker has no request to read.
    params = {} if current_app.config.get("BASE_URL") or not has_request_context() else {"base_url": request.url_root}
    return start("invitations.remind" if kind == "reminder" else "invitations.send", survey, actor, params=params)


def start_import(survey, filename, data, actor):
    """Keep the uploaded contacts file in the instance folder and start a job importing it (jobs.py)."""
    from ..jobs.imports import start_file_job
    return start_file_job("contacts.import", survey, filename, data, actor)


def export_run(survey, write, actor):
    """Pass a CSV of new personal links to `write` and keep them; returns how many (export.export_links)."""
    return export_links(survey, write, actor)


def settle(survey, contacts, outcome, actor):
    """Say whether the unconfirmed messages to `contacts` arrived ("sent") or not ("failed": they go again)."""
    return settle_unconfirmed(survey, contacts, outcome, actor=actor)


def resend(survey, contacts, actor):
    """Mark the unconfirmed messages to `contacts` not delivered and send each again, as the kind it was.

    Returns [(kind, SendResult)]; SendError before anything changes if the survey cannot be answered.
    """
    check_answerable(survey)
    settled = settle_unconfirmed(survey, contacts, "failed", actor=actor)
    kinds = {}
    for email in settled:
        kinds.setdefault(email.kind, set()).add(email.invitation_id)
    return [(kind, send(survey, kind, only=ids, actor=actor)) for kind, ids in sorted(kinds.items())]


__all__ = ["SendError", "erase_contact", "export_run", "import_contacts", "resend", "send_run", "set_message",
           "settle"]


def send_test(survey, contact, kind, staff, actor):
    """Email `staff` the `kind` (invitation or reminder) `contact` would get, marked as a test; no invitation changes.

    SendError if no sender is set or the mail server cannot take it, and nothing is recorded then.
    """
    message = test_message(survey, contact, kind, staff)
    deliver(message)
    # The contact by id, not address: the audit log outlives an erasure.
    record("invitations.test_sent", target=survey.slug, detail=f"{kind} for contact {contact.id}, sent to "
           f"{staff.email}", actor=actor)
    db.session.commit()
    return message
