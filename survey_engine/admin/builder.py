"""The draft editor under /admin/questionnaires/<id>/draft: one thing per page, every change a POST, no JavaScript.

Pages parse forms, apply an edit from library.editing to the draft as it is now, and save it through the library's
`save_draft`, stating the revision the form was loaded at: a save over someone else's is refused, saying what
changed, and the form comes back with everything typed. Admins edit; analysts see the overview.
"""
from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError
from wtforms.fields.choices import SelectChoice

from ..library import editing
from ..library.editing import EditRefused
from ..questionnaire import DocumentError
from ..registry import registry
from . import bp
from .access import admin_required, staff_required
from .builder_forms import (AnswersForm, ChooseQuestionForm, DetailsForm, DraftForm, HeadlineForm, JoinerForm,
                            PageForm, QuestionForm, TypeForm)

#: What staff read for each built-in type; a plugin's type shows its `label` attribute, else its name.
TYPE_LABELS = {
    "yes_no": ("Yes or no", "Yes and No, and “Not sure” if you want it"),
    "single_choice": ("One answer from a list", "Radio buttons: the respondent chooses one"),
    "multiple_choice": ("Any answers from a list", "Checkboxes: the respondent chooses all that apply"),
    "list": ("One answer from a long list", "A drop-down that filters as people type, for long lists"),
    "agreement": ("Agreement", "Strongly agree, agree, neither, disagree, strongly disagree"),
    "rating": ("Rating scale", "Whole numbers in a row, such as 1 to 5 or 0 to 10"),
    "short_text": ("Short answer", "One line of text"),
    "long_text": ("Long answer", "A paragraph of text"),
    "number": ("Number", "A number, with an optional smallest and largest"),
    "date": ("Date", "Day, month and year"),
    "email": ("Email address", ""),
    "organisation": ("The respondent's organisation", "Counted in “people from N organisations”"),
}
OPERATOR_WORDS = {"equals": "is", "one_of": "is one of", "any_selected": "includes"}


# --- The library's draft store, reached only here -------------------------------------------------------------------

def _library():
    from ..library import actions

    return actions


def _draft(qid):
    """The draft of questionnaire `qid` (.document, .revision), or 404 when there is no draft to edit."""
    try:
        draft = _library().get_draft(qid)
    except LookupError:
        abort(404)
    if draft is None:
        abort(404)
    return draft


@dataclass
class Trouble:
    """Why a save did not happen: problems with the edit, or the changes someone else saved meanwhile."""

    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    #: Each save made meanwhile: what it did, who and when.
    saves: list = field(default_factory=list)

    @property
    def conflict(self):
        return bool(self.changes or self.saves)


def _save(qid, form, change, what):
    """Apply `change` (document -> document) to the draft and save it as of the form's revision; None, or a Trouble."""
    library = _library()
    draft = _draft(qid)
    try:
        document = change(draft.document)
    except EditRefused as exc:
        return Trouble(problems=exc.problems)
    if document == draft.document and str(draft.revision) == form.revision.data:
        return None
    try:
        library.save_draft(qid, document, expected_revision=int(form.revision.data),
                           actor=current_user._get_current_object(), what=what)
    except library.DraftConflict as exc:
        # The form now carries the newest revision: saving again applies what was typed to the newest draft.
        form.revision.data = str(_draft(qid).revision)
        return Trouble(changes=list(exc.changes), saves=list(exc.saves) or [str(exc)])
    except DocumentError as exc:
        return Trouble(problems=[message for _pointer, message in exc.problems])
    return None


def _overview(qid, anchor=None):
    return redirect(url_for(".draft", qid=qid, _anchor=anchor))


def _optional_url(endpoint, **values):
    """The URL of another part of the library (preview, publish), or None if this engine has no such page."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _types():
    return registry().question_types


def type_label(name):
    if name in TYPE_LABELS:
        return _(TYPE_LABELS[name][0])
    qtype = _types().get(name)
    return str(getattr(qtype, "label", "") or name)


def _page_number(document, number):
    if not 1 <= number <= len(document.get("pages", [])):
        abort(404)
    return number - 1


def _question_or_404(document, key):
    try:
        return editing.find_question(document, key)
    except EditRefused:
        abort(404)


def _render(template, qid, draft, **context):
    return render_template(f"admin/builder/{template}", qid=qid, draft=draft, document=draft.document,
                           type_label=type_label, rule_sentence=rule_sentence, headline_sentence=headline_sentence,
                           condition_sentence=condition_sentence, **context)


def _fresh(form, draft):
    """Give a form just loaded the draft's revision."""
    if not form.is_submitted():
        form.revision.data = str(draft.revision)
    return form


# --- Sentences ------------------------------------------------------------------------------------------------------

def _quoted_answers(question, values, joiner):
    labels = dict(editing.offered_values(question, _types())) if question else {}
    quoted = [f"“{labels.get(v, v)}”" for v in values]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def rule_sentence(rule, document):
    """One comparison as staff read it: “Has your organisation used the standards?” is “Yes”."""
    question = next((q for q in document["questions"] if q["key"] == rule["question"]), None)
    asked = f"“{question['text']}”" if question else rule["question"]
    if rule["op"] == "equals":
        return _("%(question)s is %(answers)s", question=asked, answers=_quoted_answers(question, [rule["value"]],
                                                                                        _("or")))
    if rule["op"] == "one_of":
        return _("%(question)s is one of %(answers)s", question=asked,
                 answers=_quoted_answers(question, rule["values"], _("or")))
    if not rule.get("values"):
        return _("%(question)s has any answer", question=asked)
    return _("%(question)s includes %(answers)s", question=asked,
             answers=_quoted_answers(question, rule["values"], _("or")))


def condition_sentence(condition, document):
    """Any condition as words, "not" and nesting included."""
    if condition["op"] in OPERATOR_WORDS:
        return rule_sentence(condition, document)
    if condition["op"] == "not":
        return _("not (%(condition)s)", condition=condition_sentence(condition["condition"], document))
    word = _(" and ") if condition["op"] == "and" else _(" or ")
    return word.join(f"({condition_sentence(c, document)})" if c["op"] in ("and", "or") else
                     condition_sentence(c, document) for c in condition["conditions"])


def headline_sentence(headline, document):
    question = next((q for q in document["questions"] if q["key"] == headline["question"]), None)
    return _("“%(question)s”: %(answers)s", question=question["text"] if question else headline["question"],
             answers=_quoted_answers(question, headline["values"], _("or")))


# --- The overview ---------------------------------------------------------------------------------------------------

@bp.route("/questionnaires/<qid>/draft")
@staff_required
def draft(qid):
    """The draft: its details, each page with its questions and their conditions, and the headlines."""
    draft = _draft(qid)
    return _overview_page(qid, draft, _fresh(DraftForm(), draft))


def _overview_page(qid, draft, form, trouble=None):
    return _render("draft.html", qid, draft, form=form, trouble=trouble, unfinished=editing.unfinished(draft.document),
                   preview_url=_optional_url("admin.preview", questionnaire_id=qid),
                   publish_url=(_optional_url("admin.publish", questionnaire_id=qid)
                                if _library().has_unpublished_changes(qid) else None),
                   library_url=_optional_url("admin.questionnaire", questionnaire_id=qid))


@bp.route("/questionnaires/<qid>/draft/details", methods=["GET", "POST"])
@admin_required
def draft_details(qid):
    """Change the title, introduction, estimated minutes and the kind of organisation."""
    draft = _draft(qid)
    form = _fresh(DetailsForm(), draft)
    if not form.is_submitted():
        document = draft.document
        form.title.data, form.introduction.data = document["title"], document.get("introduction", "")
        form.minutes.data = str(document.get("minutes", 0) or "")
        form.organisation_kind.data = document.get("organisation_kind", "")
    trouble = None
    if form.validate_on_submit():
        minutes = int((form.minutes.data or "").strip() or 0)
        trouble = _save(qid, form, lambda d: editing.set_details(d, _types(), form.title.data.strip(),
                                                                  (form.introduction.data or "").strip(), minutes,
                                                                  (form.organisation_kind.data or "").strip()),
                        "Changed the questionnaire's details")
        if trouble is None:
            flash(_("Saved the questionnaire's details."), "success")
            return _overview(qid)
    return _render("details.html", qid, draft, form=form, trouble=trouble)


# --- Pages ----------------------------------------------------------------------------------------------------------

@bp.route("/questionnaires/<qid>/draft/pages/new", methods=["GET", "POST"])
@admin_required
def draft_new_page(qid):
    """A new page's title and introduction; it is saved with its first question, chosen next."""
    draft = _draft(qid)
    form = _fresh(PageForm(), draft)
    if form.validate_on_submit():
        return redirect(url_for(".draft_new_question", qid=qid, number=len(draft.document.get("pages", [])) + 1,
                                page_title=form.title.data.strip(),
                                page_introduction=(form.introduction.data or "").strip() or None))
    return _render("page.html", qid, draft, form=form, trouble=None, number=None)


def _new_page():
    """(title, introduction) of the page being added with this question, from the address; None for a page that is
    there already."""
    title = (request.args.get("page_title") or "").strip()
    return (title[:300], (request.args.get("page_introduction") or "").strip()[:5000]) if title else None


def _page_for_question(document, number):
    """The index of page `number`, which may be the next one when a new page comes with this question."""
    if _new_page() and number == len(document.get("pages", [])) + 1:
        return number - 1
    return _page_number(document, number)


@bp.route("/questionnaires/<qid>/draft/pages/<int:number>/edit", methods=["GET", "POST"])
@admin_required
def draft_edit_page(qid, number):
    draft = _draft(qid)
    index = _page_number(draft.document, number)
    form = _fresh(PageForm(), draft)
    if not form.is_submitted():
        page = draft.document["pages"][index]
        form.title.data, form.introduction.data = page["title"], page.get("introduction", "")
    trouble = None
    if form.validate_on_submit():
        trouble = _save(qid, form, lambda d: editing.edit_page(d, _types(), index, form.title.data.strip(),
                                                                (form.introduction.data or "").strip()),
                        f"Changed page {number}")
        if trouble is None:
            flash(_("Saved page %(number)s.", number=number), "success")
            return _overview(qid, f"page-{number}")
    return _render("page.html", qid, draft, form=form, trouble=trouble, number=number)


def _button_action(qid, change, what, done, anchor):
    """A button's POST: the change saved, or the overview again with why not."""
    form = DraftForm()
    if not form.validate_on_submit():
        flash(_("Reload the page and try again."), "error")
        return _overview(qid)
    trouble = _save(qid, form, change, what)
    if trouble is None:
        flash(done, "success")
        return _overview(qid, anchor)
    draft = _draft(qid)
    form.revision.data = str(draft.revision)
    return _overview_page(qid, draft, form, trouble), 409 if trouble.conflict else 400


def _offset():
    return -1 if request.form.get("direction") == "up" else 1


@bp.route("/questionnaires/<qid>/draft/pages/<int:number>/move", methods=["POST"])
@admin_required
def draft_move_page(qid, number):
    index = _page_number(_draft(qid).document, number)
    offset = _offset()
    return _button_action(qid, lambda d: editing.move_page(d, _types(), index, offset),
                          f"Moved page {number} {'up' if offset < 0 else 'down'}", _("Page moved."),
                          f"page-{number + offset}")


@bp.route("/questionnaires/<qid>/draft/pages/order", methods=["POST"])
@admin_required
def draft_order_pages(qid):
    """The whole order of the pages at once (from drag and drop): `order` lists their numbers, comma-separated."""
    try:
        order = [int(part) - 1 for part in request.form.get("order", "").split(",")]
    except ValueError:
        abort(400)
    return _button_action(qid, lambda d: editing.reorder_pages(d, _types(), order), "Reordered the pages",
                          _("Pages reordered."), None)


@bp.route("/questionnaires/<qid>/draft/pages/<int:number>/remove", methods=["GET", "POST"])
@admin_required
def draft_remove_page(qid, number):
    """Ask before removing a page and its questions (refused while conditions or headlines use them)."""
    draft = _draft(qid)
    index = _page_number(draft.document, number)
    page = draft.document["pages"][index]
    return _confirm_removal(
        qid, draft, lambda d: editing.remove_page(d, _types(), index), f"Removed page {number} ({page['title']})",
        _("Page removed."), heading=_("Are you sure you want to remove page %(number)s, “%(title)s”?", number=number,
                                      title=page["title"]),
        consequences=[_("Its questions go with it: %(count)s.", count=len(page["questions"]))],
        button=_("Remove page"))


def _confirm_removal(qid, draft, change, what, done, anchor=None, **page):
    """A page asking before a removal: shown, it tries `change` so a refusal is said before anyone confirms;
    confirmed (POST), the change is saved and the overview shown at `anchor`."""
    form = _fresh(DraftForm(), draft)
    trouble = None
    if request.method == "GET":
        try:
            change(draft.document)
        except EditRefused as exc:
            trouble = Trouble(problems=exc.problems)
    elif form.validate_on_submit():
        trouble = _save(qid, form, change, what)
        if trouble is None:
            flash(done, "success")
            return _overview(qid, anchor)
    return _render("remove.html", qid, draft, form=form, trouble=trouble, **page)


# --- Questions ------------------------------------------------------------------------------------------------------

def _type_choices():
    choices = []
    for name in _types():
        hint = _(TYPE_LABELS[name][1]) if name in TYPE_LABELS and TYPE_LABELS[name][1] else ""
        choices.append(SelectChoice(name, type_label(name), render_kw={"hint": hint}))
    order = list(TYPE_LABELS)
    return sorted(choices, key=lambda c: (order.index(c.value) if c.value in order else len(order), c.value))


@bp.route("/questionnaires/<qid>/draft/pages/<int:number>/questions/new", methods=["GET", "POST"])
@admin_required
def draft_new_question(qid, number):
    """Choose the kind of answer a new question on page `number` needs."""
    draft = _draft(qid)
    _page_for_question(draft.document, number)
    form = _fresh(TypeForm(), draft)
    form.type.choices = _type_choices()
    new_page = _new_page()
    if form.validate_on_submit():
        return redirect(url_for(".draft_add_question", qid=qid, number=number, type_name=form.type.data,
                                page_title=new_page[0] if new_page else None,
                                page_introduction=(new_page[1] or None) if new_page else None))
    return _render("type.html", qid, draft, form=form, trouble=None, number=number, key=None, new_page=new_page)


def _question_form(qtype, question=None):
    """The question form for `qtype`, filled from `question` (document form) when it is first shown."""
    form = QuestionForm()
    uses = editing.type_uses(qtype)
    settings = [(name, name.replace("_", " ").capitalize()) for name in qtype.settings]
    if question is not None and not form.is_submitted():
        form.text.data, form.hint.data, form.key.data = question["text"], question.get("hint", ""), question["key"]
        form.optional.data = not question.get("required", True)
        form.options.data = editing.options_as_lines(question.get("options", []))
        form.other.data, form.not_sure.data = question.get("other", False), question.get("not_sure", False)
        form.minimum.data = _number_text(question.get("minimum"))
        form.maximum.data = _number_text(question.get("maximum"))
    values = {name: (request.form.get(f"setting-{name}", "") if form.is_submitted() else
                     _number_text(question.get(name)) if question is not None else "") for name, _label in settings}
    return form, uses, settings, values


def _number_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(text):
    text = (text or "").strip()
    if not text:
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def _setting_value(text):
    """A setting as typed: a whole number or a number when it reads as one, else the text; None when blank."""
    text = text.strip()
    if not text:
        return None
    try:
        return _number(text)
    except ValueError:
        return text


def _question_from_form(form, qtype, uses, settings, values, key, condition=None):
    question = editing.new_question(key, qtype.name, form.text.data.strip(), hint=(form.hint.data or "").strip(),
                                    required=not form.optional.data, condition=condition)
    if "options" in uses:
        question["options"] = editing.options_from_lines(form.options.data or "")
    if "other" in uses:
        question["other"] = bool(form.other.data)
    if "not_sure" in uses:
        question["not_sure"] = bool(form.not_sure.data)
    if "range" in uses:
        question["minimum"], question["maximum"] = _number(form.minimum.data), _number(form.maximum.data)
    for name, _label in settings:
        value = _setting_value(values[name])
        if value is not None:
            question[name] = value
    return editing.strip_unused(question, qtype)


def _options_missing(form, qtype, uses):
    if "options" in uses and qtype.closed and not editing.options_from_lines(form.options.data or ""):
        form.options.errors = list(form.options.errors) + [_("Enter at least one option, one per line")]
        return True
    return False


@bp.route("/questionnaires/<qid>/draft/pages/<int:number>/questions/new/<type_name>", methods=["GET", "POST"])
@admin_required
def draft_add_question(qid, number, type_name):
    """Write a new question of type `type_name`, added at the end of page `number`."""
    draft = _draft(qid)
    index = _page_for_question(draft.document, number)
    new_page = _new_page()
    qtype = _types().get(type_name) or abort(404)
    form, uses, settings, values = _question_form(qtype)
    _fresh(form, draft)
    trouble = None
    if form.validate_on_submit() and not _options_missing(form, qtype, uses):
        taken = {q["key"] for q in draft.document.get("questions", [])}
        key = (form.key.data or "").strip() or editing.suggest_key(form.text.data, taken)
        question = _question_from_form(form, qtype, uses, settings, values, key)
        if new_page:
            trouble = _save(qid, form, lambda d: editing.add_page(d, _types(), *new_page, question)[0],
                            f"Added page {number} ({new_page[0]}) with question {key}")
        else:
            trouble = _save(qid, form, lambda d: editing.add_question(d, _types(), index, question),
                            f"Added question {key}")
        if trouble is None:
            flash(_("Question added."), "success")
            return _overview(qid, f"question-{key}")
    return _render("question.html", qid, draft, form=form, trouble=trouble, qtype=qtype, uses=uses,
                   settings=settings, values=values, number=number, key=None, new_page=new_page)


@bp.route("/questionnaires/<qid>/draft/questions/<key>/edit", methods=["GET", "POST"])
@admin_required
def draft_edit_question(qid, key):
    """Change a question's text and settings; ?type= changes its type (chosen on the type page)."""
    draft = _draft(qid)
    page_index, question = _question_or_404(draft.document, key)
    type_name = request.args.get("type") or question["type"]
    qtype = _types().get(type_name) or abort(404)
    form, uses, settings, values = _question_form(qtype, question)
    _fresh(form, draft)
    trouble = None
    if form.validate_on_submit() and not _options_missing(form, qtype, uses):
        new_key = (form.key.data or "").strip() or key
        changed = _question_from_form(form, qtype, uses, settings, values, new_key)
        trouble = _save(qid, form, lambda d: editing.edit_question(d, _types(), key, changed),
                        f"Changed question {key}" + (f" (now {new_key})" if new_key != key else ""))
        if trouble is None:
            flash(_("Question saved."), "success")
            return _overview(qid, f"question-{new_key}")
    return _render("question.html", qid, draft, form=form, trouble=trouble, qtype=qtype, uses=uses,
                   settings=settings, values=values, number=page_index + 1, key=key, question=question)


@bp.route("/questionnaires/<qid>/draft/questions/<key>/type", methods=["GET", "POST"])
@admin_required
def draft_question_type(qid, key):
    """Choose another kind of answer for a question; its text and settings are edited next."""
    draft = _draft(qid)
    page_index, question = _question_or_404(draft.document, key)
    form = _fresh(TypeForm(), draft)
    form.type.choices = _type_choices()
    if not form.is_submitted():
        form.type.data = question["type"]
    if form.validate_on_submit():
        return redirect(url_for(".draft_edit_question", qid=qid, key=key, type=form.type.data))
    return _render("type.html", qid, draft, form=form, trouble=None, number=page_index + 1, key=key)


@bp.route("/questionnaires/<qid>/draft/questions/<key>/move", methods=["POST"])
@admin_required
def draft_move_question(qid, key):
    _question_or_404(_draft(qid).document, key)
    offset = _offset()
    return _button_action(qid, lambda d: editing.move_question(d, _types(), key, offset),
                          f"Moved question {key} {'up' if offset < 0 else 'down'}", _("Question moved."),
                          f"question-{key}")


@bp.route("/questionnaires/<qid>/draft/questions/<key>/remove", methods=["GET", "POST"])
@admin_required
def draft_remove_question(qid, key):
    """Ask before removing a question; refused, naming them, while a condition or headline uses it."""
    draft = _draft(qid)
    _page_index, question = _question_or_404(draft.document, key)
    return _confirm_removal(
        qid, draft, lambda d: editing.remove_question(d, _types(), key), f"Removed question {key}",
        _("Question removed."), heading=_("Are you sure you want to remove the question “%(text)s”?",
                                          text=question["text"]),
        consequences=[], button=_("Remove question"))


# --- Conditions -----------------------------------------------------------------------------------------------------

def _closed_earlier(document, key):
    types = _types()
    return [q for q in editing.earlier_questions(document, key)
            if types.get(q["type"]) is not None and types[q["type"]].closed]


@bp.route("/questionnaires/<qid>/draft/questions/<key>/condition", methods=["GET", "POST"])
@admin_required
def draft_condition(qid, key):
    """A question's condition as sentences: add or remove rules, join them with and or or, or ask always."""
    draft = _draft(qid)
    _page_index, question = _question_or_404(draft.document, key)
    form = _fresh(JoinerForm(), draft)
    shape = editing.rules_of(question.get("condition"))
    if not form.is_submitted() and shape:
        form.joiner.data = shape[0]
    trouble = None
    if form.validate_on_submit():
        def change(document):
            current = editing.rules_of(editing.find_question(document, key)[1].get("condition"))
            if current is None:
                raise EditRefused([_("This condition cannot be changed here: ask always, then add its rules again.")])
            return editing.set_condition(document, _types(), key, editing.joined(form.joiner.data, current[1]))

        trouble = _save(qid, form, change, f"Joined the rules of question {key}'s condition with {form.joiner.data}")
        if trouble is None:
            flash(_("Condition saved."), "success")
            return redirect(url_for(".draft_condition", qid=qid, key=key))
    return _render("condition.html", qid, draft, form=form, trouble=trouble, question=question, shape=shape,
                   earlier=_closed_earlier(draft.document, key))


@bp.route("/questionnaires/<qid>/draft/questions/<key>/condition/always", methods=["POST"])
@admin_required
def draft_condition_always(qid, key):
    _question_or_404(_draft(qid).document, key)
    return _button_action(qid, lambda d: editing.set_condition(d, _types(), key, None),
                          f"Question {key} is always asked", _("The question is now always asked."),
                          f"question-{key}")


@bp.route("/questionnaires/<qid>/draft/questions/<key>/condition/<int:number>/remove", methods=["POST"])
@admin_required
def draft_condition_remove_rule(qid, key, number):
    _question_or_404(_draft(qid).document, key)

    def change(document):
        shape = editing.rules_of(editing.find_question(document, key)[1].get("condition"))
        if shape is None or not 1 <= number <= len(shape[1]):
            raise EditRefused([_("That rule is not there any more.")])
        rules = shape[1][:number - 1] + shape[1][number:]
        return editing.set_condition(document, _types(), key, editing.joined(shape[0], rules))

    return _button_action(qid, change, f"Removed rule {number} of question {key}'s condition",
                          _("Rule removed."), f"question-{key}")


@bp.route("/questionnaires/<qid>/draft/questions/<key>/condition/new", methods=["GET", "POST"])
@admin_required
def draft_condition_new(qid, key):
    """A new rule, first step: which earlier question it reads."""
    draft = _draft(qid)
    _page_index, question = _question_or_404(draft.document, key)
    form = _fresh(ChooseQuestionForm(), draft)
    earlier = _closed_earlier(draft.document, key)
    form.question.choices = [SelectChoice(q["key"], q["text"]) for q in earlier]
    if form.validate_on_submit():
        return redirect(url_for(".draft_condition_answers", qid=qid, key=key, ref=form.question.data))
    return _render("choose_question.html", qid, draft, form=form, question=question, earlier=earlier,
                   heading=_("Ask this question only if…"), purpose="condition")


@bp.route("/questionnaires/<qid>/draft/questions/<key>/condition/new/<ref>", methods=["GET", "POST"])
@admin_required
def draft_condition_answers(qid, key, ref):
    """A new rule, second step: the answers to question `ref` for which the question is asked."""
    draft = _draft(qid)
    _page_index, question = _question_or_404(draft.document, key)
    earlier = {q["key"]: q for q in _closed_earlier(draft.document, key)}
    if ref not in earlier:
        abort(404)
    form = _fresh(AnswersForm(), draft)
    offered = editing.offered_values(earlier[ref], _types())
    form.answers.choices = [SelectChoice(value, label) for value, label in offered]
    qtype = _types()[earlier[ref]["type"]]
    trouble = None
    if form.validate_on_submit():
        chosen = [value for value, _label in offered if value in form.answers.data]
        new_rule = editing.rule(earlier[ref], chosen, _types())

        def change(document):
            shape = editing.rules_of(editing.find_question(document, key)[1].get("condition"))
            if shape is None:
                raise EditRefused([_("This condition cannot be changed here: ask always, then add its rules again.")])
            return editing.set_condition(document, _types(), key, editing.joined(shape[0], shape[1] + [new_rule]))

        trouble = _save(qid, form, change, f"Added a rule to question {key}'s condition")
        if trouble is None:
            flash(_("Rule added."), "success")
            return redirect(url_for(".draft_condition", qid=qid, key=key))
    return _render("condition_answers.html", qid, draft, form=form, trouble=trouble, question=question,
                   ref=earlier[ref], several=qtype.several_rows)


# --- Headlines ------------------------------------------------------------------------------------------------------

def _closed_questions(document):
    types = _types()
    return [q for q in document.get("questions", []) if types.get(q["type"]) is not None and types[q["type"]].closed]


@bp.route("/questionnaires/<qid>/draft/headlines/new", methods=["GET", "POST"])
@admin_required
def draft_new_headline(qid):
    """A new headline, first step: the question it counts answers to."""
    draft = _draft(qid)
    form = _fresh(ChooseQuestionForm(), draft)
    closed = _closed_questions(draft.document)
    form.question.choices = [SelectChoice(q["key"], q["text"]) for q in closed]
    number = request.args.get("number", type=int)
    if form.validate_on_submit():
        if number:  # another question for an existing headline
            return redirect(url_for(".draft_edit_headline", qid=qid, number=number, question=form.question.data))
        return redirect(url_for(".draft_headline", qid=qid, ref=form.question.data))
    return _render("choose_question.html", qid, draft, form=form, question=None, earlier=closed,
                   heading=_("Which question does the headline count answers to?"), purpose="headline")


@bp.route("/questionnaires/<qid>/draft/headlines/new/<ref>", methods=["GET", "POST"], endpoint="draft_headline")
@bp.route("/questionnaires/<qid>/draft/headlines/<int:number>/edit", methods=["GET", "POST"])
@admin_required
def draft_edit_headline(qid, ref=None, number=None):
    """A headline's statement, the answers that count and the base; ?question= changes its question."""
    draft = _draft(qid)
    headlines = draft.document.get("headlines", [])
    if number is not None and not 1 <= number <= len(headlines):
        abort(404)
    headline = headlines[number - 1] if number is not None else None
    ref = request.args.get("question") or ref or headline["question"]
    closed = {q["key"]: q for q in _closed_questions(draft.document)}
    if ref not in closed:
        abort(404)
    form = _fresh(HeadlineForm(), draft)
    offered = editing.offered_values(closed[ref], _types())
    form.values.choices = [SelectChoice(value, label) for value, label in offered]
    if headline is not None and not form.is_submitted():
        form.text.data, form.base.data = headline["text"], headline.get("base", "answered")
        form.values.data = list(headline["values"]) if headline["question"] == ref else []
    trouble = None
    if form.validate_on_submit():
        made = {"text": form.text.data.strip(), "question": ref,
                "values": [value for value, _label in offered if value in form.values.data],
                "base": form.base.data}
        if number is None:
            trouble = _save(qid, form, lambda d: editing.add_headline(d, _types(), made)[0], "Added a headline")
        else:
            trouble = _save(qid, form, lambda d: editing.edit_headline(d, _types(), number - 1, made),
                            f"Changed headline {number}")
        if trouble is None:
            flash(_("Headline saved."), "success")
            return _overview(qid, "headlines")
    return _render("headline.html", qid, draft, form=form, trouble=trouble, ref=closed[ref], number=number)


@bp.route("/questionnaires/<qid>/draft/headlines/<int:number>/move", methods=["POST"])
@admin_required
def draft_move_headline(qid, number):
    offset = _offset()
    return _button_action(qid, lambda d: editing.move_headline(d, _types(), number - 1, offset),
                          f"Moved headline {number} {'up' if offset < 0 else 'down'}", _("Headline moved."),
                          "headlines")


@bp.route("/questionnaires/<qid>/draft/headlines/<int:number>/remove", methods=["GET", "POST"])
@admin_required
def draft_remove_headline(qid, number):
    draft = _draft(qid)
    headlines = draft.document.get("headlines", [])
    if not 1 <= number <= len(headlines):
        abort(404)
    return _confirm_removal(
        qid, draft, lambda d: editing.remove_headline(d, _types(), number - 1), f"Removed headline {number}",
        _("Headline removed."), "headlines", heading=_("Are you sure you want to remove the headline “%(text)s”?",
                                                       text=headlines[number - 1]["text"]),
        consequences=[], button=_("Remove headline"))
