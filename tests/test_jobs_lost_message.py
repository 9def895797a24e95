"""A job recorded as queued whose place on the queue was lost (the process killed between committing the job and
enqueueing it, or Redis flushed) is put back on the queue by the sweep, audited, and run once."""
import os
import threading
from datetime import timedelta

import pytest
from conftest import logged_in_client, post_form
from invite_helpers import cli, make_survey, trust_contacts, write_csv
from job_helpers import SlowMailServer
from sqlalchemy import select, update

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Job
from survey_engine.models._types import utcnow

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
QUEUES = ["sqlite", pytest.param("redis", marks=pytest.mark.skipif(
    not TEST_REDIS_URL, reason="set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/3) to test a queue in Redis"))]
CONTACTS = trust_contacts(6, 3)


@pytest.fixture(params=QUEUES)
def queue_url(request, tmp_path):
    if request.param == "redis":
        import redis
        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
        return TEST_REDIS_URL
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


def send_job_with_no_message(app, make_staff, tmp_path):
    """Start sending from the staff page with no worker running, then lose the queue's message; the job's id."""
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", CONTACTS))
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = f"/admin/surveys/{slug}"
    assert post_form(admin, page, f"{page}/invitations/send", data={"kind": "invitation"}).status_code == 302
    huey = app.extensions["jobs"].huey
    assert huey.pending_count() == 1
    huey.flush()  # the message is gone (Redis flushed, or never written: killed before enqueueing)
    with app.app_context():
        return db.session.execute(select(Job.id).order_by(Job.id.desc())).scalars().first()


def age(app, job_id, seconds):
    """Make job `job_id` look queued `seconds` ago."""
    with app.app_context():
        db.session.execute(update(Job).where(Job.id == job_id)
                           .values(created_at=utcnow() - timedelta(seconds=seconds)))
        db.session.commit()


def run_queue(app):
    """Run every message on the queue, as a worker does, one after another."""
    huey = app.extensions["jobs"].huey
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def job(app, job_id):
    with app.app_context():
        return db.session.get(Job, job_id)


def audit(app, action):
    with app.app_context():
        return db.session.execute(select(AuditEvent.detail).filter_by(action=action)).scalars().all()


def test_a_queued_job_lost_from_the_queue_is_queued_again_and_run_once(make_app, make_staff, tmp_path, queue_url):
    with SlowMailServer(delay=0) as mail:
        app = make_app(JOB_QUEUE_URL=queue_url, JOB_WORKER_IN_PROCESS=False, JOB_STALE_SECONDS=60, **mail.config)
        job_id = send_job_with_no_message(app, make_staff, tmp_path)
        jobs = app.extensions["jobs"]
        with app.app_context():
            assert jobs.sweep() == []  # queued just now: a worker may simply not have reached it yet
        age(app, job_id, 61)
        with app.app_context():
            assert jobs.sweep() == [job_id]
            assert jobs.sweep() == []  # once a JOB_STALE_SECONDS: several sweepers put it back once
        assert jobs.huey.pending_count() == 1
        assert job(app, job_id).status == "queued"
        [resumed] = audit(app, "job.resumed")
        assert resumed.startswith(f"job {job_id}: invitations.send: queued at ") and "no worker took it" in resumed
        run_queue(app)
        done = job(app, job_id)
        assert (done.status, done.attempts, done.done) == ("complete", 1, 6), done.error
        assert sorted(r for r, _ in mail.inbox.messages) == sorted(row[1] for row in CONTACTS)
        assert audit(app, "invitations.sent") == ["6 sent, 0 failed"]


def test_a_job_put_back_while_its_first_message_is_still_queued_runs_once(make_app, make_staff, tmp_path,
                                                                          queue_url):
    """The sweep cannot know whether Huey still holds the job's message (a busy queue): the one a worker takes
    first runs it, and the other, taken while it runs or after, does nothing."""
    with SlowMailServer(delay=0.3) as mail:
        app = make_app(JOB_QUEUE_URL=queue_url, JOB_WORKER_IN_PROCESS=False, JOB_STALE_SECONDS=60, **mail.config)
        job_id = send_job_with_no_message(app, make_staff, tmp_path)
        jobs = app.extensions["jobs"]
        jobs.run_job(job_id)  # the original message, still on the queue
        age(app, job_id, 61)
        with app.app_context():
            assert jobs.sweep() == [job_id]
        assert jobs.huey.pending_count() == 2
        first, second = jobs.huey.dequeue(), jobs.huey.dequeue()
        running = threading.Thread(target=jobs.huey.execute, args=(first,))
        running.start()
        try:
            while len(mail.inbox.messages) < 1:
                running.join(0.05)
            assert job(app, job_id).status == "running"
            jobs.huey.execute(second)  # taken by a second worker while the first runs it: nothing happens
            assert job(app, job_id).attempts == 1
        finally:
            running.join(60)
        done = job(app, job_id)
        assert (done.status, done.attempts, done.done) == ("complete", 1, 6), done.error
        received = [r for r, _ in mail.inbox.messages]
        assert sorted(received) == sorted(row[1] for row in CONTACTS)  # each contact one message
        assert audit(app, "invitations.sent") == ["6 sent, 0 failed"]
