"""The staff summary page: behind login, headlines and a table per question, bars with their figures in text."""
import re

from survey_helpers import respond, trust_pages


def test_summary_page_needs_a_login(client, open_survey):
    open_survey("trust-survey", "trusts")
    response = client.get("/admin/surveys/trusts/summary")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_summary_page_shows_the_report(runner, analyst_client):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    response = analyst_client.get("/admin/surveys/reality-and-impact-trusts/summary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "18 people from 15 organisations responded." in html
    assert "65% of respondents had used the standards in their work (11 of 17)" in html
    assert "<li>University of Southampton</li>" in html
    # Each bar's figures are in the table as text; the bar itself is a <meter>, with no inline style.
    table = re.search(r'<table class="table summary-table" id="q-made_difference">.*?</table>', html, re.S).group(0)
    assert re.search(r"<th scope=\"row\">Yes</th><td class=\"numeric\">12</td>\s*<td class=\"numeric\">92.3%</td>",
                     table)
    assert '<meter class="summary-meter" min="0" max="100" value="92.3" aria-hidden="true">' in table
    assert "Base: 13, those asked who answered." in table
    assert "not asked 5" in table
    # No inline style or script: the CSP forbids them (scripts only from /static).
    assert not re.search(r"\sstyle=", html) and not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_survey_page_shows_the_headlines(runner, admin_client):
    runner.invoke(args=["demo", "--no-serve"])
    html = admin_client.get("/admin/surveys/reality-and-impact-signatories").get_data(as_text=True)
    assert "11 people from 11 organisations responded." in html
    assert "91% of respondents had used the standards in their work (10 of 11)" in html
    assert "/admin/surveys/reality-and-impact-signatories/summary" in html


def test_summary_page_base_and_filters(app, analyst_client, open_survey):
    slug = open_survey("trust-survey", "trusts")
    respond(app, slug, trust_pages("Mersey Care NHS Foundation Trust", how_used="<b>Training</b> =1+1"))
    respond(app, slug, trust_pages("Pennine Care NHS Foundation Trust", heard="no", how="this-survey", used="no"))
    html = analyst_client.get(f"/admin/surveys/{slug}/summary?base=respondents").get_data(as_text=True)
    assert "Base: 2, everyone who submitted a response." in html
    assert "&lt;b&gt;Training&lt;/b&gt; =1+1" in html and "<b>Training" not in html
    html = analyst_client.get(f"/admin/surveys/{slug}/summary?answer=heard_before%3Dyes").get_data(as_text=True)
    assert "1 person from 1 organisation responded." in html
    html = analyst_client.get(f"/admin/surveys/{slug}/summary?since=yesterday&base=invited").get_data(as_text=True)
    assert "Submitted from must be a date like 2025-03-31" in html
    assert "the invited base needs invitations" in html
    assert analyst_client.get("/admin/surveys/nope/summary").status_code == 404


def test_organisation_kind_is_chosen_from_the_kinds_that_responded(app, analyst_client, open_survey):
    slug = open_survey("trust-survey", "trusts")
    respond(app, slug, trust_pages("Mersey Care NHS Foundation Trust"))
    html = analyst_client.get(f"/admin/surveys/{slug}/summary").get_data(as_text=True)
    kinds = re.search(r'<select class="select" id="organisation_kind".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', kinds) == ["", "NHS Trust"]
    html = analyst_client.get(f"/admin/surveys/{slug}/summary?organisation_kind=NHS+Trust").get_data(as_text=True)
    assert "1 person from 1 organisation responded." in html
    # A mistyped kind is named as a problem, not a summary of no one.
    html = analyst_client.get(f"/admin/surveys/{slug}/summary?organisation_kind=NHS+Trsut").get_data(as_text=True)
    assert "Choose an organisation kind from the list" in html
    assert "1 person from 1 organisation responded." in html
    download = analyst_client.get(f"/admin/surveys/{slug}/export?organisation_kind=NHS+Trsut")
    assert download.status_code == 302 and "/summary?organisation_kind=NHS+Trsut" in download.headers["Location"]
