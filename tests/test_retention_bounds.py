"""A retention period is 0 to 36,500 days wherever it is set, and one survey's problem never stops `retention apply`."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from conftest import post_form
from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import Contact, Survey
from survey_engine.surveys import SurveyError, create_survey

TOO_LONG = "3000000"
BOUND = "between 0 and 36500 days"


def test_the_command_line_refuses_a_retention_period_past_the_bound(app):
    result = cli(app, "surveys", "create", "--questionnaire", "trust-survey", "--slug", "s",
                 "--retention-days", TOO_LONG)
    assert result.exit_code == 2 and "36500" in result.output, result.output
    assert cli(app, "surveys", "create", "--questionnaire", "trust-survey", "--slug", "s",
               "--retention-days", "36500").exit_code == 0
    result = cli(app, "surveys", "privacy", "s", "--retention-days", TOO_LONG)
    assert result.exit_code == 2 and "36500" in result.output, result.output
    with app.app_context():
        assert db.session.execute(select(Survey.retention_days)).scalar_one() == 36500
        with pytest.raises(SurveyError, match=BOUND):
            create_survey("trust-survey", "t", retention_days=int(TOO_LONG))


@pytest.mark.parametrize("typed", [TOO_LONG, "99999999999999999999", "-1"])
def test_the_staff_page_refuses_a_retention_period_past_the_bound(app, admin_client, open_survey, typed):
    open_survey("trust-survey", "t")
    page = admin_client.get("/admin/surveys/t/settings").get_data(as_text=True)
    assert 'name="retention_days" type="number" value="365"' in page and 'min="0" max="36500"' in page
    response = post_form(admin_client, "/admin/surveys/t/settings", data={
        "listed": "no", "anonymity": "anonymous", "retention_days": typed})
    assert response.status_code == 200
    assert f"The retention period must be a whole number of days {BOUND}" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Survey.retention_days)).scalar_one() == 365


def closed_survey(app, tmp_path, slug, retention_days, closed_days_ago):
    make_survey(app, slug=slug)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / f"{slug}.csv", trust_contacts(2, 2)))
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        survey.status = "closed"
        survey.closed_at = datetime.now(timezone.utc) - timedelta(days=closed_days_ago)
        survey.retention_days = retention_days  # as stored before the bound: the column takes any integer
        db.session.commit()


def left(app, slug):
    with app.app_context():
        return db.session.execute(select(Contact.email).join(Survey).where(
            Survey.slug == slug, Contact.email.is_not(None))).scalars().all()


def test_a_survey_with_an_impossible_retention_period_does_not_stop_the_others(app, tmp_path):
    closed_survey(app, tmp_path, "aaa", 3_000_000, 400)
    closed_survey(app, tmp_path, "bbb", 30, 400)
    result = cli(app, "retention", "apply")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert "Erased 2 contacts of 'bbb'" in result.output
    assert ("left 'aaa' alone: its retention period of 3000000 days is not between 0 and 36500 days: set it "
            "with `survey-engine surveys privacy aaa --retention-days DAYS`") in result.output
    assert left(app, "bbb") == [] and len(left(app, "aaa")) == 2


def test_one_survey_that_fails_to_erase_is_reported_and_the_others_are_erased(app, tmp_path, monkeypatch):
    closed_survey(app, tmp_path, "aaa", 30, 400)
    closed_survey(app, tmp_path, "bbb", 30, 400)
    from survey_engine import privacy
    real = privacy.erase_contact
    with app.app_context():
        aaa = db.session.execute(select(Survey.id).filter_by(slug="aaa")).scalar_one()

    def failing(contact, when):
        if contact.survey_id == aaa:
            raise RuntimeError("disk full")
        return real(contact, when)
    monkeypatch.setattr(privacy, "erase_contact", failing)
    result = cli(app, "retention", "apply")
    assert result.exit_code == 1, result.output
    assert "could not erase the contacts of 'aaa': disk full" in result.output
    assert "Erased 2 contacts of 'bbb'" in result.output
    assert left(app, "bbb") == [] and len(left(app, "aaa")) == 2
