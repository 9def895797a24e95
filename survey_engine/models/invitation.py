"""Invitations: a contact's progress through a survey, the tokens of their links, and each email sent."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow

#: How far a contact has got, in order; each step implies the ones before it.
PROGRESS = ("invited", "opened", "started", "completed")


class Invitation(db.Model):
    """One contact's invitation to their survey: whether it went out, and how far they have got.

    On an anonymous survey only `progress` records what the contact did: opened_at, started_at,
    completed_at and response_id stay empty, so nothing here lines up with a stored response.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), unique=True)
    #: One of PROGRESS; only ever moves forward.
    progress: Mapped[str] = mapped_column(String(20), default="invited")
    #: When a link first went out to them (the start of the sending run, or of the export); None until then.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the last reminder went out (the start of its run).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Identified surveys only: when they first opened their link, started and submitted.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Identified surveys only: the contact's response.
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="SET NULL"))
    #: The last sending failure, with the mail server's reason; cleared by a later success.
    last_error: Mapped[str] = mapped_column(Text, default="")

    contact = relationship("Contact", back_populates="invitation")
    tokens = relationship("InvitationToken", back_populates="invitation", cascade="all, delete-orphan",
                          passive_deletes=True)

    def reached(self, step):
        """True once progress has got as far as `step`."""
        return PROGRESS.index(self.progress) >= PROGRESS.index(step)

    def advance(self, step):
        """Move progress forward to `step`; never back."""
        if not self.reached(step):
            self.progress = step


class InvitationToken(db.Model):
    """The hash of one link's secret; an invitation gains a token each time a link is emailed or exported."""

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token, hex; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: invitation, reminder or export.
    purpose: Mapped[str] = mapped_column(String(20))
    #: When its run began (not the moment of this token), so issue times single no one out.
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitation = relationship("Invitation", back_populates="tokens")


class OutgoingEmail(db.Model):
    """One email to one contact: queued, then marked sending before it is handed to the server, then sent or failed.

    A row left "sending" by a crash may have been delivered, so it is never sent again by itself.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    #: invitation or reminder.
    kind: Mapped[str] = mapped_column(String(20))
    #: queued, sending, sent or failed.
    state: Mapped[str] = mapped_column(String(20), default="queued")
    #: The server's reason for a failure.
    error: Mapped[str] = mapped_column(Text, default="")
    #: The start of the run that queued it.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
