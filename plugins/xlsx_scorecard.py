"""The workbook's Scorecard sheet: each area's agreement figures, and a diverging stacked bar chart of them."""
import math

#: The sheet's columns: (header, width, kind); kinds: text, number, percent.
COLUMNS = (("Area", 14, "text"), ("Statement", 60, "text"), ("Key", 22, "text"), ("Base", 8, "number"),
           ("Agree", 8, "number"), ("Agree %", 9, "percent"), ("95% interval from", 10, "percent"),
           ("95% interval to", 10, "percent"), ("Disagree %", 10, "percent"), ("Neither %", 10, "percent"),
           ("Agree % (bar)", 10, "percent"),
           # Drawn, not read: disagreeing answers and half of the neutral ones go left of the line as negatives.
           ("Chart: neither (left half)", 12, "percent"), ("Chart: disagree", 12, "percent"),
           ("Chart: neither (right half)", 12, "percent"), ("Chart: agree", 12, "percent"))
ROW_PIXELS = 20


def _share(part, whole):
    return part / whole if whole else None


def scorecard_rows(summary):
    """A row per area (its pooled answers), then a row per statement under it."""
    rows = []
    for card in summary["scorecards"]:
        lines = [(card["area"], f"All {len(card['statements'])} statements (answers)", "", card)]
        lines += [(card["area"], s["text"], s["key"], s) for s in card["statements"]]
        for area, text, key, figures in lines:
            n = figures["answered"]
            disagree, neither, agree = (_share(figures[side], n) for side in ("disagree", "neither", "agree"))
            low = figures["ci_low"] / 100 if figures["ci_low"] is not None else None
            high = figures["ci_high"] / 100 if figures["ci_high"] is not None else None
            half = None if neither is None else neither / 2
            rows.append([area, text, key, n, figures["agree"], agree, low, high, disagree, neither, agree,
                         None if half is None else -half, None if disagree is None else -disagree, half, agree])
    return rows


def write_scorecard(workbook, sheet, summary, formats, text=lambda s: s):
    """Write the Scorecard sheet: a title, the table, and its chart below the table."""
    sheet.write_string(0, 0, f"{summary['survey']['title']}: scorecards by standard", formats.title)
    sheet.write_string(1, 0, "Agree: agree or strongly agree, of those asked who answered. An area's first row pools "
                             "the answers to its statements (a percentage of answers, not of people).", formats.note)
    header = 3
    for c, (name, width, kind) in enumerate(COLUMNS):
        sheet.set_column(c, c, width)
        sheet.write_string(header, c, name, formats.header)
    rows = scorecard_rows(summary)
    for r, row in enumerate(rows, header + 1):
        for c, (value, (_, _, kind)) in enumerate(zip(row, COLUMNS)):
            if value is None:
                continue
            if kind == "text":
                sheet.write_string(r, c, str(value), formats.wrapped if COLUMNS[c][1] >= 30 else formats.text)
            else:
                sheet.write_number(r, c, value, formats.percent[1] if kind == "percent" else formats.number)
    if not rows:
        return
    first, last = header + 1, header + len(rows)
    chart = workbook.add_chart({"type": "bar", "subtype": "stacked"})
    labels = [f"{row[0]}: {row[1]}"[:80] for row in rows]
    series = (("Neither agree nor disagree", 11, "#BABABA"), ("Disagree", 12, "#B2182B"),
              ("Neither agree nor disagree ", 13, "#BABABA"), ("Agree", 14, "#2166AC"))
    for name, column, colour in series:
        chart.add_series({
            "name": name,
            "categories": ["Scorecard", first, 1, last, 1], "categories_data": labels,
            "values": ["Scorecard", first, column, last, column], "values_data": [row[column] for row in rows],
            "fill": {"color": colour}, "gap": 40,
        })
    chart.set_title({"name": text(f"Scorecards: disagree to the left, agree to the right (base: those who "
                                  f"answered each statement; {summary['respondents']} responses)"),
                     "name_font": {"size": 10, "bold": True}})
    chart.set_x_axis({"num_format": "0%;0%", "min": -1, "max": 1, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "label_position": "low"})
    chart.set_legend({"position": "bottom", "delete_series": [0]})
    height = max(300, 80 + 22 * len(rows))
    chart.set_size({"width": 900, "height": height})
    sheet.insert_chart(last + 2, 0, chart)
    # Printed, the chart starts a page, so no page break cuts across it.
    sheet.set_h_pagebreaks([last + 2])
    return last + 2 + math.ceil(height / ROW_PIXELS)
