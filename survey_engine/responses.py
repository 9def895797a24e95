"""Actions on a survey's responses: importing them from a file, deleting one, deleting the tests; each audited once."""
import os

from sqlalchemy import delete, select, update

from . import importing
from .audit import record
from .bad_input import MAX_INT
from .extensions import db
from .models import Invitation, Response


class NoSuchResponse(LookupError):
    """A response number the survey does not have."""

    def __init__(self, survey, response_id):
        super().__init__(f"survey {survey.slug!r} has no response {response_id}")
        self.response_id = response_id


def import_responses(survey, path, actor, data=None, skip_invalid=False, name=None, progress=None, resume=False):
    """Import submitted responses from a CSV or XLSX file (see importing.import_responses) and audit the import.

    Nothing is stored (and nothing audited) when a row is wrong, unless skip_invalid. `name` is the file's name
    for the audit log, when `data` holds an upload's bytes. With `progress` (a jobs.Progress, or the command line's
    bar in one) the responses are written in short transactions, each counted on the audit entry, so a long import
    never locks respondents out; `resume` carries on after the responses progress's count says were written.
    """
    filename = name or os.path.basename(str(path))
    audit = None
    if progress is not None:
        from .jobs.imports import BatchAudit
        audit = BatchAudit(progress, "responses.imported", survey, actor, "responses", filename,
                           already=progress.done if resume else 0)
    try:
        result = importing.import_responses(survey, path, data=data, skip_invalid=skip_invalid, commit=False,
                                            batches=audit, imported=audit.already if audit else 0)
    except BaseException:
        db.session.rollback()
        raise
    if result.errors and not skip_invalid:
        db.session.rollback()
        return result
    skipped = f", {len(result.errors)} invalid rows skipped" if result.errors else ""
    if audit is not None:
        audit.finish(skipped)
        return result
    record("responses.imported", target=survey.slug, detail=f"{result.imported} responses from {filename}{skipped}",
           actor=actor)
    db.session.commit()
    return result


def start_import(survey, filename, data, actor):
    """Keep an uploaded responses file in the instance folder and start a job importing it (response_jobs.py)."""
    from .jobs.imports import start_file_job
    return start_file_job("responses.import", survey, filename, data, actor)


def delete_response(survey, response_id, actor):
    """Delete response `response_id` of `survey` and its answers; an identified invitation keeps its progress but
    loses the link. NoSuchResponse if the survey has no such response."""
    # A number no id column holds finds nothing: the database would refuse it with a traceback.
    response = db.session.get(Response, response_id) if 0 < response_id <= MAX_INT else None
    if response is None or response.survey_id != survey.id:
        raise NoSuchResponse(survey, response_id)
    db.session.execute(update(Invitation).where(Invitation.response_id == response.id).values(response_id=None))
    db.session.delete(response)
    record("response.deleted", target=f"{survey.slug} response {response_id}", actor=actor)
    db.session.commit()


def delete_test_responses(survey, actor):
    """Delete every test response of `survey` (made by staff trying it as a draft) and their answers, in one step;
    how many were deleted. Nothing is recorded when there were none."""
    tests = select(Response.id).where(Response.survey_id == survey.id, Response.is_test.is_(True))
    ids = db.session.execute(tests).scalars().all()
    if not ids:
        return 0
    db.session.execute(update(Invitation).where(Invitation.response_id.in_(tests)).values(response_id=None))
    # Answers go with their responses (ON DELETE CASCADE; SQLite enforces it as foreign keys are on).
    db.session.execute(delete(Response).where(Response.id.in_(ids)).execution_options(synchronize_session=False))
    record("responses.tests_deleted", target=survey.slug,
           detail=f"{len(ids)} test response{'' if len(ids) == 1 else 's'}", actor=actor)
    db.session.commit()
    return len(ids)
