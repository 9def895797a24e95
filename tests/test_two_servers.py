"""Two engine processes on one PostgreSQL and one Redis, as two machines behind a proxy would run (issue 16)."""
import importlib.util
import os

import pytest
from conftest import STAFF_PASSWORD, Respondent, csrf_token
from invite_helpers import cli, make_survey, trust_contacts, write_csv
from job_helpers import HttpClient, environment, processes, wait_for  # noqa: F401 (a fixture)
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import Answer, Job, Response
from survey_engine.surveys import create_survey
from survey_engine.testing import MailServer

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")

pytestmark = [
    pytest.mark.skipif(not (TEST_DATABASE_URL and TEST_REDIS_URL),
                       reason="two servers share PostgreSQL and Redis: set TEST_DATABASE_URL and TEST_REDIS_URL"),
    pytest.mark.skipif(importlib.util.find_spec("redis") is None,
                       reason="the redis client is not installed: python -m pip install -e '.[redis]'"),
]


def log_in(client, password=STAFF_PASSWORD):
    page = client.get("/admin/login")
    return client.post("/admin/login", data={"email": "admin@example.org", "password": password,
                                             "csrf_token": csrf_token(page.get_data(True))})


def test_two_servers_share_respondents_staff_login_limits_and_jobs(make_app, make_staff, tmp_path,
                                                                   migrated_database_url, processes):
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    with MailServer() as mail:
        shared = dict(SECRET_KEY="one secret for every server", RATELIMIT_STORAGE_URI=TEST_REDIS_URL,
                      JOB_QUEUE_URL=TEST_REDIS_URL, JOB_WORKER_IN_PROCESS=False,
                      STAFF_LOGIN_LIMIT_ACCOUNT="4 per hour", **mail.config)
        app = make_app(**mail.config)
        make_staff("admin@example.org", "admin")
        slug = make_survey(app)
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(6, 3)))
        with app.app_context():
            create_survey("signatory-survey", "open-one", access="open", status="open")
        # Two machines: each its own instance folder, the same database, Redis and secret key.
        env_a = environment(tmp_path / "a", migrated_database_url, **shared)
        env_b = environment(tmp_path / "b", migrated_database_url, **shared)
        a = processes.server(env_a, gunicorn=True, workers=1)
        b = processes.server(env_b, gunicorn=True, workers=1)

        # A respondent whose requests the proxy sends to one server, then the other.
        browser = HttpClient(a)
        respondent = Respondent(browser, "open-one")
        location = respondent.start()
        for n, data in enumerate([{"organisation": "Somewhere"}, {"how_found": "online"}, {"used": "no"}, {}]):
            browser.base_url = (a, b)[n % 2]
            response = respondent.answer(location, data)
            assert response.status_code == 302, response.get_data(True)[-500:]
            location = response.headers["Location"]
        browser.base_url = a
        assert respondent.submit().status_code == 302
        with app.app_context():
            submitted = db.session.execute(select(Response).filter_by(status="submitted")).scalar_one()
            keys = set(db.session.execute(select(Answer.question_key).filter_by(response_id=submitted.id)).scalars())
        assert {"how_found", "used"} <= keys

        # A staff session made on one works on the other, forms included.
        staff = HttpClient(a)
        assert log_in(staff).status_code == 302
        staff.base_url = b
        page = staff.get(f"/admin/surveys/{slug}")
        assert page.status_code == 200 and "Invitations and response rates" in page.get_data(True)
        token = csrf_token(page.get_data(True))

        # A job started on B is run by a worker of A's machine: the queue is in Redis.
        started = staff.post(f"/admin/surveys/{slug}/invitations/send", data={"kind": "invitation",
                                                                             "csrf_token": token})
        assert started.status_code == 302
        with app.app_context():
            assert db.session.execute(select(Job.status)).scalar_one() == "queued"
        processes.worker(env_a)
        wait_for(lambda: len(mail.inbox.messages) == 6, timeout=60, what="A's worker to send B's job")

        def finished():
            with app.app_context():
                return db.session.execute(select(Job.status)).scalar_one() == "complete"
        wait_for(finished, timeout=30, what="the job to be complete")
        staff.base_url = a
        assert "Sent 6, failed 0." in staff.get(f"/admin/surveys/{slug}").get_data(True)

        # Failed logins count together: four wrong passwords across both, and the fifth try is refused on either.
        for n in range(4):
            guesser = HttpClient((a, b)[n % 2])
            assert log_in(guesser, "wrong password!").status_code == 200
        assert log_in(HttpClient(a)).status_code == 429
        assert log_in(HttpClient(b)).status_code == 429
