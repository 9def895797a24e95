"""A page saved while the same response is being submitted never changes the submitted answers."""
import threading

import pytest
from conftest import TEST_DATABASE_URL, Respondent, wait_until_blocked
from sqlalchemy import select
from survey_helpers import TRUST_PAGES as PAGES
from survey_helpers import stored

from survey_engine.answers import Answers, submit
from survey_engine.extensions import db
from survey_engine.models import Response
from survey_engine.respond import views

LATER = {"organisation": "Mersey Care NHS Foundation Trust", "role": "Changed after submitting"}


def at_check(client, open_survey):
    """A respondent who has answered every page and is on "Check your answers"."""
    slug = open_survey("trust-survey")
    respondent = Respondent(client, slug)
    respondent.answer_all(PAGES)
    respondent.get(f"/s/{slug}/page/1?return=check")  # the change link's page, open in another tab
    return slug, respondent


def test_a_page_saved_after_the_submission_committed_is_refused(app, client, open_survey, monkeypatch):
    """The page POST read "in progress", then the submission committed, then the page tried to save."""
    slug, respondent = at_check(client, open_survey)
    token = respondent.token
    reached, go_on = threading.Event(), threading.Event()
    real_save = views.save_page

    def save_page_after_the_submission(*args, **kwargs):
        reached.set()
        assert go_on.wait(timeout=30)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(views, "save_page", save_page_after_the_submission)
    outcome = {}

    def change_page_one():
        other_tab = app.test_client()
        other_tab.set_cookie("session", client.get_cookie("session").value)
        try:
            outcome["page"] = other_tab.post(f"/s/{slug}/page/1?return=check", data={**LATER, "csrf_token": token})
        except Exception as exc:  # the test client re-raises the view's error here
            outcome["page"] = exc

    thread = threading.Thread(target=change_page_one)
    thread.start()
    assert reached.wait(timeout=30), outcome
    assert respondent.submit().headers["Location"].endswith(f"/s/{slug}/done")
    go_on.set()
    thread.join(timeout=30)
    rows, status = stored(app, slug)
    assert status == "submitted"
    assert rows["role"] == [(None, "Involvement lead", None)]
    assert outcome["page"].status_code == 302
    assert outcome["page"].headers["Location"].endswith(f"/s/{slug}/done")


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="the lock wait needs PostgreSQL's concurrent writers")
def test_a_page_save_waiting_on_a_submission_rechecks_once_it_commits(app, client, open_survey):
    """The page's save blocks behind a submission still in its transaction, then finds the response submitted."""
    slug, respondent = at_check(client, open_survey)
    outcome = {}

    def change_page_one():
        try:
            outcome["page"] = respondent.post(f"/s/{slug}/page/1?return=check", data=LATER)
        except Exception as exc:  # a deadlock would surface here
            outcome["page"] = exc

    with app.app_context():
        response = db.session.execute(select(Response)).scalar_one()
        # The submission has begun: it holds the response's row, as submit()'s first UPDATE does, until it commits.
        db.session.execute(select(Response.id).where(Response.id == response.id).with_for_update())
        thread = threading.Thread(target=change_page_one)
        thread.start()
        wait_until_blocked(thread)
        questionnaire = views.questionnaire_for(response)
        assert submit(response, questionnaire, Answers.load(response, questionnaire))
    thread.join(timeout=30)
    rows, status = stored(app, slug)
    assert status == "submitted"
    assert rows["role"] == [(None, "Involvement lead", None)]
    assert outcome["page"].status_code == 302, outcome["page"]
    assert outcome["page"].headers["Location"].endswith(f"/s/{slug}/done")
