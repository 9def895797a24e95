"""Pages outside any survey: the home page."""
from flask import Blueprint, render_template

from .extensions import db
from .models import Survey
from .registry import registry

bp = Blueprint("views", __name__)


@bp.route("/")
def home():
    """The open surveys anyone may answer; invitation-only surveys, and those whose plugin is off, are not listed."""
    surveys = [s for s in db.session.execute(
        db.select(Survey).filter_by(status="open", access="open").order_by(Survey.title)).scalars()
        if s.is_open and registry().asks(s)]
    return render_template("home.html", surveys=surveys)
