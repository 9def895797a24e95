"""Percentage summaries that state their base, computed by aggregation in the database."""
from .breakdown import breakdown
from .build import BASES, MULTIPLE_NOTE, SummaryError, summarise
from .queries import Filters
from .render import render_text

__all__ = ["BASES", "MULTIPLE_NOTE", "Filters", "SummaryError", "breakdown", "render_text", "summarise"]
