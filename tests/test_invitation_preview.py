"""The invitation email previewed for a chosen contact, and "Send a test to me" through a real SMTP server."""
import html as htmllib
import re

from sqlalchemy import func, select

from conftest import csrf_token, logged_in_client
from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Contact, Invitation, InvitationToken, OutgoingEmail
from survey_engine.invitations.message import render
from survey_engine.invitations.preview import PREVIEW_TOKEN
from survey_engine.surveys import get_survey, set_status


def text_of(response):
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def body_of(response):
    match = re.search(r'<pre id="email-preview-body">(.*?)</pre>', response.get_data(as_text=True), re.S)
    assert match, response.get_data(as_text=True)
    return htmllib.unescape(match.group(1))


def state(app):
    """Everything sending touches: tokens, queued emails, and each invitation's progress and dates."""
    with app.app_context():
        return (db.session.execute(select(func.count()).select_from(InvitationToken)).scalar_one(),
                db.session.execute(select(func.count()).select_from(OutgoingEmail)).scalar_one(),
                [(i.progress, i.sent_at, i.reminded_at, i.last_error) for i in
                 db.session.execute(select(Invitation).order_by(Invitation.id)).scalars()])


def setup(app, tmp_path, status="open"):
    slug = make_survey(app, access="invite")
    if status != "open":
        with app.app_context():
            set_status(get_survey(slug), status)
    rows = trust_contacts(3, 3)
    rows[1][0] = "Ada <ada@evil.example>, Lovelace"
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", rows)).exit_code == 0
    with app.app_context():
        contacts = db.session.execute(select(Contact).order_by(Contact.id)).scalars().all()
        return slug, [(c.id, c.name, c.email) for c in contacts]


def test_preview_is_the_real_email_with_a_link_that_opens_nothing(mail_app, mail, make_staff, tmp_path):
    app = mail_app
    slug, contacts = setup(app, tmp_path)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    before = state(app)

    section = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert f'href="/admin/surveys/{slug}/invitations/preview"' in section

    contact_id, name, email = contacts[1]
    page = admin.get(f"/admin/surveys/{slug}/invitations/preview?contact_id={contact_id}&kind=invitation")
    assert page.status_code == 200
    link = f"http://surveys.test/s/{slug}/{PREVIEW_TOKEN}"
    with app.test_request_context():
        contact = db.session.get(Contact, contact_id)
        from survey_engine.models import Survey
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        subject, body = render(survey, contact, link)
    assert body_of(page) == body + "\n"  # exactly the words a run sends, the placeholder link in place of a token
    assert link in body_of(page) and name in body_of(page)
    text = text_of(page)
    assert subject in text and "NSUN surveys <surveys@nsun.test>" in text
    # The To header as a run writes it: the odd name stays a quoted name, one recipient.
    assert f'"Ada <ada@evil.example>, Lovelace" <{email}>' in text
    # The reminder's words too.
    reminder = admin.get(f"/admin/surveys/{slug}/invitations/preview?contact_id={contact_id}&kind=reminder")
    assert "Reminder: " + subject in text_of(reminder) and body_of(reminder).startswith("This is a reminder")

    # Nothing issued, queued, sent or moved; and the link shown opens nothing.
    assert state(app) == before
    assert mail.inbox.messages == []
    assert app.test_client().get(f"/s/{slug}/{PREVIEW_TOKEN}").status_code == 404
    assert state(app) == before

    # A contact of another survey, or none at all, is not found.
    assert admin.get(f"/admin/surveys/{slug}/invitations/preview?contact_id=999").status_code == 404
    assert admin.get(f"/admin/surveys/{slug}/invitations/preview?kind=other").status_code == 404


def test_send_a_test_to_me_through_the_mail_server(mail_app, mail, make_staff, tmp_path):
    app = mail_app
    slug, contacts = setup(app, tmp_path)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    before = state(app)
    contact_id, name, email = contacts[0]
    url = f"/admin/surveys/{slug}/invitations/preview?contact_id={contact_id}&kind=reminder"
    page = admin.get(url)
    sent = admin.post(f"/admin/surveys/{slug}/invitations/preview",
                      data={"csrf_token": csrf_token(page.get_data(True)), "contact_id": contact_id,
                            "kind": "reminder"})
    assert sent.status_code == 302
    assert "A test of this email was sent to admin@example.org." in text_of(admin.get(sent.headers["Location"]))

    # To the staff member only, never the contact, and marked as a test in its subject, a header and its first line.
    assert [rcpt for rcpt, m in mail.inbox.messages] == ["admin@example.org"]
    message = mail.inbox.to("admin@example.org")[0]
    assert message["To"] == "admin@example.org"
    assert message["Subject"].startswith("[TEST] Reminder: ")
    assert message["X-Survey-Engine-Test"] == "yes"
    body = message.get_content()
    assert body.startswith("TEST MESSAGE:") and name in body.splitlines()[0]
    assert f"http://surveys.test/s/{slug}/{PREVIEW_TOKEN}" in body
    assert email not in str(message["To"])

    assert state(app) == before  # no token, no queued email, no invitation moved or marked sent
    with app.app_context():
        entries = [(e.actor, e.target, e.detail) for e in
                   db.session.execute(select(AuditEvent).filter_by(action="invitations.test_sent")).scalars()]
    assert entries == [("admin@example.org", slug, f"reminder for contact {contact_id}, sent to admin@example.org")]

    # The real run afterwards still emails every contact, once, with the words the preview showed.
    shown = body_of(admin.get(f"/admin/surveys/{slug}/invitations/preview?contact_id={contact_id}"))
    assert "Sent 3 invitations" in cli(app, "invitations", "send", slug).output
    assert len(mail.inbox.messages) == 4
    real = mail.inbox.to(email)[0]
    token = mail.inbox.link(real).rsplit("/", 1)[1]
    assert real.get_content().replace("\r\n", "\n").replace(token, PREVIEW_TOKEN) == shown


def test_a_test_needs_an_admin_a_token_and_a_working_mail_server(app, make_staff, tmp_path):
    # No mail server listening: the test fails with a message and nothing is recorded.
    slug, contacts = setup(app, tmp_path)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_DEFAULT_SENDER="x@example.org",
                      BASE_URL="http://surveys.test")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = admin.get(f"/admin/surveys/{slug}/invitations/preview")
    assert page.status_code == 200
    token = csrf_token(page.get_data(True))
    assert admin.post(f"/admin/surveys/{slug}/invitations/preview",
                      data={"contact_id": contacts[0][0]}).status_code == 400
    failed = admin.post(f"/admin/surveys/{slug}/invitations/preview",
                        data={"csrf_token": token, "contact_id": contacts[0][0], "kind": "invitation"})
    assert "Cannot send through the mail server" in text_of(admin.get(failed.headers["Location"]))
    with app.app_context():
        assert db.session.execute(select(AuditEvent).filter_by(action="invitations.test_sent")).first() is None

    # Analysts preview, but send nothing.
    analyst = logged_in_client(app, make_staff, "analyst@example.org", "analyst")
    page = analyst.get(f"/admin/surveys/{slug}/invitations/preview")
    assert page.status_code == 200 and "Send a test to me" not in text_of(page)
    assert analyst.post(f"/admin/surveys/{slug}/invitations/preview",
                        data={"csrf_token": csrf_token(page.get_data(True)),
                              "contact_id": contacts[0][0]}).status_code == 403


def test_a_draft_survey_can_be_previewed_before_it_opens(mail_app, mail, make_staff, tmp_path):
    app = mail_app
    slug, contacts = setup(app, tmp_path, status="draft")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = admin.get(f"/admin/surveys/{slug}/invitations/preview")
    assert page.status_code == 200 and contacts[0][1] in body_of(page)
    sent = admin.post(f"/admin/surveys/{slug}/invitations/preview",
                      data={"csrf_token": csrf_token(page.get_data(True)), "contact_id": contacts[0][0]})
    assert sent.status_code == 302 and len(mail.inbox.to("admin@example.org")) == 1
