"""A workbook for publication: aggregate sheets only, no row-by-row data or free text, small numbers suppressed."""
import io
import json
import re

import openpyxl
from survey_helpers import write_responses_csv as write_csv

SLUG = "reality-and-impact-trusts"
HIDDEN = "fewer than 5"
SHEETS = ["Headlines", "Summary", "Organisations", "About"]
COMMENT = "We would welcome an updated version of the standards."


def cells(book):
    return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


def test_cli_writes_only_aggregate_sheets_named_for_publication(runner, tmp_path):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    result = runner.invoke(args=["export", SLUG, "--output", str(tmp_path / "trusts.xlsx"), "--for-publication"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "trusts.xlsx").exists()
    path = tmp_path / "trusts-for-publication.xlsx"
    assert str(path) in result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    everything = cells(book)
    assert COMMENT not in everything and "response_id" not in everything
    counts = [row[2].value for row in book["Organisations"].iter_rows(min_row=2, max_row=16)]
    assert set(counts) == {HIDDEN}
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert "Aggregate sheets only" in about["For publication"]

    # The CSV export is one row per response: it cannot be for publication.
    result = runner.invoke(args=["export", SLUG, "--output", str(tmp_path / "t.csv"), "--for-publication"])
    assert result.exit_code == 1 and "choose xlsx" in result.output


def test_organisations_sheet_hides_enough_that_none_can_be_worked_out(app, open_survey, runner, tmp_path):
    slug = open_survey("trust-survey", "trusts")
    row = ["", "", "yes", "online", "yes", "yes", "yes", "Training staff", "", "yes", "no", "", "2019-03-04"]
    rows = [["Big Trust"] + row[1:]] * 7 + [["Small Trust"] + row[1:]] * 2 + [["Middle Trust"] + row[1:]] * 6
    result = runner.invoke(args=["responses", "import", slug, write_csv(tmp_path / "r.csv", rows)])
    assert result.exit_code == 0, result.output
    total = json.loads(runner.invoke(args=["summary", slug, "--format", "json"]).output)["respondents"]
    assert total == 15
    for extra in ([], ["--for-publication"]):
        path = tmp_path / "out.xlsx"
        assert runner.invoke(args=["export", slug, "--output", str(path), *extra]).exit_code == 0
        book = openpyxl.load_workbook(tmp_path / ("out-for-publication.xlsx" if extra else "out.xlsx"))
        people = {r[0].value: r[2].value for r in book["Organisations"].iter_rows(min_row=2) if r[1].value}
        assert people["Small Trust"] == HIDDEN
        shown = [n for n in people.values() if n != HIDDEN]
        hidden = len(people) - len(shown)
        # One hidden count is the total less the shown ones; two or more summing to 0 would each be 0.
        assert hidden >= 2 and total - sum(shown) >= 1


def test_staff_download_for_publication(runner, analyst_client):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    page = analyst_client.get(f"/admin/surveys/{SLUG}").get_data(as_text=True)
    assert 'name="for_publication"' in page
    response = analyst_client.get(f"/admin/surveys/{SLUG}/export?format=xlsx&for_publication=1")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert re.search(r"reality-and-impact-trusts-\d{4}-\d\d-\d\d-for-publication\.xlsx", disposition)
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == SHEETS
    assert COMMENT not in cells(book)
