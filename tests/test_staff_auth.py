"""Staff login and logout: sessions renewed, ended, expired and revoked; failed logins slowed."""
import re
import time

from conftest import STAFF_PASSWORD, csrf_token, login, post_form

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, StaffUser


def events(app, action):
    with app.app_context():
        return [(e.actor, e.target) for e in db.session.execute(
            db.select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)).scalars()]


def test_login_reaches_dashboard_and_logout_ends_session(app, client, make_staff):
    make_staff("admin@example.org", "admin")
    assert client.get("/admin/").status_code == 302
    response = login(client, "Admin@Example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200 and "Log out" in page.get_data(as_text=True)
    assert events(app, "login") == [("admin@example.org", "admin@example.org")]

    response = post_form(client, "/admin/", "/admin/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/login"
    assert client.get("/admin/").headers["Location"].startswith("/admin/login")
    assert events(app, "logout") == [("admin@example.org", "")]


def test_logout_is_post_only_and_needs_csrf(admin_client):
    assert admin_client.get("/admin/logout").status_code == 405
    assert admin_client.post("/admin/logout").status_code == 400
    assert admin_client.get("/admin/").status_code == 200


def test_wrong_email_and_wrong_password_get_the_same_answer(app, client, make_staff):
    make_staff("admin@example.org", "admin")
    make_staff("gone@example.org", "admin", active=False)
    pages = [login(client, email, password) for email, password in [
        ("nobody@example.org", STAFF_PASSWORD), ("admin@example.org", "wrong password!"),
        ("gone@example.org", STAFF_PASSWORD)]]
    bodies = {p.get_data(as_text=True).replace(csrf_token(p.get_data(as_text=True)), "")
              .replace("nobody@example.org", "X").replace("admin@example.org", "X").replace("gone@example.org", "X")
              for p in pages}
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert len(bodies) == 1 and "Enter a correct email address and password" in bodies.pop()
    assert client.get("/admin/").status_code == 302
    assert [target for _, target in events(app, "login.failed")] == [
        "nobody@example.org", "admin@example.org", "gone@example.org"]


def test_session_is_renewed_at_login(client, make_staff, open_survey):
    make_staff("admin@example.org", "admin")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client, "admin@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


def test_next_is_followed_only_within_admin(client, make_staff):
    make_staff("admin@example.org", "admin")
    response = client.get("/admin/audit")
    assert response.headers["Location"] == "/admin/login?next=/admin/audit"
    assert login(client, "admin@example.org", next_url="/admin/audit").headers["Location"] == "/admin/audit"
    for evil in ["https://evil.example/admin", "//evil.example/admin", "/s/x"]:
        post_form(client, "/admin/", "/admin/logout")
        assert login(client, "admin@example.org", next_url=evil).headers["Location"] == "/admin/"


def test_disabling_an_account_ends_its_session_at_once(app, admin_client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "disable", "admin@example.org"])
    assert result.exit_code == 0, result.output
    response = admin_client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login")
    assert login(admin_client, "admin@example.org").status_code == 200  # refused


def test_setting_a_password_ends_other_sessions(app, admin_client):
    result = app.test_cli_runner().invoke(args=["users", "set-password", "admin@example.org", "--password-stdin"],
                                          input="a brand new passphrase\n")
    assert result.exit_code == 0, result.output
    assert admin_client.get("/admin/").status_code == 302
    assert login(admin_client, "admin@example.org").status_code == 200
    assert login(admin_client, "admin@example.org", "a brand new passphrase").status_code == 302


def test_idle_session_expires(app, admin_client):
    assert admin_client.get("/admin/").status_code == 200
    with admin_client.session_transaction() as session:
        session["staff_seen"] = int(time.time()) - app.config["STAFF_IDLE_MINUTES"] * 60 - 5
    response = admin_client.get("/admin/")
    assert response.headers["Location"].startswith("/admin/login")
    page = admin_client.get(response.headers["Location"])
    assert "You were logged out because you had not used the staff pages" in page.get_data(as_text=True)


def test_recent_session_is_kept(app, admin_client):
    with admin_client.session_transaction() as session:
        session["staff_seen"] = int(time.time()) - app.config["STAFF_IDLE_MINUTES"] * 60 + 60
    assert admin_client.get("/admin/").status_code == 200


def test_failed_logins_for_one_account_are_slowed(app, client, make_staff):
    make_staff("admin@example.org", "admin")
    for _ in range(5):
        assert login(client, "admin@example.org", "wrong password!").status_code == 200
    response = login(client, "ADMIN@example.org")  # even the right password, for now
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    # The wait is rounded up to whole minutes, and the window started a moment ago.
    assert "Too many attempts" in text and re.search(r"Try again in 1[56] minutes", text)
    assert int(response.headers["Retry-After"]) > 0
    assert "Traceback" not in text
    # another account from the same address is not locked out by this one's failures
    make_staff("other@example.org", "analyst")
    assert login(client, "other@example.org").status_code == 302


def test_failed_logins_from_one_address_are_slowed(make_app, make_staff):
    app = make_app(STAFF_LOGIN_LIMIT_ADDRESS="3 per hour")
    client = app.test_client()
    for n in range(3):
        assert login(client, f"guess{n}@example.org", "wrong password!").status_code == 200
    response = login(client, "guess9@example.org", "wrong password!")
    assert response.status_code == 429 and re.search(r"Try again in 6[01] minutes", response.get_data(as_text=True))
    other = app.test_client()
    page = other.get("/admin/login")
    response = other.post("/admin/login", environ_base={"REMOTE_ADDR": "192.0.2.7"},
                          data={"email": "x@example.org", "password": "y", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 200


def test_successful_logins_are_not_counted(client, make_staff):
    make_staff("admin@example.org", "admin")
    for _ in range(7):
        assert login(client, "admin@example.org").status_code == 302
        post_form(client, "/admin/", "/admin/logout")


def test_password_is_hashed_with_scrypt(app, make_staff):
    make_staff("admin@example.org", "admin")
    with app.app_context():
        user = StaffUser.by_email("admin@example.org")
        assert user.password_hash.startswith("scrypt:") and STAFF_PASSWORD not in user.password_hash
