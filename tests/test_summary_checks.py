"""Summary details checked through imported responses: filters in words, date bounds, medians, version filter."""
import csv
import json

import pytest

from survey_engine.summary.numbers import whole_percentage

PLUGIN = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire, options

def make(version):
    return Questionnaire(id="ages", version=version, title="Ages", introduction="", pages=[Page("One", [
        Question("pet", "single_choice", "Which pet?", options=options("Cat", "Dog")),
        Question("age", "number", "How old are you?", required=False),
    ])])

@hookimpl
def register_questionnaires():
    return [make(1), make(2)]
'''


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def summary(app, slug, *args):
    result = app.test_cli_runner().invoke(args=["summary", slug, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "json" in args else result.output


@pytest.fixture
def ages(make_app, instance_path, tmp_path):
    """An app with the "ages" questionnaire and a survey of it holding four imported responses."""
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "ages.py").write_text(PLUGIN)
    app = make_app()
    from survey_engine.surveys import create_survey

    with app.app_context():
        create_survey("ages", "ages", status="open")
    path = write_csv(tmp_path / "ages.csv", ["pet", "age", "submitted_at"], [
        ["cat", "10", "2019-04-01T23:59"],
        ["dog", "20", "2019-04-02T00:00"],
        ["cat", "41", "2019-04-02T23:59:59"],
        ["cat", "30", "2019-04-03"],
        ["dog", "", "2019-04-03"],
    ])
    result = app.test_cli_runner().invoke(args=["responses", "import", "ages", path])
    assert result.exit_code == 0, result.output
    return app


def test_rounding_half_up_at_exact_halves():
    assert whole_percentage(1, 200) == 1  # 0.5: round() says 0
    assert whole_percentage(1, 40) == 3  # 2.5: round() says 2
    assert whole_percentage(1, 8) == 13  # 12.5: round() says 12
    assert whole_percentage(3, 8) == 38  # 37.5


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(ages):
    age = next(q for q in summary(ages, "ages", "--format", "json")["questions"] if q["key"] == "age")
    assert (age["answered"], age["not_answered"]) == (4, 1)
    assert age["number"] == {"count": 4, "mean": 25.25, "median": 25.0, "minimum": 10.0, "maximum": 41.0}
    # An odd count: the middle value.
    odd = next(q for q in summary(ages, "ages", "--format", "json", "--answer", "pet=cat")["questions"]
               if q["key"] == "age")
    assert odd["number"]["median"] == 30.0


def test_date_filters_include_the_whole_of_each_day(ages):
    assert summary(ages, "ages", "--format", "json", "--until", "2019-04-01")["respondents"] == 1
    assert summary(ages, "ages", "--format", "json", "--since", "2019-04-02", "--until", "2019-04-02")[
        "respondents"] == 2
    assert summary(ages, "ages", "--format", "json", "--since", "2019-04-03")["respondents"] == 2
    bad = ages.test_cli_runner().invoke(args=["summary", "ages", "--since", "1/4/2019"])
    assert bad.exit_code == 2 and "is not a date like 2025-03-31" in bad.output


def test_text_summary_says_which_filters_are_in_force_in_words(ages):
    # No response names an organisation, so an organisation kind is an error (tests/test_filter_errors.py).
    text = summary(ages, "ages", "--answer", "pet=cat,dog", "--since", "2019-04-02", "--version", "1")
    assert "Filtered: submitted on or after 2019-04-02; questionnaire version 1; answer pet = cat or dog." in text
    assert "{" not in text and "[" not in text


def test_staff_page_filters_by_questionnaire_version(ages, make_staff):
    from conftest import login

    make_staff("analyst@example.org")
    client = ages.test_client()
    login(client, "analyst@example.org")
    html = client.get("/admin/surveys/ages/summary").get_data(as_text=True)
    assert '<option value="2">Version 2</option>' in html and '<option value="1">Version 1</option>' in html
    assert "4 people responded." not in html and "5 people responded." in html
    # The survey was created at version 2, so its imported responses are all version 2.
    html = client.get("/admin/surveys/ages/summary?version=1").get_data(as_text=True)
    assert "0 people responded." in html and '<option value="1" selected>' in html
    html = client.get("/admin/surveys/ages/summary?version=2").get_data(as_text=True)
    assert "5 people responded." in html
    html = client.get("/admin/surveys/ages/summary?version=9").get_data(as_text=True)
    assert "Choose a questionnaire version from the list" in html and "5 people responded." in html


def test_a_headline_with_no_base_says_why_truthfully(runner):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    data = json.loads(runner.invoke(args=["summary", "reality-and-impact-signatories", "--format", "json",
                                          "--answer", "used=no"]).output)
    assert data["respondents"] == 1
    by_question = {h["question"]: h for h in data["headlines"]}
    # The one who had not used the standards was never asked what difference they made...
    assert by_question["differences"]["text"] == (
        "0 of 0 respondents who had used the standards said they had improved service user mental health and "
        "wellbeing: no percentage, as no one was asked")
    # ...but was asked about training, and left it blank: "no one was asked" would be false.
    training = by_question["training"]
    assert (training["percent"], training["count"], training["base"]) == (None, 0, 0)
    assert training["text"] == ("0 of 0 respondents felt that they would benefit from additional training and "
                                "guidance on how to use the standards: no percentage, as no one who was asked "
                                "answered")


def test_import_names_every_unknown_column(app, open_survey, tmp_path):
    open_survey("trust-survey", "trusts")
    path = write_csv(tmp_path / "r.csv", ["organisation", "shoe_size", "heard_before", "hat", ""],
                     [["Mersey Care NHS Foundation Trust", "9", "yes", "", ""]])
    result = app.test_cli_runner().invoke(args=["responses", "import", "trusts", path])
    assert result.exit_code == 1
    assert "line 1: unknown columns 'shoe_size', 'hat', column 5 (no name); columns are the question keys" \
        in result.output
