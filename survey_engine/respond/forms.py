"""Page forms built from a questionnaire page's asked questions."""
import functools
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from ..registry import registry


#: An address shaped like name@domain.tld, one line, no spaces: enough to catch a slip, not to prove it exists.
#: Commas, semicolons, angle brackets and quotes are refused: in a To: header they would name more than one recipient.
EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+")


class PageForm(FlaskForm):
    """A form for one page; its fields are added per page by page_form()."""


class StartForm(FlaskForm):
    """The start page's form: its one-time key makes a second press of "Start now" find the first's response."""

    start_key = HiddenField()


def page_form(questions, answers=None, formdata=None):
    """A form holding a field for each question, filled from the POST or else from stored answers."""
    types = registry().question_types
    attrs = {}
    for question in questions:
        for name, field in types[question.type].form_fields(question):
            attrs[name] = field
    form_class = _form_class(attrs)
    if formdata is not None:
        return form_class(formdata=formdata)
    data = {}
    for question in questions:
        if answers is not None and question.key in answers.values:
            data.update(types[question.type].form_data(
                question, answers.values[question.key], answers.extras.get(question.key, {})))
    # An explicit empty formdata stops Flask-WTF reading a GET's query string into the fields.
    return form_class(formdata=MultiDict(), data=data) if data else form_class(formdata=MultiDict())


def _form_class(fields):
    """A PageForm with `fields` ({name: unbound field}), its field list and Meta made as WTForms' FormMeta makes them
    at a class's first use, without the scan of dir(class) that cost a third of a page's form."""
    form_class = type("Page", (PageForm,), fields)
    form_class._unbound_fields = sorted(((name, field) for name, field in fields.items() if not name.startswith("_")),
                                        key=lambda item: (item[1].creation_counter, item[0]))
    form_class._wtforms_meta = _page_meta()
    return form_class


@functools.cache
def _page_meta():
    """The Meta class FormMeta builds for a PageForm subclass: one of every Meta along its classes."""
    return type("Meta", tuple(c.Meta for c in PageForm.__mro__ if "Meta" in c.__dict__), {})


class SaveForm(FlaskForm):
    """"Save and come back later": a link emailed to an address (used for nothing else), or a code to write down."""

    how = RadioField(_l("How do you want to come back?"),
                     choices=[SelectChoice("email", _l("Email me a link")),
                              SelectChoice("code", _l("Give me a code to write down"))],
                     validators=[InputRequired(message=_l("Select how you want to come back"))])
    email = StringField(_l("Email address"), validators=[Length(max=254)])

    def validate_email(self, field):
        if self.how.data == "email":
            address = (field.data or "").strip()
            if not address:
                raise ValidationError(_l("Enter your email address"))
            if not EMAIL.fullmatch(address):
                raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))


class CodeForm(FlaskForm):
    """Coming back with a code written down when saving."""

    code = StringField(_l("Your code"), validators=[InputRequired(message=_l("Enter your code")), Length(max=40)])
