"""One closed question broken down by organisation, with small numbers suppressed."""
from flask import current_app

from ..registry import registry
from . import queries
from .build import SummaryError, question_versions
from .numbers import as_json_number, percentage

NO_ORGANISATION = "No organisation given"


def suppressed(threshold):
    """The words a suppressed cell shows instead of a figure."""
    return f"fewer than {threshold}"


def breakdown(survey, key, filters=None, threshold=None):
    """For each organisation: how many answered `key`, and each option's count and percentage.

    Any count below `threshold` (config SUMMARY_SUPPRESS_BELOW, default 5), zero included, shows as
    "fewer than N", and so does its percentage: a small number could identify someone.
    """
    threshold = current_app.config.get("SUMMARY_SUPPRESS_BELOW", 5) if threshold is None else threshold
    selection = queries.Selection(survey, filters)
    questions, _ = question_versions(survey, {v for v, org in queries.respondents(selection)})
    question = next((q for q in questions if q.key == key), None)
    if question is None:
        raise SummaryError(f"no question {key!r} in {survey.questionnaire_id}")
    qtype = registry().question_types[question.type]
    if qtype.summary_kind not in ("choice", "multiple"):
        raise SummaryError(f"question {key!r} is not a closed question, so it cannot be broken down")
    counts, answered = queries.organisation_value_counts(selection, key)
    names = queries.organisation_names(answered)
    hidden = suppressed(threshold)

    def cell(n):
        return n if n >= threshold else hidden

    rows = []
    for org_id, n in sorted(answered.items(), key=lambda item: (item[0] is None, names.get(item[0], "").lower())):
        options = []
        for option in qtype.options(question):
            count = counts.get((org_id, option.value), 0)
            shown = count >= threshold and n >= threshold
            options.append({"value": option.value, "label": str(option.label),
                            "count": count if shown else hidden,
                            "percent": as_json_number(percentage(count, n)) if shown else hidden})
        rows.append({"organisation": names.get(org_id, NO_ORGANISATION), "answered": cell(n), "options": options})
    return {"question": key, "text": str(question.text), "threshold": threshold,
            "base_description": "those from the organisation asked who answered", "organisations": rows}
