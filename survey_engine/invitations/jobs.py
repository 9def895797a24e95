"""Sending invitations and reminders, and importing a large contacts file, as jobs run off the request."""
from flask import current_app, has_request_context
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from ..extensions import db
from ..importing import ImportFileError
from ..jobs import JobError, JobKind, actor_of, job_params
from ..jobs.imports import remove_file
from ..models import Contact, Invitation, Survey
from .sending import SendError, plan, recently_reminded, send


def _survey(job):
    survey = db.session.get(Survey, job.survey_id)
    if survey is None:
        raise JobError("the survey was deleted")
    return survey


def run_send(job, progress):
    """Send (or, after a killed worker, finish sending) a run; the never-send-twice marks make a rerun safe."""
    survey = _survey(job)
    kind = "reminder" if job.kind == "invitations.remind" else "invitation"
    try:
        waiting = recently_reminded(survey) if kind == "reminder" else 0
        remaining = len(plan(survey, kind)[0])
        # A resumed job keeps the count its first worker reached; the rest is what is still queued.
        progress.begin(total=max(job.total, job.done + remaining) if job.attempts > 1 else remaining,
                       done=job.done if job.attempts > 1 else 0)
        base_url = job_params(job).get("base_url")
        if base_url and not current_app.config.get("BASE_URL") and not has_request_context():
            # Links from the staff page's address, as when sending ran in its request.
            with current_app.test_request_context(base_url=base_url):
                result = send(survey, kind, progress=lambda email: progress.step(), actor=actor_of(job))
        else:
            result = send(survey, kind, progress=lambda email: progress.step(), actor=actor_of(job))
    except SendError as exc:
        raise JobError(str(exc))
    progress.save()
    # Contact ids, not addresses: the job row outlives an erasure; the page looks the addresses up.
    failed = db.session.execute(db.select(Contact.id, Invitation.last_error).join(Invitation)
                                .where(Contact.email.in_([a for a, _ in result.failed]),
                                       Contact.survey_id == survey.id)).all() if result.failed else []
    return {"sent": len(result.sent), "failed": len(result.failed), "failed_contacts": [list(f) for f in failed],
            "unconfirmed": result.unconfirmed, "recently_reminded": waiting, "resumed": job.attempts > 1}


def describe_send(result):
    lines = [(_("Sent %(sent)s, failed %(failed)s.", sent=result["sent"], failed=result["failed"]),
              bool(result["failed"]))]
    for contact_id, reason in result.get("failed_contacts", ()):
        contact = db.session.get(Contact, contact_id)
        address = contact.email if contact is not None and contact.email else _("an erased contact")
        lines.append((_("Not sent to %(address)s: %(reason)s", address=address, reason=reason), True))
    if result.get("recently_reminded"):
        lines.append((ngettext("%(num)s contact was reminded too recently to be reminded again yet.",
                               "%(num)s contacts were reminded too recently to be reminded again yet.",
                               result["recently_reminded"]), True))
    if result.get("unconfirmed"):
        lines.append((_("%(n)s messages were being sent when an earlier run stopped and may have arrived; they are "
                        "not sent again until you say what became of them (listed below).", n=result["unconfirmed"]),
                      True))
    return lines


def run_import(job, progress):
    """Import a contacts file saved in the instance folder, checked whole first, then written in short batches."""
    survey = _survey(job)
    params = job_params(job)
    path = params["path"]
    from . import actions
    try:
        result = actions.import_contacts(survey, path, actor_of(job), name=params.get("filename"),
                                         progress=progress, resume=job.attempts > 1)
    except ImportFileError as exc:
        remove_file(path)
        raise JobError(str(exc))
    remove_file(path)  # any wrong rows are quoted in the result
    return {"imported": result.imported, "organisations": result.organisations,
            "errors": [list(e) for e in result.errors[:100]], "error_count": len(result.errors)}


def describe_import(result):
    if result.get("error_count"):
        lines = [(ngettext("%(num)s row cannot be imported, so nothing was imported; correct the file and upload it "
                           "again.", "%(num)s rows cannot be imported, so nothing was imported; correct the file and "
                           "upload it again.", result["error_count"]), True)]
        return lines + [(_("Line %(line)s: %(reason)s", line=line, reason=reason), True)
                        for line, reason in result["errors"]]
    return [(_("Imported %(n)s contacts from %(orgs)s organisations.", n=result["imported"],
               orgs=result["organisations"]), False)]


KINDS = [JobKind("invitations.send", _l("Sending invitations"), run_send, describe_send),
         JobKind("invitations.remind", _l("Sending reminders"), run_send, describe_send),
         JobKind("contacts.import", _l("Importing contacts"), run_import, describe_import)]
