"""`survey-engine report SLUG --output FILE.pdf|FILE.html`: the survey's report, for a board paper."""
import pathlib

import click
from flask.cli import with_appcontext

from ..report import ReportError, render_report_html, render_report_pdf, report_data
from ..summary import SummaryError
from .params import SURVEY, filter_options, filters_from_options

FORMATS = (".html", ".pdf")


@click.command("report")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The file to write: FILE.html (one page, its stylesheet inside) or FILE.pdf (A4).")
@filter_options
@with_appcontext
def report_command(survey, output, filters):
    """Write a survey's report: cover, headlines, who responded, a chart per question, scorecards, written answers."""
    path = pathlib.Path(output)
    if path.suffix.lower() not in FORMATS:
        raise click.BadParameter("must end in .html or .pdf", param_hint="'--output'")
    filters = filters_from_options(survey, **filters)
    try:
        data = report_data(survey, filters)
        if path.suffix.lower() == ".pdf":
            path.write_bytes(render_report_pdf(data))
        else:
            path.write_text(render_report_html(data), encoding="utf-8")
    except (ReportError, SummaryError) as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Wrote {path}")


COMMANDS = (report_command,)
