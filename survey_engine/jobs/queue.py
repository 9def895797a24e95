"""The job queue (Huey): in a SQLite file in the instance folder by default, in Redis with JOB_QUEUE_URL, or run at
once with JOB_QUEUE_URL=immediate; and the worker that runs it inside the app's own process when none is separate.

Huey rather than RQ: RQ needs Redis always, and `survey-engine demo` must still do everything with one command.
"""
import logging
import os
import threading

from flask import current_app

log = logging.getLogger(__name__)

#: Jobs a worker gives up on in Huey (an unexpected error) are tried this many more times, this many seconds apart.
RETRIES, RETRY_DELAY = 2, 10


class JobQueue:
    """One app's Huey, with the task that runs a job; and the sweep for jobs whose worker died."""

    def __init__(self, app):
        self.app = app
        url = self.url = (app.config.get("JOB_QUEUE_URL") or "").strip()
        self.immediate = url == "immediate"
        #: Whether a process serving pages also runs jobs, in a thread: by default when the queue is the instance
        #: folder's SQLite file (one machine), not when it is in Redis (where `survey-engine worker`s run them).
        in_process = app.config.get("JOB_WORKER_IN_PROCESS")
        self.in_process = (not url) if in_process is None else str(in_process).lower() in ("1", "true", "yes", "on")
        self._thread, self._pid, self._stopped, self._starting = None, None, threading.Event(), threading.Lock()
        self._made, self._making = None, threading.Lock()

    @property
    def huey(self):
        """The Huey, made on first use: Huey imports Redis's and PostgreSQL's clients, which most commands never use."""
        return self._make()[0]

    @property
    def run_job(self):
        """The Huey task that runs a job by its id."""
        return self._make()[1]

    def _make(self):
        if self._made is None:
            with self._making:
                if self._made is None:
                    self._made = self._make_huey()
        return self._made

    def _make_huey(self):
        from huey import RedisHuey, SqliteHuey
        from huey.api import MemoryHuey

        app, url = self.app, self.url
        if self.immediate:
            huey = MemoryHuey("survey-engine", immediate=True)
        elif url.startswith(("redis://", "rediss://", "unix://")):
            huey = RedisHuey("survey-engine", url=url)
        else:
            path = url.removeprefix("sqlite:///") if url else os.path.join(app.instance_path, "jobs.sqlite3")
            huey = SqliteHuey("survey-engine", filename=path)

        @huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True, name="survey_engine.jobs.run")
        def run_job(job_id, task=None):
            from .records import run
            with app.app_context():
                run(job_id, retries_left=task.retries if task is not None else 0)

        return huey, run_job

    def sweep(self):
        """Queue again jobs whose worker died, and any job queued in the database but lost from the queue."""
        from . import files
        from .records import requeue_stale
        from .imports import remove_old_uploads
        files.remove_old()  # files jobs made, kept JOB_FILES_KEEP_HOURS
        remove_old_uploads()  # files uploaded for jobs that ended without removing them
        return requeue_stale()

    def describe(self):
        """Where the queue is, without any password in its URL."""
        from urllib.parse import urlsplit
        url = self.url
        if not url:
            return self.huey.storage.filename
        parts = urlsplit(url)
        return parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")).geturl() \
            if parts.hostname else url

    def enqueue(self, job_id):
        if not self.immediate and self.in_process:
            self.start_thread()
        self.run_job(job_id)

    def start_thread(self):
        """Run this queue in a daemon thread of this process, once per process (a forked worker starts its own)."""
        if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
            return
        with self._starting:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._consume, name="survey-engine-jobs", daemon=True)
            self._thread.start()

    def start_sweeper(self):
        """A daemon thread queueing again, every half JOB_STALE_SECONDS, jobs whose worker died."""
        threading.Thread(target=self._sweep_often, name="survey-engine-job-sweeper", daemon=True).start()

    def stop(self):
        """Stop this process's job thread and sweeper after the job in hand (tests; a server just exits)."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _sweep_often(self):
        from .records import JOB_STALE_SECONDS
        stale = self.app.config.get("JOB_STALE_SECONDS")
        every = max(1, int(JOB_STALE_SECONDS if stale in (None, "") else stale) / 2)
        while not self._stopped.is_set():
            with self.app.app_context():
                try:
                    self.sweep()
                except Exception:  # noqa: BLE001 - a sweep that fails (database away) is tried again later
                    log.exception("the sweep for jobs whose worker died failed")
            self._stopped.wait(every)

    def _consume(self):
        self.start_sweeper()
        while not self._stopped.is_set():
            try:
                task = self.huey.dequeue()
                if task is None:
                    self._stopped.wait(0.5)
                    continue
                self.huey.execute(task)
            except Exception:  # noqa: BLE001 - one job's failure is recorded on it; the thread goes on
                log.exception("a job failed in the in-process worker")


def queue(app=None):
    return (app or current_app).extensions["jobs"]


def enqueue(job_id):
    queue().enqueue(job_id)


def init_app(app):
    """The app's queue, the page following a survey's jobs, and the helpers its templates use."""
    from .pages import bp, job_download, job_lines, job_title
    from .records import recent_jobs

    jobs = app.extensions["jobs"] = JobQueue(app)
    app.register_blueprint(bp)

    if jobs.in_process and not jobs.immediate:
        @app.before_request
        def run_jobs_here():
            # A server that runs its own jobs (`survey-engine run`, `demo`, gunicorn on one machine) starts its job
            # thread on its first request, so a job queued before a restart is taken up without a new one.
            jobs.start_thread()
    app.jinja_env.globals.update(survey_jobs=recent_jobs, job_title=job_title, job_lines=job_lines,
                                  job_download=job_download)
