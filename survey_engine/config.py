"""Configuration: defaults, instance/config.py, SURVEY_ENGINE_* variables, then test overrides."""
import ipaddress
import os
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENV_PREFIX = "SURVEY_ENGINE"

DEFAULTS = {
    "DISABLED_PLUGINS": [],
    "BABEL_DEFAULT_LOCALE": "en_GB",
    "BABEL_DEFAULT_TIMEZONE": "Europe/London",
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Secure is also set per request whenever the request came over HTTPS (see security.py).
    "SESSION_COOKIE_SECURE": False,
    # Addresses (or networks) of the reverse proxies whose X-Forwarded-* headers are believed; none by default.
    "TRUSTED_PROXIES": "",
    # The largest request body accepted (413 beyond it): uploads of contacts and responses fit well within.
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    "STAFF_IDLE_MINUTES": 30,
    "STAFF_LOGIN_LIMIT_ACCOUNT": "5 per 15 minutes",
    "STAFF_LOGIN_LIMIT_ADDRESS": "20 per 15 minutes",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "INVITATION_LINK_LIMIT": "10 per 15 minutes",
    # Responses started from one address; generous, since a whole office may share one address.
    "RESPONSE_START_LIMIT": "60 per minute;600 per hour",
    # Save and come back later: wrong codes per address and per survey, wrong links per address, emails per address
    # (README, "Save and come back later", gives the arithmetic); keys last RESUME_MAX_DAYS, or to the closing date
    # if sooner.
    "RESUME_CODE_LIMIT": "10 per hour;30 per day",
    "RESUME_CODE_SURVEY_LIMIT": "100 per hour;1000 per day",
    "RESUME_LINK_LIMIT": "10 per 15 minutes",
    "RESUME_EMAIL_LIMIT": "10 per hour",
    "RESUME_MAX_DAYS": 90,
    # 0: a respondent's cookie ends with the browser session, so a shared computer forgets their answers.
    "RESPONDENT_REMEMBER_DAYS": 0,
}

#: The longest a respondent's cookie may be kept, in days.
MAX_REMEMBER_DAYS = 365


def load_config(app, test_config=None):
    """Fill app.config from every source, in order, and settle the database URL and secret key."""
    read_settings(app)
    if test_config:
        app.config.update(test_config)
    settle_time_zone(app)
    app.config["TRUSTED_PROXIES"] = trusted_proxies(app.config.get("TRUSTED_PROXIES"))
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    remember_respondents(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def read_settings(app):
    """The defaults, then instance/config.py, then SURVEY_ENGINE_* variables, each overriding the last."""
    app.config.update(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    keep_text_as_typed(app)


def deployment_settings():
    """The settings as create_app will read them, without building the app: for gunicorn.conf.py."""
    from flask import Flask

    instance_path = os.environ.get("SURVEY_ENGINE_INSTANCE_PATH")
    app = Flask("survey_engine", instance_relative_config=True,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    read_settings(app)
    return app.config


def trusted_proxies(value):
    """TRUSTED_PROXIES as a tuple of address and network strings ("10.0.0.5", "10.1.0.0/16"); () trusts none.

    Given as a comma-separated string or a list. ConfigError names anything that is not an address or network,
    including the whole number the setting used to take.
    """
    if value is None or value == 0 or value == "":
        return ()
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise ConfigError(f"TRUSTED_PROXIES is {value!r}; it is now the addresses of the trusted proxies, "
                          "comma-separated (for example 127.0.0.1 or 10.0.0.5,10.0.0.6), or empty to trust none")
    items = value.split(",") if isinstance(value, str) else list(value)
    found = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ConfigError(f"TRUSTED_PROXIES names {item!r}, which is not an IP address or network") from None
        found.append(item)
    return tuple(found)


#: Settings read from SURVEY_ENGINE_* exactly as typed: from_prefixed_env would turn a password of
#: "12345678" into a number, "1e3" into 1000.0 and "null" into None.
TEXT_SETTINGS = ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD")


def keep_text_as_typed(app):
    for key in TEXT_SETTINGS:
        raw = os.environ.get(f"{ENV_PREFIX}_{key}")
        if raw is not None:
            app.config[key] = raw


def remember_respondents(app):
    """Check RESPONDENT_REMEMBER_DAYS and make it the lifetime of a cookie kept beyond the browser session."""
    days = app.config["RESPONDENT_REMEMBER_DAYS"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_REMEMBER_DAYS:
        raise ValueError(f"RESPONDENT_REMEMBER_DAYS must be a whole number of days from 0 to {MAX_REMEMBER_DAYS}, "
                         f"not {days!r}")
    if days:
        # Only respondents' sessions are made permanent (staff sessions end with the browser and when idle).
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=days)


# --- Dates: the engine's time zone ---------------------------------------------------------------------------------

#: The zone in which opening and closing dates are whole days (a survey closing on 31 January takes answers until
#: midnight at the end of that day there, GMT or BST); dates and times on pages are shown in it too.
DEFAULT_TIME_ZONE = "Europe/London"


class ConfigError(ValueError):
    """A setting that cannot work, reported at start-up rather than on the first page that needs it."""


def settle_time_zone(app):
    """Check TIME_ZONE and make Flask-Babel show times in the same zone."""
    name = app.config.setdefault("TIME_ZONE", DEFAULT_TIME_ZONE)
    try:
        if not isinstance(name, str):
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"TIME_ZONE {name!r} is not a time zone; use a name from the IANA list such as "
                          f"{DEFAULT_TIME_ZONE}, America/New_York or UTC") from exc
    app.config["BABEL_DEFAULT_TIMEZONE"] = name


def database_url(app):
    """The database URL from DATABASE_URL, or a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        return "sqlite:///" + os.path.join(app.instance_path, "survey_engine.sqlite")
    # Plain postgresql:// URLs would pick psycopg2; the postgres extra installs psycopg 3.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path):
    """Read the instance's secret key, generating it on first run so no key lives in code."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        try:
            os.makedirs(instance_path, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        except OSError as exc:
            raise ConfigError(f"cannot write the secret key to {path} ({exc.strerror}): make the instance folder "
                              "writable, or set SECRET_KEY") from exc
    with open(path) as f:
        return f.read().strip()
