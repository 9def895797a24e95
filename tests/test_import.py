"""`survey-engine responses import`: rows checked against the questionnaire, stored as the pages store them."""
import json

from openpyxl import Workbook
from sqlalchemy import select

from survey_helpers import RESPONSES_HEADER as HEADER
from survey_helpers import respond, trust_pages
from survey_helpers import write_responses_csv as write_csv

from survey_engine.extensions import db
from survey_engine.models import Answer, Organisation, Response

GOOD = ["Mersey Care NHS Foundation Trust", "", "yes", "online", "yes", "yes", "yes", "Training staff", "",
        "yes", "no", "", "2019-03-04"]


def stored(app, response_id):
    with app.app_context():
        return sorted(db.session.execute(
            select(Answer.question_key, Answer.value, Answer.text, Answer.number)
            .where(Answer.response_id == response_id)).all(), key=repr)


def test_imported_rows_match_what_the_pages_store(app, open_survey, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    respond(app, slug, trust_pages("Mersey Care NHS Foundation Trust", how_used="Training staff", colleagues="no"))
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, write_csv(tmp_path / "r.csv", [GOOD])])
    assert result.exit_code == 0, result.output
    assert "Imported 1 response into 'trusts'." in result.output
    with app.app_context():
        web, imported = db.session.execute(select(Response).order_by(Response.id)).scalars().all()
        assert imported.status == "submitted"
        assert imported.submitted_at.isoformat() == "2019-03-04T00:00:00+00:00"
        assert imported.organisation_id == web.organisation_id is not None
        assert db.session.execute(select(Organisation.kind)).scalar_one() == "NHS Trust"
        ids = web.id, imported.id
    # The same answers give the same rows: blank "role" and "difference_made" rows included.
    assert stored(app, ids[0]) == stored(app, ids[1])
    assert ("role", None, None, None) in stored(app, ids[1])


def test_any_bad_row_imports_nothing_and_says_why(app, open_survey, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    rows = [GOOD,
            GOOD[:2] + ["perhaps"] + GOOD[3:],
            GOOD[:2] + ["no", "this-survey"] + GOOD[4:],  # made_difference answered, but only asked if heard
            GOOD[:5] + [""] + GOOD[6:],  # encouraged_colleagues is required
            GOOD[:-1] + ["yesterday"]]
    path = write_csv(tmp_path / "r.csv", rows)
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, path])
    assert result.exit_code == 1
    assert "line 3: heard_before: 'perhaps' is not one of its options (yes, no); " in result.output
    assert "line 4: made_difference: answered, but this question is not asked" in result.output
    assert "line 5: encouraged_colleagues: a required answer is missing" in result.output
    assert "line 6: submitted_at: 'yesterday' is not a date" in result.output
    assert "4 rows cannot be imported, so nothing was imported" in result.output
    with app.app_context():
        assert db.session.execute(select(Response)).first() is None

    result = app.test_cli_runner().invoke(args=["responses", "import", slug, path, "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 response into 'trusts'; skipped 4 invalid rows." in result.output
    with app.app_context():
        assert len(db.session.execute(select(Response)).all()) == 1


def test_unknown_column_and_unknown_file_type(app, open_survey, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    path = write_csv(tmp_path / "r.csv", [GOOD + ["x"]], header=HEADER + ["shoe_size"])
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, path])
    assert result.exit_code == 1 and "line 1: unknown column 'shoe_size'" in result.output
    (tmp_path / "r.txt").write_text("hello")
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, str(tmp_path / "r.txt")])
    assert result.exit_code == 1 and "only .csv and .xlsx files can be imported" in result.output


def test_xlsx_with_multiple_choice_and_other(app, open_survey, tmp_path):
    slug = open_survey("signatory-survey", "signatories")
    book = Workbook()
    sheet = book.active
    sheet.append(["organisation", "how_found", "used", "differences", "differences__other", "training"])
    sheet.append(["ReCoCo", "nsun", "yes", "quality;cv;other", "=HYPERLINK(\"http://example.org\")", None])
    sheet["E2"].data_type = "s"  # text typed as '=HYPERLINK(...); a formula cell is refused (test_import_formulas)
    sheet.append(["Maternal OCD", "Through direct contact with NSUN", "no", None, None, "yes"])
    book.save(tmp_path / "s.xlsx")
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    summary = json.loads(app.test_cli_runner().invoke(args=["summary", slug, "--format", "json"]).output)
    assert summary["respondents"] == 2 and summary["organisations"] == 2
    differences = next(q for q in summary["questions"] if q["key"] == "differences")
    assert (differences["asked"], differences["answered"], differences["not_asked"]) == (1, 1, 1)
    assert differences["other_texts"] == ['=HYPERLINK("http://example.org")']
    how_found = next(q for q in summary["questions"] if q["key"] == "how_found")
    assert next(o for o in how_found["options"] if o["value"] == "nsun")["count"] == 2


def test_a_language_column_as_exports_write_it(app, open_survey, tmp_path):
    slug = open_survey("trust-survey", "trusts")  # in English only
    path = write_csv(tmp_path / "r.csv", [GOOD + ["en"], GOOD + ["EN"], GOOD + [""]], header=HEADER + ["language"])
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, path])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.execute(select(Response.language).order_by(Response.id)).scalars().all() == ["en", "en",
                                                                                                       None]
    path = write_csv(tmp_path / "r.csv", [GOOD + ["cy"], GOOD + ["Welsh"]], header=HEADER + ["language"])
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, path])
    assert result.exit_code == 1
    assert "line 2: language: 'cy' is not a language of this survey; use en, or leave it blank" in result.output
    assert "line 3: language: 'Welsh' is not a language" in result.output


def test_welsh_is_a_language_of_a_survey_translated_into_it(app):
    from survey_engine.importing import RowChecker
    from survey_engine.registry import registry
    with app.app_context():
        checker = RowChecker(registry().questionnaire("end-of-involvement"))
        assert checker.languages == ["en", "cy"]
        assert not [r for r in checker.check({"language": "cy"})[3] if r.startswith("language")]
        assert [r for r in checker.check({"language": "fr"})[3] if r.startswith("language")] == [
            "language: 'fr' is not a language of this survey; use en or cy, or leave it blank"]
