"""The `survey-engine` command: a Flask CLI group bound to the app, one module per command group."""
import click
from flask.cli import FlaskGroup


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


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             help="Run surveys whose questionnaires are plugins: serve them, seed a demo, manage surveys.")
@click.version_option(package_name="survey-engine", prog_name="survey-engine")
def main():
    """The console script's entry point."""
