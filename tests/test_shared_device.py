"""A shared computer: the respondent's cookie ends with the browser session, "Not you? Start again" lets the next
person begin afresh, and an open-link survey can be answered again on the same browser."""
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from conftest import Respondent, csrf_token
from sqlalchemy import func, select
from invite_helpers import cli, make_survey, trust_contacts, write_csv
from survey_helpers import TRUST_PAGES as PAGES

from survey_engine.extensions import db
from survey_engine.models import Response

START_AGAIN = "Not you? Start again"


def session_cookie(response):
    """The Set-Cookie header that carries the session."""
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def responses(app, status=None):
    with app.app_context():
        query = select(func.count()).select_from(Response)
        if status:
            query = query.where(Response.status == status)
        return db.session.execute(query).scalar()


def test_the_respondents_cookie_lasts_for_the_browser_session(app, client, open_survey):
    slug = open_survey("trust-survey")
    respondent = Respondent(client, slug)
    respondent.get(f"/s/{slug}")
    started = respondent.post(f"/s/{slug}")
    cookie = session_cookie(started)
    assert "Expires=" not in cookie and "Max-Age=" not in cookie


def test_a_longer_cookie_is_a_setting(make_app, open_survey):
    app = make_app(RESPONDENT_REMEMBER_DAYS=7)
    slug = open_survey("trust-survey")
    client = app.test_client()
    respondent = Respondent(client, slug)
    respondent.get(f"/s/{slug}")
    cookie = session_cookie(respondent.post(f"/s/{slug}"))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert abs(expires - (datetime.now(timezone.utc) + timedelta(days=7))) < timedelta(minutes=5)


def test_an_old_31_day_cookie_becomes_a_browser_session_one(make_app, open_survey):
    old = make_app(RESPONDENT_REMEMBER_DAYS=31)
    slug = open_survey("trust-survey")
    client = old.test_client()
    Respondent(client, slug).start()
    app = make_app()  # the same database, now with the default
    browser = app.test_client()
    browser.set_cookie("session", client.get_cookie("session").value)
    page = browser.get(f"/s/{slug}/page/1")
    assert page.status_code == 200
    cookie = session_cookie(page)
    assert "Expires=" not in cookie


def test_an_invitation_link_cookie_lasts_for_the_browser_session(make_app, mail, tmp_path):
    app = make_app(**mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(app, "invitations", "send", slug)
    opened = app.test_client().get(mail.inbox.link(mail.inbox.messages[0][1]))
    assert opened.status_code == 302
    assert "Expires=" not in session_cookie(opened)


def test_not_you_start_again_detaches_the_response_from_this_browser(app, client, open_survey):
    slug = open_survey("trust-survey")
    first = Respondent(client, slug)
    first.answer_all(PAGES[:2])
    start = client.get(f"/s/{slug}").get_data(as_text=True)
    assert START_AGAIN in start and "Continue" in start
    detached = client.post(f"/s/{slug}/start-again", data={"csrf_token": csrf_token(start)})
    assert detached.status_code == 302 and detached.headers["Location"].endswith(f"/s/{slug}")
    # The next person sees a fresh start page, and the pages no longer show the first person's answers.
    fresh = client.get(f"/s/{slug}").get_data(as_text=True)
    assert "Start now" in fresh and START_AGAIN not in fresh and "Continue" not in fresh
    assert client.get(f"/s/{slug}/page/1").headers["Location"].endswith(f"/s/{slug}")
    assert client.get(f"/s/{slug}/check").headers["Location"].endswith(f"/s/{slug}")
    second = Respondent(client, slug)
    page_one = client.get(second.start()).get_data(as_text=True)
    assert "Involvement lead" not in page_one
    # The first person's answers are kept, in progress, not deleted.
    assert responses(app, "in_progress") == 2


def test_start_again_needs_the_forms_token(app, client, open_survey):
    slug = open_survey("trust-survey")
    Respondent(client, slug).start()
    assert client.post(f"/s/{slug}/start-again").status_code == 400
    assert "Continue" in client.get(f"/s/{slug}").get_data(as_text=True)


def test_start_again_forgets_the_invitation_too(make_app, mail, tmp_path):
    app = make_app(**mail.config)
    slug = make_survey(app)  # invitation only
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(app, "invitations", "send", slug)
    client = app.test_client()
    client.get(mail.inbox.link(mail.inbox.messages[0][1]))
    Respondent(client, slug).start()
    start = client.get(f"/s/{slug}").get_data(as_text=True)
    assert START_AGAIN in start
    client.post(f"/s/{slug}/start-again", data={"csrf_token": csrf_token(start)})
    # Without the first person's invitation, this browser may not answer an invitation-only survey.
    assert client.get(f"/s/{slug}").status_code == 403


def test_after_submitting_an_open_link_survey_the_browser_can_start_a_new_response(app, client, open_survey):
    slug = open_survey("trust-survey")
    first = Respondent(client, slug)
    first.answer_all(PAGES)
    assert first.submit().headers["Location"].endswith(f"/s/{slug}/done")
    start = client.get(f"/s/{slug}").get_data(as_text=True)
    assert "Your answers are in" in start and "Start a new response" in start
    client.post(f"/s/{slug}/start-again", data={"csrf_token": csrf_token(start)})
    second = Respondent(client, slug)
    second.answer_all(PAGES)
    assert second.submit().headers["Location"].endswith(f"/s/{slug}/done")
    assert responses(app, "submitted") == 2


def test_an_invitation_only_survey_offers_no_new_response_after_submitting(make_app, mail, tmp_path):
    from invite_helpers import answer_through

    app = make_app(**mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(app, "invitations", "send", slug)
    client, _respondent = answer_through(app, mail.inbox.link(mail.inbox.messages[0][1]))
    start = client.get(f"/s/{slug}").get_data(as_text=True)
    assert "Your answers are in" in start and "Start a new response" not in start
