"""Helpers for tests of the trust survey: pages of answers, stored answers, the report's figures, exports."""
import csv

from conftest import Respondent
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import Answer, Response, Survey

#: The report's figures for the trust survey's demo responses: (sentence, percentage, count, base).
TRUSTS = [
    ("had heard of the standards previously", 72, 13, 18),
    ("had heard of them for the first time when asked to complete the survey", 28, 5, 18),
    ("found out about the standards whilst looking online for best practice in involvement", 50, 9, 18),
    ("found out about them directly through NSUN or a colleague", 22, 4, 18),
    ("had used the standards in their work", 65, 11, 17),
    ("had also encouraged their colleagues to use them", 50, 9, 18),
    ("felt that the standards had made a difference to their work when they had been used", 92, 12, 13),
    ("would benefit from additional information about the standards and how to use them", 72, 13, 18),
    ("felt that their colleagues would benefit from that too", 100, 18, 18),
]
#: The trust survey's first page, with the organisation's name typed loosely.
TRUST_START = [{"organisation": "  mersey care NHS foundation trust ", "role": "Involvement lead"}]
#: The trust survey answered on every page, the shortest way.
TRUST_PAGES = TRUST_START + [
    {"heard_before": "no", "how_found": "this-survey"},
    {"used": "no", "encouraged_colleagues": "no"},
    {"more_information": "no", "colleagues_information": "no", "comments": ""},
]


def trust_pages(org, heard="yes", how="online", used="yes", encouraged="yes", difference="yes",
                more="yes", colleagues="yes", how_used="", difference_made=""):
    pages = [{"organisation": org, "role": ""}, {"heard_before": heard, "how_found": how},
             {"used": used, "encouraged_colleagues": encouraged}]
    if heard == "yes" or used == "yes":
        page = {}
        if heard == "yes":
            page.update(made_difference=difference, difference_made=difference_made)
        if used == "yes":
            page["how_used"] = how_used
        pages.append(page)
    pages.append({"more_information": more, "colleagues_information": colleagues, "comments": ""})
    return pages


def respond(app, slug, pages):
    """One respondent, in a browser of their own, answers every page and submits."""
    r = Respondent(app.test_client(), slug)
    r.answer_all(pages)
    assert r.submit().headers["Location"].endswith("/done")


def stored(app, slug):
    """{key: sorted [(value, text, number)]} of the newest response to `slug`, and its status."""
    with app.app_context():
        response = db.session.execute(select(Response).join(Survey).filter(Survey.slug == slug)
                                      .order_by(Response.id.desc())).scalars().first()
        rows = {}
        for a in db.session.execute(select(Answer).filter_by(response_id=response.id)).scalars():
            rows.setdefault(a.question_key, []).append((a.value, a.text, a.number))
        return {k: sorted(v, key=str) for k, v in rows.items()}, response.status


def export(runner, slug, path, *args):
    result = runner.invoke(args=["export", slug, "--output", str(path), *args])
    assert result.exit_code == 0, result.output
    return result


def header_index(sheet):
    return {cell.value: cell.column - 1 for cell in sheet[1]}


def submit_trust_response(app, slug, role, comments, organisation="Mersey Care NHS Foundation Trust"):
    r = Respondent(app.test_client(), slug)  # a browser of their own
    r.answer_all([
        {"organisation": organisation, "role": role},
        {"heard_before": "no", "how_found": "this-survey"},
        {"used": "no", "encouraged_colleagues": "no"},
        {"more_information": "yes", "colleagues_information": "yes", "comments": comments},
    ])
    assert r.submit().status_code == 302


#: The columns of a responses import file (`survey-engine responses import`).
RESPONSES_HEADER = ["organisation", "role", "heard_before", "how_found", "used", "encouraged_colleagues",
                    "made_difference", "how_used", "difference_made", "more_information", "colleagues_information",
                    "comments", "submitted_at"]


def write_responses_csv(path, rows, header=RESPONSES_HEADER):
    """A responses import file: `header`, then `rows`; returns its path as a string."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)
