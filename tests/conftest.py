"""Fixtures: an app over a temporary instance folder, on SQLite or on TEST_DATABASE_URL's PostgreSQL."""
import os
import re
import time

import pytest
from sqlalchemy import text

from survey_engine import create_app
from survey_engine.cli.database import upgrade_database
from survey_engine.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def wait_until_blocked(thread, statement_start=None, timeout=30):
    """Return once `thread` waits on a lock this test's own database session holds; fail if it never does.

    Only connections blocked by this session's backend count (so another test's or colleague's query never
    matches), optionally only while running a statement starting with `statement_start`. The thread ending
    first, or `timeout` seconds passing, fails the test: a race test must not pass without racing.
    """
    holder = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    query = ("SELECT count(*) FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid))"
             + (" AND query LIKE :start" if statement_start else ""))
    params = {"holder": holder, "start": (statement_start or "") + "%"}
    what = statement_start or "any statement"
    deadline = time.monotonic() + timeout
    with db.engine.connect() as watcher:
        while True:
            blocked = watcher.execute(text(query), params).scalar()
            watcher.rollback()
            if blocked:
                return
            if not thread.is_alive():
                pytest.fail(f"the thread ended without waiting on this test's lock ({what})")
            if time.monotonic() > deadline:
                pytest.fail(f"the thread did not wait on this test's lock within {timeout} s ({what})")
            time.sleep(0.01)


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def reset_postgres(url):
    """Empty the PostgreSQL test database, so each test starts from no schema at all."""
    from sqlalchemy import create_engine

    from survey_engine.config import database_url

    class _App:
        config = {"DATABASE_URL": url}
        instance_path = ""

    engine = create_engine(database_url(_App))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def instance_path(tmp_path, monkeypatch):
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("SURVEY_ENGINE_INSTANCE_PATH", str(path))
    for name in list(os.environ):
        if name.startswith("SURVEY_ENGINE_") and name != "SURVEY_ENGINE_INSTANCE_PATH":
            monkeypatch.delenv(name)
    return path


@pytest.fixture
def database_url(instance_path):
    if TEST_DATABASE_URL:
        reset_postgres(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite:///{instance_path / 'test.sqlite'}"


@pytest.fixture
def make_app(instance_path, database_url):
    """Build an app with extra config; its database is migrated to the newest schema."""
    apps = []

    def make(**config):
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, **config})
        with app.app_context():
            upgrade_database()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(html):
    """The CSRF token in a page's form."""
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


class Respondent:
    """A respondent's browser: starts a survey, answers pages and submits, all through real POSTs."""

    def __init__(self, client, slug):
        self.client = client
        self.slug = slug
        self.token = None

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        html = response.get_data(as_text=True)
        match = CSRF.search(html)
        if match:
            self.token = match.group(1)
        return response

    def post(self, url, data=None, **kwargs):
        if self.token is None:
            self.get(url)
        return self.client.post(url, data={**(data or {}), "csrf_token": self.token}, **kwargs)

    def start(self):
        self.get(f"/s/{self.slug}")
        response = self.post(f"/s/{self.slug}")
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.headers["Location"]

    def answer(self, location, data):
        """GET the page at `location`, POST `data` to it; returns the response to the POST."""
        page = self.get(location)
        assert page.status_code == 200, (location, page.status_code)
        return self.post(location, data)

    def answer_all(self, pages):
        """Answer each page in turn, following the redirects; return the final location (the check page)."""
        location = self.start()
        for data in pages:
            response = self.answer(location, data)
            assert response.status_code == 302, response.get_data(as_text=True)
            location = response.headers["Location"]
        return location

    def submit(self):
        self.get(f"/s/{self.slug}/check")
        return self.post(f"/s/{self.slug}/check")


@pytest.fixture
def open_survey(app):
    """Create an open survey of a questionnaire: open_survey("trust-survey", "slug")."""
    from survey_engine.surveys import create_survey

    def make(questionnaire_id, slug=None, **fields):
        with app.app_context():
            survey = create_survey(questionnaire_id, slug or questionnaire_id, status="open", **fields)
            return survey.slug
    return make


STAFF_PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_staff(app):
    """Create a staff account: make_staff("a@example.org", "admin"); the password is STAFF_PASSWORD."""
    from survey_engine.models import StaffUser

    def make(email, role="analyst", password=STAFF_PASSWORD, active=True):
        with app.app_context():
            user = StaffUser(email=email, role=role, active=active)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id
    return make


def login(client, email, password=STAFF_PASSWORD, next_url=None):
    """Log in through the real /admin/login form; returns the response to the POST."""
    page = client.get("/admin/login" + (f"?next={next_url}" if next_url else ""))
    return client.post(page.request.path + (f"?next={next_url}" if next_url else ""),
                       data={"email": email, "password": password, "csrf_token": csrf_token(page.get_data(True))})


def logged_in_client(app, make_staff, email, role):
    make_staff(email, role)
    client = app.test_client()
    response = login(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def admin_client(app, make_staff):
    """A test client logged in, through the login form, as admin@example.org (role admin)."""
    return logged_in_client(app, make_staff, "admin@example.org", "admin")


@pytest.fixture
def analyst_client(app, make_staff):
    """A test client logged in, through the login form, as analyst@example.org (role analyst)."""
    return logged_in_client(app, make_staff, "analyst@example.org", "analyst")


def post_form(client, page_url, action_url=None, data=None, **kwargs):
    """GET `page_url`, then POST `data` with that page's CSRF token to `action_url` (default: the same page)."""
    page = client.get(page_url)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(action_url or page_url, data={**(data or {}), "csrf_token": token}, **kwargs)
