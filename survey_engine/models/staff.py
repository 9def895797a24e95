"""Staff accounts: who may see the staff pages under /admin, and with which role."""
import functools
import hmac
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ._types import UTCDateTime, utcnow

ROLES = ("admin", "analyst")
# scrypt is werkzeug's default too; naming it keeps the choice visible and stable across upgrades.
PASSWORD_METHOD = "scrypt"


def normalise_email(email):
    """The form of an email address that accounts are stored and looked up by."""
    return (email or "").strip().lower()


@functools.cache
def _unknown_account_hash():
    return generate_password_hash(secrets.token_hex(16), method=PASSWORD_METHOD)


def new_session_token():
    return secrets.token_hex(16)


class StaffUser(UserMixin, db.Model):
    """A staff account: admin (everything) or analyst (sees surveys, summaries and exports; changes nothing)."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lowercased; the login name.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    #: werkzeug's scrypt hash; the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(String(300))
    #: admin or analyst.
    role: Mapped[str] = mapped_column(String(20), default="analyst")
    #: A disabled account cannot log in, and its open sessions stop at once.
    active: Mapped[bool] = mapped_column(default=True)
    #: Part of the id stored in the session cookie: changing it ends every session of the account.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self):
        return self.active

    @property
    def is_admin(self):
        return self.role == "admin"

    def get_id(self):
        """Flask-Login's session id: the row id and the session token, so rotating the token logs out everywhere."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password):
        """Store a hash of `password` and end the account's other sessions."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.end_sessions()

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def end_sessions(self):
        """Make every session cookie issued for this account worthless."""
        self.session_token = new_session_token()

    @classmethod
    def by_email(cls, email):
        return db.session.execute(db.select(cls).filter_by(email=normalise_email(email))).scalar_one_or_none()

    @classmethod
    def authenticate(cls, email, password):
        """The active account with this email and password, or None; as slow for an unknown email as a known one."""
        user = cls.by_email(email)
        # Hashing even without an account: a quick answer would tell which email addresses have one.
        matches = check_password_hash(user.password_hash if user else _unknown_account_hash(), password)
        return user if user is not None and user.active and matches else None

    @classmethod
    def from_session_id(cls, session_id):
        """The active account a session id names, or None when it is malformed, stale or disabled."""
        user_id, _, token = (session_id or "").partition(":")
        if not (user_id.isascii() and user_id.isdigit()) or not token:
            return None
        user = db.session.get(cls, int(user_id))
        if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
            return None
        return user
