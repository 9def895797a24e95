"""Forms of the staff pages; each carries a CSRF token."""
from flask import request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from wtforms import DateField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from ..dates import zone_label
from ..surveys import SLUG


class TextForm(FlaskForm):
    """A form of text fields only: it reads the POST's text parts, so a file sent for a field is not its value."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            # Flask-WTF merges request.files in when the POST is multipart; a FileStorage in a text field is a 500.
            if formdata is _Auto and _is_submitted() and request.files:
                return request.form
            return super().wrap_formdata(form, formdata)


class LoginForm(TextForm):
    email = StringField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")),
                                                         Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")),
                                                         Length(max=1000)])


class ActionForm(TextForm):
    """A form with nothing but its CSRF token, for buttons that change one thing (open, close, log out)."""


class SurveyForm(TextForm):
    """A new survey: which questionnaire, its link, who may answer and its dates; choices filled per request."""

    questionnaire = RadioField(_l("Questionnaire"), validators=[InputRequired(_l("Choose a questionnaire"))])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)],
                        description=_l("Leave blank to use the questionnaire's title."))
    slug = StringField(_l("Name in the link"), validators=[
        DataRequired(_l("Enter a name for the survey's link")), Length(max=100),
        Regexp(SLUG.pattern, message=_l("Use lowercase letters, digits and single hyphens, like trusts-2026"))],
        description=_l("Respondents answer at /s/ followed by this name. Lowercase letters, digits and hyphens."))
    access = RadioField(_l("Who can answer"), default="open", validators=[InputRequired()],
                        choices=[SelectChoice("open", _l("Anyone with the link")),
                                 SelectChoice("invite", _l("Only invited contacts"))])
    opens = DateField(_l("Opens on (optional)"), validators=[Optional()])
    closes = DateField(_l("Closes on (optional)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The zone is a setting, so the hints are written per request; the same words as `surveys create --help`.
        self.opens.description = _("Answerable from the start of this day (%(zone)s).", zone=zone_label())
        self.closes.description = _("Answerable until the end of this day (%(zone)s).", zone=zone_label())

    def validate_closes(self, field):
        # A survey may open and close on the same day: it is answerable for the whole of that day.
        if field.data and self.opens.data and field.data < self.opens.data:
            raise ValidationError(_l("The closing date must be after the opening date"))
