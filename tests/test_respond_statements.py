"""A respondent's request reads the survey, the response and its answers in one statement, and reads nothing
again after its write (bench/respond_bench.py counts the whole flow; this keeps the per-request shape)."""
import importlib.util
import os
import re

import pytest
from conftest import csrf_token
from sqlalchemy import event

from survey_engine.extensions import db


def bench_pages():
    """The signatory survey's pages answered the longest way, as bench/respond_bench.py answers them."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench", "respond_bench.py")
    spec = importlib.util.spec_from_file_location("respond_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PAGES


@pytest.fixture
def statements(app):
    """The SQL statements each request runs, as a list the test empties between requests."""
    with app.app_context():
        engine = db.engine
    seen = []

    def note(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def kinds(seen):
    """Each statement's first word: SELECT, INSERT, UPDATE, DELETE (savepoints left out)."""
    return [s.split()[0].upper() for s in seen if not re.match(r"(?i)(RELEASE )?SAVEPOINT", s)]


def test_each_request_reads_once_and_nothing_after_its_write(app, client, open_survey, statements):
    slug = open_survey("signatory-survey")
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    token = csrf_token(html)
    start_key = re.search(r'name="start_key"[^>]*value="([^"]*)"', html).group(1)
    statements.clear()
    started = client.post(f"/s/{slug}", data={"csrf_token": token, "start_key": start_key})
    assert started.status_code == 302
    # The survey read, the response made: the new response is not read back after its commit.
    assert kinds(statements) == ["SELECT", "INSERT"]
    for number, answers in enumerate(bench_pages(), start=1):
        statements.clear()
        page = client.get(f"/s/{slug}/page/{number}")
        assert page.status_code == 200
        if number > 1:  # page 1 also lists the organisations to choose from
            assert kinds(statements) == ["SELECT"], statements
            assert "FROM survey" in statements[0] and "response" in statements[0] and "answer" in statements[0]
        statements.clear()
        saved = client.post(f"/s/{slug}/page/{number}", data={**answers, "csrf_token": token})
        assert saved.status_code == 302
        if number > 1:
            # One read, then the transaction: take the response's row, replace the page's answers.
            assert kinds(statements) == ["SELECT", "UPDATE", "DELETE", "INSERT"], statements
    statements.clear()
    assert client.get(f"/s/{slug}/check").status_code == 200
    assert kinds(statements) == ["SELECT"], statements
    statements.clear()
    sent = client.post(f"/s/{slug}/check", data={"csrf_token": token})
    assert sent.headers["Location"].endswith("/done")
    written = kinds(statements)
    first_write = next(i for i, kind in enumerate(written) if kind != "SELECT")
    # The submission reads nothing once it has begun writing: no refresh, no survey read again for the redirect.
    assert "SELECT" not in written[first_write:], statements
    assert written.count("UPDATE") == 1, statements  # the status and the organisation link in one UPDATE
    statements.clear()
    done = client.get(f"/s/{slug}/done")
    assert "Answers sent" in done.get_data(as_text=True)
    assert sum(1 for s in statements if "FROM response" in s or "JOIN response" in s) == 1, statements
