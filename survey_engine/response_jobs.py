"""Importing a large responses file as a job run off the request (a kind registered through register_job_kinds)."""
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from .extensions import db
from .hookspecs import hookimpl
from .importing import ImportFileError
from .jobs import JobError, JobKind, actor_of, job_params
from .jobs.imports import remove_file
from .models import Survey

#: How many of a wrong file's problems a job keeps to show (the count says how many there were).
KEPT_ERRORS = 1000


def run_import(job, progress):
    """Import a responses file saved in the instance folder: checked whole first, then written in short batches; a
    resumed job skips the batches its first worker committed."""
    survey = db.session.get(Survey, job.survey_id)
    if survey is None:
        raise JobError("the survey was deleted")
    params = job_params(job)
    from .responses import import_responses
    try:
        result = import_responses(survey, params["path"], actor_of(job), name=params.get("filename"),
                                  progress=progress, resume=job.attempts > 1)
    except ImportFileError as exc:
        remove_file(params["path"])
        raise JobError(str(exc))
    remove_file(params["path"])  # any wrong rows are quoted in the result
    return {"imported": result.imported, "errors": [list(e) for e in result.errors[:KEPT_ERRORS]],
            "error_count": len(result.errors)}


def describe_import(result):
    if result.get("error_count"):
        lines = [(ngettext("%(num)s row cannot be imported, so nothing was imported; correct the file and upload it "
                           "again.", "%(num)s rows cannot be imported, so nothing was imported; correct the file and "
                           "upload it again.", result["error_count"]), True)]
        lines += [(_("Line %(line)s: %(reason)s", line=line, reason=reason), True) for line, reason in result["errors"]]
        if result["error_count"] > len(result["errors"]):
            lines.append((_("…and %(n)s more rows (the first %(shown)s are listed).",
                            n=result["error_count"] - len(result["errors"]), shown=len(result["errors"])), True))
        return lines
    return [(ngettext("Imported %(num)s response.", "Imported %(num)s responses.", result["imported"]), False)]


@hookimpl
def register_job_kinds():
    return [JobKind("responses.import", _l("Importing responses"), run_import, describe_import)]
