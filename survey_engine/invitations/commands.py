"""`survey-engine contacts` and `survey-engine invitations`, added through register_commands: bring contacts in,
email their personal links or export them for a mail merge, set the message, see rates.

Each command parses its input, calls one function of actions.py and prints the result.
"""
import json
import sys

import click
from flask.cli import AppGroup

from ..audit import COMMAND_LINE
from ..cli.public import SURVEY, plural
from ..extensions import db
from ..importing import ImportFileError
from ..jobs.imports import BarProgress
from ..models import Contact
from . import actions
from .contacts import find_contact
from .message import MessageError, default_body, default_subject
from .rates import response_rates
from .sending import SendError, plan, recently_reminded, reminder_interval, unconfirmed


# --- survey-engine contacts ------------------------------------------------------------------------------------------

@click.group("contacts", cls=AppGroup)
def contacts():
    """Manage the people a survey is sent to."""


@contacts.command("import")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(survey, file):
    """Add contacts to survey SLUG from a CSV or XLSX FILE with columns name, email, organisation,
    organisation_kind and role (the last two optional). Any wrong row means nothing is imported."""
    # The same short transactions as the staff page's job, so respondents are never locked out meanwhile.
    with click.progressbar(length=0, label="Importing contacts", file=sys.stderr) as bar:
        try:
            result = actions.import_contacts(survey, file, COMMAND_LINE, progress=BarProgress(bar))
        except ImportFileError as exc:
            raise click.ClickException(str(exc))
    for line, reason in result.errors:
        click.echo(f"line {line}: {reason}", err=True)
    if result.errors:
        raise click.ClickException(f"{plural(len(result.errors), 'row')} cannot be imported, so nothing was "
                                   "imported; correct the file and import it again")
    click.echo(f"Imported {plural(result.imported, 'contact')} from "
               f"{plural(result.organisations, 'organisation')} into {survey.slug!r}.")


@contacts.command("list")
@click.argument("survey", metavar="SLUG", type=SURVEY)
def list_command(survey):
    """List survey SLUG's contacts with their organisation and how far they have got."""
    rows = db.session.execute(db.select(Contact).filter_by(survey_id=survey.id).order_by(Contact.id)).scalars()
    for contact in rows:
        invitation = contact.invitation
        who = "(erased)" if contact.erased_at else f"{contact.name} <{contact.email}>"
        state = invitation.progress if invitation.sent_at else "not sent"
        if invitation.last_error:
            state += f"; last send failed: {invitation.last_error}"
        click.echo(f"{who}\t{contact.organisation.name if contact.organisation else ''}\t{state}")


@contacts.command("erase")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.argument("email")
def erase_command(survey, email):
    """Erase the name, email and role of survey SLUG's contact EMAIL; their answers and organisation stay."""
    contact = find_contact(survey, email)
    if contact is None:
        raise click.ClickException(f"survey {survey.slug!r} has no contact {email!r}")
    actions.erase_contact(survey, contact, COMMAND_LINE)
    click.echo(f"Erased the personal data of contact {contact.id} of {survey.slug!r}.")


# --- survey-engine invitations ---------------------------------------------------------------------------------------

@click.group("invitations", cls=AppGroup)
def invitations():
    """Send contacts their personal links and follow who has answered."""


def _hours():
    hours = reminder_interval().total_seconds() / 3600
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


@invitations.command("send")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--reminder", is_flag=True, help="Remind those sent a link who have not completed, instead (not those "
              "reminded within REMINDER_INTERVAL_HOURS, default 24).")
@click.option("--dry-run", is_flag=True, help="List who would be emailed; send nothing, change nothing.")
def send_command(survey, reminder, dry_run):
    """Email every contact of survey SLUG not yet sent an invitation (or, with --reminder, a reminder).

    Each message is marked before and after it goes, so rerunning after a failure sends only the rest.
    """
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
            result = actions.send_run(survey, kind, COMMAND_LINE, progress=lambda email: bar.update(1))
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
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--contact", "emails", multiple=True, metavar="EMAIL",
              help="A contact whose message a stopped run left unconfirmed; may be given more than once.")
@click.option("--all-unconfirmed", "everyone", is_flag=True, help="Every contact with an unconfirmed message.")
def resend_command(survey, emails, everyone):
    """Send again the messages a stopped run left unconfirmed, once you know they did not arrive.

    Each is marked not delivered, then sent to that contact alone (an invitation, or a reminder, as it was).
    """
    contacts = _unconfirmed_contacts(survey, emails, everyone)
    if not contacts:
        click.echo("No message is waiting to be confirmed.")
        return
    try:
        results = actions.resend(survey, contacts, COMMAND_LINE)
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
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--contact", "emails", multiple=True, metavar="EMAIL",
              help="A contact who confirmed the message arrived; may be given more than once.")
@click.option("--all-unconfirmed", "everyone", is_flag=True, help="Every contact with an unconfirmed message.")
def mark_delivered_command(survey, emails, everyone):
    """Mark messages a stopped run left unconfirmed as delivered, once the contacts say they have them.

    They then count as invited, and reminders reach them.
    """
    contacts = _unconfirmed_contacts(survey, emails, everyone)
    try:
        settled = actions.settle(survey, contacts, "sent", COMMAND_LINE)
    except SendError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Marked {plural(len(settled), 'message')} delivered.")


@invitations.command("export")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The CSV file to write: name, email, organisation, link.")
def export_command(survey, output):
    """Write a new personal link for every contact of SLUG to a CSV file, for your own mail merge.

    Links are stored only as hashes, so each export makes new links; links sent earlier keep working.
    """

    def write(text):
        with open(output, "w", newline="", encoding="utf-8") as f:
            f.write(text)
    try:
        count = actions.export_run(survey, write, COMMAND_LINE)
    except SendError as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc}")
    click.echo(f"Wrote {plural(count, 'link')} to {output}.")


@invitations.command("message")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--subject", help="The subject line; may use {name}, {organisation}, {link}, {closing_date}.")
@click.option("--body-file", type=click.File("r", encoding="utf-8"),
              help="A text file holding the body, with the same placeholders; it should contain {link}.")
@click.option("--default", "use_default", is_flag=True, help="Go back to the default subject and body.")
def message_command(survey, subject, body_file, use_default):
    """Set survey SLUG's invitation subject and body, or with no options print them."""
    body = body_file.read() if body_file else None
    if use_default or subject is not None or body is not None:
        try:
            actions.set_message(survey, COMMAND_LINE, subject=subject, body=body, default=use_default)
        except MessageError as exc:
            raise click.ClickException(str(exc))
    click.echo(f"Subject: {survey.invitation_subject or default_subject(survey)}\n")
    click.echo(survey.invitation_body or default_body(survey))


@invitations.command("rates")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a tab-separated table; json: {survey, organisations}, each row with the same fields.")
def rates_command(survey, fmt):
    """Response rates of survey SLUG: invited, opened, started, completed and rate, per organisation too."""
    rates = response_rates(survey)
    if fmt == "json":
        click.echo(json.dumps(rates, indent=2, ensure_ascii=False))
        return
    click.echo("organisation\tinvited\topened\tstarted\tcompleted\trate")
    for row in rates["organisations"] + [dict(rates["survey"], name="All")]:
        rate = "-" if row["rate"] is None else f"{row['rate']}%"
        click.echo(f"{row['name']}\t{row['invited']}\t{row['opened']}\t{row['started']}\t{row['completed']}\t{rate}")


#: The command groups plugin.register_commands adds to `survey-engine`.
COMMANDS = (contacts, invitations)
