"""Scorecards by standard (issue 15): areas in the questionnaire document, and who agreed, area by area."""
import copy
import json
import pathlib

import pytest

from survey_engine.questionnaire import DocumentError, Questionnaire
from survey_engine.summary.intervals import wilson_interval
from survey_engine.summary.numbers import percentage

EOI = pathlib.Path(__file__).parent.parent / "questionnaires" / "end_of_involvement.json"
SLUG = "end-of-involvement-demo"


def document():
    return json.loads(EOI.read_text(encoding="utf-8"))


def test_the_end_of_involvement_questionnaire_has_the_five_standards_and_headlines():
    questionnaire = Questionnaire.from_dict(document())
    assert [a.title for a in questionnaire.areas] == ["Principles", "Purpose", "Presence", "Process", "Impact"]
    agreement = [q.key for q in questionnaire.questions if q.type == "agreement"]
    # Every statement is placed once, under the standard its key names.
    placed = [key for area in questionnaire.areas for key in area.questions]
    assert sorted(placed) == sorted(agreement)
    for area in questionnaire.areas:
        assert all(key.startswith(area.title.lower() + "_") for key in area.questions)
    assert len(questionnaire.headlines) >= 5


def test_areas_are_lossless_in_the_document():
    questionnaire = Questionnaire.from_dict(document())
    again = Questionnaire.from_dict(questionnaire.to_dict())
    assert again.areas == questionnaire.areas
    assert questionnaire.to_dict()["areas"] == document()["areas"]


def test_an_area_may_name_only_questions_the_questionnaire_has():
    doc = document()
    doc["areas"][1]["questions"].append("no_such_question")
    with pytest.raises(DocumentError) as caught:
        Questionnaire.from_dict(doc)
    assert ("/areas/1/questions/3", "area 'Purpose' names unknown question 'no_such_question'") in \
        caught.value.problems


def test_an_areas_agree_values_must_be_options_of_its_questions():
    doc = document()
    doc["areas"].append({"title": "Who", "questions": ["involved_as"], "agree": ["service-user"],
                         "disagree": ["nobody"]})
    with pytest.raises(DocumentError) as caught:
        Questionnaire.from_dict(doc)
    assert any("has no option 'nobody'" in message for _, message in caught.value.problems)
    bad = copy.deepcopy(document())
    bad["areas"][0]["colour"] = "red"
    with pytest.raises(DocumentError):
        Questionnaire.from_dict(bad)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    return runner


def test_scorecards_in_the_json_summary(demo):
    data = json.loads(demo.invoke(args=["summary", SLUG, "--format", "json"]).output)
    questions = {q["key"]: q for q in data["questions"]}
    cards = data["scorecards"]
    assert [c["area"] for c in cards] == ["Principles", "Purpose", "Presence", "Process", "Impact"]
    for card in cards:
        for line in card["statements"]:
            q = questions[line["key"]]
            counts = {o["value"]: o["count"] for o in q["options"]}
            assert line["agree"] == counts["agree"] + counts["strongly-agree"]
            assert line["disagree"] == counts["disagree"] + counts["strongly-disagree"]
            assert line["neither"] == counts["neither"]
            assert line["answered"] == q["answered"]
            assert line["agree_percent"] == float(percentage(line["agree"], q["answered"]))
            assert (line["ci_low"], line["ci_high"]) == wilson_interval(line["agree"], q["answered"])
            # Drawn left to right: disagreeing, neither, agreeing.
            assert [p["side"] for p in line["distribution"]] == ["disagree", "disagree", "neither", "agree", "agree"]
            assert [p["value"] for p in line["distribution"]][0] == "strongly-disagree"
        assert card["answered"] == sum(line["answered"] for line in card["statements"])
        assert card["agree"] == sum(line["agree"] for line in card["statements"])
        assert (card["ci_low"], card["ci_high"]) == wilson_interval(card["agree"], card["answered"])
    # A questionnaire without areas has no scorecards.
    trusts = json.loads(demo.invoke(args=["summary", "reality-and-impact-trusts", "--format", "json"]).output)
    assert trusts["scorecards"] == []


def test_an_area_can_name_what_counts_as_agreeing(app, open_survey):
    from survey_engine.summary.scorecards import area_scorecards
    from survey_engine.questionnaire import Area

    doc = document()
    doc["areas"] = [{"title": "Monitoring", "questions": ["equality_monitoring"], "agree": ["yes"],
                     "disagree": ["no"]}]
    questionnaire = Questionnaire.from_dict(doc)
    assert questionnaire.areas == (Area("Monitoring", ["equality_monitoring"], agree=["yes"], disagree=["no"]),)
    with app.app_context():
        from survey_engine.registry import registry
        item = {"key": "equality_monitoring", "text": "Monitoring?", "answered": 10,
                "options": [{"value": "yes", "label": "Yes", "count": 7}, {"value": "no", "label": "No", "count": 3}]}
        [card] = area_scorecards(questionnaire, [item], registry().question_types)
    assert card["statements"][0]["agree"] == 7 and card["statements"][0]["agree_percent"] == 70


def test_the_staff_summary_shows_diverging_bars(demo, admin_client):
    html = admin_client.get(f"/admin/surveys/{SLUG}/summary").get_data(as_text=True)
    assert "Scorecards by standard" in html
    for number, area in enumerate(["Principles", "Purpose", "Presence", "Process", "Impact"], 1):
        chart = f"scorecard-{number}"
        assert f'id="{chart}" role="img" aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f"<title id=\"scorecard-{number}-title\">{area}: " in html
    assert "I was listened to with respect and openness.: Strongly disagree" in html  # the text alternative
    assert "style=" not in html.split("Scorecards by standard", 1)[1]


def test_the_workbook_has_a_scorecard_sheet_with_its_chart(demo, tmp_path):
    import openpyxl

    out = tmp_path / "eoi.xlsx"
    result = demo.invoke(args=["export", SLUG, "--output", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(demo.invoke(args=["summary", SLUG, "--format", "json"]).output)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Headlines", "Summary", "Scorecard"]
    sheet = book["Scorecard"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    for card in data["scorecards"]:
        area = next(r for r in rows if r[0] == card["area"])
        assert area[3:6] == (card["answered"], card["agree"], pytest.approx(card["agree"] / card["answered"]))
        assert area[6:8] == (pytest.approx(card["ci_low"] / 100), pytest.approx(card["ci_high"] / 100))
        for line in card["statements"]:
            row = next(r for r in rows if r[2] == line["key"])
            assert row[1] == line["text"] and row[3] == line["answered"] and row[4] == line["agree"]
            # Drawn diverging: disagreeing answers as negatives, left of the line.
            assert row[12] == pytest.approx(-line["disagree"] / line["answered"])
    # Ready to print: A4, one page wide, the header row repeated, and the chart on a page of its own.
    assert sheet.page_setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    assert [b.id for b in sheet.row_breaks.brk] == [len(rows) + 5]
    [chart] = sheet._charts
    assert chart.tagname == "barChart" and chart.grouping == "stacked"
    trusts = tmp_path / "trusts.xlsx"
    demo.invoke(args=["export", "reality-and-impact-trusts", "--output", str(trusts)])
    assert "Scorecard" not in openpyxl.load_workbook(trusts).sheetnames
