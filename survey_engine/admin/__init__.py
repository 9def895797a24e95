"""The staff pages under /admin: login, the dashboard, each survey's page and the audit log."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import (audit_log, auth, compare, confirmations, dashboard, exports, privacy, report, results,  # noqa: E402,F401
               summary, surveys, users)
from . import library, preview  # noqa: E402,F401
from . import builder  # noqa: E402,F401
from . import test_responses  # noqa: E402,F401
from . import site_settings, survey_settings  # noqa: E402,F401
from . import response_import  # noqa: E402,F401


def init_app(app):
    """Register the blueprint, the login manager and the access checks."""
    from ..extensions import login_manager
    from ..models import StaffUser
    from . import access

    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = None
    login_manager.user_loader(StaffUser.from_session_id)
    access.init_app(app)
    app.register_blueprint(bp)


@bp.context_processor
def _staff_page_context():
    from .sections import nav_context
    return nav_context()
