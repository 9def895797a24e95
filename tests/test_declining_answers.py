"""Taking back an optional answer, and "Prefer not to say" / "Not applicable": offered by the questionnaire
document, counted on rows of their own, outside the answered base unless the question says "in_base": true."""
import csv
import json
import re

import openpyxl
from survey_helpers import export

from survey_engine.documents import default_types
from survey_engine.extensions import db
from survey_engine.models import Survey
from survey_engine.questionnaire import DocumentError, Questionnaire
from survey_engine.summary import build
from survey_engine.testing import Respondent

DECLINING = {
    "id": "declining", "version": 1, "title": "About you", "introduction": "Every question can be skipped.",
    "pages": [{"title": "About you", "questions": ["disability", "meetings"]}],
    "questions": [
        {"key": "disability", "type": "single_choice", "text": "Do you consider yourself disabled?",
         "required": False, "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
         "prefer_not_to_say": True, "not_applicable": True},
        {"key": "meetings", "type": "agreement", "text": "Meetings were accessible", "required": False,
         "prefer_not_to_say": True, "in_base": True},
    ],
}


def make(instance_path, make_app):
    folder = instance_path / "questionnaires"
    folder.mkdir(exist_ok=True)
    (folder / "declining.json").write_text(json.dumps(DECLINING), encoding="utf-8")
    app = make_app()
    result = app.test_cli_runner().invoke(args=["surveys", "create", "--questionnaire", "declining",
                                                "--slug", "about", "--open"])
    assert result.exit_code == 0, result.output
    return app


def answer(app, data):
    r = Respondent(app.test_client(), "about")
    location = r.start()
    assert r.answer(location, data).headers["Location"].endswith("/check")
    assert r.submit().headers["Location"].endswith("/done")


def test_the_page_offers_them_and_the_check_page_names_them(instance_path, make_app):
    app = make(instance_path, make_app)
    r = Respondent(app.test_client(), "about")
    page = r.get(r.start()).get_data(as_text=True)
    assert re.search(r'name="disability"\s+type="radio" value="prefer-not-to-say"', page)
    assert "Prefer not to say" in page and "Not applicable" in page
    r.post("/s/about/page/1", {"disability": "not-applicable", "meetings": "prefer-not-to-say"})
    check = r.get("/s/about/check").get_data(as_text=True)
    assert "Not applicable" in check and "Prefer not to say" in check


def test_counted_on_their_own_rows_outside_the_answered_base_unless_in_base(instance_path, make_app, tmp_path):
    app = make(instance_path, make_app)
    for disability, meetings in (("yes", "agree"), ("no", "agree"), ("prefer-not-to-say", "prefer-not-to-say"),
                                 ("not-applicable", "disagree")):
        answer(app, {"disability": disability, "meetings": meetings})
    with app.app_context():
        survey = db.session.execute(db.select(Survey)).scalar_one()
        summary = build.summarise(survey)
    disability, meetings = summary["questions"]
    rows = {o["value"]: o for o in disability["options"]}
    assert rows["prefer-not-to-say"]["count"] == 1 and rows["not-applicable"]["count"] == 1
    assert rows["prefer-not-to-say"]["percent"] is None and rows["prefer-not-to-say"]["outside_base"]
    assert disability["answered"] == 2 and disability["base"] == 2 and rows["yes"]["percent"] == 50
    assert disability["not_answered"] == 0 and disability["asked"] == 4
    # "in_base": true counts "Prefer not to say" as an answer like any other.
    mrows = {o["value"]: o for o in meetings["options"]}
    assert meetings["answered"] == 4 and mrows["prefer-not-to-say"]["percent"] == 25
    assert not mrows["prefer-not-to-say"].get("outside_base")

    # The exports show them: by label on the Responses sheet and the CSV, on their own summary rows.
    csv_path = tmp_path / "about.csv"
    export(app.test_cli_runner(), "about", csv_path, "--format", "csv")
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert "Prefer not to say" in cells and "Not applicable" in cells
    xlsx = tmp_path / "about.xlsx"
    export(app.test_cli_runner(), "about", xlsx)
    sheet = openpyxl.load_workbook(xlsx)["Summary"]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert ["Prefer not to say (not in the base)", 1, None, None] in [row[:4] for row in values]


def test_the_settings_round_trip_and_are_checked():
    types = default_types()
    questionnaire = Questionnaire.from_dict(DECLINING, types)
    document = questionnaire.to_dict(types)
    again = Questionnaire.from_dict(document, types)
    assert again.questions[0].settings == {"prefer_not_to_say": True, "not_applicable": True}
    assert [o.value for o in again.questions[0].options] == ["yes", "no"]
    assert again.to_dict(types) == document
    broken = json.loads(json.dumps(DECLINING))
    broken["questions"][0]["prefer_not_to_say"] = "yes"
    try:
        Questionnaire.from_dict(broken, types)
    except DocumentError as error:
        assert "prefer_not_to_say must be true or false" in str(error)
    else:
        raise AssertionError("a setting that is not true or false was accepted")
    many = json.loads(json.dumps(DECLINING))
    many["questions"][1]["type"] = "multiple_choice"
    many["questions"][1]["options"] = [{"value": "a", "label": "A"}]
    try:
        Questionnaire.from_dict(many, types)
    except DocumentError as error:
        assert "has no setting 'prefer_not_to_say'" in str(error)
    else:
        raise AssertionError("multiple choice accepted prefer_not_to_say")


def test_an_optional_choice_can_be_taken_back_without_javascript(app, open_survey):
    slug = open_survey("end-of-involvement", "eoi")
    r = Respondent(app.test_client(), slug)
    location = r.start()
    location = r.answer(location, {}).headers["Location"]
    assert location.endswith("/page/2")
    r.answer(location, {"principles_respect": "agree"})
    page = r.get(location).get_data(as_text=True)
    assert re.search(r'id="principles_respect-none" name="principles_respect" type="radio" value=""', page)
    assert "Leave unanswered" in page
    assert r.post(location, {"principles_respect": ""}).status_code == 302
    page = r.get(location).get_data(as_text=True)
    assert not re.search(r'name="principles_respect"\s+type="radio" value="[\w-]+" checked', page)
    # A required question offers no such choice: it must be answered.
    trust = Respondent(app.test_client(), open_survey("trust-survey", "trusts"))
    location = trust.start()
    location = trust.answer(location, {"organisation": "Somewhere", "role": ""}).headers["Location"]
    assert 'id="heard_before-none"' not in trust.get(location).get_data(as_text=True)


def test_xlsform_columns_turn_the_settings_on(tmp_path):
    from test_xlsform import SURVEY_HEADER, YES_NO, write_form

    from survey_engine.xlsform import read_xlsform
    header = SURVEY_HEADER + ["prefer_not_to_say", "not_applicable", "in_base"]
    file = write_form(tmp_path, [["select_one yes_no", "member", "Are you a member?", None, "no", None, None, None,
                                  "yes", "", "no"]], YES_NO, survey_header=header)
    [question] = read_xlsform(file)["questions"]
    assert question["type"] == "yes_no" and question["prefer_not_to_say"] is True
    assert "not_applicable" not in question and "in_base" not in question
    assert [o["value"] for o in question["options"]] == ["yes", "no"]


def test_the_summary_pages_and_text_say_they_are_not_in_the_base(instance_path, make_app, make_staff):
    from survey_engine.testing import logged_in_client

    app = make(instance_path, make_app)
    answer(app, {"disability": "prefer-not-to-say", "meetings": "agree"})
    text = app.test_cli_runner().invoke(args=["summary", "about"]).output
    assert "Prefer not to say: 1 (not in the base)" in text
    page = logged_in_client(app, make_staff, "a@example.org", "analyst").get("/admin/surveys/about/summary")
    assert page.status_code == 200 and "not in the base" in page.get_data(as_text=True)


def test_an_optional_rating_can_be_left_unanswered_and_a_required_one_cannot(app):
    from flask import render_template_string

    from survey_engine.questionnaire import Question
    from survey_engine.registry import registry
    from survey_engine.respond.forms import page_form
    with app.test_request_context():
        rating = registry().question_types["rating"]
        for required in (False, True):
            q = Question("score", "rating", "How was it?", required=required, scale_minimum=0, scale_maximum=10)
            page = render_template_string('{% from "_macros.html" import question %}{{ question(q, qtype, form) }}',
                                          q=q, qtype=rating, form=page_form([q]))
            offered = bool(re.search(r'id="score-none" name="score" type="radio" value=""', page))
            assert offered == (not required) and ("Leave unanswered" in page) == (not required)
            assert 'type="radio" value="10"' in page
