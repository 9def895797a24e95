"""The respondent's pages: start, one page of questions per screen, check answers, confirmation."""
from flask import Blueprint

bp = Blueprint("respond", __name__, url_prefix="/s")

from . import results, views  # noqa: E402,F401
