"""/healthz: the database answers, migrations are current, the instance folder is writable; and what a respondent
and the log see when the instance folder is read-only or the disk is full."""
import logging
import re
from contextlib import contextmanager

import flask_migrate
import pytest
from sqlalchemy import event

from conftest import TEST_DATABASE_URL, Respondent
from fault_helpers import read_only

from survey_engine.extensions import db
from survey_engine.surveys import create_survey

ALL_OK = "database: ok\nmigrations: ok\ninstance folder: ok\n"


@contextmanager
def engine_log():
    """The lines the engine logs at ERROR and above, caught on its own logger: Alembic's logging set-up, run by a
    migration, replaces the root logger's handlers (and pytest's log capture with them)."""
    lines = []

    class Catch(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    logger = logging.getLogger("survey_engine")
    handler = Catch(logging.ERROR)
    logger.addHandler(handler)
    disabled, logger.disabled = logger.disabled, False
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.disabled = disabled


def health(app):
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_data(as_text=True), response


@pytest.fixture
def default_limit(make_app):
    """An app where every view has a default limit of 3 a minute, unless exempt."""
    from survey_engine.extensions import limiter

    yield make_app(RATELIMIT_DEFAULT="3 per minute")
    # Flask-Limiter keeps a default limit on its one Limiter for every later app: take it away again.
    limiter.limit_manager.set_default_limits([])


def test_ok_says_nothing_else_sets_no_cookie_and_is_never_rate_limited(default_limit):
    client = default_limit.test_client()
    for _ in range(10):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.get_data(as_text=True) == ALL_OK
        assert response.mimetype == "text/plain"
        assert "Set-Cookie" not in response.headers
    # The same limit does apply elsewhere: /healthz is exempt, not unlimited by accident.
    assert [client.get("/").status_code for _ in range(5)][-1] == 429


def test_a_database_at_an_older_migration_is_reported(app):
    with app.app_context():
        flask_migrate.downgrade(revision="-1")
    try:
        with engine_log() as log:
            status, body, _ = health(app)
        assert status == 503
        assert body == "database: ok\nmigrations: failing\ninstance folder: ok\n"
        assert any("health check failed: migrations" in line and "init-db" in line for line in log), log
    finally:
        with app.app_context():
            flask_migrate.upgrade()
    assert health(app)[:2] == (200, ALL_OK)


def test_a_database_that_does_not_answer_is_reported(instance_path, tmp_path):
    from survey_engine import create_app

    bad = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/x.sqlite"})
    status, body, response = health(bad)
    assert status == 503
    assert body == "database: failing\nmigrations: failing\ninstance folder: ok\n"
    assert str(tmp_path) not in body and "sqlite" not in body.lower()


def test_a_read_only_instance_folder_is_reported(app, instance_path):
    assert health(app)[:2] == (200, ALL_OK)
    with read_only(instance_path), engine_log() as log:
        status, body, _ = health(app)
        again = health(app)
    assert status == 503
    assert body == "database: ok\nmigrations: ok\ninstance folder: failing\n"
    assert str(instance_path) not in body
    assert [line for line in log if "health check failed" in line] == [
        f"health check failed: instance folder: PermissionError: Permission denied (instance folder {instance_path})"]
    assert again[0] == 503  # logged once while it lasts, not at every poll of the load balancer
    assert health(app)[:2] == (200, ALL_OK)


sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="the database lives in the instance folder only "
                                 "on SQLite; PostgreSQL keeps its own disk")


@sqlite_only
def test_respondents_get_a_plain_page_when_the_instance_folder_is_read_only(app, open_survey, instance_path):
    slug = open_survey("signatory-survey", "sig")
    r = Respondent(app.test_client(), slug)
    assert r.get(f"/s/{slug}").status_code == 200
    with read_only(instance_path), engine_log() as log:
        with app.app_context():
            db.engine.dispose()  # connections opened before were opened for writing
        response = r.post(f"/s/{slug}")
    with app.app_context():
        db.engine.dispose()
    text = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in text and "Nothing on this page could be saved" in text
    assert "Traceback" not in text and "sqlite" not in text.lower() and str(instance_path) not in text
    assert len(log) == 1 and log[0].startswith(f"cannot store data: the database or the instance folder "
                                               f"({instance_path}) is read-only or full: "), log
    # Writable again: the same respondent carries on.
    assert r.start().endswith("/page/1")


@sqlite_only
def test_respondents_get_a_plain_page_when_the_disk_is_full(make_app):
    # Its own start limit: filling the disk takes dozens of starts, which the default limit's shared counts would keep.
    app = make_app(RESPONSE_START_LIMIT="100000 per minute")
    with app.app_context():
        slug = create_survey("signatory-survey", "sig", status="open").slug
    r = Respondent(app.test_client(), slug)
    r.get(f"/s/{slug}")
    with app.app_context():
        engine = db.engine

        def full(dbapi_connection, record):
            # SQLite's own "disk is full": the file may not grow past the pages it has.
            cursor = dbapi_connection.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
            cursor.close()

        event.listen(engine, "connect", full)
        engine.dispose()
    try:
        with engine_log() as log:
            response = None
            for _ in range(500):  # each start adds a row; the last free page fills within a few dozen
                response = r.get(f"/s/{slug}")
                key = re.search(r'name="start_key" type="hidden" value="([^"]+)"', response.get_data(as_text=True))
                if key is None:
                    break
                response = r.client.post(f"/s/{slug}", data={"csrf_token": r.token, "start_key": key.group(1)})
                if response.status_code != 302:
                    break
                r.client.post(f"/s/{slug}/start-again", data={"csrf_token": r.token})
    finally:
        with app.app_context():
            event.remove(engine, "connect", full)
            engine.dispose()
    assert response.status_code == 503, response.status_code
    assert "Nothing on this page could be saved" in response.get_data(as_text=True)
    assert len(log) == 1 and "cannot store data" in log[0] and log[0].endswith("database or disk is full"), log
