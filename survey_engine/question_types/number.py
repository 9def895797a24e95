"""The number question type, and the form field that reads only numbers a float can hold."""
import decimal
import math

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField
from wtforms.validators import NumberRange, StopValidation

from ..export.columns import Column, NumberCell
from ..summary import queries
from .base import FIGURE_COLUMNS, QuestionType, not_answered_rows, shortened


class NumberField(DecimalField):
    """A decimal field that reads only finite numbers a float can hold, whatever Decimal() would accept."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            number = decimal.Decimal(valuelist[0].strip())
            # NaN, Infinity and 1e999 parse as Decimals but are no answer to "how many?".
            readable = number.is_finite() and not math.isinf(float(number))
        except (decimal.InvalidOperation, ValueError):
            readable = False
        if not readable:
            self.data = None
            raise ValueError(_l("Enter a number, like 12 or 7.5"))
        self.data = number


def _stop_if_unreadable(form, field):
    """Stop before the range check, so text that is not a number gets one error, not two."""
    if field.process_errors:
        raise StopValidation()


class NumberType(QuestionType):
    """A number, optionally between a minimum and a maximum."""

    name = "number"
    summary_kind = "number"
    input_type = "text"
    input_class = "input--width-10"

    def required_message(self, question):
        return _l("Enter a number")

    def field(self, question):
        validators = self.validators(question) + [_stop_if_unreadable]
        low, high = question.minimum, question.maximum
        if low is not None or high is not None:
            # WTForms' own words, marked here so that they are translated with the engine's.
            message = (_l("Number must be between %(min)s and %(max)s.") if low is not None and high is not None
                       else _l("Number must be at least %(min)s.") if low is not None
                       else _l("Number must be at most %(max)s."))
            validators.append(NumberRange(low, high, message=message))
        return NumberField(question.text, validators=validators, places=None, render_kw={"inputmode": "decimal"})

    def form_data(self, question, value, extra):
        return {question.key: self.display(question, value, extra)}

    def value_from_form(self, question, form):
        data = form[question.key].data
        return None if data is None else float(data)

    def to_rows(self, question, value, extra):
        return [(None, None, None)] if value is None else [(None, None, float(value))]

    def from_rows(self, question, rows):
        for value, text, number in rows:
            if number is not None:
                return number, {}
        return None, {}

    def display(self, question, value, extra):
        if value is None:
            return ""
        return str(int(value)) if float(value).is_integer() else str(value)

    def cell_error(self, question, row, form):
        if form[question.key].process_errors:
            return f"{shortened(row.get(question.key, ''))!r} is not a number"
        return super().cell_error(question, row, form)

    def summary_figures(self, question, counts, base, answered):
        return {"number": queries.number_stats(counts.selection, question.key)}

    def response_columns(self, question, first, stray=()):
        return [Column(question.key, "number", max(10, len(question.key) + 2))], NumberCell(first)

    def comment_values(self, question):
        return ()

    def export_summary(self, item, for_publication=False):
        n = item["number"]
        rows = [["Answered", n["count"]], ["Mean", n["mean"]], ["Median", n["median"]]]
        if not for_publication:  # the least and the greatest are each one person's answer
            rows += [["Minimum", n["minimum"]], ["Maximum", n["maximum"]]]
        return list(FIGURE_COLUMNS), rows + not_answered_rows(item), 0
