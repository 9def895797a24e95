"""What a plugin may use to add staff pages: access decorators, forms, the lookup, confirmation pages and sections.

Plugins import these names from here, never from the other admin modules, which may change.
"""
from flask import Blueprint

from .access import admin_required, staff_required
from .confirmations import confirmation
from .forms import ActionForm, TextForm
from .sections import Section, nav_context
from .surveys import survey_or_404

__all__ = ["ActionForm", "Section", "TextForm", "admin_required", "confirmation", "staff_blueprint",
           "staff_required", "survey_or_404"]


def staff_blueprint(name, import_name, **options):
    """A Blueprint for staff pages under /admin, whose pages get the staff header like the core's.

    Every view on it must wear @staff_required or @admin_required; register it through `register_blueprints`.
    """
    bp = Blueprint(name, import_name, url_prefix="/admin", **options)
    bp.context_processor(nav_context)
    return bp
