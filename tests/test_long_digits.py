"""Digit strings longer than Python's int() takes (4,300 digits) are a 400 or 404, never a 500."""
import pytest

from conftest import post_form

from survey_engine.bad_input import parse_id

LONG = "9" * 5000


@pytest.fixture
def survey_slug(open_survey):
    return open_survey("signatory-survey", "trusts", access="invite")


@pytest.mark.parametrize("value", [LONG, "9" * 4300, "1" + "0" * 20], ids=["5000", "4300", "21"])
def test_erasing_a_contact_with_a_long_id(admin_client, survey_slug, value):
    page = f"/admin/surveys/{survey_slug}"
    response = post_form(admin_client, page, f"{page}/contacts/erase", data={"contact_id": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", [LONG, "9" * 4300, "9" * 20], ids=["5000", "4300", "20"])
def test_deleting_a_response_with_a_long_number(admin_client, survey_slug, value):
    page = f"/admin/surveys/{survey_slug}"
    response = post_form(admin_client, page, f"{page}/responses/delete", data={"response_id": value},
                         follow_redirects=True)
    assert response.status_code == 200
    assert "This survey has no response" in response.get_data(as_text=True) or \
        "Enter the number of the response" in response.get_data(as_text=True)


def test_the_summary_with_a_long_version(admin_client, survey_slug):
    response = admin_client.get(f"/admin/surveys/{survey_slug}/summary?version={LONG}")
    assert response.status_code in (200, 400)
    assert "Choose a questionnaire version from the list" in response.get_data(as_text=True)


def test_parse_id():
    assert parse_id("42") == 42
    for text in [LONG, "", None, "-1", "1.0", "²", "٣", " 1", "1\n", "9" * 19, str(2**31)]:
        assert parse_id(text) is None, text


def test_the_command_line_deletes_no_response_with_a_long_number(app, runner, survey_slug):
    for value in ["9" * 4300, LONG, str(2**31)]:
        result = runner.invoke(args=["responses", "delete", survey_slug, value])
        assert result.exit_code in (1, 2) and isinstance(result.exception, SystemExit), repr(result.exception)[:200]
        assert "has no response" in result.output or "is not a valid integer" in result.output
