"""Staff pages treat contact names as data, and every erasure and deletion from the command line is audited."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from invite_helpers import cli, make_survey, write_csv
from invite_helpers import invite_and_answer

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Response, Survey


def test_contact_names_and_organisations_are_escaped_on_the_survey_page(make_app, make_staff, tmp_path):
    from conftest import login

    app = make_app()
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", [
        ["<script>alert(1)</script>", "ann@a.example.org", "<b>Trust</b> A", "", ""]]))
    make_staff("admin@example.org", "admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    html = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>Trust</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;Trust&lt;/b&gt; A" in html


def test_retention_apply_and_responses_delete_are_in_the_audit_log(mail_app, mail, tmp_path):
    app = mail_app
    slug = invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1, 2))
    with app.app_context():
        response_id = db.session.execute(select(Response.id).order_by(Response.id)).scalars().first()
    assert cli(app, "responses", "delete", slug, str(response_id)).exit_code == 0
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        survey.status = "closed"
        survey.closed_at = datetime.now(timezone.utc) - timedelta(days=survey.retention_days + 1)
        db.session.commit()
    assert cli(app, "retention", "apply", "--dry-run").exit_code == 0
    assert cli(app, "retention", "apply").exit_code == 0
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.target, AuditEvent.detail, AuditEvent.actor)
                                    .order_by(AuditEvent.id)).all()
    ours = [e for e in events if e.action in ("response.deleted", "retention.applied")]
    assert ours == [("response.deleted", f"{slug} response {response_id}", "", "command line"),
                    ("retention.applied", slug, "8 contacts erased, 365 days after closing", "command line")]
