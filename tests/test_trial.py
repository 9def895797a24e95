"""Staff trying a draft survey at its real link: test responses, kept out of every figure, deleted in one step."""
import csv
import html as htmllib
import json
import re

import openpyxl
from sqlalchemy import select

from conftest import Respondent, csrf_token, login
from invite_helpers import SIGNATORY_PAGES, cli, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Invitation, Response
from survey_engine.surveys import create_survey, get_survey, open_survey

BANNER = "You are trying this survey: your answers are a test and will not be counted"


def text_of(response):
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def draft(app, slug="trial", access="open", **fields):
    with app.app_context():
        create_survey("signatory-survey", slug, access=access, status="draft", **fields)
    return slug


def open_it(app, slug):
    with app.app_context():
        open_survey(get_survey(slug), actor="tests")


def responses(app, slug):
    """[(status, is_test)] of the survey's responses, oldest first."""
    with app.app_context():
        survey = get_survey(slug)
        return [(r.status, r.is_test) for r in db.session.execute(
            select(Response).filter_by(survey_id=survey.id).order_by(Response.id)).scalars()]


def try_survey(client, slug, pages=SIGNATORY_PAGES):
    """Answer every page through the real link and submit; every page on the way shows the banner."""
    r = Respondent(client, slug)
    start = r.get(f"/s/{slug}")
    assert start.status_code == 200 and BANNER in text_of(start)
    location = r.start()
    for data in pages:
        page = r.get(location)
        assert page.status_code == 200 and BANNER in text_of(page), location
        sent = r.post(location, data)
        assert sent.status_code == 302, sent.get_data(as_text=True)
        location = sent.headers["Location"]
    check = r.get(f"/s/{slug}/check")
    assert BANNER in text_of(check)
    assert r.submit().headers["Location"].endswith("/done")
    done = r.client.get(f"/s/{slug}/done")
    assert done.status_code == 200 and BANNER in text_of(done)


def summary(app, slug):
    result = cli(app, "summary", slug, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def export_rows(app, slug, tmp_path):
    """(rows in the xlsx Responses sheet, rows in the CSV), header rows left out."""
    assert cli(app, "export", slug, "--output", str(tmp_path / "x.xlsx")).exit_code == 0
    assert cli(app, "export", slug, "--output", str(tmp_path / "x.csv"), "--format", "csv").exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Responses"]
    xlsx = [row for row in sheet.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)]
    with open(tmp_path / "x.csv", newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f)][1:]
    return xlsx, rows


def dashboard_counts(client):
    """The dashboard's (in progress, submitted) cells of its one survey."""
    return re.findall(r'<td class="numeric">(\d+)</td>', client.get("/admin/").get_data(as_text=True))


def listed(app, slug):
    result = cli(app, "surveys", "list", "--format", "json")
    return next(s for s in json.loads(result.output) if s["slug"] == slug)


def test_a_draft_is_still_refused_to_respondents(app, client):
    slug = draft(app)
    assert client.get(f"/s/{slug}").status_code == 403
    assert client.post(f"/s/{slug}", data={}).status_code in (400, 403)
    assert responses(app, slug) == []


def test_staff_try_a_draft_and_nothing_counts(app, admin_client, tmp_path):
    slug = draft(app)
    assert f'<a href="/s/{slug}" id="try-survey">Try this survey</a>' in admin_client.get(
        f"/admin/surveys/{slug}").get_data(as_text=True)
    try_survey(admin_client, slug)
    assert responses(app, slug) == [("submitted", True)]

    data = summary(app, slug)
    assert data["respondents"] == 0
    xlsx, rows = export_rows(app, slug, tmp_path)
    assert xlsx == [] and rows == []
    assert listed(app, slug)["responses"] == 0 and listed(app, slug)["in_progress"] == 0
    page = text_of(admin_client.get(f"/admin/surveys/{slug}"))
    assert "0 submitted, 0 in progress" in page
    assert "This survey has 1 test response." in page
    assert dashboard_counts(admin_client) == ["0", "0"]
    assert "0 people responded" in text_of(admin_client.get(f"/admin/surveys/{slug}/summary"))

    # Opened: a real respondent counts, the test still does not; and staff answering an open survey are real.
    open_it(app, slug)
    real = Respondent(app.test_client(), slug)
    real.answer_all(SIGNATORY_PAGES)
    assert real.submit().status_code == 302
    assert BANNER not in text_of(real.client.get(f"/s/{slug}/done"))
    assert summary(app, slug)["respondents"] == 1
    xlsx, rows = export_rows(app, slug, tmp_path)
    assert len(xlsx) == 1 and len(rows) == 1
    assert listed(app, slug)["responses"] == 1

    staff = Respondent(app.test_client(), slug)
    login(staff.client, "admin@example.org")
    start = staff.client.get(f"/s/{slug}")
    assert BANNER not in text_of(start)
    staff.answer_all(SIGNATORY_PAGES)
    staff.submit()
    assert responses(app, slug) == [("submitted", True), ("submitted", False), ("submitted", False)]
    assert summary(app, slug)["respondents"] == 2


def test_test_answers_never_reach_headlines_or_filtered_figures(app, analyst_client):
    slug = draft(app)
    # Analysts are staff too: they may try a draft.
    try_survey(analyst_client, slug, [{"organisation": "Elsewhere"}, {"how_found": "colleague"}, {"used": "no"}, {}])
    open_it(app, slug)
    r = Respondent(app.test_client(), slug)
    r.answer_all(SIGNATORY_PAGES)  # used: no
    r.submit()
    data = summary(app, slug)
    assert data["respondents"] == 1
    assert "Elsewhere" not in json.dumps(data)
    how = next(q for q in data["questions"] if q["key"] == "how_found")
    assert "colleague" not in json.dumps(how) or all(
        o["count"] == 0 for o in how["options"] if o["value"] == "colleague")
    used = next(q for q in data["questions"] if q["key"] == "used")
    assert {o["value"]: o["count"] for o in used["options"]}["no"] == 1
    for headline in data["headlines"]:
        assert headline["base_count"] <= 1 if "base_count" in headline else True
    filtered = cli(app, "summary", slug, "--format", "json", "--answer", "how_found=colleague")
    assert filtered.exit_code == 0, filtered.output
    assert json.loads(filtered.output)["respondents"] == 0


def test_a_test_response_in_progress_stays_a_test_after_opening(app, admin_client):
    slug = draft(app)
    r = Respondent(admin_client, slug)
    r.answer(r.start(), SIGNATORY_PAGES[0])
    open_it(app, slug)
    # Still marked, and still saying so, though the survey is now open.
    page = r.get(f"/s/{slug}/page/2")
    assert page.status_code == 200 and BANNER in text_of(page)
    assert responses(app, slug) == [("in_progress", True)]
    assert listed(app, slug)["in_progress"] == 0


def test_staff_try_an_invite_only_draft_without_an_invitation(app, admin_client, mail, tmp_path):
    slug = draft(app, access="invite")
    assert app.test_client().get(f"/s/{slug}").status_code == 403
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(3, 3))).exit_code == 0
    try_survey(admin_client, slug)
    assert responses(app, slug) == [("submitted", True)]
    with app.app_context():
        progress = db.session.execute(select(Invitation.progress)).scalars().all()
    assert progress and set(progress) == {"invited"}
    rates = cli(app, "invitations", "rates", slug, "--format", "json")
    assert rates.exit_code == 0, rates.output
    assert json.loads(rates.output)["survey"]["started"] == json.loads(rates.output)["survey"]["completed"] == 0


def audit(app, action):
    with app.app_context():
        return [(e.actor, e.target, e.detail) for e in
                db.session.execute(select(AuditEvent).filter_by(action=action)).scalars()]


def test_delete_test_responses_asks_first_then_removes_only_tests(app, admin_client, make_staff):
    slug = draft(app)
    try_survey(admin_client, slug)
    second = app.test_client()
    login(second, "admin@example.org")
    Respondent(second, slug).answer(Respondent(second, slug).start(), SIGNATORY_PAGES[0])
    open_it(app, slug)
    real = Respondent(app.test_client(), slug)
    real.answer_all(SIGNATORY_PAGES)
    real.submit()
    assert responses(app, slug) == [("submitted", True), ("in_progress", True), ("submitted", False)]

    page = admin_client.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert f'href="/admin/surveys/{slug}/test-responses/delete"' in page
    confirm = admin_client.get(f"/admin/surveys/{slug}/test-responses/delete")
    assert confirm.status_code == 200
    assert "Are you sure you want to delete all 2 test responses?" in text_of(confirm)
    assert f'<form method="post" action="/admin/surveys/{slug}/test-responses/delete"' in confirm.get_data(True)
    assert len(responses(app, slug)) == 3 and audit(app, "responses.tests_deleted") == []  # the GET changed nothing

    # Analysts see the count but cannot delete.
    make_staff("analyst@example.org", "analyst")
    analyst = app.test_client()
    login(analyst, "analyst@example.org")
    assert analyst.get(f"/admin/surveys/{slug}/test-responses/delete").status_code == 403
    analyst_token = csrf_token(analyst.get(f"/admin/surveys/{slug}").get_data(True))
    assert analyst.post(f"/admin/surveys/{slug}/test-responses/delete",
                        data={"csrf_token": analyst_token}).status_code == 403
    assert len(responses(app, slug)) == 3

    done = admin_client.post(f"/admin/surveys/{slug}/test-responses/delete",
                             data={"csrf_token": csrf_token(confirm.get_data(True))})
    assert done.status_code == 302
    assert responses(app, slug) == [("submitted", False)]
    assert audit(app, "responses.tests_deleted") == [("admin@example.org", slug, "2 test responses")]
    after = text_of(admin_client.get(done.headers["Location"]))
    assert "2 test responses were deleted." in after
    assert "Delete test responses" not in after
    assert summary(app, slug)["respondents"] == 1


def test_delete_test_responses_needs_the_csrf_token(app, admin_client):
    slug = draft(app)
    try_survey(admin_client, slug)
    assert admin_client.post(f"/admin/surveys/{slug}/test-responses/delete").status_code == 400
    assert responses(app, slug) == [("submitted", True)]


def test_queries_select_counted_responses_in_one_place():
    """No query outside models/response.py picks submitted responses by their status alone: it would count tests."""
    import pathlib
    import re

    package = pathlib.Path(__file__).parent.parent / "survey_engine"
    found = []
    for path in package.rglob("*.py"):
        if path.name == "response.py" and path.parent.name == "models":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"""Response\.status\s*(==|!=|<|>|\.in_)|status\s*=\s*["']submitted["']\s*[,)]""", line) \
                    and "in_progress" not in line and "values(" not in line and "Response(" not in line:
                found.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert found == [], "use models.response.counted() or uncounted_ids():\n" + "\n".join(found)
