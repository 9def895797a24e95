"""The personal link /s/<slug>/<token>: swaps the token for the session, then drops it from the address."""
from flask import Blueprint, abort, current_app, redirect, url_for

from ..extensions import db, limiter
from ..models import Response, Survey
from ..models._types import utcnow
from ..respond.public import load_survey, remember_response, trying
from .progress import lock_survey, move
from .session import forget_response, remember_invitation, session_invitation
from .tokens import find_invitation

#: Registered by plugin.register_blueprints, so a disabled plugin's links are 404.
bp = Blueprint("invitations", __name__, url_prefix="/s")


def _wrong_token(response):
    """Only links that found nothing count towards the limit: guessing is slowed, opening your own link never."""
    return response.status_code == 404


@bp.route("/<slug>/<token>")
@limiter.limit(lambda: current_app.config["INVITATION_LINK_LIMIT"], deduct_when=_wrong_token,
               scope="invitation-link")
def link(slug, token):
    """Open a contact's invitation: note it as opened, resume their response, and redirect to /s/<slug>."""
    survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one_or_none()
    invitation = find_invitation(survey, token) if survey is not None else None
    if invitation is None or invitation.contact.erased_at is not None:
        abort(404)
    load_survey(slug)  # a draft or closed survey shows its own page, as the open link would
    if trying(survey):
        # Staff trying a draft: the link is not used as the contact's, so no invitation moves on.
        return redirect(url_for("respond.start", slug=slug))
    previous = session_invitation(survey)
    if previous is not None and previous.id != invitation.id:
        # A shared computer: the response this browser held belongs to someone else's link.
        forget_response(survey)
    remember_invitation(survey, invitation)
    identified = survey.anonymity == "identified"
    if identified and invitation.response_id is not None:
        response = db.session.get(Response, invitation.response_id)
        if response is not None:
            remember_response(survey, response)
    if not invitation.reached("opened"):
        if identified:
            invitation.advance("opened")
            invitation.opened_at = utcnow()
        else:
            lock_survey(survey)
            move(survey, invitation, "opened")
    db.session.commit()
    # The token leaves the address bar here, so it does not leak through Referer headers or history.
    response = redirect(url_for("respond.start", slug=slug))
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
