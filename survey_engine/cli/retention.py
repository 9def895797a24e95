"""`survey-engine retention apply`: erase contacts' personal data once each survey's retention period is over."""
import click
from flask.cli import AppGroup

from ..audit import record
from ..invitations.privacy import due_for_erasure, erase
from .contacts import plural


@click.group("retention", cls=AppGroup)
def retention():
    """Keep contacts' personal data no longer than each survey says."""


@retention.command("apply")
@click.option("--dry-run", is_flag=True, help="List what would be erased; erase nothing.")
def apply_command(dry_run):
    """Erase the names and emails of contacts of surveys closed longer than their retention period."""
    due = due_for_erasure()
    if not due:
        click.echo("No survey is past its retention period with personal data left.")
    for survey, contacts in due:
        if dry_run:
            click.echo(f"Would erase {plural(len(contacts), 'contact')} of {survey.slug!r} "
                       f"(retention {survey.retention_days} days).")
            continue
        erase(contacts)
        record("retention.applied", target=survey.slug,
               detail=f"{len(contacts)} contacts erased, {survey.retention_days} days after closing")
        click.echo(f"Erased {plural(len(contacts), 'contact')} of {survey.slug!r} "
                   f"(retention {survey.retention_days} days).")


COMMANDS = (retention,)
