"""The audit log page: admins read who did what, newest first."""
from flask import render_template, request

from ..extensions import db
from ..models import AuditEvent
from . import bp
from .access import admin_required

PAGE_SIZE = 100


@bp.route("/audit")
@admin_required
def audit():
    """The audit log, a page of PAGE_SIZE events at a time."""
    # Clamped: a huge page number would overflow the database's integers.
    page = min(max(request.args.get("page", 1, type=int), 1), 100_000)
    events = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).scalars().all()
    return render_template("admin/audit.html", events=events[:PAGE_SIZE], page=page,
                           has_more=len(events) > PAGE_SIZE)
