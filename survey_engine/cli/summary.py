"""`survey-engine summary SLUG`: percentages with their bases, as text or JSON."""
import json

import click
from flask.cli import with_appcontext

from ..summary import BASES, SummaryError, breakdown, render_text, summarise
from ..summary.filters import FilterError, make_filters
from ..surveys import SurveyError, get_survey


#: Each filter's command-line option, to name it in an error.
OPTIONS = {"organisation_kind": "--organisation-kind", "since": "--since", "until": "--until",
           "version": "--version", "answer": "--answer"}


class BadFilter(click.ClickException):
    """A filter option the survey cannot use: one line, and the exit code of any other bad option."""

    exit_code = 2


def filters_from_options(survey, organisation_kind, since, until, version, answers):
    """Filters from the command's options, checked by the domain; the first problem is the error."""
    try:
        return make_filters(survey, organisation_kind=organisation_kind, since=since, until=until,
                            version=version, answers=answers)
    except FilterError as exc:
        problem = exc.problems[0]
        raise BadFilter(f"Invalid value for {OPTIONS[problem.field]!r}: {problem.message}")


@click.command("summary")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Text reads like a report's bullet lists; JSON is documented in the README.")
@click.option("--base", type=click.Choice(list(BASES)), default=None,
              help="What every percentage is of. Default: those asked who answered (headlines: their own base).")
@click.option("--organisation-kind", help="Only responses from organisations of this kind, e.g. \"NHS Trust\".")
@click.option("--since", help="Only responses submitted on or after this day (YYYY-MM-DD, UTC).")
@click.option("--until", help="Only responses submitted on or before this day (YYYY-MM-DD, UTC).")
@click.option("--version", "version", type=int, help="Only responses given to this questionnaire version.")
@click.option("--answer", "answers", multiple=True, metavar="QUESTION=VALUE[,VALUE]",
              help="Only responses that gave one of these answers (an option's value or label) to a closed "
                   "question, e.g. used=yes. Repeatable.")
@click.option("--by-organisation", "by_organisation", metavar="QUESTION",
              help="Also break this closed question down by organisation, with small numbers suppressed.")
@with_appcontext
def summary_command(slug, fmt, base, organisation_kind, since, until, version, answers, by_organisation):
    """Summarise a survey's submitted responses: who responded, headlines, and each question with its base."""
    try:
        survey = get_survey(slug)
        filters = filters_from_options(survey, organisation_kind, since, until, version, answers)
        data = summarise(survey, base=base, filters=filters)
        table = breakdown(survey, by_organisation, filters) if by_organisation else None
    except (SurveyError, SummaryError) as exc:
        raise click.ClickException(str(exc))
    if fmt == "json":
        if table is not None:
            data["breakdown"] = table
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(render_text(data, table)))


COMMANDS = (summary_command,)
