"""The secrets in invitation links: made by `secrets`, stored only as hashes, compared in constant time."""
import hashlib
import hmac
import re
import secrets

from sqlalchemy import select

from ..extensions import db
from ..models import Invitation, InvitationToken

#: Bytes of randomness in a token: 256 bits, written as 43 URL-safe characters.
TOKEN_BYTES = 32
SHAPE = re.compile(r"\A[A-Za-z0-9_-]{43}\Z")  # \Z: "$" would pass a final newline


def token_hash(token):
    """The hex SHA-256 of a token: what the database holds instead of the token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def issue_token(invitation, purpose, when):
    """A new token for `invitation`, its hash added to the session; older tokens keep working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(InvitationToken(invitation=invitation, token_hash=token_hash(token), purpose=purpose,
                                   issued_at=when))
    return token


def find_invitation(survey, token):
    """The invitation to `survey` whose link carries `token`, or None."""
    if not SHAPE.fullmatch(token or ""):
        return None
    wanted = token_hash(token)
    row = db.session.execute(
        select(InvitationToken.token_hash, Invitation)
        .join(Invitation, Invitation.id == InvitationToken.invitation_id)
        .where(InvitationToken.token_hash == wanted)).first()
    # The index finds the row by the hash; the comparison that decides is the constant-time one.
    if row is None or not hmac.compare_digest(row[0], wanted) or row[1].survey_id != survey.id:
        return None
    return row[1]
