"""Writing the audit log: each domain action adds its one entry to the transaction it commits itself."""
from flask import has_request_context, request
from flask_login import current_user

from .extensions import db
from .models import AuditEvent

#: Who acts when an action runs from the `survey-engine` command.
COMMAND_LINE = "command line"
#: Who acts when nobody is logged in (a failed login).
ANONYMOUS = "anonymous"


def record(action, target=None, detail=None, actor=None):
    """Add an entry for `action` (e.g. "survey.opened") on `target` by `actor` (a staff account or a name such as
    COMMAND_LINE) to the session, uncommitted: the action that calls it commits its change and its entry together.

    Without `actor`, the logged-in staff account (or COMMAND_LINE outside a request) is taken.
    """
    actor_id, actor_name, ip = None, COMMAND_LINE, ""
    if has_request_context():
        ip = request.remote_addr or ""
        actor_name = ANONYMOUS
        if actor is None and current_user and current_user.is_authenticated:
            actor_id, actor_name = current_user.id, current_user.email
    if actor is not None:
        actor_id, actor_name = getattr(actor, "id", None), getattr(actor, "email", str(actor))
    event = AuditEvent(action=action, target=str(target or "")[:320], detail=str(detail or ""),
                       actor_id=actor_id, actor=actor_name[:320], ip=ip[:64])
    db.session.add(event)
    return event
