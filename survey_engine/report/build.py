"""What a report says, as plain data: the cover, headlines, who responded, a chart per question, scorecards, texts."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from ..charts.svg import bar_chart, diverging_chart
from ..dates import engine_zone, last_day, long_date
from ..extensions import db
from ..models import Response
from ..summary import SummaryError, summarise
from ..summary.intervals import describe_uncertainty
from ..summary.queries import Selection


class ReportError(SummaryError):
    """A report that cannot be made as asked, such as a PDF without the libraries that draw it."""


def who_responded(summary):
    """"18 people from 15 organisations, out of 92 contacts at 56 NHS Trusts invited" when a plugin knows who was
    invited (summary_response_rates, unfiltered figures only), else "18 people from 15 organisations responded"."""
    rates = summary.get("response_rates")
    if not rates or summary.get("invited_note"):
        return summary["responded"]
    who = summary["responded"].removesuffix(" responded")
    contacts, orgs = rates["invited"]["contacts"], rates["invited"].get("organisations")
    invited = f"{contacts} contact{'' if contacts == 1 else 's'}"
    if orgs:
        invited += f" at {orgs} {rates.get('organisation_noun') or 'organisations'}"
    return f"{who}, out of {invited} invited"


def _day(instant):
    return long_date(instant.astimezone(engine_zone()).date())


def survey_dates(survey, selection):
    """The survey's dates in words: when it opened and closed, and the first and last response counted."""
    dates = []
    opened = survey.opens_at or survey.created_at
    if opened:
        dates.append(("Opened", _day(opened)))
    if survey.closes_at:
        dates.append(("Closes" if not survey.is_closed else "Closed", long_date(last_day(survey.closes_at))))
    elif survey.closed_at:
        dates.append(("Closed", _day(survey.closed_at)))
    first, last = db.session.execute(select(func.min(Response.submitted_at), func.max(Response.submitted_at))
                                     .where(*selection.response_clauses())).one()
    if first:
        dates.append(("Responses submitted", f"{_day(first)} to {_day(last)}"))
    dates.append(("Report made", _day(datetime.now(timezone.utc))))
    return dates


def _base_words(item):
    return f"base {item['base']}, {item['base_description']}"


def question_chart(item, number):
    """A closed question's chart, titled with its base, and the rows of the table beside it."""
    rows = [(o["label"], o["percent"], o["count"]) for o in item["options"]]
    rows += [(g["label"], g["percent"], g["count"]) for g in item.get("groups") or ()]
    title = f"{item['text']} ({_base_words(item)})"
    return {"key": item["key"], "text": item["text"], "base": item["base"], "base_words": _base_words(item),
            "title": title, "note": item.get("note"), "rows": rows, "item": item,
            "svg": bar_chart(f"chart-{number}", title, rows)}


def scorecard_chart(card, number):
    """An area's diverging stacked bars: one for the area's pooled answers, then one per statement."""
    lines = [(f"{card['area']} (all statements)", card["distribution"])]
    lines += [(s["text"], s["distribution"]) for s in card["statements"]]
    title = (f"{card['area']}: {card['agree_percent']}% of answers agree ({card['agree']} of {card['answered']} "
             f"answers to {len(card['statements'])} statements)")
    return diverging_chart(f"scorecard-{number}", title, lines)


def report_data(survey, filters=None):
    """Everything the report shows of `survey`'s submitted responses (those `filters` select)."""
    summary = summarise(survey, filters=filters)
    selection = Selection(survey, filters)
    headlines = [{**h, "uncertainty": describe_uncertainty(h["count"], h["base"]) if h["base"] else None}
                 for h in summary["headlines"]]
    closed = [q for q in summary["questions"] if q["options"] and "texts" not in q]
    charts = [question_chart(q, n) for n, q in enumerate(closed, 1)]
    numbers = [q for q in summary["questions"] if q.get("number")]
    texts = [q for q in summary["questions"] if q.get("texts") or q.get("other_texts")]
    scorecards = [{**card, "svg": scorecard_chart(card, n)} for n, card in enumerate(summary["scorecards"], 1)]
    return {"survey": survey, "summary": summary, "title": summary["survey"]["title"],
            "who_responded": who_responded(summary), "dates": survey_dates(survey, selection),
            "filters": summary["filters_in_words"], "headlines": headlines, "charts": charts, "numbers": numbers,
            "scorecards": scorecards, "texts": texts}
