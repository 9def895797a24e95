"""Two sending runs queueing at the same moment queue each contact once, and leave nothing queued, on PostgreSQL."""
import threading

import pytest
from conftest import TEST_DATABASE_URL, wait_until_blocked
from sqlalchemy import select

from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.invitations import sending
from survey_engine.models import OutgoingEmail
from survey_engine.surveys import get_survey

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="the race needs PostgreSQL's concurrent writers")


def test_a_run_queueing_beside_another_waits_and_sends_the_shared_queue(make_app, mail, tmp_path):
    app = make_app(**mail.config)
    slug = make_survey(app)
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(6, 6))).exit_code == 0
    second = {}
    with app.app_context():
        # The first run has taken the survey and queued everyone, but not yet committed.
        survey = get_survey(slug)
        sending._queue_alone(survey)
        for invitation in sending.eligible(survey, "invitation"):
            db.session.add(OutgoingEmail(survey_id=survey.id, invitation_id=invitation.id, kind="invitation"))
        db.session.flush()
        thread = threading.Thread(target=lambda: second.update(result=cli(app, "invitations", "send", slug)))
        thread.start()
        wait_until_blocked(thread, "UPDATE survey")
        db.session.commit()
        thread.join(timeout=30)
        assert second["result"].exit_code == 0, second["result"].output
        states = db.session.execute(select(OutgoingEmail.state)).scalars().all()
    assert sorted(rcpt for rcpt, _m in mail.inbox.messages) == sorted(
        f"person{i}@trust{i}.nhs.example.org" for i in range(1, 7))
    assert states == ["sent"] * 6
