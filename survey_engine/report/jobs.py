"""The report PDF as a job: of more than REPORT_PDF_JOB_ABOVE responses it is printed by a worker to a file staff
then download from the survey's page, under the name the request download has."""
from flask import current_app, has_request_context
from flask_babel import gettext as _, lazy_gettext as _l

from ..jobs import JobError, JobKind, job_params
from ..jobs import files
from ..jobs.records import job_survey, setting, start_once
from ..summary import Filters, SummaryError
from .build import report_data
from .render import render_report_pdf

#: Reports of more responses than this are printed by a worker. WeasyPrint takes about 2 s of CPU for a report of
#: 200 responses and 5 to 6 s from 2,000 (more written answers to lay out), whatever else the server is doing:
#: a small report stays one click, a large one no longer holds a request (and the process serving respondents).
REPORT_PDF_JOB_ABOVE = 300
#: The steps a PDF job counts: the figures, then the printing.
STEPS = 2


def runs_as_job(survey, filters):
    from ..export.jobs import selected_responses
    return selected_responses(survey, filters) > setting("REPORT_PDF_JOB_ABOVE", REPORT_PDF_JOB_ABOVE)


def download_name(survey):
    return f"{survey.slug}-report.pdf"


def start_report_pdf(survey, filters, actor):
    """Start (or find the same one waiting or running) a job printing the report as PDF; the Job."""
    return start_once("report.pdf", survey, actor, {"options": {"filters": filters.to_dict()},
                                                    "download_name": download_name(survey)})


def run_report_pdf(job, progress):
    survey = job_survey(job)
    params = job_params(job)
    files.remove_old()
    progress.begin(total=STEPS)
    try:
        data = report_data(survey, Filters.from_dict(params["options"]["filters"]))
        progress.step(every=0)
        if has_request_context():
            pdf = render_report_pdf(data)
        else:
            with current_app.test_request_context():  # the report's template is a page's, with its words
                pdf = render_report_pdf(data)
    except SummaryError as exc:  # ReportError too: the libraries WeasyPrint needs are missing
        raise JobError(str(exc))
    with files.job_file(job, ".pdf") as (out, name):
        out.write(pdf)
    progress.step(every=0)
    files.remove_replaced(job)
    return {"file": name, "download_name": params["download_name"], "media_type": "application/pdf",
            "bytes": len(pdf)}


def describe_report_pdf(result):
    return files.file_lines(result, _("%(name)s is ready.", name=result["download_name"]))


KINDS = [JobKind("report.pdf", _l("Printing the report as PDF"), run_report_pdf, describe_report_pdf)]
