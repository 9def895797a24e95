"""The export action of the staff pages: a download written, then recorded in the audit log."""
from ..audit import record
from ..extensions import db


def write_download(exporter, work, out, actor):
    """Write `work` (an Export) to `out` with `exporter`, and audit it as survey.exported with its filters and base.

    ExportError or SummaryError if it cannot be written; nothing is recorded then.
    """
    exporter.write(work, out)
    audit_export(exporter, work, actor)


def audit_export(exporter, work, actor):
    """Record (and commit) survey.exported for `work` written by `exporter`: its format, count, filters and base."""
    n = work.summary["respondents"]
    detail = (f"{exporter.name}{' for publication' if work.for_publication else ''}: "
              f"{n} submitted response{'' if n == 1 else 's'}")
    if work.filters:
        detail += f"; filters: {work.filters_text()}"
    if work.base:
        detail += f"; base: {work.base}"
    record("survey.exported", target=work.survey.slug, detail=detail, actor=actor)
    db.session.commit()
