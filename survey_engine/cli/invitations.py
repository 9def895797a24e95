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
from ..invitations.sending import SendError, plan, recently_reminded, reminder_interval, send
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
        return
    try:
        with click.progressbar(length=len(plan(survey, kind)[0]), label=f"Sending {kind}s",
                               file=sys.stderr) as bar:  # click.get_text_stream is deprecated from Click 8.5
            result = send(survey, kind, progress=lambda email: bar.update(1))
    except SendError as exc:
        raise click.ClickException(str(exc))
    record(f"invitations.{'reminded' if reminder else 'sent'}", target=slug,
           detail=f"{len(result.sent)} sent, {len(result.failed)} failed")
    for email, reason in result.failed:
        click.echo(f"failed: {email}: {reason}", err=True)
    click.echo(f"Sent {plural(len(result.sent), kind)}; {len(result.failed)} failed." +
               (" (This run finished an interrupted one.)" if result.resumed else ""))
    if result.unconfirmed:
        click.echo(f"{plural(result.unconfirmed, kind)} were being sent when an earlier run stopped and may have "
                   "arrived; they are not sent again (export links to reach those people another way).", err=True)
    if result.failed:
        raise SystemExit(1)


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
