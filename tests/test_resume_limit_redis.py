"""Two workers sharing a Redis rate-limit store count one survey's wrong "come back" codes together."""
import importlib.util
import os

import pytest
from conftest import Respondent

from survey_engine.surveys import create_survey

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")

pytestmark = [
    pytest.mark.skipif(not TEST_REDIS_URL, reason="set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/3) to test it"),
    pytest.mark.skipif(importlib.util.find_spec("redis") is None,
                       reason="the redis client is not installed: python -m pip install -e '.[redis]'"),
]


def wrong_code(app, address):
    r = Respondent(app.test_client(), "trusts")
    r.get("/s/trusts/resume", environ_base={"REMOTE_ADDR": address})
    return r.post("/s/trusts/resume", {"code": "AAAA-BBBB-CCCC"}, environ_base={"REMOTE_ADDR": address})


def test_wrong_codes_on_one_worker_count_on_the_other(make_app):
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    settings = {"RATELIMIT_STORAGE_URI": TEST_REDIS_URL, "RESUME_CODE_SURVEY_LIMIT": "4 per hour"}
    first = make_app(**settings)
    with first.app_context():
        create_survey("trust-survey", "trusts", status="open")
    for n in range(4):
        assert wrong_code(first, f"10.1.0.{n}").status_code == 200
    second = make_app(**settings)
    stopped = wrong_code(second, "10.1.0.9")
    assert stopped.status_code == 429 and "Try again in" in stopped.get_data(as_text=True)
