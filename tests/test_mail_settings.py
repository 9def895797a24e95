"""The MAIL_* settings read as people write them, from the config file or SURVEY_ENGINE_* variables."""
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from survey_engine.testing import Inbox, free_port
from invite_helpers import cli, make_survey, write_csv

from survey_engine.extensions import db
from survey_engine.models import OutgoingEmail

ONE = [["Ann", "ann@a.example.org", "Trust A", "", ""]]


def test_use_tls_written_false_does_not_turn_starttls_on(make_app, mail, tmp_path):
    # The loopback server offers no STARTTLS: a run that tried it would fail.
    app = make_app(**{**mail.config, "MAIL_USE_TLS": "False", "MAIL_USE_SSL": "off"})
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", ONE))
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 0, result.output
    assert "Sent 1 invitation; 0 failed." in result.output and len(mail.inbox.messages) == 1


def test_a_flag_that_is_neither_on_nor_off_is_a_clear_error_before_anything_is_queued(make_app, mail, tmp_path):
    app = make_app(**{**mail.config, "MAIL_USE_TLS": "maybe"})
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", ONE))
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 1 and "MAIL_USE_TLS is 'maybe'; set it to true or false" in result.output
    with app.app_context():
        assert db.session.execute(select(OutgoingEmail)).first() is None
    assert mail.inbox.messages == []


def test_a_password_in_the_environment_is_used_exactly_as_typed(make_app, monkeypatch, tmp_path):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"0042", b"1e3"))
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        # As JSON these would be the number 42 (or an error) and the number 1000.0.
        monkeypatch.setenv("SURVEY_ENGINE_MAIL_USERNAME", "0042")
        monkeypatch.setenv("SURVEY_ENGINE_MAIL_PASSWORD", "1e3")
        monkeypatch.setenv("SURVEY_ENGINE_MAIL_SERVER", "127.0.0.1")
        monkeypatch.setenv("SURVEY_ENGINE_MAIL_PORT", str(controller.port))
        app = make_app(MAIL_DEFAULT_SENDER="NSUN <s@nsun.test>", BASE_URL="http://surveys.test")
        slug = make_survey(app)
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", ONE))
        result = cli(app, "invitations", "send", slug)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert logins == [(b"0042", b"1e3")] and len(inbox.messages) == 1
