"""`survey-engine invitations`: email personal links, export them for a mail merge, set the message, see rates."""
import json
import sys

import click
from flask.cli import AppGroup

from ..audit import record
from ..extensions import db
from ..invitations.export import export_links
from ..invitations.message import MessageError, check_template, default_body, default_subject
from ..invitations.rates import response_rates
from ..invitations.sending import (SendError, check_answerable, plan, recently_reminded, reminder_interval, send,
                                   settle_unconfirmed, unconfirmed)
from ..surveys import SurveyError, get_survey
from .contacts import plural


def _survey(slug):
    try:
        return get_survey(slug)
    except SurveyError as exc:
        raise click.ClickException(str(exc))


@click.group("invitations", cls=AppGroup)
def invitations():
    """Send contacts their personal links and follow who has answered."""


def _hours():
    hours = reminder_interval().total_seconds() / 3600
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


@invitations.command("send")
@click.argument("slug")
@click.option("--reminder", is_flag=True, help="Remind those sent a link who have not completed, instead (not those "
              "reminded within REMINDER_INTERVAL_HOURS, default 24).")
@click.option("--dry-run", is_flag=True, help="List who would be emailed; send nothing, change nothing.")
def send_command(slug, reminder, dry_run):
    """Email every contact of survey SLUG not yet sent an invitation (or, with --reminder, a reminder).

    Each message is marked before and after it goes, so rerunning after a failure sends only the rest.
    """
    survey = _survey(slug)
    kind = "reminder" if reminder else "invitation"
    try:
        waiting = recently_reminded(survey) if reminder else 0
    except SendError as exc:
        raise click.ClickException(str(exc))
    if waiting:
        click.echo(f"{plural(waiting, 'contact')} reminded less than {_hours()} ago "
                   f"{'is' if waiting == 1 else 'are'} left out (REMINDER_INTERVAL_HOURS).", err=True)
    if dry_run:
        invitations_, resuming = plan(survey, kind)
        click.echo(f"Would email {plural(len(invitations_), kind)}" + (" (finishing an interrupted run)"
                                                                      if resuming else "") + ":")
        for invitation in invitations_:
            contact = invitation.contact
            click.echo(f"  {contact.name} <{contact.email}>\t"
                       f"{contact.organisation.name if contact.organisation else ''}")
        _list_unconfirmed(survey)
        return
    try:
        with click.progressbar(length=len(plan(survey, kind)[0]), label=f"Sending {kind}s",
                               file=sys.stderr) as bar:  # click.get_text_stream is deprecated from Click 8.5
            result = send(survey, kind, progress=lambda email: bar.update(1))
    except SendError as exc:
        _list_unconfirmed(survey)
        raise click.ClickException(str(exc))
    for email, reason in result.failed:
        click.echo(f"failed: {email}: {reason}", err=True)
    click.echo(f"Sent {plural(len(result.sent), kind)}; {len(result.failed)} failed." +
               (" (This run finished an interrupted one.)" if result.resumed else ""))
    if result.unconfirmed:
        click.echo(f"{plural(result.unconfirmed, kind)} were being sent when an earlier run stopped and may have "
                   "arrived; they are not sent again by themselves.", err=True)
    _list_unconfirmed(survey)
    if result.failed:
        raise SystemExit(1)


def _list_unconfirmed(survey):
    """Name everyone whose message a stopped run left unconfirmed, and say how to settle each."""
    waiting = unconfirmed(survey)
    if not waiting:
        return
    click.echo(f"{plural(len(waiting), 'message')} may or may not have been delivered (a run stopped while handing "
               f"{'it' if len(waiting) == 1 else 'them'} to the mail server); until you settle "
               f"{'it' if len(waiting) == 1 else 'them'}, no invitation or reminder goes to these contacts:", err=True)
    for email, contact in waiting:
        organisation = contact.organisation.name if contact.organisation else ""
        click.echo(f"  {email.kind} to {contact.name or '(no name)'} <{contact.email or 'erased'}>\t{organisation}",
                   err=True)
    click.echo(f"Check with each contact, then either send it again: survey-engine invitations resend {survey.slug} "
               f"--contact EMAIL (or --all-unconfirmed); or, if it arrived: survey-engine invitations mark-delivered "
               f"{survey.slug} --contact EMAIL.", err=True)


def _unconfirmed_contacts(survey, emails, everyone):
    """The contacts named by --contact (or all with an unconfirmed message); ClickException for anyone else."""
    waiting = {contact.email.casefold(): contact for _, contact in unconfirmed(survey) if contact.email}
    if everyone:
        return list(waiting.values())
    if not emails:
        raise click.UsageError("name a contact with --contact EMAIL, or use --all-unconfirmed")
    unknown = [e for e in emails if e.casefold() not in waiting]
    if unknown:
        known = ", ".join(sorted(waiting)) or "none"
        raise click.ClickException(f"no message to {', '.join(unknown)} is waiting to be confirmed "
                                   f"(unconfirmed: {known})")
    return [waiting[e.casefold()] for e in emails]


@invitations.command("resend")
@click.argument("slug")
@click.option("--contact", "emails", multiple=True, metavar="EMAIL",
              help="A contact whose message a stopped run left unconfirmed; may be given more than once.")
@click.option("--all-unconfirmed", "everyone", is_flag=True, help="Every contact with an unconfirmed message.")
def resend_command(slug, emails, everyone):
    """Send again the messages a stopped run left unconfirmed, once you know they did not arrive.

    Each is marked not delivered, then sent to that contact alone (an invitation, or a reminder, as it was).
    """
    survey = _survey(slug)
    contacts = _unconfirmed_contacts(survey, emails, everyone)
    if not contacts:
        click.echo("No message is waiting to be confirmed.")
        return
    try:
        check_answerable(survey)
        settled = settle_unconfirmed(survey, contacts, "failed")
        kinds = {}
        for email in settled:
            kinds.setdefault(email.kind, set()).add(email.invitation_id)
        results = [(kind, send(survey, kind, only=ids)) for kind, ids in sorted(kinds.items())]
    except SendError as exc:
        raise click.ClickException(str(exc))
    failed = False
    for kind, result in results:
        for address, reason in result.failed:
            click.echo(f"failed: {address}: {reason}", err=True)
        failed = failed or bool(result.failed)
        click.echo(f"Sent {plural(len(result.sent), kind)} again; {len(result.failed)} failed.")
    if failed:
        raise SystemExit(1)


@invitations.command("mark-delivered")
@click.argument("slug")
@click.option("--contact", "emails", multiple=True, metavar="EMAIL",
              help="A contact who confirmed the message arrived; may be given more than once.")
@click.option("--all-unconfirmed", "everyone", is_flag=True, help="Every contact with an unconfirmed message.")
def mark_delivered_command(slug, emails, everyone):
    """Mark messages a stopped run left unconfirmed as delivered, once the contacts say they have them.

    They then count as invited, and reminders reach them.
    """
    survey = _survey(slug)
    contacts = _unconfirmed_contacts(survey, emails, everyone)
    try:
        settled = settle_unconfirmed(survey, contacts, "sent")
    except SendError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Marked {plural(len(settled), 'message')} delivered.")


@invitations.command("export")
@click.argument("slug")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The CSV file to write: name, email, organisation, link.")
def export_command(slug, output):
    """Write a new personal link for every contact of SLUG to a CSV file, for your own mail merge.

    Links are stored only as hashes, so each export makes new links; links sent earlier keep working.
    """
    survey = _survey(slug)

    def write(text):
        with open(output, "w", newline="", encoding="utf-8") as f:
            f.write(text)
    try:
        count = export_links(survey, write)
    except SendError as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc}")
    record("invitations.exported", target=slug, detail=f"{count} links")
    db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    click.echo(f"Wrote {plural(count, 'link')} to {output}.")


@invitations.command("message")
@click.argument("slug")
@click.option("--subject", help="The subject line; may use {name}, {organisation}, {link}, {closing_date}.")
@click.option("--body-file", type=click.File("r", encoding="utf-8"),
              help="A text file holding the body, with the same placeholders; it should contain {link}.")
@click.option("--default", "use_default", is_flag=True, help="Go back to the default subject and body.")
def message_command(slug, subject, body_file, use_default):
    """Set survey SLUG's invitation subject and body, or with no options print them."""
    survey = _survey(slug)
    body = body_file.read() if body_file else None
    try:
        if subject is not None:
            check_template(subject, "subject")
        if body is not None:
            check_template(body, "body")
    except MessageError as exc:
        raise click.ClickException(str(exc))
    if use_default:
        survey.invitation_subject, survey.invitation_body = "", ""
    if subject is not None:
        survey.invitation_subject = subject.strip()
    if body is not None:
        survey.invitation_body = body
    db.session.commit()
    if use_default or subject is not None or body is not None:
        record("invitations.message", target=slug,
               detail="custom" if survey.invitation_subject or survey.invitation_body else "default")
        db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    click.echo(f"Subject: {survey.invitation_subject or default_subject(survey)}\n")
    click.echo(survey.invitation_body or default_body(survey))


@invitations.command("rates")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a tab-separated table; json: {survey, organisations}, each row with the same fields.")
def rates_command(slug, fmt):
    """Response rates of survey SLUG: invited, opened, started, completed and rate, per organisation too."""
    rates = response_rates(_survey(slug))
    if fmt == "json":
        click.echo(json.dumps(rates, indent=2, ensure_ascii=False))
        return
    click.echo("organisation\tinvited\topened\tstarted\tcompleted\trate")
    for row in rates["organisations"] + [dict(rates["survey"], name="All")]:
        rate = "-" if row["rate"] is None else f"{row['rate']}%"
        click.echo(f"{row['name']}\t{row['invited']}\t{row['opened']}\t{row['started']}\t{row['completed']}\t{rate}")


COMMANDS = (invitations,)
