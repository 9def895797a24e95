"""Creating and changing surveys: shared by the CLI and the staff pages."""
import re

from sqlalchemy import func, select

from .extensions import db
from .models import Response, Survey
from .models.survey import ACCESS
from .registry import registry

# \A and \Z, not ^ and $: "$" also matches before a final newline, and "abc\n" is no slug.
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class SurveyError(ValueError):
    """A survey that cannot be created or changed as asked."""


def get_survey(slug):
    """The survey with this slug; SurveyError if there is none."""
    survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    if survey is None:
        raise SurveyError(f"no survey with slug {slug!r}")
    return survey


def create_survey(questionnaire_id, slug, title=None, access="open", status="draft", **fields):
    """A new survey of the newest version of a registered questionnaire."""
    reg = registry()
    if questionnaire_id not in reg.questionnaires:
        raise SurveyError(f"no questionnaire {questionnaire_id!r}; known: {', '.join(sorted(reg.questionnaires))}")
    if not SLUG.fullmatch(slug or ""):
        raise SurveyError(f"slug {slug!r} must be lowercase letters, digits and single hyphens")
    if access not in ACCESS:
        raise SurveyError(f"access must be one of {', '.join(ACCESS)}")
    if db.session.execute(select(Survey.id).filter_by(slug=slug)).first():
        raise SurveyError(f"a survey with slug {slug!r} already exists")
    questionnaire = reg.questionnaire(questionnaire_id)
    survey = Survey(slug=slug, questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                    title=title or questionnaire.title, access=access, status=status, **fields)
    db.session.add(survey)
    db.session.commit()
    return survey


def set_status(survey, status):
    """Open or close a survey."""
    survey.status = status
    db.session.commit()


def response_counts():
    """{survey id: {"in_progress": n, "submitted": n}} for every survey, in one query."""
    counts = {}
    for survey_id, status, n in db.session.execute(
            select(Response.survey_id, Response.status, func.count()).group_by(Response.survey_id, Response.status)):
        counts.setdefault(survey_id, {"in_progress": 0, "submitted": 0})[status] = n
    return counts
