"""Page forms built from a questionnaire page's asked questions."""
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField

from ..registry import registry


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
    form_class = type("Page", (PageForm,), attrs)
    if formdata is not None:
        return form_class(formdata=formdata)
    data = {}
    for question in questions:
        if answers is not None and question.key in answers.values:
            data.update(types[question.type].form_data(
                question, answers.values[question.key], answers.extras.get(question.key, {})))
    # An explicit empty formdata stops Flask-WTF reading a GET's query string into the fields.
    return form_class(formdata=MultiDict(), data=data) if data else form_class(formdata=MultiDict())
