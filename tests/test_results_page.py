"""Results back to respondents (issue 15): a public page staff publish, with no count under the threshold."""
import re

import pytest
from sqlalchemy import select

from survey_engine.testing import post_form

SLUG = "reality-and-impact-trusts"
WHAT_WE_DID = "You said the standards need more guidance, so we wrote a guide with our members."


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    return runner


def publish(admin_client, slug=SLUG, text=WHAT_WE_DID, action="publish"):
    return post_form(admin_client, f"/admin/surveys/{slug}", f"/admin/surveys/{slug}/results",
                     data={"what_we_did": text, "action": action})


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_unpublished_results_are_not_found(demo, client):
    assert client.get(f"/s/{SLUG}/results").status_code == 404
    assert client.get("/s/no-such-survey/results").status_code == 404


def test_publishing_is_audited_and_the_page_shows_no_small_count(app, demo, admin_client, client):
    from survey_engine.extensions import db
    from survey_engine.models import AuditEvent

    assert publish(admin_client).status_code == 302
    page = client.get(f"/s/{SLUG}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = visible_text(html)
    assert WHAT_WE_DID in text
    threshold = app.config.get("SUMMARY_SUPPRESS_BELOW", 5)
    # Every number on the page that is not a percentage is a count or a base: none may be under the threshold.
    numbers = [int(n) for n in re.findall(r"(?<![\w.])(\d+)(?![\d.]*%)(?![A-Za-z])", text + " ".join(
        re.findall(r'aria-label="([^"]*)"', html)))]
    assert numbers, "the page shows some figures"
    assert all(n >= threshold for n in numbers), sorted(set(numbers))
    assert "fewer than 5" in text
    # Written answers are never shown; headlines are, when safe.
    with app.app_context():
        from survey_engine.models import Answer
        typed = db.session.execute(select(Answer.text).where(Answer.text.is_not(None))).scalars().all()
    assert typed
    assert not [t for t in typed if len(t) > 12 and t in html]
    assert "72% had heard of the standards previously (13 of 18)." in " ".join(text.split())
    with app.app_context():
        actions = db.session.execute(select(AuditEvent.action, AuditEvent.actor).where(
            AuditEvent.target == SLUG, AuditEvent.action.like("results.%"))).all()
    assert actions == [("results.published", "admin@example.org")]


def test_a_headline_that_would_give_a_small_number_away_is_not_shown(app, demo, admin_client, client):
    publish(admin_client)
    text = " ".join(visible_text(client.get(f"/s/{SLUG}/results").get_data(as_text=True)).split())
    # 12 of 13 felt the standards made a difference: the one who did not would be given away.
    assert "(12 of 13)" not in text
    assert "is not shown: too few people to show safely" in text


def test_the_confirmation_page_links_to_published_results(app, demo, admin_client):
    from survey_engine.testing import Respondent

    slug = "end-of-involvement-demo"  # every question may be skipped
    respondent = Respondent(app.test_client(), slug)
    location = respondent.start()
    while "/page/" in location:
        response = respondent.post(location, {})
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
    assert respondent.submit().status_code == 302
    done = respondent.get(f"/s/{slug}/done").get_data(as_text=True)
    assert f"/s/{slug}/results" not in done
    publish(admin_client, slug)
    done = respondent.get(f"/s/{slug}/done").get_data(as_text=True)
    assert f'href="/s/{slug}/results"' in done


def test_withdrawing_and_who_may_publish(app, demo, admin_client, analyst_client, client):
    from survey_engine.extensions import db
    from survey_engine.models import AuditEvent

    forbidden = analyst_client.post(f"/admin/surveys/{SLUG}/results", data={"what_we_did": "x"})
    assert forbidden.status_code in (400, 403)
    publish(admin_client)
    publish(admin_client, text="Updated.")
    assert "Updated." in client.get(f"/s/{SLUG}/results").get_data(as_text=True)
    publish(admin_client, action="withdraw")
    assert client.get(f"/s/{SLUG}/results").status_code == 404
    with app.app_context():
        actions = db.session.execute(select(AuditEvent.action).where(
            AuditEvent.action.like("results.%")).order_by(AuditEvent.id)).scalars().all()
    assert actions == ["results.published", "results.updated", "results.withdrawn"]
