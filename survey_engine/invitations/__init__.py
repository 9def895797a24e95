"""Invitations: contacts, their personal links, the emails that carry them, and response rates."""
from flask import Blueprint

bp = Blueprint("invitations", __name__, url_prefix="/s")

from . import confirmations, staff_pages, views  # noqa: E402,F401
