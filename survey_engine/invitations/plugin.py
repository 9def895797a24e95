"""The built-in plugin through which invitations follow the response lifecycle and feed summaries."""
from flask import has_request_context, make_response, render_template
from sqlalchemy import update

from ..extensions import db
from ..hookspecs import hookimpl
from ..models import Invitation
from .rates import rates_summary
from .session import session_invitation


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


@hookimpl
def response_started(survey, response):
    """Note the start on the invitation; link the response to it only on an identified survey."""
    invitation = session_invitation(survey) if has_request_context() else None
    if invitation is None:
        return
    invitation.advance("started")
    if survey.anonymity == "identified":
        invitation.started_at = invitation.started_at or response.started_at
        invitation.response_id = response.id
    db.session.flush()
    _rewrite_together(survey)
    db.session.commit()


@hookimpl
def response_submitted(survey, response):
    """Mark the invitation completed, so response rates count it and reminders pass it by."""
    invitation = session_invitation(survey) if has_request_context() else None
    if invitation is None:
        return
    invitation.advance("completed")
    if survey.anonymity == "identified":
        invitation.completed_at = invitation.completed_at or response.submitted_at
        invitation.response_id = response.id
    db.session.flush()
    _rewrite_together(survey)
    db.session.commit()


@hookimpl
def summary_invited(survey):
    rates = rates_summary(survey)
    return rates["invited"]["contacts"] if rates else None


@hookimpl
def summary_response_rates(survey):
    return rates_summary(survey)
