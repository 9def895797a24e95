"""Two workers sharing a Redis rate-limit store count one account's failed logins together."""
import importlib.util
import os

import pytest
from conftest import login

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")

pytestmark = [
    pytest.mark.skipif(not TEST_REDIS_URL, reason="set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/3) to test it"),
    pytest.mark.skipif(importlib.util.find_spec("redis") is None,
                       reason="the redis client is not installed: python -m pip install -e '.[redis]'"),
]


def test_failures_on_one_worker_count_on_the_other(make_app, make_staff):
    import redis

    store = redis.Redis.from_url(TEST_REDIS_URL)
    store.flushdb()
    first = make_app(RATELIMIT_STORAGE_URI=TEST_REDIS_URL, STAFF_LOGIN_LIMIT_ACCOUNT="3 per hour")
    make_staff("admin@example.org", "admin")
    client = first.test_client()
    for _ in range(3):
        assert login(client, "admin@example.org", "wrong password!").status_code == 200
    # The counts are in Redis, not in this process: the limiter object is shared by every app in it.
    assert store.dbsize() > 0

    second = make_app(RATELIMIT_STORAGE_URI=TEST_REDIS_URL, STAFF_LOGIN_LIMIT_ACCOUNT="3 per hour")
    response = login(second.test_client(), "admin@example.org")
    assert response.status_code == 429 and "Try again in" in response.get_data(as_text=True)
