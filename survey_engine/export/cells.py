"""What a spreadsheet cell can hold: the row and text limits, and respondent text made safe for CSV."""

#: Rows in one worksheet of Excel, LibreOffice Calc and Google Sheets (the header row included).
SHEET_MAX_ROWS = 1_048_576
#: Characters in one cell (Excel counts UTF-16 code units).
CELL_MAX_CHARS = 32_767
#: How a CSV cell may start that a spreadsheet program would run as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def utf16_length(text):
    """The length Excel counts: characters outside the Basic Multilingual Plane count twice."""
    return len(text.encode("utf-16-le")) // 2


CUT_MARKER = " [… cut here: {n} more characters do not fit in a cell; the CSV export has the whole text]"


def cut_text(text, limit=CELL_MAX_CHARS):
    """`text`, or, if a cell cannot hold it, as much as fits followed by a marker saying how much was cut."""
    if len(text) * 2 <= limit or utf16_length(text) <= limit:
        return text
    room = limit - len(CUT_MARKER.format(n=f"{len(text):,}"))
    keep = room
    while (over := utf16_length(text[:keep]) - room) > 0:  # characters that count twice take more room
        keep -= over
    return text[:keep] + CUT_MARKER.format(n=f"{len(text) - keep:,}")


def csv_text(text):
    """Text as a CSV cell that spreadsheet programs show as text: a leading ' when it could run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
