"""Issue 15, uncertainty stated: every percentage of the summary has its 95% interval, and a small base says so."""
import csv
import json
import re
from pathlib import Path
from decimal import ROUND_HALF_UP, Decimal

import pytest
from scipy.stats import binomtest

from survey_helpers import TRUSTS

DEMO_TRUSTS = Path(__file__).parent.parent / "questionnaires" / "demo_data" / "trust_survey.csv"


def wilson(count, base):
    """The Wilson interval in percent to one decimal, from SciPy: computed apart from the engine's own."""
    ci = binomtest(count, base).proportion_ci(method="wilson")
    return round(ci.low * 100, 1), round(ci.high * 100, 1)


def whole(count, base):
    """The Wilson interval in whole percentages, rounded half up from SciPy's unrounded bounds."""
    ci = binomtest(count, base).proportion_ci(method="wilson")
    return tuple(int((Decimal(repr(float(b))) * 100).quantize(Decimal(1), ROUND_HALF_UP)) for b in (ci.low, ci.high))


def write_rows(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    return runner


def test_every_percentage_in_json_has_its_interval(demo):
    result = demo.invoke(args=["summary", "reality-and-impact-trusts", "--format", "json"])
    data = json.loads(result.output)
    checked = 0
    for question in data["questions"]:
        for row in question["options"] + question.get("groups", []):
            assert (row["ci_low"], row["ci_high"]) == wilson(row["count"], question["base"]), (question["key"], row)
            assert row["ci_low"] <= row["percent"] <= row["ci_high"]
            checked += 1
    assert checked >= 17
    # Percentages are unchanged; each headline has its interval and, under 30 people, its sentence.
    for headline, (statement, percent, count, base) in zip(data["headlines"], TRUSTS):
        assert (headline["percent"], headline["count"], headline["base"]) == (percent, count, base)
        assert (headline["ci_low"], headline["ci_high"]) == wilson(count, base)
        low, high = whole(count, base)
        assert headline["uncertainty"] == (f"{count} of {base}: a small number of people, so this could be "
                                           f"anywhere from {low}% to {high}%")
    assert data["headlines"][0]["uncertainty"] == ("13 of 18: a small number of people, so this could be "
                                                   "anywhere from 49% to 88%")


def test_a_percentage_with_no_base_has_no_interval(runner, open_survey):
    open_survey("trust-survey", "trusts")
    data = json.loads(runner.invoke(args=["summary", "trusts", "--format", "json"]).output)
    assert data["headlines"][0]["percent"] is None
    assert data["headlines"][0]["ci_low"] is None and data["headlines"][0]["ci_high"] is None
    assert data["headlines"][0]["uncertainty"] is None
    option = next(q for q in data["questions"] if q["options"])["options"][0]
    assert option["ci_low"] is None and option["ci_high"] is None


def test_text_summary_says_the_intervals(demo):
    text = demo.invoke(args=["summary", "reality-and-impact-trusts"]).output
    assert "Square brackets give each percentage's 95% interval (Wilson score interval)" in text
    assert ("- 72% of respondents had heard of the standards previously (13 of 18)\n"
            "  13 of 18: a small number of people, so this could be anywhere from 49% to 88%.\n") in text
    low, high = wilson(12, 13)
    assert f"  - Yes: 12 (92.3%) [{low}% to {high}%]\n" in text


def test_breakdown_hides_an_interval_with_its_figure(demo):
    data = json.loads(demo.invoke(args=["summary", "reality-and-impact-trusts", "--format", "json",
                                        "--by-organisation", "heard_before"]).output)
    for row in data["breakdown"]["organisations"]:
        for option in row["options"]:
            if isinstance(option["percent"], str):
                assert option["ci_low"] == option["ci_high"] == option["percent"] == "fewer than 5"
            else:
                assert (option["ci_low"], option["ci_high"]) == wilson(option["count"], row["answered"])


def test_staff_page_shows_intervals_where_the_base_is_small(demo, analyst_client):
    html = analyst_client.get("/admin/surveys/reality-and-impact-trusts/summary").get_data(as_text=True)
    assert "13 of 18: a small number of people, so this could be anywhere from 49% to 88%." in html
    table = re.search(r'<table class="table summary-table" id="q-made_difference">.*?</table>', html, re.S).group(0)
    low, high = wilson(12, 13)
    assert "Could be (95% interval)" in table
    assert re.search(rf'<td class="numeric">92.3%</td><td class="numeric">{low}% to {high}%</td>', table)
    assert "Fewer than 30 people answered" in table


def test_staff_page_leaves_intervals_out_of_large_bases(runner, analyst_client, open_survey, tmp_path):
    open_survey("trust-survey", "trusts")
    with open(DEMO_TRUSTS, newline="") as f:
        rows = list(csv.DictReader(f)) * 3  # 54 people: no base under 30
    result = runner.invoke(args=["responses", "import", "trusts", write_rows(tmp_path / "r.csv", rows)])
    assert result.exit_code == 0, result.output
    html = analyst_client.get("/admin/surveys/trusts/summary").get_data(as_text=True)
    table = re.search(r'<table class="table summary-table" id="q-heard_before">.*?</table>', html, re.S).group(0)
    assert "Could be" not in table and "Fewer than 30" not in table
    headline = re.search(r"<li>\d+% of respondents had heard of the standards previously.*?</li>", html, re.S).group(0)
    assert "(39 of 54)" in headline and "small number" not in headline


def test_summary_json_download(demo, analyst_client):
    response = analyst_client.get("/admin/surveys/reality-and-impact-trusts/summary.json?organisation_kind=NHS+Trust")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["filters"]["organisation_kind"] == "NHS Trust"
    assert data["headlines"][0]["ci_low"] == wilson(data["headlines"][0]["count"], data["headlines"][0]["base"])[0]
    page = analyst_client.get("/admin/surveys/reality-and-impact-trusts/summary").get_data(as_text=True)
    assert "/admin/surveys/reality-and-impact-trusts/summary.json" in page
