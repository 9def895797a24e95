"""Pressing "Start now" twice starts one response; starting responses from one address is rate-limited."""
import threading

from conftest import Respondent, csrf_token
from sqlalchemy import func, select

from survey_engine.extensions import db
from survey_engine.models import Response


def count_responses(app):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Response)).scalar()


def start_page(client, slug):
    """GET the start page, as the browser does before the double click; the form's fields."""
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    fields = {"csrf_token": csrf_token(html)}
    if 'name="start_key"' in html:
        fields["start_key"] = html.split('name="start_key"')[1].split('value="')[1].split('"')[0]
    return fields


def test_a_double_click_on_start_now_makes_one_response(app, client, open_survey):
    slug = open_survey("trust-survey")
    form = start_page(client, slug)
    cookie = client.get_cookie("session").value
    first = client.post(f"/s/{slug}", data=form)
    # The second click was sent with the same cookie, before the first answer came back.
    client.set_cookie("session", cookie)
    second = client.post(f"/s/{slug}", data=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count_responses(app) == 1
    # The cookie the browser kept (the second's) leads to that one response.
    respondent = Respondent(client, slug)
    assert respondent.answer(second.headers["Location"], {"organisation": "A Trust", "role": "Lead"}).status_code == 302
    assert "Continue" in client.get(f"/s/{slug}").get_data(as_text=True)


def test_two_clicks_at_the_same_moment_make_one_response(app, client, open_survey):
    slug = open_survey("trust-survey")
    for attempt in range(1, 4):
        browser = app.test_client()
        form = start_page(browser, slug)
        cookie = browser.get_cookie("session").value
        barrier = threading.Barrier(2)
        outcomes = [None, None]

        def click(i):
            tab = app.test_client()
            tab.set_cookie("session", cookie)
            barrier.wait(timeout=30)
            try:
                outcomes[i] = tab.post(f"/s/{slug}", data=form).status_code
            except Exception as exc:  # the test client re-raises a view's error
                outcomes[i] = repr(exc)

        threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert outcomes == [302, 302]
        assert count_responses(app) == attempt


def test_a_new_start_form_starts_a_new_response(app, open_survey):
    """The key is the form's, not the address's: two people on one computer, one after the other, each start."""
    slug = open_survey("trust-survey")
    for _ in range(2):
        client = app.test_client()
        assert client.post(f"/s/{slug}", data=start_page(client, slug)).status_code == 302
    assert count_responses(app) == 2


def test_starting_is_rate_limited_per_address(app, open_survey):
    slug = open_survey("trust-survey")
    assert app.config["RESPONSE_START_LIMIT"] == "60 per minute;600 per hour"
    outcomes = []
    for _ in range(75):
        client = app.test_client()
        outcomes.append(client.post(f"/s/{slug}", data=start_page(client, slug)))
    codes = [o.status_code for o in outcomes]
    assert codes == [302] * 60 + [429] * 15
    assert count_responses(app) == 60
    refused = outcomes[-1]
    page = refused.get_data(as_text=True)
    assert "Too many people have started this survey from your connection" in page
    assert "Try again in 1 minute" in page
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # Another address is not held back.
    client = app.test_client()
    form = start_page(client, slug)
    assert client.post(f"/s/{slug}", data=form, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 302


def test_the_start_limit_is_a_setting(make_app, open_survey):
    app = make_app(RESPONSE_START_LIMIT="2 per hour")
    slug = open_survey("trust-survey")
    codes = []
    for _ in range(3):
        client = app.test_client()
        codes.append(client.post(f"/s/{slug}", data=start_page(client, slug)).status_code)
    assert codes == [302, 302, 429]
