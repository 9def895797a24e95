"""A pytest plugin for plugin authors: an app on a temporary instance, respondents, staff and a mail server.

Installed with survey-engine through the ``pytest11`` entry point, so its fixtures are there in any test suite:
``make_app``/``app``/``client``/``runner`` (an app on a fresh instance folder and a migrated database),
``database_url`` (a fresh, empty database), ``open_survey``, ``make_staff``, ``admin_client``/``analyst_client``
(logged in through the real login form), ``mail`` (a real SMTP server on loopback) and ``mail_app``.
Set TEST_DATABASE_URL to a PostgreSQL database to run on PostgreSQL instead of SQLite.
"""
import email
import email.policy
import os
import re
import shutil
import socket
import time

import pytest

from .factory import create_app

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
STAFF_PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
LINK = re.compile(r"http://surveys\.test(/s/[a-z0-9-]+/[A-Za-z0-9_-]{43})")


# --- Databases: migrated once per session, copied per test ------------------------------------------------------

class Databases:
    """Per-test databases: empty ones, and copies of one migrated once per session (migrating took most of a
    test's set-up; copying a SQLite file takes milliseconds)."""

    def __init__(self, folder):
        self.folder = folder
        self.template_url = None

    def fresh(self, instance_path):
        """The URL of an empty database, for tests of a brand-new database."""
        return f"sqlite:///{instance_path / 'test.sqlite'}"

    def migrated(self, instance_path):
        """The URL of a database at the newest schema."""
        template = self.template()
        shutil.copyfile(template, instance_path / "test.sqlite")
        return self.fresh(instance_path)

    def template(self):
        if self.template_url is None:
            path = self.folder / "template.sqlite"
            migrate(f"sqlite:///{path}", self.folder)
            self.template_url = path
        return self.template_url

    def close(self):
        pass


class PostgresDatabases(Databases):
    """PostgreSQL: each test gets `<db>_t`, emptied when it is at the newest schema, else rebuilt from `<db>_template`.

    Nothing is dropped, since DROP DATABASE waits for a checkpoint (seconds on a busy server): a test that leaves
    the schema as it found it has its tables emptied (TRUNCATE, milliseconds), any other has the public schema
    rebuilt from the template's pg_dump. Both databases stay for the next run; the template is migrated afresh
    once per run. The database TEST_DATABASE_URL names is only used to create these two.
    """

    def __init__(self, folder, url):
        from sqlalchemy import create_engine, make_url
        from sqlalchemy.pool import NullPool

        super().__init__(folder)
        self.url = make_url(url)
        # pytest-xdist workers each need databases of their own.
        base = self.url.database + os.environ.get("PYTEST_XDIST_WORKER", "")
        self.test_name, self.template_name = f"{base}_t", f"{base}_template"
        self.admin = create_engine(self.url.set(drivername="postgresql+psycopg"), poolclass=NullPool,
                                   isolation_level="AUTOCOMMIT")
        self.schema = None  # the template's tables and Alembic revision, once migrated
        self.dump = None  # the template as SQL, to rebuild <db>_t's schema without dropping the database
        self.test_is_migrated = False  # whether <db>_t is known to have the template's schema

    def url_of(self, name, driver=None):
        url = self.url.set(database=name, **({"drivername": driver} if driver else {}))
        return url.render_as_string(hide_password=False)

    def connect(self, name):
        """An autocommit connection to database `name`, created (empty) if it does not exist."""
        import psycopg
        from sqlalchemy import text

        with self.admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        conn = psycopg.connect(self.url_of(name, "postgresql"), autocommit=True)
        # Whatever a previous test left connected (a thread, a subprocess) would hold locks this waits for.
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return conn

    @staticmethod
    def empty_schema(conn):
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")

    @staticmethod
    def describe(conn):
        """The tables in the public schema and the Alembic revisions: what must match the template's."""
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        revisions = ([row[0] for row in conn.execute("SELECT version_num FROM public.alembic_version")]
                     if "alembic_version" in tables else [])
        return sorted(tables), sorted(revisions)

    def fresh(self, instance_path):
        with self.connect(self.test_name) as conn:
            self.empty_schema(conn)
        self.test_is_migrated = False
        return self.url_of(self.test_name)

    def migrated(self, instance_path):
        self.template()
        with self.connect(self.test_name) as conn:
            if self.test_is_migrated and self.describe(conn) == self.schema:
                tables = ", ".join(f'public."{name}"' for name in self.schema[0] if name != "alembic_version")
                if tables:
                    conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            else:
                self.empty_schema(conn)
                conn.execute(self.dump)
        self.test_is_migrated = True
        return self.url_of(self.test_name)

    def template(self):
        if self.template_url is None:
            with self.connect(self.template_name) as conn:
                self.empty_schema(conn)
            migrate(self.url_of(self.template_name), self.folder)
            with self.connect(self.template_name) as conn:
                self.schema = self.describe(conn)
            self.dump = self.dump_template()
            self.template_url = self.url_of(self.template_name)
        return self.template_url

    def dump_template(self):
        """The template as SQL, from pg_dump (in PostgreSQL's client tools)."""
        import subprocess

        try:
            result = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "--no-comments", "--inserts",
                                     "--dbname", self.url_of(self.template_name, "postgresql")],
                                    capture_output=True, text=True, timeout=120)
        except OSError as error:
            pytest.fail(f"survey_engine.testing needs pg_dump on PATH with TEST_DATABASE_URL: {error}")
        if result.returncode:
            pytest.fail("pg_dump could not read the template database: " + result.stderr.strip())
        # Lines starting with a backslash (such as \restrict) are for psql, not the server.
        return "\n".join(line for line in result.stdout.splitlines() if not line.startswith("\\"))

    def close(self):
        self.admin.dispose()


def migrate(url, folder):
    """Bring the database at `url` to the newest schema, with an app on an instance folder of its own."""
    from .cli.database import upgrade_database
    from .extensions import db

    instance = folder / "template-instance"
    instance.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        clear_environment(mp, instance)
        app = create_app({"TESTING": True, "DATABASE_URL": url})
        with app.app_context():
            upgrade_database()
            db.session.remove()
            db.engine.dispose()


def clear_environment(monkeypatch, instance):
    """Point SURVEY_ENGINE_INSTANCE_PATH at `instance` and unset every other SURVEY_ENGINE_* variable."""
    monkeypatch.setenv("SURVEY_ENGINE_INSTANCE_PATH", str(instance))
    for name in list(os.environ):
        if name.startswith("SURVEY_ENGINE_") and name != "SURVEY_ENGINE_INSTANCE_PATH":
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def survey_engine_databases(tmp_path_factory):
    """Where tests' databases come from: SQLite files, or PostgreSQL when TEST_DATABASE_URL is set."""
    folder = tmp_path_factory.mktemp("survey-engine-template")
    databases = PostgresDatabases(folder, TEST_DATABASE_URL) if TEST_DATABASE_URL else Databases(folder)
    yield databases
    databases.close()


@pytest.fixture
def instance_path(tmp_path, monkeypatch):
    """A fresh instance folder, set as SURVEY_ENGINE_INSTANCE_PATH; no other SURVEY_ENGINE_* variable is set."""
    path = tmp_path / "instance"
    path.mkdir()
    clear_environment(monkeypatch, path)
    return path


@pytest.fixture
def database_url(instance_path, survey_engine_databases):
    """The URL of a fresh, empty database (no tables), for tests of a first run or of init-db."""
    return survey_engine_databases.fresh(instance_path)


@pytest.fixture
def migrated_database_url(instance_path, survey_engine_databases):
    """The URL of this test's database at the newest schema (a copy of one migrated once per session)."""
    return survey_engine_databases.migrated(instance_path)


# --- Apps -------------------------------------------------------------------------------------------------------

@pytest.fixture
def make_app(instance_path, migrated_database_url):
    """Build an app with extra config; its database is migrated to the newest schema."""
    from .cli.database import upgrade_database
    from .extensions import db

    apps = []

    def make(**config):
        # Jobs run at once in the request or command that starts them, unless a test proves the queue is real.
        app = create_app({"TESTING": True, "DATABASE_URL": migrated_database_url, "JOB_QUEUE_URL": "immediate",
                          **config})
        with app.app_context():
            # Already at the newest schema (copied from the template): this only checks it, in a few milliseconds.
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


@pytest.fixture
def open_survey(app):
    """Create an open survey of a questionnaire: open_survey("trust-survey", "slug")."""
    from .surveys import create_survey

    def make(questionnaire_id, slug=None, **fields):
        with app.app_context():
            survey = create_survey(questionnaire_id, slug or questionnaire_id, status="open", **fields)
            return survey.slug
    return make


# --- Respondents and staff -----------------------------------------------------------------------------------------

def csrf_token(html):
    """The CSRF token in a page's form."""
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client, page_url, action_url=None, data=None, **kwargs):
    """GET `page_url`, then POST `data` with that page's CSRF token to `action_url` (default: the same page)."""
    page = client.get(page_url)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(action_url or page_url, data={**(data or {}), "csrf_token": token}, **kwargs)


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
def make_staff(app):
    """Create a staff account: make_staff("a@example.org", "admin"); the password is STAFF_PASSWORD."""
    from .extensions import db
    from .models import StaffUser

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


# --- Mail: a real SMTP server on loopback --------------------------------------------------------------------------

class Inbox:
    """aiosmtpd handler: keeps each accepted message; refuses recipients listed in `refuse`."""

    def __init__(self):
        self.messages = []
        self.refuse = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos[0], message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpt, m in self.messages if rcpt == address]

    @staticmethod
    def link(message):
        """The path of the personal link in a message's body."""
        return LINK.search(message.get_content()).group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smtp_controller(handler, **kwargs):
    """An aiosmtpd Controller on a free loopback port; aiosmtpd comes with survey-engine's test extra."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:  # pragma: no cover - depends on what is installed
        pytest.fail("the mail fixtures need aiosmtpd: pip install 'survey-engine[test]' (or aiosmtpd)")
    return Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)


class MailServer:
    """A real SMTP server on loopback whose `inbox` keeps what it receives; `config` points an app at it."""

    def __init__(self):
        self.inbox = Inbox()
        self.controller = smtp_controller(self.inbox)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def config(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.controller.port,
                "MAIL_DEFAULT_SENDER": "NSUN surveys <surveys@nsun.test>", "BASE_URL": "http://surveys.test"}


@pytest.fixture
def mail():
    """A real SMTP server on loopback (a MailServer): mail.inbox.messages, mail.inbox.to(address), mail.config."""
    with MailServer() as server:
        yield server


@pytest.fixture
def mail_app(make_app, mail):
    """An app that sends its email to the `mail` fixture's server, with links to http://surveys.test."""
    return make_app(**mail.config)


# --- PostgreSQL lock waits -----------------------------------------------------------------------------------------

def wait_until_blocked(thread, statement_start=None, timeout=30):
    """Return once `thread` waits on a lock this test's own database session holds; fail if it never does.

    Only connections blocked by this session's backend count (so another test's or colleague's query never
    matches), optionally only while running a statement starting with `statement_start`. The thread ending
    first, or `timeout` seconds passing, fails the test: a race test must not pass without racing.
    """
    from sqlalchemy import text

    from .extensions import db

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
