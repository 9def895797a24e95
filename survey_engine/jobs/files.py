"""The files jobs make for staff to download (exports, report PDFs): kept in instance/job-files/downloads/ under
names nobody can guess, written whole or not at all, and removed after JOB_FILES_KEEP_HOURS or when replaced."""
import glob
import json
import os
import secrets
import time
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import select

#: Hours a finished job's file is kept for staff to download.
JOB_FILES_KEEP_HOURS = 24
#: What a file being written ends with: never offered, and removed when its job runs again.
PARTIAL = ".part"


def folder():
    path = os.path.join(current_app.instance_path, "job-files", "downloads")
    os.makedirs(path, exist_ok=True)
    return path


def keep_seconds():
    value = current_app.config.get("JOB_FILES_KEEP_HOURS")
    return float(JOB_FILES_KEEP_HOURS if value in (None, "") else value) * 3600


@contextmanager
def job_file(job, extension):
    """Yield (a binary file, its final name) to write job `job`'s output to: renamed to that name once written
    whole, removed on any error. A rerun of a job whose worker was killed first removes what it left half-written."""
    remove_partial(job.id)
    name = f"{job.id}-{secrets.token_urlsafe(24)}{extension}"
    path = os.path.join(folder(), name)
    partial = path + PARTIAL
    try:
        with open(partial, "wb") as out:
            yield out, name
        os.replace(partial, path)
    except BaseException:
        _remove(partial)
        raise


def remove_partial(job_id):
    for path in glob.glob(os.path.join(folder(), f"{int(job_id)}-*{PARTIAL}")):
        _remove(path)


def path_of(name):
    """The path of a finished file called `name` (as a job's result names it), or None if it is gone."""
    if not name or os.path.basename(name) != name or name.endswith(PARTIAL) or name.startswith("."):
        return None
    path = os.path.join(folder(), name)
    return path if os.path.isfile(path) else None


def remove(name):
    path = path_of(name)
    if path:
        _remove(path)


def remove_old(now=None):
    """Remove files (finished or left half-written by a dead worker) older than JOB_FILES_KEEP_HOURS; their names."""
    limit = (now or time.time()) - keep_seconds()
    removed = []
    for entry in os.scandir(folder()):
        try:
            if entry.is_file() and entry.stat().st_mtime < limit:
                os.remove(entry.path)
                removed.append(entry.name)
        except OSError:
            pass
    return removed


def remove_replaced(job):
    """Remove the files of earlier finished jobs of `job`'s kind on its survey made with the same options: the newer
    file has the same figures and any responses since. Returns their names."""
    from ..extensions import db
    from ..models import Job
    options = json.loads(job.params or "{}").get("options")
    removed = []
    for older in db.session.execute(select(Job).where(Job.kind == job.kind, Job.survey_id == job.survey_id,
                                                      Job.status == "complete", Job.id < job.id)).scalars():
        if json.loads(older.params or "{}").get("options") == options:
            name = json.loads(older.result or "{}").get("file")
            if path_of(name):
                remove(name)
                removed.append(name)
    return removed


def file_lines(result, ready):
    """A finished file job's line for the survey's page: `ready`, or that its file has since been removed."""
    from flask_babel import gettext as _
    if path_of(result.get("file")) is None:
        return [(_("The file %(name)s was removed (files are kept for a day, or until the same one is made again); "
                   "download again to make a new one.", name=result.get("download_name")), False)]
    return [(ready, False)]


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass
