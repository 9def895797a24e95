"""The staff summary page of a survey: headlines and a table per question, every percentage with its base."""
from datetime import date

from flask import render_template, request
from flask_babel import gettext as _

from ..bad_input import parse_id
from ..extensions import db
from ..models import Organisation, Response
from ..registry import registry
from ..summary import BASES, Filters, SummaryError, summarise
from ..summary.build import question_versions
from ..summary.numbers import show_number
from . import bp
from .access import staff_required
from .surveys import survey_or_404


def answer_choices(survey):
    """(key, question text, value, option label) for every option of every closed question: the answer filter."""
    questions, _questionnaire = question_versions(survey, [])
    types = registry().question_types
    return [(q.key, str(q.text), o.value, str(o.label)) for q in questions
            if types[q.type].summary_kind in ("choice", "multiple") for o in types[q.type].options(q)]


def organisation_kinds(survey):
    """The kinds of the organisations this survey's responses name: the organisation-kind filter's choices."""
    return sorted(db.session.execute(
        db.select(Organisation.kind).distinct().join(Response, Response.organisation_id == Organisation.id)
        .where(Response.survey_id == survey.id, Organisation.kind != "")).scalars())


def questionnaire_versions(survey):
    """The registered versions of the survey's questionnaire, newest first: the version filter's choices."""
    return sorted(registry().questionnaires.get(survey.questionnaire_id, {}), reverse=True)


def filters_from(args, choices, versions=(), kinds=None):
    """Filters and base from the page's query string; a list of problems for anything not understood."""
    problems = []

    def day(name, label):
        text = (args.get(name) or "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            problems.append(_("%(label)s must be a date like 2025-03-31", label=label))
            return None

    base = args.get("base") or None
    if base is not None and base not in BASES:
        problems.append(_("Choose what the percentages are of"))
        base = None
    answers = ()
    answer = args.get("answer") or ""
    if answer:
        key, _sep, value = answer.partition("=")
        if (key, value) in {(c[0], c[2]) for c in choices}:
            answers = ((key, (value,)),)
        else:
            problems.append(_("Choose an answer from the list"))
    version = None
    text = (args.get("version") or "").strip()
    if text:
        if parse_id(text) in versions:
            version = parse_id(text)
        else:
            problems.append(_("Choose a questionnaire version from the list"))
    kind = (args.get("organisation_kind") or "").strip() or None
    if kind is not None and kinds is not None and kind not in kinds:
        # A mistyped kind would quietly match no one.
        problems.append(_("Choose an organisation kind from the list"))
        kind = None
    filters = Filters(organisation_kind=kind,
                      since=day("since", _("Submitted from")), until=day("until", _("Submitted up to")),
                      version=version, answers=answers)
    return base, filters, problems


@bp.route("/surveys/<slug>/summary")
@staff_required
def summary(slug):
    """Headlines, who responded, and a table per question with bars and their figures in text."""
    survey = survey_or_404(slug)
    choices = answer_choices(survey)
    versions = questionnaire_versions(survey)
    kinds = organisation_kinds(survey)
    base, filters, problems = filters_from(request.args, choices, versions, kinds)
    try:
        data = summarise(survey, base=base, filters=filters)
    except SummaryError as exc:
        problems.append(str(exc))
        data = summarise(survey, filters=filters)
    return render_template("admin/summary.html", survey=survey, summary=data, bases=BASES, problems=problems,
                           answer_choices=choices, chosen_answer=request.args.get("answer", ""),
                           versions=versions, organisation_kinds=kinds,
                           show_number=show_number)


@bp.context_processor
def _summary_for_sections():
    """Lets the survey page's summary section (admin/survey/20_summary.html) summarise its survey."""
    return {"survey_summary": summarise}
