"""`survey-engine retention apply`: erase contacts' personal data once each survey's retention period is over."""
import click
from flask.cli import AppGroup

from ..audit import record
from ..extensions import db
from ..privacy import erase, erasure_plan
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
    due, problems = erasure_plan()
    if not due and not problems:
        click.echo("No survey is past its retention period with personal data left.")
    for survey, why in problems:
        click.echo(f"Error: left {survey.slug!r} alone: {why}", err=True)
    failed = 0
    for survey, contacts in due:
        slug, days = survey.slug, survey.retention_days
        if dry_run:
            click.echo(f"Would erase {plural(len(contacts), 'contact')} of {slug!r} (retention {days} days).")
            continue
        try:
            erase(contacts)
            record("retention.applied", target=slug,
                   detail=f"{len(contacts)} contacts erased, {days} days after closing")
        except Exception as exc:  # noqa: BLE001 - whatever stops one survey must not stop the rest
            db.session.rollback()
            failed += 1
            click.echo(f"Error: could not erase the contacts of {slug!r}: {exc}", err=True)
            continue
        click.echo(f"Erased {plural(len(contacts), 'contact')} of {slug!r} (retention {days} days).")
    if problems or failed:
        raise SystemExit(1)


COMMANDS = (retention,)
