"""Survey waves compared question by question: each wave's figures, the change, and whether chance explains it."""
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Organisation, Response
from . import queries
from .build import SummaryError, summarise
from .intervals import newcombe_difference
from .numbers import ONE_DECIMAL, WHOLE, as_json_number, percentage
from .breakdown import breakdown_table
from .suppression import suppress
from .uncertainty import interval_fields

#: How the output names its test, in the JSON and under the text.
METHOD = ("A change is called more than chance would explain when the 95% interval for the difference between "
          "the two percentages leaves out zero: Newcombe's hybrid score interval (Newcombe 1998, method 10), "
          "built from each wave's Wilson score interval.")
#: The organisation kind of responses with no organisation, in the comparison by kind.
NO_KIND = "No organisation given"


class CompareError(SummaryError):
    """Surveys that cannot be compared as asked."""


def compare(surveys, filters=None, by_kind=False, threshold=None):
    """The comparison of `surveys` (oldest wave first), each summarised with `filters` (one per survey, or None).

    With `by_kind`, the same comparison within each organisation kind, with counts below `threshold`
    (SUMMARY_SUPPRESS_BELOW, default 5) and whatever would give them away shown as "fewer than N".
    """
    if len(surveys) < 2:
        raise CompareError("compare needs at least two surveys")
    if len({s.id for s in surveys}) < len(surveys):
        raise CompareError("each survey can be one wave only")
    filters = list(filters) if filters else [queries.Filters() for _ in surveys]
    if by_kind and any(f.organisation_kind for f in filters):
        raise CompareError("the comparison by organisation kind cannot also be filtered to one kind")
    threshold = current_app.config.get("SUMMARY_SUPPRESS_BELOW", 5) if threshold is None else threshold
    summaries = [summarise(s, filters=f, max_texts=0) for s, f in zip(surveys, filters)]
    waves = [_wave(s, f, data) for s, f, data in zip(surveys, filters, summaries)]
    _label(waves)
    labels = [w["label"] for w in waves]
    notes = []
    if len({s.questionnaire_id for s in surveys}) > 1:
        notes.append("The waves ask different questionnaires (" + ", ".join(w["questionnaire"] for w in waves)
                     + "): questions are matched by their keys, so check that matched questions mean the same.")
    result = {"waves": waves, "method": METHOD, "notes": notes, **compare_summaries(summaries, labels)}
    if by_kind:
        result["threshold"] = threshold
        result["by_kind"] = [{"kind": kind, **part}
                             for kind, part in _by_kind(surveys, filters, summaries, labels, threshold)]
    return result


def compare_summaries(summaries, labels, hidden=None):
    """{"headlines", "questions", "missing"} comparing summaries (as summarise gives them), labelled `labels`.

    `hidden(wave index, question key, value or None)` says whether that figure is suppressed.
    """
    questions, missing = [], []
    keys = []
    for data in summaries:
        keys += [q["key"] for q in data["questions"] if q["key"] not in keys]
    for key in keys:
        items = [next((q for q in data["questions"] if q["key"] == key), None) for data in summaries]
        present = [label for label, item in zip(labels, items) if item is not None]
        text = next(item["text"] for item in reversed(items) if item is not None)
        if len(present) < len(labels):
            missing.append({"key": key, "text": text, "in": present,
                            "missing_from": [label for label in labels if label not in present]})
            continue
        if not any(item["options"] and item["kind"] != "date" for item in items):
            continue  # free text, numbers and dates have no percentages to compare
        questions.append(_question(key, items, labels, hidden))
    headlines = _headlines(summaries, labels, hidden)
    return {"headlines": headlines, "questions": questions, "missing": missing,
            "missing_headlines": _missing_headlines(summaries, labels)}


def _missing_headlines(summaries, labels):
    """Headlines some waves have and others lack, with the waves that have them: listed, not compared."""
    found = {}
    for label, data in zip(labels, summaries):
        for h in data["headlines"]:
            found.setdefault((h["question"], tuple(h["values"])), (h["statement"], []))[1].append(label)
    return [{"statement": statement, "question": question, "in": present,
             "missing_from": [label for label in labels if label not in present]}
            for (question, values), (statement, present) in found.items() if len(present) < len(labels)]


def _question(key, items, labels, hidden):
    """One question matched across waves: its options by value, each with its figures and changes."""
    notes = []
    texts = {item["text"] for item in items}
    if len(texts) > 1:
        notes.append("The question is worded differently: " + "; ".join(
            f"{label}: \"{item['text']}\"" for label, item in zip(labels, items)))
    if len({item["base_kind"] for item in items}) > 1:
        notes.append("The percentages are of different bases, so they are not compared.")
    text = items[-1]["text"]
    values = []
    for item in items:
        values += [o["value"] for o in item["options"] if o["value"] not in values]
    rows = []
    for value in values:
        options = [next((o for o in item["options"] if o["value"] == value), None) for item in items]
        label = next(o["label"] for o in reversed(options) if o is not None)
        figures = []
        for index, (item, option) in enumerate(zip(items, options)):
            if option is None:
                figures.append(None)  # not offered in that wave: a 0 would claim no one chose it
            else:
                figures.append(_figure(labels[index], option["count"], item["base"], item["base_kind"],
                                       item["base_description"],
                                       hidden and (hidden(index, key, value) or hidden(index, key, None))))
        rows.append(_row(f"{text}: {label}", {"question": key, "value": value, "label": label}, figures, labels))
    for label, group_values in _groups(items):
        figures = []
        for index, item in enumerate(items):
            group = next(g for g in item["groups"] if g["label"] == label)
            figures.append(_figure(labels[index], group["count"], item["base"], item["base_kind"],
                                   item["base_description"],
                                   hidden and any(hidden(index, key, v) for v in [None, *group_values])))
        rows.append(_row(f"{text}: {label}", {"question": key, "group": label, "label": label}, figures, labels))
    return {"key": key, "text": text, "base_kind": items[-1]["base_kind"], "notes": notes, "options": rows}


def _groups(items):
    """The groups of options every wave's question has, by label."""
    groups = [(g["label"], g["values"]) for g in items[0].get("groups", ())]
    return [(label, values) for label, values in groups
            if all(any(g["label"] == label for g in item.get("groups", ())) for item in items)]


def _headlines(summaries, labels, hidden):
    """Headlines matched across waves by their question and values; those a wave lacks are left out."""
    matched = []
    for headline in summaries[-1]["headlines"]:
        found = [next((h for h in data["headlines"] if h["question"] == headline["question"]
                       and h["values"] == headline["values"]), None) for data in summaries]
        if any(h is None for h in found):
            continue
        figures = []
        for index, h in enumerate(found):
            conceal = hidden and (hidden(index, h["question"], None)
                                  or any(hidden(index, h["question"], v) for v in h["values"])
                                  or _complement_small(h, hidden.threshold))
            figures.append(_figure(labels[index], h["count"], h["base"], h["base_kind"], h["base_description"],
                                   conceal, whole=True))
        matched.append(_row(headline["statement"], {"question": headline["question"], "values": headline["values"]},
                            figures, labels))
    return matched


def _complement_small(headline, threshold):
    """Whether those a headline leaves out are too few to show: they could be worked out from its base."""
    if headline["base"] is None:
        return False
    return 0 < headline["base"] - headline["count"] < threshold or headline["base"] < threshold


def _figure(label, count, base, base_kind, base_description, conceal=False, whole=False):
    """One wave's figure: percentage (whole for headlines, one decimal otherwise), count, base and interval."""
    if conceal:
        return {"wave": label, "suppressed": True, "base_kind": base_kind, "base_description": base_description}
    places = WHOLE if whole else ONE_DECIMAL
    figure = {"wave": label, "percent": as_json_number(percentage(count, base, places)), "count": count,
              "base": base, "base_kind": base_kind, "base_description": base_description}
    figure.update(interval_fields(count, base))
    return figure


def _row(label, match, figures, labels):
    """A compared line: the figures, each change from the wave before, and the line in words.

    `label` begins the words; `match` (which question and values) may give the row a shorter "label" of its own.
    """
    changes = []
    for before, after in zip(figures, figures[1:]):
        if before is None or after is None:
            continue
        changes.append(_change(before, after))
    return {"label": label, **match, "figures": figures, "changes": changes,
            "text": _words(label, figures, labels, changes)}


def _change(before, after):
    """The change from one wave's figure to the next's, in percentage points, with its interval and verdict."""
    change = {"from": before["wave"], "to": after["wave"]}
    if before.get("suppressed") or after.get("suppressed"):
        return {**change, "change_points": None, "diff_low": None, "diff_high": None, "beyond_chance": None,
                "verdict": "not shown: a figure is too small to publish"}
    if before["base_kind"] != after["base_kind"]:
        return {**change, "change_points": None, "diff_low": None, "diff_high": None, "beyond_chance": None,
                "verdict": (f"not compared: the bases differ ({before['base_description']} in {before['wave']}, "
                            f"{after['base_description']} in {after['wave']})")}
    if not before["base"] or not after["base"]:
        missing = before["wave"] if not before["base"] else after["wave"]
        return {**change, "change_points": None, "diff_low": None, "diff_high": None, "beyond_chance": None,
                "verdict": f"not compared: no one to count in {missing}"}
    # From the exact fractions, not the rounded percentages printed beside them.
    points = Decimal(after["count"]) * 100 / after["base"] - Decimal(before["count"]) * 100 / before["base"]
    low, high = newcombe_difference(after["count"], after["base"], before["count"], before["base"])
    beyond = low > 0 or high < 0
    return {**change, "change_points": as_json_number(points.quantize(ONE_DECIMAL, ROUND_HALF_UP)),
            "change_whole": int(points.quantize(WHOLE, ROUND_HALF_UP)),
            "diff_low": round(low * 100, 1), "diff_high": round(high * 100, 1), "beyond_chance": beyond,
            "verdict": "more than chance would explain" if beyond else "not clearly more than chance"}


def _words(label, figures, labels, changes):
    """"had heard of the standards: 72% (13 of 18) in 2019, 81% (30 of 37) in 2026, up 9 points; not clearly
    more than chance"."""
    parts = []
    by_to = {c["to"]: c for c in changes}
    for wave, figure in zip(labels, figures):
        if figure is None:
            part = f"not asked in {wave}"
        elif figure.get("suppressed"):
            part = f"too few to show in {wave}"
        elif figure["percent"] is None:
            part = f"no one to count in {wave}"
        else:
            shown = int(percentage(figure["count"], figure["base"], WHOLE))
            part = f"{shown}% ({figure['count']} of {figure['base']}) in {wave}"
        change = by_to.get(wave)
        if change is not None and change.get("change_points") is not None:
            whole = change["change_whole"]
            moved = "no change" if whole == 0 else f"{'up' if whole > 0 else 'down'} {abs(whole)} point" + (
                "" if abs(whole) == 1 else "s")
            part += f", {moved}; {change['verdict']}"
        elif change is not None:
            part += f"; {change['verdict']}"
        parts.append(part)
    return f"{label}: " + ", ".join(parts)


def _wave(survey, filters, data):
    """What the comparison says about one wave: its survey, its dates and how many responded."""
    first, last = db.session.execute(
        select(func.min(Response.submitted_at), func.max(Response.submitted_at))
        .where(*queries.Selection(survey, filters).response_clauses())).one()
    return {"slug": survey.slug, "title": survey.title, "questionnaire": survey.questionnaire_id,
            "versions": data["survey"]["versions"], "respondents": data["respondents"],
            "responded": data["responded"], "filters": data["filters"], "filters_in_words": data["filters_in_words"],
            "first_submitted": first.date().isoformat() if first else None,
            "last_submitted": last.date().isoformat() if last else None,
            "closes_at": survey.closes_at.date().isoformat() if survey.closes_at else None}


def _label(waves):
    """Each wave's label: the year its last response came (or it closes); the title when two share a year."""
    for wave in waves:
        day = wave["last_submitted"] or wave["closes_at"]
        wave["label"] = day[:4] if day else wave["title"]
    labels = [w["label"] for w in waves]
    if len(set(labels)) < len(labels):
        for wave in waves:
            wave["label"] = wave["title"]
        if len({w["title"] for w in waves}) < len(waves):
            for wave in waves:
                wave["label"] = wave["slug"]


class _Hidden:
    """Which figures of each wave's summary by kind are suppressed: callable(wave, key, value or None)."""

    def __init__(self, threshold):
        self.threshold = threshold
        self.cells = {}

    def __call__(self, wave, key, value):
        return self.cells.get((wave, key, value), False)


def _by_kind(surveys, filters, summaries, labels, threshold):
    """[(kind, comparison)] for each organisation kind any wave's responses come from."""
    kinds = set()
    for survey, f in zip(surveys, filters):
        kinds |= {kind for (kind,) in db.session.execute(
            select(Organisation.kind).join(Response, Response.organisation_id == Organisation.id)
            .where(*queries.Selection(survey, f).response_clauses()).distinct())}
    kinds = sorted(k for k in kinds if k)
    if not kinds:
        return []
    # Each wave summarised per kind; responses of no kind are the rest, so the tables add up to the whole wave's.
    per_kind = {kind: [summarise(s, filters=replace(f, organisation_kind=kind), max_texts=0)
                       for s, f in zip(surveys, filters)] for kind in kinds}
    hiddens = {kind: _Hidden(threshold) for kind in kinds}
    for index, whole in enumerate(summaries):
        for question in whole["questions"]:
            if not question["options"] or question["kind"] == "date" or question["base_kind"] != "answered":
                continue
            _suppress_question(index, question, kinds, per_kind, hiddens, threshold)
    return [(kind, compare_summaries(per_kind[kind], labels, hiddens[kind])) for kind in kinds]


def _suppress_question(index, question, kinds, per_kind, hiddens, threshold):
    """Mark the suppressed figures of one question in one wave, kind by kind, as the organisation breakdown does."""
    key = question["key"]
    values = [o["value"] for o in question["options"]]
    counts, answered = {}, {}
    for kind in kinds:
        item = next((q for q in per_kind[kind][index]["questions"] if q["key"] == key), None)
        answered[kind] = item["answered"] if item else 0
        for o in (item["options"] if item else ()):
            counts[(kind, o["value"])] = o["count"]
    rest = question["answered"] - sum(answered.values())
    # A kind no one of which answered is no row of the table, as in the breakdown: there is nothing to protect.
    groups = [kind for kind in kinds if answered[kind]]
    if rest:
        groups.append(NO_KIND)
        answered[NO_KIND] = rest
        for o in question["options"]:
            counts[(NO_KIND, o["value"])] = o["count"] - sum(counts.get((k, o["value"]), 0) for k in kinds)
    multiple = question["kind"] == "multiple"
    hidden = suppress(breakdown_table(groups, values, counts, answered, multiple), threshold)
    for kind in kinds:
        cells = hiddens[kind].cells
        cells[(index, key, None)] = ("n", kind) in hidden
        for value in values:
            cells[(index, key, value)] = ("c", kind, value) in hidden


__all__ = ["CompareError", "METHOD", "NO_KIND", "compare", "compare_summaries"]
