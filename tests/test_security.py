"""Security headers on every response, the session cookie's flags, CSRF on respondent POSTs, house-style errors."""
from conftest import login


def test_headers_on_respondent_staff_and_error_pages(app, client, open_survey, make_staff):
    open_survey("trust-survey", "t")
    for url in ["/", "/s/t", "/admin/login", "/admin/", "/nope"]:
        response = client.get(url)
        h = response.headers
        assert "script-src 'self'" in h["Content-Security-Policy"] and "unsafe-inline" not in h[
            "Content-Security-Policy"], url
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"], url
        assert h["X-Content-Type-Options"] == "nosniff", url
        assert h["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin"), url
        assert "no-store" in h["Cache-Control"] and "private" in h["Cache-Control"], url
        assert "Strict-Transport-Security" not in h, url
    assert "no-store" not in client.get("/static/style.css").headers.get("Cache-Control", "")


def test_no_inline_script_or_style_in_any_page(app, admin_client, open_survey):
    open_survey("trust-survey", "t")
    for url in ["/", "/s/t", "/admin/", "/admin/surveys/t", "/admin/audit"]:
        html = admin_client.get(url).get_data(as_text=True).lower()
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html, url


def test_https_gets_hsts_and_a_secure_cookie(app, make_staff):
    make_staff("a@example.org", "admin")
    client = app.test_client()
    page = client.get("/admin/login", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    from conftest import csrf_token
    # Over HTTPS, Flask-WTF also checks the Referer (same-origin pages still send it under our policy).
    response = client.post("/admin/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/admin/login"},
                           data={"email": "a@example.org", "password": "correct horse battery staple",
                                 "csrf_token": csrf_token(page.get_data(as_text=True))})
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 302
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_plain_http_cookie_is_httponly_and_lax(client, make_staff):
    make_staff("a@example.org", "admin")
    cookie = login(client, "a@example.org").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_https_behind_a_trusted_proxy(make_app):
    app = make_app(TRUSTED_PROXIES="127.0.0.1")
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    untrusted = make_app()
    assert "Strict-Transport-Security" not in untrusted.test_client().get(
        "/", headers={"X-Forwarded-Proto": "https"}).headers


def test_respondent_posts_need_csrf(client, open_survey):
    open_survey("trust-survey", "t")
    response = client.post("/s/t")
    assert response.status_code == 400 and "Traceback" not in response.get_data(as_text=True)


def test_bad_form_values_never_show_a_stack_trace(admin_client, client):
    for response in [client.post("/admin/login", data={"email": "\x00" * 5000, "password": ["a", "b"]}),
                     admin_client.get("/admin/audit?page=99999999999999999999")]:
        text = response.get_data(as_text=True)
        assert response.status_code in (200, 400) and "Traceback" not in text


def test_error_pages_are_in_the_house_style(make_app, open_survey):
    app = make_app()

    def boom():
        raise RuntimeError("secret internals")
    app.add_url_rule("/boom", "boom", boom)
    client = app.test_client()
    from survey_engine.surveys import create_survey, set_status
    with app.app_context():
        set_status(create_survey("trust-survey", "gone"), "closed")
        create_survey("trust-survey", "draft")
    for url, code, method in [("/s/x", 404, "GET"), ("/s/gone", 410, "GET"), ("/s/draft", 403, "GET"),
                              ("/admin/login", 400, "POST"), ("/boom", 500, "GET"), ("/admin/logout", 405, "GET")]:
        response = client.open(url, method=method)
        html = response.get_data(as_text=True)
        assert response.status_code == code, url
        assert 'class="header"' in html and "Traceback" not in html and "secret internals" not in html, url
        assert "Content-Security-Policy" in response.headers and "no-store" in response.headers["Cache-Control"]


def test_downloads_are_not_kept_by_shared_caches(admin_client, open_survey):
    open_survey("trust-survey", "t")
    response = admin_client.get("/admin/surveys/t/export?format=csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
