"""Save and come back later: issuing a response's resume links and codes, and finding the response they lead to.

Keys are made by `secrets` and stored only as SHA-256 digests; a code is 12 Crockford base32 characters (60 bits).
"""
import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from .extensions import db
from .models import Response, ResumeKey
from .models._types import utcnow

#: Bytes of randomness in an emailed link's token: 256 bits, 43 URL-safe characters.
TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"\A[A-Za-z0-9_-]{43}\Z")
#: Crockford's base32: no I, L, O or U, so a code copied by hand is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 12 characters of 5 bits: 60 bits.
CODE_LENGTH = 12
#: How a code read back by hand is forgiven: Crockford's own rules (O is 0; I and L are 1).
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: How long a key lasts when its survey has no closing date, unless RESUME_MAX_DAYS says otherwise.
DEFAULT_MAX_DAYS = 90


def digest(kind, key):
    """The hex SHA-256 stored for a key; the kind is mixed in so a code never matches a link."""
    return hashlib.sha256(f"{kind}:{key}".encode("ascii")).hexdigest()


def new_code():
    """A fresh code: 12 characters from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code):
    """A code in groups of four, easier to copy: 7K3M-Q9XD-2B4T."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(typed):
    """The code a respondent typed, as issued (spaces, hyphens and case ignored, misreadings forgiven); or None."""
    code = re.sub(r"[\s-]", "", typed or "").upper().translate(MISREAD)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def max_days():
    return timedelta(days=int(current_app.config.get("RESUME_MAX_DAYS", DEFAULT_MAX_DAYS)))


def expiry(survey, issued_at):
    """When a key issued at `issued_at` stops working: RESUME_MAX_DAYS after it was issued, or when the survey
    closes if that is sooner.

    Worked out each time a key is used, from the survey's closing date as it is then: staff may move it.
    """
    limit = issued_at + max_days()
    return limit if survey.closes_at is None else min(limit, survey.closes_at)


def issue(response, kind):
    """(key, expires_at): a new key of `kind` ("link" or "code") for `response`, its digest added to the session.

    Earlier keys still work: a respondent may save more than once. `expires_at` is as things stand now; a later
    change of the closing date moves it (see expiry).
    """
    key = secrets.token_urlsafe(TOKEN_BYTES) if kind == "link" else new_code()
    issued_at = utcnow()
    expires_at = expiry(response.survey, issued_at)
    db.session.add(ResumeKey(response_id=response.id, kind=kind, digest=digest(kind, key), created_at=issued_at,
                             expires_at=expires_at))
    return key, expires_at


def withdraw(kind, key):
    """Delete one key (its email could not be sent): the caller commits."""
    db.session.execute(delete(ResumeKey).where(ResumeKey.digest == digest(kind, key)))


def find_response(survey, kind, key):
    """The in-progress response to `survey` that an unexpired key of `kind` leads to, or None."""
    if kind == "link":
        if not TOKEN_SHAPE.fullmatch(key or ""):
            return None
    else:
        key = normalise_code(key)
        if key is None:
            return None
    wanted = digest(kind, key)
    row = db.session.execute(
        select(ResumeKey.digest, ResumeKey.created_at, Response)
        .join(Response, Response.id == ResumeKey.response_id)
        .where(ResumeKey.digest == wanted, ResumeKey.kind == kind)).first()
    if row is None or not hmac.compare_digest(row[0], wanted):
        return None
    issued_at, response = row[1], row[2]
    if expiry(survey, issued_at) <= utcnow() or response.survey_id != survey.id or response.status != "in_progress":
        return None
    return response


def forget_keys(response):
    """Delete every key of `response` (it was submitted): the caller commits."""
    db.session.execute(delete(ResumeKey).where(ResumeKey.response_id == response.id))
