"""The built-in plugin through which invitations follow the response lifecycle and feed summaries."""
from flask import has_request_context, make_response, render_template
from sqlalchemy import select, update

from ..extensions import db
from ..hookspecs import hookimpl
from ..models import Invitation, Survey
from .rates import rates_summary
from .session import forget_invitation, session_invitation


@hookimpl
def before_start(survey, response):
    """Invitation-only surveys turn away browsers without an invitation; a completed invitation says so."""
    if response is not None:
        return None
    invitation = session_invitation(survey)
    if invitation is not None and invitation.reached("completed"):
        return make_response(render_template("respond/already_answered.html", survey=survey))
    if survey.access == "invite" and invitation is None:
        return make_response(render_template("respond/invitation_only.html", survey=survey), 403)
    return None


def _rewrite_together(survey):
    """On an anonymous survey, rewrite every invitation that has got past "invited" along with this one.

    Otherwise the database's own row versions pair them up: on PostgreSQL an invitation's xmin was its
    response's plus one. Now every such invitation carries the same, latest one.
    """
    if survey.anonymity == "anonymous":
        db.session.execute(update(Invitation).where(Invitation.survey_id == survey.id,
                                                    Invitation.progress != "invited")
                           .values(progress=Invitation.progress).execution_options(synchronize_session=False))


def _note(survey, response, step):
    """Move this browser's invitation on to `step`; link the response to it only on an identified survey."""
    invitation = session_invitation(survey) if has_request_context() else None
    if invitation is None:
        return
    if survey.anonymity == "anonymous":
        # One writer per survey: the rewrite below touches every progressed invitation, and two respondents each
        # holding their own row while waiting for the other's would deadlock.
        db.session.execute(select(Survey.id).where(Survey.id == survey.id).with_for_update())
        db.session.refresh(invitation)
    invitation.advance(step)
    if survey.anonymity == "identified":
        stamp = response.started_at if step == "started" else response.submitted_at
        setattr(invitation, f"{step}_at", getattr(invitation, f"{step}_at") or stamp)
        invitation.response_id = response.id
    db.session.flush()
    _rewrite_together(survey)
    db.session.commit()


@hookimpl
def response_started(survey, response):
    """Note the start on the invitation."""
    _note(survey, response, "started")


@hookimpl
def response_submitted(survey, response):
    """Mark the invitation completed, so response rates count it and reminders pass it by."""
    _note(survey, response, "completed")


@hookimpl
def forget_browser(survey):
    """"Not you? Start again" on a shared computer: the next person needs their own link."""
    forget_invitation(survey)


@hookimpl
def summary_invited(survey):
    rates = rates_summary(survey)
    return rates["invited"]["contacts"] if rates else None


@hookimpl
def summary_response_rates(survey):
    return rates_summary(survey)
