"""Pages outside any survey: the home page, and the site's logo."""
from flask import Blueprint, abort, make_response, render_template

from .extensions import db
from .models import Survey
from .registry import registry
from .site import default_support_message, site, stored

bp = Blueprint("views", __name__)


@bp.app_context_processor
def _site_context():
    """Every page's header, footer and notices read the site's settings (organisation name, logo, defaults)."""
    return {"site": site(), "default_support_message": default_support_message}


@bp.route("/")
def home():
    """The open surveys staff chose to list; invitation-only surveys, and those whose plugin is off, never are."""
    surveys = [s for s in db.session.execute(
        db.select(Survey).filter_by(status="open", access="open", listed=True).order_by(Survey.title)).scalars()
        if s.is_open and registry().asks(s)]
    return render_template("home.html", surveys=surveys)


@bp.route("/site/logo")
def logo():
    """The organisation's logo, as staff uploaded it (PNG or JPEG only, checked by its first bytes)."""
    row = stored()
    if row is None or not row.logo:
        abort(404)
    response = make_response(row.logo)
    response.headers["Content-Type"] = row.logo_type
    response.headers["Content-Disposition"] = "inline"
    return response
