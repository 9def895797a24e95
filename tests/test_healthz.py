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

ALL_OK = "database: ok\nmigrations: ok\ninstance folder: ok\n"


@contextmanager
def engine_log():
    """The lines the engine logs at ERROR and above, caught on its own logger: Alembic's logging set-up, run by a
    migration, replaces the root logger's handlers (and pytest's caplog with them)."""
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


def test_ok_says_nothing_else_sets_no_cookie_and_is_never_rate_limited(make_app):
    app = make_app(RATELIMIT_DEFAULT="3 per minute", SITE_NAME="Secret site name")
    client = app.test_client()
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


def test_a_read_only_instance_folder_is_reported(app, instance_path, caplog):
    assert health(app)[:2] == (200, ALL_OK)
    with read_only(instance_path), caplog.at_level(logging.ERROR):
        status, body, _ = health(app)
        again = health(app)
    assert status == 503
    assert body == "database: ok\nmigrations: ok\ninstance folder: failing\n"
    assert str(instance_path) not in body
    assert "health check failed: instance folder: PermissionError" in caplog.text
    # Logged once while it lasts, not at every poll of the load balancer.
    assert caplog.text.count("health check failed: instance folder") == 1 and again[0] == 503
    assert health(app)[:2] == (200, ALL_OK)


sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="the database lives in the instance folder only "
                                 "on SQLite; PostgreSQL keeps its own disk")


@sqlite_only
def test_respondents_get_a_plain_page_when_the_instance_folder_is_read_only(app, open_survey, instance_path, caplog):
    slug = open_survey("signatory-survey", "sig")
    r = Respondent(app.test_client(), slug)
    assert r.get(f"/s/{slug}").status_code == 200
    with read_only(instance_path), caplog.at_level(logging.ERROR):
        with app.app_context():
            db.engine.dispose()  # connections opened before were opened for writing
        response = r.post(f"/s/{slug}")
    with app.app_context():
        db.engine.dispose()
    text = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in text and "Nothing on this page could be saved" in text
    assert "Traceback" not in text and "sqlite" not in text.lower() and str(instance_path) not in text
    assert "cannot store data: the database or the instance folder" in caplog.text
    assert "read-only or full" in caplog.text
    # Writable again: the same respondent carries on.
    assert r.start().endswith("/page/1")


@sqlite_only
def test_respondents_get_a_plain_page_when_the_disk_is_full(app, open_survey, caplog):
    slug = open_survey("signatory-survey", "sig")
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
        with caplog.at_level(logging.ERROR):
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
    assert "disk is full" in caplog.text and "cannot store data" in caplog.text
