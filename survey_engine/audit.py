"""Writing the audit log: one call per staff action, from views and commands alike."""
from flask import has_request_context, request
from flask_login import current_user

from .extensions import db
from .models import AuditEvent

COMMAND_LINE = "command line"
ANONYMOUS = "anonymous"


def record(action, target=None, detail=None, actor=None, commit=True):
    """Log `action` (e.g. "survey.opened") on `target` by the current staff user, or by `actor` if given."""
    actor_id, actor_name, ip = None, COMMAND_LINE, ""
    if has_request_context():
        ip = request.remote_addr or ""
        actor_name = ANONYMOUS
        if current_user and current_user.is_authenticated:
            actor_id, actor_name = current_user.id, current_user.email
    if actor is not None:
        actor_id, actor_name = getattr(actor, "id", None), getattr(actor, "email", str(actor))
    event = AuditEvent(action=action, target=str(target or "")[:320], detail=str(detail or ""),
                       actor_id=actor_id, actor=actor_name[:320], ip=ip[:64])
    db.session.add(event)
    if commit:
        db.session.commit()
    return event
