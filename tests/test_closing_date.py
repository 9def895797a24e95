"""A closing date means answerable through the end of that day in the engine's time zone, in GMT and in BST alike."""
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from conftest import post_form
from survey_engine.testing import MailServer
from invite_helpers import cli, write_csv

from survey_engine import create_app
from survey_engine.extensions import db
from survey_engine.models import Survey

LONDON = ZoneInfo("Europe/London")


def next_day_in(month):
    """The 15th of `month` after today: in GMT for January, in BST for July, whatever year the tests run."""
    today = date.today()
    day = date(today.year, month, 15)
    return day if day > today + timedelta(days=1) else date(today.year + 1, month, 15)


def at(day, hour, minute, zone=LONDON):
    """A UTC clock reading for `hour:minute` on `day` in `zone`."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(timezone.utc)


def set_clock(monkeypatch, when):
    """Inject "now" where the survey decides whether it is open (the engine reads it from models._types.utcnow)."""
    monkeypatch.setattr("survey_engine.models.survey.utcnow", lambda: when)


def long_date(day):
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize("month, offset", [(1, "+00:00"), (7, "+01:00")], ids=["GMT", "BST"])
def test_cli_closing_date_is_answerable_until_midnight_uk_time(app, monkeypatch, month, offset):
    day = next_day_in(month)
    assert datetime.combine(day, time(12), tzinfo=LONDON).isoformat().endswith(offset)
    result = cli(app, "surveys", "create", "--questionnaire", "trust-survey", "--slug", "s", "--open",
                 "--closes", day.isoformat())
    assert result.exit_code == 0, result.output
    client = app.test_client()
    set_clock(monkeypatch, at(day, 23, 59))
    assert client.get("/s/s").status_code == 200
    set_clock(monkeypatch, at(day, 23, 59) + timedelta(seconds=59.999))
    assert client.get("/s/s").status_code == 200
    set_clock(monkeypatch, at(day + timedelta(days=1), 0, 0))
    assert client.get("/s/s").status_code == 410
    listed = cli(app, "surveys", "list").output
    assert f"closes at the end of {long_date(day)} (UK time)" in listed


@pytest.mark.parametrize("month", [1, 7], ids=["GMT", "BST"])
def test_staff_form_closing_date_is_answerable_until_midnight_uk_time(app, admin_client, monkeypatch, month):
    day = next_day_in(month)
    form = admin_client.get("/admin/surveys/new").get_data(as_text=True)
    assert "Answerable until the end of this day (UK time)." in form
    response = post_form(admin_client, "/admin/surveys/new", data={
        "questionnaire": "trust-survey", "slug": "s", "access": "open", "opens": day.isoformat(),
        "closes": day.isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        survey = db.session.execute(db.select(Survey).filter_by(slug="s")).scalar_one()
        survey.status = "open"
        db.session.commit()
    client = app.test_client()
    set_clock(monkeypatch, at(day, 0, 0) - timedelta(minutes=1))
    assert client.get("/s/s").status_code == 403  # not open yet: it opens at the start of the day, UK time
    set_clock(monkeypatch, at(day, 0, 0))
    assert client.get("/s/s").status_code == 200
    set_clock(monkeypatch, at(day, 23, 59))
    page = client.get("/s/s")
    assert page.status_code == 200
    assert f"Closes at the end of {long_date(day)} (UK time)." in page.get_data(as_text=True)
    set_clock(monkeypatch, at(day + timedelta(days=1), 0, 0))
    assert client.get("/s/s").status_code == 410
    staff_page = admin_client.get("/admin/surveys/s").get_data(as_text=True)
    assert f"the end of {long_date(day)} (UK time)" in staff_page


def test_email_cli_help_and_list_say_the_same_closing_date(make_app, tmp_path):
    day = date.today() + timedelta(days=40)
    with MailServer() as mail:
        app = make_app(**mail.config)
        assert cli(app, "surveys", "create", "--questionnaire", "signatory-survey", "--slug", "trusts", "--open",
                   "--access", "invite", "--closes", day.isoformat()).exit_code == 0
        cli(app, "contacts", "import", "trusts",
            write_csv(tmp_path / "c.csv", [["Ann", "a@a.example.org", "A", "", ""]]))
        assert cli(app, "invitations", "send", "trusts").exit_code == 0
        body = mail.inbox.messages[0][1].get_content()
    assert f"Please answer by the end of {long_date(day)} (UK time)." in body
    help_text = " ".join(cli(app, "surveys", "create", "--help").output.split())
    assert "Answerable until the end of this day (UK time, or the TIME_ZONE setting" in help_text


def test_another_time_zone_moves_the_end_of_the_day(make_app, monkeypatch):
    app = make_app(TIME_ZONE="America/New_York")
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "America/New_York"
    day = next_day_in(1)
    assert cli(app, "surveys", "create", "--questionnaire", "trust-survey", "--slug", "s", "--open",
               "--closes", day.isoformat()).exit_code == 0
    client = app.test_client()
    new_york = ZoneInfo("America/New_York")
    set_clock(monkeypatch, at(day, 23, 59, new_york))
    assert client.get("/s/s").status_code == 200
    set_clock(monkeypatch, at(day + timedelta(days=1), 0, 0, new_york))
    assert client.get("/s/s").status_code == 410
    assert f"closes at the end of {long_date(day)} (America/New_York time)" in cli(app, "surveys", "list").output


def test_a_bad_time_zone_stops_start_up_with_a_clear_error(instance_path, database_url):
    with pytest.raises(ValueError, match="TIME_ZONE 'Europe/Londres' is not a time zone"):
        create_app({"TESTING": True, "DATABASE_URL": database_url, "TIME_ZONE": "Europe/Londres"})
    env = dict(os.environ, SURVEY_ENGINE_TIME_ZONE="Europe/Londres", SURVEY_ENGINE_DATABASE_URL=database_url)
    result = subprocess.run([sys.executable, "-m", "survey_engine.cli", "surveys", "list"], capture_output=True,
                            text=True, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().startswith("Error: TIME_ZONE 'Europe/Londres' is not a time zone")
