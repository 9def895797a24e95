"""Who may reach the staff pages: the decorators every /admin view wears, and the guard behind them."""
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..models._types import utcnow

#: Endpoints under /admin that anyone may reach.
PUBLIC_ENDPOINTS = {"admin.login"}
SEEN_KEY = "staff_seen"


def login_redirect():
    """A redirect to the login page that comes back here afterwards."""
    return redirect(url_for("admin.login", next=request.full_path.rstrip("?") if request.method == "GET" else None))


def staff_required(view):
    """Any active staff account (admin or analyst) may use this view; others are sent to log in."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_redirect()
        return view(*args, **kwargs)
    wrapped.staff_access = "staff"
    return wrapped


def admin_required(view):
    """Only admins may use this view: analysts get 403, anonymous visitors are sent to log in."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_redirect()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    wrapped.staff_access = "admin"
    return wrapped


def is_admin_rule(rule):
    return rule.rule == "/admin" or rule.rule.startswith("/admin/")


def safe_next(target):
    """`target` if it is a path on this site under /admin, else the dashboard: never an open redirect."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/admin") and "\\" not in target:
            return target
    return url_for("admin.dashboard")


def expire_idle_session():
    """Log out a staff session left idle longer than STAFF_IDLE_MINUTES; otherwise note this visit."""
    if "_user_id" not in session:
        return
    now = int(utcnow().timestamp())
    seen = session.get(SEEN_KEY)
    if not isinstance(seen, int) or now - seen > current_app.config["STAFF_IDLE_MINUTES"] * 60:
        logout_user()
        session.pop(SEEN_KEY, None)
        flash(_("You were logged out because you had not used the staff pages for a while."), "error")
        return
    # Rewriting the cookie at most once a minute keeps responses cacheable-free without churn.
    if now - seen >= 60:
        session[SEEN_KEY] = now


def guard():
    """Refuse anonymous requests to any /admin route, even one whose view forgot its decorator."""
    rule = request.url_rule
    if rule is None or not is_admin_rule(rule) or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_redirect()
    return None


def init_app(app):
    """Run the idle check and the guard before every request."""
    app.before_request(expire_idle_session)
    app.before_request(guard)
