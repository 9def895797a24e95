"""The survey a respondent's request is about, with this browser's response to it and that response's answers,
read in one statement once a request (the language chooser and the view both ask)."""
from flask import g, session
from sqlalchemy import and_, bindparam, select

from ..answers import prefetch_answer_rows
from ..extensions import db
from ..models import Answer, Response, Survey
from .browser import SESSION_KEY

_SURVEY = select(Survey).where(Survey.slug == bindparam("slug"))
# The statements are built once: building one and its cache key costs more CPU than running it.
_SURVEY_RESPONSE_ANSWERS = (
    select(Survey, Response, Answer.question_key, Answer.value, Answer.text, Answer.number)
    .outerjoin(Response, and_(Response.id == bindparam("response_id"), Response.survey_id == Survey.id))
    .outerjoin(Answer, Answer.response_id == Response.id)
    .where(Survey.slug == bindparam("slug"))
    .order_by(Answer.id))


def survey_at(slug):
    """The survey at `slug`, or None."""
    found = g.setdefault("surveys_at", {})
    if slug not in found:
        found[slug] = _read(slug)
    return found[slug]


def _read(slug):
    """The survey at `slug`; this browser's response to it and its answer rows are kept for this request."""
    response_id = session.get(SESSION_KEY, {}).get(slug)
    if not isinstance(response_id, int) or isinstance(response_id, bool):
        return db.session.execute(_SURVEY, {"slug": slug}).scalar_one_or_none()
    rows = db.session.execute(_SURVEY_RESPONSE_ANSWERS, {"slug": slug, "response_id": response_id}).all()
    if not rows:
        return None
    survey, response = rows[0][0], rows[0][1]
    if response is not None:
        # current_response() and Answers.load() take these rather than read them again.
        g.setdefault("responses_read", {})[response_id] = response
        prefetch_answer_rows(response_id, [tuple(row[2:]) for row in rows if row[2] is not None])
    return survey
