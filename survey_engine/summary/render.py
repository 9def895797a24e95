"""A summary as plain text that reads like the report's bullet lists."""
from .numbers import show_number


def _percent(value):
    return "no base" if value is None else f"{value:.1f}%" if isinstance(value, float) else f"{value}.0%"


def _interval(row):
    """" [49.1% to 87.5%]": a percentage's 95% interval after it, or nothing when it has none."""
    if row.get("ci_low") is None or isinstance(row.get("ci_low"), str):
        return ""
    return f" [{row['ci_low']:.1f}% to {row['ci_high']:.1f}%]"


#: Said once, before the figures, so the square brackets need no legend on each line.
INTERVALS_LINE = ("Square brackets give each percentage's 95% interval (Wilson score interval): where the true "
                  "figure could plausibly be, given how many people it counts.")


def filter_words(filters):
    """Each filter in force, in words: "organisation kind NHS Trust", "answer used = yes or no"."""
    words = []
    if filters.get("organisation_kind"):
        words.append(f"organisation kind {filters['organisation_kind']}")
    if filters.get("since"):
        words.append(f"submitted on or after {filters['since']}")
    if filters.get("until"):
        words.append(f"submitted on or before {filters['until']}")
    if filters.get("version") is not None:
        words.append(f"questionnaire version {filters['version']}")
    for answer in filters.get("answers") or ():
        words.append(f"answer {answer['question']} = {' or '.join(answer['values'])}")
    return words


def filters_line(summary):
    """"Filtered: answer used = yes." for a summary of filtered figures, or None: said next to the figures."""
    active = filter_words(summary["filters"])
    return "Filtered: " + "; ".join(active) + "." if active else None


def render_text(summary, breakdown=None):
    """The lines of the text form of `summary` (and of a breakdown, if given)."""
    s = summary["survey"]
    lines = [f"{s['title']} ({s['slug']})"]
    # Before any figure, so no one reads filtered figures as the whole survey's.
    filtered = filters_line(summary)
    if filtered:
        lines.append(filtered)
    lines.append(f"{summary['responded']}." + (f" These are {summary['respondents']} of the survey's "
                                                  f"{summary['respondents_unfiltered']} submitted responses."
                                                  if filtered and "respondents_unfiltered" in summary else ""))
    if summary.get("invited_note"):
        lines.append(summary["invited_note"])
    elif summary.get("response_rates"):
        lines.append(f"{summary['response_rates']['text']}.")
    elif summary["invited"] is not None:
        lines.append(f"{summary['invited']} people were invited.")
    lines.append(f"Percentages are of {summary['base_description']}, unless a line says otherwise.")
    lines.append(INTERVALS_LINE)
    if summary["headlines"]:
        lines += ["", "Headlines"]
        for h in summary["headlines"]:
            of = "" if h["base_kind"] == summary["base"] else f" [of {h['base_description']}]"
            lines.append(f"- {h['text']}{of}")
            if h.get("uncertainty"):
                lines.append(f"  {h['uncertainty']}.")
            elif h.get("ci_low") is not None:
                lines.append(f"  95% interval: {h['ci_low']:.1f}% to {h['ci_high']:.1f}%.")
    if summary["organisations_responding"]:
        lines += ["", f"Responses received from ({summary['organisations']})"]
        lines += [f"- {org['name']}" for org in summary["organisations_responding"]]
    for q in summary["questions"]:
        lines += ["", f"{q['key']}: {q['text']}",
                  f"  Base: {q['base']} ({q['base_description']}). Asked {q['asked']}, answered {q['answered']}, "
                  f"not answered {q['not_answered']}, not asked {q['not_asked']}."]
        for option in q["options"]:
            lines.append(f"  - {option['label']}: {option['count']} ({_percent(option['percent'])}){_interval(option)}")
        for group in q.get("groups", ()):
            lines.append(f"  - {group['label']}: {group['count']} ({_percent(group['percent'])}){_interval(group)}")
        if q.get("note"):
            lines.append(f"  {q['note']}")
        for text in q.get("other_texts", ()):
            lines.append(f"    Other: {text}")
        if "number" in q:
            n = q["number"]
            lines.append(f"  Count {n['count']}, mean {show_number(n['mean'])}, median {show_number(n['median'])}, "
                         f"minimum {show_number(n['minimum'])}, maximum {show_number(n['maximum'])}.")
        if "texts" in q:
            shown = len(q["texts"])
            lines.append(f"  {q['texts_total']} written answers" +
                         (f" (the first {shown} shown)" if shown < q["texts_total"] else "") + ":")
            lines += [f"  - {text}" for text in q["texts"]]
    if breakdown:
        lines += ["", f"By organisation: {breakdown['question']}: {breakdown['text']}",
                  f"  Counts below {breakdown['threshold']} are shown as \"fewer than {breakdown['threshold']}\"."]
        for row in breakdown["organisations"]:
            cells = ", ".join(f"{o['label']} {o['count']}" + (f" ({_percent(o['percent'])}){_interval(o)}"
                                                              if not isinstance(o["percent"], str) else "")
                              for o in row["options"])
            lines.append(f"  - {row['organisation']}: answered {row['answered']}; {cells}")
    return lines
