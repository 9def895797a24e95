"""Which invitation this browser arrived through, kept in the signed session cookie and never in the database."""
from flask import session

from ..extensions import db
from ..models import Invitation
from ..respond.public import forget_response, keep_cookie

SESSION_KEY = "invitations"


def remember_invitation(survey, invitation):
    invitations = dict(session.get(SESSION_KEY, {}))
    invitations[survey.slug] = invitation.id
    session[SESSION_KEY] = invitations
    keep_cookie()


def forget_invitation(survey):
    """Stop this browser answering `survey` through the invitation it arrived by (start again, or an erased contact)."""
    invitations = dict(session.get(SESSION_KEY, {}))
    if invitations.pop(survey.slug, None) is not None:
        session[SESSION_KEY] = invitations


def session_invitation(survey):
    """The invitation to `survey` this browser arrived through, or None."""
    invitation_id = session.get(SESSION_KEY, {}).get(survey.slug)
    if invitation_id is None:
        return None
    invitation = db.session.get(Invitation, invitation_id)
    return invitation if invitation is not None and invitation.survey_id == survey.id else None


__all__ = ["forget_invitation", "forget_response", "remember_invitation", "session_invitation"]
