"""The staff summary page of a survey: headlines and a table per question, every percentage with its base."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _

from ..models.response import response_groups
from ..summary import BASES, SummaryError, summarise
from ..summary.filters import (FilterError, closed_questions, make_filters, organisation_kinds,
                               questionnaire_versions)
from ..summary.intervals import SMALL_BASE
from ..summary.numbers import show_number
from . import bp
from .access import staff_required
from .surveys import survey_or_404


def answer_choices(survey):
    """(key, question text, value, option label) for every option of every closed question: the answer filter."""
    closed, _others = closed_questions(survey)
    return [(key, str(q.text), o.value, str(o.label)) for key, (q, options) in closed.items() for o in options]


def _page_words(problem):
    """A filter's problem in the page's words, which point at its fields and lists."""
    if problem.reason == "date":
        label = _("Submitted from") if problem.field == "since" else _("Submitted up to")
        return _("%(label)s must be a date like 2025-03-31", label=label)
    if problem.reason == "order":
        return _("Submitted from (%(since)s) is after Submitted up to (%(until)s): choose days the other way round",
                 since=request.args.get("since", "").strip(), until=request.args.get("until", "").strip())
    return {"organisation_kind": _("Choose an organisation kind from the list"),
            "version": _("Choose a questionnaire version from the list"),
            "answer": _("Choose an answer from the list")}[problem.field]


def filters_from(survey, args):
    """Base and filters from the page's query string, checked as the command checks its options; and problems."""
    problems = []
    base = args.get("base") or None
    if base is not None and base not in BASES:
        problems.append(_("Choose what the percentages are of"))
        base = None
    answer = args.get("answer") or ""
    fields = {"organisation_kind": args.get("organisation_kind"), "since": args.get("since"),
              "until": args.get("until"), "version": args.get("version"), "answers": [answer] if answer else []}
    try:
        filters = make_filters(survey, **fields)
    except FilterError as exc:
        problems += [_page_words(p) for p in exc.problems]
        # The filters that were right still apply, so the page shows what it can beside its problems.
        wrong = {p.field for p in exc.problems}
        if "since" in wrong or "until" in wrong:
            fields["since"] = fields["until"] = None
        fields.update({name: None for name in ("organisation_kind", "version") if name in wrong})
        if "answer" in wrong:
            fields["answers"] = []
        filters = make_filters(survey, **fields)
    return base, filters, problems


@bp.route("/surveys/<slug>/summary")
@staff_required
def summary(slug):
    """Headlines, who responded, and a table per question with bars and their figures in text."""
    survey = survey_or_404(slug)
    choices = answer_choices(survey)
    versions = questionnaire_versions(survey)
    # One read of the response index gives both the organisation kinds offered and, unfiltered, who responded.
    groups = response_groups(survey.id)
    kinds = organisation_kinds(survey, groups)
    base, filters, problems = filters_from(survey, request.args)
    try:
        data = summarise(survey, base=base, filters=filters, response_groups=groups)
    except SummaryError as exc:
        problems.append(str(exc))
        data = summarise(survey, filters=filters, response_groups=groups)
    return render_template("admin/summary.html", survey=survey, summary=data, bases=BASES, problems=problems,
                           answer_choices=choices, chosen_answer=request.args.get("answer", ""),
                           versions=versions, organisation_kinds=kinds,
                           show_number=show_number, small_base=SMALL_BASE)


@bp.route("/surveys/<slug>/summary.json")
@staff_required
def summary_json(slug):
    """The summary as JSON, with the page's filters and base: the figures `survey-engine summary --format json`
    gives, intervals included."""
    survey = survey_or_404(slug)
    base, filters, problems = filters_from(survey, request.args)
    if problems:
        return jsonify({"errors": problems}), 400
    try:
        return jsonify(summarise(survey, base=base, filters=filters))
    except SummaryError as exc:
        return jsonify({"errors": [str(exc)]}), 400


@bp.context_processor
def _summary_for_sections():
    """Lets the survey page's summary section (admin/survey/20_summary.html) summarise its survey."""
    return {"survey_summary": summarise}
