"""`survey-engine init-db`: bring the database to the newest schema."""
import click
import flask_migrate
from flask import current_app
from flask.cli import with_appcontext


def upgrade_database():
    """Apply every migration not yet applied; safe to run again."""
    flask_migrate.upgrade(directory=current_app.extensions["migrate"].directory)


@click.command("init-db")
@with_appcontext
def init_db():
    """Create the database, or migrate it to the newest schema."""
    upgrade_database()
    click.echo("The database is at the newest schema.")


COMMANDS = (init_db,)
