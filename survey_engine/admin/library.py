"""The questionnaire library's staff pages: every questionnaire, creating one, its own page and publishing it."""
import os
import tempfile

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import func, select
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ..documents import FORMATS, DocumentFileError, load_questionnaire_file
from ..extensions import db
from ..library import actions
from ..models import Survey
from ..questionnaire import DocumentError
from ..registry import registry
from . import bp
from .access import admin_required, staff_required
from .forms import ActionForm

#: A questionnaire id as documents allow it (questionnaire_schema.json).
ID_PATTERN = r"\A[A-Za-z0-9][A-Za-z0-9_.-]*\Z"
#: The built-in plugin that hands published versions to the registry: without it, the library has nothing to offer.
LIBRARY_PLUGIN = "survey_engine.library.plugin"
#: Where the library's pages live: its list and pages here, the draft editor (builder.py) and preview (preview.py).
LIBRARY_PATH = "/admin/questionnaires"


def library_enabled():
    """Whether the library plugin is loaded (DISABLED_PLUGINS may switch it off)."""
    return registry().pm.get_plugin(LIBRARY_PLUGIN) is not None


@bp.before_request
def _library_switched_off():
    # Versions published here would never reach a survey, so none of the library's pages is offered.
    rule = request.url_rule
    if rule is not None and (rule.rule == LIBRARY_PATH or rule.rule.startswith(LIBRARY_PATH + "/")) \
            and not library_enabled():
        abort(404)


@bp.context_processor
def _library_context():
    return {"questionnaire_library": library_enabled()}


class NewQuestionnaireForm(FlaskForm):
    """How to start a questionnaire (blank, a copy, a file), with what each way needs; checked per way in the view."""

    how = RadioField(_l("How do you want to start?"), validators=[InputRequired(_l("Choose how to start"))],
                     choices=[SelectChoice("blank", _l("From blank")),
                              SelectChoice("copy", _l("As a copy of an existing questionnaire")),
                              SelectChoice("upload", _l("From a file: a JSON document or an XLSForm (.xlsx)"))])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)],
                        description=_l("What respondents see at the top of every page. For a copy or a file, leave "
                                       "blank to keep its title."))
    questionnaire_id = StringField(_l("Questionnaire id"), validators=[
        Optional(), Length(max=100),
        Regexp(ID_PATTERN, message=_l("Use letters, digits, hyphens, dots and underscores, like wellbeing-2027"))],
        description=_l("Used in links and recorded with every response; it cannot change later. For a file, "
                       "leave blank to keep the file's id."))
    source = SelectField(_l("Questionnaire to copy"), validators=[Optional()])
    file = FileField(_l("File to upload"), description=_l("A questionnaire document (.json) or an XLSForm (.xlsx)."))


def _surveys_by_questionnaire():
    """{questionnaire id: [Survey]} for every survey."""
    found = {}
    for survey in db.session.execute(select(Survey).order_by(Survey.created_at, Survey.id)).scalars():
        found.setdefault(survey.questionnaire_id, []).append(survey)
    return found


def _source_choices():
    """Every questionnaire that can be copied: each registered version, then each stored draft."""
    choices = [SelectChoice(f"{q.id}@{q.version}", f"{q.title} ({q.id} v{q.version})")
               for q in registry().published()]
    for stored in actions.stored_questionnaires():
        draft = actions.get_draft(stored.questionnaire_id)
        choices.append(SelectChoice(f"{stored.questionnaire_id}@draft", _(
            "%(title)s (%(id)s, its draft)", title=draft.document.get("title", ""), id=stored.questionnaire_id)))
    return choices


def _source_document(choice):
    qid, _at, which = choice.partition("@")
    if which == "draft":
        draft = actions.get_draft(qid)
        return draft.document if draft else None
    reg = registry()
    try:
        return reg.questionnaire(qid, int(which)).to_dict()
    except (KeyError, ValueError):
        return None


def _uploaded_document(storage):
    """The questionnaire document in an uploaded .json or .xlsx file; DocumentFileError listing its problems."""
    suffix = os.path.splitext(storage.filename or "")[1].lower()
    if suffix not in FORMATS:
        raise DocumentFileError(storage.filename or _("the file"), [
            _("the file must be a questionnaire document (.json) or an XLSForm (.xlsx)")])
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            storage.save(out)
        questionnaire = load_questionnaire_file(path, registry().question_types)
    except DocumentFileError as exc:
        raise DocumentFileError(storage.filename, exc.problems) from None
    finally:
        os.unlink(path)
    return questionnaire.to_dict()


def _problem_lines(exc):
    return [f"{pointer or '/'}: {message}" for pointer, message in exc.problems]


@bp.route("/questionnaires")
@staff_required
def questionnaires():
    """Every questionnaire: those from plugins and files (read-only) and those written here, with their surveys."""
    reg = registry()
    known = reg.questionnaires
    stored = {s.questionnaire_id: s for s in actions.stored_questionnaires()}
    rows = []
    for qid in sorted(set(known) | set(stored)):
        versions = sorted(known.get(qid, {}))
        draft = actions.get_draft(qid) if qid in stored else None
        newest = known[qid][versions[-1]] if versions else None
        rows.append({"id": qid, "title": newest.title if newest else draft.document.get("title", qid),
                     "versions": versions, "stored": qid in stored, "draft": draft,
                     "unpublished": qid in stored and actions.has_unpublished_changes(qid)})
    return render_template("admin/library/index.html", rows=rows, surveys=_surveys_by_questionnaire())


@bp.route("/questionnaires/new", methods=["GET", "POST"])
@admin_required
def new_questionnaire():
    """Create a questionnaire from blank, as a copy of any other, or from an uploaded JSON document or XLSForm."""
    form = NewQuestionnaireForm()
    form.source.choices = [SelectChoice("", _("Choose a questionnaire"))] + _source_choices()
    if request.method == "GET" and request.args.get("copy"):
        # "Copy to edit" from the list: the newest version of that questionnaire, ready to name.
        wanted = request.args["copy"]
        match = [c.value for c in form.source.choices if c.value.partition("@")[0] == wanted]
        if match:
            form.how.data, form.source.data = "copy", match[0]
    if form.validate_on_submit():
        document = _document_from(form)
        if document is not None:
            try:
                stored = actions.create_questionnaire(document, current_user._get_current_object(),
                                                      how=_how_words(form))
            except DocumentError as exc:
                _place_problems(form, exc)
            else:
                flash(_("Questionnaire created. Edit its draft, preview it, then publish it."), "success")
                return redirect(url_for(".questionnaire", questionnaire_id=stored.questionnaire_id))
    return render_template("admin/library/new.html", form=form)


def _how_words(form):
    if form.how.data == "copy":
        qid, _at, which = form.source.data.partition("@")
        return f"copy of {qid} {'draft' if which == 'draft' else 'v' + which}"
    if form.how.data == "upload":
        return f"uploaded {form.file.data.filename}"
    return "from blank"


def _document_from(form):
    """The document the form asks for, or None with the form's fields given their errors."""
    qid, title = (form.questionnaire_id.data or "").strip(), (form.title.data or "").strip()
    if form.how.data == "blank":
        if not title:
            form.title.errors.append(_("Enter a title"))
        if not qid:
            form.questionnaire_id.errors.append(_("Enter an id for the questionnaire"))
        return actions.blank_document(qid, title) if qid and title else None
    if form.how.data == "copy":
        source = _source_document(form.source.data) if form.source.data else None
        if source is None:
            form.source.errors.append(_("Choose the questionnaire to copy"))
        if not qid:
            form.questionnaire_id.errors.append(_("Enter an id for the copy"))
        return actions.copy_document(source, qid, title or None) if source is not None and qid else None
    storage = form.file.data
    if not storage or not getattr(storage, "filename", ""):
        form.file.errors.append(_("Choose a file to upload"))
        return None
    try:
        document = _uploaded_document(storage)
    except DocumentFileError as exc:
        form.file.errors.extend(_("%(file)s: %(problem)s", file=os.path.basename(storage.filename), problem=p)
                                for p in exc.problems)
        return None
    if qid:
        document["id"] = qid
    if title:
        document["title"] = title
    return document


def _place_problems(form, exc):
    """Put each problem of a refused document beside the field it comes from (the id's, or the source's)."""
    for pointer, message in exc.problems:
        if pointer == "/id":
            form.questionnaire_id.errors.append(message)
        elif pointer == "/title" and form.how.data == "blank":
            form.title.errors.append(message)
        else:
            field = form.file if form.how.data == "upload" else form.source if form.how.data == "copy" else form.title
            field.errors.append(f"{pointer or '/'}: {message}")


def _registered_or_stored(questionnaire_id):
    known = registry().questionnaires.get(questionnaire_id)
    stored = actions.get_stored(questionnaire_id)
    if known is None and stored is None:
        abort(404)
    return known or {}, stored


@bp.route("/questionnaires/<questionnaire_id>")
@staff_required
def questionnaire(questionnaire_id):
    """One questionnaire: its draft (if written here), its versions and the surveys that use it."""
    known, stored = _registered_or_stored(questionnaire_id)
    draft = actions.get_draft(questionnaire_id) if stored else None
    published = {v.version: v for v in actions.versions(questionnaire_id)}
    versions = [(number, known.get(number), published.get(number)) for number in sorted(known, reverse=True)]
    counts = dict(db.session.execute(select(Survey.questionnaire_version, func.count()).filter_by(
        questionnaire_id=questionnaire_id).group_by(Survey.questionnaire_version)).all())
    newest = known[max(known)] if known else None
    return render_template("admin/library/questionnaire.html", questionnaire_id=questionnaire_id, stored=stored,
                           draft=draft, versions=versions, newest=newest, counts=counts,
                           unpublished=stored is not None and actions.has_unpublished_changes(questionnaire_id),
                           surveys=_surveys_by_questionnaire().get(questionnaire_id, []),
                           source=registry().source_of(questionnaire_id))


@bp.route("/questionnaires/<questionnaire_id>/publish", methods=["GET", "POST"])
@admin_required
def publish(questionnaire_id):
    """What publishing changes from the last version, and key-rename warnings; its POST publishes version N+1."""
    stored = actions.get_stored(questionnaire_id)
    if stored is None:
        abort(404)
    form = ActionForm()
    draft = actions.get_draft(questionnaire_id)
    problems = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            revision = int(request.form.get("revision", ""))
        except ValueError:
            abort(400)
        try:
            version = actions.publish(questionnaire_id, current_user._get_current_object(),
                                      expected_revision=revision)
        except actions.DraftConflict as exc:
            flash(_("Someone saved the draft while you were reading its changes: check them again before "
                    "publishing."), "error")
            draft = exc.current
        except DocumentError as exc:
            problems = _problem_lines(exc)
        except actions.LibraryError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".questionnaire", questionnaire_id=questionnaire_id))
        else:
            flash(_("Version %(version)s is published. Surveys can use it now.", version=version.version),
                  "success")
            return redirect(url_for(".questionnaire", questionnaire_id=questionnaire_id))
    elif request.method == "POST":
        abort(400)
    report = actions.changes_since_last_version(questionnaire_id)
    if not problems:
        try:
            actions.check_document(draft.document)
        except DocumentError as exc:
            problems = _problem_lines(exc)
    return render_template("admin/library/publish.html", questionnaire_id=questionnaire_id, draft=draft,
                           report=report, problems=problems, form=form,
                           unpublished=actions.has_unpublished_changes(questionnaire_id))
