"""The download button on a survey's staff page: the export as a file, each download in the audit log."""
import tempfile

from flask import flash, redirect, request, send_file, url_for
from flask_babel import gettext as _

from ..audit import record
from ..export import Export, ExportError, exporters
from ..models._types import utcnow
from ..summary import SummaryError
from . import bp
from .access import staff_required
from .surveys import survey_or_404

#: A download is built in memory up to this size, then in a temporary file.
IN_MEMORY_BYTES = 8 * 2**20


@bp.route("/surveys/<slug>/export")
@staff_required
def export(slug):
    """The survey's submitted responses and summary as a download, in the format asked for (default xlsx)."""
    survey = survey_or_404(slug)
    found = exporters()
    exporter = found.get(request.args.get("format", "xlsx"))
    if exporter is None:
        flash(_("There is no export format called %(name)s.", name=request.args.get("format")), "error")
        return redirect(url_for("admin.survey", slug=slug))
    work = Export(survey)
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
    try:
        exporter.write(work, out)
    except (ExportError, SummaryError) as exc:
        out.close()
        flash(str(exc), "error")
        return redirect(url_for("admin.survey", slug=slug))
    out.seek(0)
    n = work.summary["respondents"]
    record("survey.exported", target=survey.slug,
           detail=f"{exporter.name}: {n} submitted response{'' if n == 1 else 's'}")
    name = f"{survey.slug}-{utcnow():%Y-%m-%d}{exporter.extension}"
    return send_file(out, mimetype=exporter.media_type, as_attachment=True, download_name=name)


@bp.context_processor
def _export_formats():
    # The workbook first: it is what most staff want.
    return {"export_formats": lambda: sorted(exporters().values(), key=lambda e: (e.name != "xlsx", e.name))}
