"""Long work off the request: sending and large imports run as jobs, followed on the survey's page, and a worker
killed part-way loses no job and sends no one a second message."""
import signal
import time

from conftest import logged_in_client, post_form
from invite_helpers import cli, make_survey, trust_contacts, write_csv
from job_helpers import SlowMailServer, dies_on_the_fourth_batch, environment, processes, wait_for  # noqa: F401
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Contact, Job, OutgoingEmail
from survey_engine.models._types import utcnow


def job_of(app, kind):
    with app.app_context():
        db.session.expire_all()
        return db.session.execute(select(Job).filter_by(kind=kind).order_by(Job.id.desc())).scalars().first()


def audit(app, action):
    with app.app_context():
        return db.session.execute(select(AuditEvent.detail).filter_by(action=action).order_by(AuditEvent.id)) \
            .scalars().all()


def test_sending_from_the_staff_page_runs_as_a_job_with_its_progress_shown(make_app, make_staff, tmp_path):
    """A real queue and the in-process worker: the page answers at once and shows the run's progress, then its
    result (the done-when of issue 16, with fewer messages: bench/send_bench.py sends 500)."""
    with SlowMailServer(delay=0.2) as mail:
        app = make_app(JOB_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", JOB_WORKER_IN_PROCESS=True,
                       **mail.config)
        try:
            slug = make_survey(app)
            cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(20, 5)))
            admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
            page = f"/admin/surveys/{slug}"
            started = post_form(admin, page, f"{page}/invitations/send", data={"kind": "invitation"})
            assert started.status_code == 302 and started.headers["Location"].endswith("#jobs")
            assert len(mail.inbox.messages) < 20  # the request did not wait for the run
            following = admin.get(f"{page}/jobs").get_data(as_text=True)
            assert '<meta http-equiv="refresh" content="3">' in following

            def running():
                html = admin.get(page).get_data(as_text=True)
                return "Running" in html and " of 20 done" in html and 'id="follow-jobs"' in html
            wait_for(running, timeout=30, what="the survey's page to show the run's progress")
            wait_for(lambda: job_of(app, "invitations.send").status == "complete", timeout=60,
                     what="the job to finish")
            html = admin.get(f"{page}/jobs").get_data(as_text=True)
            assert "Finished" in html and "Sent 20, failed 0." in html and 'http-equiv="refresh"' not in html
            assert "Sent 20, failed 0." in admin.get(page).get_data(as_text=True)
            assert sorted(r for r, _ in mail.inbox.messages) == sorted(row[1] for row in trust_contacts(20, 5))
            job = job_of(app, "invitations.send")
            assert (job.done, job.total, job.started_by) == (20, 20, "admin@example.org")
            assert audit(app, "job.started") == [f"job {job.id}: invitations.send"]
            assert audit(app, "job.finished") == [f"job {job.id}: invitations.send complete"]
            assert audit(app, "invitations.sent") == ["20 sent, 0 failed"]
        finally:
            app.extensions["jobs"].stop()


def test_a_large_contacts_file_is_imported_by_a_job_in_short_batches(make_app, make_staff, tmp_path):
    app = make_app()
    slug = make_survey(app)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = f"/admin/surveys/{slug}"
    path = write_csv(tmp_path / "big.csv", trust_contacts(1200, 40))
    with open(path, "rb") as f:
        response = post_form(admin, page, f"{page}/contacts", data={"contacts": (f, "big.csv")},
                             follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Importing contacts" in html and "Imported 1200 contacts from 40 organisations." in html
    job = job_of(app, "contacts.import")
    assert (job.status, job.done, job.total) == ("complete", 1200, 1200)
    with app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(Contact)).scalar() == 1200
    assert audit(app, "contacts.imported") == ["1200 contacts from big.csv"]


def test_a_large_file_with_a_wrong_row_imports_nothing_and_says_why(make_app, make_staff, tmp_path):
    app = make_app()
    slug = make_survey(app)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = f"/admin/surveys/{slug}"
    rows = trust_contacts(400, 10)
    rows[350][1] = "not-an-address"
    with open(write_csv(tmp_path / "big.csv", rows), "rb") as f:
        html = post_form(admin, page, f"{page}/contacts", data={"contacts": (f, "big.csv")},
                         follow_redirects=True).get_data(as_text=True)
    assert "1 row cannot be imported, so nothing was imported" in html
    assert "Line 352: &#39;not-an-address&#39; is not an email address" in html, html[html.find("job-result"):][:800]
    with app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(Contact)).scalar() == 0


def test_an_import_stopped_part_way_is_finished_by_the_next_worker(make_app, tmp_path, monkeypatch):
    """Batches committed before a worker died stay; the resumed job writes only the rest, each contact once."""
    from survey_engine.invitations import actions, contacts

    app = make_app(JOB_STALE_SECONDS=0)
    slug = make_survey(app)
    monkeypatch.setattr(contacts, "BATCH", 100)
    dies_on_the_fourth_batch(monkeypatch)
    with app.test_request_context():
        from survey_engine.models import Survey
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        # Huey takes the interrupt as its worker's exit, as a SIGTERM mid-job: the job is left running.
        actions.start_import(survey, "big.csv", open(write_csv(tmp_path / "big.csv", trust_contacts(450, 9)),
                                                      "rb").read(), "command line")
        db.session.rollback()
    job = job_of(app, "contacts.import")
    assert (job.status, job.done) == ("running", 300)
    assert audit(app, "contacts.imported") == ["300 contacts from big.csv so far: the import had not finished"]
    with app.app_context():
        assert app.extensions["jobs"].sweep() == [job.id]
    job = job_of(app, "contacts.import")
    assert (job.status, job.done, job.total, job.attempts) == ("complete", 450, 450, 2)
    with app.app_context():
        emails = db.session.execute(select(Contact.email)).scalars().all()
    assert sorted(emails) == sorted(row[1] for row in trust_contacts(450, 9))
    assert audit(app, "contacts.imported")[1] == "150 contacts from big.csv (finishing an import stopped after 300)"
    assert "its worker stopped after 300 of 450" in audit(app, "job.resumed")[0]


def test_a_job_whose_worker_keeps_dying_is_failed_with_a_clear_message(make_app, make_staff, mail):
    app = make_app(JOB_STALE_SECONDS=60, JOB_MAX_ATTEMPTS=3, **mail.config)
    slug = make_survey(app)
    with app.app_context():
        from survey_engine.models import Survey
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        long_ago = utcnow().replace(year=2020)
        db.session.add(Job(kind="invitations.send", survey_id=survey.id, status="running", params="{}", done=3,
                           total=9, started_by="admin@example.org", attempts=3, heartbeat_at=long_ago))
        db.session.add(Job(kind="invitations.send", survey_id=survey.id, status="running", params="{}", done=1,
                           total=9, started_by="admin@example.org", attempts=1, heartbeat_at=utcnow()))
        db.session.commit()
        assert len(app.extensions["jobs"].sweep()) == 1  # the one heard from just now is left alone
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    html = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert "Failed" in html and "a worker took this job 3 times without finishing it" in html
    assert len(audit(app, "job.failed")) == 1 and len(audit(app, "job.resumed")) == 1


def test_the_worker_needs_a_queue(make_app):
    result = cli(make_app(), "worker")
    assert result.exit_code == 1 and "JOB_QUEUE_URL is 'immediate'" in result.output


def test_a_killed_worker_loses_no_job_and_sends_no_one_two_messages(make_app, make_staff, tmp_path,
                                                                     instance_path, migrated_database_url, processes):
    """A real `survey-engine worker` is SIGKILLed mid-run; another finishes the job: every contact gets one message."""
    queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    with SlowMailServer(delay=0.2) as mail:
        # Not niced: with a 2 s stale limit, a niced worker starved on a loaded machine is requeued by its own sweep.
        settings = dict(JOB_QUEUE_URL=queue, JOB_WORKER_IN_PROCESS=False, JOB_STALE_SECONDS=2, JOB_WORKER_NICE=0,
                        **mail.config)
        app = make_app(**settings)
        slug = make_survey(app)
        everyone = sorted(row[1] for row in trust_contacts(30, 6))
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(30, 6)))
        admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
        page = f"/admin/surveys/{slug}"
        assert post_form(admin, page, f"{page}/invitations/send", data={"kind": "invitation"}).status_code == 302
        assert job_of(app, "invitations.send").status == "queued"  # no worker yet: it waits on the queue
        env = environment(instance_path, migrated_database_url, **settings)
        first = processes.worker(env)
        wait_for(lambda: len(mail.inbox.messages) >= 8, timeout=60, what="the first worker to send 8 messages")
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed = job_of(app, "invitations.send")
        assert killed.status == "running" and 7 <= killed.done < 30  # the last message may not be counted yet
        assert audit(app, "invitations.sent")[0].endswith("so far: the run had not finished")
        time.sleep(1)
        processes.worker(env)
        wait_for(lambda: job_of(app, "invitations.send").status in ("complete", "failed"), timeout=90,
                 what="the second worker to finish the job")
        job = job_of(app, "invitations.send")
        assert job.status == "complete", job.error
        received = [r for r, _ in mail.inbox.messages]
        assert len(received) == len(set(received))  # never two messages to one contact
        assert any("its worker stopped after" in d for d in audit(app, "job.resumed"))
        # A message the killed worker had handed to the mail server is left unconfirmed, never resent by itself;
        # staff, checking with the contact (here: the mail server's log), settle it.
        with app.app_context():
            left = db.session.execute(select(Contact.id, Contact.email).join(
                OutgoingEmail, OutgoingEmail.invitation_id == Contact.id).where(
                OutgoingEmail.state == "sending")).all()
        assert len(left) <= 1
        for contact_id, email in left:
            outcome = "sent" if email in received else "failed"
            post_form(admin, page, f"{page}/invitations/unconfirmed", data={"contact_id": contact_id,
                                                                           "outcome": outcome})
        if len(set(received)) < len(everyone):
            post_form(admin, page, f"{page}/invitations/send", data={"kind": "invitation"})
            wait_for(lambda: len(mail.inbox.messages) == len(everyone), timeout=30, what="the last message")
        assert sorted(r for r, _ in mail.inbox.messages) == everyone


def test_survey_engine_run_does_its_jobs_with_no_other_process(make_app, make_staff, tmp_path, instance_path,
                                                               migrated_database_url, processes):
    """The quick start's server alone: the default queue (a SQLite file in the instance folder) and its own job
    thread; with no BASE_URL the links are made from the address staff used, as when sending ran in the request."""
    from job_helpers import HttpClient
    from survey_engine.testing import MailServer, STAFF_PASSWORD, csrf_token

    with MailServer() as mail:
        settings = {k: v for k, v in mail.config.items() if k != "BASE_URL"}
        app = make_app(**settings)
        slug = make_survey(app)
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(5, 5)))
        make_staff("admin@example.org", "admin")
        url = processes.server(environment(instance_path, migrated_database_url, **settings))
        staff = HttpClient(url)
        login = staff.get("/admin/login")
        assert staff.post("/admin/login", data={"email": "admin@example.org", "password": STAFF_PASSWORD,
                                                "csrf_token": csrf_token(login.get_data(True))}).status_code == 302
        page = staff.get(f"/admin/surveys/{slug}")
        assert staff.post(f"/admin/surveys/{slug}/invitations/send", data={
            "kind": "invitation", "csrf_token": csrf_token(page.get_data(True))}).status_code == 302
        wait_for(lambda: len(mail.inbox.messages) == 5, timeout=60, what="the server's own job thread to send")
        wait_for(lambda: "Sent 5, failed 0." in staff.get(f"/admin/surveys/{slug}").get_data(True), timeout=30,
                 what="the survey's page to show the result")
        assert (instance_path / "jobs.sqlite3").exists()
        body = mail.inbox.messages[0][1].get_content()
        assert body.count(f"{url}/s/{slug}/") == 1, body
