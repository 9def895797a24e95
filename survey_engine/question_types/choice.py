"""Closed question types: one option, yes or no, an agreement scale, and any number of options."""
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..export.columns import Column, FlagCells, LabelCell, fraction
from ..questionnaire import Option, QuestionnaireError
from ..summary import queries
from ..summary.build import MULTIPLE_NOTE
from ..summary.numbers import as_json_number, percentage
from .base import PageLength, QuestionType, not_answered_rows

OTHER = "other"
NOT_SURE = "not-sure"
#: Answers that decline the question, offered when the questionnaire sets their setting: (setting, value, label).
#: Each is counted on a row of its own, and outside the answered base unless the question sets "in_base": true.
DECLINES = (("prefer_not_to_say", "prefer-not-to-say", _l("Prefer not to say")),
            ("not_applicable", "not-applicable", _l("Not applicable")))
#: Ends the name of the field (and the import column) holding the text of an "other" answer.
OTHER_SUFFIX = "__other"
#: Separates the options chosen in one import cell.
SEPARATOR = ";"
#: The columns of a closed question's table on a workbook's Summary sheet.
OPTION_COLUMNS = (Column("Answer", width=50), Column("Count", "number", 8), Column("Percentage", "percent", 12),
                  Column("Base", "number", 8))


def option_value(options, given):
    """The value `given` names: the value itself, else a label in any case; or None."""
    if any(o.value == given for o in options):
        return given  # without translating every label, as a file of values needs none
    by_name = {o.value: o.value for o in options}
    by_name.update({str(o.label).casefold(): o.value for o in options})
    return by_name.get(given, by_name.get(given.casefold()))


class ChoiceType(QuestionType):
    """One answer from a list of options."""

    name = "single_choice"
    summary_kind = "choice"
    template = "questions/radios.html"
    closed = True
    settings = ("prefer_not_to_say", "not_applicable", "in_base")

    def check(self, question):
        if not self.answer_options(question):
            raise QuestionnaireError(f"question {question.key!r} of type {self.name} needs options")
        self.check_declines(question)

    def check_declines(self, question):
        """Refuse a decline setting that is not true or false, or whose value an option already has."""
        for name in ("prefer_not_to_say", "not_applicable", "in_base"):
            if not isinstance(self.setting(question, name, False), bool):
                raise QuestionnaireError(f"question {question.key!r}: {name} must be true or false")
        values = {o.value for o in self.answer_options(question)}
        for name, value, label in DECLINES:
            if self.setting(question, name, False) and value in values:
                raise QuestionnaireError(f"question {question.key!r}: {name} adds the option {value!r}, which "
                                         "it already has; remove that option")

    def answer_options(self, question):
        """The options that answer the question (the ones a type brings, or the questionnaire's)."""
        return question.options

    def options(self, question):
        """The answer options, then "Prefer not to say" and "Not applicable" where the question offers them."""
        return tuple(self.answer_options(question)) + self.declines(question)

    def declines(self, question):
        """The options that decline `question`, as its settings offer them."""
        return tuple(Option(value, label) for name, value, label in DECLINES
                     if name in self.settings and self.setting(question, name, False))

    def outside_base(self, question):
        """Values counted on their own rows but outside the answered base."""
        if self.setting(question, "in_base", False):
            return set()
        return {o.value for o in self.declines(question)}

    def asked_and_answered(self, question, counts):
        asked, answered = super().asked_and_answered(question, counts)
        return asked, answered - sum(counts.of(question.key, v) for v in self.outside_base(question))

    def required_message(self, question):
        return _l("Select an answer")

    def field(self, question):
        choices = [SelectChoice(o.value, o.label) for o in self.options(question)]
        return RadioField(question.text, choices=choices, validators=self.validators(question),
                          validate_choice=True)

    def anchor(self, question):
        return question.key + "-1"  # the first option's input

    def to_rows(self, question, value, extra):
        return [(value, None, None)]

    def from_rows(self, question, rows):
        for value, text, number in rows:
            if value is not None:
                return value, {}
        return None, {}

    def display(self, question, value, extra):
        labels = {o.value: o.label for o in self.options(question)}
        return "" if value is None else str(labels.get(value, value))

    # The import: an option's value or its label, in any case.

    def chosen_in_cell(self, question, cell):
        """The option values a cell names; ValueError naming the options if one is not among them."""
        offered = self.options(question)
        chosen = []
        for part in (p for p in self.cell_parts(cell) if p):
            value = option_value(offered, part)
            if value is None:
                raise ValueError(f"{part!r} is not one of its options ({', '.join(o.value for o in offered)})")
            chosen.append(value)
        return chosen

    def cell_parts(self, cell):
        return [cell]

    def cells_formdata(self, question, row):
        chosen = self.chosen_in_cell(question, row.get(question.key, ""))
        return MultiDict({question.key: chosen[0]}) if chosen else None

    # The summary: each option's count, then any group of options.

    def summary_figures(self, question, counts, base, answered):
        offered = list(self.options(question))
        known = {o.value for o in offered}
        # Values no longer offered (an older version's options) are still counted, under their stored value.
        stray = sorted(v for v in counts.stored_values(question.key) if v not in known)
        outside = self.outside_base(question)
        options = []
        for value, label in [(o.value, str(o.label)) for o in offered] + [(v, v) for v in stray]:
            n = counts.of(question.key, value)
            option = {"value": value, "label": label, "count": n, "percent": as_json_number(percentage(n, base))}
            if value in outside:
                # Counted, but not a share of those who answered: "Prefer not to say" is not an answer.
                option.update(percent=None, outside_base=True)
            options.append(option)
        groups = []
        for label, values in self.groups:
            n = sum(counts.of(question.key, v) for v in values)
            groups.append({"label": str(label), "values": list(values), "count": n,
                           "percent": as_json_number(percentage(n, base))})
        figures = {"options": options, "groups": groups}
        if outside:
            figures["outside_base"] = sum(o["count"] for o in options if o.get("outside_base"))
        if self.several_rows:
            figures["note"] = MULTIPLE_NOTE
        for option in options:
            if option["value"] == OTHER:
                # Choosing "other" needs its text, on the pages and in an import, so its count is theirs.
                figures["other_texts"] = counts.texts(question.key, OTHER)
                figures["other_total"] = option["count"]
        return figures

    # The exports.

    def response_columns(self, question, first, stray=()):
        labels = {o.value: str(o.label) for o in self.options(question)}
        return [Column(question.key, width=max(12, len(question.key) + 2))], LabelCell(first, labels)

    def comment_values(self, question):
        return ()

    def export_summary(self, item, for_publication=False):
        base = item["base"]
        rows = [[o["label"], o["count"], fraction(o["count"], base), base] if not o.get("outside_base")
                else [f'{o["label"]} (not in the base)', o["count"], None, None] for o in item["options"]]
        rows += [[g["label"], g["count"], fraction(g["count"], base), base] for g in item["groups"]]
        return list(OPTION_COLUMNS), rows + not_answered_rows(item, width=4), len(item["options"])


class YesNoType(ChoiceType):
    """Yes or no, optionally with "not sure"."""

    name = "yes_no"

    def check(self, question):
        if question.options:
            raise QuestionnaireError(f"question {question.key!r}: yes_no questions bring their own options")
        self.check_declines(question)

    def answer_options(self, question):
        opts = [Option("yes", _l("Yes")), Option("no", _l("No"))]
        if question.not_sure:
            opts.append(Option(NOT_SURE, _l("Not sure")))
        return tuple(opts)

    def display(self, question, value, extra):
        return "" if value is None else str(dict((o.value, o.label) for o in self.options(question)).get(value, value))


AGREEMENT = (
    Option("strongly-agree", _l("Strongly agree")),
    Option("agree", _l("Agree")),
    Option("neither", _l("Neither agree nor disagree")),
    Option("disagree", _l("Disagree")),
    Option("strongly-disagree", _l("Strongly disagree")),
)


class AgreementType(YesNoType):
    """A five-point agreement scale, from strongly agree to strongly disagree."""

    name = "agreement"
    groups = ((_l("Agree (strongly agree or agree)"), ("strongly-agree", "agree")),
              (_l("Disagree (disagree or strongly disagree)"), ("disagree", "strongly-disagree")))
    agreement_scale = {"disagree": ("strongly-disagree", "disagree"), "agree": ("agree", "strongly-agree")}

    def answer_options(self, question):
        return AGREEMENT


class MultipleChoiceType(ChoiceType):
    """Any number of options, optionally with "Other, please specify"."""

    name = "multiple_choice"
    summary_kind = "multiple"
    template = "questions/checkboxes.html"
    several_rows = True
    # "Prefer not to say" beside options one may tick together would need rules for ticking both: not offered.
    settings = ()

    def required_message(self, question):
        return _l("Select all that apply")

    def answer_options(self, question):
        if question.other:
            return tuple(question.options) + (Option(OTHER, _l("Other, please specify")),)
        return question.options

    def form_fields(self, question):
        fields = [(question.key, self.field(question))]
        if question.other:
            def matches_other_box(form, field):
                ticked = OTHER in (form[question.key].data or [])
                typed = bool((field.data or "").strip())
                if ticked and not typed:
                    raise ValidationError(_l("Say what the other answer is"))
                if typed and not ticked:
                    # Without JavaScript the box always shows: text typed there must not be dropped unseen.
                    raise ValidationError(_l("Select “Other, please specify” to keep this answer, or clear the box"))

            other = StringField(_l("Please specify"), validators=[matches_other_box, PageLength(max=500)])
            fields.append((question.key + OTHER_SUFFIX, other))
        return fields

    def field(self, question):
        choices = [SelectChoice(o.value, o.label) for o in self.options(question)]
        return SelectMultipleField(question.text, choices=choices, validators=self.validators(question))

    def value_from_form(self, question, form):
        chosen = form[question.key].data or []
        # Keep the questionnaire's order, whatever order the browser sent.
        return [o.value for o in self.options(question) if o.value in chosen] or None

    def form_data(self, question, value, extra):
        data = {question.key: value or []}
        if question.other:
            data[question.key + OTHER_SUFFIX] = extra.get("other", "")
        return data

    def to_rows(self, question, value, extra):
        if not value:
            return [(None, None, None)]
        return [(v, extra.get("other") if v == OTHER else None, None) for v in value]

    def extra_from_form(self, question, form):
        if question.other and OTHER in (form[question.key].data or []):
            return {"other": form[question.key + OTHER_SUFFIX].data.strip()}
        return {}

    def from_rows(self, question, rows):
        values = [value for value, text, number in rows if value is not None]
        extra = {"other": text for value, text, number in rows if value == OTHER and text}
        return (values or None), extra

    def display(self, question, value, extra):
        labels = [str(question.option_label(v)) if v != OTHER
                  else str(_l("Other: %(text)s", text=extra.get("other", ""))) for v in value or []]
        return ", ".join(labels)

    # The import: options separated by ";", and the "other" text in a column of its own.

    def import_columns(self, question):
        return [question.key] + ([question.key + OTHER_SUFFIX] if question.other else [])

    def cell_parts(self, cell):
        return [p.strip() for p in cell.split(SEPARATOR)]

    def cells_formdata(self, question, row):
        chosen = self.chosen_in_cell(question, row.get(question.key, ""))
        other = row.get(question.key + OTHER_SUFFIX, "") if question.other else ""
        if not chosen and not other:
            return None
        data = MultiDict([(question.key, value) for value in chosen])
        if question.other:
            data[question.key + OTHER_SUFFIX] = other
        return data

    # The summary counts responses, not rows: one response may choose several options.

    def asked_and_answered(self, question, counts):
        answered = counts.chose.get(question.key, 0)
        return answered + counts.blank(question.key), answered

    def headline_count(self, question, values, counts):
        if len(values) > 1:
            return queries.responses_choosing(counts.selection, question.key, values)
        return super().headline_count(question, values, counts)

    # The exports: a 1 under each option chosen, and the "other" text beside them.

    def response_columns(self, question, first, stray=()):
        values = [o.value for o in self.options(question)]
        # Options an older version offered still have answers, so they keep a column.
        values += sorted(set(stray) - set(values))
        columns, flags = [], {}
        for value in values:
            flags[value] = first + len(columns)
            columns.append(Column(f"{question.key}:{value}", "flag", max(8, len(question.key) + len(value) + 2)))
        other = None
        if OTHER in flags:
            other = first + len(columns)
            columns.append(Column(f"{question.key}:other_text", width=30))
        return columns, FlagCells(flags, other)

    def comment_values(self, question):
        return (OTHER,) if OTHER in {o.value for o in self.options(question)} else ()


class ListType(ChoiceType):
    """One answer from a long list (such as the NHS Trusts): a select, which needs no JavaScript."""

    name = "list"
    template = "questions/select.html"
    # Turns the select into a combobox that filters the options as one types.
    scripts = ("autocomplete.js",)

    def field(self, question):
        # The blank first choice is the select's "Select an option": no answer, refused when one is required.
        choices = [SelectChoice("", "")] + [SelectChoice(o.value, o.label) for o in self.options(question)]
        return SelectField(question.text, choices=choices, validators=self.validators(question), validate_choice=True)

    def anchor(self, question):
        return question.key

    def value_from_form(self, question, form):
        return form[question.key].data or None
