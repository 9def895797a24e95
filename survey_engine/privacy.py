"""Respondents' privacy in every survey: anonymity and retention, and erasing contacts once retention is over."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select, update

from .audit import record
from .extensions import db
from .models import Contact, Invitation, InvitationToken, Response, Survey
from .models._types import utcnow
from .models.survey import ANONYMITY, MAX_RETENTION_DAYS, retention_problem


class PrivacyError(ValueError):
    """A change that would weaken what respondents were told, or a value that makes no sense."""


def has_responses(survey):
    return db.session.execute(select(Response.id).where(Response.survey_id == survey.id).limit(1)).first() is not None


def _anonymity_problem(survey, anonymity):
    if anonymity not in ANONYMITY:
        return f"anonymity must be one of {', '.join(ANONYMITY)}"
    if anonymity == "identified" and survey.anonymity != "identified" and has_responses(survey):
        return f"survey {survey.slug!r} already has responses given anonymously, so it cannot become identified"
    return None


def change_privacy(survey, actor, anonymity=None, retention_days=None):
    """Make `survey` identified or anonymous and keep contacts' data `retention_days` after it closes.

    None leaves a setting as it is. Identified is allowed only while the survey has no responses; becoming
    anonymous cuts every existing link between invitations and responses, times included. Each setting that
    changes is audited (survey.anonymity, survey.retention); returns the names of those that changed.
    """
    changed = apply_privacy(survey, actor, anonymity, retention_days)
    db.session.commit()
    return changed


def privacy_problems(survey, anonymity=None, retention_days=None):
    """{"anonymity" or "retention_days": why it cannot be set}; empty when both can."""
    problems = {}
    if anonymity is not None and _anonymity_problem(survey, anonymity):
        problems["anonymity"] = _anonymity_problem(survey, anonymity)
    if retention_days is not None and retention_problem(retention_days):
        problems["retention_days"] = retention_problem(retention_days)
    return problems


def apply_privacy(survey, actor, anonymity=None, retention_days=None):
    """change_privacy's change and audit entries, uncommitted, for an action that commits more with them."""
    problems = privacy_problems(survey, anonymity, retention_days)
    if problems:
        raise PrivacyError(next(iter(problems.values())))
    changed = []
    if anonymity is not None and anonymity != survey.anonymity:
        if anonymity == "anonymous":
            db.session.execute(update(Invitation).where(Invitation.survey_id == survey.id)
                               .values(response_id=None, opened_at=None, started_at=None, completed_at=None))
        survey.anonymity = anonymity
        record("survey.anonymity", target=survey.slug, detail=anonymity, actor=actor)
        changed.append("anonymity")
    if retention_days is not None and retention_days != survey.retention_days:
        survey.retention_days = retention_days
        record("survey.retention", target=survey.slug, detail=f"{retention_days} days", actor=actor)
        changed.append("retention_days")
    return changed


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


def erase_contact(contact, when=None):
    """Blank the contact's name, email and role and void their links; their organisation and answers stay."""
    contact.name, contact.email, contact.email_key, contact.role = "", None, None, ""
    contact.erased_at = when or utcnow()
    if contact.invitation is not None:
        db.session.execute(delete(InvitationToken).where(InvitationToken.invitation_id == contact.invitation.id))
        contact.invitation.last_error = ""


def erase(contacts, when=None):
    """Erase each contact's personal data, uncommitted: the action that calls it commits with its audit entry."""
    when = when or utcnow()
    for contact in contacts:
        erase_contact(contact, when)


@dataclass
class RetentionRun:
    """What `apply_retention` did: per survey in order, (slug, days, contacts erased, error or None)."""

    problems: list = field(default_factory=list)
    surveys: list = field(default_factory=list)

    @property
    def failed(self):
        return bool(self.problems) or any(error for *_, error in self.surveys)


def apply_retention(actor, now=None):
    """Erase the contacts of every survey closed longer than its retention period, one commit per survey.

    A survey that cannot be done is rolled back and noted, and the others are still done; surveys whose retention
    period cannot be counted are left alone and listed as problems.
    """
    due, problems = erasure_plan(now)
    run = RetentionRun(problems=[(survey.slug, why) for survey, why in problems])
    for survey, contacts in due:
        slug, days, n = survey.slug, survey.retention_days, len(contacts)
        try:
            erase(contacts)
            record("retention.applied", target=slug, detail=f"{n} contacts erased, {days} days after closing",
                   actor=actor)
            db.session.commit()
        except Exception as exc:  # noqa: BLE001 - whatever stops one survey must not stop the rest
            db.session.rollback()
            run.surveys.append((slug, days, n, exc))
            continue
        run.surveys.append((slug, days, n, None))
    return run
