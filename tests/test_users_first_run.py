"""The first admin is made with one command on a brand-new instance: no init-db first, no stack trace."""
from conftest import login

from survey_engine import create_app
from survey_engine.extensions import db


def test_users_create_on_a_brand_new_database_then_log_in(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    try:
        result = app.test_cli_runner().invoke(
            args=["users", "create", "first@example.org", "--role", "admin", "--password-stdin"],
            input="correct horse battery staple\n")
        assert result.exit_code == 0, result.output
        assert "Created admin account first@example.org" in result.output
        assert "Created the database" in result.output

        listed = app.test_cli_runner().invoke(args=["users", "list"])
        assert listed.exit_code == 0 and "first@example.org\tadmin\tactive" in listed.output
        client = app.test_client()
        assert login(client, "first@example.org").status_code == 302
        assert client.get("/admin/").status_code == 200
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_users_list_on_a_brand_new_database_says_there_are_none(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    try:
        result = app.test_cli_runner().invoke(args=["users", "list"])
        assert result.exit_code == 0 and "No staff accounts yet" in result.output, result.output
    finally:
        with app.app_context():
            db.engine.dispose()
