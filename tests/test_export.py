"""Exports: the workbook of the report read back with openpyxl, respondent text kept as text, CSV, limits."""
import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from survey_helpers import TRUSTS, export, header_index, submit_trust_response

from survey_engine.export import CELL_MAX_CHARS, csv_text, cut_text

HYPERLINK = '=HYPERLINK("http://example.org","x")'
CLOSED_TRUST_QUESTIONS = ["heard_before", "how_found", "used", "encouraged_colleagues", "made_difference",
                          "more_information", "colleagues_information"]


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    return runner


def half_up(fraction):
    return int((Decimal(fraction) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_workbook_of_the_report(demo, tmp_path):
    path = tmp_path / "trusts.xlsx"
    result = export(demo, "reality-and-impact-trusts", path)
    assert "Wrote 18 responses" in result.output
    assert "Exporting 18 responses" in result.output  # the progress bar, on stderr
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Headlines", "Summary", "Responses", "Comments", "Organisations", "About"]

    headlines = book["Headlines"]
    assert [c.value for c in headlines[1]] == ["Headline", "Percentage", "95% interval from", "95% interval to",
                                               "Count", "Base", "Base is", "Small base", "Question"]
    assert headlines.freeze_panes == "A2"
    rows = list(headlines.iter_rows(min_row=2))
    assert len(rows) == len(TRUSTS)
    for (statement, percent, count, base), row in zip(TRUSTS, rows):
        text, share, n, of = row[0], row[1], row[4], row[5]
        assert text.value == f"{percent}% of respondents {statement} ({count} of {base})"
        # A number that computes, shown as the report prints it.
        assert share.data_type == "n" and share.number_format == "0%"
        assert half_up(share.value) == percent and share.value == pytest.approx(count / base)
        assert (n.value, of.value) == (count, base)

    responses = book["Responses"]
    assert responses.max_row == 19  # a header and 18 submitted responses
    columns = header_index(responses)
    assert list(columns)[:4] == ["response_id", "matched_organisation", "questionnaire_version", "submitted_at"]
    assert responses.freeze_panes == "A2" and responses.auto_filter.ref == f"A1:{responses.cell(19, len(columns)).coordinate}"
    ids = [row[0].value for row in responses.iter_rows(min_row=2)]
    assert len(set(ids)) == 18 and ids == sorted(ids)
    heard = [row[columns["heard_before"]].value for row in responses.iter_rows(min_row=2)]
    assert heard.count("Yes") == 13 and heard.count("No") == 5
    assert responses.cell(2, 4).is_date

    summary = book["Summary"]
    titles = [chart.title.tx.rich.p[0].r[0].t for chart in summary._charts]
    questions = {q["key"]: q["text"] for q in json.loads(demo.invoke(
        args=["summary", "reality-and-impact-trusts", "--format", "json"]).output)["questions"]}
    # Each chart's title gives its base (issue 15): what its percentages are of.
    bases = {q["key"]: q["base"] for q in json.loads(demo.invoke(
        args=["summary", "reality-and-impact-trusts", "--format", "json"]).output)["questions"]}
    assert titles == [f"{questions[key]} (base: {bases[key]}, those asked who answered)"
                      for key in CLOSED_TRUST_QUESTIONS]
    cells = {row[0].value: row for row in summary.iter_rows() if row[0].value}
    assert cells["Not answered"][1].value is not None and "Not asked" in cells
    # The heading is the question's words; its key has a cell of its own beside it.
    used = [row for row in summary.iter_rows() if row[0].value == questions["used"]]
    assert used and "used" in [c.value for c in used[0]]
    assert not any(str(row[0].value or "").startswith("used:") for row in summary.iter_rows())

    comments = book["Comments"]
    assert [c.value for c in comments[1]] == ["response_id", "matched_organisation", "question", "question_text", "comment"]
    written = [row[4].value for row in comments.iter_rows(min_row=2) if row[2].value == "comments"]
    assert "We would welcome an updated version of the standards." in written

    organisations = book["Organisations"]
    counts = [row[2].value for row in organisations.iter_rows(min_row=2, max_row=16)]
    assert len(counts) == 15 and set(counts) == {"fewer than 5"}  # each Trust gave fewer than 5 responses

    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["Questionnaire"] == "trust-survey"
    assert about["Filters"] == "none: every submitted response"
    assert about["Base"].startswith("those asked who answered")
    assert "stated base" in about["About bases"] and about["Exported by"].startswith("survey-engine ")


def test_filters_and_base_are_applied_and_recorded(demo, tmp_path):
    path = tmp_path / "used.xlsx"
    export(demo, "reality-and-impact-trusts", path, "--answer", "used=yes", "--base", "respondents")
    book = openpyxl.load_workbook(path)
    assert book["Responses"].max_row == 12  # the 11 who had used the standards
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["Filters"] == "answer used = yes"
    assert about["Base"] == "everyone who submitted a response"
    heard = next(row for row in book["Headlines"].iter_rows(min_row=2) if "heard of the standards" in row[0].value)
    assert (heard[4].value, heard[5].value) == (11, 11)


def test_multiple_choice_is_a_column_per_option(demo, tmp_path):
    path = tmp_path / "signatories.xlsx"
    export(demo, "reality-and-impact-signatories", path)
    data = json.loads(demo.invoke(args=["summary", "reality-and-impact-signatories", "--format", "json"]).output)
    multiple = next(q for q in data["questions"] if q["kind"] == "multiple")
    sheet = openpyxl.load_workbook(path)["Responses"]
    columns = header_index(sheet)
    for option in multiple["options"]:
        values = [row[columns[f"{multiple['key']}:{option['value']}"]].value for row in sheet.iter_rows(min_row=2)]
        assert set(values) <= {1, None} and values.count(1) == option["count"]


def test_respondent_text_stays_text(app, open_survey, runner, tmp_path):
    slug = open_survey("trust-survey")
    submit_trust_response(app, slug, "+44 20 7946 0000", HYPERLINK)
    submit_trust_response(app, slug, "http://example.org", "-1+2", organisation="@Trust")
    submit_trust_response(app, slug, "0123", "1e5")
    path = tmp_path / "x.xlsx"
    export(runner, slug, path)
    book = openpyxl.load_workbook(path)
    cells = [(row[2].value, row[4]) for row in book["Comments"].iter_rows(min_row=2)]
    assert [(key, c.value) for key, c in cells] == [
        ("role", "+44 20 7946 0000"), ("role", "http://example.org"), ("role", "0123"),
        ("comments", HYPERLINK), ("comments", "-1+2"), ("comments", "1e5")]
    assert {c.data_type for key, c in cells} == {"s"}
    responses = book["Responses"]
    columns = header_index(responses)
    first = list(responses.iter_rows(min_row=2, max_row=2))[0]
    assert first[columns["comments"]].value == HYPERLINK and first[columns["comments"]].data_type == "s"
    assert not book["Responses"]._hyperlinks and not book["Comments"]._hyperlinks

    csv_path = tmp_path / "x.csv"
    export(runner, slug, csv_path, "--format", "csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [row["comments"] for row in rows] == ["'" + HYPERLINK, "'-1+2", "1e5"]
    assert [row["role"] for row in rows] == ["'+44 20 7946 0000", "http://example.org", "0123"]
    assert [row["organisation"] for row in rows][1] == "'@Trust"


def test_csv_is_rfc_4180(app, open_survey, runner, tmp_path):
    slug = open_survey("trust-survey")
    tricky = 'He said "yes", then\r\nleft; later\nhe came back'
    submit_trust_response(app, slug, "Lead, involvement", tricky)
    path = tmp_path / "out.csv"
    result = export(runner, slug, path)  # the format follows the file's extension
    assert "CSV" in result.output
    text = path.read_bytes().decode("utf-8-sig")
    header, rest = text.split("\r\n", 1)
    assert header.startswith(
        "response_id,matched_organisation,questionnaire_version,submitted_at,language,reference,organisation,role,")
    assert '"Lead, involvement"' in rest
    assert '"He said ""yes"", then\r\nleft; later\nhe came back"' in rest
    assert text.endswith("\r\n")
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["comments"] == tricky and row["role"] == "Lead, involvement"
    assert row["submitted_at"].endswith("+00:00") and row["heard_before"] == "No"


def test_csv_guard():
    assert [csv_text(t) for t in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "1=1", ""]] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain", "1=1", ""]


def test_row_limit_is_a_clear_error(demo, tmp_path, monkeypatch):
    import plugins.xlsx_export as xlsx_export

    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 10)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "too-big.xlsx"
    path.write_bytes(b"an earlier export")
    result = demo.invoke(args=["export", "reality-and-impact-trusts", "--output", str(path)])
    assert result.exit_code == 1
    assert "The Responses sheet would need 19 rows, more than the 10 rows a sheet holds" in result.output
    assert "export CSV, which has no row limit" in result.output
    # Nothing cut, nothing half-written: the earlier file is untouched and no temporary file is left.
    assert path.read_bytes() == b"an earlier export"
    assert sorted(p.name for p in folder.iterdir()) == ["too-big.xlsx"]
    export(demo, "reality-and-impact-trusts", tmp_path / "all.csv", "--format", "csv")
    assert len((tmp_path / "all.csv").read_bytes().decode("utf-8-sig").split("\r\n")) == 20  # 19 lines and the end


def test_text_longer_than_a_cell_is_cut_with_a_marker(app, runner, open_survey, tmp_path):
    slug = open_survey("trust-survey")
    long = "word " * 8000  # 40,000 characters
    source = tmp_path / "long.csv"
    source.write_text("organisation,heard_before,how_found,used,encouraged_colleagues,more_information,"
                      f"colleagues_information,comments\nMind,no,this-survey,no,no,yes,yes,{long}\n")
    result = runner.invoke(args=["responses", "import", slug, str(source)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "long.xlsx"
    export(runner, slug, path)
    cell = openpyxl.load_workbook(path)["Comments"]["E2"]
    assert len(cell.value) <= CELL_MAX_CHARS and cell.value.startswith("word word")
    assert cell.value.endswith("more characters do not fit in a cell; the CSV export has the whole text]")
    assert f"{len(long.strip()) - cell.value.index(' [… cut here'):,} more characters" in cell.value
    export(runner, slug, tmp_path / "long.csv", "--format", "csv")
    assert long.strip() in (tmp_path / "long.csv").read_text(encoding="utf-8-sig")


def test_cut_text_counts_as_excel_does():
    assert cut_text("short") == "short"
    exact = "x" * CELL_MAX_CHARS
    assert cut_text(exact) == exact
    wide = "😀" * 20000  # each counts twice in Excel
    cut = cut_text(wide)
    assert len(cut.encode("utf-16-le")) // 2 <= CELL_MAX_CHARS and "more characters do not fit" in cut


def test_exporters_are_plugins(runner, instance_path, make_app, open_survey, tmp_path):
    plugins = {p["name"]: p["registered"] for p in json.loads(runner.invoke(args=["plugins", "--format", "json"]).output)}
    assert plugins["plugins.xlsx_export"] == ["exporter xlsx"]
    assert plugins["plugins.csv_export"] == ["exporter csv"]
    folder = instance_path / "plugins"
    folder.mkdir()
    (folder / "tsv.py").write_text(
        "from survey_engine import hookimpl\n"
        "from survey_engine.export import Exporter\n\n"
        "def write(export, out):\n"
        "    table = export.responses()\n"
        "    out.write('\\t'.join(c.header for c in table.columns).encode() + b'\\n')\n"
        "    for row in table.rows:\n"
        "        out.write('\\t'.join('' if v is None else str(v) for v in row).encode() + b'\\n')\n\n"
        "@hookimpl\n"
        "def register_exporters():\n"
        "    return [Exporter('tsv', '.tsv', 'text/tab-separated-values', write, 'Tab-separated')]\n")
    app = make_app()
    with app.app_context():
        from survey_engine.surveys import create_survey
        create_survey("trust-survey", "tsv-test", status="open")
    result = app.test_cli_runner().invoke(args=["export", "tsv-test", "--output", str(tmp_path / "r.tsv")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.tsv").read_text().startswith("response_id\tmatched_organisation\t")
    bad = app.test_cli_runner().invoke(args=["export", "tsv-test", "--output", str(tmp_path / "r"), "--format", "pdf"])
    assert bad.exit_code == 1 and "no exporter 'pdf'; known: csv, tsv, xlsx" in bad.output


def test_a_second_exporter_of_one_name_names_both_plugins(instance_path, make_app):
    from survey_engine.plugins import PluginError

    folder = instance_path / "plugins"
    folder.mkdir()
    (folder / "other_xlsx.py").write_text(
        "from survey_engine import hookimpl\nfrom survey_engine.export import Exporter\n\n"
        "@hookimpl\ndef register_exporters():\n"
        "    return [Exporter('xlsx', '.xlsx', 'application/octet-stream', print)]\n")
    with pytest.raises(PluginError, match="register_exporters: 'xlsx' is registered by both plugin") as caught:
        make_app()
    assert "'plugins.xlsx_export'" in str(caught.value) and "'other_xlsx'" in str(caught.value)


def test_export_errors(runner, tmp_path):
    result = runner.invoke(args=["export", "nope", "--output", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1 and "no survey with slug 'nope'" in result.output
    result = runner.invoke(args=["export", "--help"])
    assert "--output" in result.output and "--format" in result.output and "--answer" in result.output


def test_staff_download_the_workbook_and_it_is_audited(app, analyst_client, admin_client, open_survey):
    from survey_engine.models import AuditEvent

    slug = open_survey("trust-survey")
    submit_trust_response(app, slug, "Lead", HYPERLINK)
    page = analyst_client.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    assert 'id="export-button"' in page and f'action="/admin/surveys/{slug}/export"' in page
    assert 'value="xlsx" checked' in page and 'value="csv"' in page
    response = analyst_client.get(f"/admin/surveys/{slug}/export?format=xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith(f"attachment; filename={slug}-")
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book["Responses"].max_row == 2 and book["Comments"]["E3"].value == HYPERLINK
    csv_download = admin_client.get(f"/admin/surveys/{slug}/export?format=csv")
    assert csv_download.mimetype == "text/csv" and b"'=HYPERLINK" in csv_download.get_data()
    with app.app_context():
        from survey_engine.extensions import db
        events = db.session.execute(db.select(AuditEvent).filter_by(action="survey.exported")
                                    .order_by(AuditEvent.id)).scalars().all()
        assert [(e.actor, e.target, e.detail) for e in events] == [
            ("analyst@example.org", slug, "xlsx: 1 submitted response"),
            ("admin@example.org", slug, "csv: 1 submitted response")]
    anonymous = app.test_client().get(f"/admin/surveys/{slug}/export")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/admin/login")


def test_a_download_too_big_for_a_sheet_says_so(app, admin_client, open_survey, monkeypatch):
    import plugins.xlsx_export as xlsx_export

    slug = open_survey("trust-survey")
    submit_trust_response(app, slug, "Lead", "fine")
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 1)
    response = admin_client.get(f"/admin/surveys/{slug}/export", follow_redirects=True)
    assert "more than the 1 rows a sheet holds" in response.get_data(as_text=True)


def test_responses_carry_the_reference_the_respondent_was_shown(app, open_survey, runner, tmp_path):
    import re

    from conftest import Respondent
    slug = open_survey("trust-survey")
    r = Respondent(app.test_client(), slug)
    r.answer_all([{"organisation": "Mind", "role": "Lead"}, {"heard_before": "no", "how_found": "this-survey"},
                  {"used": "no", "encouraged_colleagues": "no"},
                  {"more_information": "no", "colleagues_information": "no", "comments": ""}])
    done = r.submit().headers["Location"]
    shown = re.search(r'class="reference">([0-9A-Z-]{14})<', r.get(done).get_data(as_text=True)).group(1)

    export(runner, slug, tmp_path / "out.csv")
    row = next(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"), newline="")))
    assert row["reference"] == shown and row["language"] == "en"
    export(runner, slug, tmp_path / "out.xlsx")
    responses = openpyxl.load_workbook(tmp_path / "out.xlsx")["Responses"]
    columns = header_index(responses)
    assert list(columns)[:6] == ["response_id", "matched_organisation", "questionnaire_version", "submitted_at",
                                 "language", "reference"]
    assert responses.cell(2, columns["reference"] + 1).value == shown
    # Not in the workbook for publication: a reference is one respondent's.
    export(runner, slug, tmp_path / "p.xlsx", "--for-publication")
    book = openpyxl.load_workbook(tmp_path / "p-for-publication.xlsx")
    assert all(c.value not in (shown, "reference") for sheet in book.worksheets for row in sheet.iter_rows()
               for c in row)
