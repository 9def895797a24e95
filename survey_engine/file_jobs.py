"""A built-in plugin: the jobs that make a file for staff to download, large exports and the report PDF."""
from .hookspecs import hookimpl


@hookimpl
def register_job_kinds():
    from .export.jobs import KINDS as EXPORTS
    from .report.jobs import KINDS as REPORTS
    return EXPORTS + REPORTS
