"""Edits of a draft questionnaire document: each takes a document and returns a changed copy, or refuses saying why.

A draft starts with nothing in it, but is never broken: after every edit the document passes every check
`Questionnaire.from_dict` makes, so a page is added with its first question and goes with its last.
Questions are named by key, pages and headlines by their 0-based position.
"""
import copy
import re

from flask_babel import gettext as _

from ..conditions import from_dict as condition_from_dict
from ..documents import QUESTION_FIELDS, questionnaire_from_document
from ..questionnaire import DocumentError, Option, Question

#: A question's fields as the document writes them, for a question of no particular type.
QUESTION_DEFAULTS = {"hint": "", "required": True, "options": [], "other": False, "not_sure": False,
                     "minimum": None, "maximum": None, "condition": None}
#: The bases a headline's percentage may be of.
BASES = ("answered", "asked", "respondents", "invited")
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


class EditRefused(ValueError):
    """An edit the draft cannot take; `problems` lists why, one plain sentence each."""

    def __init__(self, problems):
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems))


# --- What a question type uses ------------------------------------------------------------------------------------

def type_uses(qtype):
    """Which of the document's own fields a type's questions use: "options", "other", "not_sure", "range".

    Found by asking the type, never by its name, so a plugin's type gets the fields it honours.
    """
    from ..question_types import NumberType

    probe = Question("probe", qtype.name, "Probe", options=(Option("probe-a", "A"),))
    uses = set()
    try:
        if qtype.closed and any(o.value == "probe-a" for o in qtype.options(probe)):
            uses.add("options")
        plain = [o.value for o in qtype.options(Question("probe", qtype.name, "Probe"))]
        if [o.value for o in qtype.options(Question("probe", qtype.name, "Probe", other=True))] != plain:
            uses.add("other")
        if [o.value for o in qtype.options(Question("probe", qtype.name, "Probe", not_sure=True))] != plain:
            uses.add("not_sure")
    except Exception:  # a plugin type's options() may expect settings the probe lacks
        pass
    if isinstance(qtype, NumberType):
        uses.add("range")
    return uses


def offered_values(question, types):
    """The option values a respondent can choose for the question in document form (its type's own included)."""
    qtype = types.get(question["type"])
    if qtype is None:
        return []
    return [(o.value, str(o.label)) for o in qtype.options(_question_object(question, qtype))]


def _question_object(data, qtype):
    from ..documents import _question

    return _question(data, qtype)


# --- Checking ------------------------------------------------------------------------------------------------------

def problems(document, types):
    """Every problem the engine would refuse in `document`, as sentences; a draft with nothing in it yet passes."""
    checkable = copy.deepcopy(document)
    blank = not checkable.get("pages") and not checkable.get("questions")
    try:
        questionnaire_from_document(checkable, types)
    except DocumentError as exc:
        found = [(pointer, message) for pointer, message in exc.problems
                 if not (blank and pointer in ("/pages", "/questions") and "non-empty" in message)]
        return [f"{message} (at {pointer})" if pointer.startswith("/translations") else message
                for pointer, message in found]
    return []


def checked(document, types):
    """`document`, if the engine would take it (unfinished aside); else EditRefused listing every problem."""
    found = problems(document, types)
    if found:
        raise EditRefused(found)
    return document


def unfinished(document):
    """What stops a draft being published although nothing in it is wrong: having no questions yet."""
    if document.get("questions"):
        return []
    return [_("The questionnaire has no questions yet: add a page and its first one.")]


# --- Who uses a question -------------------------------------------------------------------------------------------

def uses_of(document, key, going=()):
    """Sentences naming each condition and headline that reads question `key`, except conditions of the
    questions in `going` (removed along with it)."""
    found = []
    for question in document.get("questions", []):
        condition = question.get("condition")
        if (condition and question["key"] != key and question["key"] not in going
                and key in condition_from_dict(condition).question_keys()):
            found.append(_condition_words(question))
    for headline in document.get("headlines", []):
        if headline["question"] == key:
            found.append(_headline_words(headline))
    return found


def _condition_words(question):
    return _("the condition on question “%(text)s” (%(key)s)", text=question["text"], key=question["key"])


def _headline_words(headline):
    return _("the headline “%(text)s”", text=headline["text"])


def values_used(document, key):
    """{value: [sentences]} of the answers to question `key` that conditions and headlines name."""
    found = {}
    for question in document.get("questions", []):
        if question.get("condition"):
            for ref, values in condition_values(question["condition"]):
                if ref == key:
                    for value in values:
                        found.setdefault(value, []).append(_condition_words(question))
    for headline in document.get("headlines", []):
        if headline["question"] == key:
            for value in headline["values"]:
                found.setdefault(value, []).append(_headline_words(headline))
    return found


def condition_values(condition):
    """(question key, values) for each comparison in a condition in document form."""
    op = condition["op"]
    if op == "equals":
        return [(condition["question"], [condition["value"]])]
    if op in ("one_of", "any_selected"):
        return [(condition["question"], list(condition.get("values", [])))]
    if op == "not":
        return condition_values(condition["condition"])
    return [pair for part in condition["conditions"] for pair in condition_values(part)]


# --- The questionnaire's details -----------------------------------------------------------------------------------

def set_details(document, types, title, introduction, minutes, organisation_kind=None):
    """Change the title, introduction and estimated minutes (and the kind given to organisations, if given)."""
    changed = copy.deepcopy(document)
    changed.update(title=title, introduction=introduction, minutes=minutes)
    if organisation_kind is not None:
        changed["organisation_kind"] = organisation_kind
    return checked(changed, types)


# --- Pages ---------------------------------------------------------------------------------------------------------

def _page(document, index):
    pages = document.get("pages", [])
    if not 0 <= index < len(pages):
        raise EditRefused([_("There is no page %(number)s.", number=index + 1)])
    return pages[index]


def add_page(document, types, title, introduction, first_question, position=None):
    """(document, index): a new page holding `first_question` (document form), at `position` or at the end."""
    changed = copy.deepcopy(document)
    pages = changed.setdefault("pages", [])
    index = len(pages) if position is None else max(0, min(position, len(pages)))
    if any(q["key"] == first_question["key"] for q in changed.get("questions", [])):
        raise EditRefused([_key_taken(first_question["key"])])
    pages.insert(index, {"title": title, "introduction": introduction, "questions": [first_question["key"]]})
    changed.setdefault("questions", []).append(copy.deepcopy(first_question))
    return checked(_in_page_order(changed), types), index


def edit_page(document, types, index, title, introduction):
    changed = copy.deepcopy(document)
    _page(changed, index).update(title=title, introduction=introduction)
    return checked(changed, types)


def move_page(document, types, index, offset):
    """Move page `index` by `offset` places (-1 up, 1 down); refused when a condition would look forwards."""
    changed = copy.deepcopy(document)
    _page(changed, index)
    pages = changed["pages"]
    target = index + offset
    if not 0 <= target < len(pages):
        return document
    pages.insert(target, pages.pop(index))
    return checked(_in_page_order(changed), types)


def reorder_pages(document, types, order):
    """Put the pages in `order`, a list of their current indexes (drag and drop sends the whole order)."""
    changed = copy.deepcopy(document)
    if sorted(order) != list(range(len(changed.get("pages", [])))):
        raise EditRefused([_("The new order must list every page once.")])
    changed["pages"] = [changed["pages"][i] for i in order]
    return checked(_in_page_order(changed), types)


def remove_page(document, types, index):
    """Remove page `index` and its questions; refused, naming them, while conditions or headlines use them."""
    changed = copy.deepcopy(document)
    keys = list(_page(changed, index)["questions"])
    refusals = []
    for key in keys:
        refusals += [_used_by(_text(changed, key), key, use) for use in uses_of(changed, key, going=keys)]
    if refusals:
        raise EditRefused(refusals)
    changed["pages"].pop(index)
    changed["questions"] = [q for q in changed["questions"] if q["key"] not in keys]
    return checked(changed, types)


# --- Questions -----------------------------------------------------------------------------------------------------

def _text(document, key):
    return next((q["text"] for q in document.get("questions", []) if q["key"] == key), key)


def _used_by(text, key, use):
    return _("Question “%(text)s” (%(key)s) is used by %(use)s: change or remove it first.", text=text, key=key,
             use=use)


def _key_taken(key):
    return _("Another question already has the key %(key)s: choose another.", key=repr(key))


def _no_question(key):
    return _("There is no question %(key)s.", key=repr(key))


def _no_answer(question, value):
    return _("“%(text)s” has no answer %(value)s.", text=question["text"], value=repr(value))


def find_question(document, key):
    """(page index, question dict) of question `key`; EditRefused if there is none."""
    for index, page in enumerate(document.get("pages", [])):
        if key in page["questions"]:
            return index, next(q for q in document["questions"] if q["key"] == key)
    raise EditRefused([_no_question(key)])


def suggest_key(text, taken=()):
    """A question key from its text: its first words in lower case joined by underscores, unused in `taken`."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    key, length = [], 0
    for word in words:
        if key and length + len(word) > 30:
            break
        key.append(word)
        length += len(word) + 1
    base = "_".join(key) or "question"
    if not KEY.fullmatch(base):
        base = "q_" + base
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def new_question(key, type_name, text, **fields):
    """A question in document form with every field written, as to_dict() writes one."""
    return {"key": key, "type": type_name, "text": text, **copy.deepcopy(QUESTION_DEFAULTS), **fields}


def add_question(document, types, page_index, question, position=None):
    """Add `question` (document form) to page `page_index`, at `position` or at the page's end."""
    changed = copy.deepcopy(document)
    page = _page(changed, page_index)
    if any(q["key"] == question["key"] for q in changed.get("questions", [])):
        raise EditRefused([_key_taken(question["key"])])
    keys = page["questions"]
    keys.insert(len(keys) if position is None else max(0, min(position, len(keys))), question["key"])
    changed.setdefault("questions", []).append(copy.deepcopy(question))
    return checked(_in_page_order(changed), types)


def edit_question(document, types, key, question):
    """Replace question `key` with `question` (its condition kept); a new key is followed by what uses it.

    Refused when an answer a condition or headline names would no longer be offered.
    """
    changed = copy.deepcopy(document)
    page_index, old = find_question(changed, key)
    question = copy.deepcopy(question)
    question["condition"] = old.get("condition")
    new_key = question["key"]
    if new_key != key and any(q["key"] == new_key for q in changed["questions"]):
        raise EditRefused([_key_taken(new_key)])
    offered = {value for value, _label in offered_values(question, types)}
    refusals = [_("The answer %(value)s is used by %(users)s: keep it, or change those first.", value=repr(value),
                  users=", ".join(users))
                for value, users in values_used(changed, key).items() if value not in offered]
    if refusals:
        raise EditRefused(refusals)
    changed["questions"] = [question if q["key"] == key else q for q in changed["questions"]]
    if new_key != key:
        page = changed["pages"][page_index]
        page["questions"] = [new_key if k == key else k for k in page["questions"]]
        _rename_uses(changed, key, new_key)
    return checked(changed, types)


def _rename_uses(document, old, new):
    def rename(condition):
        if "question" in condition and condition["question"] == old:
            condition["question"] = new
        for part in condition.get("conditions", []):
            rename(part)
        if "condition" in condition:
            rename(condition["condition"])

    for question in document["questions"]:
        if question.get("condition"):
            rename(question["condition"])
    for headline in document.get("headlines", []):
        if headline["question"] == old:
            headline["question"] = new


def move_question(document, types, key, offset):
    """Move question `key` one place up (-1) or down (1); past the top or end of its page it joins the next one."""
    changed = copy.deepcopy(document)
    page_index, question = find_question(changed, key)
    pages = changed["pages"]
    keys = pages[page_index]["questions"]
    position = keys.index(key)
    target = position + offset
    if 0 <= target < len(keys):
        keys.insert(target, keys.pop(position))
    elif len(keys) == 1 and 0 <= page_index + offset < len(pages):
        raise EditRefused([_("“%(text)s” is the only question on page %(number)s: move the page instead, or add "
                             "another question to it first.", text=question["text"], number=page_index + 1)])
    elif 0 <= page_index + offset < len(pages):
        keys.pop(position)
        other = pages[page_index + offset]["questions"]
        other.insert(len(other) if offset < 0 else 0, key)
    else:
        return document
    return checked(_in_page_order(changed), types)


def remove_question(document, types, key):
    """Remove question `key`, and its page if it was the page's last; refused, naming them, while a condition or
    headline uses it."""
    changed = copy.deepcopy(document)
    page_index, question = find_question(changed, key)
    users = uses_of(changed, key)
    if users:
        raise EditRefused([_used_by(question["text"], key, use) for use in users])
    changed["pages"][page_index]["questions"].remove(key)
    if not changed["pages"][page_index]["questions"]:
        changed["pages"].pop(page_index)
    changed["questions"] = [q for q in changed["questions"] if q["key"] != key]
    return checked(changed, types)


def _in_page_order(document):
    """The questions list reordered as the pages ask them (the document's rule)."""
    by_key = {q["key"]: q for q in document.get("questions", [])}
    document["questions"] = [by_key[key] for page in document.get("pages", []) for key in page["questions"]
                             if key in by_key]
    return document


# --- Conditions ----------------------------------------------------------------------------------------------------

def earlier_questions(document, key):
    """The questions on pages before question `key`'s: the only ones its condition may read."""
    page_index, _question = find_question(document, key)
    earlier = {k for page in document["pages"][:page_index] for k in page["questions"]}
    return [q for q in document["questions"] if q["key"] in earlier]


def rule(question, values, types):
    """One comparison in document form: "includes" for a type answered with several options, "is" for one value,
    "is one of" for several."""
    qtype = types.get(question["type"])
    if qtype is not None and qtype.several_rows:
        return {"op": "any_selected", "question": question["key"], "values": list(values)}
    if len(values) == 1:
        return {"op": "equals", "question": question["key"], "value": values[0]}
    return {"op": "one_of", "question": question["key"], "values": list(values)}


def rules_of(condition):
    """(joiner, rules): "and" or "or" and the comparisons a sentence-style condition joins; None if it is not one
    (such as a "not", or and/or nested), which the editor shows but can only replace."""
    if condition is None:
        return "and", []
    if condition["op"] in ("equals", "one_of", "any_selected"):
        return "and", [condition]
    if condition["op"] in ("and", "or") and all(c["op"] in ("equals", "one_of", "any_selected")
                                                 for c in condition["conditions"]):
        return condition["op"], list(condition["conditions"])
    return None


def joined(joiner, rules):
    """A condition in document form from its rules: None when there are none."""
    if not rules:
        return None
    if len(rules) == 1:
        return rules[0]
    return {"op": joiner, "conditions": list(rules)}


def set_condition(document, types, key, condition):
    """Ask question `key` only when `condition` (document form, or None for always) holds.

    Refused when it reads a question that is not on an earlier page or names an answer that question does not offer.
    """
    changed = copy.deepcopy(document)
    _page_index, question = find_question(changed, key)
    if condition is not None:
        allowed = {q["key"]: q for q in earlier_questions(changed, key)}
        refusals = []
        for ref, values in condition_values(condition):
            if ref not in allowed:
                refusals.append(_("A condition may only use questions on earlier pages: %(key)s is not one.",
                                  key=repr(ref)))
                continue
            offered = {value for value, _label in offered_values(allowed[ref], types)}
            refusals += [_no_answer(allowed[ref], value) for value in values if value not in offered]
        if refusals:
            raise EditRefused(refusals)
    question["condition"] = condition
    return checked(changed, types)


# --- Headlines -----------------------------------------------------------------------------------------------------

def _headline_checked(document, types, headline):
    try:
        _page_index, question = find_question(document, headline["question"])
    except EditRefused:
        raise EditRefused([_no_question(headline["question"])]) from None
    offered = {value for value, _label in offered_values(question, types)}
    refusals = [_no_answer(question, value) for value in headline["values"] if value not in offered]
    if not headline["values"]:
        refusals.append(_("Choose at least one answer that counts."))
    if headline.get("base", "answered") not in BASES:
        refusals.append(_("The base must be one of %(bases)s.", bases=", ".join(BASES)))
    if refusals:
        raise EditRefused(refusals)


def add_headline(document, types, headline):
    """(document, index) with `headline` ({text, question, values, base}) added at the end."""
    changed = copy.deepcopy(document)
    _headline_checked(changed, types, headline)
    changed.setdefault("headlines", []).append(copy.deepcopy(headline))
    return checked(changed, types), len(changed["headlines"]) - 1


def _headline_index(document, index):
    if not 0 <= index < len(document.get("headlines", [])):
        raise EditRefused([_("There is no headline %(number)s.", number=index + 1)])


def edit_headline(document, types, index, headline):
    changed = copy.deepcopy(document)
    _headline_index(changed, index)
    _headline_checked(changed, types, headline)
    changed["headlines"][index] = copy.deepcopy(headline)
    return checked(changed, types)


def move_headline(document, types, index, offset):
    changed = copy.deepcopy(document)
    _headline_index(changed, index)
    headlines = changed["headlines"]
    if not 0 <= index + offset < len(headlines):
        return document
    headlines.insert(index + offset, headlines.pop(index))
    return checked(changed, types)


def remove_headline(document, types, index):
    changed = copy.deepcopy(document)
    _headline_index(changed, index)
    changed["headlines"].pop(index)
    return checked(changed, types)


# --- Options as staff type them --------------------------------------------------------------------------------------

def slug(label):
    """The value an option gets from its label, as `options()` makes one."""
    return "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split())


def options_from_lines(text):
    """Options (document form) from one per line: "Label", or "value | Label", or "value | Label | hint"."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 1:
            found.append({"value": slug(parts[0]) or parts[0], "label": parts[0]})
        else:
            option = {"value": parts[0], "label": " | ".join(parts[1:2]) or parts[0]}
            if len(parts) > 2 and "|".join(parts[2:]).strip():
                option["hint"] = " | ".join(parts[2:])
            found.append(option)
    return found


def options_as_lines(options):
    """The text box's lines for these options: the label alone when its value is what the label would give."""
    lines = []
    for option in options:
        if option.get("hint"):
            lines.append(f"{option['value']} | {option['label']} | {option['hint']}")
        elif slug(option["label"]) == option["value"]:
            lines.append(option["label"])
        else:
            lines.append(f"{option['value']} | {option['label']}")
    return "\n".join(lines)


def strip_unused(question, qtype):
    """`question` with the fields its type does not use set back to their defaults, so none is left stale."""
    uses = type_uses(qtype) if qtype is not None else set()
    cleaned = {name: value for name, value in question.items()
               if name in QUESTION_FIELDS or (qtype is not None and name in qtype.settings)}
    if "options" not in uses:
        cleaned["options"] = []
    if "other" not in uses:
        cleaned["other"] = False
    if "not_sure" not in uses:
        cleaned["not_sure"] = False
    if "range" not in uses:
        cleaned["minimum"] = cleaned["maximum"] = None
    return cleaned
