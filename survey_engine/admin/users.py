"""Staff accounts seen by admins: who can log in, and disabling or enabling an account."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import StaffUser
from ..staff import OwnAccount, set_active
from . import bp
from .access import admin_required
from .forms import ActionForm


@bp.route("/users")
@admin_required
def users():
    """Every staff account; new accounts and passwords are made with `survey-engine users`."""
    accounts = db.session.execute(db.select(StaffUser).order_by(StaffUser.email)).scalars().all()
    return render_template("admin/users.html", accounts=accounts)


def _set_active(user_id, active):
    user = db.session.get(StaffUser, user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".users"))
    try:
        changed = set_active(user, active, actor=current_user._get_current_object())
    except OwnAccount:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for(".users"))
    if changed:
        flash(_("%(email)s can log in again.", email=user.email) if active else
              _("%(email)s is disabled; any session they had has ended.", email=user.email), "success")
    return redirect(url_for(".users"))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@admin_required
def disable_user(user_id):
    """Disable an account: it cannot log in, and its sessions stop at once."""
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@admin_required
def enable_user(user_id):
    """Let a disabled account log in again."""
    return _set_active(user_id, True)
