"""gunicorn's settings for survey-engine: `gunicorn -c gunicorn.conf.py` from this folder serves wsgi:app.

Each value can be changed by the environment variable named beside it; the README's "Deployment" section
explains them. TRUSTED_PROXIES is read as the engine reads it (instance/config.py, then SURVEY_ENGINE_TRUSTED_PROXIES),
so gunicorn and the app believe X-Forwarded-* headers from the same proxies and from no one else.
"""
import multiprocessing
import os

from survey_engine.config import deployment_settings, trusted_proxies

wsgi_app = "wsgi:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads, not sync workers: a client sending its request body slowly holds one thread rather than a whole worker.
# (On 2 sync workers, two connections trickling a declared body made every other request wait 31 s.) Facing the
# internet, put a buffering proxy in front as well (nginx buffers request bodies by default): threads only raise
# the number of slow clients it takes to stall the site, to workers x threads.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count(), 8)))
threads = int(os.environ.get("GUNICORN_THREADS", 8))

# A request taking longer than this is a stuck worker: it is killed and replaced. Long work belongs off the request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5

# X-Forwarded-Proto and the like are believed only from these addresses: none unless TRUSTED_PROXIES names them
# (gunicorn's own default trusts 127.0.0.1, so anything on the machine could claim HTTPS).
forwarded_allow_ips = ",".join(trusted_proxies(deployment_settings().get("TRUSTED_PROXIES")))

# Request size: the request line, header count and header size here; the body by the app's MAX_CONTENT_LENGTH (413).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"

# gunicorn 25.1+ opens a control socket at one path per user (~/.gunicorn/gunicorn.ctl), which two instances on one
# machine would fight over: off unless GUNICORN_CONTROL_SOCKET names where this instance's goes.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
