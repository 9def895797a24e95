"""Previewing a questionnaire as a respondent sees it, page by page with its conditions; answers stay in the session.

Nothing here writes to the database: the answers live in the staff member's session, so a preview is never a
response and never counts anywhere.
"""
import json
from dataclasses import dataclass

from flask import abort, redirect, render_template, request, session, url_for
from ..answers import Answers
from ..bad_input import parse_id
from ..library import actions
from ..questionnaire import DocumentError, Questionnaire
from ..registry import registry
from ..respond.forms import PageForm, page_form
from ..respond.shown import shown_answers
from ..respond.views import take_answers
from . import bp
from .access import staff_required

#: The session key holding the answers of the one questionnaire being previewed.
SESSION_KEY = "questionnaire_preview"
#: Characters of answers the session may hold: it is a signed cookie, and a browser drops one over 4 KB (and with
#: it the staff member's login), so long typed answers are shortened in a preview.
ANSWERS_BUDGET = 1500


@dataclass(frozen=True)
class PreviewOf:
    """What the respondent templates call `survey`: here only its title is shown."""

    title: str
    slug: str = ""
    description: str = ""


def _questionnaire(questionnaire_id):
    """(questionnaire, version or None for the draft), or a 404; the draft by default, ?version=N for a version."""
    raw = request.args.get("version")
    if raw:
        version = parse_id(raw)
        if version is None:
            abort(404)
        try:
            return registry().questionnaire(questionnaire_id, version), version
        except (KeyError, TypeError):
            abort(404)
    draft = actions.get_draft(questionnaire_id)
    if draft is None:
        try:
            # A plugin's or a file's questionnaire has no draft: its newest version is previewed.
            questionnaire = registry().questionnaire(questionnaire_id)
        except KeyError:
            abort(404)
        return questionnaire, questionnaire.version
    try:
        return Questionnaire.from_dict(draft.document, registry().question_types), None
    except DocumentError:
        return None, None  # an empty draft: nothing to show yet


def _url(endpoint, questionnaire_id, version, **values):
    return url_for(endpoint, questionnaire_id=questionnaire_id,
                   **({"version": version} if version is not None else {}), **values)


def _saved(questionnaire_id, version):
    """The preview's stored rows {key: [[value, text, number], ...]}, for this questionnaire and version only."""
    kept = session.get(SESSION_KEY) or {}
    return kept.get("rows", {}) if kept.get("of") == [questionnaire_id, version] else {}


def _answers(questionnaire, rows):
    answers = Answers(stored=rows)
    types = registry().question_types
    for question in questionnaire.questions:
        if question.key in rows:
            value, extra = types[question.type].from_rows(question, [tuple(r) for r in rows[question.key]])
            if value is not None:
                answers.values[question.key] = value
            if extra:
                answers.extras[question.key] = extra
    return answers


def _keep(questionnaire_id, version, questionnaire, answers, stored_keys):
    """Write the answers still asked into the session, as the rows a response would store."""
    answers.prune(questionnaire)
    asked = set(questionnaire.asked_keys(answers.values))
    types = registry().question_types
    rows = {}
    for question in questionnaire.questions:
        if question.key in asked and question.key in stored_keys:
            rows[question.key] = [list(row) for row in types[question.type].to_rows(
                question, answers.values.get(question.key), answers.extras.get(question.key, {}))]
    session[SESSION_KEY] = {"of": [questionnaire_id, version], "rows": _fitted(rows)}


def _fitted(rows):
    """`rows` with typed texts cut short until they fit ANSWERS_BUDGET (option values are kept whole)."""
    longest = 1000
    while len(json.dumps(rows)) > ANSWERS_BUDGET and longest > 10:
        rows = {key: [[value, text[:longest] + "…" if isinstance(text, str) and len(text) > longest else text,
                       number] for value, text, number in found] for key, found in rows.items()}
        longest //= 2
    return rows


@bp.route("/questionnaires/<questionnaire_id>/preview", methods=["GET", "POST"])
@staff_required
def preview(questionnaire_id):
    """The preview's start page; its POST forgets earlier preview answers and goes to the first page."""
    questionnaire, version = _questionnaire(questionnaire_id)
    if request.method == "POST":
        if not PageForm().validate_on_submit():
            abort(400)
        session.pop(SESSION_KEY, None)
        if questionnaire is None:
            return redirect(_url(".preview", questionnaire_id, version))
        first = questionnaire.asked_pages({})
        return redirect(_url(".preview_page", questionnaire_id, version, number=first[0] + 1) if first
                        else _url(".preview_check", questionnaire_id, version))
    return render_template("admin/library/preview_start.html", questionnaire=questionnaire,
                           questionnaire_id=questionnaire_id, version=version, form=PageForm())


@bp.route("/questionnaires/<questionnaire_id>/preview/page/<int:number>", methods=["GET", "POST"])
@staff_required
def preview_page(questionnaire_id, number):
    """One page of the preview: the respondent's page, its answers kept in the session only."""
    questionnaire, version = _questionnaire(questionnaire_id)
    if questionnaire is None or not 1 <= number <= len(questionnaire.pages):
        abort(404)
    rows = _saved(questionnaire_id, version)
    answers = _answers(questionnaire, rows)
    asked_pages = questionnaire.asked_pages(answers.values)
    index = number - 1
    if index not in asked_pages:
        return redirect(_next(questionnaire_id, version, asked_pages, index))
    this_page = questionnaire.pages[index]
    questions = this_page.asked_questions(answers.values)
    types = registry().question_types
    if request.method == "POST":
        form = page_form(questions, formdata=request.form)
        if form.validate():
            take_answers(answers, questions, form, types)
            _keep(questionnaire_id, version, questionnaire, answers,
                  set(rows) | {q.key for q in this_page.questions})
            if request.args.get("return") == "check":
                return redirect(_url(".preview_check", questionnaire_id, version))
            return redirect(_next(questionnaire_id, version, questionnaire.asked_pages(answers.values), index))
    else:
        form = page_form(questions, answers=answers)
    position = asked_pages.index(index)
    back = (_url(".preview_check", questionnaire_id, version) if request.args.get("return") == "check"
            else _url(".preview_page", questionnaire_id, version, number=asked_pages[position - 1] + 1) if position
            else _url(".preview", questionnaire_id, version))
    return render_template("admin/library/preview_page.html", survey=PreviewOf(questionnaire.title),
                           questionnaire=questionnaire, questionnaire_id=questionnaire_id, version=version,
                           page=this_page, questions=questions, form=form, types=types, back=back,
                           position=position + 1, total=len(asked_pages))


def _next(questionnaire_id, version, asked_pages, index):
    later = [i for i in asked_pages if i > index]
    if later:
        return _url(".preview_page", questionnaire_id, version, number=later[0] + 1)
    return _url(".preview_check", questionnaire_id, version)


@bp.route("/questionnaires/<questionnaire_id>/preview/check")
@staff_required
def preview_check(questionnaire_id):
    """The preview's "Check your answers": every answer with a change link; nothing is sent."""
    questionnaire, version = _questionnaire(questionnaire_id)
    if questionnaire is None:
        abort(404)
    answers = _answers(questionnaire, _saved(questionnaire_id, version))
    answers.prune(questionnaire)
    missing = answers.missing_required(questionnaire)
    unvisited = [key for key in questionnaire.asked_keys(answers.values) if key not in answers.stored]
    if missing is not None or unvisited:
        key = missing.key if missing is not None else unvisited[0]
        return redirect(_url(".preview_page", questionnaire_id, version, number=questionnaire.page_of(key) + 1))
    return render_template("admin/library/preview_check.html", survey=PreviewOf(questionnaire.title),
                           questionnaire=questionnaire, questionnaire_id=questionnaire_id, version=version,
                           rows=shown_answers(questionnaire, answers), types=registry().question_types,
                           form=PageForm())
