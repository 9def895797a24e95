"""The `survey-engine` command: a Flask CLI group bound to the app, one module per command group."""
import click
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError


def init_app(app):
    """Add the engine's commands, then any that plugins register, to app.cli."""
    from . import (contacts, database, demo, export, invitations, plugins, questionnaires, responses, retention,
                   summary, surveys, users)

    for module in (database, demo, export, plugins, questionnaires, responses, summary, surveys, users,
                   contacts, invitations, retention):
        for command in module.COMMANDS:
            app.cli.add_command(command)
    app.extensions["survey_engine"].pm.hook.register_commands(cli=app.cli)


def _create_app():
    from .. import create_app
    from ..plugins import PluginError
    try:
        return create_app()
    except PluginError as exc:
        # A plugin mistake is the user's to fix: say what it is, without a page of traceback.
        click.secho(f"Error: {exc}", err=True, fg="red")
        raise SystemExit(1)


def _schema_missing(ctx):
    """Whether the app's database has never been brought to a schema (no alembic_version table)."""
    from sqlalchemy import inspect

    from ..extensions import db
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        db.session.rollback()
        return not inspect(db.engine).has_table("alembic_version")


class EngineGroup(FlaskGroup):
    """The Flask CLI group, saying "run init-db" where a fresh database would otherwise give an SQL traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:
            if _schema_missing(ctx):
                raise click.ClickException("the database has no tables yet: run `survey-engine init-db` "
                                           "(or `survey-engine demo`) first") from exc
            raise


@click.group(cls=EngineGroup, create_app=_create_app, add_version_option=False,
             help="Run surveys whose questionnaires are plugins: serve them, seed a demo, manage surveys.")
@click.version_option(package_name="survey-engine", prog_name="survey-engine")
def main():
    """The console script's entry point."""
