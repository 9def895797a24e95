"""A survey: one run of a questionnaire, with its own link and dates."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow

STATUSES = ("draft", "open", "closed")
ACCESS = ("open", "invite")


class Survey(db.Model):
    """One run of a questionnaire: respondents answer it at /s/<slug>."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name in the survey's link; unique.
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    #: The id of the questionnaire plugin this survey asks.
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    #: The questionnaire version new responses answer.
    questionnaire_version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    #: draft (not yet answerable), open, or closed.
    status: Mapped[str] = mapped_column(String(20), default="draft")
    #: open: anyone with the link; invite: only contacts with their own link.
    access: Mapped[str] = mapped_column(String(20), default="open")
    #: Shown on the start page before the questionnaire's own introduction; optional.
    description: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    responses = relationship("Response", back_populates="survey", cascade="all, delete-orphan",
                             passive_deletes=True, lazy="dynamic")

    @property
    def is_closed(self):
        """Closed by staff, or past its closing date."""
        return self.status == "closed" or (self.closes_at is not None and self.closes_at <= utcnow())

    @property
    def is_open(self):
        """Open for answers now: status open and inside its dates, if it has any."""
        now = utcnow()
        return (self.status == "open"
                and (self.opens_at is None or self.opens_at <= now)
                and (self.closes_at is None or now < self.closes_at))
