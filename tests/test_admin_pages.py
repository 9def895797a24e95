"""The dashboard, each survey's staff page, its pluggable sections and the audit log page."""
from conftest import Respondent

from survey_engine.audit import record
from survey_engine.extensions import db
from survey_engine.models import AuditEvent


def test_dashboard_lists_surveys_with_counts(app, admin_client, open_survey):
    open_survey("trust-survey", "trust-2026", title="Trust <b>survey</b>")
    Respondent(app.test_client(), "trust-2026").start()
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "Trust &lt;b&gt;survey&lt;/b&gt;" in html and "<b>survey" not in html
    assert "trust-survey v" in html and "/admin/surveys/trust-2026" in html
    assert '<td class="numeric">1</td>' in html and "Open" in html


def test_survey_page_shows_link_status_and_counts(admin_client, open_survey):
    open_survey("signatory-survey", "sig")
    response = admin_client.get("/admin/surveys/sig")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "http://localhost/s/sig" in html and "0 submitted, 0 in progress" in html
    assert admin_client.get("/admin/surveys/nope").status_code == 404


def test_templates_in_the_sections_folder_join_the_survey_page(app, admin_client, open_survey, tmp_path):
    from jinja2 import ChoiceLoader, DictLoader
    app.jinja_loader  # noqa: B018
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, DictLoader({
        "admin/survey/50_extra.html": "<section>EXTRA for {{ survey.slug }}</section>",
        "admin/survey/10_first.html": "<section>FIRST</section>",
        "admin/dashboard/10_more.html": "<p>DASHBOARD EXTRA</p>",
        "admin/nav/50_link.html": "<li>NAV EXTRA</li>"})])
    open_survey("trust-survey", "t")
    html = admin_client.get("/admin/surveys/t").get_data(as_text=True)
    assert html.index("FIRST") < html.index("EXTRA for t") and "NAV EXTRA" in html
    assert "DASHBOARD EXTRA" in admin_client.get("/admin/").get_data(as_text=True)


def test_audit_page_lists_events_newest_first_and_escaped(app, admin_client):
    with app.test_request_context():
        record("survey.created", target="s1", detail="<script>x</script>")
        record("export", target="s1")
        db.session.commit()  # record() adds the entries; committing is its caller's
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert html.index("export") < html.index("survey.created") < html.index(">login<")
    assert "&lt;script&gt;" in html and "<script>x" not in html


def test_audit_log_pages(app, admin_client):
    with app.app_context():
        db.session.add_all([AuditEvent(actor="command line", action=f"test.{n}") for n in range(150)])
        db.session.commit()
    first = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Older" in first and "Newer" not in first
    second = admin_client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "Newer" in second and "Older" not in second
    assert admin_client.get("/admin/audit?page=x").status_code == 200


def test_record_names_the_actor(app, make_staff):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.1"}):
        event = record("thing.done", target="t")
        assert (event.actor, event.ip, event.actor_id) == ("anonymous", "192.0.2.1", None)
    with app.app_context():
        assert record("thing.done").actor == "command line"


def test_admin_disables_and_enables_an_account_from_the_users_page(app, admin_client, make_staff):
    from conftest import login, post_form
    from survey_engine.models import StaffUser
    make_staff("analyst@example.org", "analyst")
    analyst = app.test_client()
    assert login(analyst, "analyst@example.org").status_code == 302
    html = admin_client.get("/admin/users").get_data(as_text=True)
    assert "analyst@example.org" in html and "admin@example.org" in html
    with app.app_context():
        analyst_id = StaffUser.by_email("analyst@example.org").id
        admin_id = StaffUser.by_email("admin@example.org").id
    response = post_form(admin_client, "/admin/users", f"/admin/users/{analyst_id}/disable")
    assert response.status_code == 302
    assert analyst.get("/admin/").status_code == 302  # its session stopped at once
    assert login(analyst, "analyst@example.org").status_code == 200
    post_form(admin_client, "/admin/users", f"/admin/users/{analyst_id}/enable")
    assert login(analyst, "analyst@example.org").status_code == 302
    post_form(admin_client, "/admin/users", f"/admin/users/{admin_id}/disable")
    assert "You cannot disable your own account" in admin_client.get("/admin/users").get_data(as_text=True)
    assert admin_client.get("/admin/").status_code == 200
    with app.app_context():
        actions = [(e.actor, e.action, e.target) for e in db.session.execute(
            db.select(AuditEvent).filter(AuditEvent.action.like("user.%")).order_by(AuditEvent.id)).scalars()]
    assert actions == [("admin@example.org", "user.disabled", "analyst@example.org"),
                       ("admin@example.org", "user.enabled", "analyst@example.org")]
