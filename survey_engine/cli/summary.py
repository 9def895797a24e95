"""`survey-engine summary SLUG`: percentages with their bases, as text or JSON."""
import json

import click
from flask.cli import with_appcontext

from ..summary import BASES, SummaryError, breakdown, render_text, summarise
from .params import SURVEY, BadFilter, filter_options, filters_from_options  # noqa: F401 - BadFilter was here


@click.command("summary")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Text reads like a report's bullet lists; JSON is documented in the README.")
@click.option("--base", type=click.Choice(list(BASES)), default=None,
              help="What every percentage is of. Default: those asked who answered (headlines: their own base).")
@filter_options
@click.option("--by-organisation", "by_organisation", metavar="QUESTION",
              help="Also break this closed question down by organisation, with small numbers suppressed.")
@with_appcontext
def summary_command(survey, fmt, base, filters, by_organisation):
    """Summarise a survey's submitted responses: who responded, headlines, and each question with its base."""
    try:
        filters = filters_from_options(survey, **filters)
        data = summarise(survey, base=base, filters=filters)
        table = breakdown(survey, by_organisation, filters) if by_organisation else None
    except SummaryError as exc:
        raise click.ClickException(str(exc))
    if fmt == "json":
        if table is not None:
            data["breakdown"] = table
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(render_text(data, table)))


COMMANDS = (summary_command,)
