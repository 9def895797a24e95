"""A second reminder round straight after the first reminds no one: REMINDER_INTERVAL_HOURS must pass first."""
from datetime import timedelta

from sqlalchemy import select

from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import Invitation


def invited(app, tmp_path, n=3):
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(n, n)))
    assert f"Sent {n} invitations" in cli(app, "invitations", "send", slug).output
    return slug


def test_reminding_twice_in_a_row_sends_the_second_round_to_no_one(mail_app, mail, tmp_path):
    app = mail_app
    slug = invited(app, tmp_path)
    assert "Sent 3 reminders; 0 failed." in cli(app, "invitations", "send", slug, "--reminder").output
    again = cli(app, "invitations", "send", slug, "--reminder")
    assert again.exit_code == 0
    assert "Sent 0 reminders; 0 failed." in again.output
    assert "3 contacts reminded less than 24 hours ago are left out (REMINDER_INTERVAL_HOURS)." in again.output
    dry = cli(app, "invitations", "send", slug, "--reminder", "--dry-run")
    assert "Would email 0 reminders" in dry.output
    assert len(mail.inbox.messages) == 6
    # A day later they are due again.
    with app.app_context():
        for invitation in db.session.execute(select(Invitation)).scalars():
            invitation.reminded_at -= timedelta(hours=25)
        db.session.commit()
    assert "Sent 3 reminders; 0 failed." in cli(app, "invitations", "send", slug, "--reminder").output
    assert len(mail.inbox.messages) == 9


def test_the_interval_is_a_setting(make_app, mail, tmp_path):
    app = make_app(REMINDER_INTERVAL_HOURS=0, **mail.config)
    slug = invited(app, tmp_path, n=2)
    for _ in range(2):
        assert "Sent 2 reminders" in cli(app, "invitations", "send", slug, "--reminder").output
    for wrong in ("soon", "nan", "1e999", -1):
        app.config["REMINDER_INTERVAL_HOURS"] = wrong
        result = cli(app, "invitations", "send", slug, "--reminder")
        assert result.exit_code == 1
        assert f"REMINDER_INTERVAL_HOURS is {wrong!r}; set it to a number of hours" in result.output


def test_a_second_click_on_send_reminders_reminds_no_one_again(make_app, mail, make_staff, tmp_path):
    from conftest import logged_in_client, post_form

    app = make_app(**mail.config)
    slug = invited(app, tmp_path)
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = f"/admin/surveys/{slug}"
    first = post_form(admin, page, f"{page}/invitations/send", data={"kind": "reminder"}, follow_redirects=True)
    assert "Sent 3, failed 0." in first.get_data(as_text=True)
    assert "reminded too recently" not in first.get_data(as_text=True)
    second = post_form(admin, page, f"{page}/invitations/send", data={"kind": "reminder"}, follow_redirects=True)
    html = second.get_data(as_text=True)
    assert "Sent 0, failed 0." in html and "3 contacts were reminded too recently to be reminded again yet." in html
    assert len(mail.inbox.messages) == 6
