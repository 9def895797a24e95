"""Which invitation this browser arrived through, kept in the signed session cookie and never in the database."""
from flask import session

from ..extensions import db
from ..models import Invitation
from ..respond.browser import keep_cookie
from ..respond.views import SESSION_KEY as RESPONSES_KEY

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


def forget_response(survey):
    """Stop this browser resuming its response to `survey`: someone else's link was opened in it."""
    responses = dict(session.get(RESPONSES_KEY, {}))
    if responses.pop(survey.slug, None) is not None:
        session[RESPONSES_KEY] = responses
