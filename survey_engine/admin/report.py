"""The staff report page of a survey, and its PDF: the report `survey-engine report` writes, with the same filters."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Job
from ..report import ReportError, render_report_html, render_report_pdf, report_data
from ..report.jobs import download_name, runs_as_job, start_report_pdf
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
    """The report as an A4 PDF, printed on the server: in this request for a small survey, else by a worker (the
    survey's page shows its progress, then the file to download)."""
    survey = survey_or_404(slug)
    _base, filters, _problems = filters_from(survey, request.args)
    if runs_as_job(survey, filters):
        job = start_report_pdf(survey, filters, current_user._get_current_object())
        if db.session.get(Job, job.id).status in ("queued", "running"):
            flash(_("The PDF is being printed: its progress shows below, then a link to the file."), "success")
        return redirect(url_for("admin.survey", slug=slug, _anchor="jobs"))
    data = report_data(survey, filters)
    try:
        pdf = render_report_pdf(data)
    except ReportError as exc:
        return render_template("errors/error.html", error_title=True, title="PDF not available", message=str(exc)), 503
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{download_name(survey)}"'})


@bp.context_processor
def _scorecard_charts():
    """Lets the summary page (admin/_scorecards.html) draw each area's diverging bars."""
    from ..report.build import scorecard_chart
    return {"scorecard_chart": scorecard_chart}
