"""Patterns that check what people type match the whole value: `$` would let a trailing newline through."""
import pytest

from conftest import post_form

from survey_engine.extensions import db
from survey_engine.models import Survey


def surveys(app):
    with app.app_context():
        return db.session.execute(db.select(Survey.slug)).scalars().all()


@pytest.mark.parametrize("slug", ["abc\n", "abc\r\n", "\nabc", "ab c", "abc-"])
def test_the_command_line_refuses_a_slug_with_a_newline(app, runner, slug):
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", slug])
    assert result.exit_code != 0
    assert "must be lowercase letters, digits and single hyphens" in result.output
    assert surveys(app) == []


def test_the_staff_page_refuses_a_slug_with_a_newline(app, admin_client):
    response = post_form(admin_client, "/admin/surveys/new", data={
        "questionnaire": "trust-survey", "slug": "abc\n", "access": "open"})
    assert response.status_code == 200
    assert "Use lowercase letters, digits and single hyphens" in response.get_data(as_text=True)
    assert surveys(app) == []

