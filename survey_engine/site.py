"""The site's settings (organisation name and logo, default privacy contact and support message): read, and changed."""
import time
from dataclasses import dataclass
from email.utils import parseaddr

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from .audit import record
from .extensions import db
from .models import SiteSettings
from .models._types import utcnow
from .models.site import MAX_LOGO_BYTES

#: The engine's name, when neither staff nor config name the organisation.
ENGINE_NAME = "survey-engine"
#: Logo files by their first bytes: PNG and JPEG only (an SVG can carry script, and sanitising it is a project).
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
#: Limits of the typed settings, in characters.
NAME_LENGTH, ALT_LENGTH, TEXT_LENGTH = 200, 300, 2000


class SiteSettingsError(ValueError):
    """Settings that cannot be saved: `problems` maps each field to what is wrong with it."""

    def __init__(self, problems):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Site:
    """What pages and emails show of the site: staff's settings, else config, else the engine's defaults."""

    name: str
    #: Whether staff named the organisation on the settings page (it then comes before any config).
    named_by_staff: bool
    has_logo: bool
    logo_alt: str
    #: Staff's own words, or "" (the templates then say the engine's default, translated).
    privacy_contact: str
    support_message: str
    version: str


def stored():
    """The settings row, or None before staff have saved any."""
    return db.session.get(SiteSettings, 1)


#: How long a worker reuses the settings it read, rather than read them for every page: a change made through
#: this worker shows at once, one made through another worker or server within this many seconds.
SHOWN_SECONDS = 5


def shown():
    """What pages show of the settings row (whether there is a logo, not its bytes: up to 512 KB a page), or None."""
    kept = current_app.extensions.setdefault("survey_engine_site", {})
    if kept.get("until", 0) > time.monotonic():
        return kept["row"]
    row = db.session.execute(db.select(
        SiteSettings.organisation_name, SiteSettings.logo.is_not(None).label("has_logo"), SiteSettings.logo_alt,
        SiteSettings.privacy_contact, SiteSettings.support_message, SiteSettings.updated_at,
    ).where(SiteSettings.id == 1)).first()
    kept.update(row=row, until=time.monotonic() + SHOWN_SECONDS)
    return row


def site():
    """The site as pages and emails show it, read once per request."""
    if has_request_context() and "site" in g:
        return g.site
    try:
        row = shown()
    except SQLAlchemyError:
        # An error page after a failed transaction (or with the database down) still needs a header.
        row = None
    configured = current_app.config.get("SITE_NAME") or ENGINE_NAME
    value = Site(name=(row.organisation_name if row and row.organisation_name else configured),
                 named_by_staff=bool(row and row.organisation_name),
                 has_logo=bool(row and row.has_logo), logo_alt=row.logo_alt if row else "",
                 privacy_contact=(row.privacy_contact if row else "") or sender_address(),
                 support_message=row.support_message if row else "",
                 version=str(int(row.updated_at.timestamp())) if row and row.updated_at else "0")
    if has_request_context():
        g.site = value
    return value


def sender_address():
    """The address of MAIL_DEFAULT_SENDER, the contact of last resort; "" without one."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    if isinstance(sender, (list, tuple)):
        sender = sender[1] if len(sender) > 1 else ""
    return parseaddr(sender)[1]


def default_support_message():
    """The engine's support message when staff set none."""
    return _("If answering brings up difficult feelings, you can call Samaritans free, day or night, on 116 123.")


def logo_type(data):
    """image/png or image/jpeg from a file's first bytes; None for anything else."""
    for magic, media_type in LOGO_TYPES.items():
        if data.startswith(magic):
            return media_type
    return None


def change_site_settings(actor, organisation_name, logo_alt, privacy_contact, support_message, logo=None,
                         remove_logo=False):
    """Save the site's settings as `actor`; `logo` is a new file's bytes (None keeps the current one).

    Every problem is raised at once as SiteSettingsError, and nothing is saved. Audited as site.settings, naming
    what changed; returns those names.
    """
    row = stored()
    values = {"organisation_name": (organisation_name or "").strip(), "logo_alt": (logo_alt or "").strip(),
              "privacy_contact": (privacy_contact or "").strip(), "support_message": (support_message or "").strip()}
    problems = {}
    for name, limit in (("organisation_name", NAME_LENGTH), ("logo_alt", ALT_LENGTH),
                        ("privacy_contact", TEXT_LENGTH), ("support_message", TEXT_LENGTH)):
        if len(values[name]) > limit:
            problems[name] = _("Enter at most %(limit)s characters", limit=limit)
    media_type = None
    if logo is not None:
        media_type = logo_type(logo)
        if media_type is None:
            problems["logo"] = _("The logo must be a PNG or JPEG image")
        elif len(logo) > MAX_LOGO_BYTES:
            problems["logo"] = _("The logo must be smaller than %(size)s KB", size=MAX_LOGO_BYTES // 1024)
    has_logo = logo is not None or (not remove_logo and row is not None and row.logo is not None)
    if has_logo and not values["logo_alt"] and "logo" not in problems:
        problems["logo_alt"] = _("Enter the logo's text alternative: what the logo says, for people who cannot "
                                 "see it")
    if problems:
        raise SiteSettingsError(problems)
    if row is None:
        row = SiteSettings(id=1, organisation_name="", logo_alt="", logo_type="", privacy_contact="",
                           support_message="")
        db.session.add(row)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if logo is not None:
        row.logo, row.logo_type = logo, media_type
        changed.append("logo")
    elif remove_logo and row.logo is not None:
        row.logo, row.logo_type = None, ""
        changed.append("logo removed")
    if changed:
        row.updated_at = utcnow()
        record("site.settings", target="site", detail="changed: " + ", ".join(changed), actor=actor)
    db.session.commit()
    current_app.extensions.pop("survey_engine_site", None)
    if has_request_context():
        g.pop("site", None)
    return changed
