"""The respondent's journey: changes from "Check your answers" ask only what they newly need, the page count never
goes up, and a browser without cookies is told why the survey needs one."""
import re

from conftest import Respondent, csrf_token
from survey_helpers import TRUST_START

PAGE_COUNT = re.compile(r'class="page-count">([^<]+)<')


def answered_to_check(app, slug):
    """A respondent who answered "no" to heard_before and used (so page 4 is skipped), at the check page."""
    r = Respondent(app.test_client(), slug)
    location = r.answer_all(TRUST_START + [{"heard_before": "no", "how_found": "this-survey"},
                                           {"used": "no", "encouraged_colleagues": "no"},
                                           {"more_information": "no", "colleagues_information": "no",
                                            "comments": ""}])
    assert location.endswith("/check")
    return r


def test_a_change_that_asks_nothing_new_goes_straight_back_to_the_check_page(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r = answered_to_check(app, slug)
    back = r.answer(f"/s/{slug}/page/1?return=check", {"organisation": "Somewhere else", "role": "Lead"})
    assert back.headers["Location"].endswith(f"/s/{slug}/check")
    back = r.answer(f"/s/{slug}/page/2?return=check", {"heard_before": "no", "how_found": "online"})
    assert back.headers["Location"].endswith(f"/s/{slug}/check")


def test_a_change_that_asks_a_new_page_visits_only_that_page_then_the_check_page(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r = answered_to_check(app, slug)
    # Now heard of them: page 4 asks whether they made a difference; page 3 and page 5 are answered already.
    changed = r.answer(f"/s/{slug}/page/2?return=check", {"heard_before": "yes", "how_found": "online"})
    assert changed.headers["Location"].endswith(f"/s/{slug}/page/4?return=check")
    done = r.answer(changed.headers["Location"], {"made_difference": "yes", "difference_made": ""})
    assert done.headers["Location"].endswith(f"/s/{slug}/check")
    assert r.get(f"/s/{slug}/check").status_code == 200


def test_the_page_count_never_goes_up_and_says_it_is_a_most(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r = Respondent(app.test_client(), slug)
    location = r.start()
    seen = []
    for data in TRUST_START + [{"heard_before": "yes", "how_found": "online"},
                               {"used": "yes", "encouraged_colleagues": "no"},
                               {"made_difference": "yes", "difference_made": "", "how_used": ""},
                               {"more_information": "no", "colleagues_information": "no", "comments": ""}]:
        page = r.get(location).get_data(as_text=True)
        seen.append(PAGE_COUNT.search(page).group(1))
        location = r.post(location, data).headers["Location"]
    assert seen == [f"Page {n} of up to 5" for n in range(1, 6)]


def test_a_questionnaire_without_branches_gives_its_exact_count(app, open_survey):
    slug = open_survey("signatory-survey", "signatories")
    r = Respondent(app.test_client(), slug)
    location = r.start()
    page = r.get(location).get_data(as_text=True)
    assert re.fullmatch(r"Page 1 of (up to )?\d+", PAGE_COUNT.search(page).group(1))


def test_a_browser_without_cookies_is_told_the_survey_needs_one(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    no_cookies = app.test_client(use_cookies=False)
    start = no_cookies.get(f"/s/{slug}")
    sent = no_cookies.post(f"/s/{slug}", data={"csrf_token": csrf_token(start.get_data(as_text=True))})
    html = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "This survey needs a cookie" in html and "allow cookies" in html
    assert "reload the page" not in html
    # A browser that kept its cookie but sent a stale form still gets the old advice, which works for it.
    client = app.test_client()
    client.get(f"/s/{slug}")
    stale = client.post(f"/s/{slug}", data={"csrf_token": "stale"})
    assert stale.status_code == 400 and "reload the page" in stale.get_data(as_text=True)
