"""Scorecards by area: for each area's agreement questions, who agreed, with its interval and distribution."""
from .intervals import wilson_interval
from .numbers import as_json_number, percentage

#: What a scorecard's percentages are of.
STATEMENT_BASE = "those asked who answered"
AREA_BASE = "all answers to the area's statements (one person answers several)"
SIDES = ("disagree", "neither", "agree")
SIDE_LABELS = {"disagree": "Disagree", "neither": "Neither agree nor disagree", "agree": "Agree"}


def agreement_scale(area, question, qtype):
    """{"disagree": values, "agree": values} for a question on an agreement scale, else None.

    The question's type may declare a scale (QuestionType.agreement_scale); otherwise the area's `agree` and
    `disagree` values apply to its closed questions.
    """
    scale = getattr(qtype, "agreement_scale", None)
    if scale:
        return scale
    if qtype.closed and not qtype.several_rows and (area.agree or area.disagree):
        return {"disagree": tuple(area.disagree), "agree": tuple(area.agree)}
    return None


def _figures(agree, answered):
    low_high = wilson_interval(agree, answered)
    return {"agree_percent": as_json_number(percentage(agree, answered)),
            "ci_low": low_high[0] if low_high else None, "ci_high": low_high[1] if low_high else None}


def distribution(item, scale):
    """Each answer's count and percentage of those who answered, left to right as a diverging bar draws it:
    disagreeing answers, then the others (neither), then agreeing ones."""
    by_value = {o["value"]: o for o in item["options"]}
    placed = [(v, "disagree") for v in scale["disagree"]]
    agreeing = [(v, "agree") for v in scale["agree"]]
    known = {v for v, _ in placed + agreeing}
    placed += [(o["value"], "neither") for o in item["options"] if o["value"] not in known] + agreeing
    answered = item["answered"]
    return [{"value": value, "label": by_value[value]["label"] if value in by_value else value, "side": side,
             "count": by_value[value]["count"] if value in by_value else 0,
             "percent": as_json_number(percentage(by_value[value]["count"] if value in by_value else 0, answered))}
            for value, side in placed]


def statement(item, scale):
    """One agreement question's scorecard line."""
    parts = distribution(item, scale)
    sides = {side: sum(p["count"] for p in parts if p["side"] == side) for side in SIDES}
    return {"key": item["key"], "text": item["text"], "answered": item["answered"], **sides,
            **_figures(sides["agree"], item["answered"]), "base_description": STATEMENT_BASE,
            "distribution": parts}


def area_scorecards(questionnaire, items, question_types):
    """A scorecard per area of `questionnaire` that has agreement questions among the summary's `items`.

    An area's figures pool the answers to its statements: its percentage is of answers, not of people, and its
    interval treats answers as independent, which one person's several answers are not, so it reads as a guide.
    """
    by_key = {item["key"]: item for item in items}
    cards = []
    for area in questionnaire.areas:
        lines = []
        for key in area.questions:
            item = by_key.get(key)
            if item is None:
                continue
            question = questionnaire.question(key)
            scale = agreement_scale(area, question, question_types[question.type])
            if scale:
                lines.append(statement(item, scale))
        if not lines:
            continue
        answered = sum(line["answered"] for line in lines)
        sides = {side: sum(line[side] for line in lines) for side in SIDES}
        cards.append({"area": str(area.title), "description": str(area.description), "answered": answered,
                      **sides, **_figures(sides["agree"], answered), "base_description": AREA_BASE,
                      "distribution": [{"side": side, "label": SIDE_LABELS[side], "count": sides[side],
                                        "percent": as_json_number(percentage(sides[side], answered))}
                                       for side in SIDES],
                      "statements": lines})
    return cards
