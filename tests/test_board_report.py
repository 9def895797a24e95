"""The report for a board paper (issue 15): `survey-engine report` and the staff page, checked against the summary."""
import io
import json
import sys
from html.parser import HTMLParser

import pytest

from survey_engine.summary.intervals import wilson_interval

TRUSTS = "reality-and-impact-trusts"


class Page(HTMLParser):
    """Texts of the report's parts: each figure's title and table rows, headlines, organisations, svg titles."""

    def __init__(self):
        super().__init__()
        self.stack, self.figures, self.headlines, self.organisations, self.svgs = [], {}, [], [], []
        self.cover = ""
        self.text = []
        self.figure = self.row = self.cell = None
        self.in_list = None
        self.svg = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "figure":
            self.figure = {"id": attrs.get("id"), "caption": "", "rows": []}
            self.figures[attrs.get("id")] = self.figure
        elif tag == "tr" and self.figure is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "ul":
            self.in_list = attrs.get("class")
        elif tag == "li" and self.in_list in ("report-headlines", "report-organisations"):
            (self.headlines if self.in_list == "report-headlines" else self.organisations).append("")
        elif tag == "svg":
            self.svg = {"attrs": attrs, "title": "", "desc": ""}
            self.svgs.append(self.svg)

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "figure":
            self.figure = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.figure["rows"].append(self.row)
            self.row = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "ul":
            self.in_list = None
        elif tag == "svg":
            self.svg = None

    def handle_data(self, data):
        self.text.append(data)
        tags = [t for t, _ in self.stack]
        if self.cell is not None:
            self.cell += data
        if self.figure is not None and "figcaption" in tags:
            self.figure["caption"] += data
        if self.svg is not None and tags and tags[-1] in ("title", "desc") and tags[-2] == "svg":
            self.svg[tags[-1]] += data
        if "li" in tags and self.in_list == "report-headlines":
            self.headlines[-1] += data
        if "li" in tags and self.in_list == "report-organisations":
            self.organisations[-1] += data
        if any(a.get("id") == "cover" for _, a in self.stack):
            self.cover += data


def parse(html):
    page = Page()
    page.feed(html)
    return page


def words(text):
    return " ".join(text.split())


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    return runner


def summary_of(runner, slug, *options):
    result = runner.invoke(args=["summary", slug, "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def report_html(runner, tmp_path, slug, *options):
    out = tmp_path / "report.html"
    result = runner.invoke(args=["report", slug, "--output", str(out), *options])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def check_figures(page, summary, filtered=False):
    """Every closed question has a figure whose table, chart and title say what the summary says."""
    closed = [q for q in summary["questions"] if q["options"] and "texts" not in q]
    assert closed
    for q in closed:
        figure = page.figures[f"q-{q['key']}"]
        assert f"base {q['base']}, {q['base_description']}" in words(figure["caption"])
        assert ("filtered" in figure["caption"]) == filtered
        rows = figure["rows"][1:]  # the header row first
        expected = [(o["label"], o["count"], o["percent"]) for o in q["options"]]
        expected += [(g["label"], g["count"], g["percent"]) for g in q.get("groups") or ()]
        assert len(rows) == len(expected)
        for row, (label, count, percent) in zip(rows, expected):
            low, high = wilson_interval(count, q["base"])
            assert row == [label, str(count), f"{percent:.1f}%", f"{low:.1f}% to {high:.1f}%"]
    charts = [s for s in page.svgs if s["attrs"]["id"].startswith("chart-")]
    assert len(charts) == len(closed)
    for svg, q in zip(charts, closed):
        # An image with a name and a text alternative that reads every bar, the base in its title.
        assert svg["attrs"]["role"] == "img"
        assert svg["attrs"]["aria-labelledby"] == f"{svg['attrs']['id']}-title {svg['attrs']['id']}-desc"
        assert svg["title"] == f"{q['text']} (base {q['base']}, {q['base_description']})"
        for o in q["options"]:
            assert f"{o['label']}: " in svg["desc"] and f"({o['count']})" in svg["desc"]


def test_the_report_as_html_gives_the_summarys_figures(demo, tmp_path):
    summary = summary_of(demo, TRUSTS)
    page = parse(report_html(demo, tmp_path, TRUSTS))
    cover = words(page.cover)
    assert "4Pi Reality and Impact: Mental Health NHS Trusts" in cover
    assert "18 people from 15 organisations responded." in cover
    assert "Figures of every submitted response: no filters." in cover
    assert "Responses submitted" in cover and "Report made" in cover
    assert [words(h) for h in page.headlines][0].startswith(summary["headlines"][0]["text"])
    assert len(page.headlines) == len(summary["headlines"]) == 9
    for text, headline in zip(page.headlines, summary["headlines"]):
        assert words(text).startswith(headline["text"])
        # Every base here is under 30, so each headline says so in words.
        assert f"{headline['count']} of {headline['base']}: a small number of people" in text
    assert page.organisations == [o["name"] for o in summary["organisations_responding"]]
    check_figures(page, summary)
    written = [q for q in summary["questions"] if q.get("texts")]
    assert written
    html = "".join(page.text)
    for q in written:
        for text in q["texts"]:
            assert text in html


def test_the_report_states_its_filters_on_the_cover_and_beside_every_figure(demo, tmp_path):
    summary = summary_of(demo, TRUSTS, "--answer", "heard_before=yes")
    assert summary["respondents"] < 18
    page = parse(report_html(demo, tmp_path, TRUSTS, "--answer", "heard_before=yes"))
    cover = words(page.cover)
    assert "These figures count only responses with: answer heard_before = yes." in cover
    assert f"They are {summary['respondents']} of the survey's 18 submitted responses." in cover
    check_figures(page, summary, filtered=True)


def test_the_report_as_pdf_has_a_few_pages_and_every_chart(demo, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "report.pdf"
    result = demo.invoke(args=["report", TRUSTS, "--output", str(out)])
    if "PDF reports need" in result.output:
        pytest.skip(result.output)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert 2 <= len(reader.pages) <= 12
    text = words(" ".join(p.extract_text() for p in reader.pages))
    summary = summary_of(demo, TRUSTS)
    assert "18 people from 15 organisations responded." in text
    for headline in summary["headlines"]:
        assert headline["text"] in text
    for q in summary["questions"]:
        if q["options"] and "texts" not in q:
            # The chart's table, and its base beside it.
            assert f"Base: {q['base']}, {q['base_description']}." in text
            for o in q["options"]:
                assert f"{o['label']} {o['count']} {o['percent']:.1f}%" in text
    # The charts are drawn in the PDF too: each bar's label repeats its table's percentage beside the bar.
    rows = [o["percent"] for q in summary["questions"] if q["options"] and "texts" not in q
            for o in q["options"] + (q.get("groups") or [])]
    for percent in {p for p in rows if p != int(p)}:
        assert text.count(f"{percent:.1f}%") >= 2 * rows.count(percent), percent


def test_a_report_file_must_be_html_or_pdf(demo, tmp_path):
    result = demo.invoke(args=["report", TRUSTS, "--output", str(tmp_path / "report.doc")])
    assert result.exit_code == 2
    assert "must end in .html or .pdf" in result.output


def test_the_cover_says_who_was_invited_when_a_plugin_knows(app, demo, tmp_path):
    from survey_engine import hookimpl
    from survey_engine.registry import registry

    class Invited:
        @hookimpl
        def summary_response_rates(self, survey):
            return {"invited": {"contacts": 92, "organisations": 56}, "responded": {"contacts": 18},
                    "organisation_noun": "Trusts", "text": "18 people responded, out of 92 contacts"}

    with app.app_context():
        registry().pm.register(Invited(), name="invited-for-test")
    page = parse(report_html(demo, tmp_path, TRUSTS))
    assert "18 people from 15 organisations, out of 92 contacts at 56 Trusts invited." in words(page.cover)


def test_the_staff_report_page_and_its_pdf(demo, admin_client):
    page = admin_client.get(f"/admin/surveys/{TRUSTS}/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # Served under the CSP: the stylesheet is linked, never inline.
    assert "<style" not in html and 'href="/static/report.css"' in html
    assert "Download as PDF" in html
    assert "18 people from 15 organisations responded." in html
    survey_page = admin_client.get(f"/admin/surveys/{TRUSTS}").get_data(as_text=True)
    assert f"/admin/surveys/{TRUSTS}/report" in survey_page
    pdf = admin_client.get(f"/admin/surveys/{TRUSTS}/report.pdf")
    if pdf.status_code == 503:
        pytest.skip("WeasyPrint's libraries are missing")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_the_report_needs_staff(demo, client):
    assert client.get(f"/admin/surveys/{TRUSTS}/report").status_code == 302
    assert client.get(f"/admin/surveys/{TRUSTS}/report.pdf").status_code == 302


def test_report_text_is_escaped(app, open_survey, tmp_path, runner):
    from survey_engine.testing import Respondent

    open_survey("end-of-involvement", slug="eoi")
    respondent = Respondent(app.test_client(), "eoi")
    location = respondent.start()
    while "/page/" in location:
        page = respondent.get(location).get_data(as_text=True)
        data = {}
        if 'name="went_well"' in page:
            data["went_well"] = "<script>alert(1)</script>"
        response = respondent.post(location, data)
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
    respondent.submit()
    html = report_html(runner, tmp_path, "eoi")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html



def test_without_pangos_libraries_the_pdf_names_the_packages_and_html_still_works(demo, tmp_path, monkeypatch):
    # WeasyPrint loads Pango when imported; a machine without it raises OSError there.
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n")
    monkeypatch.syspath_prepend(str(tmp_path / "fake"))
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    result = demo.invoke(args=["report", TRUSTS, "--output", str(tmp_path / "report.pdf")])
    assert result.exit_code == 1
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.output
    assert "the HTML report works without them" in result.output
    assert not (tmp_path / "report.pdf").exists()
    assert "18 people from 15 organisations responded." in report_html(demo, tmp_path, TRUSTS)


def test_the_staff_report_takes_the_summary_pages_filters_and_says_which_it_cannot_use(demo, admin_client):
    html = admin_client.get(f"/admin/surveys/{TRUSTS}/report?answer=heard_before=yes").get_data(as_text=True)
    page = parse(html)
    assert "These figures count only responses with: answer heard_before = yes." in words(page.cover)
    assert "report.pdf?answer=heard_before%3Dyes" in html  # the PDF link keeps the filters
    bad = admin_client.get(f"/admin/surveys/{TRUSTS}/report?since=yesterday").get_data(as_text=True)
    assert "There is a problem" in bad and "Submitted from must be a date like 2025-03-31" in bad
    assert "Figures of every submitted response: no filters." in words(parse(bad).cover)
