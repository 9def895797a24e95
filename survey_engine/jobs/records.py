"""Starting a job, claiming it, moving its progress on and finishing it, each audited; and finding stale ones."""
import json
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask import current_app
from sqlalchemy import func, or_, select, update

from ..audit import COMMAND_LINE, record
from ..extensions import db
from ..models import Job, StaffUser, Survey
from ..models._types import utcnow

log = logging.getLogger(__name__)

#: Seconds without a heartbeat after which a running job's worker is taken to have died.
JOB_STALE_SECONDS = 120
#: How many times a job is taken by a worker before one that never finishes is failed.
JOB_MAX_ATTEMPTS = 3


class JobError(RuntimeError):
    """The job cannot go on for a reason staff can act on (its message says what); it is failed, not retried."""


class JobTaken(RuntimeError):
    """Another worker has taken this job (this one was not heard from in time): stop, writing nothing more."""


@dataclass
class JobKind:
    """A kind of job: `run(job, progress)` does the work and returns a dict of what it did (kept as JSON);
    `describe(result)` turns that dict into [(sentence, is_error)] for the survey's page."""

    name: str
    title: str
    run: Callable
    describe: Callable = lambda result: []
    #: Who may download the file a finished job made (its result's "file"): "staff" (analysts too) or "admin".
    download_access: str = "staff"


def kinds():
    """{name: JobKind} from every plugin's register_job_kinds."""
    registry = current_app.extensions["survey_engine"]
    found = {}
    for kinds_ in registry.call("register_job_kinds"):
        for kind in kinds_ or ():
            found[kind.name] = kind
    return found


def setting(name, default):
    value = current_app.config.get(name)
    return default if value in (None, "") else int(value)


def start(kind, survey, actor, params=None, total=0):
    """Record a job of `kind` on `survey` started by `actor`, commit, and put it on the queue; returns the Job."""
    if kind not in kinds():
        raise ValueError(f"no kind of job named {kind!r}")
    actor_id, actor_name = getattr(actor, "id", None), getattr(actor, "email", str(actor or COMMAND_LINE))
    job = Job(kind=kind, survey_id=survey.id if survey else None, params=json.dumps(params or {}), total=total,
              started_by=actor_name[:320], started_by_id=actor_id, status="queued", done=0, result="", error="",
              attempts=0)
    db.session.add(job)
    db.session.flush()
    record("job.started", target=survey.slug if survey else "", detail=f"job {job.id}: {kind}", actor=actor)
    db.session.commit()
    from .queue import enqueue
    enqueue(job.id)
    return job


def start_once(kind, survey, actor, params):
    """The job of `kind` on `survey` with exactly these `params` already queued or running, else a new one started:
    the same work asked for twice (a download link followed again) is done once."""
    text = json.dumps(params)
    waiting = db.session.execute(select(Job).where(Job.kind == kind, Job.survey_id == survey.id, Job.params == text,
                                                   Job.status.in_(("queued", "running")))
                                 .order_by(Job.id.desc())).scalars().first()
    return waiting or start(kind, survey, actor, params=params)


def job_survey(job):
    """The survey job `job` works on; JobError if it was deleted meanwhile."""
    survey = db.session.get(Survey, job.survey_id) if job.survey_id else None
    if survey is None:
        raise JobError("the survey was deleted")
    return survey


def job_params(job):
    return json.loads(job.params or "{}")


def actor_of(job):
    """Who the job acts for in the audit log: the staff account that started it, or the name it was started by."""
    if job.started_by_id is not None:
        user = db.session.get(StaffUser, job.started_by_id)
        if user is not None:
            return user
    return job.started_by or COMMAND_LINE


class Progress:
    """Moves a running job's done count and heartbeat on; `step` commits, `note` joins the caller's transaction."""

    def __init__(self, job):
        self.job_id, self.done, self.total = job.id, job.done, job.total
        self.claimed_at = job.claimed_at
        self._committed = 0.0

    def _mine(self):
        """The job's row while this worker's claim on it holds."""
        return update(Job).where(Job.id == self.job_id, Job.claimed_at == self.claimed_at)

    def _values(self, **values):
        # In the work's own transaction: if another worker took the job, the work done since the last commit is
        # rolled back with it rather than written twice.
        if not db.session.execute(self._mine().values(heartbeat_at=utcnow(), **values)
                                  .execution_options(synchronize_session=False)).rowcount:
            raise JobTaken(f"job {self.job_id} was taken by another worker")

    def begin(self, total, done=0, commit=True):
        self.total, self.done = total, done
        self._values(total=total, done=done)
        if commit:
            db.session.commit()

    def note(self, n=1):
        """Count `n` more done in the caller's transaction, so the count and the work commit together."""
        self.done += n
        self._values(done=self.done)

    def step(self, n=1, every=1.0):
        """Count `n` more done; commit it if `every` seconds have passed since the last, else leave it to ride on
        the work's own next commit (sending commits twice a message: a third commit each slowed it by a third)."""
        self.note(n)
        now = time.monotonic()
        if now - self._committed >= every:
            db.session.commit()
            self._committed = now

    def beat(self):
        """Move only the heartbeat on, through a connection of its own: the caller's transaction, and any rows it is
        streaming, are left alone (an export's Comments sheet reads one long query)."""
        with db.engine.begin() as connection:
            if not connection.execute(self._mine().values(heartbeat_at=utcnow())).rowcount:
                raise JobTaken(f"job {self.job_id} was taken by another worker")

    def save(self):
        """Commit the count as it stands (at the end of the work, whose last commit may have been before it)."""
        self._values(done=self.done)
        db.session.commit()


def claim(job_id):
    """Take job `job_id` for this worker if it is queued, or running with a stale heartbeat; the Job, or None."""
    stale = utcnow() - timedelta(seconds=setting("JOB_STALE_SECONDS", JOB_STALE_SECONDS))
    now = utcnow()
    taken = db.session.execute(
        update(Job).where(Job.id == job_id, or_(Job.status == "queued",
                                                (Job.status == "running") & (Job.heartbeat_at < stale)))
        .values(status="running", claimed_at=now, heartbeat_at=now, attempts=Job.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return db.session.get(Job, job_id) if taken else None


def _target(job):
    survey = db.session.get(Survey, job.survey_id) if job.survey_id else None
    return survey.slug if survey else ""


def finish(job, result):
    claimed_at = job.claimed_at
    if not db.session.execute(update(Job).where(Job.id == job.id, Job.claimed_at == claimed_at)
                              .values(status="complete", result=json.dumps(result), error="", finished_at=utcnow())
                              .execution_options(synchronize_session=False)).rowcount:
        db.session.rollback()
        log.warning("job %s: finished here, but another worker had taken it; its run counts", job.id)
        return
    job = db.session.get(Job, job.id)
    db.session.refresh(job)
    record("job.finished", target=_target(job), detail=f"job {job.id}: {job.kind} complete", actor=actor_of(job))
    db.session.commit()


def fail(job_id, message, claimed_at=None):
    """Fail job `job_id`; given `claimed_at`, only while that claim on it holds."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if claimed_at is not None and job.claimed_at != claimed_at:
        log.warning("job %s: failed here (%s), but another worker had taken it", job_id, message)
        return
    job.status, job.error, job.finished_at = "failed", message, utcnow()
    record("job.failed", target=_target(job), detail=f"job {job.id}: {job.kind} failed: {message}"[:2000],
           actor=actor_of(job))
    db.session.commit()


def run(job_id, retries_left=0):
    """Claim and do job `job_id` (the queue's task body, inside an app context). Errors staff can act on fail
    the job; anything else puts it back on the queue while Huey has retries left, then fails it."""
    job = claim(job_id)
    if job is None:
        return  # finished, or running in a live worker elsewhere
    kind = kinds().get(job.kind)
    if kind is None:
        fail(job_id, f"no plugin provides jobs of kind {job.kind!r} here")
        return
    if job.attempts > setting("JOB_MAX_ATTEMPTS", JOB_MAX_ATTEMPTS):
        fail(job_id, f"a worker took this job {job.attempts - 1} times without finishing it (it may have been "
                     "killed each time); start it again once the cause is found")
        return
    claimed_at = job.claimed_at
    try:
        with _heartbeat(job_id, claimed_at):
            result = kind.run(job, Progress(job))
    except JobTaken:
        db.session.rollback()
        log.warning("job %s: another worker took it; this one stops", job_id)
        return
    except JobError as exc:
        fail(job_id, str(exc), claimed_at)
        return
    except Exception as exc:
        db.session.rollback()
        if retries_left:
            log.exception("job %s failed; the queue tries again", job_id)
            db.session.execute(update(Job).where(Job.id == job_id, Job.claimed_at == claimed_at)
                               .values(status="queued", heartbeat_at=utcnow(), error=str(exc)[:2000]))
            db.session.commit()
            raise
        log.exception("job %s failed", job_id)
        fail(job_id, f"it stopped with an error: {type(exc).__name__}: {exc}"[:2000], claimed_at)
        return
    finish(job, result or {})


@contextmanager
def _heartbeat(job_id, claimed_at):
    """Move the job's heartbeat on from a thread of its own while its work runs in this process.

    Work that commits no progress for a while (checking every row of a large file before writing any, building
    a summary, laying out a PDF) must not look like a dead worker, or a sweep would hand the job to a second
    worker while this one goes on. The thread dies with the process, so a killed worker's heartbeat still stops.
    """
    app = current_app._get_current_object()
    every = max(setting("JOB_STALE_SECONDS", JOB_STALE_SECONDS) / 4, 0.5)
    stop = threading.Event()

    def beat():
        with app.app_context():
            while not stop.wait(every):
                try:
                    with db.engine.begin() as connection:
                        connection.execute(update(Job).where(Job.id == job_id, Job.claimed_at == claimed_at,
                                                             Job.status == "running").values(heartbeat_at=utcnow()))
                except Exception:  # a locked or unreachable database: the next beat tries again
                    log.warning("job %s: could not move its heartbeat on", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def requeue_stale():
    """Queue again each job left running by a worker that died (its heartbeat is older than JOB_STALE_SECONDS),
    and each job queued that long ago that no worker has taken (its message lost: the process was killed between
    committing the job and enqueueing it, or Redis was flushed); each audited. Returns their ids.

    The job's own work resumes where it stopped (e.g. sending skips what was sent). Huey may still hold a queued
    job's first message (a busy queue): two messages are harmless, as `claim` lets one worker take a job."""
    stale = utcnow() - timedelta(seconds=setting("JOB_STALE_SECONDS", JOB_STALE_SECONDS))
    ids = []
    for job in db.session.execute(select(Job).where(Job.status == "running", Job.heartbeat_at < stale)).scalars().all():
        if _put_back(job, (Job.status == "running") & (Job.heartbeat_at < stale), status="queued"):
            record("job.resumed", target=_target(job), actor=actor_of(job),
                   detail=f"job {job.id}: {job.kind}: its worker stopped after {job.done} of {job.total} (last heard "
                          f"from at {job.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC); queued again to finish the rest")
            ids.append(job.id)
        db.session.commit()
    for job in db.session.execute(select(Job).where(Job.status == "queued", queued_at() < stale)).scalars().all():
        if _put_back(job, (Job.status == "queued") & (queued_at() < stale)):
            record("job.resumed", target=_target(job), actor=actor_of(job),
                   detail=f"job {job.id}: {job.kind}: queued at {job.heartbeat_at or job.created_at:%Y-%m-%d %H:%M:%S} "
                          "UTC and no worker took it since (its place on the queue may have been lost); queued again")
            ids.append(job.id)
        db.session.commit()
    from .queue import enqueue
    for job_id in ids:
        enqueue(job_id)
    return ids


def queued_at():
    """When a queued job was last put on the queue: its heartbeat once a sweep has put it back, else its start."""
    return func.coalesce(Job.heartbeat_at, Job.created_at)


def _put_back(job, still, **values):
    """Mark `job` put on the queue now if `still` holds of it (so of several sweepers, one puts it back)."""
    return db.session.execute(update(Job).where(Job.id == job.id, still).values(heartbeat_at=utcnow(), **values)
                              .execution_options(synchronize_session=False)).rowcount


def queued_ids():
    return db.session.execute(select(Job.id).where(Job.status == "queued")).scalars().all()


def recent_jobs(survey, limit=5):
    """The survey's latest jobs, newest first, for its page."""
    return db.session.execute(select(Job).where(Job.survey_id == survey.id).order_by(Job.id.desc()).limit(limit)) \
        .scalars().all()
