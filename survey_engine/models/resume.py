"""Keys that let a respondent come back to a response in progress on any device: an emailed link or a written code."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow


class ResumeKey(db.Model):
    """One "save and come back later" key: only its SHA-256 digest is stored, never the key or an email address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    #: "link" (emailed) or "code" (written down).
    kind: Mapped[str] = mapped_column(String(10))
    #: hex SHA-256 of the key (of a code once normalised): a stolen table gives no way in.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When it expired as issued (RESUME_MAX_DAYS after creation, or the survey's closing instant if sooner); a key
    #: in use is checked against the closing date as it is then (resume.expiry), so this is the issue-time record.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
