"""conftest.wait_until_blocked, which race tests lean on, sees only its own test's lock waits and fails rather than
passing a race that never happened."""
import threading
import time

import pytest
from conftest import TEST_DATABASE_URL, wait_until_blocked
from sqlalchemy import text

from survey_engine.extensions import db

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="lock waits are PostgreSQL's")


def lock_table(app, finished):
    """A thread that takes the survey table's lock on its own connection, then lets go."""
    def run():
        with app.app_context():
            with db.engine.connect() as conn:
                conn.execute(text("LOCK TABLE survey IN ACCESS EXCLUSIVE MODE"))
                conn.rollback()
        finished.set()
    return threading.Thread(target=run)


def test_a_thread_waiting_on_this_tests_lock_is_seen(app):
    finished = threading.Event()
    with app.app_context():
        db.session.execute(text("LOCK TABLE survey IN ACCESS EXCLUSIVE MODE"))
        thread = lock_table(app, finished)
        thread.start()
        wait_until_blocked(thread, "LOCK TABLE survey")
        assert not finished.is_set()
        db.session.rollback()
        thread.join(timeout=30)
    assert finished.is_set()


def test_a_thread_that_never_waits_fails_the_test(app):
    finished = threading.Event()
    with app.app_context():
        thread = lock_table(app, finished)
        thread.start()
        thread.join(timeout=30)
        with pytest.raises(pytest.fail.Exception, match="ended without waiting"):
            wait_until_blocked(thread, "LOCK TABLE survey")


def test_a_wait_on_someone_elses_lock_does_not_count_and_the_watcher_sleeps(app, monkeypatch):
    naps = []
    real_sleep = time.sleep
    monkeypatch.setattr(time, "sleep", lambda seconds: (naps.append(seconds), real_sleep(seconds)))
    finished = threading.Event()
    with app.app_context(), db.engine.connect() as someone_else:
        someone_else.execute(text("LOCK TABLE survey IN ACCESS EXCLUSIVE MODE"))
        thread = lock_table(app, finished)
        thread.start()
        started = time.monotonic()
        with pytest.raises(pytest.fail.Exception, match="did not wait on this test's lock within 1 s"):
            wait_until_blocked(thread, "LOCK TABLE survey", timeout=1)
        assert time.monotonic() - started < 5
        someone_else.rollback()
        thread.join(timeout=30)
    assert finished.is_set()
    assert naps and all(0 < nap <= 0.1 for nap in naps)
    assert len(naps) < 200
