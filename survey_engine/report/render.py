"""A report as one HTML document (its stylesheet inside it, for a file) and as a PDF printed by WeasyPrint."""
import importlib.resources

from flask import render_template

from ..summary.intervals import wilson_interval
from ..summary.numbers import show_number
from .build import ReportError

#: The Debian packages WeasyPrint's text layout needs; named when they are missing.
PDF_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


def stylesheet():
    """The report's print stylesheet, as shipped in the package."""
    return importlib.resources.files("survey_engine").joinpath("static/report.css").read_text(encoding="utf-8")


def interval(count, base):
    """"49.1% to 88.4%": the 95% Wilson interval of count of base, or "" when there is no figure."""
    if not isinstance(count, int) or not base:
        return ""
    low, high = wilson_interval(count, base)
    return f"{low:.1f}% to {high:.1f}%"


def render_report_html(data, standalone=True, nav=None):
    """The report page; `standalone` puts its stylesheet inside (a file, a PDF), else links it (the staff page)."""
    return render_template("report/report.html", report=data, css=stylesheet() if standalone else None, nav=nav,
                           interval=interval, show_number=show_number)


def render_report_pdf(data):
    """The report as PDF bytes; ReportError naming the Debian packages when WeasyPrint's libraries are missing."""
    try:
        import weasyprint
    except ImportError as exc:
        raise ReportError("PDF reports need WeasyPrint: python -m pip install -e . installs it") from exc
    except OSError as exc:  # WeasyPrint loads Pango with ctypes on import
        raise ReportError(f"PDF reports need the Pango libraries WeasyPrint uses: install them with "
                          f"apt-get install {PDF_PACKAGES} (the HTML report works without them); {exc}") from exc
    return weasyprint.HTML(string=render_report_html(data)).write_pdf()
