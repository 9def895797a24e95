"""Fixtures: survey_engine.testing's (an app over a temporary instance folder, on SQLite or on TEST_DATABASE_URL's
PostgreSQL, respondents, staff, a mail server), and a demo server for the tests in a real browser."""
import os
import subprocess
import sys
import time
import urllib.request

import pytest

# Asserts in the plugin's helpers (Respondent, login...) explain themselves when they fail; a module the
# pytest11 entry point has already imported can no longer be rewritten.
if "survey_engine.testing" not in sys.modules:
    pytest.register_assert_rewrite("survey_engine.testing")

from survey_engine.testing import (CSRF, STAFF_PASSWORD, TEST_DATABASE_URL, Respondent,  # noqa: F401,E402
                                   csrf_token, free_port, logged_in_client, login, post_form, wait_until_blocked)

# Listed as well as loaded through the pytest11 entry point, so that a checkout whose installed metadata predates
# the entry point has the fixtures too; the entry point is named after the module, so pytest loads it once.
# pytester runs a plugin author's suite in tests/test_testing_plugin.py.
pytest_plugins = ["survey_engine.testing", "pytester"]


@pytest.fixture
def demo_server(tmp_path):
    """`survey-engine demo` serving a fresh instance folder on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
    env["SURVEY_ENGINE_INSTANCE_PATH"] = str(tmp_path / "instance")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "survey_engine.cli", "demo", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the demo server did not start:\n" + server.stdout.read())
            time.sleep(0.2)
    yield url, env
    server.terminate()
    server.wait(timeout=10)
