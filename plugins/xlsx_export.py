"""The Excel workbook exporter: Headlines, Summary (with charts), Responses, Comments, Organisations, About."""
import math
from dataclasses import replace
from datetime import date, datetime

import xlsxwriter

from survey_engine import hookimpl
from survey_engine.export import SHEET_MAX_ROWS, Exporter, ExportError, cut_text
from survey_engine.summary.render import filters_line

from .xlsx_scorecard import write_scorecard

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


class Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, workbook):
        add = workbook.add_format
        self.header = add({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#E8E8E8"})
        self.title = add({"bold": True, "font_size": 12})
        self.note = add({"italic": True, "font_color": "#505050"})
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
    for c, column in enumerate(table.columns):
        sheet.set_column(c, c, column.width)
        sheet.write_string(top, c, column.header, formats.header)
    sheet.freeze_panes(top + 1, 0)
    end = _rows(sheet, table, formats, top + 1)
    if autofilter:
        sheet.autofilter(top, 0, max(end - 1, top + 1), len(table.columns) - 1)
    for i, note in enumerate(table.notes, end + 1):
        sheet.write_string(i, 0, note, formats.note)


def _rows(sheet, table, formats, first_row):
    """Write table.rows from first_row on, each value by its type; returns the row after the last."""
    cell_formats = [formats.of(c) for c in table.columns]
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    end = first_row
    for r, row in enumerate(table.rows, first_row):
        if r >= MAX_ROWS:
            raise too_many_rows(table, r + 1)
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
    """Each question's table, with a bar chart beside each closed question's options."""
    summary = export.summary
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3, 8)
    # Filtered figures say so first, above everything they affect.
    filtered = [line for line in (filters_line(summary),) if line]
    for r, line in enumerate(filtered):
        sheet.write_string(r, 0, line, formats.title)
    top = len(filtered)
    sheet.write_string(top, 0, f"{summary['survey']['title']}: summary", formats.title)
    sheet.write_string(top + 1, 0, f"{summary['responded']}.", formats.text)
    sheet.write_string(top + 2, 0, f"Percentages are of {summary['base_description']}, unless a question says "
                                   "otherwise; each question states its base.", formats.note)
    row = top + 4
    for block in blocks:
        table = block.table
        sheet.write_string(row, 0, block.title, formats.title)
        for i, note in enumerate(table.notes, row + 1):
            sheet.write_string(i, 0, note, formats.note)
        header = row + 1 + len(table.notes)
        for c, column in enumerate(table.columns):
            sheet.write_string(header, c, column.header, formats.header)
        rows = list(table.rows)
        end = _rows(sheet, replace(table, rows=rows), formats, header + 1)
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
            chart.set_title({"name": _chart_text(block.text), "name_font": {"size": 10, "bold": True}})
            chart.set_legend({"none": True})
            chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True}})
            chart.set_y_axis({"reverse": True})  # options top to bottom, as in the table
            chart.set_size({"width": 560, "height": height})
            sheet.insert_chart(header, 5, chart)
            span = max(span, 1 + len(table.notes) + math.ceil(height / ROW_PIXELS))
        row += span + 2


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
