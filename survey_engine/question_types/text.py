"""Free-text question types: a line, a paragraph, an email address and the respondent's organisation."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email, Length, ValidationError

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


class OrganisationType(ShortTextType):
    """The respondent's organisation: counted in "people from N organisations"."""

    name = "organisation"
    #: The runtime links a response to the organisation named in answers of this type.
    names_organisation = True

    def required_message(self, question):
        return _l("Enter the name of your organisation")

    def field(self, question):
        return StringField(question.text, validators=self.validators(question) + [fits_organisations_table])

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
