"""Logging in and out; failed logins are slowed per address and per account."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import limiter
from ..models import StaffUser
from ..models._types import utcnow
from ..models.staff import normalise_email
from ..staff import log_in, log_out, login_failed
from . import bp
from .access import SEEN_KEY, safe_next, staff_required
from .forms import ActionForm, LoginForm

#: One message whatever was wrong, so the page never tells which email addresses have accounts.
#: Emails are matched whatever their case (normalise_email lowercases them); passwords are compared exactly.
LOGIN_FAILED = "Enter a correct email address and password. The password is case-sensitive."


def _account_key():
    return "staff-login-account:" + normalise_email(request.form.get("email"))[:320]


def _failed(response):
    """Only failed attempts count towards the limits: a successful login redirects."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_LIMIT_ADDRESS"], methods=["POST"], deduct_when=_failed,
               scope="staff-login-address")
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_LIMIT_ACCOUNT"], methods=["POST"], deduct_when=_failed,
               key_func=_account_key, scope="staff-login-account")
def login():
    """The login page; a correct email and password start a new session."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = StaffUser.authenticate(form.email.data, form.password.data)
        if user is not None:
            # A fresh session at login: nothing from before survives, so a planted session id is useless.
            session.clear()
            login_user(user)
            session[SEEN_KEY] = int(utcnow().timestamp())
            log_in(user)
            return redirect(safe_next(request.args.get("next")))
        login_failed(form.email.data)
        error = _(LOGIN_FAILED)
    return render_template("admin/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@staff_required
def logout():
    """End the session and forget everything it held."""
    if ActionForm().validate_on_submit():
        # The session lives in a signed cookie: only a new token makes a copy of it worthless after logout.
        log_out(current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("You have logged out."), "success")
    return redirect(url_for(".login"))
