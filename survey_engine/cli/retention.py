"""`survey-engine retention apply`: erase contacts' personal data once each survey's retention period is over."""
import click
from flask.cli import AppGroup

from ..audit import COMMAND_LINE
from ..privacy import apply_retention, erasure_plan
from .words import plural


@click.group("retention", cls=AppGroup)
def retention():
    """Keep contacts' personal data no longer than each survey says."""


@retention.command("apply")
@click.option("--dry-run", is_flag=True, help="List what would be erased; erase nothing.")
def apply_command(dry_run):
    """Erase the names and emails of contacts of surveys closed longer than their retention period.

    A survey that cannot be done is reported and the others are still done; the command then exits 1.
    """
    if dry_run:
        due, problems = erasure_plan()
        problems = [(survey.slug, why) for survey, why in problems]
        done = [(survey.slug, survey.retention_days, len(contacts), None) for survey, contacts in due]
    else:
        run = apply_retention(actor=COMMAND_LINE)
        problems, done = run.problems, run.surveys
    if not done and not problems:
        click.echo("No survey is past its retention period with personal data left.")
    for slug, why in problems:
        click.echo(f"Error: left {slug!r} alone: {why}", err=True)
    for slug, days, n, error in done:
        if dry_run:
            click.echo(f"Would erase {plural(n, 'contact')} of {slug!r} (retention {days} days).")
        elif error is not None:
            click.echo(f"Error: could not erase the contacts of {slug!r}: {error}", err=True)
        else:
            click.echo(f"Erased {plural(n, 'contact')} of {slug!r} (retention {days} days).")
    if problems or any(error is not None for *_, error in done):
        raise SystemExit(1)


COMMANDS = (retention,)
