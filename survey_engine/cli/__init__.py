"""The `survey-engine` command: a Flask CLI group bound to the app, one module per command group.

Listing the commands (`--help`) builds no app and imports no command: cli/listing.py names each built-in command's
module and short help, and a command's module is imported only when it runs or its own --help is asked.
"""
import contextlib
import importlib.metadata
import os
import sys

import click
from flask.cli import AppGroup, FlaskGroup, ScriptInfo

from . import listing


def init_app(app):
    """Add the engine's commands (each imported when first asked for), then any that plugins register, to app.cli."""
    commands = EngineCommands(name=app.cli.name)
    commands.commands.update(app.cli.commands)
    app.cli = commands
    app.extensions["survey_engine"].call("register_commands", cli=app.cli)


class EngineCommands(AppGroup):
    """app.cli: the engine's own commands are named in cli/listing.py and imported when one is asked for."""

    def get_command(self, ctx, name):
        if name not in self.commands and name in listing.ENGINE_COMMANDS:
            self.commands[name] = listing.load(listing.ENGINE_COMMANDS[name][0])
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        return sorted({*self.commands, *listing.ENGINE_COMMANDS})


@contextlib.contextmanager
def _said_plainly():
    """A plugin or setting mistake is the user's to fix: say what it is, without a page of traceback."""
    from ..config import ConfigError
    from ..plugins import PluginError
    try:
        yield
    except (PluginError, ConfigError) as exc:
        click.secho(f"Error: {exc}", err=True, fg="red")
        raise SystemExit(1)


def _create_app():
    from ..factory import create_app
    with _said_plainly():
        return create_app()


def _database_problem(ctx):
    """A sentence saying why the database cannot be used (never set up, or not reachable), or None."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import DBAPIError

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


def _outside_plugins(instance_path):
    """Whether any plugin beyond the built-in ones is installed (entry point) or dropped into the instance folder."""
    folder = os.path.join(instance_path, "plugins")
    if os.path.isdir(folder) and any(name.endswith(".py") and not name.startswith("_") for name in os.listdir(folder)):
        return True
    from ..plugins import ENTRY_POINT_GROUP
    return bool(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))


class EngineGroup(FlaskGroup):
    """The Flask CLI group, listing commands without building the app, and saying what is wrong with the database
    where it would otherwise give a traceback."""

    def _listing(self, ctx):
        """{name: a loaded command, or ("module:attribute" or None, short help)}; None means "ask the built app"."""
        if "survey_engine.listing" in ctx.meta:
            return ctx.meta["survey_engine.listing"]
        found = dict(self.commands)  # run, shell, routes
        for entry_point in importlib.metadata.entry_points(group="flask.commands"):
            help_ = listing.ENTRY_POINT_HELP.get(entry_point.value)
            found[entry_point.name] = (None, help_) if help_ is not None else entry_point.load()
        found.update(listing.ENGINE_COMMANDS)
        from ..factory import configured_app
        with _said_plainly():
            app = configured_app()  # a bad setting is reported here as when the app is built
            disabled = set(app.config.get("DISABLED_PLUGINS") or ())
            for plugin, commands in listing.PLUGIN_COMMANDS.items():
                if plugin not in disabled:
                    found.update(commands)
            if _outside_plugins(app.instance_path):
                # Another plugin may add commands (or fail to load): ask every plugin, as building the app would.
                from ..registry import Registry
                scratch = AppGroup()
                Registry(app).call("register_commands", cli=scratch)
                found.update(scratch.commands)
        ctx.meta["survey_engine.listing"] = found
        return found

    def list_commands(self, ctx):
        return sorted(self._listing(ctx))

    def get_command(self, ctx, name):
        # The engine's own commands are imported straight away; the rest need the plugins to know what they are.
        entry = listing.ENGINE_COMMANDS.get(name) or self._listing(ctx).get(name)
        if isinstance(entry, tuple) and entry[0] is not None:
            return listing.load(entry[0])
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        """The commands and their short help, from the listing: no command is imported to say what it does."""
        listed = self._listing(ctx)
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name in listed)
        rows = []
        for name, entry in sorted(listed.items()):
            command = click.Command(name, help=entry[1]) if isinstance(entry, tuple) else entry
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            DBAPIError = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
            if DBAPIError is None or not isinstance(exc, DBAPIError):
                raise
            problem = _database_problem(ctx)
            if problem:
                raise click.ClickException(problem) from exc
            raise


@click.group(cls=EngineGroup, create_app=_create_app, add_version_option=False,
             help="Run surveys whose questionnaires are plugins: serve them, seed a demo, manage surveys.")
@click.version_option(package_name="survey-engine", prog_name="survey-engine")
def main():
    """The console script's entry point."""
