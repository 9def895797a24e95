"""Importing responses from the survey's staff page: a small file in the request, a large one as a job whose
progress and result show on the survey's page, a wrong file importing nothing; and a job stopped part-way resumed."""
import io

from conftest import logged_in_client, post_form
from job_helpers import dies_on_the_fourth_batch
from openpyxl import Workbook
from sqlalchemy import func, select
from survey_helpers import RESPONSES_HEADER
from survey_helpers import write_responses_csv as write_csv
from test_import import GOOD

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Job, Organisation, Response, Survey

TRUSTS = ["Mersey Care NHS Foundation Trust", "Leeds and York Partnership NHS Foundation Trust",
          "Oxford Health NHS Foundation Trust"]


def rows(n):
    """`n` good rows of the Trust survey, naming three organisations in turn."""
    return [[TRUSTS[i % 3]] + GOOD[1:] for i in range(n)]


def count(app, model=Response):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar()


def audit(app, action):
    with app.app_context():
        return db.session.execute(select(AuditEvent.detail).filter_by(action=action).order_by(AuditEvent.id)) \
            .scalars().all()


def job_of(app):
    with app.app_context():
        return db.session.execute(select(Job).filter_by(kind="responses.import").order_by(Job.id.desc())) \
            .scalars().first()


def upload(admin, slug, path, name=None):
    page = f"/admin/surveys/{slug}/responses/import"
    with open(path, "rb") as f:
        return post_form(admin, page, data={"responses": (f, name or path.rsplit("/", 1)[-1])})


def test_a_small_file_is_imported_from_the_staff_page_at_once(app, open_survey, make_staff, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    survey_page = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert f'href="/admin/surveys/{slug}/responses/import" id="import-responses-link"' in survey_page
    form = admin.get(f"/admin/surveys/{slug}/responses/import").get_data(as_text=True)
    assert '<label class="label label--s" for="responses">Responses file</label>' in form
    assert 'aria-describedby="responses-hint"' in form

    response = upload(admin, slug, write_csv(tmp_path / "paper.csv", rows(3)))
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/surveys/{slug}"
    assert "Imported 3 responses." in admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert count(app) == 3 and count(app, Organisation) == 3
    assert audit(app, "responses.imported") == ["3 responses from paper.csv"]
    assert job_of(app) is None  # small: done in the request


def test_a_wrong_file_imports_nothing_and_lists_every_problem_with_the_form(app, open_survey, make_staff, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    bad = rows(4)
    bad[1][2] = "perhaps"
    bad[3][-1] = "yesterday"
    response = upload(admin, slug, write_csv(tmp_path / "paper.csv", bad))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<div class="error-summary"' in html and "<title>Error: Import responses" in html
    assert "2 rows cannot be imported, so nothing was imported" in html
    assert "Line 3: heard_before: &#39;perhaps&#39; is not one of its options (yes, no)" in html
    assert "Line 5: submitted_at: &#39;yesterday&#39; is not a date" in html
    assert 'id="responses-error"' in html and 'aria-describedby="responses-hint responses-error"' in html
    assert 'type="file"' in html and "csrf_token" in html  # the form, to choose the corrected file
    assert count(app) == 0 and audit(app, "responses.imported") == []

    for name, data, problem in [("notes.txt", b"hello", "only .csv and .xlsx files can be imported"),
                                ("empty.csv", b"", "The chosen file is empty")]:
        page = f"/admin/surveys/{slug}/responses/import"
        response = post_form(admin, page, data={"responses": (io.BytesIO(data), name)})
        assert response.status_code == 400 and problem in response.get_data(as_text=True)
    response = post_form(admin, f"/admin/surveys/{slug}/responses/import", data={})
    assert response.status_code == 400 and "Choose a CSV or XLSX file of responses" in response.get_data(as_text=True)


def test_only_admins_import_and_the_form_needs_its_token(app, open_survey, make_staff, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    analyst = logged_in_client(app, make_staff, "analyst@example.org", "analyst")
    assert analyst.get(f"/admin/surveys/{slug}/responses/import").status_code == 403
    assert "import-responses-link" not in analyst.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    with open(write_csv(tmp_path / "paper.csv", rows(1)), "rb") as f:
        response = admin.post(f"/admin/surveys/{slug}/responses/import", data={"responses": (f, "paper.csv")})
    assert response.status_code == 400 and count(app) == 0


def test_a_large_file_is_imported_by_a_job_shown_on_the_survey_page(app, open_survey, make_staff, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(RESPONSES_HEADER)
    for row in rows(1200):
        sheet.append(row)
    book.save(tmp_path / "big.xlsx")
    response = upload(admin, slug, str(tmp_path / "big.xlsx"))
    assert response.status_code == 302 and response.headers["Location"].endswith("#jobs")
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Importing responses" in html and "Imported 1200 responses." in html
    job = job_of(app)
    assert (job.status, job.done, job.total, job.started_by) == ("complete", 1200, 1200, "admin@example.org")
    assert count(app) == 1200 and count(app, Organisation) == 3
    assert audit(app, "responses.imported") == ["1200 responses from big.xlsx"]
    assert audit(app, "job.finished") == [f"job {job.id}: responses.import complete"]


def test_a_large_wrong_file_imports_nothing_and_its_job_says_why(app, open_survey, make_staff, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    bad = rows(400)
    bad[350][4] = "sometimes"
    response = upload(admin, slug, write_csv(tmp_path / "big.csv", bad))
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 row cannot be imported, so nothing was imported" in html
    assert "Line 352: used: &#39;sometimes&#39; is not one of its options" in html
    assert count(app) == 0 and audit(app, "responses.imported") == []


def test_an_import_stopped_part_way_is_finished_by_the_next_worker(make_app, tmp_path, monkeypatch):
    """Batches committed before the worker died stay; the resumed job writes only the rest, each response once."""
    from survey_engine import importing, responses
    from survey_engine.surveys import create_survey

    app = make_app(JOB_STALE_SECONDS=0)
    with app.app_context():
        create_survey("trust-survey", "trusts", status="open")
    monkeypatch.setattr(importing, "BATCH", 100)
    dies_on_the_fourth_batch(monkeypatch)
    # Each row says which it is (its comment), so a row written twice or skipped shows.
    good = [row[:-2] + [f"row {i}", ""] for i, row in enumerate(rows(450))]
    with app.test_request_context():
        survey = db.session.execute(select(Survey).filter_by(slug="trusts")).scalar_one()
        # Huey takes the interrupt as its worker's exit, as a SIGTERM mid-job: the job is left running.
        responses.start_import(survey, "big.csv", open(write_csv(tmp_path / "big.csv", good), "rb").read(),
                               "command line")
        db.session.rollback()
    job = job_of(app)
    assert (job.status, job.done, job.total) == ("running", 300, 450)
    assert count(app) == 300
    assert audit(app, "responses.imported") == ["300 responses from big.csv so far: the import had not finished"]
    with app.app_context():
        assert app.extensions["jobs"].sweep() == [job.id]
    job = job_of(app)
    assert (job.status, job.done, job.total, job.attempts) == ("complete", 450, 450, 2)
    with app.app_context():
        from survey_engine.models import Answer
        comments = db.session.execute(select(Answer.text).filter_by(question_key="comments")).scalars().all()
    assert sorted(comments) == sorted(f"row {i}" for i in range(450))
    assert audit(app, "responses.imported")[1] == "150 responses from big.csv (finishing an import stopped after 300)"
    assert "its worker stopped after 300 of 450" in audit(app, "job.resumed")[0]


def test_the_command_line_writes_batches_and_shows_its_progress(app, open_survey, tmp_path, monkeypatch):
    from survey_engine import importing

    slug = open_survey("trust-survey", "trusts")
    monkeypatch.setattr(importing, "BATCH", 100)
    many = rows(250)
    many[7][2] = "perhaps"
    path = write_csv(tmp_path / "r.csv", many)
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, path, "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "Importing responses" in result.output
    assert "Imported 249 responses into 'trusts'; skipped 1 invalid row." in result.output
    assert count(app) == 249 and count(app, Organisation) == 3
    assert audit(app, "responses.imported") == ["249 responses from r.csv, 1 invalid rows skipped"]
