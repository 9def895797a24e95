"""The download button on a survey's staff page: the export as a file, each download in the audit log."""
import tempfile

from flask import flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..export import Export, ExportError, exporters
from ..export.downloads import write_download
from ..export.jobs import download_name, runs_as_job, start_export
from ..extensions import db
from ..models import Job
from ..summary import SummaryError
from . import bp
from .access import staff_required
from .summary import filters_from
from .surveys import survey_or_404

#: A download is built in memory up to this size, then in a temporary file.
IN_MEMORY_BYTES = 8 * 2**20
#: The summary page's query parameters that choose responses and bases; a download takes the same ones.
FILTER_ARGS = ("base", "organisation_kind", "since", "until", "version", "answer")


def filter_args(args):
    """The summary page's filters and base from a query string, without empty ones: for a download link."""
    return {name: args[name] for name in FILTER_ARGS if args.get(name)}


@bp.route("/surveys/<slug>/export")
@staff_required
def export(slug):
    """The survey's submitted responses and summary as a download, in the format asked for (default xlsx).

    The summary page's filters and base (base, organisation_kind, since, until, version, answer) apply as there.
    """
    survey = survey_or_404(slug)
    found = exporters()
    exporter = found.get(request.args.get("format", "xlsx"))
    if exporter is None:
        flash(_("There is no export format called %(name)s.", name=request.args.get("format")), "error")
        return redirect(url_for("admin.survey", slug=slug))
    base, filters, problems = filters_from(survey, request.args)
    if problems:
        # The summary page shows the same problems beside the filters, where they can be put right.
        return redirect(url_for("admin.summary", slug=slug, **filter_args(request.args)))
    publication = request.args.get("for_publication") == "1"
    if not runs_as_job(survey, filters):
        return _download_now(survey, exporter, filters, base, publication)
    # A large export is written by a worker; the survey's page shows its progress, then the file to download.
    job = start_export(survey, exporter, filters, base, publication, current_user._get_current_object())
    if db.session.get(Job, job.id).status in ("queued", "running"):
        flash(_("The download is being prepared: its progress shows below, then a link to the file."), "success")
    return redirect(url_for("admin.survey", slug=slug, _anchor="jobs"))


def _download_now(survey, exporter, filters, base, publication):
    """The export built in this request and sent as the response (a small one: runs_as_job said no)."""
    work = Export(survey, filters=filters, base=base, for_publication=publication)
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
    try:
        write_download(exporter, work, out, actor=current_user._get_current_object())
    except (ExportError, SummaryError) as exc:
        out.close()
        flash(str(exc), "error")
        return redirect(url_for("admin.survey", slug=survey.slug))
    out.seek(0)
    return send_file(out, mimetype=exporter.media_type, as_attachment=True,
                     download_name=download_name(survey, exporter, filters, publication))


@bp.context_processor
def _export_formats():
    # The workbook first: it is what most staff want.
    return {"export_formats": lambda: sorted(exporters().values(), key=lambda e: (e.name != "xlsx", e.name)),
            "export_filter_args": filter_args}
