"""Values no database column can hold get the house-style 400 or 404, never a 500: on SQLite and PostgreSQL."""
import pytest
from conftest import csrf_token, login

NUL = "a\x00b"


def assert_house_style(response, code):
    html = response.get_data(as_text=True)
    assert response.status_code == code, (response.request.path, response.status_code)
    assert 'class="header"' in html and "Traceback" not in html


def test_nul_bytes_in_admin_forms_urls_and_queries_are_a_400(admin_client, open_survey):
    open_survey("trust-survey", "t")
    token = csrf_token(admin_client.get("/admin/surveys/new").get_data(as_text=True))
    form = {"csrf_token": token, "questionnaire": "trust-survey", "slug": "nul-title", "access": "open"}
    assert_house_style(admin_client.post("/admin/surveys/new", data={**form, "title": NUL}), 400)
    assert_house_style(admin_client.post("/admin/surveys/new", data={**form, NUL: "x"}), 400)
    assert_house_style(admin_client.get("/admin/surveys/a%00b"), 400)
    assert_house_style(admin_client.get(f"/admin/surveys/t/summary?organisation_kind={NUL}"), 400)
    assert admin_client.get("/admin/surveys/nul-title").status_code == 404


def test_nul_byte_in_the_login_form_is_a_400(client, make_staff):
    make_staff("admin@example.org", "admin")
    response = login(client, NUL + "@example.org")
    assert_house_style(response, 400)


def test_nul_byte_in_a_respondents_answer_is_a_400(client, open_survey):
    open_survey("trust-survey", "t")
    page = client.get("/s/t")
    response = client.post("/s/t", data={"csrf_token": csrf_token(page.get_data(as_text=True)), "x": NUL})
    assert_house_style(response, 400)


@pytest.mark.parametrize("user_id", ["2147483648", "99999999999999999999"])
def test_an_id_too_big_for_the_database_is_a_404(admin_client, user_id):
    token = csrf_token(admin_client.get("/admin/").get_data(as_text=True))
    for action in ("disable", "enable"):
        assert_house_style(admin_client.post(f"/admin/users/{user_id}/{action}", data={"csrf_token": token}), 404)


def test_a_page_number_too_big_for_the_database_is_a_404(client, open_survey):
    open_survey("trust-survey", "t")
    assert_house_style(client.get("/s/t/page/99999999999999999999"), 404)


# Numbers typed in forms too big for the database: ids (contacts/erase, responses/delete) are read by
# bad_input.parse_id (tests/test_long_digits.py); a retention period is refused by name (test_retention_bounds.py).


@pytest.mark.parametrize("action, field, code", [("contacts/erase", "contact_id", 404),
                                                 ("responses/delete", "response_id", 302),
                                                 ("settings", "retention_days", 200)])
def test_a_digit_that_is_not_a_number_is_no_500(admin_client, open_survey, action, field, code):
    open_survey("trust-survey", "t")
    token = csrf_token(admin_client.get("/admin/surveys/t").get_data(as_text=True))
    response = admin_client.post(f"/admin/surveys/t/{action}", data={"csrf_token": token, field: "²"})
    assert response.status_code == code
    if code == 404:
        assert_house_style(response, 404)


def test_a_version_like_a_superscript_two_is_a_problem_not_a_500(analyst_client, open_survey):
    open_survey("trust-survey", "t")
    page = analyst_client.get("/admin/surveys/t/summary?version=%C2%B2")
    assert page.status_code == 200 and "Choose a questionnaire version from the list" in page.get_data(as_text=True)
    assert analyst_client.get("/admin/surveys/t/export?version=%C2%B2").status_code == 302
