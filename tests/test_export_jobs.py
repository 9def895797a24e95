"""Large exports and report PDFs run as jobs: the file is written by a worker into the instance folder, offered on
the survey's page to staff only once whole, with the request download's name, options and audit entry; a worker
killed part-way makes the job run again from the start; old and replaced files are removed."""
import csv
import io
import json
import os
import re

import openpyxl
import pytest
from conftest import logged_in_client
from job_helpers import environment, output, processes, wait_for  # noqa: F401 (a fixture)
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Job
from survey_engine.models._types import utcnow

SLUG = "reality-and-impact-trusts"
PAGE = f"/admin/surveys/{SLUG}"
#: The demo's Trust survey has 18 submitted responses: above these thresholds, its export and PDF are jobs.
JOBS_ABOVE = {"EXPORT_JOB_ABOVE": 5, "REPORT_PDF_JOB_ABOVE": 5}


@pytest.fixture
def demo_app(make_app):
    app = make_app(**JOBS_ABOVE)
    assert app.test_cli_runner().invoke(args=["demo", "--no-serve"]).exit_code == 0
    return app


def jobs(app, kind):
    with app.app_context():
        db.session.expire_all()
        return db.session.execute(select(Job).filter_by(kind=kind).order_by(Job.id)).scalars().all()


def audit(app, action):
    with app.app_context():
        return db.session.execute(select(AuditEvent.detail).filter_by(action=action).order_by(AuditEvent.id)) \
            .scalars().all()


def download_links(html):
    return re.findall(r'<a href="([^"]+/jobs/\d+/download)" class="button job-download"[^>]*>Download ([^<]+)</a>',
                      html)


def folder(app):
    return os.path.join(app.instance_path, "job-files", "downloads")


def test_a_large_download_is_written_by_a_job_and_offered_on_the_survey_page(demo_app, make_staff):
    analyst = logged_in_client(demo_app, make_staff, "analyst@example.org", "analyst")
    started = analyst.get(f"{PAGE}/export?format=xlsx&answer=used%3Dyes&base=respondents")
    assert started.status_code == 302 and started.headers["Location"].endswith(f"{PAGE}#jobs")
    job, = jobs(demo_app, "export.file")
    # Progress is the Responses sheet's rows written, of those selected.
    assert (job.status, job.done, job.total, job.started_by) == ("complete", 11, 11, "analyst@example.org")
    html = analyst.get(PAGE).get_data(as_text=True)
    name = f"{SLUG}-{utcnow():%Y-%m-%d}-filtered.xlsx"
    assert "Preparing a download" in html and f"{name} is ready: 11 responses." in html
    (link, shown), = download_links(html)
    assert shown == name and link == f"{PAGE}/jobs/{job.id}/download"
    assert download_links(analyst.get(f"{PAGE}/jobs").get_data(as_text=True)) == [(link, name)]

    response = analyst.get(link)
    assert response.status_code == 200
    assert f'filename={name}' in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book["Responses"].max_row == 12  # a header and the 11 who had used the standards
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["Filters"] == "answer used = yes" and about["Base"] == "everyone who submitted a response"
    # Written once, by the job, for the one who asked; each download says who took the file.
    assert audit(demo_app, "survey.exported") == ["xlsx: 11 submitted responses; filters: answer used = yes; "
                                                  "base: respondents"]
    assert audit(demo_app, "job.downloaded") == [f"job {job.id}: export.file: {name}"]
    # The file's name in the instance folder is nobody's guess, and no other file is there.
    stored, = os.listdir(folder(demo_app))
    assert re.fullmatch(rf"{job.id}-[A-Za-z0-9_-]{{32}}\.xlsx", stored)


def test_a_job_keeps_the_csv_and_for_publication_options(demo_app, make_staff):
    admin = logged_in_client(demo_app, make_staff, "admin@example.org", "admin")
    admin.get(f"{PAGE}/export?format=csv")
    admin.get(f"{PAGE}/export?format=xlsx&for_publication=1")
    csv_job, publication_job = jobs(demo_app, "export.file")
    assert (publication_job.done, publication_job.total) == (0, 0)  # no Responses sheet to count through
    links = dict((name, link) for link, name in download_links(admin.get(PAGE).get_data(as_text=True)))
    day = f"{utcnow():%Y-%m-%d}"
    text = admin.get(links[f"{SLUG}-{day}.csv"]).get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 19 and rows[0][0] == "response_id"
    book = openpyxl.load_workbook(io.BytesIO(admin.get(links[f"{SLUG}-{day}-for-publication.xlsx"]).get_data()))
    assert "Responses" not in book.sheetnames and "Comments" not in book.sheetnames and "About" in book.sheetnames
    assert audit(demo_app, "survey.exported") == ["csv: 18 submitted responses",
                                                  "xlsx for publication: 18 submitted responses"]


def test_a_small_download_is_still_sent_at_once(make_app, analyst_client):
    app = make_app(EXPORT_JOB_ABOVE=18)
    assert app.test_cli_runner().invoke(args=["demo", "--no-serve"]).exit_code == 0
    response = analyst_client.get(f"{PAGE}/export")
    assert response.status_code == 200 and response.get_data()[:2] == b"PK"
    assert jobs(app, "export.file") == []


def test_only_staff_download_a_jobs_file_and_only_from_its_own_survey(demo_app, make_staff):
    admin = logged_in_client(demo_app, make_staff, "admin@example.org", "admin")
    admin.get(f"{PAGE}/export")
    job, = jobs(demo_app, "export.file")
    link = f"{PAGE}/jobs/{job.id}/download"
    anonymous = demo_app.test_client().get(link)
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.headers["Location"]
    assert admin.get(f"/admin/surveys/reality-and-impact-signatories/jobs/{job.id}/download").status_code == 404
    assert admin.get(f"{PAGE}/jobs/{job.id + 1}/download").status_code == 404
    assert logged_in_client(demo_app, make_staff, "analyst@example.org", "analyst").get(link).status_code == 200


def test_a_worker_killed_mid_export_runs_it_again_from_the_start_and_never_offers_half_a_file(
        make_app, make_staff, monkeypatch):
    """Killed after the first batch of rows: the half-written file is never offered, and the job, resumed, writes
    the whole file again from the first row."""
    from functools import partial

    from survey_engine.export import jobs as export_jobs
    from survey_engine.export.build import Export
    from survey_engine.jobs import records

    app = make_app(JOB_STALE_SECONDS=0, **JOBS_ABOVE)
    assert app.test_cli_runner().invoke(args=["demo", "--no-serve"]).exit_code == 0
    monkeypatch.setattr(export_jobs, "Export", partial(Export, batch_size=5))
    real_step, calls = records.Progress.step, []

    def dies_after_the_first_batch(self, n=1, every=1.0):
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a killed worker: nothing after this point runs
        real_step(self, n, every)
    monkeypatch.setattr(records.Progress, "step", dies_after_the_first_batch)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    admin.get(f"{PAGE}/export")
    job, = jobs(app, "export.file")
    assert (job.status, job.done, job.total) == ("running", 5, 18)
    # An interrupted writer removes its half-written file; SIGKILL gives it no chance, so leave one as it would.
    assert os.listdir(folder(app)) == []
    with open(os.path.join(folder(app), f"{job.id}-{'x' * 32}.xlsx.part"), "wb") as f:
        f.write(b"PK half a workbook")
    html = admin.get(PAGE).get_data(as_text=True)
    assert download_links(html) == [] and "5 of 18 done" in html
    assert admin.get(f"{PAGE}/jobs/{job.id}/download").status_code == 404
    assert audit(app, "survey.exported") == []

    monkeypatch.setattr(records.Progress, "step", real_step)
    with app.app_context():
        assert app.extensions["jobs"].sweep() == [job.id]
    job, = jobs(app, "export.file")
    assert (job.status, job.done, job.total, job.attempts) == ("complete", 18, 18, 2)
    stored, = os.listdir(folder(app))  # the half-written file is gone
    assert stored == json.loads(job.result)["file"] and not stored.endswith(".part")
    (link, _), = download_links(admin.get(PAGE).get_data(as_text=True))
    book = openpyxl.load_workbook(io.BytesIO(admin.get(link).get_data()))
    assert [row[0].value for row in book["Responses"].iter_rows(min_row=2)] == sorted(
        row[0].value for row in book["Responses"].iter_rows(min_row=2)) and book["Responses"].max_row == 19
    assert "its worker stopped after 5 of 18" in audit(app, "job.resumed")[0]
    assert audit(app, "survey.exported") == ["xlsx: 18 submitted responses"]


def test_files_are_removed_after_a_day_or_when_the_same_export_is_made_again(demo_app, make_staff):
    admin = logged_in_client(demo_app, make_staff, "admin@example.org", "admin")
    admin.get(f"{PAGE}/export")
    admin.get(f"{PAGE}/export?format=csv")
    first, csv_job = jobs(demo_app, "export.file")
    admin.get(f"{PAGE}/export")  # the same export again: its file replaces the first
    first, csv_job, again = jobs(demo_app, "export.file")
    names = [name for _, name in download_links(admin.get(PAGE).get_data(as_text=True))]
    assert len(names) == 2 and len(os.listdir(folder(demo_app))) == 2
    html = admin.get(PAGE).get_data(as_text=True)
    assert f'id="job-{first.id}-download"' not in html and "was removed (files are kept for a day" in html
    gone = admin.get(f"{PAGE}/jobs/{first.id}/download")
    assert gone.status_code == 302 and gone.headers["Location"].endswith("#jobs")
    assert "That file was removed" in admin.get(gone.headers["Location"]).get_data(as_text=True)

    a_day_ago = utcnow().timestamp() - 24 * 3600 - 60
    for name in os.listdir(folder(demo_app)):
        os.utime(os.path.join(folder(demo_app), name), (a_day_ago, a_day_ago))
    with demo_app.app_context():
        demo_app.extensions["jobs"].sweep()
    assert os.listdir(folder(demo_app)) == []
    assert download_links(admin.get(PAGE).get_data(as_text=True)) == []


def test_the_same_download_asked_for_twice_while_it_runs_is_one_job(make_app, make_staff, tmp_path):
    app = make_app(JOB_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", JOB_WORKER_IN_PROCESS=False,
                   **JOBS_ABOVE)
    assert app.test_cli_runner().invoke(args=["demo", "--no-serve"]).exit_code == 0
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    first = admin.get(f"{PAGE}/export?format=xlsx")
    assert "The download is being prepared" in admin.get(first.headers["Location"]).get_data(as_text=True)
    admin.get(f"{PAGE}/export?format=xlsx")
    admin.get(f"{PAGE}/export?format=csv")
    assert [(j.status, json.loads(j.params)["options"]["format"]) for j in jobs(app, "export.file")] == [
        ("queued", "xlsx"), ("queued", "csv")]


def test_a_large_reports_pdf_is_printed_by_a_job(demo_app, make_staff):
    pytest.importorskip("weasyprint", reason="the PDF needs WeasyPrint")
    analyst = logged_in_client(demo_app, make_staff, "analyst@example.org", "analyst")
    started = analyst.get(f"{PAGE}/report.pdf?answer=used%3Dyes")
    assert started.status_code == 302 and started.headers["Location"].endswith("#jobs")
    job, = jobs(demo_app, "report.pdf")
    if job.status == "failed":
        pytest.skip(f"no PDF here: {job.error}")
    assert (job.status, job.done, job.total) == ("complete", 2, 2)
    html = analyst.get(PAGE).get_data(as_text=True)
    assert "Printing the report as PDF" in html and f"{SLUG}-report.pdf is ready." in html
    (link, name), = download_links(html)
    response = analyst.get(link)
    assert name == f"{SLUG}-report.pdf" and f"filename={name}" in response.headers["Content-Disposition"]
    assert response.get_data()[:5] == b"%PDF-" and response.mimetype == "application/pdf"
    assert json.loads(job.params)["options"]["filters"]["answers"] == [{"question": "used", "values": ["yes"]}]


def test_the_worker_gives_the_cpu_to_the_servers_first(make_app, tmp_path, instance_path, migrated_database_url,
                                                       processes):
    """`survey-engine worker` lowers its CPU priority (JOB_WORKER_NICE, 10 by default), so a long export takes the
    CPU respondents' requests leave."""
    def nice_of(process):
        with open(f"/proc/{process.pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[16])
    queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    make_app(JOB_QUEUE_URL=queue)
    ours = os.nice(0)
    worker = processes.worker(environment(instance_path, migrated_database_url, JOB_QUEUE_URL=queue))
    wait_for(lambda: "Running jobs from" in output(worker), timeout=60, what="the worker to start")
    assert nice_of(worker) == min(19, ours + 10)


def test_an_export_job_beats_while_it_reads_the_comments_in_one_query(make_app, make_staff, monkeypatch):
    """The Comments sheet is one streamed query, with no progress to commit: the heartbeat moves on through its
    own connection, so a live job is never taken for one whose worker died."""
    from functools import partial

    from survey_engine.export import jobs as export_jobs
    from survey_engine.export.build import Export
    from survey_engine.jobs import records

    app = make_app(**JOBS_ABOVE)
    assert app.test_cli_runner().invoke(args=["demo", "--no-serve"]).exit_code == 0
    monkeypatch.setattr(export_jobs, "Export", partial(Export, batch_size=2))
    real_beat, beats = records.Progress.beat, []

    def beat(self):
        real_beat(self)
        with app.app_context():
            beats.append(db.session.get(Job, self.job_id).heartbeat_at)
    monkeypatch.setattr(records.Progress, "beat", beat)
    logged_in_client(app, make_staff, "admin@example.org", "admin").get(f"{PAGE}/export")
    job, = jobs(app, "export.file")
    assert job.status == "complete" and len(beats) >= 2 and beats == sorted(beats)
