"""Every survey tells respondents who holds their answers and where to get support, gives a reference number and
a copy of the answers to print; a new survey with nothing configured does all of this from defaults."""
import re
from datetime import date, timedelta

from conftest import Respondent, csrf_token
from survey_helpers import TRUST_PAGES as PAGES

from survey_engine.extensions import db
from survey_engine.models import Response
from survey_engine.models._types import utcnow
from survey_engine.models.response import REFERENCE_ALPHABET, reference_key, shown_reference

SAMARITANS = "you can call Samaritans free, day or night, on 116 123"


def text(response):
    return response.get_data(as_text=True)


def submitted(client, slug):
    respondent = Respondent(client, slug)
    respondent.answer_all(PAGES)
    assert respondent.submit().headers["Location"].endswith(f"/s/{slug}/done")
    return respondent


def test_a_new_survey_with_nothing_configured_shows_a_privacy_notice_and_support(client, open_survey):
    slug = open_survey("trust-survey")
    start = text(client.get(f"/s/{slug}"))
    assert "survey-engine holds your answers to this survey." in start
    assert "published only as totals" in start
    assert "Names and email addresses held for this survey are deleted 365 days after it closes." in start
    assert "Contact the person or organisation that sent you the link to this survey." in start
    assert SAMARITANS in start
    assert f'href="/s/{slug}/privacy"' in start
    privacy = client.get(f"/s/{slug}/privacy")
    assert privacy.status_code == 200
    assert "<h1" in text(privacy) and "Privacy notice" in text(privacy)
    submitted(client, slug)
    done = text(client.get(f"/s/{slug}/done"))
    assert SAMARITANS in done
    assert "They will be read with everyone else" in done  # what happens next, in the engine's words


def test_every_respondent_page_links_to_the_privacy_notice(client, open_survey, make_app):
    slug = open_survey("trust-survey")
    respondent = Respondent(client, slug)
    location = respondent.start()
    link = f'href="/s/{slug}/privacy"'
    assert link in text(client.get(location))
    errors = respondent.post(location, {})  # a page with errors
    assert "There is a problem" in text(errors) and link in text(errors)
    submitted(client, slug)
    assert link in text(client.get(f"/s/{slug}/done"))
    assert link in text(client.get(f"/s/{slug}/done/answers"))
    with make_app().app_context():
        from survey_engine.surveys import close_survey, get_survey
        close_survey(get_survey(slug), actor="test")
    closed = client.get(f"/s/{slug}")
    assert closed.status_code == 410 and link in text(closed)
    # The notice itself stays readable once the survey has closed.
    assert client.get(f"/s/{slug}/privacy").status_code == 200
    assert client.get("/s/no-such-survey/privacy").status_code == 404


def test_staff_pages_have_no_respondents_privacy_link(admin_client, open_survey):
    slug = open_survey("trust-survey")
    assert f'href="/s/{slug}/privacy"' not in text(admin_client.get(f"/admin/surveys/{slug}/summary"))


def test_the_notice_is_derived_from_the_surveys_settings(client, open_survey):
    slug = open_survey("trust-survey", access="invite", anonymity="identified", retention_days=30,
                       closes_at=date(2027, 1, 31), privacy_contact="privacy@nsun.example",
                       privacy_notice="We ask so that Trusts can be held to the standards.",
                       support_message="Call the NSUN line on 0800 000 0000.", next_steps="We will publish in spring.")
    html = text(client.get(f"/s/{slug}/privacy"))
    assert "Names and email addresses held for this survey are deleted 30 days after it closes." in html
    # Closing at the end of 31 January 2027 (midnight, 1 February) and kept 30 days: 3 March 2027.
    assert "It closes at the end of 31 January 2027 (UK time), so they are due to be deleted on 3 March 2027." in html
    assert "your answers are stored with your name, email address and organisation" in html
    assert '<a href="mailto:privacy@nsun.example">privacy@nsun.example</a>' in html
    assert "We ask so that Trusts can be held to the standards." in html
    assert "published only as totals" not in html


def test_site_settings_are_the_defaults_a_survey_falls_back_to(app, client, open_survey):
    from survey_engine.site import change_site_settings
    with app.app_context():
        change_site_settings("test", "NSUN", "", "Write to privacy@nsun.example or call 020 0000 0000.",
                             "Mind's line is open: 0300 123 3393.")
    slug = open_survey("trust-survey")
    start = text(client.get(f"/s/{slug}"))
    assert "NSUN holds your answers to this survey." in start
    assert "Write to privacy@nsun.example or call 020 0000 0000." in start
    assert "Mind&#39;s line is open: 0300 123 3393." in start and SAMARITANS not in start
    assert "– NSUN</title>" in start


def test_what_respondents_are_told_is_escaped(client, open_survey):
    slug = open_survey("trust-survey", privacy_notice="<script>alert(1)</script>",
                       support_message="<b>bold</b>", privacy_contact="<img src=x onerror=alert(1)>")
    html = text(client.get(f"/s/{slug}"))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "<img src=x" not in html


def test_the_confirmation_gives_a_reference_staff_can_find(app, client, open_survey, admin_client):
    slug = open_survey("trust-survey", next_steps="We will publish what we learned in the spring.")
    submitted(client, slug)
    done = text(client.get(f"/s/{slug}/done"))
    shown = re.search(r'class="reference">([0-9A-Z-]+)<', done).group(1)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", shown)
    assert "We will publish what we learned in the spring." in done
    assert "They will be read with everyone else" not in done
    with app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        assert shown_reference(response.reference) == shown
        assert shown.replace("-", "") != str(response.id)
    # Staff find it however it is typed: lower case, spaces, O for 0 and I or L for 1.
    typed = shown.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    found = admin_client.get(f"/admin/surveys/{slug}/responses/find", query_string={"reference": typed})
    assert found.status_code == 200
    assert f'id="response-number">{response.id}<' in text(found)
    missing = admin_client.get(f"/admin/surveys/{slug}/responses/find",
                               query_string={"reference": "0000-0000-0000"})
    assert "This survey has no response with the reference 0000-0000-0000" in text(missing)
    wrong = admin_client.get(f"/admin/surveys/{slug}/responses/find", query_string={"reference": "abc"})
    assert "Enter a reference number" in text(wrong) and 'value="abc"' in text(wrong)
    # Another survey's staff page does not find it.
    other = open_survey("signatory-survey", "other")
    assert "no response with the reference" in text(admin_client.get(
        f"/admin/surveys/{other}/responses/find", query_string={"reference": shown}))


def test_references_are_random_and_distinct(app, client, open_survey):
    slug = open_survey("trust-survey")
    for _ in range(3):
        Respondent(app.test_client(), slug).answer_all(PAGES[:1])
    with app.app_context():
        references = db.session.execute(db.select(Response.reference)).scalars().all()
    assert len(set(references)) == 3
    assert all(len(r) == 12 and set(r) <= set(REFERENCE_ALPHABET) for r in references)
    assert reference_key("k7qm-2xhd-9rtb") == "K7QM2XHD9RTB"
    assert reference_key("K7QM-2XHD-9RT") is None and reference_key("K7QM-2XHD-9RTU") is None


def test_a_copy_of_the_answers_to_print_for_this_browser_only(app, client, open_survey):
    slug = open_survey("trust-survey")
    assert client.get(f"/s/{slug}/done/answers").status_code == 410  # nothing sent yet
    submitted(client, slug)
    done = text(client.get(f"/s/{slug}/done"))
    assert f'href="/s/{slug}/done/answers"' in done
    copy = client.get(f"/s/{slug}/done/answers")
    assert copy.status_code == 200
    html = text(copy)
    assert "Your answers" in html and "Involvement lead" in html
    assert re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", html)
    # Another browser (the next person at a shared computer who starts afresh, or anyone else) cannot see it.
    assert app.test_client().get(f"/s/{slug}/done/answers").status_code == 410
    token = csrf_token(text(client.get(f"/s/{slug}")))
    client.post(f"/s/{slug}/start-again", data={"csrf_token": token})
    assert client.get(f"/s/{slug}/done/answers").status_code == 410


def test_the_copy_is_gone_an_hour_after_sending(app, client, open_survey):
    slug = open_survey("trust-survey")
    submitted(client, slug)
    with app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        response.submitted_at = utcnow() - timedelta(minutes=61)
        db.session.commit()
    gone = client.get(f"/s/{slug}/done/answers")
    assert gone.status_code == 410 and "no longer available" in text(gone)
    assert f'href="/s/{slug}/done/answers"' not in text(client.get(f"/s/{slug}/done"))


def test_the_stylesheet_prints_without_the_sites_chrome(client):
    css = text(client.get("/static/style.css"))
    assert "@media print" in css


def test_only_listed_surveys_are_on_the_home_page(client, open_survey):
    open_survey("trust-survey", "listed-one", title="Listed one", listed=True)
    open_survey("signatory-survey", "link-only", title="Link only")
    html = text(client.get("/"))
    assert "Listed one" in html and "Link only" not in html
