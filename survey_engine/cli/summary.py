"""`survey-engine summary SLUG`: percentages with their bases, as text or JSON."""
import json
from datetime import date

import click
from flask.cli import with_appcontext

from ..registry import registry
from ..summary import BASES, Filters, SummaryError, breakdown, render_text, summarise
from ..summary.build import question_versions
from ..surveys import SurveyError, get_survey


def _day(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-03-31")


def answer_filters(survey, pairs):
    """((key, values), ...) from KEY=VALUE[,VALUE] options, checked against the questionnaire's closed questions."""
    questions, _ = question_versions(survey, [])
    types = registry().question_types
    by_key = {q.key: q for q in questions}
    result = []
    for pair in pairs:
        key, sep, values = pair.partition("=")
        key = key.strip()
        if not sep or not values.strip():
            raise click.BadParameter(f"{pair!r} should be QUESTION=VALUE, for example used=yes",
                                     param_hint="--answer")
        question = by_key.get(key)
        if question is None:
            raise click.BadParameter(f"no question {key!r}", param_hint="--answer")
        qtype = types[question.type]
        if qtype.summary_kind not in ("choice", "multiple"):
            raise click.BadParameter(f"{key!r} is not a closed question", param_hint="--answer")
        offered = [o.value for o in qtype.options(question)]
        chosen = tuple(v.strip() for v in values.split(",") if v.strip())
        unknown = [v for v in chosen if v not in offered]
        if unknown:
            raise click.BadParameter(f"{key!r} has no option {unknown[0]!r}; its options are {', '.join(offered)}",
                                     param_hint="--answer")
        result.append((key, chosen))
    return tuple(result)


@click.command("summary")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Text reads like a report's bullet lists; JSON is documented in the README.")
@click.option("--base", type=click.Choice(list(BASES)), default=None,
              help="What every percentage is of. Default: those asked who answered (headlines: their own base).")
@click.option("--organisation-kind", help="Only responses from organisations of this kind, e.g. \"NHS Trust\".")
@click.option("--since", callback=_day, help="Only responses submitted on or after this day (YYYY-MM-DD, UTC).")
@click.option("--until", callback=_day, help="Only responses submitted on or before this day (YYYY-MM-DD, UTC).")
@click.option("--version", "version", type=int, help="Only responses given to this questionnaire version.")
@click.option("--answer", "answers", multiple=True, metavar="QUESTION=VALUE[,VALUE]",
              help="Only responses that gave one of these answers to a closed question, e.g. used=yes. Repeatable.")
@click.option("--by-organisation", "by_organisation", metavar="QUESTION",
              help="Also break this closed question down by organisation, with small numbers suppressed.")
@with_appcontext
def summary_command(slug, fmt, base, organisation_kind, since, until, version, answers, by_organisation):
    """Summarise a survey's submitted responses: who responded, headlines, and each question with its base."""
    try:
        survey = get_survey(slug)
        filters = Filters(organisation_kind=organisation_kind, since=since, until=until, version=version,
                          answers=answer_filters(survey, answers))
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
