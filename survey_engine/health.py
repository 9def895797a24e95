"""/healthz for load balancers: the database answers, its migrations are current, the instance folder is writable.

It says only which of the three pass, never why (the log says why), and is neither rate limited nor given a cookie.
"""
import os
import tempfile

from flask import Blueprint, current_app
from sqlalchemy import text

from .extensions import db, limiter

bp = Blueprint("health", __name__)

CHECKS = ("database", "migrations", "instance folder")


def migration_heads(app):
    """The newest revisions the migration scripts define, read once per app."""
    heads = app.extensions.get("survey_engine_migration_heads")
    if heads is None:
        from alembic.config import Config  # Alembic is imported by the first check, not by every command
        from alembic.script import ScriptDirectory

        from .factory import MIGRATIONS

        config = Config()
        config.set_main_option("script_location", MIGRATIONS)
        heads = app.extensions["survey_engine_migration_heads"] = frozenset(
            ScriptDirectory.from_config(config).get_heads())
    return heads


def database_answers():
    db.session.execute(text("SELECT 1")).scalar_one()


def migrations_current():
    stored = set(db.session.execute(text("SELECT version_num FROM alembic_version")).scalars())
    heads = migration_heads(current_app)
    if stored != heads:
        raise RuntimeError(f"the database is at {', '.join(sorted(stored)) or 'no revision'}, the code at "
                           f"{', '.join(sorted(heads))}: run survey-engine init-db")


def instance_writable():
    """Write, sync and remove a small file: a read-only folder and a full disk both fail here."""
    fd, name = tempfile.mkstemp(prefix=".healthz-", dir=current_app.instance_path)
    try:
        os.write(fd, b"ok\n")
        os.fsync(fd)
    finally:
        os.close(fd)
        os.unlink(name)


def run_checks():
    """{check: None if it passed, else the reason}, each check kept apart so one failing does not hide another."""
    results = {}
    for name, check in zip(CHECKS, (database_answers, migrations_current, instance_writable)):
        try:
            check()
            results[name] = None
        except Exception as exc:  # noqa: BLE001 - any failure is a failed check; the log keeps the reason
            db.session.rollback()
            # An OSError's own words, without the file name: the probe's name is new each time.
            words = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0:1]
            results[name] = f"{type(exc).__name__}: {''.join(words)}"
    return results


def log_changes(results):
    """Log each check that starts or stops failing, once per change per worker: load balancers ask every few seconds."""
    last = current_app.extensions.setdefault("survey_engine_health", {})
    for name, reason in results.items():
        if reason is not None and last.get(name) != reason:
            current_app.logger.error("health check failed: %s: %s (instance folder %s)", name, reason,
                                     current_app.instance_path)
        elif reason is None and last.get(name):
            current_app.logger.warning("health check passes again: %s", name)
        last[name] = reason


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """200 and "ok" for each check, or 503 naming the check that fails: plain text, and nothing else."""
    results = run_checks()
    log_changes(results)
    body = "".join(f"{name}: {'ok' if reason is None else 'failing'}\n" for name, reason in results.items())
    failing = any(reason is not None for reason in results.values())
    return body, 503 if failing else 200, {"Content-Type": "text/plain; charset=utf-8"}
