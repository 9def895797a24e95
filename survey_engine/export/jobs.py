"""Large exports as jobs: a staff download of more than EXPORT_JOB_ABOVE responses is written by a worker to a file
staff then download from the survey's page, with the name, options and audit entry the request download has."""
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..jobs import JobError, JobKind, actor_of, job_params
from ..jobs import files
from ..jobs.records import job_survey, setting, start_once
from ..models import Response
from ..models._types import utcnow
from ..summary import Filters, SummaryError
from ..summary.queries import Selection
from .build import FILTERED_SUFFIX, PUBLICATION_SUFFIX, Export
from .downloads import audit_export
from .exporter import ExportError, exporters

#: Downloads of more responses than this are written by a worker: at 2,000 the xlsx takes about 0.3 s of CPU, at
#: 100,000 about 13 s, past a gunicorn request's comfort and in the process serving respondents.
EXPORT_JOB_ABOVE = 2000


def selected_responses(survey, filters):
    """How many submitted responses `filters` select: one COUNT, without the summary an export computes."""
    return db.session.execute(select(func.count()).select_from(Response)
                              .where(*Selection(survey, filters).response_clauses())).scalar_one()


def runs_as_job(survey, filters):
    return selected_responses(survey, filters) > setting("EXPORT_JOB_ABOVE", EXPORT_JOB_ABOVE)


def download_name(survey, exporter, filters, publication, day=None):
    """The file's name: filtered figures say so in it too, where a folder of downloads shows them side by side."""
    return (f"{survey.slug}-{day or utcnow():%Y-%m-%d}{FILTERED_SUFFIX if filters else ''}"
            f"{PUBLICATION_SUFFIX if publication else ''}{exporter.extension}")


def start_export(survey, exporter, filters, base, for_publication, actor):
    """Start (or, if the same export is already waiting or running, find) a job writing this export; the Job."""
    options = {"format": exporter.name, "filters": filters.to_dict(), "base": base,
               "for_publication": bool(for_publication)}
    params = {"options": options, "download_name": download_name(survey, exporter, filters, for_publication),
              "media_type": exporter.media_type}
    return start_once("export.file", survey, actor, params)


def run_export(job, progress):
    """Write the export to a file of the job's own, from the start (a rerun after a killed worker starts again)."""
    survey = job_survey(job)
    params = job_params(job)
    options = params["options"]
    exporter = exporters().get(options["format"])
    if exporter is None:
        raise JobError(_("There is no export format called %(name)s.", name=options["format"]))
    files.remove_old()
    work = Export(survey, filters=Filters.from_dict(options["filters"]), base=options.get("base"),
                  for_publication=options["for_publication"])
    # The rows written of the Responses sheet (a for-publication workbook has none, so its total is 0).
    progress.begin(total=0 if work.for_publication else work.summary["respondents"])
    # Committed after each batch: the worker's reads stay short transactions, and its heartbeat moves.
    work.progress = lambda n: progress.step(n, every=0)
    work.heartbeat = progress.beat
    try:
        with files.job_file(job, exporter.extension) as (out, name):
            exporter.write(work, out)
    except (ExportError, SummaryError) as exc:  # such as more rows than a sheet holds: staff narrow it and retry
        raise JobError(str(exc))
    progress.save()
    audit_export(exporter, work, actor_of(job))
    files.remove_replaced(job)
    return {"file": name, "download_name": params["download_name"], "media_type": params["media_type"],
            "responses": work.summary["respondents"]}


def describe_export(result):
    return files.file_lines(result, _("%(name)s is ready: %(n)s responses.", name=result["download_name"],
                                      n=result["responses"]))


KINDS = [JobKind("export.file", _l("Preparing a download"), run_export, describe_export)]
