"""The staff page following a survey's jobs, refreshing itself (no JavaScript) until they have finished; and the
download of the file a finished job made."""
import json

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..admin.public import staff_blueprint, staff_required, survey_or_404
from ..audit import record
from ..extensions import db
from ..models import Job
from . import files
from .records import kinds, recent_jobs

bp = staff_blueprint("jobs", __name__)

#: Seconds between refreshes of a page following a running job.
REFRESH = 3


@bp.route("/surveys/<slug>/jobs")
@staff_required
def survey_jobs(slug):
    """The survey's recent jobs with their progress; refreshes itself while one is queued or running."""
    survey = survey_or_404(slug)
    jobs = recent_jobs(survey, limit=20)
    running = any(job.status in ("queued", "running") for job in jobs)
    return render_template("admin/jobs/survey_jobs.html", survey=survey, jobs=jobs, running=running, refresh=REFRESH)


@bp.route("/surveys/<slug>/jobs/<int:job_id>/download")
@staff_required
def download(slug, job_id):
    """The file a finished job of this survey made (an export, a report PDF), under the name the request gave it."""
    survey = survey_or_404(slug)
    job = db.session.get(Job, job_id)
    if job is None or job.survey_id != survey.id or job.status != "complete":
        abort(404)
    kind = kinds().get(job.kind)
    if kind is None or (kind.download_access == "admin" and not current_user.is_admin):
        abort(403)
    result = json.loads(job.result or "{}")
    path = files.path_of(result.get("file"))
    if path is None:
        flash(_("That file was removed: files are kept for a day, or until the same one is made again. Download "
                "again to make a new one."), "error")
        return redirect(url_for("admin.survey", slug=slug, _anchor="jobs"))
    # Who took the data away, as each download in the request was recorded (the job recorded what it wrote).
    record("job.downloaded", target=survey.slug, detail=f"job {job.id}: {job.kind}: {result['download_name']}",
           actor=current_user._get_current_object())
    db.session.commit()
    return send_file(path, mimetype=result.get("media_type"), as_attachment=True,
                     download_name=result["download_name"])


def job_download(job, survey):
    """(address, file name) of the file a finished job of `survey` made, while it is kept; else None."""
    result = json.loads(job.result or "{}") if job.status == "complete" else {}
    if files.path_of(result.get("file")) is None:
        return None
    return url_for("jobs.download", slug=survey.slug, job_id=job.id), result["download_name"]


def job_title(job):
    kind = kinds().get(job.kind)
    return str(kind.title) if kind else job.kind


def job_lines(job):
    """[(sentence, is_error)] saying what a finished job did."""
    kind = kinds().get(job.kind)
    return kind.describe(json.loads(job.result or "{}")) if kind and job.result else []
