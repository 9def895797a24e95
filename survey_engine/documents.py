"""Questionnaire documents: JSON checked against questionnaire_schema.json and the engine's rules, then built.

Any plugin can ship documents in its package and register them with `load_document(__name__, "name.json")`;
instance files (.json or an XLSForm .xlsx) load through `load_questionnaire_file`.
"""
import dataclasses
import functools
import importlib
import importlib.resources
import json
import os
import pathlib
import sys
from dataclasses import dataclass

import jsonschema

from .conditions import from_dict as condition_from_dict
from .questionnaire import Area, DocumentError, Headline, Option, Page, Question, Questionnaire, QuestionnaireError

#: The document's own fields of a question; any other field is a setting its type must declare.
QUESTION_FIELDS = ("key", "type", "text", "hint", "required", "options", "other", "not_sure", "minimum", "maximum",
                   "condition")


@functools.cache
def schema():
    """The JSON Schema of a questionnaire document, as shipped in the package."""
    return json.loads(importlib.resources.files("survey_engine").joinpath("questionnaire_schema.json").read_text())


def pointer(path):
    """A JSON pointer (RFC 6901) from a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def schema_problems(document):
    """(pointer, message) for each way `document` breaks the schema, in document order."""
    validator = jsonschema.Draft202012Validator(schema())
    found = []
    for error in validator.iter_errors(document):
        # A condition matching none of the operators: the closest branch says more than "is not valid".
        best = jsonschema.exceptions.best_match([error])
        found.append((pointer(best.absolute_path), best.message))
    return sorted(set(found), key=lambda problem: _order(problem[0]))


def _order(text):
    """Sorts pointers as the document reads: /questions/2 before /questions/10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in text.split("/")]


def default_types():
    from .question_types import BUILTIN_TYPES

    return {cls.name: cls() for cls in BUILTIN_TYPES}


def questionnaire_from_document(document, question_types=None):
    """The Questionnaire `document` describes; DocumentError listing every problem with its pointer."""
    types = default_types() if question_types is None else question_types
    problems = schema_problems(document)
    if problems:
        raise DocumentError(problems)
    problems = []
    by_key, placed = {}, {}
    for index, data in enumerate(document["questions"]):
        by_key.setdefault(data["key"], index)
    for page_index, page in enumerate(document["pages"]):
        for position, key in enumerate(page["questions"]):
            where = f"/pages/{page_index}/questions/{position}"
            if key not in by_key:
                problems.append((where, f"no question has key {key!r}"))
            elif key in placed:
                problems.append((where, f"question {key!r} is already on page {placed[key] + 1}"))
            else:
                placed[key] = page_index
    order = [key for page in document["pages"] for key in page["questions"] if key in by_key]
    for index, data in enumerate(document["questions"]):
        if data["key"] not in placed:
            problems.append((f"/questions/{index}", f"question {data['key']!r} is on no page"))
    # A key used twice is reported by the rules below, not as a question out of order.
    listed = list(dict.fromkeys(data["key"] for data in document["questions"]))
    if not problems and listed != list(dict.fromkeys(order)):
        first = next(i for i, (a, b) in enumerate(zip(listed, order)) if a != b)
        problems.append((f"/questions/{first}", f"questions must be listed in the order their pages ask them: "
                                                f"{order[first]!r} comes here"))
    questions = [_question(data, types.get(data["type"])) for data in document["questions"]]
    if problems:
        raise DocumentError(problems)
    by_key = {}
    for q in questions:
        by_key.setdefault(q.key, q)
    pages = [Page(page["title"], [by_key[key] for key in page["questions"]], page.get("introduction", ""))
             for page in document["pages"]]
    questionnaire = Questionnaire(
        id=document["id"], version=document["version"], title=document["title"],
        introduction=document.get("introduction", ""), pages=pages,
        headlines=[Headline(h["text"], h["question"], h["values"], h.get("base", "answered"))
                   for h in document.get("headlines", ())],
        organisation_kind=document.get("organisation_kind", ""), minutes=document.get("minutes", 0),
        translations=document.get("translations"),
        areas=[Area(a["title"], a["questions"], a.get("description", ""), a.get("agree", ()), a.get("disagree", ()))
               for a in document.get("areas", ())])
    # Keys used twice were left on their first page above; the rules report them at the second.
    problems = [*questionnaire.problems(types), *_duplicate_problems(document),
                *_option_problems(questionnaire, types), *translation_problems(questionnaire, types)]
    if problems:
        raise DocumentError(sorted(set(problems), key=lambda problem: _order(problem[0])))
    return questionnaire


def _duplicate_problems(document):
    seen = set()
    for index, data in enumerate(document["questions"]):
        if data["key"] in seen:
            yield f"/questions/{index}/key", f"question key {data['key']!r} is used twice"
        seen.add(data["key"])


def _question(data, qtype):
    """A Question from its document form, leaving out the options its type adds itself."""
    settings = {name: value for name, value in data.items() if name not in QUESTION_FIELDS}
    written = tuple(Option(o["value"], o["label"], o.get("hint", "")) for o in data.get("options", ()))
    question = Question(data["key"], data["type"], data["text"], hint=data.get("hint", ""),
                        required=data.get("required", True), options=written,
                        condition=condition_from_dict(data["condition"]) if data.get("condition") else None,
                        not_sure=data.get("not_sure", False), other=data.get("other", False),
                        minimum=data.get("minimum"), maximum=data.get("maximum"), settings=settings)
    return _without_added_options(question, qtype) if qtype is not None else question


def _pairs(options):
    return [(o.value, str(o.label)) for o in options]


def _without_added_options(question, qtype):
    """`question` with only its author's options, when its options end with exactly those its type adds."""
    written = question.options
    for count in range(len(written), -1, -1):
        authored = written[:len(written) - count]
        candidate = dataclasses.replace(question, options=authored)
        try:
            if _pairs(qtype.options(candidate)) == _pairs(written):
                return candidate
        except Exception:  # a plugin type's options() may not expect what the author wrote
            continue
    return question


def _option_problems(questionnaire, types):
    """Option values used twice in one question would make its answers ambiguous."""
    for index, q in enumerate(questionnaire.questions):
        qtype = types.get(q.type)
        if qtype is None:
            continue
        seen = set()
        for number, option in enumerate(qtype.options(q)):
            if option.value in seen:
                yield f"/questions/{index}/options/{number}/value", f"option value {option.value!r} is used twice"
            seen.add(option.value)


def translation_problems(questionnaire, types):
    """Translations may name only questions, options, pages and headlines the questionnaire has."""
    found = []
    for language, translation in questionnaire.translations.items():
        base = f"/translations/{language}"
        if len(translation.get("pages", ())) > len(questionnaire.pages):
            found.append((f"{base}/pages", f"has {len(translation['pages'])} pages; the questionnaire has "
                                            f"{len(questionnaire.pages)}"))
        if len(translation.get("headlines", ())) > len(questionnaire.headlines):
            found.append((f"{base}/headlines", f"has {len(translation['headlines'])} headlines; the questionnaire "
                                                f"has {len(questionnaire.headlines)}"))
        by_key = {q.key: q for q in questionnaire.questions}
        for key, texts in translation.get("questions", {}).items():
            where = f"{base}/questions/{pointer([key])[1:]}"
            if key not in by_key:
                found.append((where, f"no question has key {key!r}"))
                continue
            qtype = types.get(by_key[key].type)
            offered = {o.value for o in qtype.options(by_key[key])} if qtype else set()
            for value in texts.get("options", {}):
                if value not in offered:
                    found.append((f"{where}/options/{pointer([value])[1:]}",
                                  f"question {key!r} has no option {value!r}"))
    return found


def read_json(path):
    """The document in a .json file; DocumentError (pointer "") if it is not JSON."""
    try:
        return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError([("", f"cannot read the file: {exc}")], source=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise DocumentError([("", f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")],
                            source=str(path)) from exc


def questionnaire_from_file(path, question_types=None):
    """The questionnaire in a .json document; DocumentError naming the file and every problem."""
    document = read_json(path)
    try:
        return Questionnaire.from_dict(document, question_types)
    except DocumentError as exc:
        raise DocumentError(exc.problems, source=str(path)) from exc


def load_document(module, name, question_types=None):
    """The questionnaire in document `name`, shipped in the folder of `module` (pass __name__)."""
    loaded = sys.modules.get(module) or importlib.import_module(module)
    # A package's documents sit in its own folder; a module's (questionnaires.trust_survey) beside it.
    folder = pathlib.Path(loaded.__file__).parent
    return questionnaire_from_file(folder / name, question_types)


#: The file formats load_questionnaire_file reads, by suffix.
FORMATS = (".json", ".xlsx")


class DocumentFileError(QuestionnaireError):
    """A questionnaire file that cannot be loaded; `problems` lists every reason, one plain sentence each."""

    def __init__(self, path, problems):
        self.path = str(path)
        self.problems = [str(p) for p in problems] or ["cannot be loaded"]
        super().__init__(f"{self.path}: " + "; ".join(self.problems))


@dataclass(frozen=True)
class BrokenSource:
    """A questionnaire file left out at start-up, with why; listed by `survey-engine questionnaires`."""

    source: str
    problems: tuple


def load_questionnaire_file(path, question_types=None):
    """The Questionnaire in a .json document or an .xlsx XLSForm; DocumentFileError listing its problems.

    `question_types` (name -> QuestionType) are the types the document may use, when known.
    """
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".json":
        document = _read_json(path)
    elif suffix == ".xlsx":
        document = _read_xlsform(path)
    else:
        raise DocumentFileError(path, [f"unknown format {suffix or '(no suffix)'!r}; use one of {', '.join(FORMATS)}"])
    return _questionnaire_from(document, path, question_types)


def _questionnaire_from(document, source, question_types=None):
    """Questionnaire.from_dict(document), its every failure turned into a DocumentFileError naming `source`."""
    if not isinstance(document, dict):
        raise DocumentFileError(source, [f"the document must be a JSON object, not {type(document).__name__}"])
    try:
        return Questionnaire.from_dict(document, question_types)
    except (QuestionnaireError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DocumentFileError(source, _problems(exc)) from exc


def _problems(exc):
    problems = getattr(exc, "problems", None)
    if problems:
        # DocumentError's problems are (JSON pointer, message); XLSFormError's say their sheet, row and column.
        return [f"{p[0] or '/'}: {p[1]}" if isinstance(p, tuple) and len(p) == 2 else str(p) for p in problems]
    if isinstance(exc, KeyError):
        return [f"missing field {exc.args[0]!r}"]
    return [str(exc) or type(exc).__name__]


def _read_json(path):
    try:
        return read_json(path)
    except DocumentError as exc:
        raise DocumentFileError(path, [message for _pointer, message in exc.problems]) from exc


def _read_xlsform(path):
    try:
        from .xlsform import XLSFormError, read_xlsform
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.xlsform":
            raise  # a library the reader needs is missing: say so, not "unsupported"
        raise DocumentFileError(path, ["XLSForm (.xlsx) files are not supported yet"])
    try:
        return read_xlsform(path)
    except XLSFormError as exc:
        raise DocumentFileError(path, _problems(exc)) from exc
