"""One invitation yields at most one submitted response, whichever browser submits first; erased contacts none."""
import threading

import pytest
from sqlalchemy import select

from conftest import Respondent
from invite_helpers import SIGNATORY_PAGES, cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import Invitation, Response


def told_answers_are_in(response):
    return response.status_code == 200 and "Your answers are in" in response.get_data(as_text=True)


def two_browsers_on_one_link(app, mail, tmp_path, anonymity="anonymous"):
    """Two contacts invited; the first one's link opened in two browsers, each with every page answered."""
    slug = make_survey(app, anonymity=anonymity)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(2, 2)))
    cli(app, "invitations", "send", slug)
    link = mail.inbox.link(mail.inbox.to("person1@trust1.nhs.example.org")[0])
    # Both open the link before either starts: on an identified survey a later opening resumes the contact's response.
    browsers = [app.test_client() for _ in range(2)]
    for client in browsers:
        assert client.get(link).status_code == 302
    respondents = [Respondent(client, slug) for client in browsers]
    for respondent in respondents:
        respondent.answer_all(SIGNATORY_PAGES)
    return slug, respondents


def submitted(app):
    with app.app_context():
        return db.session.execute(select(Response.id).where(Response.status == "submitted")).scalars().all()


@pytest.mark.parametrize("anonymity", ["anonymous", "identified"])
def test_the_second_browser_is_told_the_answers_are_in(mail_app, mail, tmp_path, anonymity):
    app = mail_app
    slug, (first, second) = two_browsers_on_one_link(app, mail, tmp_path, anonymity)
    assert first.submit().headers["Location"].endswith(f"/s/{slug}/done")
    # The second browser's own response is still in progress, yet every page says the answers are in...
    assert told_answers_are_in(second.client.get(f"/s/{slug}"))
    assert told_answers_are_in(second.client.get(f"/s/{slug}/page/1"))
    assert told_answers_are_in(second.post(f"/s/{slug}/page/1", data=SIGNATORY_PAGES[0]))
    assert told_answers_are_in(second.client.get(f"/s/{slug}/check"))
    assert told_answers_are_in(second.post(f"/s/{slug}/check"))
    # ...while the first still sees its confirmation.
    assert first.client.get(f"/s/{slug}/check").headers["Location"].endswith(f"/s/{slug}/done")
    assert len(submitted(app)) == 1
    with app.app_context():
        assert db.session.execute(select(Invitation.progress).order_by(Invitation.id)).scalars().all() \
            == ["completed", "invited"]


def test_two_browsers_submitting_at_once_give_one_response(mail_app, mail, tmp_path):
    app = mail_app
    slug, browsers = two_browsers_on_one_link(app, mail, tmp_path)
    for browser in browsers:
        browser.get(f"/s/{slug}/check")
    barrier = threading.Barrier(len(browsers))
    outcomes = [None] * len(browsers)

    def submit(i):
        barrier.wait(timeout=30)
        try:
            outcomes[i] = browsers[i].post(f"/s/{slug}/check")
        except Exception as exc:  # a deadlock or a locked SQLite database surfaces here
            outcomes[i] = repr(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.status_code for o in outcomes) == [200, 302], outcomes
    assert told_answers_are_in(next(o for o in outcomes if o.status_code == 200))
    assert len(submitted(app)) == 1


def test_an_erased_contacts_browser_can_neither_continue_nor_submit(mail_app, mail, tmp_path):
    app = mail_app
    slug, (browser, _other) = two_browsers_on_one_link(app, mail, tmp_path)
    assert cli(app, "contacts", "erase", slug, "person1@trust1.nhs.example.org").exit_code == 0
    for response in (browser.client.get(f"/s/{slug}/page/1"),
                     browser.post(f"/s/{slug}/page/1", data=SIGNATORY_PAGES[0]),
                     browser.client.get(f"/s/{slug}/check"), browser.post(f"/s/{slug}/check"),
                     browser.client.get(f"/s/{slug}")):
        assert response.status_code == 403, response.status_code
    assert submitted(app) == []
