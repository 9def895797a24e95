"""The staff report page of a survey, and its PDF: the report `survey-engine report` writes, with the same filters."""
from flask import Response, render_template, request, url_for

from ..report import ReportError, render_report_html, render_report_pdf, report_data
from . import bp
from .access import staff_required
from .summary import filters_from
from .surveys import survey_or_404


def _report(slug):
    survey = survey_or_404(slug)
    _base, filters, problems = filters_from(survey, request.args)
    return survey, report_data(survey, filters), problems


@bp.route("/surveys/<slug>/report")
@staff_required
def report(slug):
    """The report as a page that prints on A4 (the summary page's filters apply; the base is each question's)."""
    survey, data, problems = _report(slug)
    args = {k: v for k, v in request.args.items() if k != "base"}
    nav = {"back": url_for("admin.survey", slug=survey.slug), "pdf": url_for("admin.report_pdf", slug=slug, **args),
           # A filter the page could not use is said, not dropped silently: the report is then of more responses.
           "problems": problems}
    return render_report_html(data, standalone=False, nav=nav)


@bp.route("/surveys/<slug>/report.pdf")
@staff_required
def report_pdf(slug):
    """The report as an A4 PDF, printed on the server."""
    survey, data, problems = _report(slug)
    try:
        pdf = render_report_pdf(data)
    except ReportError as exc:
        return render_template("errors/error.html", error_title=True, title="PDF not available", message=str(exc)), 503
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{survey.slug}-report.pdf"'})


@bp.context_processor
def _scorecard_charts():
    """Lets the summary page (admin/_scorecards.html) draw each area's diverging bars."""
    from ..report.build import scorecard_chart
    return {"scorecard_chart": scorecard_chart}
