"""Survey actions (create, open, close), shared by the CLI and the staff pages; each is audited once."""
import re

from sqlalchemy import func, select

from .audit import COMMAND_LINE, record
from .dates import closing_instant, opening_instant
from .extensions import db
from .models import Response, Survey
from .models.survey import ACCESS, retention_problem
from .registry import registry

# \A and \Z, not ^ and $: "$" also matches before a final newline, and "abc\n" is no slug.
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class SurveyError(ValueError):
    """A survey that cannot be created or changed as asked; `field` names the input at fault, if one is."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def get_survey(slug):
    """The survey with this slug; SurveyError if there is none."""
    survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    if survey is None:
        raise SurveyError(f"no survey with slug {slug!r}")
    return survey


def create_survey(questionnaire_id, slug, title=None, access="open", status="draft", opens_at=None, closes_at=None,
                  actor=COMMAND_LINE, version=None, **fields):
    """A new survey of a registered questionnaire at `version` (by default its newest), created by `actor`.

    opens_at and closes_at may be days (answerable from the start of the first through the end of the last, in
    TIME_ZONE), times in TIME_ZONE (naive datetimes) or exact instants (aware datetimes).
    """
    opens_at, closes_at = opening_instant(opens_at), closing_instant(closes_at)
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise SurveyError("the closing date must be after the opening date", field="closes_at")
    reg = registry()
    if questionnaire_id not in reg.questionnaires:
        raise SurveyError(f"no questionnaire {questionnaire_id!r}; known: {', '.join(sorted(reg.questionnaires))}")
    if version is not None and version not in reg.questionnaires[questionnaire_id]:
        raise SurveyError(f"questionnaire {questionnaire_id!r} has no version {version}; it has "
                          f"{', '.join(map(str, sorted(reg.questionnaires[questionnaire_id])))}", field="version")
    if not SLUG.fullmatch(slug or ""):
        raise SurveyError(f"slug {slug!r} must be lowercase letters, digits and single hyphens")
    if access not in ACCESS:
        raise SurveyError(f"access must be one of {', '.join(ACCESS)}")
    if "retention_days" in fields and retention_problem(fields["retention_days"]):
        raise SurveyError(retention_problem(fields["retention_days"]))
    if db.session.execute(select(Survey.id).filter_by(slug=slug)).first():
        raise SurveyError(f"a survey with slug {slug!r} already exists")
    questionnaire = reg.questionnaire(questionnaire_id, version)
    survey = Survey(slug=slug, questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                    title=title or questionnaire.title, access=access, status=status, opens_at=opens_at,
                    closes_at=closes_at, **fields)
    db.session.add(survey)
    record("survey.created", target=slug,
           detail=f"{survey.questionnaire_id} v{survey.questionnaire_version}, access {access}", actor=actor)
    db.session.commit()
    return survey


def set_status(survey, status, actor=COMMAND_LINE):
    """Put a survey in `status` (open, closed, draft); False, and nothing recorded, if it already was."""
    if survey.status == status:
        return False
    survey.status = status
    record(f"survey.{'opened' if status == 'open' else status}", target=survey.slug, actor=actor)
    db.session.commit()
    return True


def open_survey(survey, actor):
    """Open a survey for answers (within its dates, if it has any)."""
    return set_status(survey, "open", actor)


def close_survey(survey, actor):
    """Close a survey: its link answers 410 from then on."""
    return set_status(survey, "closed", actor)


def response_counts():
    """{survey id: {"in_progress": n, "submitted": n, "test": n}} for every survey, in one query; test responses
    (staff trying a draft) are counted only as "test", never as in progress or submitted."""
    counts = {}
    for survey_id, status, is_test, n in db.session.execute(
            select(Response.survey_id, Response.status, Response.is_test, func.count())
            .group_by(Response.survey_id, Response.status, Response.is_test)):
        row = counts.setdefault(survey_id, empty_counts())
        row["test" if is_test else status] = row["test"] + n if is_test else n
    return counts


def empty_counts():
    """The counts of a survey with no responses."""
    return {"in_progress": 0, "submitted": 0, "test": 0}
