"""Error pages in the house style: never a stack trace, whatever went wrong."""
import errno
import math
import time

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Sorry, there is a problem with that request"),
          _l("The page could not understand what was sent. Go back, reload the page and try again.")),
    403: (_l("You do not have permission to see this page"),
          _l("If you think you should, contact the person who sent you the link.")),
    404: (_l("Page not found"), _l("If you typed the web address, check it is correct. "
                                   "If you pasted the web address, check you copied the entire address.")),
    405: (_l("Sorry, there is a problem with that request"), _l("That page cannot be used in that way.")),
    410: (_l("This page is no longer available"), _l("What was here has closed or been removed.")),
    413: (_l("What was sent is too large"), _l("Go back and send a smaller file, or split it into parts.")),
    429: (_l("Too many attempts"), _l("Please wait a while and try again.")),
    500: (_l("Sorry, there is a problem with the service"), _l("Try again later. Nothing you sent was lost "
                                                              "if you saw it on a confirmation page.")),
}

#: What staff pages (under /admin) say instead: staff have no "person who sent the link" to ask.
STAFF_MESSAGES = {
    403: (_l("You do not have permission to see this page"),
          _l("Your account cannot see or change this. Ask an administrator of this site if you need to.")),
}


#: What a respondent (or anyone) sees when the engine cannot write: nothing technical, and what to do.
STORAGE_FAULT = (_l("Sorry, the service is unavailable"),
                 _l("Nothing on this page could be saved just now. Please try again later: answers you saw saved "
                    "before are kept."))

#: OSError numbers that mean the disk cannot be written: full, read-only, over quota, or not ours to write.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM}
#: Words of SQLite's and PostgreSQL's errors for the same faults.
STORAGE_WORDS = ("readonly database", "read-only", "disk is full", "no space left", "disk i/o error",
                 "unable to open database file", "could not extend file")
#: PostgreSQL's codes: disk full, insufficient resources, a read-only transaction (a standby).
STORAGE_SQLSTATES = {"53100", "53000", "25006"}


def storage_fault(error):
    """Why `error` means the engine cannot store anything (a read-only or full disk), or None if it is not that."""
    if isinstance(error, OSError) and error.errno in STORAGE_ERRNOS:
        return f"{error.strerror or error} ({getattr(error, 'filename', '') or 'no file named'})"
    if isinstance(error, DBAPIError):
        original = error.orig
        code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
        words = str(original).lower()
        if code in STORAGE_SQLSTATES or any(w in words for w in STORAGE_WORDS):
            return str(original).splitlines()[0] if str(original) else type(original).__name__
    return None


def render_error(code, message=None):
    staff = request.path == "/admin" or request.path.startswith("/admin/")
    title, default = (STAFF_MESSAGES.get(code) if staff else None) or MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", title=title, message=message or default), code


def too_many_requests():
    """The 429 page, saying when the limit that was hit lets the visitor try again."""
    from .extensions import limiter

    limit = limiter.current_limit
    wait = max(1, math.ceil(((limit.reset_at if limit else time.time() + 60) - time.time()) / 60))
    message = ngettext("You have tried too many times. Try again in %(num)s minute.",
                       "You have tried too many times. Try again in %(num)s minutes.", wait)
    body, code = render_error(429, message)
    return body, code, {"Retry-After": str(wait * 60)}


def init_app(app):
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _l("Your form expired or was sent from somewhere else. "
                                    "Go back, reload the page and try again: your saved answers are kept."))

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error):
        return too_many_requests()

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.response is not None:
            return error.response
        return render_error(error.code)

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def value_the_database_refused(error):
        # A number too big for its column (PostgreSQL's DataError, SQLite's OverflowError) came from the request.
        from .extensions import db

        db.session.rollback()
        # With the traceback: a value the code itself computed wrongly would end here too, and must be findable.
        app.logger.warning("the database refused a value sent: %s", str(error).splitlines()[0], exc_info=error)
        return render_error(400)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        reason = storage_fault(error)
        if reason is not None:
            from .extensions import db

            db.session.rollback()
            # One clear line for whoever runs the site; /healthz reports the same fault to the load balancer.
            app.logger.error("cannot store data: the database or the instance folder (%s) is read-only or full: %s",
                             app.instance_path, reason)
            title, message = STORAGE_FAULT
            return render_template("errors/error.html", title=title, message=message), 503
        app.logger.exception("unhandled error")
        return render_error(500)
