"""The rating question type: a scale of whole numbers with labelled ends, such as 1 to 5 or 0 to 10."""
from flask_babel import lazy_gettext as _l

from ..export.columns import Column, NumberCell
from ..questionnaire import Option, QuestionnaireError
from .base import not_answered_rows
from .choice import ChoiceType

#: The most points a scale may have: 0 to 10 is the longest scale people are asked to rate on.
MOST_POINTS = 11


class RatingType(ChoiceType):
    """A point on a scale, chosen like an option and stored as a number, summarised by its mean and median."""

    name = "rating"
    summary_kind = "rating"
    template = "questions/rating.html"
    settings = ("scale_minimum", "scale_maximum", "minimum_label", "maximum_label")

    def scale(self, question):
        """(lowest, highest) point of the question's scale: 1 to 5 unless its settings say otherwise."""
        return self.setting(question, "scale_minimum", 1), self.setting(question, "scale_maximum", 5)

    def check(self, question):
        if question.options:
            raise QuestionnaireError(f"question {question.key!r}: a rating brings its own points; set "
                                     "scale_minimum and scale_maximum instead of options")
        low, high = self.scale(question)
        if not (isinstance(low, int) and isinstance(high, int)) or isinstance(low, bool) or isinstance(high, bool):
            raise QuestionnaireError(f"question {question.key!r}: scale_minimum and scale_maximum must be whole numbers")
        if not 2 <= high - low + 1 <= MOST_POINTS:
            raise QuestionnaireError(f"question {question.key!r}: a rating scale has 2 to {MOST_POINTS} points, "
                                     f"not {low} to {high}")

    def answer_options(self, question):
        low, high = self.scale(question)
        return tuple(Option(str(n), str(n)) for n in range(low, high + 1))

    def ends(self, question):
        """The labels of the scale's two ends, as the page shows them ("" when unlabelled)."""
        return self.setting(question, "minimum_label", ""), self.setting(question, "maximum_label", "")

    def required_message(self, question):
        return _l("Select a number")

    def to_rows(self, question, value, extra):
        # The point is kept as an option (counted, filtered and broken down) and as the number it is.
        return [(None, None, None)] if value is None else [(value, None, float(value))]

    def display(self, question, value, extra):
        if value is None:
            return ""
        low, high = self.scale(question)
        return str(_l("%(value)s on a scale of %(low)s to %(high)s", value=value, low=low, high=high))

    def summary_figures(self, question, counts, base, answered):
        figures = super().summary_figures(question, counts, base, answered)
        points = sorted((int(o["value"]), o["count"]) for o in figures["options"] if o["count"])
        total = sum(n for _, n in points)

        def at(position):  # the point at a position in order, read from the counts
            for point, n in points:
                if position < n:
                    return point
                position -= n

        figures["number"] = {
            "count": total,
            "mean": sum(point * n for point, n in points) / total if total else None,
            "median": (at((total - 1) // 2) + at(total // 2)) / 2 if total else None,
            "minimum": points[0][0] if points else None,
            "maximum": points[-1][0] if points else None,
        }
        return figures

    def response_columns(self, question, first, stray=()):
        return [Column(question.key, "number", max(10, len(question.key) + 2))], NumberCell(first)

    def export_summary(self, item, for_publication=False):
        columns, rows, chart_rows = super().export_summary(item, for_publication)
        n = item["number"]
        figures = [["Mean", n["mean"], None, n["count"]], ["Median", n["median"], None, n["count"]]]
        return columns, rows[:-2] + figures + not_answered_rows(item, width=4), chart_rows
