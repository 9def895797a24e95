"""The site's own settings, set by staff on /admin/settings: one row, read on every page and email."""
from datetime import datetime

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow

#: The longest logo file kept: a header logo needs far less, and every page's request may serve it.
MAX_LOGO_BYTES = 512 * 1024


class SiteSettings(db.Model):
    """The organisation's name and logo, and the defaults every survey's privacy notice and support message use.

    One row (id 1); an empty text means "not set": config's SITE_NAME, or the engine's own default words.
    """

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    #: A PNG or JPEG file's bytes (never SVG: it can carry script); None: no logo.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: image/png or image/jpeg, read from the file's own first bytes.
    logo_type: Mapped[str] = mapped_column(String(20), default="")
    #: Required with a logo: what the logo says, for people who cannot see it.
    logo_alt: Mapped[str] = mapped_column(String(300), default="")
    #: Who respondents contact about their answers (an email address, or words), unless a survey says otherwise.
    privacy_contact: Mapped[str] = mapped_column(Text, default="")
    #: Where to get support if answering brings up difficult feelings, unless a survey says otherwise.
    support_message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, onupdate=utcnow)
