"""One closed question broken down by organisation, with small numbers suppressed."""
from flask import current_app

from ..registry import registry
from . import queries
from .build import SummaryError, question_versions
from .numbers import as_json_number, percentage
from .suppression import Table, suppress
from .uncertainty import add_breakdown_intervals

NO_ORGANISATION = "No organisation given"


def suppressed(threshold):
    """The words a suppressed cell shows instead of a figure."""
    return f"fewer than {threshold}"


def breakdown(survey, key, filters=None, threshold=None):
    """For each organisation: how many answered `key`, and each option's count and percentage.

    Any count below `threshold` (config SUMMARY_SUPPRESS_BELOW, default 5), zero included, shows as
    "fewer than N", and so does its percentage: a small number could identify someone. So do enough other
    counts that no hidden one can be worked out from the rest and the whole-survey summary's totals.
    """
    threshold = current_app.config.get("SUMMARY_SUPPRESS_BELOW", 5) if threshold is None else threshold
    selection = queries.Selection(survey, filters)
    questions, _ = question_versions(survey, {v for v, org in queries.respondents(selection)})
    question = next((q for q in questions if q.key == key), None)
    if question is None:
        raise SummaryError(f"no question {key!r} in {survey.questionnaire_id}")
    qtype = registry().question_types[question.type]
    if not qtype.closed:
        raise SummaryError(f"question {key!r} is not a closed question, so it cannot be broken down")
    counts, answered = queries.organisation_value_counts(selection, key)
    names = queries.organisation_names(answered)
    hidden_words = suppressed(threshold)
    order = sorted(answered, key=lambda org: (org is None, names.get(org, "").lower()))
    values = [option.value for option in qtype.options(question)]
    hidden = suppress(breakdown_table(order, values, counts, answered, qtype.several_rows), threshold)

    rows = []
    for org_id in order:
        n = answered[org_id]
        n_shown = ("n", org_id) not in hidden
        options = []
        for option in qtype.options(question):
            count = counts.get((org_id, option.value), 0)
            shown = ("c", org_id, option.value) not in hidden
            options.append({"value": option.value, "label": str(option.label),
                            "count": count if shown else hidden_words,
                            # A percentage with its count or its base hidden would give the hidden one away.
                            "percent": as_json_number(percentage(count, n)) if shown and n_shown else hidden_words})
        rows.append({"organisation": names.get(org_id, NO_ORGANISATION), "answered": n if n_shown else hidden_words,
                     "options": options})
    return add_breakdown_intervals({"question": key, "text": str(question.text), "threshold": threshold,
                                    "base_description": "those from the organisation asked who answered",
                                    "organisations": rows})


def breakdown_table(organisations, values, counts, answered, multiple):
    """The breakdown as a suppression.Table: each organisation's answered ("n") and option counts ("c").

    Published with it, on the whole-survey summary: each option's total and the total answered. A single
    choice question's option counts add up to answered; a multiple choice option splits answered into those
    who ticked it and those who did not ("u", never shown but worked out from the two), and each person who
    answered ticked at least one.
    """
    table = Table()
    offered = set(values)
    for org in organisations:
        n = table.cell(("n", org), answered[org])
        cells = [table.cell(("c", org, v), counts.get((org, v), 0)) for v in values]
        # Answers to options a questionnaire version no longer offers are counted, not shown.
        stray = table.cell(("stray", org), sum(k for (o, v), k in counts.items() if o == org and v not in offered),
                           published=False, watched=False)
        if multiple:
            for v, c in zip(values, cells):
                u = table.cell(("u", org, v), answered[org] - table.values[c], published=False)
                table.equal({c: 1, u: 1, n: -1})
            table.at_least({**{c: 1 for c in cells}, stray: 1, n: -1})
        else:
            table.equal({**{c: 1 for c in cells}, stray: 1, n: -1})
    for v in values:
        table.equal({("c", org, v): 1 for org in organisations}, sum(counts.get((org, v), 0) for org in organisations))
    table.equal({("n", org): 1 for org in organisations}, sum(answered[org] for org in organisations))
    return table
