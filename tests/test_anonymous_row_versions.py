"""On PostgreSQL an anonymous survey's invitations do not pair with its responses through the rows' xmin."""
import pytest
from sqlalchemy import text

from test_invitations import mail, mail_app  # noqa: F401  (fixtures)
from test_respondents_data import invite_and_answer

from survey_engine.extensions import db


def test_invitations_that_progressed_share_one_row_version(mail_app, mail, tmp_path):
    app = mail_app
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("xmin is PostgreSQL's; SQLite keeps no transaction id on a row")
    invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1, 2, 3, 4))
    with app.app_context():
        responses = db.session.execute(text("SELECT xmin::text::bigint FROM response")).scalars().all()
        invitations = db.session.execute(text("SELECT xmin::text::bigint FROM invitation "
                                              "WHERE progress <> 'invited'")).scalars().all()
    assert len(responses) == 4 and len(invitations) == 4
    # Each invitation used to be written in the transaction just after its own response's (xmin + 1).
    assert len(set(invitations)) == 1
