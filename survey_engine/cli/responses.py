"""`survey-engine responses import` and `delete`: bring in responses collected elsewhere, delete one."""
import sys

import click
from flask.cli import AppGroup

from ..audit import COMMAND_LINE
from ..importing import ImportFileError
from ..responses import NoSuchResponse, delete_response, import_responses
from .params import SURVEY


@click.group("responses", cls=AppGroup)
def responses():
    """Work with a survey's responses."""


@responses.command("import")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-invalid", is_flag=True,
              help="Import the rows that pass every check and list the others, instead of importing nothing.")
def import_command(survey, file, skip_invalid):
    """Import submitted responses from a CSV or XLSX FILE: a row per response, a column per question key.

    Multiple choice values are separated by ";" (KEY__other holds an "other" text); an `organisation`
    column names the respondent's organisation and an optional `submitted_at` column their date. Any
    wrong row means nothing is imported, unless --skip-invalid.
    """
    from ..jobs.imports import BarProgress
    # The file is checked whole first, then written in the short transactions of the staff page's job, so
    # respondents are never locked out meanwhile; the bar moves as each is committed.
    with click.progressbar(length=0, label="Importing responses", file=sys.stderr) as bar:
        try:
            result = import_responses(survey, file, actor=COMMAND_LINE, skip_invalid=skip_invalid,
                                      progress=BarProgress(bar))
        except ImportFileError as exc:
            raise click.ClickException(str(exc))
    for line, reason in result.errors:
        click.echo(f"line {line}: {reason}", err=True)
    if result.errors and not skip_invalid:
        raise click.ClickException(f"{len(result.errors)} row{'s' if len(result.errors) != 1 else ''} "
                                   "cannot be imported, so nothing was imported (--skip-invalid imports the rest)")
    skipped = f"; skipped {len(result.errors)} invalid row{'s' if len(result.errors) != 1 else ''}" \
        if result.errors else ""
    click.echo(f"Imported {result.imported} response{'s' if result.imported != 1 else ''} into "
               f"{survey.slug!r}{skipped}.")


@responses.command("delete")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.argument("response_id", type=int)
def delete_command(survey, response_id):
    """Delete response RESPONSE_ID of survey SLUG and all its answers."""
    slug = survey.slug
    try:
        delete_response(survey, response_id, actor=COMMAND_LINE)
    except NoSuchResponse as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Deleted response {response_id} of {slug!r}.")


COMMANDS = (responses,)
