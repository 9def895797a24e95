"""`survey-engine organisations`: import and list the managed list of organisations that questions offer."""
import json

import click
from flask.cli import AppGroup

from ..audit import COMMAND_LINE
from ..organisations import OrganisationListError, import_organisations, listed_organisations


@click.group("organisations", cls=AppGroup)
def organisations():
    """The managed list of organisations: organisation questions offer it, and typed names match it."""


@organisations.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_list(file):
    """Put the organisations in FILE (.csv or .xlsx: name, kind, aliases separated by ";") on the list."""
    try:
        count = import_organisations(file, actor=COMMAND_LINE)
    except OrganisationListError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Listed {count} organisations.")


@organisations.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
def list_organisations(fmt):
    """List the organisations on the managed list, with their kind and aliases."""
    rows = [{"name": name, "kind": kind, "aliases": aliases} for name, kind, aliases in listed_organisations()]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No organisations are listed: import a list with `survey-engine organisations import FILE`.")
    for r in rows:
        click.echo("\t".join([r["name"], r["kind"] or "-", "; ".join(r["aliases"])]))


COMMANDS = (organisations,)
