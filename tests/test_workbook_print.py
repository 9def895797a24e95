"""Issue 15, the workbook ready to print: print set-up on every sheet, headings without keys, charts titled with
their base, intervals beside percentages; and, where LibreOffice is installed, no chart cut across pages."""
import re
import shutil
import subprocess

import openpyxl
import pytest
from scipy.stats import binomtest

SLUG = "reality-and-impact-trusts"


@pytest.fixture
def workbook(runner, tmp_path):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    path = tmp_path / "trusts.xlsx"
    result = runner.invoke(args=["export", SLUG, "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_every_sheet_is_set_up_for_print(workbook):
    book = openpyxl.load_workbook(workbook)
    for sheet in book:
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title  # A4
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text, sheet.title
        assert sheet.print_title_rows, sheet.title  # the header row on every page
        if sheet.title == "Summary":
            # One page wide by a print scale, with page breaks between questions (fit-to-page would void them).
            assert 10 <= int(setup.scale) < 100 and sheet.row_breaks.brk
        else:
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, sheet.title
    # Landscape where the columns are wide.
    assert book["Headlines"].page_setup.orientation == "landscape"
    assert book["Responses"].page_setup.orientation == "landscape"
    assert book["Organisations"].page_setup.orientation == "portrait"


def test_rows_fit_their_wrapped_text(workbook):
    about = openpyxl.load_workbook(workbook)["About"]
    width = about.column_dimensions["B"].width
    row = next(row for row in about.iter_rows(min_row=2) if row[0].value == "About bases")
    lines = -(-len(row[1].value) // width)
    assert lines >= 3  # an explanation that wraps...
    assert about.row_dimensions[row[0].row].height >= 15 * lines  # ...has a row tall enough for its lines


def wilson(count, base):
    ci = binomtest(count, base).proportion_ci(method="wilson")
    return ci.low, ci.high


def test_headings_keys_intervals_and_chart_titles(workbook, runner):
    import json
    data = json.loads(runner.invoke(args=["summary", SLUG, "--format", "json"]).output)
    book = openpyxl.load_workbook(workbook)
    summary = book["Summary"]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    for question in data["questions"]:
        heading = next(row for row in rows if row[0] == question["text"])
        assert question["key"] in heading[1:]
        if not question["options"] or question["kind"] == "date":
            continue
        header = next(i for i, row in enumerate(rows) if row[0] == "Answer" and rows.index(heading) < i)
        assert rows[header][:6] == ["Answer", "Count", "Percentage", "95% interval from", "95% interval to", "Base"]
        for option, row in zip(question["options"], rows[header + 1:]):
            assert row[0] == option["label"] and row[1] == option["count"]
            assert (row[3], row[4]) == pytest.approx(wilson(option["count"], question["base"]), abs=1e-12)
    assert not any(str(row[0] or "").startswith(f"{q['key']}:") for row in rows for q in data["questions"])
    titles = [chart.title.tx.rich.p[0].r[0].t for chart in summary._charts]
    assert titles and all(re.search(r"\(base: \d+, those asked who answered\)$", t) for t in titles)
    headlines = book["Headlines"]
    first = [c.value for c in headlines[2]]
    assert first[2:4] == pytest.approx(wilson(13, 18), abs=1e-12)
    assert first[7] == "13 of 18: a small number of people, so this could be anywhere from 49% to 88%"
    assert first[8] == "heard_before"


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
                    reason="LibreOffice (libreoffice-calc-nogui) and poppler-utils are not installed")
def test_libreoffice_prints_no_chart_across_pages(workbook, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "trusts.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True).stdout).group(1))
    texts = [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                                     text=True).stdout.split()) for n in range(1, pages + 1)]
    summary = [t for n, t in enumerate(texts, 1) if "Summary" in t and f"Page {n} of {pages}" in t]
    assert 1 <= len(summary) <= 4  # the Summary's 11 questions on a few pages, not one each
    book = openpyxl.load_workbook(workbook)
    charts = book["Summary"]._charts
    for chart in charts:
        title = " ".join(chart.title.tx.rich.p[0].r[0].t.split())
        holding = [t for t in texts if title in t]
        assert len(holding) == 1, title
        after = holding[0].split(title, 1)[1]
        # The whole chart on the title's page: its axis's end and every bar's label come after the title.
        labels = [f"{round(float(v.v) * 100)}%" for v in chart.series[0].val.numRef.numCache.pt]
        assert "100%" in after, title
        position = 0
        for label in labels:
            position = after.find(label, position)
            assert position >= 0, (title, label)
