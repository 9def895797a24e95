"""Importing responses collected elsewhere from the survey's staff page: a small file in the request, a large one
as a job whose progress shows on the survey's page."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from ..extensions import db
from ..importing import ImportFileError, rows_in
from ..jobs.imports import JOB_ROWS
from ..models import Job
from ..responses import import_responses, start_import
from . import bp
from .access import admin_required
from .surveys import survey_or_404


class ImportResponsesForm(FlaskForm):
    """The responses file; a multipart form."""

    responses = FileField(_l("Responses file"), description=_l(
        "A CSV or XLSX file with a row for each response and a column for each question, named by the question's "
        "key, as in the download. Choices of a multiple choice question are separated by \";\". An "
        "\"organisation\" column names the respondent's organisation, and a \"submitted_at\" column the date "
        "they answered, such as 2025-03-31. If any row is wrong, nothing is imported and each problem is listed."))


@bp.route("/surveys/<slug>/responses/import", methods=["GET", "POST"])
@admin_required
def import_responses_page(slug):
    """Upload responses: a file of up to JOB_ROWS rows is imported at once, a larger one by a job; a file with any
    wrong row imports nothing and the form comes back with every problem listed by line and column."""
    survey = survey_or_404(slug)
    form, problems = ImportResponsesForm(), []
    if form.validate_on_submit():
        upload = form.responses.data
        data = upload.read() if upload and getattr(upload, "filename", "") else None
        actor = current_user._get_current_object()
        if not data:
            form.responses.errors = [_("Choose a CSV or XLSX file of responses") if data is None
                                     else _("The chosen file is empty")]
        elif rows_in(upload.filename, data) > JOB_ROWS:
            try:
                job = start_import(survey, upload.filename, data, actor)
            except ImportFileError as exc:
                form.responses.errors = [_capital(str(exc))]
            else:
                if db.session.get(Job, job.id).status in ("queued", "running"):
                    flash(_("The responses are being imported: progress shows below."), "success")
                return redirect(url_for(".survey", slug=survey.slug) + "#jobs")
        else:
            try:
                result = import_responses(survey, upload.filename, actor, data=data)
            except ImportFileError as exc:
                form.responses.errors = [_capital(str(exc))]
            else:
                if not result.errors:
                    flash(ngettext("Imported %(num)s response.", "Imported %(num)s responses.", result.imported),
                          "success")
                    return redirect(url_for(".survey", slug=survey.slug))
                problems = result.errors
                form.responses.errors = [ngettext(
                    "%(num)s row cannot be imported, so nothing was imported: correct it and upload the file again",
                    "%(num)s rows cannot be imported, so nothing was imported: correct them and upload the file "
                    "again", len(problems))]
    status = 400 if request.method == "POST" and (form.errors or problems) else 200
    return render_template("admin/import_responses.html", survey=survey, form=form, problems=problems,
                           job_rows=JOB_ROWS), status


def _capital(text):
    return text[:1].upper() + text[1:]
