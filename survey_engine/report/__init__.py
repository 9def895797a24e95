"""Reports for a board paper: a survey's figures as HTML pages with charts, printed to PDF on the server."""
from .build import ReportError, report_data
from .render import render_report_html, render_report_pdf

__all__ = ["ReportError", "report_data", "render_report_html", "render_report_pdf"]
