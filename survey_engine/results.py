"""Results back to respondents: publishing a survey's results page, and what it may show under the small-number rule.

The page shows headlines and a chart per closed question, never written answers; every count below the
suppression threshold (SUMMARY_SUPPRESS_BELOW) is hidden, with enough others that none can be worked out from
what is shown (summary/suppression.py), headlines included.
"""
from flask import current_app
from sqlalchemy import select

from .audit import record
from .extensions import db
from .models import ResultsPage
from .models._types import utcnow
from .registry import registry
from .summary import summarise
from .summary.numbers import as_json_number, percentage, whole_percentage
from .summary.suppression import Table, suppress

#: How long the "What we did" text may be.
MAX_WHAT_WE_DID = 10_000


class ResultsError(ValueError):
    """A results page that cannot be published as asked."""


def results_page(survey):
    """The survey's ResultsPage, or None if staff never published one."""
    return db.session.execute(select(ResultsPage).filter_by(survey_id=survey.id)).scalar_one_or_none()


def is_published(survey):
    page = results_page(survey)
    return page is not None and page.published_at is not None


def publish_results(survey, actor, what_we_did=""):
    """Publish (or update) the survey's results page with staff's "What we did" text; audited, one commit.

    Returns what happened: "published", "updated" (the text changed on a published page) or None (nothing).
    """
    what_we_did = (what_we_did or "").strip()
    if len(what_we_did) > MAX_WHAT_WE_DID:
        raise ResultsError(f"\"What we did\" can be at most {MAX_WHAT_WE_DID:,} characters")
    page = results_page(survey)
    if page is None:
        page = ResultsPage(survey_id=survey.id, what_we_did="")
        db.session.add(page)
    if page.published_at is None:
        page.published_at = utcnow()
        page.what_we_did = what_we_did
        record("results.published", target=survey.slug, actor=actor)
        done = "published"
    elif page.what_we_did != what_we_did:
        page.what_we_did = what_we_did
        record("results.updated", target=survey.slug, detail="what we did", actor=actor)
        done = "updated"
    else:
        done = None
    db.session.commit()
    return done


def withdraw_results(survey, actor):
    """Take the survey's results page down (its text is kept for next time); audited. True if it was public."""
    page = results_page(survey)
    if page is None or page.published_at is None:
        return False
    page.published_at = None
    record("results.withdrawn", target=survey.slug, actor=actor)
    db.session.commit()
    return True


def question_table(item, multiple, headlines, people=None):
    """One question's counts as a suppression Table: answered ("n"), each option ("c") and each headline ("h").

    `people`, the respondents the page states (None when it hides them), bounds those who answered.
    """
    table = Table()
    n = table.cell("n", item["answered"])
    if people is not None:
        table.at_least({table.cell("people", people): 1, n: -1})
    cells = {}
    for option in item["options"]:
        c = cells[option["value"]] = table.cell(("c", option["value"]), option["count"])
        if multiple:
            # Those not ticking it are not shown, but could be worked out: they need protecting too.
            u = table.cell(("u", option["value"]), item["answered"] - option["count"], published=False)
            table.equal({c: 1, u: 1, n: -1})
    if multiple:
        table.at_least({**{c: 1 for c in cells.values()}, n: -1})
    else:
        table.equal({**{c: 1 for c in cells.values()}, n: -1})
    for number, headline in headlines:
        h = table.cell(("h", number), headline["count"])
        rest = table.cell(("hu", number), item["answered"] - headline["count"], published=False)
        table.equal({h: 1, rest: 1, n: -1})
        chosen = [cells[v] for v in headline["values"] if v in cells]
        if multiple:
            for c in chosen:
                table.at_least({h: 1, c: -1})
            table.at_least({**{c: 1 for c in chosen}, h: -1})
        else:
            table.equal({**{c: 1 for c in chosen}, h: -1})
    return table


def public_results(survey):
    """What the results page shows: respondents, headlines and closed questions, small numbers hidden."""
    threshold = current_app.config.get("SUMMARY_SUPPRESS_BELOW", 5)
    summary = summarise(survey)
    types = registry().question_types
    people = summary["respondents"]
    headlines = {}
    for number, headline in enumerate(summary["headlines"]):
        headlines.setdefault(headline["question"], []).append((number, headline))
    shown_headlines = {}
    questions = []
    for item in summary["questions"]:
        qtype = types.get(item["type"])
        if qtype is None or not qtype.closed or not item["options"]:
            continue
        # Only headlines of those who answered share the question's base; others are left out, not risked.
        mine = [(n, h) for n, h in headlines.get(item["key"], []) if h["base_kind"] == "answered"]
        stated = people if people >= threshold else None
        hidden = suppress(question_table(item, qtype.several_rows, mine, stated), threshold)
        base_shown = "n" not in hidden
        rows = []
        for option in item["options"]:
            shown = ("c", option["value"]) not in hidden
            rows.append({"value": option["value"], "label": option["label"],
                         "count": option["count"] if shown else None,
                         "percent": as_json_number(percentage(option["count"], item["answered"]))
                         if shown and base_shown else None})
        questions.append({"key": item["key"], "text": item["text"], "base": item["answered"] if base_shown else None,
                          "note": item.get("note"), "rows": rows})
        for number, headline in mine:
            if ("h", number) not in hidden and base_shown:
                shown_headlines[number] = {"question": headline["question"], "values": headline["values"],
                                           "statement": headline["statement"], "count": headline["count"],
                                           "base": headline["base"],
                                           "percent": whole_percentage(headline["count"], headline["base"])}
    return {"threshold": threshold, "respondents": people if people >= threshold else None,
            "headlines": [shown_headlines.get(n) or {"question": h["question"], "values": h["values"],
                                                     "statement": h["statement"], "hidden": True}
                          for n, h in enumerate(summary["headlines"])],
            "questions": questions}
