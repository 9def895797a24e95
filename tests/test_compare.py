"""Issue 15, waves compared: `survey-engine compare` of the demo's trust survey (2019) and a second wave (2026)
imported through `responses import`, checked against figures worked out here from the rows written."""
import csv
import json
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from scipy.stats import binomtest

DEMO_TRUSTS = Path(__file__).parent.parent / "questionnaires" / "demo_data" / "trust_survey.csv"
#: Organisations the demo's signatory survey brings in with the kind "signatory".
SIGNATORIES = ["CAPITAL Project Trust", "Maternal OCD", "ReCoCo", "The Advocacy Project", "Rethink",
               "Healthwatch Northamptonshire", "NIHR CLAHRC NWL", "Together for Mental Wellbeing"]


def demo_rows():
    with open(DEMO_TRUSTS, newline="") as f:
        return list(csv.DictReader(f))


def second_wave():
    """37 people in 2026: 30 had heard of the standards (2019: 13 of 18), 5 want more information (2019: 13)."""
    rows = demo_rows()
    heard = next(r for r in rows if r["heard_before"] == "yes" and r["used"] == "yes")
    not_heard = next(r for r in rows if r["heard_before"] == "no")
    trusts = sorted({r["organisation"] for r in rows})
    wave = []
    for i in range(37):
        row = dict(heard if i < 30 else not_heard)
        # 8 signatories: 6 had heard (i 0-5), 2 had not (i 30-31).
        signatory = i < 6 or 30 <= i < 32
        row["organisation"] = SIGNATORIES[i % 8 if i < 6 else i - 24] if signatory else trusts[i % len(trusts)]
        row["more_information"] = "yes" if i % 7 == 0 and i < 35 else "no"
        row["submitted_at"] = f"2026-03-{1 + i % 28:02d}T10:00"
        wave.append(row)
    return wave


def whole(fraction):
    return int((Decimal(repr(fraction)) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def newcombe(c1, n1, c2, n2):
    """p1 - p2's 95% interval by Newcombe's method 10, composed here from SciPy's Wilson intervals."""
    a, b = (binomtest(c, n).proportion_ci(method="wilson") for c, n in ((c1, n1), (c2, n2)))
    p1, p2 = c1 / n1, c2 / n2
    return (p1 - p2 - math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
            p1 - p2 + math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2))


@pytest.fixture
def waves(runner, tmp_path):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "trusts-2026",
                                 "--title", "Trusts 2026"])
    assert result.exit_code == 0, result.output
    rows = second_wave()
    path = tmp_path / "wave2.csv"
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(args=["responses", "import", "trusts-2026", str(path)])
    assert result.exit_code == 0, result.output
    return runner, rows


def count(rows, key, value):
    return sum(1 for r in rows if r[key] == value)


def test_compare_prints_the_changes_with_their_tests(waves):
    runner, wave2 = waves
    wave1 = demo_rows()
    result = runner.invoke(args=["compare", "reality-and-impact-trusts", "trusts-2026"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "- 2019: 4Pi Reality and Impact: Mental Health NHS Trusts (reality-and-impact-trusts)" in text
    assert "- 2026: Trusts 2026 (trusts-2026), submitted 2026-03-01 to 2026-03-28" in text
    assert "Newcombe's hybrid score interval (Newcombe 1998, method 10)" in text
    # The issue's own sentence: 13 of 18 in 2019, 30 of 37 in 2026.
    c1, c2 = count(wave1, "heard_before", "yes"), count(wave2, "heard_before", "yes")
    assert (c1, c2) == (13, 30)
    low, high = newcombe(c2, 37, c1, 18)
    assert low < 0 < high
    assert (f"- had heard of the standards previously: 72% (13 of 18) in 2019, 81% (30 of 37) in 2026, up 9 points; "
            f"not clearly more than chance [the change could be {low * 100:+.1f} to {high * 100:+.1f} points]") in text
    # A fall chance does not explain: more information wanted by 13 of 18, then by 5 of 37.
    c1, c2 = count(wave1, "more_information", "yes"), count(wave2, "more_information", "yes")
    low, high = newcombe(c2, 37, c1, 18)
    assert high < 0
    points = whole(c2 / 37 - c1 / 18)
    assert (f"would benefit from additional information about the standards and how to use them: "
            f"{whole(c1 / 18)}% ({c1} of 18) in 2019, {whole(c2 / 37)}% ({c2} of 37) in 2026, "
            f"down {-points} points; more than chance would explain") in text


def test_compare_json_numbers(waves):
    runner, wave2 = waves
    wave1 = demo_rows()
    data = json.loads(runner.invoke(args=["compare", "reality-and-impact-trusts", "trusts-2026",
                                          "--format", "json"]).output)
    assert [w["label"] for w in data["waves"]] == ["2019", "2026"]
    assert [w["respondents"] for w in data["waves"]] == [18, 37]
    question = next(q for q in data["questions"] if q["key"] == "more_information")
    row = next(r for r in question["options"] if r["value"] == "yes")
    c1, n1 = count(wave1, "more_information", "yes"), sum(1 for r in wave1 if r["more_information"])
    c2, n2 = count(wave2, "more_information", "yes"), 37
    for figure, (c, n) in zip(row["figures"], ((c1, n1), (c2, n2))):
        ci = binomtest(c, n).proportion_ci(method="wilson")
        assert (figure["count"], figure["base"], figure["base_kind"]) == (c, n, "answered")
        assert figure["percent"] == float(Decimal(c * 100 / n).quantize(Decimal("0.1"), ROUND_HALF_UP))
        assert (figure["ci_low"], figure["ci_high"]) == (round(ci.low * 100, 1), round(ci.high * 100, 1))
    change = row["changes"][0]
    low, high = newcombe(c2, n2, c1, n1)
    assert change["from"] == "2019" and change["to"] == "2026"
    assert change["change_points"] == round((c2 / n2 - c1 / n1) * 100, 1)
    assert (change["diff_low"], change["diff_high"]) == (round(low * 100, 1), round(high * 100, 1))
    assert change["beyond_chance"] is True and change["verdict"] == "more than chance would explain"
    headline = next(h for h in data["headlines"] if h["question"] == "heard_before")
    assert [f["percent"] for f in headline["figures"]] == [72, 81]
    assert headline["changes"][0]["beyond_chance"] is False
    assert data["missing"] == [] and data["missing_headlines"] == [] and data["notes"] == []


def test_questions_one_wave_lacks_are_listed(waves):
    runner, _ = waves
    data = json.loads(runner.invoke(args=["compare", "reality-and-impact-trusts", "reality-and-impact-signatories",
                                          "--format", "json"]).output)
    missing = {m["key"]: m for m in data["missing"]}
    assert missing["heard_before"]["missing_from"] == ["2019"] or missing["heard_before"]["in"]
    assert "training" in missing and "heard_before" in missing
    # The trusts' headline on hearing of the standards has no match among the signatories' headlines.
    lacking = {h["question"]: h for h in data["missing_headlines"]}
    assert lacking["heard_before"]["missing_from"] == ["4Pi Reality and Impact: 4Pi signatories"]
    assert "different questionnaires" in data["notes"][0]
    # Two waves of one year are told apart by their titles.
    assert [w["label"] for w in data["waves"]] == ["4Pi Reality and Impact: Mental Health NHS Trusts",
                                                   "4Pi Reality and Impact: 4Pi signatories"]
    text = runner.invoke(args=["compare", "reality-and-impact-trusts", "reality-and-impact-signatories"]).output
    assert "Questions not in every wave (not compared)" in text
    assert "- training: Would you benefit from additional training" in text
    assert "Headlines not in every wave (not compared)" in text


def test_compare_by_kind_suppresses_small_numbers(waves):
    runner, wave2 = waves
    data = json.loads(runner.invoke(args=["compare", "reality-and-impact-trusts", "trusts-2026", "--by", "kind",
                                          "--format", "json"]).output)
    kinds = {part["kind"]: part for part in data["by_kind"]}
    assert set(kinds) == {"NHS Trust", "signatory"} and data["threshold"] == 5
    # Every responding 2019 organisation is a Trust; in 2026, SIGNATORIES are signatories.
    rows = {"NHS Trust": [demo_rows(), [r for r in wave2 if r["organisation"] not in SIGNATORIES]],
            "signatory": [[], [r for r in wave2 if r["organisation"] in SIGNATORIES]]}
    shown = 0
    for kind, part in kinds.items():
        for row in part["headlines"] + [r for q in part["questions"] for r in q["options"]]:
            values = row.get("values") or [row.get("value")]
            for figure, people in zip(row["figures"], rows[kind]):
                if figure is None or figure.get("suppressed") or figure["base"] == 0:
                    continue
                shown += 1
                # Each figure shown is the count worked out from the rows written, and none is small.
                base = sum(1 for r in people if r[row["question"]])
                assert (figure["count"], figure["base"]) == (sum(1 for r in people if r[row["question"]] in values),
                                                             base), (kind, row["text"])
                assert figure["count"] >= 5 and figure["base"] >= 5, (kind, row["text"])
    assert shown > 10
    trusts = next(h for h in kinds["NHS Trust"]["headlines"] if h["question"] == "heard_before")
    assert trusts["figures"][0]["count"] == 13
    # The 2 signatories who had not heard are hidden, and with them what would give them away.
    sig = next(h for h in kinds["signatory"]["headlines"] if h["question"] == "heard_before")
    assert sig["figures"][1]["suppressed"] and "too few to show in 2026" in sig["text"]
    assert sig["changes"][0]["change_points"] is None
    text = runner.invoke(args=["compare", "reality-and-impact-trusts", "trusts-2026", "--by", "kind"]).output
    assert "Organisation kind: signatory" in text and "Counts below 5" in text


def test_compare_takes_the_summary_filters(waves):
    runner, wave2 = waves
    data = json.loads(runner.invoke(args=["compare", "reality-and-impact-trusts", "trusts-2026", "--answer",
                                          "used=yes", "--format", "json"]).output)
    assert data["waves"][1]["respondents"] == count(wave2, "used", "yes")
    assert data["waves"][0]["filters_in_words"] == ["answer used = yes"]


def test_compare_needs_two_known_surveys(waves):
    runner, _ = waves
    assert runner.invoke(args=["compare", "trusts-2026"]).exit_code == 2
    assert runner.invoke(args=["compare", "trusts-2026", "no-such-survey"]).exit_code == 1


def test_compare_page(waves, analyst_client):
    runner, wave2 = waves
    dashboard = analyst_client.get("/admin/").get_data(as_text=True)
    assert "/admin/compare" in dashboard
    survey_page = analyst_client.get("/admin/surveys/trusts-2026").get_data(as_text=True)
    assert "/admin/compare?surveys=trusts-2026" in survey_page
    empty = analyst_client.get("/admin/compare")
    assert empty.status_code == 200 and "Choose at least two" not in empty.get_data(as_text=True)
    # From a survey's page the survey comes ticked, with no error until Compare is pressed.
    ticked = analyst_client.get("/admin/compare?surveys=trusts-2026").get_data(as_text=True)
    assert 'value="trusts-2026" checked' in ticked and "error-summary" not in ticked
    one = analyst_client.get("/admin/compare?surveys=trusts-2026&compare=1").get_data(as_text=True)
    assert "Choose at least two surveys to compare" in one and 'class="error-summary"' in one
    response = analyst_client.get("/admin/compare?surveys=reality-and-impact-trusts&surveys=trusts-2026&by=kind")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # The same words as the command, and the method named.
    assert ("had heard of the standards previously: 72% (13 of 18) in 2019, 81% (30 of 37) in 2026, up 9 points; "
            "not clearly more than chance") in html
    assert "Newcombe&#39;s hybrid score interval" in html
    table = re.search(r'<table class="table compare-table" id="q-more_information">.*?</table>', html, re.S).group(0)
    c2 = count(wave2, "more_information", "yes")
    assert f"{float(Decimal(c2 * 100 / 37).quantize(Decimal('0.1'), ROUND_HALF_UP))}% ({c2} of 37)" in table
    assert "more than chance would explain" in table
    assert "Organisation kind: signatory" in html and "too few to show" in html
    assert not re.search(r"\sstyle=", html)


def test_compare_page_needs_a_login(client):
    response = client.get("/admin/compare?surveys=a&surveys=b")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
