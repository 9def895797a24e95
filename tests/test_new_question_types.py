"""The date, rating and list question types, end to end: a page, an import, the summary and both exports."""
import csv
import datetime
import io
import json
from statistics import mean, median

import pytest
from openpyxl import load_workbook

from plugin_helpers import write_instance_plugin
from typed_helpers import QUESTIONNAIRE_PLUGIN
from survey_engine.testing import Respondent

PAGE = {"when": ("27", "3", "2024"), "score": 9, "trust": "trust-number-56"}
IMPORTED = [("2024-03-05", 7, "Trust number 2"), ("14/04/2024", 10, "trust-number-56"),
            ("2024-04-30", 7, "TRUST NUMBER 2")]
DATES = ["2024-03-27", "2024-03-05", "2024-04-14", "2024-04-30"]
SCORES = [PAGE["score"]] + [score for _, score, _ in IMPORTED]


#: The same questionnaire as a document in instance/questionnaires/: no Python at all.
QUESTIONNAIRE_DOCUMENT = {
    "id": "typed", "version": 1, "title": "Typed", "introduction": "Three new types.",
    "pages": [{"title": "Your visit", "questions": ["when", "score", "trust"]}],
    "questions": [
        {"key": "when", "type": "date", "text": "When did you last visit?", "hint": "For example, 27 3 2024"},
        {"key": "score", "type": "rating", "text": "How was it?", "scale_minimum": 0, "scale_maximum": 10,
         "minimum_label": "Very poor", "maximum_label": "Excellent"},
        {"key": "trust", "type": "list", "text": "Which Trust?",
         "options": [{"value": f"trust-number-{n}", "label": f"Trust number {n}"} for n in range(1, 57)]},
    ],
}


@pytest.fixture(params=["plugin", "document"])
def typed(request, make_app, instance_path):
    """The questionnaire from an instance plugin, or (the plugin-free path) from a JSON document file."""
    if request.param == "plugin":
        write_instance_plugin(instance_path, "typed", QUESTIONNAIRE_PLUGIN)
    else:
        folder = instance_path / "questionnaires"
        folder.mkdir()
        (folder / "typed.json").write_text(json.dumps(QUESTIONNAIRE_DOCUMENT))
    app = make_app()
    assert "typed" in app.extensions["survey_engine"].questionnaires, app.extensions["survey_engine"].broken_sources
    from survey_engine.surveys import create_survey

    with app.app_context():
        create_survey("typed", "typed", status="open")
    return app


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def page_data(day, month, year, score="9", trust="trust-number-56"):
    return {"when": day, "when__month": month, "when__year": year, "score": score, "trust": trust}


def test_the_page_draws_each_type_and_puts_errors_on_the_wrong_part(typed):
    r = Respondent(typed.test_client(), "typed")
    location = r.start()
    html = r.get(location).get_data(as_text=True)
    # One fieldset of three boxes for the date; a radio for each point, 0 to 10, with labelled ends; a select.
    assert all(f'id="{name}" name="{name}"' in html for name in ("when", "when__month", "when__year"))
    assert all(f'type="radio" value="{n}"' in html for n in range(11)) and "0 = Very poor" in html
    assert "10 = Excellent" in html and '<select class="select" id="trust" name="trust"' in html
    assert html.count("<option value=") == 57 and "<script>" not in html

    no_month = r.answer(location, page_data("27", "", "2024")).get_data(as_text=True)
    assert "The date must include a month" in no_month and 'href="#when__month"' in no_month
    assert 'input--width-2 input--error" id="when__month"' in no_month
    assert 'input--width-2" id="when"' in no_month  # the day was right, so it is not marked
    unreal = r.answer(location, page_data("31", "2", "2024")).get_data(as_text=True)
    assert "The date must be a real date" in unreal and 'href="#when"' in unreal
    short_year = r.answer(location, page_data("1", "2", "24")).get_data(as_text=True)
    assert "The year must include 4 numbers" in short_year and 'href="#when__year"' in short_year
    off_scale = r.answer(location, page_data("1", "2", "2024", score="11")).get_data(as_text=True)
    assert 'class="error-message"' in off_scale
    not_listed = r.answer(location, page_data("1", "2", "2024", trust="Atlantis")).get_data(as_text=True)
    assert 'href="#trust"' in not_listed


def test_the_new_types_answered_imported_summarised_and_exported(typed, tmp_path):
    r = Respondent(typed.test_client(), "typed")
    location = r.start()
    check = r.answer(location, page_data(*PAGE["when"], score=str(PAGE["score"])))
    assert check.headers["Location"].endswith("/s/typed/check"), check.get_data(as_text=True)
    html = r.get("/s/typed/check").get_data(as_text=True)
    assert "27 March 2024" in html and "9 on a scale of 0 to 10" in html and "Trust number 56" in html
    # Changing the answer shows the date in its boxes again.
    again = r.get(location).get_data(as_text=True)
    assert 'id="when" name="when" type="text" inputmode="numeric" value="27"' in again
    assert 'value="trust-number-56" selected' in again
    assert r.submit().headers["Location"].endswith("/s/typed/done")

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("when,score,trust\n2024-13-01,7,Trust number 1\n5 March,7,Trust number 1\n"
                     "2024-03-01,11,Trust number 1\n")
    result = cli(typed, "responses", "import", "typed", str(wrong))
    assert result.exit_code != 0
    assert "line 2: when: '2024-13-01': Enter the month as a number from 1 to 12" in result.output
    assert "line 3: when: '5 March' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY" in result.output
    assert "line 4: score: '11' is not one of its options" in result.output
    good = tmp_path / "good.csv"
    good.write_text("when,score,trust\n" + "".join(f"{d},{s},{t}\n" for d, s, t in IMPORTED))
    result = cli(typed, "responses", "import", "typed", str(good))
    assert result.exit_code == 0, result.output

    result = cli(typed, "summary", "typed", "--format", "json")
    assert result.exit_code == 0, result.output
    questions = {q["key"]: q for q in json.loads(result.output)["questions"]}
    when = questions["when"]
    assert when["kind"] == "date" and when["answered"] == len(DATES)
    assert {o["value"]: o["count"] for o in when["options"]} == {"2024-03": 2, "2024-04": 2}
    assert when["options"][0]["percent"] == 50.0
    assert when["dates"] == {"count": 4, "earliest": min(DATES), "latest": max(DATES)}
    score = questions["score"]
    assert score["kind"] == "rating"
    assert {o["value"]: o["count"] for o in score["options"]} == {str(n): SCORES.count(n) for n in range(11)}
    assert next(o for o in score["options"] if o["value"] == "7")["percent"] == 50.0
    assert score["number"]["mean"] == mean(SCORES) and score["number"]["median"] == median(SCORES)
    trust = questions["trust"]
    assert trust["kind"] == "choice" and len(trust["options"]) == 56
    counts = {o["value"]: o["count"] for o in trust["options"] if o["count"]}
    assert counts == {"trust-number-2": 2, "trust-number-56": 2}
    text = cli(typed, "summary", "typed").output
    assert "  - 2024-03: 2 (50.0%)" in text and f"mean {mean(SCORES):.2f}" in text
    filtered = json.loads(cli(typed, "summary", "typed", "--format", "json", "--answer", "score=7").output)
    assert filtered["respondents"] == SCORES.count(7)

    workbook_path = tmp_path / "typed.xlsx"
    result = cli(typed, "export", "typed", "--format", "xlsx", "--output", str(workbook_path))
    assert result.exit_code == 0, result.output
    book = load_workbook(workbook_path)
    rows = list(book["Responses"].iter_rows(values_only=True))
    header = rows[0]
    assert [row[header.index("when")] for row in rows[1:]] == [
        datetime.datetime.fromisoformat(d) for d in DATES]
    assert [row[header.index("score")] for row in rows[1:]] == SCORES
    assert [row[header.index("trust")] for row in rows[1:]] == [
        "Trust number 56", "Trust number 2", "Trust number 56", "Trust number 2"]
    summary = [row[:4] for row in book["Summary"].iter_rows(values_only=True)]
    assert ("2024-03", 2, None, None) in summary and ("Earliest", min(DATES), None, None) in summary
    # A mean has no interval: the two interval columns beside the percentage stay blank.
    assert ("Mean", mean(SCORES), None, None, None, len(SCORES)) in [
        row[:6] for row in book["Summary"].iter_rows(values_only=True)]

    csv_path = tmp_path / "typed.csv"
    assert cli(typed, "export", "typed", "--format", "csv", "--output", str(csv_path)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert [row["when"] for row in rows] == DATES
    assert [row["score"] for row in rows] == [str(s) for s in SCORES]


def test_a_setting_the_type_does_not_declare_is_refused(make_app, instance_path):
    from survey_engine.question_types import DateType, RatingType
    from survey_engine.questionnaire import Question, QuestionnaireError

    rating = Question("score", "rating", "How was it?", scale_minimum=0, scale_maximum=10)
    assert rating.settings == {"scale_minimum": 0, "scale_maximum": 10}
    assert rating.to_dict()["scale_maximum"] == 10
    RatingType().check_settings(rating)
    with pytest.raises(QuestionnaireError, match="unknown setting 'scale_minimum'"):
        DateType().check_settings(Question("when", "date", "When?", scale_minimum=1))
    with pytest.raises(QuestionnaireError, match="2 to 11 points"):
        RatingType().check(Question("score", "rating", "How was it?", scale_minimum=0, scale_maximum=100))
