"""`survey-engine worker`: run the job queue's consumer (sending, imports) in this process until stopped."""
import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64),
              help="How many jobs this worker runs at once.")
@with_appcontext
def worker(threads):
    """Run queued jobs (sending invitations, large imports) until stopped with Ctrl+C or SIGTERM.

    A job this worker was running when killed outright is taken up again, from where it stopped, by the next
    worker to look once its heartbeat is JOB_STALE_SECONDS old.
    """
    from ..jobs.queue import queue
    jobs = queue(current_app)
    if jobs.immediate:
        raise click.ClickException("JOB_QUEUE_URL is 'immediate': jobs run where they are started, so there is no "
                                   "queue for a worker to run")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    click.echo(f"Running jobs from {jobs.describe()} with {threads} thread{'s' if threads > 1 else ''}; "
               "Ctrl+C stops.", err=True)
    jobs.start_sweeper()
    jobs.huey.create_consumer(workers=threads, worker_type="thread", periodic=False).run()


COMMANDS = (worker,)
