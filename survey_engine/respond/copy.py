"""The respondent's own copy of their answers, to print: only in the browser that sent them, and only soon after."""
from datetime import timedelta

from flask import abort, make_response, render_template, url_for

from ..answers import Answers
from ..extensions import db
from ..models import Survey
from ..models._types import utcnow
from . import bp
from .shown import shown_answers
from .views import current_response, questionnaire_for

#: How long after sending the copy stays available: long enough to print it, short enough that the next person
#: on a shared computer is unlikely to find it.
COPY_MINUTES = 60


def copy_available(response):
    """Whether this submitted response's copy may still be shown (COPY_MINUTES after sending)."""
    return (response is not None and response.status == "submitted" and response.submitted_at is not None
            and utcnow() - response.submitted_at < timedelta(minutes=COPY_MINUTES))


@bp.route("/<slug>/done/answers")
def answers_copy(slug):
    """A print-friendly page of the answers this browser just sent, with their reference number."""
    survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    if survey is None:
        abort(404)
    response = current_response(survey)
    if not copy_available(response):
        return make_response(render_template("respond/copy_gone.html", survey=survey,
                                              start=url_for(".start", slug=slug)), 410)
    questionnaire = questionnaire_for(response)
    answers = Answers.load(response, questionnaire)
    return render_template("respond/answers_copy.html", survey=survey, response=response,
                           rows=shown_answers(questionnaire, answers), minutes=COPY_MINUTES)
