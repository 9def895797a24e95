"""The respondent's pages: start, one page of questions per screen, check answers, confirmation."""
from flask import Blueprint

bp = Blueprint("respond", __name__, url_prefix="/s")

from . import cookies, copy, language, privacy, results, save, views  # noqa: E402,F401
from .trial import banner_context  # noqa: E402

bp.app_context_processor(banner_context)
