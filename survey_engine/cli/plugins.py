"""`survey-engine plugins`: what is loaded, and what each plugin registered."""
import json

import click
from flask.cli import with_appcontext

from ..registry import registry


@click.command("plugins")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def plugins_command(fmt):
    """List each loaded plugin and what it registered."""
    reg = registry()
    items = {name: reg.registered_by.get(name, []) for name, _ in reg.pm.list_name_plugin()}
    if fmt == "json":
        click.echo(json.dumps([{"name": n, "registered": r} for n, r in items.items()], indent=2))
        return
    for name, registered in items.items():
        click.echo(name)
        for what in registered:
            click.echo(f"  {what}")


COMMANDS = (plugins_command,)
