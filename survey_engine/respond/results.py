"""The public results page of a survey staff have published: headlines and charts, small numbers hidden."""
from flask import abort, make_response, render_template
from flask_babel import gettext as _

from ..charts.svg import bar_chart
from ..extensions import db
from ..models import Survey
from ..registry import registry
from ..results import public_results, results_page
from ..summary import MULTIPLE_NOTE, SummaryError
from ..translated import in_language, question_types
from . import bp
from .language import current_language


def _chart(number, question, threshold):
    hidden = _("fewer than %(n)s", n=threshold)
    rows = [(r["label"], r["percent"], r["count"] if r["count"] is not None else hidden) for r in question["rows"]]
    base = (_("base %(n)s, those asked who answered", n=question["base"]) if question["base"] is not None
            else _("base: fewer than %(n)s", n=threshold))
    title = f"{question['text']} ({base})"
    note = question["note"]
    if note == MULTIPLE_NOTE:  # the summary's words are English (for staff); a respondent reads them translated
        note = _("Respondents could choose more than one answer, so the percentages can add up to more than 100%.")
    return {"title": title, "text": question["text"], "base": base, "rows": rows, "note": note,
            "svg": bar_chart(f"chart-{number}", title, rows)}


@bp.route("/<slug>/results")
def results(slug):
    """The results page, once staff have published it; 404 until then, so an unpublished page gives nothing away."""
    survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    page = results_page(survey) if survey is not None else None
    if page is None or page.published_at is None:
        abort(404)
    try:
        data = public_results(survey)
    except SummaryError:
        # Its questionnaire's plugin is not enabled: say so as the survey's own pages do.
        abort(make_response(render_template("respond/unavailable.html", survey=survey, missing=True), 503))
    data = in_page_language(survey, data)
    charts = [_chart(n, q, data["threshold"]) for n, q in enumerate(data["questions"], 1)]
    return render_template("respond/results.html", survey=survey, page=page, results=data, charts=charts)


def in_page_language(survey, data):
    """`data` (public_results) with the questionnaire's texts in the page's language: the summary's are its own."""
    language = current_language()
    questionnaire = registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version)
    if language not in questionnaire.translations:
        return data
    translated = in_language(questionnaire, language)
    types = question_types(registry().question_types, questionnaire, language)
    by_key = {q.key: q for q in translated.questions}
    statements = {(h.question, tuple(h.values)): h.text for h in translated.headlines}
    for question in data["questions"]:
        q = by_key.get(question["key"])
        if q is None or q.type not in types:
            continue
        question["text"] = q.text
        # The type's options as the question page shows them: the translation's labels and the engine's own.
        labels = {o.value: str(o.label) for o in types[q.type].options(q)}
        for row in question["rows"]:
            row["label"] = labels.get(row["value"], row["label"])
    for headline in data["headlines"]:
        headline["statement"] = statements.get((headline["question"], tuple(headline["values"])),
                                               headline["statement"])
    return data


@bp.context_processor
def _results_link():
    """Lets the confirmation page link to the results once they are published."""
    from ..results import is_published
    return {"results_published": is_published}
