"""A long piece of work run off the request by the job queue: what it is, how far it has got, how it ended."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow

#: A job's life: queued until a worker claims it, running while one holds it, then complete or failed.
STATUSES = ("queued", "running", "complete", "failed")


class Job(db.Model):
    """One job; the queue carries only its id, so this row is the truth a restarted worker resumes from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What it does: "invitations.send", "invitations.remind", "contacts.import" (jobs.KINDS).
    kind: Mapped[str] = mapped_column(String(40))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    #: Its input as JSON (never anyone's answers: a file's path in the instance folder, not its rows).
    params: Mapped[str] = mapped_column(Text, default="{}")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: What a finished job did, or why it failed, in words for staff.
    result: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    #: Who started it, as the audit log names them.
    started_by: Mapped[str] = mapped_column(String(320), default="")
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    #: How many times a worker has taken it; a job taken too often without finishing is failed, not retried forever.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Moved on as the work goes; a running job whose heartbeat is old was left by a worker that died. On a queued
    #: job, when it was last put back on the queue (None: when it was created).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
