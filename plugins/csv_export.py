"""The CSV exporter: the Responses table as RFC 4180 CSV, respondent text kept from running as a formula."""
import csv
import io
from datetime import datetime

from survey_engine import hookimpl
from survey_engine.export import Exporter, ExportError, csv_text


def cell(value):
    """One value as CSV text: numbers plainly, times in ISO 8601 (UTC), text guarded against formulas."""
    if value is None:
        return ""
    if type(value) is str:
        return csv_text(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


def write_csv(export, out):
    """Write the export's Responses table to the binary file `out` as UTF-8 CSV (with a byte order mark)."""
    if getattr(export, "for_publication", False):
        raise ExportError("a for-publication export is a workbook of aggregate sheets; the CSV export is one row "
                          "per response, so choose xlsx")
    table = export.responses()
    # The byte order mark makes Excel read UTF-8; CRLF line ends and minimal quoting are RFC 4180's.
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([column.header for column in table.columns])
        writer.writerows([cell(value) for value in row] for row in table.rows)
        text.flush()
    finally:
        text.detach()  # leave `out` open for the caller


@hookimpl
def register_exporters():
    return [Exporter("csv", ".csv", "text/csv; charset=utf-8; header=present", write_csv,
                     "CSV: one row per response")]
