"""Parameters shared by the commands: a survey named by its slug, and the summary/export filter options."""
import functools

import click
from flask import current_app
from flask.cli import ScriptInfo

from ..summary.filters import FilterError, make_filters
from ..surveys import SurveyError, get_survey


class UnknownSurvey(click.ClickException):
    """A slug no survey has: exit 1, as a missing thing is not a usage mistake."""


class SurveyType(click.ParamType):
    """A survey slug on the command line, resolved to its Survey: `@click.argument("survey", type=SURVEY)`."""

    name = "slug"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        if not current_app and ctx is not None:
            # Parsing runs before with_appcontext pushes the app's context: push it for the whole command, so the
            # survey stays attached to the session the command then uses.
            ctx.find_root().with_resource(ctx.ensure_object(ScriptInfo).load_app().app_context())
        try:
            return get_survey(value)
        except SurveyError as exc:
            raise UnknownSurvey(str(exc))


#: The one survey parameter type every command taking a SLUG uses.
SURVEY = SurveyType()

#: Each filter's command-line option, to name it in an error.
FILTER_OPTIONS = {"organisation_kind": "--organisation-kind", "since": "--since", "until": "--until",
                  "version": "--version", "answer": "--answer"}


class BadFilter(click.ClickException):
    """A filter option the survey cannot use: one line, and the exit code of any other bad option."""

    exit_code = 2


def filter_options(command):
    """Declare the options that choose which responses a summary or an export counts.

    The command receives them as one `filters` argument (organisation_kind, since, until, version, answers); turn
    them into the domain's filters with filters_from_options(survey, **filters).
    """
    options = [
        click.option("--organisation-kind", help="Only responses from organisations of this kind, e.g. \"NHS Trust\"."),
        click.option("--since", help="Only responses submitted on or after this day (YYYY-MM-DD, UTC)."),
        click.option("--until", help="Only responses submitted on or before this day (YYYY-MM-DD, UTC)."),
        click.option("--version", "version", type=int, help="Only responses given to this questionnaire version."),
        click.option("--answer", "answers", multiple=True, metavar="QUESTION=VALUE[,VALUE]",
                     help="Only responses that gave one of these answers (an option's value or label) to a closed "
                          "question, e.g. used=yes. Repeatable."),
    ]

    @functools.wraps(command)
    def wrapped(*args, organisation_kind, since, until, version, answers, **kwargs):
        filters = {"organisation_kind": organisation_kind, "since": since, "until": until, "version": version,
                   "answers": answers}
        return command(*args, filters=filters, **kwargs)

    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped


def filters_from_options(survey, organisation_kind=None, since=None, until=None, version=None, answers=()):
    """Filters from the command's options, checked by the domain; the first problem is the error."""
    try:
        return make_filters(survey, organisation_kind=organisation_kind, since=since, until=until,
                            version=version, answers=answers)
    except FilterError as exc:
        problem = exc.problems[0]
        raise BadFilter(f"Invalid value for {FILTER_OPTIONS[problem.field]!r}: {problem.message}")
