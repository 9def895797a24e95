"""Forms of the staff pages; each carries a CSRF token."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = StringField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")),
                                                         Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")),
                                                         Length(max=1000)])


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change one thing (open, close, log out)."""
