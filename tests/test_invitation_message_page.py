"""The staff page sets the invitation email as `invitations message` does, and says who each button would email."""
import html as htmllib

from invite_helpers import answer_through, cli, make_survey, trust_contacts, write_csv


def test_admins_set_the_invitation_email_on_the_staff_page(make_app, mail, make_staff, tmp_path):
    from conftest import logged_in_client, post_form

    app = make_app(**mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(3, 3)))
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = f"/admin/surveys/{slug}/invitations/message"
    form = admin.get(page).get_data(as_text=True)
    assert "Please take part:" in form and "{link}" in form

    # A wrong placeholder and a body without the link: refused, and what was typed comes back.
    typed = "Dear {name} at {trust}, please answer."
    refused = post_form(admin, page, data={"subject": "Survey <for> {organisation}", "body": typed})
    text = htmllib.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 400
    assert "The body uses {trust}, which is not a placeholder" in text
    assert typed in text and 'value="Survey <for> {organisation}"' in text
    no_link = post_form(admin, page, data={"subject": "", "body": "Dear {name}, please answer."})
    assert no_link.status_code == 400 and "must contain {link}" in no_link.get_data(as_text=True)
    too_long = post_form(admin, page, data={"subject": "x" * 301, "body": ""})
    assert too_long.status_code == 400 and "at most 300 characters" in too_long.get_data(as_text=True)

    saved = post_form(admin, page, data={"subject": "Survey for {organisation}",
                                         "body": "Hello {name}: {link}\r\nby {closing_date}."})
    assert saved.status_code == 302
    assert cli(app, "invitations", "send", slug).exit_code == 0
    message = mail.inbox.to("person1@trust1.nhs.example.org")[0]
    assert str(message["Subject"]) == "Survey for Trust 1 NHS Foundation Trust"
    assert message.get_content().startswith("Hello Person 1: http://surveys.test/s/trusts/")
    assert "by no closing date." in message.get_content()
    assert "Hello {name}: {link}\nby {closing_date}." in cli(app, "invitations", "message", slug).output
    assert "invitations.message" in admin.get("/admin/audit").get_data(as_text=True)

    # Blank boxes go back to the default.
    assert post_form(admin, page, data={"subject": "", "body": ""}).status_code == 302
    assert cli(app, "invitations", "message", slug).output.startswith("Subject: Please take part:")


def test_analysts_cannot_change_the_invitation_email(make_app, make_staff):
    from conftest import logged_in_client

    app = make_app()
    slug = make_survey(app)
    analyst = logged_in_client(app, make_staff, "analyst@example.org", "analyst")
    assert analyst.get(f"/admin/surveys/{slug}/invitations/message").status_code == 403


def test_the_survey_page_says_how_many_each_button_would_email(make_app, mail, make_staff, tmp_path):
    from conftest import logged_in_client

    app = make_app(**mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(4, 4)))
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert "Sending invitations will email 4 contacts who have not had a link yet." in page
    assert "Sending reminders will email 0 contacts who were sent a link and have not completed." in page
    cli(app, "invitations", "send", slug)
    answer_through(app, mail.inbox.link(mail.inbox.to("person1@trust1.nhs.example.org")[0]))
    page = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert "Sending invitations will email 0 contacts who have not had a link yet." in page
    assert "Sending reminders will email 3 contacts who were sent a link and have not completed." in page


def test_changing_the_email_on_the_command_line_is_audited(app):
    from invite_helpers import cli, make_survey

    from survey_engine.extensions import db
    from survey_engine.models import AuditEvent

    slug = make_survey(app)

    def events():
        with app.app_context():
            return db.session.execute(db.select(AuditEvent.action, AuditEvent.detail)
                                      .where(AuditEvent.action == "invitations.message").order_by(AuditEvent.id)).all()

    assert cli(app, "invitations", "message", slug).exit_code == 0  # only prints
    assert events() == []
    assert cli(app, "invitations", "message", slug, "--subject", "Hello {name}").exit_code == 0
    assert cli(app, "invitations", "message", slug, "--default").exit_code == 0
    assert events() == [("invitations.message", "custom"), ("invitations.message", "default")]
