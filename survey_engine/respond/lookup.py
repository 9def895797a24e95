"""The survey a respondent's request is about, read once a request (the language chooser and the view both ask)."""
from flask import g

from ..extensions import db
from ..models import Survey


def survey_at(slug):
    """The survey at `slug`, or None."""
    found = g.setdefault("surveys_at", {})
    if slug not in found:
        found[slug] = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    return found[slug]
