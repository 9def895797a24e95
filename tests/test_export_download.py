"""The staff download takes the summary page's filters and base, records them on About and in the audit log."""
import html
import io
import re

import openpyxl

SLUG = "reality-and-impact-trusts"


def about(book):
    return {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}


def test_download_applies_the_summary_pages_filters_and_base(app, runner, analyst_client):
    from survey_engine.extensions import db
    from survey_engine.models import AuditEvent

    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    query = "base=respondents&answer=used%3Dyes&since=2019-03-01&version=1"
    page = analyst_client.get(f"/admin/surveys/{SLUG}/summary?{query}").get_data(as_text=True)
    # The summary page offers its figures as a download, with the filters and base it shows.
    links = [html.unescape(h) for h in re.findall(r'href="([^"]*/export\?[^"]*)"', page)]
    xlsx = next(link for link in links if "format=xlsx" in link)
    for part in ("base=respondents", "answer=used%3Dyes", "since=2019-03-01", "version=1"):
        assert part in xlsx
    assert any("format=csv" in link for link in links)

    response = analyst_client.get(xlsx)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book["Responses"].max_row == 12  # a header and the 11 who had used the standards
    recorded = about(book)
    assert recorded["Filters"] == "submitted on or after 2019-03-01; questionnaire version 1; answer used = yes"
    assert recorded["Base"] == "everyone who submitted a response"
    heard = next(row for row in book["Headlines"].iter_rows(min_row=2) if "heard of the standards" in row[0].value)
    assert (heard[4].value, heard[5].value) == (11, 11)

    everything = openpyxl.load_workbook(io.BytesIO(analyst_client.get(f"/admin/surveys/{SLUG}/export").get_data()))
    assert everything["Responses"].max_row == 19 and about(everything)["Filters"] == "none: every submitted response"
    # Comments follow the filters too: only the selected responses' comments, and every one of them.
    selected = {row[0].value for row in book["Responses"].iter_rows(min_row=2)}
    comments = [row[0].value for row in book["Comments"].iter_rows(min_row=2)]
    every_comment = [row[0].value for row in everything["Comments"].iter_rows(min_row=2)]
    assert comments and set(comments) <= selected
    assert comments == [c for c in every_comment if c in selected] and len(comments) < len(every_comment)
    with app.app_context():
        details = db.session.execute(db.select(AuditEvent.detail).filter_by(action="survey.exported")
                                     .order_by(AuditEvent.id)).scalars().all()
    assert details == ["xlsx: 11 submitted responses; filters: submitted on or after 2019-03-01; questionnaire "
                       "version 1; answer used = yes; base: respondents", "xlsx: 18 submitted responses"]


def test_a_download_with_a_filter_it_does_not_understand_goes_back_to_the_summary(app, runner, admin_client):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    response = admin_client.get(f"/admin/surveys/{SLUG}/export?format=xlsx&since=yesterday&answer=used%3Dmaybe"
                                "&version=99")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/admin/surveys/{SLUG}/summary?")
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Submitted from must be a date like 2025-03-31" in page and "Choose an answer from the list" in page
    assert "Choose a questionnaire version from the list" in page


def test_a_download_too_big_for_a_sheet_names_filters_staff_can_use(app, runner, admin_client, monkeypatch):
    import plugins.xlsx_export as xlsx_export

    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 10)
    page = admin_client.get(f"/admin/surveys/{SLUG}/export", follow_redirects=True).get_data(as_text=True)
    message = html.unescape(page)
    assert "The Responses sheet would need 19 rows, more than the 10 rows a sheet holds" in message
    # Words that fit the summary page's filters as well as the command's options, not option names.
    assert "submitted since or until a day, organisation kind" in message and "--since" not in message
