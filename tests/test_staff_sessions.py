"""Logging out ends the session for good; a login does the same work whether or not the email has an account."""
from conftest import STAFF_PASSWORD, login, post_form

import survey_engine.models.staff as staff


def test_a_copy_of_the_session_cookie_is_worthless_after_logout(app, client, make_staff):
    make_staff("admin@example.org", "admin")
    login(client, "admin@example.org")
    copied = client.get_cookie("session").value
    assert post_form(client, "/admin/", "/admin/logout").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login")


def test_logging_in_again_after_logout_works(client, make_staff):
    make_staff("admin@example.org", "admin")
    login(client, "admin@example.org")
    post_form(client, "/admin/", "/admin/logout")
    assert login(client, "admin@example.org").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_unknown_email_costs_a_password_check_like_a_known_one(client, make_staff, monkeypatch):
    make_staff("admin@example.org", "admin")
    make_staff("gone@example.org", "admin", active=False)
    checked = []
    real = staff.check_password_hash
    monkeypatch.setattr(staff, "check_password_hash", lambda *a: checked.append(a[0].split("$")[0]) or real(*a))
    for email, password in [("nobody@example.org", STAFF_PASSWORD), ("admin@example.org", "wrong password!"),
                            ("gone@example.org", STAFF_PASSWORD)]:
        checked.clear()
        assert login(client, email, password).status_code == 200
        assert checked == ["scrypt:32768:8:1"], email
