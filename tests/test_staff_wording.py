"""What the staff pages say: a 403 that speaks to staff, the truth about case at login, counts in plain words."""
import re

from conftest import login
from invite_helpers import cli, make_survey, trust_contacts, write_csv


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_staff_403_page_speaks_to_staff(analyst_client, client, open_survey):
    refused = analyst_client.get("/admin/surveys/new")
    assert refused.status_code == 403
    text = text_of(refused)
    assert "You do not have permission to see this page" in text
    assert "Ask an administrator" in text
    assert "the person who sent you the link" not in text
    # Respondents' 403s still speak to respondents.
    slug = open_survey("trust-survey", "drafty")
    with client.application.app_context():
        from survey_engine.extensions import db
        from survey_engine.models import Survey
        db.session.execute(db.update(Survey).values(status="draft"))
        db.session.commit()
    answer = client.get(f"/s/{slug}")
    assert answer.status_code == 403 and "Ask an administrator" not in text_of(answer)


def test_login_says_emails_ignore_case_and_passwords_do_not(app, client, make_staff):
    make_staff("someone@example.org", "admin")
    assert login(client, "SomeOne@Example.org").status_code == 302  # the email's case does not matter
    fresh = app.test_client()
    failed = login(fresh, "someone@example.org", "CORRECT HORSE BATTERY STAPLE")
    text = text_of(failed)
    assert "Enter a correct email address and password" in text
    assert "Both may be case-sensitive" not in text
    assert "The password is case-sensitive" in text


def test_the_sending_buttons_are_explained_in_plain_words(make_app, make_staff, tmp_path):
    from conftest import logged_in_client

    app = make_app()
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(4, 4)))
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    text = text_of(admin.get(f"/admin/surveys/{slug}"))
    assert "Send invitations emails" not in text and "Send reminders emails" not in text
    assert "Sending invitations will email 4 contacts who have not had a link yet." in text
    assert "Sending reminders will email 0 contacts" in text
