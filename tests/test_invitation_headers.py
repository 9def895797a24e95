"""Contact names are data in emails too: they never add a recipient, break a header or stop a sending run."""
from email.utils import getaddresses

from sqlalchemy import select

from invite_helpers import cli, make_survey, write_csv

from survey_engine.extensions import db
from survey_engine.models import Contact

TRICK = "Eve\u00a0 <attacker@evil.example>, Other"


def test_a_name_that_looks_like_addresses_stays_a_name(mail_app, mail, tmp_path):
    app = mail_app
    slug = make_survey(app)
    assert cli(app, "invitations", "message", slug, "--subject", "Hello {name}").exit_code == 0
    result = cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", [
        [TRICK, "eve@a.example.org", "Trust A", "", ""]]))
    assert result.exit_code == 0, result.output
    assert "Sent 1 invitation; 0 failed." in cli(app, "invitations", "send", slug).output
    rcpt, message = mail.inbox.messages[0]
    assert rcpt == "eve@a.example.org"
    # What a mail program reads from the To header: one address, the contact's, with the name as typed.
    assert getaddresses([str(message["To"])]) == [(TRICK, "eve@a.example.org")]
    assert str(message["Subject"]) == f"Hello {TRICK}"


def test_line_separators_in_names_are_refused_on_import(app, tmp_path):
    slug = make_survey(app)
    result = cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", [
        ["Ann", "ann@a.example.org", "Trust A", "", ""],
        ["Bo\u2028Bcc: x@evil.example", "bo@b.example.org", "Trust B", "", ""],
        ["Cy", "cy@c.example.org", "Trust\u0085C", "", ""]]))
    assert result.exit_code == 1
    assert "line 3: name contains a line break or control character" in result.output
    assert "line 4: organisation contains a line break or control character" in result.output
    with app.app_context():
        assert db.session.execute(select(Contact)).first() is None


def test_a_name_with_a_line_break_already_stored_does_not_stop_the_run(mail_app, mail, tmp_path):
    app = mail_app
    slug = make_survey(app)
    assert cli(app, "invitations", "message", slug, "--subject", "For {name}").exit_code == 0
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", [
        ["Ann", "ann@a.example.org", "Trust A", "", ""], ["Bo", "bo@b.example.org", "Trust B", "", ""]]))
    with app.app_context():
        # As a contact imported before separators were refused would be.
        contact = db.session.execute(select(Contact).filter_by(email="ann@a.example.org")).scalar_one()
        contact.name = "Ann\u2028Bcc: x@evil.example"
        db.session.commit()
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 0, result.output
    assert "Sent 2 invitations; 0 failed." in result.output
    subjects = {rcpt: str(m["Subject"]) for rcpt, m in mail.inbox.messages}
    assert subjects == {"ann@a.example.org": "For Ann Bcc: x@evil.example", "bo@b.example.org": "For Bo"}
    assert all(not m["Bcc"] for _, m in mail.inbox.messages)


def test_a_subject_of_more_than_one_line_is_refused(app):
    slug = make_survey(app)
    for subject in ("Hello\rBcc: x@evil.example", "Hello\u2028there"):
        result = cli(app, "invitations", "message", slug, "--subject", subject)
        assert result.exit_code == 1 and "the subject must be one line" in result.output
