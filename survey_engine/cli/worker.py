"""`survey-engine worker`: run the job queue's consumer (sending, imports, exports) in this process until stopped."""
import logging
import os

import click
from flask import current_app
from flask.cli import with_appcontext

#: How far `survey-engine worker` lowers its CPU priority (os.nice): 10 of 19.
JOB_WORKER_NICE = 10


@click.command("worker")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64),
              help="How many jobs this worker runs at once.")
@with_appcontext
def worker(threads):
    """Run queued jobs (sending invitations, large imports and exports) until stopped with Ctrl+C or SIGTERM.

    A job this worker was running when killed outright is taken up again, from where it stopped, by the next
    worker to look once its heartbeat is JOB_STALE_SECONDS old.
    """
    from ..jobs.queue import queue
    jobs = queue(current_app)
    if jobs.immediate:
        raise click.ClickException("JOB_QUEUE_URL is 'immediate': jobs run where they are started, so there is no "
                                   "queue for a worker to run")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    lower_priority(current_app)
    click.echo(f"Running jobs from {jobs.describe()} with {threads} thread{'s' if threads > 1 else ''}; "
               "Ctrl+C stops.", err=True)
    jobs.start_sweeper()
    jobs.huey.create_consumer(workers=threads, worker_type="thread", periodic=False).run()


def lower_priority(app):
    """Give the CPU to the servers first: a job (an export of 100,000 responses takes a minute of CPU) yields to
    respondents' requests on a shared machine, and takes what they leave."""
    value = app.config.get("JOB_WORKER_NICE")
    steps = JOB_WORKER_NICE if value in (None, "") else int(value)
    if steps > 0:
        os.nice(steps)


COMMANDS = (worker,)
