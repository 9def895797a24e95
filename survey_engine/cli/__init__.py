"""The `survey-engine` command: a Flask CLI group bound to the app, one module per command group."""
import click
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError


def init_app(app):
    """Add the engine's commands, then any that plugins register, to app.cli."""
    from . import (compare, database, demo, export, organisations, plugins, questionnaires, report, responses,
                   retention, summary, surveys, users, worker)

    for module in (database, demo, export, plugins, questionnaires, responses, summary, surveys, users, retention,
                   organisations, compare, report, worker):
        for command in module.COMMANDS:
            app.cli.add_command(command)
    app.extensions["survey_engine"].call("register_commands", cli=app.cli)


def _create_app():
    from ..factory import create_app
    from ..config import ConfigError
    from ..plugins import PluginError
    try:
        return create_app()
    except (PluginError, ConfigError) as exc:
        # A plugin or setting mistake is the user's to fix: say what it is, without a page of traceback.
        click.secho(f"Error: {exc}", err=True, fg="red")
        raise SystemExit(1)


def _database_problem(ctx):
    """A sentence saying why the database cannot be used (never set up, or not reachable), or None."""
    from sqlalchemy import inspect

    from ..extensions import db
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        db.session.rollback()
        try:
            ready = inspect(db.engine).has_table("alembic_version")
        except DBAPIError as exc:
            return f"the database cannot be reached: {str(exc.orig).strip().splitlines()[0]}"
    if not ready:
        return "the database has no tables yet: run `survey-engine init-db` (or `survey-engine demo`) first"
    return None


class EngineGroup(FlaskGroup):
    """The Flask CLI group, saying what is wrong with the database where it would otherwise give a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:
            problem = _database_problem(ctx)
            if problem:
                raise click.ClickException(problem) from exc
            raise


@click.group(cls=EngineGroup, create_app=_create_app, add_version_option=False,
             help="Run surveys whose questionnaires are plugins: serve them, seed a demo, manage surveys.")
@click.version_option(package_name="survey-engine", prog_name="survey-engine")
def main():
    """The console script's entry point."""
