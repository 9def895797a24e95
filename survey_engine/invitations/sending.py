"""Sending invitations and reminders by SMTP: queued, marked before and after each message, so a rerun resumes."""
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from flask import current_app, has_request_context, url_for
from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import aliased

from ..audit import record
from ..extensions import db
from ..models import Contact, Invitation, OutgoingEmail, Survey
from ..models._types import utcnow
from .message import render
from .tokens import issue_token

KINDS = ("invitation", "reminder")
#: The default of REMINDER_INTERVAL_HOURS: a second click on "Send reminders" must not remind everyone again.
REMINDER_INTERVAL_HOURS = 24


class SendError(RuntimeError):
    """Sending cannot go on: no mail server, no sender address, or the connection broke mid-message."""


@dataclass
class SendResult:
    """What a run did: sent and failed (email, reason), and earlier messages whose fate is unknown."""

    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # [(email, reason)]
    unconfirmed: int = 0
    resumed: bool = False


def link_for(survey, token):
    """The absolute personal link: BASE_URL (or, on a staff page, this site's address) + /s/<slug>/<token>."""
    base = current_app.config.get("BASE_URL")
    if base:
        return f"{base.rstrip('/')}/s/{survey.slug}/{token}"
    if has_request_context():
        return url_for("invitations.link", slug=survey.slug, token=token, _external=True)
    raise SendError("set BASE_URL (for example SURVEY_ENGINE_BASE_URL=https://surveys.example.org) so links "
                    "in emails and exports point at this site")


def sender():
    """MAIL_DEFAULT_SENDER as one header value; SendError if it is not set."""
    value = current_app.config.get("MAIL_DEFAULT_SENDER")
    if isinstance(value, (list, tuple)):
        value = formataddr(tuple(value))
    if not value or "@" not in parseaddr(value)[1]:
        raise SendError("set MAIL_DEFAULT_SENDER (for example SURVEY_ENGINE_MAIL_DEFAULT_SENDER="
                        "'\"NSUN\" <surveys@example.org>') to send email")
    return value


FLAG_WORDS = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False,
              "0": False, "": False}


def flag(name):
    """The on/off setting `name` as a bool; SendError if it is neither.

    Environment variables arrive as text when they are not JSON, so "False" must not count as on.
    """
    value = current_app.config.get(name)
    if value is None or isinstance(value, (bool, int)):
        return bool(value)
    word = str(value).strip().casefold()
    if word not in FLAG_WORDS:
        raise SendError(f"{name} is {value!r}; set it to true or false")
    return FLAG_WORDS[word]


def connect():
    """An SMTP connection from the MAIL_* settings (Flask-Mail's names); SendError naming the server if it fails."""
    config = current_app.config
    use_ssl, use_tls = flag("MAIL_USE_SSL"), flag("MAIL_USE_TLS")
    host = config.get("MAIL_SERVER") or "localhost"
    port = int(config.get("MAIL_PORT") or (465 if use_ssl else 25))
    try:
        smtp = (smtplib.SMTP_SSL if use_ssl else smtplib.SMTP)(host, port, timeout=config.get("MAIL_TIMEOUT", 30))
        if use_tls:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"cannot send through the mail server {host}:{port}: {exc}")
    return smtp


def reminder_interval():
    """REMINDER_INTERVAL_HOURS as a timedelta; SendError if it is not a number of hours."""
    value = current_app.config.get("REMINDER_INTERVAL_HOURS", REMINDER_INTERVAL_HOURS)
    try:
        hours = float(value)
    except (TypeError, ValueError):
        hours = -1
    # NaN, inf and a century or more would fail in timedelta or mean "never": both are mistakes.
    if not (0 <= hours < 24 * 365 * 100):
        raise SendError(f"REMINDER_INTERVAL_HOURS is {value!r}; set it to a number of hours, 0 or more")
    return timedelta(hours=hours)


def _waiting_for_reminder(survey):
    """Conditions of invitations that a reminder may be sent to, apart from when they were last reminded."""
    return (Invitation.survey_id == survey.id, Contact.email.is_not(None), Invitation.sent_at.is_not(None),
            Invitation.progress != "completed")


def recently_reminded(survey):
    """How many contacts a reminder would reach but for a reminder sent within REMINDER_INTERVAL_HOURS."""
    return db.session.execute(
        select(func.count()).select_from(Invitation).join(Contact, Contact.id == Invitation.contact_id)
        .where(*_waiting_for_reminder(survey), Invitation.reminded_at > utcnow() - reminder_interval())).scalar_one()


def eligible(survey, kind):
    """The invitations a new run of `kind` would email.

    invitation: every contact with an address not yet sent one (or whose last attempt failed);
    reminder: every contact sent a link who has not completed, unless reminded within REMINDER_INTERVAL_HOURS.
    """
    query = (select(Invitation).join(Contact, Contact.id == Invitation.contact_id)
             .where(Invitation.survey_id == survey.id, Contact.email.is_not(None)).order_by(Invitation.id))
    if kind == "invitation":
        done = select(OutgoingEmail.invitation_id).where(OutgoingEmail.survey_id == survey.id,
                                                         OutgoingEmail.kind == "invitation",
                                                         OutgoingEmail.state.in_(("queued", "sending", "sent")))
        return db.session.execute(query.where(Invitation.id.not_in(done))).scalars().all()
    return db.session.execute(query.where(
        *_waiting_for_reminder(survey),
        or_(Invitation.reminded_at.is_(None), Invitation.reminded_at <= utcnow() - reminder_interval()))
    ).scalars().all()


def queued(survey, kind):
    return db.session.execute(
        select(OutgoingEmail).where(OutgoingEmail.survey_id == survey.id, OutgoingEmail.kind == kind,
                                    OutgoingEmail.state == "queued").order_by(OutgoingEmail.id)).scalars().all()


def plan(survey, kind):
    """(invitations to email, resuming) without changing anything: an unfinished run's queue is resumed first."""
    waiting = queued(survey, kind)
    if kind == "reminder" and waiting:
        # An interrupted reminder run is finished, not restarted, so no one is reminded twice in one round.
        return [db.session.get(Invitation, e.invitation_id) for e in waiting], True
    ids = {e.invitation_id for e in waiting}
    return [db.session.get(Invitation, i) for i in sorted(ids)] + eligible(survey, kind), bool(waiting)


def check_answerable(survey):
    """Refuse to email links that would only say the survey is closed or not open yet."""
    if survey.status == "closed":
        raise SendError(f"the survey {survey.slug!r} is closed, so its links would only say so: reopen it first "
                        f"(survey-engine surveys open {survey.slug})")
    if survey.is_closed:
        raise SendError(f"the survey {survey.slug!r} has closed (it took answers until {survey.closing_phrase}), "
                        "so its links would only say so")
    if survey.status == "draft":
        raise SendError(f"the survey {survey.slug!r} is a draft, so its links would say it is not open yet: open it "
                        f"first (survey-engine surveys open {survey.slug})")


def _queue_alone(survey):
    """Hold the survey's row until this run's queue is committed: two runs starting together queue no one twice."""
    # A write rather than SELECT ... FOR UPDATE: SQLite has no row locks, but its one writer lock serves the same.
    db.session.execute(update(Survey).where(Survey.id == survey.id).values(id=Survey.id)
                       .execution_options(synchronize_session=False))


def send(survey, kind="invitation", progress=None, only=None, actor=None):
    """Queue then send this run's emails; returns a SendResult. Raises SendError before anything is marked
    if the server cannot be reached, or, leaving that one message unconfirmed, if it drops mid-message.

    only: invitation ids to email, leaving everyone else (and anything an earlier run queued) for a full run.
    The run's audit entry (by `actor`: a staff account or audit.COMMAND_LINE; None, whoever is logged in) is
    written as it goes, so a run that stops half-way still records what it sent: a run commits once per message,
    not once in all, because a message that has gone cannot be taken back by a rollback.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    check_answerable(survey)
    from_header = sender()
    link_for(survey, "x")  # fail before queueing if no link can be made
    flag("MAIL_USE_SSL"), flag("MAIL_USE_TLS")  # and if a setting is neither on nor off
    run_at = utcnow()
    result = SendResult()
    _queue_alone(survey)
    waiting = queued(survey, kind)
    result.resumed = bool(waiting) and only is None
    if only is not None:
        already = {e.invitation_id for e in waiting}
        for invitation in eligible(survey, kind):
            if invitation.id in only and invitation.id not in already:
                db.session.add(OutgoingEmail(survey_id=survey.id, invitation_id=invitation.id, kind=kind,
                                             queued_at=run_at))
    elif not (kind == "reminder" and waiting):
        for invitation in eligible(survey, kind):
            db.session.add(OutgoingEmail(survey_id=survey.id, invitation_id=invitation.id, kind=kind,
                                         queued_at=run_at))
    db.session.commit()
    outbox = [e for e in queued(survey, kind) if only is None or e.invitation_id in only]
    result.unconfirmed = db.session.execute(
        select(db.func.count()).select_from(OutgoingEmail).where(
            OutgoingEmail.survey_id == survey.id, OutgoingEmail.kind == kind,
            OutgoingEmail.state == "sending")).scalar_one()
    action = f"invitations.{'reminded' if kind == 'reminder' else 'sent'}"
    if not outbox:
        record(action, target=survey.slug, detail=_tally(result), actor=actor)
        db.session.commit()
        return result
    smtp = connect()
    # Written before the first message and brought up to date in the same commit as each one, so even a run
    # killed outright leaves an entry saying what it had sent.
    run = record(action, target=survey.slug, detail=_tally(result, RUNNING), actor=actor)
    db.session.commit()
    finished, stopped = False, ""
    try:
        for email in outbox:
            _send_one(smtp, survey, email, kind, run_at, from_header, result, run)
            if progress:
                progress(email)
        finished = True
    except BaseException as exc:
        # Only words known to hold no one's address go into the audit log, which outlives an erasure.
        stopped = getattr(exc, "for_the_record", None) or type(exc).__name__
        raise
    finally:
        _close_the_record(run, result, finished, stopped)
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return result


#: How a run's audit entry ends until the run does.
RUNNING = "so far: the run had not finished"


def _tally(result, ending=""):
    return f"{len(result.sent)} sent, {len(result.failed)} failed" + (f" {ending}" if ending else "")


def _close_the_record(run, result, finished, stopped):
    """Give the run's audit entry its final count, and why it stopped if it did; never hide the first error."""
    try:
        db.session.rollback()  # whatever the interrupted message left half-done is not part of the record
        run.detail = _tally(result) if finished else _tally(result, f"before the run stopped: {stopped}")
        db.session.commit()
    except Exception:  # noqa: BLE001 - the database may be what failed; the incremental count stands then
        db.session.rollback()


def _send_one(smtp, survey, email, kind, run_at, from_header, result, run):
    invitation = db.session.get(Invitation, email.invitation_id)
    contact = invitation.contact
    if contact.email is None:
        email.state, email.error = "failed", "the contact's personal data was erased"
        run.detail = _tally(result, RUNNING)
        db.session.commit()
        return
    token = issue_token(invitation, kind, run_at)
    try:
        message = compose(survey, contact, kind, link_for(survey, token), from_header)
    except (ValueError, TypeError, IndexError) as exc:
        # One contact's message that cannot be written must not stop the run at them on every rerun.
        db.session.rollback()
        _failed(email, invitation, contact, f"the message could not be written: {exc}", result, run)
        return
    # Marked, with its token, before the server sees it: a crash from here on leaves it "sending", never resent.
    # The mark is a claim, so a run going through the same queue at the same time (a second click on the staff
    # page, the command line beside it) finds the message taken and passes it by.
    if not _claim(email, kind):
        db.session.rollback()
        return
    db.session.commit()
    try:
        smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, reason = next(iter(exc.recipients.values()))
        _failed(email, invitation, contact, _reason(code, reason), result, run)
        return
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
        _failed(email, invitation, contact, _reason(getattr(exc, "smtp_code", ""),
                                                    getattr(exc, "smtp_error", str(exc))), result, run)
        return
    except (OSError, smtplib.SMTPException) as exc:
        error = SendError(f"the mail server stopped answering while sending to {contact.email} ({exc}); that "
                          "message is left unconfirmed and is not sent again by itself; rerun to send the rest")
        error.for_the_record = f"the mail server stopped answering ({exc})"  # no address: the log outlives erasure
        raise error
    email.state = "sent"
    if kind == "invitation":
        invitation.sent_at = invitation.sent_at or run_at
    else:
        invitation.reminded_at = run_at
    invitation.last_error = ""
    result.sent.append(contact.email)
    run.detail = _tally(result, RUNNING)
    db.session.commit()


def compose(survey, contact, kind, link, from_header):
    """The email of `kind` to `contact` carrying `link`, exactly as a run sends it (the staff preview shows this)."""
    subject, body = render(survey, contact, link, reminder=kind == "reminder")
    message = EmailMessage()
    message["From"] = from_header
    # An Address, not a formatted string: the header is then written from the parts, so a name holding
    # "<x@y>, " stays a name and never becomes a second recipient.
    message["To"] = Address(display_name=contact.name, addr_spec=contact.email)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(from_header)[1].rpartition("@")[2] or None)
    message.set_content(body)
    return message


def _claim(email, kind):
    """Mark `email` sending if it is still queued (and, for an invitation, no other went to the contact)."""
    conditions = [OutgoingEmail.id == email.id, OutgoingEmail.state == "queued"]
    if kind == "invitation":
        other = aliased(OutgoingEmail)
        conditions.append(~exists().where(other.invitation_id == email.invitation_id, other.kind == "invitation",
                                          other.state.in_(("sending", "sent"))))
    claimed = db.session.execute(update(OutgoingEmail).where(*conditions).values(state="sending")
                                 .execution_options(synchronize_session=False)).rowcount
    if claimed:
        email.state = "sending"
    return bool(claimed)


def _reason(code, reason):
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    return f"{code} {text}".strip()


def _failed(email, invitation, contact, reason, result, run):
    email.state, email.error = "failed", reason
    invitation.last_error = reason
    result.failed.append((contact.email, reason))
    run.detail = _tally(result, RUNNING)
    db.session.commit()


# --- Messages a run left "sending": they may or may not have arrived, so people decide --------------------------------

#: What staff can say became of an unconfirmed message.
OUTCOMES = ("failed", "sent")
NOT_DELIVERED = "a run stopped while handing it to the mail server; marked not delivered by staff"


def unconfirmed(survey):
    """[(OutgoingEmail, Contact)] left `sending` by a run that stopped, oldest first.

    An invitation left so holds its contact back from every later invitation and reminder until someone settles it.
    """
    return db.session.execute(
        select(OutgoingEmail, Contact).join(Invitation, Invitation.id == OutgoingEmail.invitation_id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .where(OutgoingEmail.survey_id == survey.id, OutgoingEmail.state == "sending")
        .order_by(OutgoingEmail.id)).all()


def settle_unconfirmed(survey, contacts, outcome, actor=None):
    """Say what became of the unconfirmed messages to `contacts`; returns the settled OutgoingEmails.

    failed: it did not arrive, so the next run of its kind (or `resend`) sends it again;
    sent: the contact has it, so they count as invited and reminders reach them.
    SendError names any contact with no unconfirmed message, and nothing is changed then.
    """
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    wanted = {c.id for c in contacts}
    emails = [email for email, contact in unconfirmed(survey) if contact.id in wanted]
    missing = wanted - {db.session.get(Invitation, e.invitation_id).contact_id for e in emails}
    if missing:
        names = ", ".join(c.email or f"contact {c.id}" for c in contacts if c.id in missing)
        raise SendError(f"no message to {names} is waiting to be confirmed")
    for email in emails:
        invitation = db.session.get(Invitation, email.invitation_id)
        if outcome == "failed":
            email.state, email.error = "failed", NOT_DELIVERED
            invitation.last_error = NOT_DELIVERED
        else:
            email.state, email.error = "sent", ""
            if email.kind == "invitation":
                invitation.sent_at = invitation.sent_at or email.queued_at
            elif invitation.reminded_at is None or invitation.reminded_at < email.queued_at:
                invitation.reminded_at = email.queued_at
            invitation.last_error = ""
    # Contact ids, not addresses: the audit log outlives an erasure.
    record("invitations.settled", target=survey.slug, actor=actor, detail=(
        f"{len(emails)} unconfirmed marked {'delivered' if outcome == 'sent' else 'not delivered'}: contact "
        + ", ".join(str(db.session.get(Invitation, e.invitation_id).contact_id) for e in emails)))
    db.session.commit()
    return emails
