"""What a respondent's browser keeps: its cookie's lifetime, the start form's one-time key, forgetting on request."""
import hashlib
import secrets

from flask import current_app, session

#: Where the session keeps {survey slug: response id}.
SESSION_KEY = "responses"
#: Flask-WTF's key for the session's CSRF secret.
CSRF_SECRET = "csrf_token"


def keep_cookie():
    """Keep the session cookie for RESPONDENT_REMEMBER_DAYS, or (0, the default) until the browser closes.

    Set every time, so a cookie made permanent under a longer setting shrinks once the setting is 0.
    """
    session.permanent = current_app.config["RESPONDENT_REMEMBER_DAYS"] > 0


def new_start_key():
    """A fresh one-time key for a start form."""
    return secrets.token_urlsafe(24)


def start_key_digest(key):
    """What a response stores of its start form's key: bound to this session, so another browser can't reuse it."""
    if not key or len(key) > 100:
        return None
    return hashlib.sha256(f"{session.get(CSRF_SECRET, '')}:{key}".encode()).hexdigest()


def forget_survey(survey):
    """Stop this browser resuming its response to `survey`; its open forms stop working too."""
    responses = dict(session.get(SESSION_KEY, {}))
    responses.pop(survey.slug, None)
    session[SESSION_KEY] = responses
    # A new CSRF secret: a start page or page left open (or in the history) by the last person can't post.
    session.pop(CSRF_SECRET, None)


def forget_response(survey):
    """Stop this browser resuming its response to `survey`, keeping the rest of its session (someone else's link
    was opened in it)."""
    responses = dict(session.get(SESSION_KEY, {}))
    if responses.pop(survey.slug, None) is not None:
        session[SESSION_KEY] = responses
