"""The Flask extensions the runtime shares, created unbound and attached in create_app."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every model of the engine."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
#: Rate limits; storage from RATELIMIT_STORAGE_URI (memory:// by default, redis://... for several workers).
limiter = Limiter(key_func=get_remote_address)


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
