"""The limit on responses started from one address, and the page that says when to try again."""
import math
import time

from flask import current_app, g, request
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded

from ..errors import render_error, too_many_requests
from ..extensions import limiter
from . import bp


#: The respondent's pages no limit covers (the start page's limit counts only its POST).
UNLIMITED_PAGES = {"respond.page", "respond.check", "respond.done"}


@limiter.request_filter
def no_limit_here():
    """Whether this request is a respondent's page no limit covers: the limiter then skips it, rather than
    resolve every limit and look for headers to write on each of a response's 15 requests."""
    if current_app.config.get("RATELIMIT_DEFAULT") or current_app.config.get("RATELIMIT_APPLICATION"):
        return False  # limits set for every page cover these too
    return request.endpoint in UNLIMITED_PAGES or (request.endpoint == "respond.start" and request.method != "POST")


def started_a_response(response):
    """Only a start that made a new response counts: "Continue", and a second click of the same form, don't."""
    return bool(g.get("started_a_response"))


@bp.errorhandler(RateLimitExceeded)
def too_many_starts(error):
    """429, telling the respondent why and when to try again."""
    if request.endpoint != "respond.start":
        return too_many_requests()  # guessing codes or links, or asking for too many emails
    limit = limiter.current_limit
    seconds = (limit.reset_at if limit else time.time() + 60) - time.time()
    if limit:
        # reset_at is rounded up to a whole second, so it can lie past the limit's own window (61 s of "per minute").
        seconds = min(seconds, limit.limit.get_expiry())
    wait = max(1, math.ceil(seconds / 60))
    message = ngettext(
        "Too many people have started this survey from your connection in a short time. "
        "Try again in %(num)s minute. If you have already started, your answers are saved.",
        "Too many people have started this survey from your connection in a short time. "
        "Try again in %(num)s minutes. If you have already started, your answers are saved.", wait)
    body, code = render_error(429, message)
    return body, code, {"Retry-After": str(wait * 60)}
