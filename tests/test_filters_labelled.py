"""Filtered figures say which filters made them, next to the figures: page banner, workbook, file name, text, JSON."""
import json
import re

import openpyxl

SLUG = "reality-and-impact-trusts"
FILTER_WORDS = "answer used = yes"


def demo(runner):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0


def test_staff_summary_page_has_a_banner_naming_the_filters_beside_the_figures(runner, analyst_client):
    demo(runner)
    whole = analyst_client.get(f"/admin/surveys/{SLUG}/summary").get_data(as_text=True)
    assert "18 people from 15 organisations responded." in whole and "Filtered" not in whole
    html = analyst_client.get(f"/admin/surveys/{SLUG}/summary?answer=used%3Dyes&since=2019-03-01"
                              ).get_data(as_text=True)
    banner = re.search(r'<div class="notification summary-filtered"[^>]*>(.*?)</div>', html, re.S)
    assert banner, "no banner on a filtered summary"
    text = " ".join(re.sub(r"<[^>]+>", " ", banner.group(1)).split())
    assert "submitted on or after 2019-03-01" in text and FILTER_WORDS in text
    assert "11 of the survey's 18 submitted responses" in text
    # Next to the figures: the banner comes before the "responded" line and the headlines.
    assert html.index("summary-filtered") < html.index("people from") < html.index("Headlines")


def test_workbook_headlines_and_summary_sheets_start_with_the_filters(runner, tmp_path):
    demo(runner)
    path = tmp_path / "used.xlsx"
    result = runner.invoke(args=["export", SLUG, "--output", str(path), "--answer", "used=yes"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    for name in ("Headlines", "Summary"):
        first = [row[0].value for row in book[name].iter_rows(max_row=3)]
        assert any(value and value.startswith("Filtered: ") and FILTER_WORDS in value for value in first), \
            (name, first)
    headlines = [[c.value for c in row] for row in book["Headlines"].iter_rows()]
    header = next(i for i, row in enumerate(headlines) if row[0] == "Headline")
    heard = next(row for row in headlines[header + 1:] if "heard of the standards" in row[0])
    assert (heard[4], heard[5]) == (11, 11)
    # The header stays frozen where it now is.
    assert book["Headlines"].freeze_panes == f"A{header + 2}"
    whole = tmp_path / "whole.xlsx"
    assert runner.invoke(args=["export", SLUG, "--output", str(whole)]).exit_code == 0
    unfiltered = openpyxl.load_workbook(whole)
    assert unfiltered["Headlines"]["A1"].value == "Headline"
    assert not any(str(row[0].value or "").startswith("Filtered") for row in unfiltered["Summary"].iter_rows(max_row=5))


def test_downloads_of_filtered_figures_say_filtered_in_their_file_name(runner, analyst_client):
    demo(runner)
    for fmt, ending in (("xlsx", ".xlsx"), ("csv", ".csv")):
        filtered = analyst_client.get(f"/admin/surveys/{SLUG}/export?format={fmt}&answer=used%3Dyes")
        assert filtered.status_code == 200
        name = re.search(r'filename="?([^";]+)', filtered.headers["Content-Disposition"]).group(1)
        assert name.startswith(f"{SLUG}-") and name.endswith(f"-filtered{ending}"), name
        whole = analyst_client.get(f"/admin/surveys/{SLUG}/export?format={fmt}")
        name = re.search(r'filename="?([^";]+)', whole.headers["Content-Disposition"]).group(1)
        assert "filtered" not in name and name.endswith(ending)


def test_text_and_json_summaries_state_the_filters(runner):
    demo(runner)
    text = runner.invoke(args=["summary", SLUG, "--answer", "used=yes"]).output
    lines = text.splitlines()
    assert lines[1] == f"Filtered: {FILTER_WORDS}."  # right under the title, before any figure
    assert lines[2].startswith("11 people")
    data = json.loads(runner.invoke(args=["summary", SLUG, "--format", "json", "--answer", "used=yes"]).output)
    assert data["filters_in_words"] == [FILTER_WORDS]
    assert data["filters"]["answers"] == [{"question": "used", "values": ["yes"]}]  # kept as it was
    assert data["respondents_unfiltered"] == 18
    whole = json.loads(runner.invoke(args=["summary", SLUG, "--format", "json"]).output)
    assert whole["filters_in_words"] == [] and whole["respondents_unfiltered"] == 18
