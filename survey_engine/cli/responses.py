"""`survey-engine responses import`: bring in responses collected on paper or by another tool."""
import click
from flask.cli import AppGroup

from ..importing import ImportFileError, import_responses
from ..surveys import SurveyError, get_survey


@click.group("responses", cls=AppGroup)
def responses():
    """Work with a survey's responses."""


@responses.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-invalid", is_flag=True,
              help="Import the rows that pass every check and list the others, instead of importing nothing.")
def import_command(slug, file, skip_invalid):
    """Import submitted responses from a CSV or XLSX FILE: a row per response, a column per question key.

    Multiple choice values are separated by ";" (KEY__other holds an "other" text); an `organisation`
    column names the respondent's organisation and an optional `submitted_at` column their date. Any
    wrong row means nothing is imported, unless --skip-invalid.
    """
    try:
        survey = get_survey(slug)
        result = import_responses(survey, file, skip_invalid=skip_invalid)
    except (SurveyError, ImportFileError) as exc:
        raise click.ClickException(str(exc))
    for line, reason in result.errors:
        click.echo(f"line {line}: {reason}", err=True)
    if result.errors and not skip_invalid:
        raise click.ClickException(f"{len(result.errors)} row{'s' if len(result.errors) != 1 else ''} "
                                   "cannot be imported, so nothing was imported (--skip-invalid imports the rest)")
    skipped = f"; skipped {len(result.errors)} invalid row{'s' if len(result.errors) != 1 else ''}" \
        if result.errors else ""
    click.echo(f"Imported {result.imported} response{'s' if result.imported != 1 else ''} into {slug!r}{skipped}.")


@responses.command("delete")
@click.argument("slug")
@click.argument("response_id", type=int)
def delete_command(slug, response_id):
    """Delete response RESPONSE_ID of survey SLUG and all its answers."""
    from ..extensions import db
    from ..privacy import delete_response
    from ..models import Response
    try:
        survey = get_survey(slug)
    except SurveyError as exc:
        raise click.ClickException(str(exc))
    from ..bad_input import MAX_INT
    # A number no id column holds finds nothing: the database would refuse it with a traceback.
    response = db.session.get(Response, response_id) if 0 < response_id <= MAX_INT else None
    if response is None or response.survey_id != survey.id:
        raise click.ClickException(f"survey {slug!r} has no response {response_id}")
    delete_response(response)
    from ..audit import record
    record("response.deleted", target=f"{slug} response {response_id}")
    click.echo(f"Deleted response {response_id} of {slug!r}.")


COMMANDS = (responses,)
