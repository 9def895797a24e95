"""The QuestionType base: everything one kind of answer owns, from its page partial to its summary figures.

The pages, the import, the summary and the exports call these methods and never ask which type they hold,
so a plugin's type is answered, imported, summarised and exported like a built-in one. The base is free text.
"""
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..export.columns import Column, TextCell

class PageLength(Length):
    """The most text a page takes from a browser: a guard against floods, not a rule of the answer.

    An import (staff's own file, such as long comments typed up from paper) is not held to it.
    """

    def __init__(self, max, message=None):
        super().__init__(max=max, message=message or _l("Enter %(max)d characters or fewer"))


#: The columns of a question's figures on a workbook's Summary sheet.
FIGURE_COLUMNS = (Column("Figure", width=50), Column("Value", "number", 8))


class QuestionType:
    """Base class: a question type turns form input into stored rows and back, and counts and exports them."""

    #: The name questionnaires use in Question(type=...).
    name = ""
    #: The summary's label for how this type is counted ("choice", "multiple", "number", "text"): its "kind".
    summary_kind = "text"
    #: The partial that draws the question on a page, given q, qtype, form, field, options and heading.
    template = "questions/input.html"
    #: The HTML input type, for partials that draw an <input>.
    input_type = "text"
    #: An extra CSS class for the <input>, such as a narrower width.
    input_class = ""
    #: Extra (attribute, value) pairs for the <input>.
    input_attributes = ()
    #: Whether the answer names the respondent's organisation.
    names_organisation = False
    #: Extra rows a summary adds up from options, as (label, values): agreement's "agree" and "disagree".
    groups = ()
    #: An agreement scale's option values, each side written left to right as a diverging bar draws it:
    #: {"disagree": (...), "agree": (...)}; other answers count as neither. None: not an agreement scale.
    agreement_scale = None
    #: Whether it is answered from a list of options, so a summary can be broken down and filtered by them.
    closed = False
    #: Whether one answer is stored as several rows, one per option chosen (so responses are counted, not rows).
    several_rows = False
    #: Names of extra settings a question of this type may carry (Question.settings, keyword arguments of Question),
    #: such as a rating's "scale_minimum"; from_dict and to_dict pass them through, and refuse any not declared.
    settings = ()
    #: Files in survey_engine/static that enhance this type's partial with JavaScript; a page loads each once,
    #: deferred, and the partial must work without them (the CSP allows no inline script).
    scripts = ()

    @property
    def kind(self):
        """The summary's "kind" field for this type."""
        return self.summary_kind

    def check(self, question):
        """Raise QuestionnaireError if this question is badly written for this type."""

    def unknown_settings(self, question):
        """The settings `question` carries that this type does not declare, sorted."""
        return sorted(set(question.settings) - set(self.settings))

    def check_settings(self, question):
        """Raise QuestionnaireError if the question carries a setting this type does not declare."""
        from ..questionnaire import QuestionnaireError

        unknown = self.unknown_settings(question)
        if unknown:
            allowed = ", ".join(self.settings) or "none"
            raise QuestionnaireError(f"question {question.key!r} of type {self.name}: unknown setting "
                                     f"{', '.join(map(repr, unknown))} (this type's settings: {allowed})")

    def setting(self, question, name, default=None):
        """The value of one of this type's settings on `question`, or `default` when it is not set."""
        return question.settings.get(name, default)

    def options(self, question):
        """The options a respondent chooses from."""
        return question.options

    # The page: form fields, their partial, reading the form back, the check page.

    def required_message(self, question):
        return _l("Enter an answer")

    def validators(self, question):
        if question.required:
            return [InputRequired(message=self.required_message(question))]
        return [Optional()]

    def form_fields(self, question):
        """(name, unbound field) pairs for the page form; the first is named after the question key."""
        return [(question.key, self.field(question))]

    def field(self, question):
        return StringField(question.text, validators=self.validators(question) + [PageLength(max=500)])

    def anchor(self, question):
        """The id of the element a "Change" link on the check page jumps to."""
        return question.key

    def value_from_form(self, question, form):
        """The answer from a validated form: a string, a list, a number or None when blank."""
        data = form[question.key].data
        if isinstance(data, str):
            data = data.strip()
        return data if data not in ("", None, []) else None

    def extra_from_form(self, question, form):
        """Anything stored beside the answer, such as an "other" text."""
        return {}

    def form_data(self, question, value, extra):
        """Field data that shows a stored answer in the form again."""
        return {question.key: value}

    def to_rows(self, question, value, extra):
        """Rows of (value, text, number) to store; a blank answer is one row of Nones."""
        if value is None:
            return [(None, None, None)]
        return [(None, str(value), None)]

    def from_rows(self, question, rows):
        """(answer, extra) from stored rows, the inverse of to_rows."""
        for value, text, number in rows:
            if text is not None:
                return text, {}
        return None, {}

    def display(self, question, value, extra):
        """The answer as the respondent would read it back on the check page."""
        return "" if value is None else str(value)

    # The import: cells in, checked by the very validators the page runs.

    def import_columns(self, question):
        """The columns of an import file that answer this question."""
        return [question.key]

    def cells_formdata(self, question, row):
        """What the page's form would have been sent for these cells (a MultiDict), or None for a blank answer.

        Raises ValueError for a cell that names nothing the page offers.
        """
        cell = row.get(question.key, "")
        return MultiDict({question.key: cell}) if cell else None

    def read_cells(self, question, row):
        """(value, extra) from an import row, checked as the page checks its form; ValueError saying why not."""
        formdata = self.cells_formdata(question, row)
        if formdata is None:
            return None, {}
        form = self.input_form(question)(formdata=formdata)
        if not form.validate():
            raise ValueError(self.cell_error(question, row, form))
        return self.value_from_form(question, form), self.extra_from_form(question, form)

    def cell_error(self, question, row, form):
        """Why the cells were refused, in the page's own words."""
        messages = [str(message) for errors in form.errors.values() for message in errors]
        return f"{shortened(row.get(question.key, ''))!r}: {'; '.join(messages)}"

    def import_fields(self, question):
        """The fields an import's cells are checked by: the page's own, unless the page offers more than a cell holds."""
        return self.form_fields(question)

    def input_form(self, question):
        """A plain form class (no CSRF token) holding this question's page fields, made once per question."""
        made = self.__dict__.setdefault("_input_forms", {})
        found = made.get(id(question))
        if found is None or found[0] is not question:
            fields = {name: without_page_lengths(field) for name, field in self.import_fields(question)}
            found = made[id(question)] = (question, type("Cells", (Form,), fields))
        return found[1]

    # The summary: figures from the grouped counts, with the SQL this type needs.

    def asked_and_answered(self, question, counts):
        """(asked, answered) from a queries.Counts: one row per response asked, blank when not answered."""
        rows = counts.rows(question.key)
        return rows, rows - counts.blank(question.key)

    def summary_figures(self, question, counts, base, answered):
        """The figures this type adds to a question's summary, in the summary's JSON shape."""
        return {"texts": counts.texts(question.key), "texts_total": answered}

    def headline_count(self, question, values, counts):
        """How many responses gave any of `values` (a headline's statement)."""
        return sum(counts.of(question.key, v) for v in values)

    # The exports.

    def response_columns(self, question, first, stray=()):
        """(columns, cells) of the Responses table: cells.fill(row, value, text, number) puts a stored row in.

        `first` is the index of the first column; `stray` holds stored values no option offers any more.
        """
        return [Column(question.key, width=40)], TextCell(first)

    def comment_values(self, question):
        """The values whose texts go on the Comments sheet: None for the answer's own text."""
        return () if self.names_organisation else (None,)

    def export_summary(self, item, for_publication=False):
        """(columns, rows, chart rows) of the question's table on a workbook's Summary sheet, from its summary."""
        if self.names_organisation:
            rows = [["Answered (organisations are on the Organisations sheet)", item["answered"]]]
        else:
            rows = [["Written answers (on the Comments sheet)", item["answered"]]]
        return list(FIGURE_COLUMNS), rows + not_answered_rows(item), 0


def not_answered_rows(item, width=2):
    """The "Not answered" and "Not asked" rows that end a question's table."""
    pad = [None] * (width - 2)
    return [["Not answered", item["not_answered"], *pad], ["Not asked", item["not_asked"], *pad]]


def without_page_lengths(field):
    """The unbound `field` without its PageLength validators: the checks an imported cell gets."""
    validators = field.kwargs.get("validators")
    if not validators:
        return field
    kept = [v for v in validators if not isinstance(v, PageLength)]
    return field.field_class(*field.args, **{**field.kwargs, "validators": kept})


def shortened(text, most=60):
    """`text`, or its start and an ellipsis: enough to find a long cell without repeating all of it."""
    return text if len(text) <= most else text[:most] + "…"
