"""Questionnaires written in the browser: each with its draft's every saved revision and its published versions."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow


class StoredQuestionnaire(db.Model):
    """A questionnaire written here rather than shipped by a plugin or a file; its id is the document's `id`."""

    __tablename__ = "stored_questionnaire"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The document's `id`, used in URLs and recorded by every survey of it; unique across every source.
    questionnaire_id: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who created it, as text that survives the account (an email or "command line").
    created_by: Mapped[str] = mapped_column(String(320), default="")


class DraftRevision(db.Model):
    """One save of a questionnaire's draft; the highest revision is the draft, the earlier ones say what changed."""

    __tablename__ = "questionnaire_draft_revision"
    # Two saves from one revision both try to write the next: the second fails here and is told what changed.
    __table_args__ = (UniqueConstraint("stored_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_id: Mapped[int] = mapped_column(ForeignKey("stored_questionnaire.id", ondelete="CASCADE"), index=True)
    #: 1 when created, one more at every save.
    revision: Mapped[int]
    #: The whole questionnaire document, as JSON text.
    document: Mapped[str] = mapped_column(Text)
    #: What this save did, in the saver's words ("Reworded question q3").
    what: Mapped[str] = mapped_column(Text, default="")
    saved_by: Mapped[str] = mapped_column(String(320), default="")
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublishedVersion(db.Model):
    """A published version of a stored questionnaire: never changed once written."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("stored_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_id: Mapped[int] = mapped_column(ForeignKey("stored_questionnaire.id", ondelete="CASCADE"), index=True)
    #: 1, 2, ...: what surveys record as their questionnaire_version.
    version: Mapped[int]
    #: The document as published (its `version` is this version), as JSON text.
    document: Mapped[str] = mapped_column(Text)
    #: The draft revision it was published from: a draft with a higher revision has unpublished changes.
    from_revision: Mapped[int]
    published_by: Mapped[str] = mapped_column(String(320), default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
