"""A comparison of survey waves as plain text: one sentence per headline and per option."""


def _interval(change):
    """" [the change could be -14 to +31 points]" for a computed change, else nothing."""
    if change.get("diff_low") is None:
        return ""
    return f" [the change could be {change['diff_low']:+.1f} to {change['diff_high']:+.1f} points]"


def _lines(part):
    lines = []
    if part["headlines"]:
        lines += ["", "Headlines"]
        for row in part["headlines"]:
            lines.append(f"- {row['text']}" + "".join(_interval(c) for c in row["changes"]))
    for question in part["questions"]:
        lines += ["", f"{question['key']}: {question['text']}"]
        lines += [f"  {note}" for note in question["notes"]]
        for row in question["options"]:
            words = row["text"][len(question["text"]) + 2:]  # the question's text is the heading above
            lines.append(f"  - {words}" + "".join(_interval(c) for c in row["changes"]))
    if part.get("missing_headlines"):
        lines += ["", "Headlines not in every wave (not compared)"]
        for item in part["missing_headlines"]:
            lines.append(f"- {item['statement']}: in {', '.join(item['in'])}; not in {', '.join(item['missing_from'])}")
    if part["missing"]:
        lines += ["", "Questions not in every wave (not compared)"]
        for item in part["missing"]:
            lines.append(f"- {item['key']}: {item['text']}: asked in {', '.join(item['in'])}; "
                         f"not in {', '.join(item['missing_from'])}")
    return lines


def render_compare_text(result):
    """The lines of the text form of a comparison (summary.compare.compare)."""
    lines = ["Waves compared"]
    for wave in result["waves"]:
        dates = (f", submitted {wave['first_submitted']} to {wave['last_submitted']}"
                 if wave["first_submitted"] else "")
        lines.append(f"- {wave['label']}: {wave['title']} ({wave['slug']}){dates}; {wave['responded']}.")
        if wave["filters_in_words"]:
            lines.append(f"  Filtered: {'; '.join(wave['filters_in_words'])}.")
    lines += ["", "Percentages are of those asked who answered, unless a line says otherwise; headlines are of "
                  "their own bases. Changes are in percentage points, worked out from the unrounded figures.",
              result["method"]]
    lines += result["notes"]
    lines += _lines(result)
    for part in result.get("by_kind", ()):
        lines += ["", f"Organisation kind: {part['kind']}",
                  f"  Counts below {result['threshold']}, and figures that would give them away, are not shown."]
        lines += ["  " + line if line else line for line in _lines(part)]
    return lines
