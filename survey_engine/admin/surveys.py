"""Each survey's own staff page, where other features add their sections; admins create, open and close surveys."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..models import Survey
from ..registry import registry
from ..surveys import (SurveyError, close_survey as close_action, create_survey, open_survey as open_action,
                       empty_counts, response_counts)
from . import bp
from .access import admin_required, staff_required
from .forms import ActionForm, SurveyForm
from .sections import survey_sections


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
    counts = response_counts().get(survey.id) or empty_counts()
    return render_template("admin/survey.html", survey=survey, questionnaire=questionnaire, counts=counts,
                           form=ActionForm(), sections=survey_sections(survey))


@bp.route("/surveys/new", methods=["GET", "POST"])
@admin_required
def new_survey():
    """Create a draft survey of any registered questionnaire; it is opened from its own page."""
    form = SurveyForm()
    # Every version a survey may use; the newest of each is plain "id", an older one "id@version".
    newest = {q.id: q.version for q in registry().latest()}
    form.questionnaire.choices = [
        SelectChoice(q.id if q.version == newest[q.id] else f"{q.id}@{q.version}",
                     f"{q.title} ({q.id} v{q.version})" + (_(", newest") if q.version == newest[q.id] else ""))
        for q in registry().published()]
    if form.validate_on_submit():
        questionnaire_id, _at, version = form.questionnaire.data.partition("@")
        try:
            survey = create_survey(questionnaire_id, form.slug.data, (form.title.data or "").strip() or None,
                                   version=int(version) if version else None,
                                   access=form.access.data, opens_at=form.opens.data,
                                   closes_at=form.closes.data,  # days: create_survey settles the times
                                   actor=current_user._get_current_object())
        except SurveyError as exc:
            form.slug.errors.append(str(exc))
        else:
            flash(_("Survey created. Open it when you are ready for answers."), "success")
            return redirect(url_for(".survey", slug=survey.slug))
    return render_template("admin/new_survey.html", form=form)


def _change_status(slug, change, message):
    survey = survey_or_404(slug)
    if ActionForm().validate_on_submit() and change(survey, actor=current_user._get_current_object()):
        flash(message, "success")
    return redirect(url_for(".survey", slug=survey.slug))


@bp.route("/surveys/<slug>/open", methods=["POST"])
@admin_required
def open_survey(slug):
    """Open a survey for answers (within its dates, if it has any)."""
    return _change_status(slug, open_action, _("The survey is open."))


@bp.route("/surveys/<slug>/close", methods=["POST"])
@admin_required
def close_survey(slug):
    """Close a survey: its link answers 410 from now on."""
    return _change_status(slug, close_action, _("The survey is closed."))
