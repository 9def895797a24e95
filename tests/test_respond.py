"""The respondent's pages, answered through the test client along every branch of each questionnaire."""
import pytest
from conftest import Respondent
from sqlalchemy import select
from survey_helpers import TRUST_START, stored

from survey_engine.extensions import db
from survey_engine.models import Answer, Response, Survey
from survey_engine.surveys import set_status


def test_trust_survey_heard_and_used(app, client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    r.answer_all(TRUST_START + [
        {"heard_before": "yes", "how_found": "online"},
        {"used": "yes", "encouraged_colleagues": "yes"},
        {"made_difference": "yes", "how_used": "Shaping strategy", "difference_made": "Culture change"},
        {"more_information": "no", "colleagues_information": "yes", "comments": ""},
    ])
    assert r.submit().headers["Location"].endswith(f"/s/{slug}/done")
    rows, status = stored(app, slug)
    assert status == "submitted"
    assert rows["heard_before"] == [("yes", None, None)]
    assert rows["made_difference"] == [("yes", None, None)]
    assert rows["how_used"] == [(None, "Shaping strategy", None)]
    # Asked but left blank: a row with nothing in it, so summaries can tell "not answered" from "not asked".
    assert rows["comments"] == [(None, None, None)]
    with app.app_context():
        response = db.session.execute(select(Response)).scalar_one()
        assert response.organisation.name == "mersey care NHS foundation trust"
        assert response.questionnaire_version == 1


def test_trust_survey_not_heard_skips_the_difference_page(app, client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.start()
    location = r.answer(location, TRUST_START[0]).headers["Location"]
    location = r.answer(location, {"heard_before": "no", "how_found": "this-survey"}).headers["Location"]
    assert location.endswith("/page/3")
    # Not heard of them, not used them: page 4 asks nothing, so the next stop is page 5.
    location = r.answer(location, {"used": "no", "encouraged_colleagues": "no"}).headers["Location"]
    assert location.endswith("/page/5")
    page = r.get(location).get_data(as_text=True)
    assert "Page 4 of up to 5" in page  # page 4 was skipped; the most there could be stays 5
    location = r.answer(location, {"more_information": "yes", "colleagues_information": "yes"}).headers["Location"]
    assert location.endswith("/check")
    r.submit()
    rows, status = stored(app, slug)
    assert status == "submitted"
    assert "made_difference" not in rows and "how_used" not in rows and "difference_made" not in rows


def test_trust_survey_used_without_having_heard_asks_only_how_used(app, client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.answer_all(TRUST_START + [{"heard_before": "no", "how_found": "this-survey"}])
    location = r.answer(location, {"used": "yes", "encouraged_colleagues": "no"}).headers["Location"]
    assert location.endswith("/page/4")
    page = r.get(location).get_data(as_text=True)
    assert 'name="how_used"' in page and 'name="made_difference"' not in page


def test_trust_survey_skipping_optional_used_skips_page_four(client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.answer_all(TRUST_START + [{"heard_before": "no", "how_found": "this-survey"},
                                           {"encouraged_colleagues": "no"}])
    assert location.endswith("/page/5")


def test_changed_answer_drops_stale_answers(app, client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    r.answer_all(TRUST_START + [
        {"heard_before": "yes", "how_found": "online"},
        {"used": "yes", "encouraged_colleagues": "yes"},
        {"made_difference": "yes", "how_used": "Training", "difference_made": "Better processes"},
    ])
    assert "made_difference" in stored(app, slug)[0]
    # Change "heard before" from the check page: the difference questions are no longer asked.
    response = r.answer(f"/s/{slug}/page/2?return=check", {"heard_before": "no", "how_found": "this-survey"})
    rows, _ = stored(app, slug)
    assert "made_difference" not in rows and "difference_made" not in rows
    assert rows["how_used"] == [(None, "Training", None)]  # still asked: used is still yes
    # The check page sends the respondent to the first page they have not finished.
    assert response.headers["Location"].endswith("/check")
    assert client.get(f"/s/{slug}/check").headers["Location"].endswith("/page/5")


def test_signatory_survey_used_with_other_difference(app, client, open_survey):
    slug = open_survey("signatory-survey")
    r = Respondent(client, slug)
    location = r.answer_all([
        {"organisation": "ReCoCo"}, {"how_found": "nsun"}, {"used": "yes"}])
    assert location.endswith("/page/4")
    page = r.answer(location, {"differences": ["quality", "other"], "differences__other": ""})
    assert page.status_code == 200
    assert "Say what the other answer is" in page.get_data(as_text=True)
    location = r.answer(location, {"differences": ["cv", "quality", "other"],
                                   "differences__other": "Built a peer network"}).headers["Location"]
    location = r.answer(location, {"training": "no", "colleagues_training": "yes"}).headers["Location"]
    check = r.get(location).get_data(as_text=True)
    assert "Other: Built a peer network" in check
    assert f'href="/s/{slug}/page/4?return=check#differences-1"' in check
    assert f'href="/s/{slug}/page/1?return=check#organisation"' in check
    r.submit()
    rows, status = stored(app, slug)
    assert status == "submitted"
    assert rows["differences"] == sorted([("quality", None, None), ("cv", None, None),
                                          ("other", "Built a peer network", None)], key=str)


def test_signatory_survey_not_used_skips_differences(app, client, open_survey):
    slug = open_survey("signatory-survey")
    r = Respondent(client, slug)
    location = r.answer_all([{"organisation": "Rethink"}, {"how_found": "colleague"}, {"used": "no"}])
    assert location.endswith("/page/5")
    r.answer(location, {})
    r.submit()
    rows, status = stored(app, slug)
    assert status == "submitted" and "differences" not in rows and rows["training"] == [(None, None, None)]


@pytest.mark.parametrize("monitoring", ["yes", "no", ""])
def test_end_of_involvement_with_and_without_equality_monitoring(app, client, open_survey, monitoring):
    slug = open_survey("end-of-involvement")
    r = Respondent(client, slug)
    pages = [{"activity": "Interview panel", "involved_as": "carer"},
             {"principles_respect": "strongly-agree", "principles_equal": "agree"},
             {"purpose_clear": "disagree"}, {}, {}, {"process_payment_prompt": "strongly-disagree"},
             {"impact_again": "agree"}, {"went_well": "Listened to", "could_be_better": "<b>Papers</b> late"},
             {"equality_monitoring": monitoring}]
    location = r.answer_all(pages)
    if monitoring == "yes":
        assert location.endswith("/page/10")
        location = r.answer(location, {"age": "35-44", "gender": "prefer-not-to-say"}).headers["Location"]
    assert location.endswith("/check")
    check = r.get(location).get_data(as_text=True)
    assert "&lt;b&gt;Papers&lt;/b&gt; late" in check and "<b>Papers</b>" not in check
    r.submit()
    rows, status = stored(app, slug)
    assert status == "submitted"
    assert rows["process_payment_prompt"] == [("strongly-disagree", None, None)]
    assert rows["process_jargon"] == [(None, None, None)]
    assert ("age" in rows) == (monitoring == "yes")
    if monitoring == "yes":
        assert rows["gender"] == [("prefer-not-to-say", None, None)] and rows["ethnicity"] == [(None, None, None)]


def test_rejected_page_keeps_what_was_typed_and_links_errors(client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.start()
    response = r.answer(location, {"organisation": "", "role": "Participation <lead> & \"manager\""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert ('<a href="#organisation">Enter the name of your organisation<span class="error-summary__question">: '
            'Which NHS Trust do you work for?</span></a>') in html
    assert 'value="Participation &lt;lead&gt; &amp; &#34;manager&#34;"' in html
    assert 'aria-describedby="organisation-error"' in html


def test_choice_error_links_to_first_option(client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.answer_all(TRUST_START)
    html = r.answer(location, {"how_found": "online"}).get_data(as_text=True)
    assert '<a href="#heard_before-1">Select an answer<span class="error-summary__question">: Before you' in html
    assert 'id="heard_before-1"' in html
    assert 'value="online" checked' in html  # the answer given on the rejected page is kept


def test_unknown_option_is_rejected(client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.answer_all(TRUST_START)
    response = r.answer(location, {"heard_before": "maybe", "how_found": "online"})
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(app, client, open_survey):
    slug = open_survey("trust-survey")
    response = client.post(f"/s/{slug}")
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
    r = Respondent(client, slug)
    location = r.start()
    response = client.post(location, data={"organisation": "X"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.execute(select(Answer)).first() is None


def test_submitting_twice_creates_nothing_twice(app, client, open_survey):
    slug = open_survey("signatory-survey")
    r = Respondent(client, slug)
    r.answer_all([{"organisation": "Maternal OCD"}, {"how_found": "online"}, {"used": "no"}, {}])
    first = r.submit()
    second = r.post(f"/s/{slug}/check")
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.execute(select(Response.status)).scalars().all() == ["submitted"]
        assert db.session.execute(select(Answer).filter_by(question_key="used")).scalars().all()[0].value == "no"
        assert len(db.session.execute(select(Answer).filter_by(question_key="used")).scalars().all()) == 1
    # Coming back to the start page says the answers are in, rather than offering a fresh form.
    assert "Your answers are in" in client.get(f"/s/{slug}").get_data(as_text=True)


def test_check_page_sends_back_to_unfinished_pages(client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    r.answer_all(TRUST_START)
    response = client.get(f"/s/{slug}/check")
    assert response.headers["Location"].endswith("/page/2")


def test_unknown_draft_and_closed_surveys(app, client, open_survey):
    assert client.get("/s/no-such-survey").status_code == 404
    slug = open_survey("trust-survey")
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        set_status(survey, "draft")
    response = client.get(f"/s/{slug}")
    assert response.status_code == 403 and "not open yet" in response.get_data(as_text=True)
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        set_status(survey, "closed")
    response = client.get(f"/s/{slug}")
    assert response.status_code == 410 and "has closed" in response.get_data(as_text=True)
    assert client.get(f"/s/{slug}/page/1").status_code == 410


def test_pages_without_a_response_go_to_the_start(client, open_survey):
    slug = open_survey("trust-survey")
    assert client.get(f"/s/{slug}/page/2").headers["Location"].endswith(f"/s/{slug}")
    assert client.get(f"/s/{slug}/check").headers["Location"].endswith(f"/s/{slug}")
    r = Respondent(client, slug)
    r.start()
    assert client.get(f"/s/{slug}/page/99").status_code == 404


def test_home_lists_open_surveys_only(client, open_survey, app):
    open_survey("trust-survey", "public-one", title="Public one", listed=True)
    open_survey("signatory-survey", "invite-only", title="Invite only", access="invite")
    html = client.get("/").get_data(as_text=True)
    assert "Public one" in html and "Invite only" not in html


def test_bad_form_value_is_never_a_stack_trace(client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.start()
    response = r.answer(location, {"organisation": ["a", "b"], "role": "x" * 10000})
    assert response.status_code == 200
    assert "Traceback" not in response.get_data(as_text=True)
