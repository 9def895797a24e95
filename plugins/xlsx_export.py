"""The Excel workbook exporter: Headlines, Summary (with charts), Responses, Comments, Organisations, About."""
import math
from dataclasses import replace
from datetime import date, datetime

from survey_engine import hookimpl
from survey_engine.export import SHEET_MAX_ROWS, Exporter, ExportError, cut_text
from survey_engine.summary.render import filters_line

from .xlsx_scorecard import COLUMNS as SCORECARD_COLUMNS, write_scorecard

#: Rows one sheet holds; a name of its own so a test can try the limit without a million rows.
MAX_ROWS = SHEET_MAX_ROWS
#: Respondent text shorter than this cannot be over the cell limit, even counted in UTF-16.
SHORT_TEXT = 16_383

WORKBOOK_OPTIONS = {
    # Every sheet is written row by row, so only the current row of each is held in memory.
    "constant_memory": True,
    # Respondent text stays text: never a formula, a link or a number (write_string is used anyway).
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Times are UTC (the About sheet says so); Excel has no time zones.
    "remove_timezone": True,
}
SHEETS = ("Headlines", "Summary", "Responses", "Comments", "Organisations", "About")
PUBLICATION_SHEETS = ("Headlines", "Summary", "Organisations", "About")
ROW_PIXELS = 20
#: A row's default height in points, and one wrapped line's.
LINE_POINTS = 15
#: A4 (xlsxwriter's paper 9), and what of it prints inside the default margins (width, height), in points.
A4 = 9
PORTRAIT_POINTS = (595 - 2 * 0.7 * 72, 842 - 2 * 0.75 * 72)
#: Wider than this many characters of columns, a sheet prints landscape.
LANDSCAPE_FROM = 110
#: "Page 3 of 7" in the footer, with the sheet's name.
FOOTER = "&L&A&RPage &P of &N"
#: The Summary sheet's columns right of each question's table: its key, then its chart.
KEY_WIDTH = 16


class Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, workbook):
        add = workbook.add_format
        self.header = add({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#E8E8E8"})
        self.title = add({"bold": True, "font_size": 12})
        self.note = add({"italic": True, "font_color": "#505050"})
        # Across a merged range, wrapped: a heading or note that would otherwise print past the page's edge.
        self.title_wrapped = add({"bold": True, "font_size": 12, "text_wrap": True, "valign": "top"})
        self.note_wrapped = add({"italic": True, "font_color": "#505050", "text_wrap": True, "valign": "top"})
        self.text = add({"valign": "top"})
        self.wrapped = add({"text_wrap": True, "valign": "top"})
        self.number = add({"valign": "top"})
        self.datetime = add({"num_format": "yyyy-mm-dd hh:mm:ss", "valign": "top"})
        self.date = add({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.percent = {0: add({"num_format": "0%", "valign": "top"}), 1: add({"num_format": "0.0%", "valign": "top"})}

    def of(self, column):
        if column.kind == "percent":
            return self.percent[min(column.places, 1)]
        if column.kind == "datetime":
            return self.datetime
        if column.kind == "date":
            return self.date
        if column.kind in ("number", "flag"):
            return self.number
        return self.wrapped if column.width >= 30 else self.text


def column_pixels(width):
    """A column's width in pixels, as Excel draws one `width` characters wide in its default font."""
    return int(width * 7 + 5)


def print_setup(sheet, widths, repeat=None):
    """A4, page numbers in the footer, `repeat` rows on every page; landscape when the columns are wide."""
    sheet.set_paper(A4)
    if sum(widths) > LANDSCAPE_FROM:
        sheet.set_landscape()
    sheet.set_footer(FOOTER)
    if repeat is not None:
        sheet.repeat_rows(*repeat)


def wrapped_lines(value, width):
    """How many lines `value` takes wrapped in a column `width` characters wide."""
    # A tenth fewer characters than the width: LibreOffice's default font is wider than Excel's.
    chars = max(1, int(width * 0.9) - 1)
    return sum(max(1, math.ceil(len(part) / chars)) for part in str(value).split("\n"))


def fit_row(sheet, r, row, columns, wraps):
    """Give row `r` the height its wrapped cells need (Excel does not grow rows it opens); returns the points."""
    lines = max([wrapped_lines(v, c.width) for v, c, w in zip(row, columns, wraps) if w and isinstance(v, str)]
                or [1])
    if lines > 1:
        sheet.set_row(r, LINE_POINTS * lines)
    return LINE_POINTS * lines


def merged(sheet, r, last_column, text, cell_format, width, size=1.0):
    """`text` across columns 0 to `last_column` of row `r`, wrapped, the row as tall as it needs; its points."""
    lines = wrapped_lines(text, width / size)
    points = LINE_POINTS * size * lines
    sheet.set_row(r, points)
    if last_column > 0:
        sheet.merge_range(r, 0, r, last_column, text, cell_format)
    else:
        sheet.write_string(r, 0, text, cell_format)
    return points


def too_many_rows(table, needed):
    # Said in words both the command line and the summary page's filters use.
    hint = ("Export fewer responses with a filter (submitted since or until a day, organisation kind, "
            "questionnaire version or an answer)"
            + (", or export CSV, which has no row limit." if table.name == "Responses" else "."))
    return ExportError(f"The {table.name} sheet would need {needed:,} rows, more than the {MAX_ROWS:,} rows a "
                       f"sheet holds in Excel, LibreOffice and Google Sheets; nothing was written. {hint}")


def write_sheet(sheet, table, formats, autofilter=False, above=()):
    """A table at the top of its own sheet (under any `above` lines): header row frozen, notes below it."""
    for r, line in enumerate(above):
        sheet.write_string(r, 0, line, formats.title)
    top = len(above)
    # Printed one page wide, the header row on every page.
    print_setup(sheet, [c.width for c in table.columns], repeat=(top, top))
    sheet.fit_to_pages(1, 0)
    fit_row(sheet, top, [c.header for c in table.columns], table.columns, [True] * len(table.columns))
    for c, column in enumerate(table.columns):
        sheet.set_column(c, c, column.width)
        sheet.write_string(top, c, column.header, formats.header)
    sheet.freeze_panes(top + 1, 0)
    end = _rows(sheet, table, formats, top + 1)
    if autofilter:
        sheet.autofilter(top, 0, max(end - 1, top + 1), len(table.columns) - 1)
    for i, note in enumerate(table.notes, end + 1):
        sheet.write_string(i, 0, note, formats.note)


def _rows(sheet, table, formats, first_row, heights=None):
    """Write table.rows from first_row on, each value by its type; returns the row after the last.

    Rows with wrapped text are made tall enough for it; `heights`, if given, gets each row's points.
    """
    cell_formats = [formats.of(c) for c in table.columns]
    wraps = [f is formats.wrapped for f in cell_formats]
    wrapping = any(wraps)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    end = first_row
    for r, row in enumerate(table.rows, first_row):
        if r >= MAX_ROWS:
            raise too_many_rows(table, r + 1)
        if wrapping:
            points = fit_row(sheet, r, row, table.columns, wraps)
            if heights is not None:
                heights[r] = points
        for c, value in enumerate(row):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                write_string(r, c, value if len(value) <= SHORT_TEXT else cut_text(value), cell_formats[c])
            elif kind is int or kind is float:
                write_number(r, c, value, cell_formats[c])
            elif kind is datetime or kind is date:
                write_datetime(r, c, value, cell_formats[c])
            else:
                write_string(r, c, str(value), cell_formats[c])
        end = r + 1
    return end


def write_summary(workbook, sheet, export, blocks, formats):
    """Each question's table, its key beside its heading, and a closed question's options as a bar chart below.

    Printed one page wide (by a print scale: Excel ignores manual page breaks under "fit to page"), with a page
    break before any question whose table and chart would not fit on the rest of a page.
    """
    summary = export.summary
    widths = [40, 10, 12, 10, 10, 8]
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    # Filtered figures say so first, above everything they affect.
    filtered = [line for line in (filters_line(summary),) if line]
    for r, line in enumerate(filtered):
        sheet.write_string(r, 0, line, formats.title)
    top = len(filtered)
    sheet.write_string(top, 0, f"{summary['survey']['title']}: summary", formats.title)
    sheet.write_string(top + 1, 0, f"{summary['responded']}.", formats.text)
    # One column for every question's key, right of the widest table.
    key_column = max([len(b.table.columns) for b in blocks] + [len(widths)])
    sheet.set_column(key_column, key_column, KEY_WIDTH)
    table_width = sum(widths) + 2 * (key_column - len(widths))
    intro = (f"Percentages are of {summary['base_description']}, unless a question says otherwise; each question "
             "states its base. Each question's key (its column in the Responses sheet) is beside its heading; the "
             "95% interval is the Wilson score interval.")
    heights = {top + 2: merged(sheet, top + 2, key_column, intro, formats.note_wrapped, table_width + KEY_WIDTH)}
    row = top + 4
    starts = []
    chart_width = 560
    for block in blocks:
        table = block.table
        starts.append(row)
        heights[row] = merged(sheet, row, key_column - 1, block.title, formats.title_wrapped, table_width, 1.3)
        sheet.write_string(row, key_column, block.key, formats.note)
        for i, note in enumerate(table.notes, row + 1):
            sheet.write_string(i, 0, note, formats.note)
        header = row + 1 + len(table.notes)
        # Wrapped as the sheet's columns are wide, not as the table would like them.
        columns = [replace(c, width=widths[i] if i < len(widths) else c.width) for i, c in enumerate(table.columns)]
        heights[header] = fit_row(sheet, header, [c.header for c in columns], columns, [True] * len(columns))
        for c, column in enumerate(table.columns):
            sheet.write_string(header, c, column.header, formats.header)
        rows = list(table.rows)
        end = _rows(sheet, replace(table, rows=rows, columns=columns), formats, header + 1, heights)
        span = end - row
        if block.chart_rows:
            height = max(200, 60 + 26 * block.chart_rows)
            chart = workbook.add_chart({"type": "bar"})
            first = header + 1
            drawn = rows[:block.chart_rows]
            chart.add_series({
                "name": "Percentage",
                "categories": ["Summary", first, 0, first + block.chart_rows - 1, 0],
                "values": ["Summary", first, 2, first + block.chart_rows - 1, 2],
                # constant_memory keeps no cells for xlsxwriter to cache in the chart, and without a cache the
                # labels are written as numbers: LibreOffice and Google Sheets then draw 1, 2, 3 or nothing.
                "categories_data": [r[0] for r in drawn],
                "values_data": [r[2] for r in drawn],
                "data_labels": {"value": True, "num_format": "0%"},
                "fill": {"color": "#1D70B8"},
            })
            # The base in the title: a chart copied into a paper still says what its percentages are of.
            chart.set_title({"name": _chart_text(block.chart_title), "name_font": {"size": 10, "bold": True}})
            chart.set_legend({"none": True})
            chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True}})
            chart.set_y_axis({"reverse": True})  # options top to bottom, as in the table
            chart.set_size({"width": chart_width, "height": height})
            # Below its table, so the page's width is the table's and the chart prints whole beside nothing.
            sheet.insert_chart(end + 1, 0, chart)
            span = end - row + 1 + math.ceil(height / ROW_PIXELS)
        row += span + 2
    starts.append(row)
    # Widths as Excel draws them, and a quarter more: LibreOffice draws the same widths wider.
    content = 1.5 * (sum(column_pixels(w) for w in widths) + column_pixels(KEY_WIDTH))
    # Portrait: the tables are narrow and the charts below them, so a page holds three or four questions.
    page_width, page_height = PORTRAIT_POINTS
    scale = max(10, min(100, int(100 * page_width * 4 / 3 / content)))
    print_setup(sheet, widths + [KEY_WIDTH], repeat=(top, top))
    sheet.set_print_scale(scale)
    # What one page holds, in the sheet's points, under the repeated title row.
    room = 0.9 * (page_height * 100 / scale - LINE_POINTS)  # a tenth spare, for rows a program draws taller
    breaks, used = [], 0
    for first, after in zip(starts, starts[1:]):
        needed = sum(heights.get(r, LINE_POINTS) for r in range(first, after))
        if used and used + needed > room:
            breaks.append(first)
            used = 0
        used += needed
    if breaks:
        sheet.set_h_pagebreaks(breaks)


def _chart_text(text):
    # xlsxwriter reads a chart title that starts with "=" as a cell reference.
    return " " + text if text.startswith("=") else text


def write_workbook(export, out):
    """Write the export as an .xlsx workbook to the binary file `out`."""
    publication = getattr(export, "for_publication", False)
    headlines = export.headlines()
    blocks = export.question_blocks()
    # For publication: the aggregate sheets only, nothing row by row and no free text.
    responses = None if publication else export.responses()
    comments = None if publication else export.comments()
    organisations = export.organisations()
    about = export.about()
    for table in (t for t in (headlines, responses, comments, organisations, about) if t is not None):
        if table.count is not None and table.count + 1 + len(table.notes) > MAX_ROWS:
            raise too_many_rows(table, table.count + 1)
    import xlsxwriter  # only when a workbook is written, not with every command

    workbook = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)
    try:
        formats = Formats(workbook)
        names = list(PUBLICATION_SHEETS if publication else SHEETS)
        if export.summary.get("scorecards"):
            names.insert(names.index("Summary") + 1, "Scorecard")
        sheets = {name: workbook.add_worksheet(name) for name in names}
        filtered = filters_line(export.summary)
        write_sheet(sheets["Headlines"], headlines, formats, above=[filtered] if filtered else [])
        write_summary(workbook, sheets["Summary"], export, blocks, formats)
        if "Scorecard" in sheets:
            write_scorecard(workbook, sheets["Scorecard"], export.summary, formats, _chart_text)
            # One page wide, its header row on every page; its chart starts a page of its own (write_scorecard).
            print_setup(sheets["Scorecard"], [width for _, width, _ in SCORECARD_COLUMNS], repeat=(3, 3))
            sheets["Scorecard"].fit_to_pages(1, 0)
        if not publication:
            write_sheet(sheets["Responses"], responses, formats, autofilter=True)
            write_sheet(sheets["Comments"], comments, formats, autofilter=True)
        write_sheet(sheets["Organisations"], organisations, formats)
        write_sheet(sheets["About"], about, formats)
    except BaseException:
        # Close it so xlsxwriter's temporary files go; the caller discards the output.
        try:
            workbook.close()
        except Exception:
            pass
        raise
    workbook.close()


@hookimpl
def register_exporters():
    return [Exporter("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     write_workbook, "Excel workbook: headlines, summary with charts, responses, comments")]
