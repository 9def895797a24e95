"""Fixtures: survey_engine.testing's (an app over a temporary instance folder, on SQLite or on TEST_DATABASE_URL's
PostgreSQL, respondents, staff, a mail server), and a demo server for the tests in a real browser."""
import os
import sys

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
    from server_helpers import demo_process

    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
    env["SURVEY_ENGINE_INSTANCE_PATH"] = str(tmp_path / "instance")
    with demo_process(env) as url:
        yield url, env
