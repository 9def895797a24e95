"""Saying plainly that a survey needs its cookie, when a browser sends a form without one."""
from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from ..errors import render_error
from . import bp

#: The app's own words for an expired form (errors.py), for a browser that did send its cookie.
EXPIRED = _l("Your form expired or was sent from somewhere else. "
             "Go back, reload the page and try again: your saved answers are kept.")


@bp.errorhandler(CSRFError)
def form_without_cookie(error):
    """No session cookie came back: the browser refuses cookies, and reloading would only loop, so say why instead."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return render_template("respond/cookies_needed.html"), 400
    return render_error(400, EXPIRED)
