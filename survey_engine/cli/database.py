"""`survey-engine init-db`: bring the database to the newest schema."""
import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect

from ..extensions import db


def upgrade_database():
    """Apply every migration not yet applied; safe to run again."""
    import flask_migrate  # with Alembic: only when migrating

    flask_migrate.upgrade(directory=current_app.extensions["migrate"].directory)


def create_empty_database():
    """Migrate the database to the newest schema if it has no tables yet, so a first command needs no init-db."""
    if inspect(db.engine).get_table_names():
        return
    upgrade_database()
    click.echo("Created the database at the newest schema.", err=True)


@click.command("init-db")
@with_appcontext
def init_db():
    """Create the database, or migrate it to the newest schema."""
    upgrade_database()
    click.echo("The database is at the newest schema.")


COMMANDS = (init_db,)
