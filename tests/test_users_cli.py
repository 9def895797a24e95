"""`survey-engine users`: accounts created, listed, disabled and given passwords from the command line."""
import json

from conftest import login

from survey_engine.extensions import db
from survey_engine.models import AuditEvent


def test_create_with_prompt_then_log_in(app, runner, client):
    result = runner.invoke(args=["users", "create", "Admin@Example.org", "--role", "admin"],
                           input="long enough password\nlong enough password\n")
    assert result.exit_code == 0, result.output
    assert "Created admin account admin@example.org" in result.output
    assert "long enough password" not in result.output
    assert login(client, "admin@example.org", "long enough password").status_code == 302


def test_prompt_asks_again_when_the_passwords_differ_or_are_short(runner):
    result = runner.invoke(args=["users", "create", "a@example.org", "--role", "analyst"],
                           input="short\nshort\nfirst password!!\nsecond password!\n"
                                 "the final password\nthe final password\n")
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert "do not match" in result.output or "don't match" in result.output


def test_create_from_stdin_and_list(runner):
    for email, role in [("b@example.org", "analyst"), ("a@example.org", "admin")]:
        result = runner.invoke(args=["users", "create", email, "--role", role, "--password-stdin"],
                               input="from standard input\n")
        assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "list", "--format", "json"])
    rows = json.loads(result.output)
    assert [(r["email"], r["role"], r["active"], r["last_login_at"]) for r in rows] == [
        ("a@example.org", "admin", True, None), ("b@example.org", "analyst", True, None)]
    runner.invoke(args=["users", "disable", "b@example.org"])
    result = runner.invoke(args=["users", "list"])
    assert "b@example.org\tanalyst\tdisabled" in result.output


def test_bad_input_is_refused_clearly(runner, make_staff):
    make_staff("a@example.org", "admin")
    cases = [
        (["users", "create", "not-an-email", "--role", "admin", "--password-stdin"], "EMAIL"),
        (["users", "create", "c@example.org", "--role", "owner", "--password-stdin"], "'owner' is not one of"),
        (["users", "create", "c@example.org", "--password-stdin"], "Missing option '--role'"),
        (["users", "create", "A@example.org", "--role", "admin", "--password-stdin"], "already exists"),
        (["users", "create", "c@example.org", "--role", "admin", "--password-stdin"], "at least 12 characters"),
        (["users", "disable", "nobody@example.org"], "no staff account for 'nobody@example.org'"),
        (["users", "set-password", "nobody@example.org", "--password-stdin"], "no staff account"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args, input="short\n")
        assert result.exit_code != 0 and message in result.output, (args, result.output)


def test_enable_and_user_changes_are_audited(app, runner, client, make_staff):
    make_staff("a@example.org", "admin")
    runner.invoke(args=["users", "create", "b@example.org", "--role", "analyst", "--password-stdin"],
                  input="from standard input\n")
    runner.invoke(args=["users", "disable", "b@example.org"])
    assert login(client, "b@example.org", "from standard input").status_code == 200
    assert runner.invoke(args=["users", "enable", "b@example.org"]).exit_code == 0
    assert login(client, "b@example.org", "from standard input").status_code == 302
    runner.invoke(args=["users", "set-password", "b@example.org", "--password-stdin"], input="another password\n")
    with app.app_context():
        rows = [(e.actor, e.action, e.target) for e in db.session.execute(
            db.select(AuditEvent).filter(AuditEvent.action.like("user.%")).order_by(AuditEvent.id)).scalars()]
    assert rows == [("command line", "user.created", "b@example.org"),
                    ("command line", "user.disabled", "b@example.org"),
                    ("command line", "user.enabled", "b@example.org"),
                    ("command line", "user.password_set", "b@example.org")]


def test_every_users_command_has_help(runner):
    for command in ["create", "list", "disable", "enable", "set-password"]:
        result = runner.invoke(args=["users", command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
