"""Behaviour that depends on the database: run on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""
import threading

import pytest
from conftest import TEST_DATABASE_URL, Respondent
from sqlalchemy import func, select

from survey_engine import hookimpl
from survey_engine.extensions import db
from survey_engine.models import Answer, Response


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="TEST_DATABASE_URL is not set: the suite is running on SQLite")
def test_suite_runs_on_postgresql(app):
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        assert db.session.execute(select(func.version())).scalar().startswith("PostgreSQL")


def test_simultaneous_submissions_submit_once(app, open_survey):
    class Listener:
        calls = []

        @hookimpl
        def response_submitted(self, response):
            self.calls.append(response.id)

    app.extensions["survey_engine"].pm.register(Listener(), name="listener")
    slug = open_survey("signatory-survey")
    client = app.test_client()
    r = Respondent(client, slug)
    r.answer_all([{"organisation": "Healthwatch Northamptonshire"}, {"how_found": "event"}, {"used": "no"}, {}])
    r.get(f"/s/{slug}/check")
    results = []
    barrier = threading.Barrier(4)

    def press_send():
        barrier.wait()
        results.append(client.post(f"/s/{slug}/check", data={"csrf_token": r.token}).status_code)

    threads = [threading.Thread(target=press_send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302] * 4
    assert len(Listener.calls) == 1
    with app.app_context():
        assert db.session.execute(select(Response.status)).scalars().all() == ["submitted"]
        keys = db.session.execute(select(Answer.question_key)).scalars().all()
        assert sorted(keys) == sorted(set(keys))  # no answer written twice
