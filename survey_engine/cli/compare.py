"""`survey-engine compare SLUG_A SLUG_B [...]`: survey waves compared question by question."""
import json

import click
from flask.cli import with_appcontext

from ..summary import SummaryError
from ..summary.compare import compare
from ..summary.compare_text import render_compare_text
from .params import SURVEY, filter_options, filters_from_options


@click.command("compare")
@click.argument("surveys", metavar="SLUG_A SLUG_B [SLUG_C ...]", nargs=-1, required=True, type=SURVEY)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Text gives a sentence per figure; JSON is documented in the README.")
@click.option("--by", "by", type=click.Choice(["kind"]), default=None,
              help="Also compare the waves within each organisation kind, with small numbers suppressed.")
@filter_options
@with_appcontext
def compare_command(surveys, fmt, by, filters):
    """Compare survey waves, oldest first: each figure in each wave, the change, and whether chance explains it."""
    if len(surveys) < 2:
        raise click.UsageError("give at least two surveys to compare")
    try:
        chosen = [filters_from_options(survey, **filters) for survey in surveys]
        result = compare(list(surveys), chosen, by_kind=by == "kind")
    except SummaryError as exc:
        raise click.ClickException(str(exc))
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(render_compare_text(result)))


COMMANDS = (compare_command,)
