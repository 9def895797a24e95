"""Exports keep what the respondent typed as their organisation beside the organisation it was matched to."""
import csv
import io

import openpyxl
from survey_helpers import export, header_index, submit_trust_response

MATCHED = "Mersey Care NHS Foundation Trust"
TYPED = "  mersey care   NHS foundation trust"


def test_typed_and_matched_organisation_are_both_exported(app, open_survey, runner, tmp_path):
    slug = open_survey("trust-survey")
    submit_trust_response(app, slug, "Lead", "first", organisation=MATCHED)
    submit_trust_response(app, slug, "Nurse", "second", organisation=TYPED)

    path = tmp_path / "x.xlsx"
    export(runner, slug, path)
    book = openpyxl.load_workbook(path)
    responses = book["Responses"]
    columns = header_index(responses)
    assert list(columns)[:4] == ["response_id", "matched_organisation", "questionnaire_version", "submitted_at"]
    rows = [[c.value for c in row] for row in responses.iter_rows(min_row=2)]
    assert [row[columns["matched_organisation"]] for row in rows] == [MATCHED, MATCHED]
    typed = [row[columns["organisation"]] for row in rows]
    assert typed[0] == MATCHED
    assert typed[1] != MATCHED and typed[1].split() == TYPED.split()
    comments = book["Comments"]
    assert [c.value for c in comments[1]][:2] == ["response_id", "matched_organisation"]

    csv_path = tmp_path / "x.csv"
    export(runner, slug, csv_path, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline="")))
    assert [row["matched_organisation"] for row in table] == [MATCHED, MATCHED]
    assert [row["organisation"] for row in table] == typed
