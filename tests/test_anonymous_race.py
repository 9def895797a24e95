"""Respondents of an anonymous survey submitting through their links at the same moment all count, on PostgreSQL."""
import threading

import pytest
from conftest import TEST_DATABASE_URL
from invite_helpers import answer_through, cli, make_survey, trust_contacts, write_csv

from survey_engine.invitations.rates import rates_summary
from survey_engine.surveys import get_survey

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="the race needs PostgreSQL's concurrent writers")

PEOPLE = 8


def test_simultaneous_submissions_neither_deadlock_nor_lose_progress(make_app, mail, tmp_path):
    app = make_app(**mail.config)
    slug = make_survey(app, anonymity="anonymous")
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(PEOPLE, 4))).exit_code == 0
    assert cli(app, "invitations", "send", slug).exit_code == 0
    respondents = [answer_through(app, mail.inbox.link(message), submit=False)[1]
                   for _address, message in mail.inbox.messages]
    barrier = threading.Barrier(PEOPLE)
    outcomes = [None] * PEOPLE

    def submit(i):
        barrier.wait(timeout=30)
        try:
            outcomes[i] = respondents[i].submit().status_code
        except Exception as exc:  # a deadlock surfaces here, as the test client re-raises it
            outcomes[i] = repr(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == [302] * PEOPLE
    with app.app_context():
        assert rates_summary(get_survey(slug))["responded"]["contacts"] == PEOPLE
