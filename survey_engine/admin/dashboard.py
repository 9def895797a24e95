"""The dashboard: every survey with its questionnaire, status, dates and counts of responses."""
from flask import render_template

from ..extensions import db
from ..models import Survey
from ..surveys import response_counts
from . import bp
from .access import staff_required
from .forms import ActionForm
from .sections import section_templates


@bp.route("/")
@staff_required
def dashboard():
    """List the surveys, newest first."""
    surveys = db.session.execute(db.select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())).scalars()
    return render_template("admin/dashboard.html", surveys=list(surveys), counts=response_counts(),
                           form=ActionForm(), sections=section_templates("dashboard"))
