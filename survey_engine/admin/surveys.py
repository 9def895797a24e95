"""Each survey's own staff page, where other features add their sections."""
from flask import abort, render_template

from ..extensions import db
from ..models import Survey
from ..registry import registry
from ..surveys import response_counts
from . import bp
from .access import staff_required
from .forms import ActionForm
from .sections import section_templates


def survey_or_404(slug):
    survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    if survey is None:
        abort(404)
    return survey


@bp.route("/surveys/<slug>")
@staff_required
def survey(slug):
    """One survey: its details, link and status, then every section other features provide."""
    survey = survey_or_404(slug)
    try:
        questionnaire = registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version)
    except LookupError:
        questionnaire = None
    counts = response_counts().get(survey.id, {"in_progress": 0, "submitted": 0})
    return render_template("admin/survey.html", survey=survey, questionnaire=questionnaire, counts=counts,
                           form=ActionForm(), sections=section_templates("survey"))
