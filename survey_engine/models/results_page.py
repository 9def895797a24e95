"""A survey's public results page: whether staff have published it, and their "What we did" text."""
from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime


class ResultsPage(db.Model):
    """One survey's results page, kept apart from Survey so a survey that never publishes has no row."""

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), unique=True)
    #: When staff last published it; None while it is not public.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "You said, we did": what was done with the answers, written by staff, shown on the page.
    what_we_did: Mapped[str] = mapped_column(Text, default="")
