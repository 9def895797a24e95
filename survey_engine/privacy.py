"""Respondents' data in every survey: anonymity and retention, deleting a response, erasing contacts' personal data."""
from datetime import timedelta

from sqlalchemy import delete, select, update

from .extensions import db
from .models import Contact, Invitation, InvitationToken, Response, Survey
from .models._types import utcnow
from .models.survey import ANONYMITY, MAX_RETENTION_DAYS, retention_problem


class PrivacyError(ValueError):
    """A change that would weaken what respondents were told, or a value that makes no sense."""


def has_responses(survey):
    return db.session.execute(select(Response.id).where(Response.survey_id == survey.id).limit(1)).first() is not None


def set_anonymity(survey, anonymity):
    """Make `survey` identified or anonymous; identified only while it has no responses.

    Becoming anonymous cuts every existing link between invitations and responses, times included.
    """
    if anonymity not in ANONYMITY:
        raise PrivacyError(f"anonymity must be one of {', '.join(ANONYMITY)}")
    if anonymity == survey.anonymity:
        return False
    if anonymity == "identified" and has_responses(survey):
        raise PrivacyError(f"survey {survey.slug!r} already has responses given anonymously, so it cannot "
                           "become identified")
    if anonymity == "anonymous":
        db.session.execute(update(Invitation).where(Invitation.survey_id == survey.id)
                           .values(response_id=None, opened_at=None, started_at=None, completed_at=None))
    survey.anonymity = anonymity
    db.session.commit()
    return True


def set_retention(survey, days):
    """Keep contacts' personal data `days` days after the survey closes (0 to MAX_RETENTION_DAYS)."""
    problem = retention_problem(days)
    if problem:
        raise PrivacyError(problem)
    survey.retention_days = days
    db.session.commit()


def closed_since(survey):
    """When the survey stopped taking answers, or None if it still may."""
    times = [t for t in (survey.closed_at if survey.status == "closed" else None,
                         survey.closes_at if survey.closes_at is not None and survey.closes_at <= utcnow()
                         else None) if t is not None]
    return min(times) if times else None


def due_for_erasure(now=None):
    """[(survey, [contacts still holding personal data])] for surveys closed longer than their retention period."""
    return erasure_plan(now)[0]


def erasure_plan(now=None):
    """(due, problems): due as due_for_erasure gives it; problems [(survey, why)] for surveys whose stored
    retention period cannot be counted (set before it was bounded), which are left alone."""
    now = now or utcnow()
    due, problems = [], []
    for survey in db.session.execute(select(Survey).order_by(Survey.id)).scalars():
        since = closed_since(survey)
        if since is None:
            continue
        problem = retention_problem(survey.retention_days)
        if problem:
            problems.append((survey, f"its retention period of {survey.retention_days} days is not between 0 and "
                                     f"{MAX_RETENTION_DAYS} days: set it with `survey-engine surveys privacy "
                                     f"{survey.slug} --retention-days DAYS`"))
            continue
        if since + timedelta(days=survey.retention_days) > now:
            continue
        contacts = db.session.execute(select(Contact).where(Contact.survey_id == survey.id,
                                                            Contact.erased_at.is_(None))).scalars().all()
        if contacts:
            due.append((survey, contacts))
    return due, problems


def delete_response(response):
    """Delete one response and its answers; an identified invitation keeps its progress but loses the link."""
    db.session.execute(update(Invitation).where(Invitation.response_id == response.id).values(response_id=None))
    db.session.delete(response)
    db.session.commit()


def erase_contact(contact, when=None):
    """Blank the contact's name, email and role and void their links; their organisation and answers stay."""
    contact.name, contact.email, contact.email_key, contact.role = "", None, None, ""
    contact.erased_at = when or utcnow()
    if contact.invitation is not None:
        db.session.execute(delete(InvitationToken).where(InvitationToken.invitation_id == contact.invitation.id))
        contact.invitation.last_error = ""


def erase(contacts):
    """Erase the personal data of `contacts` (erase_contact), in one commit."""
    when = utcnow()
    for contact in contacts:
        erase_contact(contact, when)
    db.session.commit()
