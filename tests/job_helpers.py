"""Helpers for tests of jobs: a slow loopback mail server, and engine processes (workers, servers) as subprocesses."""
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pytest

from server_helpers import wait_until_serving

from survey_engine.testing import Inbox, MailServer, free_port, smtp_controller

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SlowInbox(Inbox):
    """An Inbox taking `delay` seconds over each message before keeping it, as a busy mail server does."""

    def __init__(self, delay):
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class SlowMailServer(MailServer):
    def __init__(self, delay=0.2):
        self.inbox = SlowInbox(delay)
        self.controller = smtp_controller(self.inbox)


def environment(instance_path, database_url, **settings):
    """The environment of an engine subprocess: this checkout, this instance folder and database, and `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
    env.update({"SURVEY_ENGINE_INSTANCE_PATH": str(instance_path), "SURVEY_ENGINE_DATABASE_URL": database_url,
                "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")})
    env.update({f"SURVEY_ENGINE_{k}": str(v) for k, v in settings.items()})
    return env


class Processes:
    """Engine subprocesses started by a test, stopped (and their output kept) at its end."""

    def __init__(self):
        self.started = []

    def worker(self, env):
        """`survey-engine worker` in a subprocess."""
        return self._start([sys.executable, "-m", "survey_engine.cli", "worker"], env)

    def _start(self, command, env):
        # Output to a file, not a pipe: a pipe nobody reads fills up and stops the process mid-write.
        log = tempfile.TemporaryFile(mode="w+")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        process.log = log
        self.started.append(process)
        return process

    def server(self, env, gunicorn=False, workers=2):
        """The engine serving on a free port (gunicorn -c gunicorn.conf.py, or `survey-engine run`); its URL."""
        port = free_port()
        if gunicorn:
            env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))
            command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        else:
            command = [sys.executable, "-m", "survey_engine.cli", "run", "--port", str(port), "--no-reload",
                       "--with-threads"]
        process = self._start(command, env)
        return wait_until_serving(f"http://127.0.0.1:{port}", process, output=lambda: output(process))

    def stop(self):
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def output(process):
    """What a process started by Processes has written so far."""
    process.log.seek(0)
    return process.log.read()


@pytest.fixture
def processes():
    started = Processes()
    yield started
    started.stop()


def wait_for(check, timeout=60, every=0.1, what="the condition"):
    """Poll `check()` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


class HttpResponse:
    """A real server's answer, read like a Flask test client's (status_code, headers, get_data)."""

    def __init__(self, status, headers, body):
        self.status_code, self.headers, self.body = status, headers, body

    def get_data(self, as_text=False):
        return self.body.decode("utf-8") if as_text else self.body


class HttpClient:
    """A browser over real HTTP with its own cookies, used where tests take a Flask test client (e.g. Respondent)."""

    def __init__(self, base_url):
        import http.cookiejar

        class NoRedirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects)

    def open(self, url, data=None):
        import urllib.parse
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url if url.startswith("http") else self.base_url + url, data=body)
        try:
            with self.opener.open(request, timeout=60) as response:
                return HttpResponse(response.status, response.headers, response.read())
        except urllib.error.HTTPError as exc:
            return HttpResponse(exc.code, exc.headers, exc.read())

    def get(self, url, **kwargs):
        return self.open(url)

    def post(self, url, data=None, **kwargs):
        return self.open(url, data or {})


def dies_on_the_fourth_batch(monkeypatch):
    """Make a batched import's worker stop as a killed one would, as its fourth batch is counted: the three before
    are committed, nothing after runs (Huey takes KeyboardInterrupt as its worker's exit, leaving the job running)."""
    from survey_engine.jobs import records
    real_note, calls = records.Progress.note, []

    def note(self, n=1):
        calls.append(n)
        if len(calls) == 4:
            raise KeyboardInterrupt
        real_note(self, n)
    monkeypatch.setattr(records.Progress, "note", note)
