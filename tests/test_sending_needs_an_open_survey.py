"""Invitations go out only for a survey whose links work: never for a draft or a closed survey."""
from datetime import timedelta

import pytest
from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models._types import utcnow
from survey_engine.surveys import get_survey


@pytest.mark.parametrize("state, says", [("draft", "is a draft"), ("closed", "is closed"),
                                         ("past closing date", "has closed (it took answers until")])
def test_no_email_for_a_survey_its_links_cannot_answer(make_app, mail, tmp_path, state, says):
    app = make_app(**mail.config)
    slug = make_survey(app)
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(3, 1))).exit_code == 0
    with app.app_context():
        survey = get_survey(slug)
        if state == "past closing date":
            survey.closes_at = utcnow() - timedelta(days=1)
        else:
            survey.status = state
        db.session.commit()
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 1 and says in result.output
    assert mail.inbox.messages == []
    assert cli(app, "surveys", "open", slug).exit_code == 0
    if state != "past closing date":
        result = cli(app, "invitations", "send", slug)
        assert result.exit_code == 0, result.output
        assert len(mail.inbox.messages) == 3
