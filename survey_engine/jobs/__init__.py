"""Long work run off the request: staff or the command line start a job, a worker runs it, the job row says how far.

The queue (queue.py, Huey) carries only a job's id; the `job` table (models/job.py) is the truth. A worker claims a
job, moves its heartbeat on as the work goes, and finishes it; a job left "running" with an old heartbeat was left
by a worker that died, and is queued again (or failed, after JOB_MAX_ATTEMPTS) by the next worker to look; so is a
job left "queued" that long, whose message the queue lost.
Kinds of job come from the `register_job_kinds` hook: each is a JobKind with the function that does the work.
"""
from .records import JobError, JobKind, Progress, actor_of, job_params, kinds, recent_jobs, start  # noqa: F401
from .queue import init_app  # noqa: F401
