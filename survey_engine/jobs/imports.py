"""What every import run as a job shares: the uploaded file kept for the worker, the audit entry counting the
batches committed so far, and the command line's progress bar taking the same counts."""
import os
import uuid

from flask import current_app

from ..audit import record
from ..extensions import db
from ..importing import ImportFileError

#: Files of more rows than this are imported by a job, off the request.
JOB_ROWS = 300


def start_file_job(kind, survey, filename, data, actor, **params):
    """Keep an uploaded .csv or .xlsx file in the instance folder and start a job of `kind` on it (records.start)."""
    from .records import start
    extension = os.path.splitext(filename)[1].lower()
    if extension not in (".csv", ".xlsx"):
        raise ImportFileError(f"{os.path.basename(filename)}: only .csv and .xlsx files can be imported")
    folder = os.path.join(current_app.instance_path, "job-files")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{uuid.uuid4().hex}{extension}")
    with open(path, "wb") as f:
        f.write(data)
    return start(kind, survey, actor, params=dict(params, path=path, filename=os.path.basename(filename)))


def remove_file(path):
    """Forget a job's uploaded file once its import has an outcome (its result quotes any wrong rows): it holds
    respondents' or contacts' personal data."""
    try:
        os.remove(path)
    except OSError:
        pass


def remove_old_uploads(now=None):
    """Remove uploaded files older than JOB_FILES_KEEP_HOURS that no queued or running job still needs (a job
    failed by an unexpected error keeps its file for Huey's retries); their names."""
    import time

    from sqlalchemy import select

    from ..models import Job
    from .files import keep_seconds
    from .records import job_params
    folder = os.path.join(current_app.instance_path, "job-files")
    if not os.path.isdir(folder):
        return []
    needed = {os.path.basename(job_params(job).get("path") or "")
              for job in db.session.execute(select(Job).where(Job.status.in_(("queued", "running")))).scalars()}
    limit = (now or time.time()) - keep_seconds()
    removed = []
    for entry in os.scandir(folder):
        try:
            if entry.is_file() and entry.name not in needed and entry.stat().st_mtime < limit:
                os.remove(entry.path)
                removed.append(entry.name)
        except OSError:
            pass
    return removed


class BatchAudit:
    """The `batches(n, total)` of a batched import: each batch moves `progress` on, in the batch's transaction, with
    the import's audit entry, made with the first batch, so an import stopped part-way says how far it got.

    `already`: how many an interrupted run wrote (progress's count on a resumed job); `finish` says the whole.
    """

    def __init__(self, progress, action, survey, actor, noun, filename, already=0):
        self.progress, self.action, self.survey, self.actor = progress, action, survey, actor
        self.noun, self.filename, self.already = noun, filename, already
        self.event, self.count = None, 0

    def __call__(self, n, total):
        if self.event is None:
            self.progress.begin(total=total, done=self.already, commit=False)
            self.event = record(self.action, target=self.survey.slug, actor=self.actor, detail="")
        self.count += n
        self.event.detail = f"{self.count} {self.noun} from {self.filename} so far: the import had not finished"
        self.progress.note(n)

    def finish(self, more=""):
        """Write the entry's final words (`more` added to them) and commit."""
        detail = f"{self.count} {self.noun} from {self.filename}" + (
            f" (finishing an import stopped after {self.already})" if self.already else "") + more
        if self.event is not None:
            self.event.detail = detail
        else:
            record(self.action, target=self.survey.slug, detail=detail, actor=self.actor)
        db.session.commit()


class BarProgress:
    """A click progress bar taking a batched import's counts, as jobs.Progress takes a job's."""

    def __init__(self, bar):
        self.bar, self.done, self.total = bar, 0, 0

    def begin(self, total, done=0, commit=True):
        self.total, self.done = total, done
        self.bar.length = total

    def note(self, n=1):
        self.done += n
        self.bar.update(n)

    step = note
