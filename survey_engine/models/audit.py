"""The audit log: who did what to what, and when."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """One staff action, such as a login, a failed login, a survey opened or an export."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: The account that acted; NULL for the command line, anonymous visitors, or a deleted account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    #: Who, as text that survives the account: an email, "command line" or "anonymous".
    actor: Mapped[str] = mapped_column(String(320))
    #: A dotted name such as "login", "login.failed", "survey.created", "user.disabled".
    action: Mapped[str] = mapped_column(String(100), index=True)
    #: What was acted on, such as a survey's slug or an account's email; empty when nothing.
    target: Mapped[str] = mapped_column(String(320), default="")
    #: Anything else worth keeping, as plain text.
    detail: Mapped[str] = mapped_column(Text, default="")
    #: The client's address for web requests; empty for the command line.
    ip: Mapped[str] = mapped_column(String(64), default="")

    user = relationship("StaffUser")
