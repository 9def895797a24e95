"""Deployment: gunicorn.conf.py under a real gunicorn (slow clients, forwarded headers, request limits) and
TRUSTED_PROXIES, the one setting both gunicorn and the app believe X-Forwarded-* headers through."""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from conftest import csrf_token
from server_helpers import wait_until_serving

from survey_engine.config import ConfigError, trusted_proxies
from survey_engine.extensions import db
from survey_engine.models import AuditEvent
from survey_engine.testing import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytest.importorskip("gunicorn", reason="the deployment tests run gunicorn: pip install -e '.[deploy]'")


# --- TRUSTED_PROXIES, in the app ---------------------------------------------------------------------------------

def test_trusted_proxies_are_addresses_or_networks():
    assert trusted_proxies("") == () and trusted_proxies(None) == () and trusted_proxies(0) == ()
    assert trusted_proxies(" 10.0.0.5, 10.1.0.0/16 ,::1") == ("10.0.0.5", "10.1.0.0/16", "::1")
    assert trusted_proxies(["192.0.2.1"]) == ("192.0.2.1",)
    with pytest.raises(ConfigError, match="not an IP address or network"):
        trusted_proxies("proxy.example.org")
    # The number the setting used to take is refused with what to write instead, not read as an address.
    with pytest.raises(ConfigError, match="comma-separated"):
        trusted_proxies(1)


def test_the_setting_comes_from_the_environment_too(instance_path, migrated_database_url, monkeypatch):
    from survey_engine import create_app

    monkeypatch.setenv("SURVEY_ENGINE_TRUSTED_PROXIES", "10.0.0.1,10.0.0.2")
    app = create_app({"TESTING": True, "DATABASE_URL": migrated_database_url})
    assert app.config["TRUSTED_PROXIES"] == ("10.0.0.1", "10.0.0.2")


def failed_login_address(app, peer, forwarded_for=None):
    """The client address the audit log records for a failed login sent from `peer`."""
    client = app.test_client()
    page = client.get("/admin/login", environ_base={"REMOTE_ADDR": peer})
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    client.post("/admin/login", environ_base={"REMOTE_ADDR": peer}, headers=headers,
                data={"email": "nobody@example.org", "password": "x" * 12,
                      "csrf_token": csrf_token(page.get_data(True))})
    with app.app_context():
        return db.session.execute(select(AuditEvent.ip).order_by(AuditEvent.id.desc())).scalars().first()


def test_forwarded_headers_are_believed_only_from_trusted_proxies(make_app):
    app = make_app(TRUSTED_PROXIES="10.0.0.1, 10.0.0.2")
    assert failed_login_address(app, "10.0.0.1", "198.51.100.7") == "198.51.100.7"
    # A chain of trusted proxies gives the client; what the client wrote itself further left is not believed.
    assert failed_login_address(app, "10.0.0.1", "1.2.3.4, 198.51.100.9, 10.0.0.2") == "198.51.100.9"
    # Anyone else's headers are ignored.
    assert failed_login_address(app, "203.0.113.5", "198.51.100.8") == "203.0.113.5"
    https = {"X-Forwarded-Proto": "https"}
    client = app.test_client()
    assert "Strict-Transport-Security" in client.get("/", headers=https,
                                                     environ_base={"REMOTE_ADDR": "10.0.0.2"}).headers
    assert "Strict-Transport-Security" not in client.get("/", headers=https,
                                                         environ_base={"REMOTE_ADDR": "203.0.113.5"}).headers
    # By default no one is trusted, loopback included.
    plain = make_app()
    assert failed_login_address(plain, "127.0.0.1", "198.51.100.7") == "127.0.0.1"


def test_bodies_over_the_limit_get_a_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    response = app.test_client().post("/admin/login", data={"email": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "What was sent is too large" in response.get_data(as_text=True)
    assert make_app().config["MAX_CONTENT_LENGTH"] == 32 * 1024 * 1024


# --- A real gunicorn with gunicorn.conf.py ------------------------------------------------------------------------

@pytest.fixture
def serve(instance_path, migrated_database_url):
    """serve(**env): gunicorn -c gunicorn.conf.py from the project's folder, on a free port; returns its URL."""
    servers = []

    def start(*args, **env):
        port = free_port()
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
        environment.update({"SURVEY_ENGINE_INSTANCE_PATH": str(instance_path),
                            "SURVEY_ENGINE_DATABASE_URL": migrated_database_url,
                            "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
                            "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""), **env})
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *args], cwd=ROOT,
                                  env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        servers.append(server)
        return wait_until_serving(f"http://127.0.0.1:{port}", server, what="gunicorn")

    yield start
    for server in servers:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def raw(url, request_bytes):
    """The first line of the answer to a raw HTTP request."""
    host, port = url.rsplit(":", 1)
    with socket.create_connection((host.split("//")[1], int(port)), timeout=10) as s:
        s.sendall(request_bytes)
        return s.recv(4096).split(b"\r\n", 1)[0].decode()


def test_a_slow_client_does_not_stall_the_site(serve):
    url = serve()
    host, port = url.split("//")[1].split(":")
    # Two clients each declare a body and send it a byte at a time, for longer than the checks below may take.
    slow_seconds, sending = 10.0, []

    def trickle():
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(b"POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: 100000\r\n\r\n")
            sending.append(True)
            end = time.monotonic() + slow_seconds
            while time.monotonic() < end:
                s.sendall(b"a")
                time.sleep(0.5)

    clients = [threading.Thread(target=trickle) for _ in range(2)]
    began = time.monotonic()
    for c in clients:
        c.start()
    while len(sending) < 2:
        time.sleep(0.05)
    time.sleep(1)  # both are now inside the app, reading their bodies
    for _ in range(5):
        with urllib.request.urlopen(url + "/healthz", timeout=slow_seconds * 2) as response:
            assert response.status == 200
    answered = time.monotonic() - began
    for c in clients:
        c.join()
    # Served while the slow clients were still sending. (Run with --worker-class sync --threads 1, the first of these
    # requests waited 16 s, until the slow clients gave up.)
    assert answered < slow_seconds / 2, answered


def test_gunicorn_trusts_forwarded_headers_only_through_trusted_proxies(serve):
    https = {"X-Forwarded-Proto": "https"}
    # gunicorn's own default would believe loopback; the engine's configuration believes no one.
    untrusted = serve(WEB_CONCURRENCY="1")
    with urllib.request.urlopen(urllib.request.Request(untrusted + "/", headers=https), timeout=10) as r:
        assert "Strict-Transport-Security" not in r.headers
    trusted = serve(SURVEY_ENGINE_TRUSTED_PROXIES="127.0.0.1", WEB_CONCURRENCY="1")
    with urllib.request.urlopen(urllib.request.Request(trusted + "/", headers=https), timeout=10) as r:
        assert "Strict-Transport-Security" in r.headers
    # Request limits: an over-long request line is refused by gunicorn itself.
    assert " 414 " in raw(untrusted, b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n") + " "
