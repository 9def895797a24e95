"""The date question type: day, month and year boxes in one fieldset, as GOV.UK's date input, stored as an ISO date."""
import datetime
import re

from flask_babel import format_date, get_locale, lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import StopValidation, ValidationError

from ..export.columns import Column
from ..summary import queries
from ..summary.numbers import as_json_number, percentage
from .base import FIGURE_COLUMNS, QuestionType, not_answered_rows, shortened

#: End the names of the month and year boxes; the day box is named after the question, so errors and
#: "Change" links reach the first box.
MONTH, YEAR = "__month", "__year"
#: The import's two spellings of a date: 2024-03-05 (with an optional time, as a spreadsheet may add) and 05/03/2024.
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?\s*$")
UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _parts(form, key):
    return [(form[name].data or "").strip() for name in (key, key + MONTH, key + YEAR)]


def _whole(number, low, high):
    """The int `number` holds if it is a whole number from low to high, else None."""
    return int(number) if number.isdigit() and low <= int(number) <= high else None


class DateType(QuestionType):
    """A date: a day, a month and a year, each in its own box."""

    name = "date"
    summary_kind = "date"
    template = "questions/date.html"

    def required_message(self, question):
        return _l("Enter the date")

    def form_fields(self, question):
        key = question.key
        required = question.required

        def whole_date(form, field):
            day, month, year = _parts(form, key)
            if not (day or month or year):
                if required:
                    raise StopValidation(self.required_message(question))
                raise StopValidation()
            if not day:
                raise StopValidation(_l("The date must include a day"))
            if _whole(day, 1, 31) is None:
                raise StopValidation(_l("Enter the day as a number from 1 to 31"))
            if _whole(month, 1, 12) is not None and _whole(year, 1000, 9999) is not None:
                try:
                    datetime.date(int(year), int(month), int(day))
                except ValueError:
                    raise StopValidation(_l("The date must be a real date")) from None

        def month_part(form, field):
            day, month, year = _parts(form, key)
            if not (day or month or year):
                return
            if not month:
                raise ValidationError(_l("The date must include a month"))
            if _whole(month, 1, 12) is None:
                raise ValidationError(_l("Enter the month as a number from 1 to 12"))

        def year_part(form, field):
            day, month, year = _parts(form, key)
            if not (day or month or year):
                return
            if not year:
                raise ValidationError(_l("The date must include a year"))
            if _whole(year, 1000, 9999) is None:
                raise ValidationError(_l("The year must include 4 numbers"))

        return [(key, StringField(question.text, validators=[whole_date])),
                (key + MONTH, StringField(question.text, validators=[month_part])),
                (key + YEAR, StringField(question.text, validators=[year_part]))]

    def value_from_form(self, question, form):
        day, month, year = _parts(form, question.key)
        if not (day or month or year):
            return None
        return datetime.date(int(year), int(month), int(day)).isoformat()

    def form_data(self, question, value, extra):
        if not value:
            return {}
        year, month, day = value.split("-")
        return {question.key: str(int(day)), question.key + MONTH: str(int(month)), question.key + YEAR: year}

    def display(self, question, value, extra):
        if not value:
            return ""
        day = datetime.date.fromisoformat(value)
        # In the page's language ("5 March 2024", "5 Mawrth 2024"); in English outside a request.
        return format_date(day, "d MMMM y") if get_locale() is not None else f"{day.day} {day:%B %Y}"

    # The import: one cell, 2024-03-05 or 05/03/2024.

    def cells_formdata(self, question, row):
        cell = row.get(question.key, "")
        if not cell.strip():
            return None
        iso, uk = ISO_DATE.match(cell), UK_DATE.match(cell)
        if iso:
            year, month, day = iso.groups()
        elif uk:
            day, month, year = uk.groups()
        else:
            raise ValueError(f"{shortened(cell)!r} is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
        return MultiDict({question.key: day, question.key + MONTH: month, question.key + YEAR: year})

    # The summary: how many dates fall in each month, and the earliest and latest.

    def summary_figures(self, question, counts, base, answered):
        months, earliest, latest = queries.date_months(counts.selection, question.key)
        options = [{"value": month, "label": month, "count": n, "percent": as_json_number(percentage(n, base))}
                   for month, n in months]
        return {"options": options, "dates": {"count": sum(n for _, n in months), "earliest": earliest,
                                              "latest": latest}}

    def export_summary(self, item, for_publication=False):
        rows = [[o["label"], o["count"]] for o in item["options"]]
        if not for_publication:  # the earliest and latest are each one person's answer
            rows += [["Earliest", item["dates"]["earliest"]], ["Latest", item["dates"]["latest"]]]
        return list(FIGURE_COLUMNS), rows + not_answered_rows(item), 0

    # The exports: the date itself.

    def response_columns(self, question, first, stray=()):
        return [Column(question.key, "date", max(12, len(question.key) + 2))], DateCell(first)

    def comment_values(self, question):
        return ()


class DateCell:
    """One column holding a date answer as a date, so a spreadsheet sorts and formats it."""

    def __init__(self, column):
        self.column = column

    def fill(self, row, value, text, number):
        if text is not None:
            row[self.column] = datetime.date.fromisoformat(text)
