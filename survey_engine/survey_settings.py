"""A survey's own settings, changed in one action: what respondents are told, its closing date, listing and privacy."""
from dataclasses import dataclass

from flask_babel import gettext as _

from .audit import record
from .dates import closing_instant, last_day
from .extensions import db
from .privacy import apply_privacy, privacy_problems

#: The texts a survey may set, each with its longest length in characters.
TEXTS = {"description": 5000, "privacy_notice": 5000, "privacy_contact": 1000, "support_message": 2000,
         "next_steps": 2000}


class SettingsError(ValueError):
    """Settings that cannot be saved: `problems` maps each field to what is wrong with it; nothing was saved."""

    def __init__(self, problems):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass
class Settings:
    """Everything the settings page edits; closes is a day (answerable to its end) or None for no closing date."""

    description: str = ""
    privacy_notice: str = ""
    privacy_contact: str = ""
    support_message: str = ""
    next_steps: str = ""
    closes: object = None
    listed: bool = False
    anonymity: str = "anonymous"
    retention_days: int = 365


def current_settings(survey):
    """The survey's settings as the page shows them."""
    return Settings(closes=last_day(survey.closes_at) if survey.closes_at is not None else None,
                    listed=survey.listed, anonymity=survey.anonymity, retention_days=survey.retention_days,
                    **{name: getattr(survey, name) or "" for name in TEXTS})


def change_settings(survey, actor, settings):
    """Save `settings` on `survey` as `actor`, all or nothing; returns the names of the fields that changed.

    Audited as survey.settings (naming what changed), and survey.anonymity and survey.retention as
    `surveys privacy` records them. A closing date is changed only when its day differs from the one shown, so a
    time of day set on the command line survives saving other settings.
    """
    texts = {name: (getattr(settings, name) or "").strip().replace("\r\n", "\n") for name in TEXTS}
    problems = {name: _("Enter at most %(limit)s characters", limit=limit)
                for name, limit in TEXTS.items() if len(texts[name]) > limit}
    closes_at = survey.closes_at
    if settings.closes != (last_day(survey.closes_at) if survey.closes_at is not None else None):
        closes_at = closing_instant(settings.closes)
        if closes_at is not None and survey.opens_at is not None and closes_at <= survey.opens_at:
            problems["closes"] = _("The closing date must be after the opening date")
    problems.update(privacy_problems(survey, settings.anonymity, settings.retention_days))
    if problems:
        raise SettingsError(problems)
    changed = [name for name, value in texts.items() if getattr(survey, name) != value]
    for name in changed:
        setattr(survey, name, texts[name])
    if bool(settings.listed) != survey.listed:
        survey.listed = bool(settings.listed)
        changed.append("listed" if survey.listed else "not listed")
    if closes_at != survey.closes_at:
        survey.closes_at = closes_at
        changed.append(f"closes {settings.closes.isoformat()}" if settings.closes else "no closing date")
    if changed:
        record("survey.settings", target=survey.slug, detail="changed: " + ", ".join(changed), actor=actor)
    changed += apply_privacy(survey, actor, settings.anonymity, settings.retention_days)
    db.session.commit()
    return changed
