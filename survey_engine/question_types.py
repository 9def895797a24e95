"""The built-in question types: each owns its form field, its stored rows and how it reads back."""
import decimal
import math

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms import DecimalField, EmailField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import (Email, InputRequired, Length, NumberRange, Optional, StopValidation,
                                ValidationError)

from .hookspecs import hookimpl
from .questionnaire import Option, QuestionnaireError

OTHER = "other"
NOT_SURE = "not-sure"


class QuestionType:
    """Base class: a question type turns form input into stored rows and back again."""

    #: The name questionnaires use in Question(type=...).
    name = ""
    #: How the summary counts it: "choice", "multiple", "number" or "text".
    summary_kind = "text"
    #: The HTML shape the respondent's page template draws: radios, checkboxes, input or textarea.
    widget = "input"
    #: The HTML input type for widget == "input".
    input_type = "text"
    #: Whether the answer names the respondent's organisation.
    names_organisation = False
    #: Extra rows a summary adds up from options, as (label, values): agreement's "agree" and "disagree".
    groups = ()

    def check(self, question):
        """Raise QuestionnaireError if this question is badly written for this type."""

    def options(self, question):
        """The options a respondent chooses from."""
        return question.options

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
        return StringField(question.text, validators=self.validators(question) + [Length(max=500)])

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


class ChoiceType(QuestionType):
    """One answer from a list of options."""

    name = "single_choice"
    summary_kind = "choice"
    widget = "radios"

    def check(self, question):
        if not self.options(question):
            raise QuestionnaireError(f"question {question.key!r} of type {self.name} needs options")

    def required_message(self, question):
        return _l("Select an answer")

    def field(self, question):
        choices = [SelectChoice(o.value, o.label) for o in self.options(question)]
        return RadioField(question.text, choices=choices, validators=self.validators(question),
                          validate_choice=True)

    def to_rows(self, question, value, extra):
        return [(value, None, None)]

    def from_rows(self, question, rows):
        for value, text, number in rows:
            if value is not None:
                return value, {}
        return None, {}

    def display(self, question, value, extra):
        return "" if value is None else question.option_label(value)


class YesNoType(ChoiceType):
    """Yes or no, optionally with "not sure"."""

    name = "yes_no"

    def check(self, question):
        if question.options:
            raise QuestionnaireError(f"question {question.key!r}: yes_no questions bring their own options")

    def options(self, question):
        opts = [Option("yes", _l("Yes")), Option("no", _l("No"))]
        if question.not_sure:
            opts.append(Option(NOT_SURE, _l("Not sure")))
        return tuple(opts)

    def display(self, question, value, extra):
        return "" if value is None else str(dict((o.value, o.label) for o in self.options(question))[value])


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

    def options(self, question):
        return AGREEMENT


class MultipleChoiceType(ChoiceType):
    """Any number of options, optionally with "Other, please specify"."""

    name = "multiple_choice"
    summary_kind = "multiple"
    widget = "checkboxes"

    def required_message(self, question):
        return _l("Select all that apply")

    def options(self, question):
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

            fields.append((question.key + "__other", StringField(_l("Please specify"),
                                                                 validators=[matches_other_box, Length(max=500)])))
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
            data[question.key + "__other"] = extra.get("other", "")
        return data

    def to_rows(self, question, value, extra):
        if not value:
            return [(None, None, None)]
        return [(v, extra.get("other") if v == OTHER else None, None) for v in value]

    def extra_from_form(self, question, form):
        if question.other and OTHER in (form[question.key].data or []):
            return {"other": form[question.key + "__other"].data.strip()}
        return {}

    def from_rows(self, question, rows):
        values = [value for value, text, number in rows if value is not None]
        extra = {"other": text for value, text, number in rows if value == OTHER and text}
        return (values or None), extra

    def display(self, question, value, extra):
        labels = [str(question.option_label(v)) if v != OTHER else f"{_l('Other')}: {extra.get('other', '')}"
                  for v in value or []]
        return ", ".join(labels)


class ShortTextType(QuestionType):
    """A line of text."""

    name = "short_text"


class LongTextType(QuestionType):
    """A paragraph or more of text."""

    name = "long_text"
    widget = "textarea"

    def field(self, question):
        return TextAreaField(question.text, validators=self.validators(question) + [Length(max=20000)])


class EmailType(QuestionType):
    """An email address."""

    name = "email"
    input_type = "email"

    def required_message(self, question):
        return _l("Enter an email address")

    def field(self, question):
        return EmailField(question.text, validators=self.validators(question) + [
            Length(max=320),
            Email(message=_l("Enter an email address in the correct format, like name@example.org"),
                  check_deliverability=False)])


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

    def required_message(self, question):
        return _l("Enter a number")

    def field(self, question):
        validators = self.validators(question) + [_stop_if_unreadable]
        if question.minimum is not None or question.maximum is not None:
            validators.append(NumberRange(question.minimum, question.maximum))
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


class OrganisationType(ShortTextType):
    """The respondent's organisation: counted in "people from N organisations"."""

    name = "organisation"
    #: The runtime links a response to the organisation named in answers of this type.
    names_organisation = True

    def required_message(self, question):
        return _l("Enter the name of your organisation")

    def field(self, question):
        return StringField(question.text, validators=self.validators(question) + [fits_organisations_table])


def fits_organisations_table(form, field):
    """Refuse a name longer than the organisations table holds, which PostgreSQL would refuse with the page."""
    from .models.organisation import longest_name, name_fits

    if not name_fits(field.data):
        raise ValidationError(_l("Enter the name in %(max)d characters or fewer", max=longest_name()))


BUILTIN_TYPES = (YesNoType, ChoiceType, MultipleChoiceType, AgreementType, ShortTextType, LongTextType,
                 NumberType, EmailType, OrganisationType)


@hookimpl
def register_question_types():
    return [cls() for cls in BUILTIN_TYPES]
