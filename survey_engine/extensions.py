"""The Flask extensions the runtime shares, created unbound and attached in create_app."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every model of the engine."""


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
#: Rate limits; storage from RATELIMIT_STORAGE_URI (memory:// by default, redis://... for several workers).
limiter = Limiter(key_func=get_remote_address)


class Migrations:
    """Flask-Migrate's app.extensions["migrate"], importing Flask-Migrate (and with it Alembic) only when a migration
    runs, not with every command; the `db` command is listed by the `survey-engine` command itself (cli/listing.py)."""

    def init_app(self, app, db, directory, **configure_args):
        app.extensions["migrate"] = MigrationSettings(db, directory, configure_args)


class MigrationSettings:
    """What flask_migrate's functions read from app.extensions["migrate"]: db, directory, configure_args, migrate."""

    def __init__(self, db, directory, configure_args):
        self.db, self.directory, self.configure_args = db, str(directory), configure_args
        self._migrate = None

    @property
    def migrate(self):
        if self._migrate is None:
            from flask_migrate import Migrate
            self._migrate = Migrate(db=self.db, directory=self.directory, **self.configure_args)
        return self._migrate

    @property
    def metadata(self):
        return self.db.metadata


migrate = Migrations()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Give every SQLite connection WAL, foreign keys and a busy timeout."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # A writer waits up to 20 s for SQLite's one write lock (under gunicorn's 30 s timeout): on a busy machine,
        # a long import's short batches and many respondents kept some waiters past 5 s ("database is locked").
        cursor.execute("PRAGMA busy_timeout=20000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
