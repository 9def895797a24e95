"""Headers every response carries, cookies that are Secure whenever the engine is served over HTTPS, and X-Forwarded-*
headers believed only from TRUSTED_PROXIES."""
import ipaddress

from flask import request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style anywhere: templates load only /static files.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HSTS = "max-age=31536000; includeSubDomains"


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with Secure set on HTTPS requests even if SESSION_COOKIE_SECURE is off."""

    def get_cookie_secure(self, app):
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def security_headers(response):
    """Add the security headers; pages (not static files) are never kept by shared caches."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        # Overrides send_file's "no-cache", which shared caches may still store: downloads hold answers too.
        headers["Cache-Control"] = "private, no-store"
    return response


class TrustedProxies:
    """Werkzeug's ProxyFix, applied only to requests whose peer is one of the trusted proxies.

    Anyone else's X-Forwarded-* headers are ignored: else anyone could claim HTTPS or another client address.
    gunicorn.conf.py gives gunicorn's forwarded_allow_ips the same list.
    """

    def __init__(self, wsgi_app, proxies):
        self.wsgi_app = wsgi_app
        self.networks = [ipaddress.ip_network(p, strict=False) for p in proxies]

    def trusted(self, address):
        try:
            ip = ipaddress.ip_address((address or "").strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, environ, start_response):
        if not self.trusted(environ.get("REMOTE_ADDR")):
            return self.wsgi_app(environ, start_response)
        # Each proxy appends the address it was reached from: skip those that are trusted proxies too, so a chain
        # of them (a load balancer behind a CDN) yields the client, and nothing a client wrote itself is believed.
        forwarded = [a for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        hops = 1
        while hops < len(forwarded) and self.trusted(forwarded[-hops]):
            hops += 1
        fixed = ProxyFix(self.wsgi_app, x_for=hops, x_proto=1, x_host=1, x_port=1)
        return fixed(environ, start_response)


def init_app(app):
    """Install the headers, the session interface, the input checks and, for TRUSTED_PROXIES, their headers."""
    from . import bad_input

    proxies = app.config.get("TRUSTED_PROXIES") or ()
    if proxies:
        app.wsgi_app = TrustedProxies(app.wsgi_app, proxies)
    app.session_interface = SessionInterface()
    bad_input.init_app(app)
    app.after_request(security_headers)
