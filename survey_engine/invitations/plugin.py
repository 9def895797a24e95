"""The invitations plugin's hooks: its pages, commands and staff section; vouching for browsers, following each
response and feeding summaries."""
from flask import has_request_context, make_response, render_template
from flask_login import current_user

from ..admin.public import Section
from ..extensions import db
from ..hookspecs import hookimpl
from ..models import Contact, Invitation, Response
from .progress import fresh, lock_survey, move
from .rates import rates_summary, response_rates
from .sending import SendError, plan, unconfirmed
from .session import forget_invitation, forget_response, session_invitation


@hookimpl
def register_blueprints(app):
    """The personal link /s/<slug>/<token>, and the staff actions under /admin/surveys/<slug>/."""
    from . import staff_pages, views
    return [views.bp, staff_pages.bp]


@hookimpl
def register_commands(cli):
    """`survey-engine contacts ...` and `survey-engine invitations ...`."""
    from .commands import COMMANDS
    for command in COMMANDS:
        cli.add_command(command)


def _to_email(survey, kind):
    """How many a run of `kind` would email now, as --dry-run counts them."""
    try:
        return len(plan(survey, kind)[0])
    except SendError:
        return 0  # a wrong REMINDER_INTERVAL_HOURS is reported when the button is pressed


@hookimpl
def survey_page_sections(survey):
    """"Invitations and response rates", between the summary and the respondents' data; the counts of who each
    button would email, only for admins, who alone see the buttons."""
    contacts = db.session.execute(db.select(Contact).filter_by(survey_id=survey.id)
                                  .order_by(Contact.id)).scalars().all()
    context = {"rates": response_rates(survey), "contacts": contacts}
    if contacts and current_user.is_admin:
        context.update(to_invite=_to_email(survey, "invitation"), to_remind=_to_email(survey, "reminder"),
                       unconfirmed=unconfirmed(survey))
    return [Section("invitations/survey_section.html", context, order="40_invitations")]


def _browser_invitation(survey):
    """This browser's invitation to `survey`; an erased contact's is forgotten here, with the response it began."""
    invitation = session_invitation(survey)
    if invitation is not None and invitation.contact.erased_at is not None:
        forget_invitation(survey)
        forget_response(survey)
        return None
    return invitation


def _already_answered(survey):
    return make_response(render_template("invitations/already_answered.html", survey=survey))


@hookimpl
def may_answer(survey, response):
    """Vouch for a browser holding an invitation; once another browser has submitted for it, say the answers are in.

    With no invitation this plugin has no say, so the core turns the browser away from an invitation-only survey.
    """
    invitation = _browser_invitation(survey)
    if invitation is None:
        return None
    if invitation.reached("completed") and (response is None or response.status != "submitted"):
        return _already_answered(survey)
    return True


@hookimpl
def before_submit(survey, response):
    """Check and mark the invitation completed in the submitting transaction: one invitation, one submitted response."""
    invitation = session_invitation(survey)
    if invitation is None or response.is_test:
        return None  # a test response (staff trying a draft) never moves an invitation on
    lock_survey(survey)  # whichever browser of this invitation gets here second waits, then sees the first's mark
    response, invitation = fresh(Response, response.id), fresh(Invitation, invitation.id)
    if response is None or response.status != "in_progress":
        return None  # this browser's own second click: submit() finds it done
    if invitation is None or fresh(Contact, invitation.contact_id).erased_at is not None:
        return make_response(render_template("respond/invitation_only.html", survey=survey), 403)
    if invitation.reached("completed"):
        return _already_answered(survey)
    move(survey, invitation, "completed")
    if survey.anonymity == "identified":
        invitation.response_id = response.id
    return None


@hookimpl
def response_started(survey, response):
    """Note the start on the invitation; link the response to it only on an identified survey."""
    invitation = session_invitation(survey) if has_request_context() else None
    if invitation is None or response.is_test:
        return
    lock_survey(survey)  # one writer per survey: two respondents each rewriting all would deadlock otherwise
    invitation = fresh(Invitation, invitation.id)
    if invitation is None:
        return db.session.rollback()
    move(survey, invitation, "started")
    if survey.anonymity == "identified":
        invitation.started_at = invitation.started_at or response.started_at
        invitation.response_id = response.id
    db.session.commit()


@hookimpl
def response_submitted(survey, response):
    """On an identified survey, stamp the invitation that before_submit marked completed with the submission time."""
    if survey.anonymity != "identified" or response.is_test:
        return
    invitation = db.session.execute(db.select(Invitation).filter_by(response_id=response.id)).scalar_one_or_none()
    if invitation is not None and invitation.completed_at is None:
        invitation.completed_at = response.submitted_at
        db.session.commit()


@hookimpl
def forget_browser(survey):
    """"Not you? Start again" on a shared computer: the next person needs their own link."""
    forget_invitation(survey)


@hookimpl
def summary_response_rates(survey):
    """The invited base and response rates, or None while no one has been sent a link."""
    return rates_summary(survey)


@hookimpl
def register_job_kinds():
    """Sending invitations and reminders, and importing a large contacts file, off the request."""
    from .jobs import KINDS
    return KINDS
