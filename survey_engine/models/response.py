"""A respondent's response and its answers, one row per asked question (or per chosen option)."""
import re
import secrets
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, and_, event, false
from sqlalchemy import func, select, text as sql, union, union_all
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow


#: Crockford's base 32: no I, L, O or U, so a reference read aloud or copied by hand is not mistaken.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 12 characters of 5 random bits: 60 bits, so references cannot be guessed or counted through.
REFERENCE_LENGTH = 12


def new_reference():
    """A fresh random reference, such as "K7QM2XHD9RTB" (shown as K7QM-2XHD-9RTB)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def reference_key(typed):
    """A reference as stored, from what someone typed: any case, spaces and hyphens ignored, O read as 0 and
    I or L as 1 (Crockford's rule); None if it cannot be one."""
    text = re.sub(r"[\s-]", "", typed or "").upper().translate(str.maketrans("OIL", "011"))
    if len(text) != REFERENCE_LENGTH or any(c not in REFERENCE_ALPHABET for c in text):
        return None
    return text


def shown_reference(reference):
    """A stored reference in groups of four: K7QM-2XHD-9RTB."""
    return "-".join(reference[i:i + 4] for i in range(0, len(reference), 4)) if reference else ""


class Response(db.Model):
    """One person's answers to one survey, saved page by page and submitted once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    #: The questionnaire version these answers were given to.
    questionnaire_version: Mapped[int]
    #: in_progress or submitted.
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    #: The organisation named in the response's organisation question, if any.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A digest of the start form's one-time key: pressing "Start now" twice finds the response the first press made.
    start_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    #: Made by staff trying a draft survey: kept apart from every figure (see counted()).
    is_test: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The language the respondent answered in ("en", "cy"); None when unknown (imported, or from before 0004).
    language: Mapped[str | None] = mapped_column(String(35))
    #: The respondent's reference number, shown on the confirmation page; random, so it says nothing of the row.
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_LENGTH), index=True, unique=True,
                                                   default=new_reference)

    survey = relationship("Survey", back_populates="responses")
    organisation = relationship("Organisation")
    answers = relationship("Answer", back_populates="response", cascade="all, delete-orphan",
                           passive_deletes=True)

    # Also covers a summary's count of respondents by questionnaire version and organisation.
    __table_args__ = (Index("ix_response_survey_status", "survey_id", "status", "questionnaire_version",
                            "organisation_id"),
                      # Test responses are few: a partial index finds them without reading the real ones.
                      Index("ix_response_test", "survey_id", sqlite_where=sql("is_test"),
                            postgresql_where=sql("is_test")))


def counted(*clauses):
    """The SQL true of a response that counts in figures: submitted, and not a test; `clauses` narrow it.

    Every summary, export, rate and count of responses selects through this (or uncounted_ids), so a test response
    made while trying a draft survey can never be counted by a query that forgot it.
    """
    return and_(Response.status == "submitted", Response.is_test.is_(False), *clauses)


#: True of a test response, written as ix_response_test's condition so the database reads that small index:
#: SQLite does not see that "is_test IS 1" implies it, and read every response of the survey.
IS_TEST = sql("response.is_test")


def uncounted_ids(survey_id):
    """The ids of `survey_id`'s responses that do not count (not submitted, or tests): few, so cheap to exclude."""
    # "Below or above", not "!=": the same rows, but a database can read them as two index ranges.
    return union(select(Response.id).where(Response.survey_id == survey_id, Response.status < "submitted"),
                 select(Response.id).where(Response.survey_id == survey_id, Response.status > "submitted"),
                 select(Response.id).where(Response.survey_id == survey_id, IS_TEST))


def response_groups(survey_id):
    """{(status, questionnaire version, organisation id): responses} of `survey_id`'s responses that are not tests.

    Counted from ix_response_survey_status alone, grouped as it is ordered so it is read in order, and the few test
    responses (from ix_response_test) taken away: asking "not a test" of each response would read every row.
    """
    columns = (Response.status, Response.questionnaire_version, Response.organisation_id)
    groups = {}
    for *group, n in db.session.execute(union_all(
            select(*columns, func.count()).where(Response.survey_id == survey_id).group_by(*columns),
            # Grouped by status, not asked for it: asked, SQLite would read the big index rather than the small one.
            select(*columns, -func.count()).where(Response.survey_id == survey_id, IS_TEST).group_by(*columns))):
        groups[tuple(group)] = groups.get(tuple(group), 0) + n
    return {group: n for group, n in groups.items() if n}


def counted_groups(groups):
    """{(questionnaire version, organisation id): responses} that count, from response_groups()."""
    counted = {}
    for (status, version, org), n in groups.items():
        if status == "submitted":
            counted[version, org] = counted.get((version, org), 0) + n
    return counted


#: The SQL that is true of an asked-but-blank answer row.
BLANK = "value IS NULL AND text IS NULL AND number IS NULL"


class Answer(db.Model):
    """One stored answer row: a question that was asked, with a chosen value, a text or a number.

    A question asked but left blank has one row with all three empty, so summaries can tell
    "not answered" from "not asked" without re-evaluating conditions.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    #: The response's survey, repeated here so a summary counts a survey's answers from one index alone.
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    #: The question's key, stable across questionnaire versions.
    question_key: Mapped[str] = mapped_column(String(100))
    #: A chosen option's value (one row per option for multiple choice).
    value: Mapped[str | None] = mapped_column(String(100))
    #: Free text, or the text of "other, please specify".
    text: Mapped[str | None] = mapped_column(Text)
    #: The answer to a number question.
    number: Mapped[float | None] = mapped_column(Float)

    response = relationship("Response", back_populates="answers")

    __table_args__ = (
        # Covers the summary's GROUP BY question_key, value (and numbers, and which responses) for one survey.
        Index("ix_answer_summary", "survey_id", "question_key", "value", "number", "response_id"),
        # Asked-but-blank rows, so "not answered" is counted without reading every text.
        Index("ix_answer_blank", "survey_id", "question_key", "response_id",
              sqlite_where=sql(BLANK), postgresql_where=sql(BLANK)),
    )


@event.listens_for(Answer, "before_insert")
def _answer_survey(mapper, connection, answer):
    """Fill survey_id from the response when an Answer is added through the ORM."""
    if answer.survey_id is None:
        response_id = answer.response.id if answer.response is not None else answer.response_id
        answer.survey_id = connection.scalar(select(Response.survey_id).where(Response.id == response_id))
