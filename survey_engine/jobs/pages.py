"""The staff page following a survey's jobs, refreshing itself (no JavaScript) until they have finished."""
import json

from flask import render_template

from ..admin.public import staff_blueprint, staff_required, survey_or_404
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


def job_title(job):
    kind = kinds().get(job.kind)
    return str(kind.title) if kind else job.kind


def job_lines(job):
    """[(sentence, is_error)] saying what a finished job did."""
    kind = kinds().get(job.kind)
    return kind.describe(json.loads(job.result or "{}")) if kind and job.result else []
