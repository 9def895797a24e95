"""Admins create, open and close surveys from the dashboard; every change is a POST with a CSRF token."""
from conftest import Respondent, csrf_token, login, post_form

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Survey


def audit_actions(app):
    with app.app_context():
        return [(e.actor, e.action, e.target) for e in db.session.execute(
            db.select(AuditEvent).filter(AuditEvent.action.like("survey.%")).order_by(AuditEvent.id)).scalars()]


def test_newcomer_creates_an_admin_logs_in_creates_opens_and_answers_a_survey(app, runner, client):
    result = runner.invoke(args=["users", "create", "me@example.org", "--role", "admin"],
                           input="my long password\nmy long password\n")
    assert result.exit_code == 0, result.output
    assert login(client, "me@example.org", "my long password").headers["Location"] == "/admin/"
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/surveys/new"' in dashboard

    form = client.get("/admin/surveys/new").get_data(as_text=True)
    for qid in ["trust-survey", "signatory-survey", "end-of-involvement"]:
        assert f'value="{qid}"' in form
    response = post_form(client, "/admin/surveys/new", data={
        "questionnaire": "end-of-involvement", "title": "Leavers 2026", "slug": "leavers-2026", "access": "open"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/surveys/leavers-2026"
    page = client.get("/admin/surveys/leavers-2026").get_data(as_text=True)
    assert "Draft" in page and "http://localhost/s/leavers-2026" in page and 'data-copy="http://localhost/s/leavers-2026"' in page

    respondent = app.test_client()
    assert respondent.get("/s/leavers-2026").status_code == 403
    response = post_form(client, "/admin/surveys/leavers-2026", "/admin/surveys/leavers-2026/open")
    assert response.status_code == 302
    assert "The survey is open." in client.get("/admin/surveys/leavers-2026").get_data(as_text=True)
    assert respondent.get("/s/leavers-2026").status_code == 200
    assert Respondent(respondent, "leavers-2026").start().startswith("/s/leavers-2026/page/")

    post_form(client, "/admin/", "/admin/surveys/leavers-2026/close")
    assert respondent.get("/s/leavers-2026").status_code == 410
    assert audit_actions(app) == [("me@example.org", "survey.created", "leavers-2026"),
                                  ("me@example.org", "survey.opened", "leavers-2026"),
                                  ("me@example.org", "survey.closed", "leavers-2026")]


def test_create_form_keeps_what_was_typed_and_says_what_is_wrong(app, admin_client, open_survey):
    open_survey("trust-survey", "taken")
    cases = [
        ({"slug": "Bad Slug!", "title": "Kept <title>"}, ["Use lowercase letters, digits and single hyphens",
                                                           "Choose a questionnaire", 'value="Kept &lt;title&gt;"']),
        ({"questionnaire": "trust-survey", "slug": "taken"}, ["already exists"]),
        ({"questionnaire": "no-such", "slug": "ok"}, ["Not a valid choice"]),
        ({"questionnaire": "trust-survey", "slug": "ok", "opens": "2026-12-01", "closes": "2026-11-01"},
         ["The closing date must be after the opening date"]),
        ({"questionnaire": "trust-survey", "slug": "ok", "opens": "not a date"}, ["Not a valid date value"]),
        ({"questionnaire": "trust-survey", "slug": "ok", "access": "everyone"}, ["Not a valid choice"]),
    ]
    for data, messages in cases:
        response = post_form(admin_client, "/admin/surveys/new", data={"access": "open", **data})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, data
        assert "There is a problem" in html, data
        for message in messages:
            assert message in html, (data, message)
    with app.app_context():
        assert db.session.execute(db.select(Survey.slug)).scalars().all() == ["taken"]


def test_create_with_dates_and_invite_access(app, admin_client):
    response = post_form(admin_client, "/admin/surveys/new", data={
        "questionnaire": "signatory-survey", "slug": "sig", "access": "invite",
        "opens": "2030-01-01", "closes": "2030-02-01"})
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.execute(db.select(Survey).filter_by(slug="sig")).scalar_one()
        assert (survey.access, survey.opens_at.isoformat(), survey.closes_at.isoformat()) == (
            "invite", "2030-01-01T00:00:00+00:00", "2030-02-02T00:00:00+00:00")  # to the end of 1 February
        assert survey.title and survey.questionnaire_id == "signatory-survey"
        assert survey.status == "draft"
    assert "Only invited contacts" in admin_client.get("/admin/surveys/sig").get_data(as_text=True)


def test_analyst_sees_no_admin_controls(analyst_client, open_survey):
    open_survey("trust-survey", "t")
    for url in ["/admin/", "/admin/surveys/t"]:
        html = analyst_client.get(url).get_data(as_text=True)
        assert "/admin/surveys/new" not in html and "/open" not in html and "/close" not in html
        assert "Copy link" in html
    token = csrf_token(analyst_client.get("/admin/").get_data(as_text=True))
    assert analyst_client.post("/admin/surveys/t/close", data={"csrf_token": token}).status_code == 403


def test_status_changes_need_post_and_csrf(admin_client, open_survey):
    open_survey("trust-survey", "t")
    # A GET is the page that asks first (tests/test_confirmations.py); it changes nothing.
    assert admin_client.get("/admin/surveys/t/close").status_code == 200
    assert admin_client.get("/admin/surveys/t/open").status_code == 405
    assert admin_client.post("/admin/surveys/t/close").status_code == 400
    assert "Open</strong>" in admin_client.get("/admin/surveys/t").get_data(as_text=True)
    token = csrf_token(admin_client.get("/admin/").get_data(as_text=True))
    assert admin_client.post("/admin/surveys/nope/close", data={"csrf_token": token}).status_code == 404


def test_cli_survey_changes_are_audited(app, runner):
    runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "t"])
    runner.invoke(args=["surveys", "open", "t"])
    runner.invoke(args=["surveys", "close", "t"])
    assert audit_actions(app) == [("command line", "survey.created", "t"), ("command line", "survey.opened", "t"),
                                  ("command line", "survey.closed", "t")]
