"""Charts drawn on the server as SVG: a bar per answer, and diverging stacked bars for agreement scales.

Each chart is an image with a title and a text alternative (`<title>` and `<desc>`, named by aria-labelledby);
the figures it pictures are always also printed as a table beside it. Colours are attributes, not styles, so the
Content-Security-Policy (no inline style) allows them, and the text is escaped: labels can be anyone's words.
"""
import textwrap

from markupsafe import Markup, escape

WIDTH = 640
LABEL_CHARS = 95
#: A bar chart's labels stand to the left of their bars, in this many pixels (about this many characters).
LABEL_WIDTH = 250
LABEL_CHARS_BESIDE = 38
LINE = 15
BAR = 14
BAR_COLOUR = "#005eb8"
# Disagreeing answers from the most extreme inwards, agreeing ones from the centre outwards: colour-blind safe.
DISAGREE_COLOURS = ("#b2182b", "#ef8a62", "#f4a582")
NEITHER_COLOUR = "#bababa"
AGREE_COLOURS = ("#67a9cf", "#2166ac", "#053061")
DARK = {"#b2182b", "#2166ac", "#053061", "#005eb8"}


def _lines(text, chars=LABEL_CHARS):
    return textwrap.wrap(str(text), chars) or [""]


def _number(percent):
    return "%.1f%%" % percent if isinstance(percent, float) and percent != int(percent) else "%d%%" % percent


def _svg(chart_id, title, description, height, body):
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="Arial, sans-serif" font-size="13">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>{"".join(body)}</svg>')


def bar_chart(chart_id, title, rows):
    """Horizontal bars, one per (label, percent, count), each label to the left of its bar; a percent of None
    (no base, or a hidden figure) draws no bar but says what `count` says ("fewer than 5").

    The description reads every bar out: "Yes: 72% (13). No: 28% (5)."
    """
    body, y = [], 4
    left = LABEL_WIDTH + 8
    scale = (WIDTH - left - 50) / 100
    said = []
    for label, percent, count in rows:
        lines = _lines(label, LABEL_CHARS_BESIDE)
        height = max(len(lines) * LINE, BAR)
        for number, line in enumerate(lines):
            body.append(f'<text x="0" y="{y + 11 + number * LINE}" fill="#0b0c0c">{escape(line)}</text>')
        if isinstance(percent, (int, float)):
            width = max(percent * scale, 0.5 if percent else 0)
            body.append(f'<rect x="{left}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{BAR_COLOUR}"/>')
            body.append(f'<text x="{left + width + 4:.1f}" y="{y + 11}" fill="#0b0c0c">{_number(percent)}</text>')
            said.append(f"{label}: {_number(percent)} ({count})")
        else:
            body.append(f'<text x="{left}" y="{y + 11}" fill="#505a5f">{escape(count)}</text>')
            said.append(f"{label}: {count}")
        y += height + 6
    body.append(f'<line x1="{left}" y1="0" x2="{left}" y2="{y - 2}" stroke="#505a5f" stroke-width="1"/>')
    return _svg(chart_id, title, ". ".join(said) + ".", y + 2, body)


def _colours(parts):
    """Each part's colour: the more extreme, the darker, on either side; neutral answers grey."""
    sides = {"disagree": list(DISAGREE_COLOURS), "agree": list(AGREE_COLOURS)}
    counts = {"disagree": 0, "agree": 0}
    colours = []
    for part in parts:
        side = part["side"]
        if side in sides:
            colours.append(sides[side][min(counts[side], 2)])
            counts[side] += 1
        else:
            colours.append(NEITHER_COLOUR)
    return colours


def diverging_chart(chart_id, title, lines):
    """Stacked bars centred on the middle of the neutral answers: disagreeing to the left, agreeing to the right.

    `lines` are (label, parts), each part {"label", "side" (disagree, neither, agree), "percent", "count"}, in the
    order drawn from left to right. Labels stand to the left of their bars.
    """
    left = LABEL_WIDTH + 8
    centre = left + (WIDTH - left) / 2
    scale = ((WIDTH - left) / 2 - 4) / 100
    body = [f'<text x="{centre - 6:.0f}" y="12" text-anchor="end" fill="#0b0c0c">\u2190 disagree</text>',
            f'<text x="{centre + 6:.0f}" y="12" fill="#0b0c0c">agree \u2192</text>']
    y = 20
    said = []
    for label, parts in lines:
        rows = _lines(label, LABEL_CHARS_BESIDE)
        height = max(len(rows) * LINE, BAR)
        for number, line in enumerate(rows):
            body.append(f'<text x="0" y="{y + 11 + number * LINE}" fill="#0b0c0c">{escape(line)}</text>')
        percents = [p["percent"] or 0 for p in parts]
        before = sum(pc for p, pc in zip(parts, percents) if p["side"] == "disagree")
        before += sum(pc for p, pc in zip(parts, percents) if p["side"] == "neither") / 2
        x = centre - before * scale
        for part, percent, colour in zip(parts, percents, _colours(parts)):
            width = percent * scale
            if width:
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}">'
                            f'<title>{escape(part["label"])}: {_number(percent)}</title></rect>')
                if percent >= 10:
                    ink = "#ffffff" if colour in DARK else "#0b0c0c"
                    body.append(f'<text x="{x + width / 2:.1f}" y="{y + 11}" text-anchor="middle" fill="{ink}" '
                                f'font-size="10">{_number(round(percent))}</text>')
            x += width
        said.append(f"{label}: " + ", ".join(f"{p['label']} {_number(pc)}" for p, pc in zip(parts, percents)))
        y += height + 6
    body.append(f'<line x1="{centre:.1f}" y1="16" x2="{centre:.1f}" y2="{y - 2}" stroke="#0b0c0c" stroke-width="1"/>')
    return _svg(chart_id, title, ". ".join(said) + ".", y + 2, body)
