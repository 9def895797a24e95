"""On SQLite a long import is cut into short transactions: respondents answering through a real server meanwhile
are never locked out (issue 16: a 20,000-contact import made 12 of 96 page saves fail with "database is locked")."""
import threading

import pytest

from conftest import Respondent
from invite_helpers import cli, make_survey, write_csv
from job_helpers import HttpClient, environment, output, processes  # noqa: F401 (a fixture)
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import Answer, Contact, Response
from survey_engine.surveys import create_survey

PAGES = [{"organisation": "Somewhere"}, {"how_found": "online"}, {"used": "no"}, {}]
RESPONDENTS = 16


@pytest.mark.slow  # minutes on a busy machine: the import itself takes tens of seconds
def test_importing_20000_contacts_locks_no_respondent_out(make_app, tmp_path, instance_path, migrated_database_url,
                                                          processes, request):
    if not migrated_database_url.startswith("sqlite"):
        pytest.skip("the lock-out this guards against is SQLite's one writer")
    app = make_app()
    slug = make_survey(app)
    with app.app_context():
        create_survey("signatory-survey", "open-one", access="open", status="open")
    # Every respondent comes from 127.0.0.1 here, so the per-address limit on starting a response is lifted.
    url = processes.server(environment(instance_path, migrated_database_url, RESPONSE_START_LIMIT="10000 per minute"),
                           gunicorn=True, workers=2)
    rows = [[f"Person {i}", f"person{i}@org{i % 200}.example.org", f"Organisation {i % 200}", "", ""]
            for i in range(20000)]
    path = write_csv(tmp_path / "big.csv", rows)
    importing, failures, completed = threading.Event(), [], []
    importing.set()

    def respondent():
        # Each keeps answering until the import has finished, and at least once.
        while True:
            r = Respondent(HttpClient(url), "open-one")
            try:
                location = r.start()
                for data in PAGES:
                    response = r.answer(location, data)
                    if response.status_code != 302:
                        failures.append((location, response.status_code, response.get_data(True)[-300:]))
                        return
                    location = response.headers["Location"]
                submitted = r.submit()
                if submitted.status_code != 302:
                    failures.append(("submit", submitted.status_code, submitted.get_data(True)[-300:]))
                    return
                completed.append(1)
            except AssertionError as exc:
                failures.append(("page", str(exc)[:300]))
                return
            if not importing.is_set():
                return

    threads = [threading.Thread(target=respondent) for _ in range(RESPONDENTS)]
    for thread in threads:
        thread.start()
    try:
        result = cli(app, "contacts", "import", slug, path)
    finally:
        importing.clear()
        for thread in threads:
            thread.join(timeout=120)
    assert result.exit_code == 0, result.output
    assert "Imported 20000 contacts" in result.output
    log = output(processes.started[0])
    assert failures == [], log[log.find('Traceback'):][:3000]
    assert len(completed) >= RESPONDENTS
    with app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(Contact)).scalar() == 20000
        # Every page saved: each submitted response holds the answers of every page.
        submitted = db.session.execute(select(Response.id).where(Response.submitted_at.is_not(None))).scalars().all()
        assert len(submitted) == len(completed)
        for key in ("how_found", "used"):
            assert db.session.execute(select(db.func.count()).select_from(Answer).where(
                Answer.response_id.in_(submitted), Answer.question_key == key)).scalar() == len(completed)
