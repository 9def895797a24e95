"""A job stays with the worker that took it: a long quiet step keeps its heartbeat moving, a worker whose job was
taken by another stops without writing, and the files uploaded for jobs do not outlive them."""
import os
import threading
import time

from sqlalchemy import func, select, update
from survey_helpers import write_responses_csv as write_csv
from test_import_jobs import rows

from survey_engine.extensions import db
from survey_engine.models import Job, Response, Survey
from survey_engine.models._types import utcnow


def start_import(app, tmp_path, n):
    from survey_engine import responses
    data = open(write_csv(tmp_path / "big.csv", rows(n)), "rb").read()
    with app.test_request_context():
        survey = db.session.execute(select(Survey).filter_by(slug="trusts")).scalar_one()
        responses.start_import(survey, "big.csv", data, "command line")
        db.session.rollback()


def test_a_worker_checking_a_large_file_is_not_taken_for_dead(make_app, tmp_path, monkeypatch):
    """Checking every row before writing any commits nothing for a while; a sweep meanwhile must not hand the job
    to a second worker (which imported the whole file again: 800 responses from 400 rows)."""
    from survey_engine import importing
    from survey_engine.surveys import create_survey

    app = make_app(JOB_STALE_SECONDS=1)
    with app.app_context():
        create_survey("trust-survey", "trusts", status="open")
    real_check, swept = importing.RowChecker.check, []

    def slow_check(self, row):
        time.sleep(0.01)  # a large file on a busy machine: 4 s of checking, four times JOB_STALE_SECONDS
        return real_check(self, row)
    monkeypatch.setattr(importing.RowChecker, "check", slow_check)

    def sweeper():
        time.sleep(2.0)
        with app.app_context():
            swept.append(app.extensions["jobs"].sweep())  # the immediate queue would run a job put back, here
    other = threading.Thread(target=sweeper)
    other.start()
    start_import(app, tmp_path, 400)
    other.join()
    with app.app_context():
        job = db.session.execute(select(Job)).scalar_one()
        assert swept == [[]]
        assert db.session.execute(select(func.count()).select_from(Response)).scalar() == 400
        assert (job.status, job.done, job.attempts) == ("complete", 400, 1)


def test_a_worker_whose_job_was_taken_stops_and_writes_nothing_more(make_app, open_survey):
    from survey_engine.jobs import records

    app = make_app()
    open_survey("trust-survey", "trusts")
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug="trusts")).scalar_one()
        db.session.add(Job(kind="responses.import", survey_id=survey.id, status="queued", params="{}", done=0,
                           total=10, started_by="admin@example.org", attempts=0))
        db.session.commit()
        job_id = db.session.execute(select(Job.id)).scalar_one()
        progress = records.Progress(records.claim(job_id))
        progress.note(2)
        db.session.commit()
        # Another worker, thinking this one dead, takes the job.
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == job_id).values(claimed_at=utcnow().replace(year=2030)))
        for step in (lambda: progress.note(3), progress.beat, progress.save):
            try:
                step()
                raise AssertionError("a worker whose job was taken went on")
            except records.JobTaken:
                db.session.rollback()
        assert db.session.get(Job, job_id).done == 2


def test_files_uploaded_for_jobs_go_once_the_job_has_an_outcome(app, open_survey, make_staff, tmp_path):
    from conftest import logged_in_client
    from test_import_jobs import upload

    from survey_engine.jobs.imports import remove_old_uploads

    slug = open_survey("trust-survey", "trusts")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    bad = rows(400)
    bad[350][4] = "sometimes"
    upload(admin, slug, write_csv(tmp_path / "big.csv", bad))
    folder = os.path.join(app.instance_path, "job-files")
    assert [name for name in os.listdir(folder) if os.path.isfile(os.path.join(folder, name))] == []

    # A file a job still needs stays however old; one no job needs goes once older than JOB_FILES_KEEP_HOURS.
    needed, orphan = os.path.join(folder, "needed.csv"), os.path.join(folder, "orphan.csv")
    for path in (needed, orphan):
        with open(path, "w") as f:
            f.write("respondents' answers")
        os.utime(path, (time.time() - 2 * 86400,) * 2)
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        db.session.add(Job(kind="responses.import", survey_id=survey.id, status="queued", done=0, total=1,
                           params='{"path": "%s"}' % needed, started_by="admin@example.org", attempts=0))
        db.session.commit()
        assert remove_old_uploads() == ["orphan.csv"]
    assert os.path.exists(needed) and not os.path.exists(orphan)
