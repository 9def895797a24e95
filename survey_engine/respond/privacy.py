"""What every survey tells its respondents: its privacy notice (on the start page and its own page) and where to
get support (start and confirmation pages); each built from the survey's settings, then the site's, then the
engine's own words."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, render_template

from ..dates import day_in_words, engine_zone, until_phrase
from ..extensions import db
from ..models import Survey
from ..models.response import shown_reference
from ..site import default_support_message, site
from . import bp
from .copy import copy_available


@dataclass(frozen=True)
class PrivacyNotice:
    """Who holds the answers, why (staff's words, or None for the engine's), how long names and emails are kept,
    and whom to contact ("" when no one is set anywhere)."""

    organisation: str
    purpose: str | None
    retention_days: int
    #: The day names and emails are deleted by, when the survey has a closing date.
    erased_by: date | None
    contact: str

    @property
    def contact_is_email(self):
        return "@" in self.contact and " " not in self.contact.strip() and "\n" not in self.contact.strip()

    #: When the survey stops taking answers, in words of the page's language; None without a closing date.
    closes_phrase: str | None = None

    @property
    def erased_by_phrase(self):
        return day_in_words(self.erased_by) if self.erased_by else None


def privacy_notice(survey):
    """`survey`'s privacy notice, derived from its settings (retention, anonymity) and the site's."""
    erased_by = None
    if survey.closes_at is not None:
        erased_by = (survey.closes_at + timedelta(days=survey.retention_days)).astimezone(engine_zone()).date()
    here = site()
    return PrivacyNotice(organisation=here.name, purpose=survey.privacy_notice or None,
                         retention_days=survey.retention_days, erased_by=erased_by,
                         closes_phrase=until_phrase(survey.closes_at) if survey.closes_at is not None else None,
                         contact=(survey.privacy_contact or here.privacy_contact).strip())


def support_message(survey):
    """Where to get support: the survey's words, else the site's, else the engine's (Samaritans)."""
    return survey.support_message or site().support_message or default_support_message()


@bp.context_processor
def _notices():
    return {"privacy_notice": privacy_notice, "support_message": support_message, "copy_available": copy_available,
            "shown_reference": shown_reference}


@bp.route("/<slug>/privacy")
def privacy(slug):
    """The survey's privacy notice on its own page, linked from every page of the survey, open or not."""
    survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    if survey is None:
        abort(404)
    return render_template("respond/privacy.html", survey=survey)
