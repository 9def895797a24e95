"""`survey-engine --help` lists every command with its help without building the app or importing heavy libraries;
plugins' commands are listed and run as before."""
import importlib
import importlib.metadata
import json
import os
import pkgutil
import subprocess
import sys

import click
from flask_migrate.cli import db as migrate_group
from plugin_helpers import HELLO_COMMAND_PLUGIN, write_instance_plugin

import survey_engine.cli
from survey_engine.cli import listing, main
from survey_engine.invitations.commands import COMMANDS as INVITATION_COMMANDS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Libraries a command loads only when it uses them; none of them is needed to list the commands.
HEAVY = ("sqlalchemy", "flask_sqlalchemy", "alembic", "flask_migrate", "xlsxwriter", "openpyxl", "weasyprint", "huey",
         "jsonschema", "scipy", "redis", "psycopg", "survey_engine.models", "survey_engine.admin")


def survey_engine_command(*args, env=None):
    """Run `python -m survey_engine.cli ARGS` with this checkout first on the path; (result, imported modules)."""
    environment = dict(os.environ if env is None else env, COLUMNS="80",
                       PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "survey_engine.cli", *args],
                            capture_output=True, text=True, env=environment, cwd=ROOT)
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return result, imported


def engine_commands():
    """{name: ("module:attribute", command)} from each survey_engine.cli module's COMMANDS, the commands' own home."""
    found = {}
    for info in pkgutil.iter_modules(survey_engine.cli.__path__):
        if info.name == "__main__":
            continue  # running it is the command itself
        module = importlib.import_module(f"survey_engine.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            attribute = next(name for name, value in vars(module).items() if value is command)
            found[command.name] = (f"{module.__name__}:{attribute}", command)
    return found


def same_short_help(listed_help, command):
    stub = click.Command(command.name, help=listed_help)
    return all(stub.get_short_help_str(limit) == command.get_short_help_str(limit) for limit in (30, 45, 60, 1000))


def test_the_listing_names_each_engine_command_where_it_lives_with_its_help():
    real = engine_commands()
    real["db"] = ("flask_migrate.cli:db", migrate_group)
    assert set(listing.ENGINE_COMMANDS) == set(real)
    for name, (where, help_) in listing.ENGINE_COMMANDS.items():
        assert where == real[name][0] and listing.load(where) is real[name][1], name
        assert same_short_help(help_, real[name][1]), name
    invitations = listing.PLUGIN_COMMANDS["survey_engine.invitations.plugin"]
    assert set(invitations) == {command.name for command in INVITATION_COMMANDS}
    for command in INVITATION_COMMANDS:
        assert listing.load(invitations[command.name][0]) is command
        assert same_short_help(invitations[command.name][1], command)
    for entry_point in importlib.metadata.entry_points(group="flask.commands"):
        if entry_point.value in listing.ENTRY_POINT_HELP:
            assert same_short_help(listing.ENTRY_POINT_HELP[entry_point.value], entry_point.load())


def test_help_lists_every_command_with_its_help_and_imports_no_heavy_module(instance_path):
    result, imported = survey_engine_command("--help")
    assert result.returncode == 0, result.stderr
    assert imported & set(HEAVY) == set(), "listing the commands imported heavy modules"
    assert not any(name.startswith("survey_engine.cli.") and name != "survey_engine.cli.listing" for name in imported)
    # What click prints for the real command objects, loaded from where each lives.
    commands = {**main.commands, **{name: command for name, (_, command) in engine_commands().items()},
                "db": migrate_group, **{command.name: command for command in INVITATION_COMMANDS},
                **{ep.name: ep.load() for ep in importlib.metadata.entry_points(group="flask.commands")}}
    formatter = click.HelpFormatter(width=78)
    with click.Context(main) as ctx:
        click.Group(commands=commands).format_commands(ctx, formatter)
    assert formatter.getvalue() in result.stdout
    assert result.stdout.startswith("Usage: python -m survey_engine.cli [OPTIONS] COMMAND [ARGS]...")


def test_a_group_help_lists_its_commands_without_building_the_app(instance_path):
    result, imported = survey_engine_command("surveys", "--help")
    assert result.returncode == 0, result.stderr
    for command in ("close", "create", "list", "open", "privacy"):
        assert f"\n  {command} " in result.stdout
    # The app is not built: no blueprint is imported, and the instance folder is untouched (no secret key written).
    assert "survey_engine.admin" not in imported and "survey_engine.respond" not in imported
    assert os.listdir(instance_path) == []


def test_a_disabled_plugin_s_commands_are_not_listed(instance_path):
    env = dict(os.environ, SURVEY_ENGINE_DISABLED_PLUGINS=json.dumps(["survey_engine.invitations.plugin"]))
    result, _ = survey_engine_command("--help", env=env)
    assert result.returncode == 0, result.stderr
    assert "\n  surveys " in result.stdout
    assert "\n  contacts " not in result.stdout and "\n  invitations " not in result.stdout


def test_a_plugin_s_command_is_listed_and_runs(instance_path, migrated_database_url):
    write_instance_plugin(instance_path, "hello", HELLO_COMMAND_PLUGIN)
    env = dict(os.environ, SURVEY_ENGINE_DATABASE_URL=migrated_database_url)
    result, _ = survey_engine_command("--help", env=env)
    assert result.returncode == 0, result.stderr
    assert "\n  hello           Say hello to NAME, from the app.\n" in result.stdout
    assert "\n  surveys " in result.stdout and "\n  contacts " in result.stdout
    result, _ = survey_engine_command("hello", "NSUN", env=env)
    assert result.returncode == 0 and result.stdout == "Hello NSUN from survey_engine\n", result.stderr
