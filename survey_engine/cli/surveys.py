"""`survey-engine surveys`: create, list, open and close surveys."""
import json
from datetime import datetime

import click
from flask.cli import AppGroup

from ..audit import COMMAND_LINE
from ..extensions import db
from ..models import Survey
from ..models.survey import ACCESS, ANONYMITY, DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS
from ..privacy import PrivacyError, change_privacy
from ..surveys import SurveyError, close_survey, create_survey, open_survey, response_counts
from .params import SURVEY


DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DayOrTime(click.ParamType):
    """A day (2027-01-31) or a time on a day (2027-01-31 17:00): the domain treats the two differently."""

    name = "date"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
            return parsed.date() if fmt == "%Y-%m-%d" else parsed
        self.fail(f"{value!r} is not a date like 2027-01-31 (or a time like 2027-01-31 17:00)", param, ctx)


@click.group("surveys", cls=AppGroup)
def surveys():
    """Create, list, open and close surveys."""


@surveys.command("create")
@click.option("--questionnaire", "questionnaire_id", required=True, help="A questionnaire id (see `questionnaires`).")
@click.option("--version", "version", type=click.IntRange(1), help="The questionnaire version it asks (any "
              "registered or published one); defaults to the newest.")
@click.option("--slug", required=True, help="The name in the survey's link: /s/SLUG.")
@click.option("--title", help="Defaults to the questionnaire's title.")
@click.option("--access", type=click.Choice(ACCESS), default="open", show_default=True,
              help="open: anyone with the link; invite: only invited contacts.")
@click.option("--anonymity", type=click.Choice(ANONYMITY), default="anonymous", show_default=True,
              help="identified: responses are linked to their contacts; anonymous: never.")
@click.option("--retention-days", type=click.IntRange(0, MAX_RETENTION_DAYS), default=DEFAULT_RETENTION_DAYS,
              show_default=True, help="Days after closing that contacts' names and emails are kept (see `retention "
              f"apply`), 0 to {MAX_RETENTION_DAYS}.")
@click.option("--open", "open_now", is_flag=True, help="Open it for answers straight away.")
@click.option("--opens", type=DayOrTime(), help="Answerable from the start of this day (UK time, or the TIME_ZONE "
              "setting's); a time (2027-01-01 09:00) is taken in that zone too.")
@click.option("--closes", type=DayOrTime(), help="Answerable until the end of this day (UK time, or the TIME_ZONE "
              "setting's); a time (2027-01-31 17:00) closes it then instead.")
def create(questionnaire_id, version, slug, title, access, anonymity, retention_days, open_now, opens, closes):
    """Create a survey (a draft, unless --open) of a questionnaire, at its newest version unless --version."""
    try:
        survey = create_survey(questionnaire_id, slug, title, access=access, status="open" if open_now else "draft",
                               opens_at=opens, closes_at=closes, anonymity=anonymity, retention_days=retention_days,
                               actor=COMMAND_LINE, version=version)
    except SurveyError as exc:
        if exc.field == "closes_at":
            raise click.BadParameter("must be after --opens", param_hint="--closes")
        raise click.ClickException(str(exc))
    click.echo(f"Created {survey.status} survey {survey.slug!r} ({survey.questionnaire_id} "
               f"v{survey.questionnaire_version}); respondents answer it at /s/{survey.slug}")


@surveys.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_surveys(fmt):
    """List surveys with their status, count of responses and closing date."""
    counts = response_counts()
    rows, closes = [], {}
    for s in db.session.execute(db.select(Survey).order_by(Survey.created_at, Survey.id)).scalars():
        c = counts.get(s.id, {"in_progress": 0, "submitted": 0})
        closes[s.slug] = f"closes at {s.closing_phrase}" if s.closes_at else "no closing date"
        rows.append({"slug": s.slug, "title": s.title, "questionnaire": s.questionnaire_id,
                     "version": s.questionnaire_version, "status": s.status, "access": s.access,
                     "opens_at": s.opens_at.isoformat() if s.opens_at else None,
                     "closes_at": s.closes_at.isoformat() if s.closes_at else None,
                     "responses": c["submitted"], "in_progress": c["in_progress"]})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No surveys yet: create one with `survey-engine surveys create`.")
    for r in rows:
        r["closes"] = closes[r["slug"]]
        click.echo(f"{r['slug']}\t{r['status']}\t{r['questionnaire']} v{r['version']}\t"
                   f"{r['responses']} submitted, {r['in_progress']} in progress\t{r['title']}\t{r['closes']}")


def _status_command(name, action, verb):
    @surveys.command(name, help=f"{verb} a survey.")
    @click.argument("survey", metavar="SLUG", type=SURVEY)
    def command(survey):
        action(survey, actor=COMMAND_LINE)
        click.echo(f"Survey {survey.slug!r} is {survey.status}.")
    return command


@surveys.command("privacy")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--anonymity", type=click.Choice(ANONYMITY),
              help="anonymous can be chosen at any time; identified only while the survey has no responses.")
@click.option("--retention-days", type=click.IntRange(0, MAX_RETENTION_DAYS),
              help=f"Days after closing that contacts' data is kept, 0 to {MAX_RETENTION_DAYS}.")
def privacy(survey, anonymity, retention_days):
    """Show or change how survey SLUG keeps respondents' data: its anonymity and retention period."""
    try:
        change_privacy(survey, COMMAND_LINE, anonymity=anonymity, retention_days=retention_days)
    except PrivacyError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Survey {survey.slug!r} is {survey.anonymity}; contacts' data is kept {survey.retention_days} days "
               "after it closes.")


_status_command("open", open_survey, "Open")
_status_command("close", close_survey, "Close")

COMMANDS = (surveys,)
