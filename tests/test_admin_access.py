"""Every /admin endpoint, found by walking the URL map: anonymous visitors go to login, analysts get 403 from
admin-only actions. Features added later are covered without editing this file."""
import pytest
from conftest import csrf_token

from survey_engine.admin.access import PUBLIC_ENDPOINTS, is_admin_rule

SAMPLE_VALUES = {"IntegerConverter": 1, "FloatConverter": 1.0, "PathConverter": "x/y",
                 "UUIDConverter": "00000000-0000-0000-0000-000000000000"}


def sample_value(converter):
    """A value the converter accepts: by its class or the werkzeug class it extends, else a slug."""
    for cls in type(converter).__mro__:
        if cls.__name__ in SAMPLE_VALUES:
            return SAMPLE_VALUES[cls.__name__]
    return "walk"


def admin_urls(app):
    """(endpoint, method, url) for every method of every /admin rule except the public ones."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not is_admin_rule(rule) or rule.endpoint in PUBLIC_ENDPOINTS:
                continue
            values = {name: sample_value(conv) for name, conv in rule._converters.items()}
            url = app.url_for(rule.endpoint, **values)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    return found


def token_for(client, page):
    return csrf_token(client.get(page).get_data(as_text=True))


def call(client, method, url, token):
    return client.open(url, method=method, data={"csrf_token": token} if method != "GET" else None)


def test_the_walk_finds_the_staff_pages(app):
    endpoints = {endpoint for endpoint, _, _ in admin_urls(app)}
    assert {"admin.dashboard", "admin.survey", "admin.audit", "admin.logout", "admin.disable_user"} <= endpoints


def test_every_admin_endpoint_declares_who_may_use_it(app):
    for endpoint, _, _ in admin_urls(app):
        view = app.view_functions[endpoint]
        assert getattr(view, "staff_access", None) in ("staff", "admin"), (
            f"{endpoint} needs @staff_required or @admin_required (survey_engine/admin/access.py)")


def test_anonymous_requests_are_sent_to_login(app, client, open_survey):
    open_survey("trust-survey", "walk")
    token = token_for(client, "/admin/login")
    for endpoint, method, url in admin_urls(app):
        response = call(client, method, url, token)
        assert response.status_code == 302, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/admin/login"), (endpoint, method)


def test_analysts_get_403_from_every_admin_only_endpoint(app, analyst_client, open_survey):
    open_survey("trust-survey", "walk")
    token = token_for(analyst_client, "/admin/")
    admin_only = [(e, m, u) for e, m, u in admin_urls(app) if app.view_functions[e].staff_access == "admin"]
    assert admin_only, "expected at least the audit log to be admin-only"
    for endpoint, method, url in admin_only:
        response = call(analyst_client, method, url, token)
        assert response.status_code == 403, (endpoint, method, response.status_code)


def test_analysts_may_read_the_staff_pages(app, analyst_client, open_survey):
    open_survey("trust-survey", "walk")
    for endpoint, method, url in admin_urls(app):
        if method == "GET" and app.view_functions[endpoint].staff_access == "staff":
            assert analyst_client.get(url).status_code in (200, 404), endpoint


@pytest.mark.parametrize("url", ["/admin/audit", "/admin/"])
def test_admins_reach_admin_pages(admin_client, url):
    assert admin_client.get(url).status_code == 200
