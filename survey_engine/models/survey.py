"""A survey: one run of a questionnaire, with its own link and dates."""
from datetime import datetime

from sqlalchemy import String, Text, event, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dates import closing_phrase, closing_sentence, opening_phrase
from ..extensions import db
from ._types import UTCDateTime, utcnow

STATUSES = ("draft", "open", "closed")
ACCESS = ("open", "invite")
#: identified: a response is linked to its contact; anonymous: it never is.
ANONYMITY = ("identified", "anonymous")
DEFAULT_RETENTION_DAYS = 365
#: A century: longer is a typing mistake, and past about 2.9 million days the date arithmetic overflows.
MAX_RETENTION_DAYS = 36_500


def retention_problem(days):
    """Why `days` cannot be a retention period, or None if it can."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_RETENTION_DAYS:
        return f"the retention period must be a whole number of days between 0 and {MAX_RETENTION_DAYS} days"
    return None


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
    #: The first instant it takes answers: for an opening date, the start of that day in TIME_ZONE.
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The first instant it no longer does: for a closing date, the end of that day in TIME_ZONE (see dates.py).
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When staff last closed it; with closes_at, where `retention apply` counts from.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: identified or anonymous (see ANONYMITY); cannot become identified once responses exist.
    anonymity: Mapped[str] = mapped_column(String(20), default="anonymous")
    #: Days after closing that contacts' names and emails are kept, then erased by `retention apply`.
    retention_days: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_DAYS)
    #: The invitation email's subject and body with {name}, {organisation}, {link}, {closing_date}; empty: default.
    invitation_subject: Mapped[str] = mapped_column(String(300), default="")
    invitation_body: Mapped[str] = mapped_column(Text, default="")
    #: Shown on the home page's list: new surveys are not, until staff choose (see README, "Survey settings").
    listed: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Why the answers are asked and how they are used, for the privacy notice; empty: the engine's words.
    privacy_notice: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Who respondents contact about their answers; empty: the site's privacy contact.
    privacy_contact: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Where to get support, on the start and confirmation pages; empty: the site's support message.
    support_message: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: "What happens next" on the confirmation page; empty: the engine's words.
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")

    responses = relationship("Response", back_populates="survey", cascade="all, delete-orphan",
                             passive_deletes=True, lazy="dynamic")

    @property
    def is_closed(self):
        """Closed by staff, or past its closing date."""
        return self.status == "closed" or (self.closes_at is not None and self.closes_at <= utcnow())

    @property
    def closing_phrase(self):
        """When it stops taking answers, in words: "the end of 31 January 2027 (UK time)"; None without a date."""
        return closing_phrase(self.closes_at) if self.closes_at is not None else None

    @property
    def closing_sentence(self):
        """The respondent's "Closes at the end of 31 January 2027 (UK time).", translated; None without a date."""
        return closing_sentence(self.closes_at) if self.closes_at is not None else None

    @property
    def opening_phrase(self):
        """When it starts taking answers, in words: "the start of 1 January 2027 (UK time)"; None without a date."""
        return opening_phrase(self.opens_at) if self.opens_at is not None else None

    @property
    def is_open(self):
        """Open for answers now: status open and inside its dates, if it has any."""
        now = utcnow()
        return (self.status == "open"
                and (self.opens_at is None or self.opens_at <= now)
                and (self.closes_at is None or now < self.closes_at))


@event.listens_for(Survey.status, "set")
def _note_closing(survey, value, old, initiator):
    """Remember when staff closed a survey, for the retention period."""
    if value == "closed" and old != "closed":
        survey.closed_at = utcnow()
