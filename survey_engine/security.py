"""Headers every response carries, and cookies that are Secure whenever the engine is served over HTTPS."""
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


def init_app(app):
    """Install the headers, the session interface, the input checks and, behind TRUSTED_PROXIES proxies, ProxyFix."""
    from . import bad_input

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Trusting X-Forwarded-* only from known proxies: else anyone could claim HTTPS or another address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    app.session_interface = SessionInterface()
    bad_input.init_app(app)
    app.after_request(security_headers)
