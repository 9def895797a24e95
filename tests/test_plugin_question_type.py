"""A question type from a plugin is answered, imported, summarised and exported with no change to the engine."""
import csv
import io
import json
import re
import textwrap
import zipfile
from statistics import mean, median

import pytest
from scipy.stats import binomtest
from openpyxl import load_workbook

from conftest import Respondent, login

#: An instance-folder plugin: a 0 to 10 rating, a questionnaire that asks it, and nothing else.
RATING_PLUGIN = '''
"""A 0 to 10 rating: chosen like an option, exported as a number, summarised with its mean and median."""
from dataclasses import dataclass

from survey_engine import hookimpl
from survey_engine.export import Column
from survey_engine.question_types import ChoiceType
from survey_engine.questionnaire import Option, Page, Question, Questionnaire, QuestionnaireError

SCORES = tuple(Option(str(n), str(n)) for n in range(11))


@dataclass(frozen=True)
class ScoreCell:
    """The score as a number in its column of the Responses table."""

    column: int

    def fill(self, row, value, text, number):
        if value is not None:
            row[self.column] = int(value)


class ScoreType(ChoiceType):
    name = "score"
    summary_kind = "rating"

    def check(self, question):
        if question.options:
            raise QuestionnaireError(f"question {question.key!r}: a rating brings its own scores")

    def options(self, question):
        return SCORES

    def display(self, question, value, extra):
        return "" if value is None else f"{value} out of 10"

    def summary_figures(self, question, counts, base, answered):
        figures = super().summary_figures(question, counts, base, answered)
        scores = [(int(o["value"]), o["count"]) for o in figures["options"] if o["count"]]
        total = sum(n for score, n in scores)

        def at(position):  # the score at a position in score order, read from the counts
            for score, n in scores:
                if position < n:
                    return score
                position -= n

        figures["number"] = {
            "count": total,
            "mean": sum(score * n for score, n in scores) / total if total else None,
            "median": (at((total - 1) // 2) + at(total // 2)) / 2 if total else None,
            "minimum": scores[0][0] if scores else None,
            "maximum": scores[-1][0] if scores else None,
        }
        return figures

    def response_columns(self, question, first, stray=()):
        return [Column(question.key, "number", 10)], ScoreCell(first)


@hookimpl
def register_question_types():
    return [ScoreType()]


@hookimpl
def register_questionnaires():
    return [Questionnaire(id="rated", version=1, title="Rated", introduction="Tell us how we did.",
                          pages=[Page("Your visit", [
                              Question("organisation", "organisation", "Your organisation"),
                              Question("score", "score", "How likely are you to recommend us?")])])]
'''

PAGE_SCORES = [9]
IMPORTED = [("Hafal", 7), ("Shelter", 10), ("Mind", 9)]
SCORES = PAGE_SCORES + [score for _, score in IMPORTED]


@pytest.fixture
def rated(make_app, instance_path):
    """An app with the rating plugin in its instance folder, and an open survey of its questionnaire."""
    folder = instance_path / "plugins"
    folder.mkdir()
    (folder / "rating.py").write_text(textwrap.dedent(RATING_PLUGIN))
    app = make_app()
    from survey_engine.surveys import create_survey

    with app.app_context():
        create_survey("rated", "rated", status="open")
    return app


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def answer_on_the_page(app, score):
    r = Respondent(app.test_client(), "rated")
    location = r.start()
    page = r.get(location).get_data(as_text=True)
    # The type's partial draws a radio button for each score, 0 to 10.
    assert all(f'type="radio" value="{n}"' in page for n in range(11))
    refused = r.answer(location, {"organisation": "Samaritans", "score": "11"})
    assert refused.status_code == 200 and 'class="error-message"' in refused.get_data(as_text=True)
    check = r.answer(location, {"organisation": "Samaritans", "score": str(score)})
    assert check.headers["Location"].endswith("/s/rated/check")
    html = r.get("/s/rated/check").get_data(as_text=True)
    assert f"{score} out of 10" in html and "#score-1" in html
    assert r.submit().headers["Location"].endswith("/s/rated/done")


def import_responses(app, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("organisation,score\nHafal,11\nShelter,ten\n")
    result = cli(app, "responses", "import", "rated", str(wrong))
    assert result.exit_code != 0
    assert "line 2: score: '11' is not one of its options (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)" in result.output
    assert "line 3: score: 'ten' is not one of its options" in result.output
    good = tmp_path / "good.csv"
    good.write_text("organisation,score\n" + "".join(f"{org},{score}\n" for org, score in IMPORTED))
    result = cli(app, "responses", "import", "rated", str(good))
    assert result.exit_code == 0, result.output
    assert f"Imported {len(IMPORTED)} responses into 'rated'." in result.output


def test_a_plugin_question_type_answered_imported_summarised_and_exported(rated, tmp_path):
    for score in PAGE_SCORES:
        answer_on_the_page(rated, score)
    import_responses(rated, tmp_path)

    # Summarised by the command line, in JSON: each score counted, and the type's own figures.
    result = cli(rated, "summary", "rated", "--format", "json")
    assert result.exit_code == 0, result.output
    question = next(q for q in json.loads(result.output)["questions"] if q["key"] == "score")
    assert question["kind"] == "rating" and question["answered"] == len(SCORES)
    counts = {o["value"]: o["count"] for o in question["options"]}
    assert counts == {str(n): SCORES.count(n) for n in range(11)}
    assert question["number"] == {"count": len(SCORES), "mean": mean(SCORES), "median": median(SCORES),
                                  "minimum": min(SCORES), "maximum": max(SCORES)}

    # In text, and filtered and broken down as a closed question.
    text = cli(rated, "summary", "rated").output
    assert f"  - 10: {SCORES.count(10)} ({100 * SCORES.count(10) / len(SCORES):.1f}%)" in text
    assert f"  Count {len(SCORES)}, mean {mean(SCORES):.2f}" in text
    filtered = json.loads(cli(rated, "summary", "rated", "--format", "json", "--answer", "score=10").output)
    assert filtered["respondents"] == SCORES.count(10)
    broken = json.loads(cli(rated, "summary", "rated", "--format", "json", "--by-organisation", "score").output)
    assert broken["breakdown"]["question"] == "score"

    # On the staff summary page.
    with rated.app_context():
        from survey_engine.extensions import db
        from survey_engine.models import StaffUser

        user = StaffUser(email="analyst@example.org", role="analyst", active=True)
        user.set_password("correct horse battery staple")
        db.session.add(user)
        db.session.commit()
    staff = rated.test_client()
    assert login(staff, "analyst@example.org").status_code == 302
    html = staff.get("/admin/surveys/rated/summary").get_data(as_text=True)
    table = re.search(r'<table class="table summary-table" id="q-score">.*?</table>', html, re.S).group(0)
    assert re.search(rf'<th scope="row">10</th><td class="numeric">{SCORES.count(10)}</td>', table)
    assert re.search(rf'<th scope="row">Mean</th><td class="numeric">{mean(SCORES):.2f}</td>', table)

    # Exported to xlsx: the score a number in the Responses sheet, and a table and chart on the Summary sheet.
    workbook_path = tmp_path / "rated.xlsx"
    result = cli(rated, "export", "rated", "--format", "xlsx", "--output", str(workbook_path))
    assert result.exit_code == 0, result.output
    book = load_workbook(workbook_path)
    rows = list(book["Responses"].iter_rows(values_only=True))
    column = rows[0].index("score")
    assert [row[column] for row in rows[1:]] == SCORES
    summary = [row for row in book["Summary"].iter_rows(values_only=True)]
    # Beside the percentage, its 95% Wilson interval (from SciPy here, apart from the engine's own).
    interval = binomtest(SCORES.count(10), len(SCORES)).proportion_ci(method="wilson")
    row = next(r for r in summary if r[0] == "10")
    assert row[:3] == ("10", SCORES.count(10), SCORES.count(10) / len(SCORES)) and row[5] == len(SCORES)
    assert row[3:5] == pytest.approx((interval.low, interval.high), abs=1e-12)
    with zipfile.ZipFile(workbook_path) as archive:
        assert len([name for name in archive.namelist() if name.startswith("xl/charts/chart")]) == 1

    # And to CSV.
    csv_path = tmp_path / "rated.csv"
    assert cli(rated, "export", "rated", "--format", "csv", "--output", str(csv_path)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert [row["score"] for row in rows] == [str(score) for score in SCORES]
