"""The invited base counts only what came through invitations, is never filtered, and never passes 100%."""
import csv
import json
import os
import re

import pytest
from invite_helpers import SIGNATORY_PAGES, answer_through, cli, make_survey, write_csv

import questionnaires

PAPER = os.path.join(os.path.dirname(questionnaires.__file__), "demo_data", "signatory_survey.csv")
USED = "had used the standards in their work"


def invite(app, tmp_path, n):
    """`n` contacts sent a link (by the mail-merge export, which counts as sending); returns the links."""
    app.config["BASE_URL"] = "http://surveys.test"
    slug = make_survey(app)
    contacts = [[f"Person {i}", f"p{i}@org{i}.example.org", f"Org {i}", "signatory", ""] for i in range(n)]
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", contacts)).exit_code == 0
    out = tmp_path / "links.csv"
    assert cli(app, "invitations", "export", slug, "--output", str(out)).exit_code == 0
    return [row["link"].removeprefix("http://surveys.test") for row in csv.DictReader(out.open(encoding="utf-8"))]


def percents_of_invited(text):
    return [int(n) for n in re.findall(r"(\d+)% of those invited", text)]


@pytest.fixture
def mixed(app, tmp_path):
    """Two invited, one answered through their link, and the 11 paper responses imported: 12 submitted."""
    links = invite(app, tmp_path, 2)
    answer_through(app, links[0])
    result = cli(app, "responses", "import", "trusts", PAPER)
    assert result.exit_code == 0, result.output
    return app


def test_responses_that_did_not_come_through_invitations_are_not_counted_against_the_invited(mixed, analyst_client):
    result = cli(mixed, "summary", "trusts", "--base", "invited")
    assert result.exit_code == 1, result.output
    assert not [p for p in percents_of_invited(result.output) if p > 100]
    assert "12 submitted responses" in result.output and "1 came through an invitation" in result.output
    result = cli(mixed, "export", "trusts", "--base", "invited", "--output", "/tmp/fig/never.xlsx")
    assert result.exit_code == 1 and "came through an invitation" in result.output
    html = analyst_client.get("/admin/surveys/trusts/summary?base=invited").get_data(as_text=True)
    assert "error-summary" in html and "came through an invitation" in html
    assert not [p for p in percents_of_invited(html) if p > 100]
    # The response rate itself counts invitations only: 1 of 2.
    text = cli(mixed, "summary", "trusts").output
    assert "out of 2 contacts" in text and "(50% of contacts" in text


def test_the_invited_base_works_when_every_response_came_through_an_invitation(app, tmp_path):
    links = invite(app, tmp_path, 3)
    for link in links[:2]:
        answer_through(app, link)
    data = json.loads(cli(app, "summary", "trusts", "--base", "invited", "--format", "json").output)
    headline = next(h for h in data["headlines"] if h["statement"] == USED)
    assert headline["text"] == f"0% of those invited {USED} (0 of 3)"
    how = next(q for q in data["questions"] if q["key"] == "how_found")
    assert how["base"] == 3 and next(o for o in how["options"] if o["value"] == "online")["percent"] == 66.7


def test_filters_leave_out_the_invited_base_and_say_why(mixed, analyst_client):
    refused = cli(mixed, "summary", "trusts", "--base", "invited", "--answer", "used=no")
    assert refused.exit_code == 1 and "cannot be filtered" in refused.output
    text = cli(mixed, "summary", "trusts", "--answer", "used=no").output
    assert "out of 2 contacts" not in text and "of contacts" not in text
    assert "Response rates and the invited base are of the whole survey" in text
    data = json.loads(cli(mixed, "summary", "trusts", "--format", "json", "--answer", "used=no").output)
    assert data["invited"] is None and data["response_rates"] is None
    assert data["invited_note"].startswith("Response rates and the invited base are of the whole survey")
    whole = json.loads(cli(mixed, "summary", "trusts", "--format", "json").output)
    assert whole["invited"] == 2 and whole["response_rates"] and whole["invited_note"] is None
    html = analyst_client.get("/admin/surveys/trusts/summary?answer=used%3Dno").get_data(as_text=True)
    assert "of contacts" not in html and "Response rates and the invited base are of the whole survey" in html


def test_an_invited_count_from_a_plugin_below_the_responses_is_never_a_percentage_over_100(app, tmp_path):
    from survey_engine import hookimpl

    class Invitations:
        @hookimpl
        def summary_invited(self, app, survey):
            return 1

    links = invite(app, tmp_path, 2)
    for link in links:
        answer_through(app, link, pages=[SIGNATORY_PAGES[0], SIGNATORY_PAGES[1], {"used": "yes"},
                                         {"differences": ["quality"]}, {}])
    app.extensions["survey_engine"].pm.register(Invitations(), name="invitations-test")
    result = cli(app, "summary", "trusts", "--base", "invited")
    assert not [p for p in percents_of_invited(result.output) if p > 100]
    assert result.exit_code == 1 and "more than the 1 invited" in result.output
