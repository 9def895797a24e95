"""Free-text question types: a line, a paragraph, an email address and the respondent's organisation."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation, ValidationError

from .base import PageLength, QuestionType


class ShortTextType(QuestionType):
    """A line of text."""

    name = "short_text"


class LongTextType(QuestionType):
    """A paragraph or more of text."""

    name = "long_text"
    template = "questions/textarea.html"

    def field(self, question):
        return TextAreaField(question.text, validators=self.validators(question) + [PageLength(max=20000)])


class EmailType(QuestionType):
    """An email address."""

    name = "email"
    input_type = "email"
    input_attributes = (("autocomplete", "email"), ("spellcheck", "false"))

    def required_message(self, question):
        return _l("Enter an email address")

    def field(self, question):
        return EmailField(question.text, validators=self.validators(question) + [
            Length(max=320),
            Email(message=_l("Enter an email address in the correct format, like name@example.org"),
                  check_deliverability=False)])


#: The select's value for "My organisation is not listed": the page's, never stored (the typed name is).
NOT_LISTED = "__not_listed__"
#: Ends the name of the box an unlisted organisation's name is typed in.
TYPED_SUFFIX = "__typed"


class OrganisationType(ShortTextType):
    """The respondent's organisation: counted in "people from N organisations"."""

    name = "organisation"
    #: The runtime links a response to the organisation named in answers of this type.
    names_organisation = True

    template = "questions/organisation.html"

    def required_message(self, question):
        return _l("Enter the name of your organisation")

    def field(self, question):
        return StringField(question.text, validators=self.validators(question) + [fits_organisations_table])

    # With a managed list (`survey-engine organisations import`), the page offers it in a select, and
    # "My organisation is not listed" leads to the box; without one, the box alone.

    def form_fields(self, question):
        from ..models.organisation import listed_names

        names = listed_names()
        if not names:
            return super().form_fields(question)
        choices = ([SelectChoice("", "")] + [SelectChoice(name, name) for name in names]
                   + [SelectChoice(NOT_LISTED, _l("My organisation is not listed"))])
        chosen = [InputRequired(message=_l("Select your organisation"))] if question.required else [Optional()]
        key = question.key

        def typed_when_not_listed(form, field):
            if form[key].data != NOT_LISTED:
                field.errors[:] = []
                raise StopValidation()
            if not (field.data or "").strip():
                raise StopValidation(self.required_message(question))
            fits_organisations_table(form, field)

        return [(key, SelectField(question.text, choices=choices, validators=chosen, validate_choice=True)),
                (key + TYPED_SUFFIX, StringField(_l("The name of your organisation"),
                                                 validators=[typed_when_not_listed]))]

    def import_fields(self, question):
        # A cell holds a name as typed: it is matched to the list (or its aliases) when it is stored.
        return [(question.key, self.field(question))]

    def value_from_form(self, question, form):
        if question.key + TYPED_SUFFIX in form and form[question.key].data == NOT_LISTED:
            return (form[question.key + TYPED_SUFFIX].data or "").strip() or None
        return super().value_from_form(question, form)

    def form_data(self, question, value, extra):
        from ..models.organisation import listed_names

        names = listed_names()
        if not names or value in names:
            return {question.key: value}
        return {question.key: NOT_LISTED, question.key + TYPED_SUFFIX: value}

    def cell_error(self, question, row, form):
        from ..models.organisation import longest_name, name_fits

        if not name_fits(row.get(question.key, "")):
            # In the words the import uses for its organisation column.
            return f"the name is longer than {longest_name()} characters"
        return super().cell_error(question, row, form)


def fits_organisations_table(form, field):
    """Refuse a name longer than the organisations table holds, which PostgreSQL would refuse with the page."""
    from ..models.organisation import longest_name, name_fits

    if not name_fits(field.data):
        raise ValidationError(_l("Enter the name in %(max)d characters or fewer", max=longest_name()))
