"""Helpers for tests that start the engine as a real server: waiting until it answers, and the demo as a process."""
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from survey_engine.testing import free_port


def wait_until_serving(url, process, path="/healthz", what="the server", output=None, timeout=60):
    """Return `url` once `url + path` answers; fail, with the process's output, if it answers an HTTP error, stops,
    or is still not answering after `timeout` seconds. `output()` reads what it wrote (default: its stdout)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url + path, timeout=2)
            return url
        except urllib.error.HTTPError as exc:
            pytest.fail(f"{path} answered {exc.code}")
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{what} did not start:\n" + (output() if output else process.stdout.read()))
            time.sleep(0.2)


@contextmanager
def demo_process(env, port=None):
    """`survey-engine demo` serving with `env` on `port` (a free one by default) until the block ends; its URL."""
    port = port or free_port()
    server = subprocess.Popen([sys.executable, "-m", "survey_engine.cli", "demo", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield wait_until_serving(f"http://127.0.0.1:{port}", server, path="/", what="the demo server")
    finally:
        server.terminate()
        server.wait(timeout=10)
