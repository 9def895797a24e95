"""An XLSX import refuses formula cells, with or without a cached value, instead of storing the formula's text."""
import json

import xlsxwriter
from openpyxl import Workbook
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import Answer, Response

HEADER = ["organisation", "how_found", "used", "differences", "differences__other", "training"]


def run_import(app, slug, path, *args):
    return app.test_cli_runner().invoke(args=["responses", "import", slug, str(path), *args])


def test_formula_with_cached_value_is_refused_by_line_and_column(app, open_survey, tmp_path):
    slug = open_survey("signatory-survey", "signatories")
    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["ReCoCo", "nsun", "yes", "quality;cv;other", "Peer support", "no"])
    # What a spreadsheet program saves: the formula and the value it shows.
    sheet.write_row(2, 0, ["", "nsun", "no", "", "", "yes"])
    sheet.write_formula(2, 0, '=CONCATENATE("Maternal", " OCD")', None, "Maternal OCD")
    sheet.write_formula(2, 5, '=IF(1=1,"yes","no")', None, "yes")
    book.close()

    result = run_import(app, slug, path)
    assert result.exit_code == 1
    assert "line 3: organisation: formula" in result.output
    assert "line 3: training: formula" not in result.output  # one line per row: reasons joined
    assert "training: formula" in result.output
    assert "CONCATENATE" in result.output
    assert "line 2" not in result.output
    with app.app_context():
        assert db.session.execute(select(Response)).first() is None

    result = run_import(app, slug, path, "--skip-invalid")
    assert result.exit_code == 0, result.output
    with app.app_context():
        texts = db.session.execute(select(Answer.text).where(Answer.text.is_not(None))).scalars().all()
        assert not any(t.startswith("=") for t in texts)
        assert len(db.session.execute(select(Response)).all()) == 1


def test_formula_without_cached_value_is_refused(app, open_survey, tmp_path):
    slug = open_survey("signatory-survey", "signatories")
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["ReCoCo", "nsun", "yes", "quality", None, "=A2"])  # openpyxl writes no cached value
    book.save(tmp_path / "s.xlsx")
    result = run_import(app, slug, tmp_path / "s.xlsx")
    assert result.exit_code == 1
    assert "line 2: training: formula" in result.output


def test_text_that_starts_with_equals_is_still_text(app, open_survey, tmp_path):
    slug = open_survey("signatory-survey", "signatories")
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["ReCoCo", "nsun", "yes", "quality;other", None, None])
    cell = sheet.cell(2, 5)
    cell.value, cell.data_type = '=HYPERLINK("http://example.org")', "s"  # typed as text ('=...)
    book.save(tmp_path / "s.xlsx")
    result = run_import(app, slug, tmp_path / "s.xlsx")
    assert result.exit_code == 0, result.output
    summary = json.loads(app.test_cli_runner().invoke(args=["summary", slug, "--format", "json"]).output)
    differences = next(q for q in summary["questions"] if q["key"] == "differences")
    assert differences["other_texts"] == ['=HYPERLINK("http://example.org")']
