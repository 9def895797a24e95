"""Questionnaire documents from files: one loader for instance files and plugins' package files alike."""
import json
import os
from dataclasses import dataclass

from . import questionnaire as questionnaire_module
from .questionnaire import Questionnaire, QuestionnaireError

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
    # DocumentError (JSON-pointer problems, schema validation) comes with the lossless document; until then
    # QuestionnaireError stands in for it.
    document_error = getattr(questionnaire_module, "DocumentError", QuestionnaireError)
    if not isinstance(document, dict):
        raise DocumentFileError(source, [f"the document must be a JSON object, not {type(document).__name__}"])
    from_dict = getattr(Questionnaire, "from_dict", None)
    try:
        if from_dict is None:
            return _from_dict(document)
        return from_dict(document, question_types) if question_types is not None else from_dict(document)
    except document_error as exc:
        raise DocumentFileError(source, _problems(exc)) from exc
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
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as exc:
        raise DocumentFileError(path, [f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"])
    except UnicodeDecodeError as exc:
        raise DocumentFileError(path, [f"not UTF-8 text: {exc.reason} at byte {exc.start}"])
    except OSError as exc:
        raise DocumentFileError(path, [f"cannot be read: {exc.strerror}"])


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


def _from_dict(document):
    """The document's shape as `questionnaires show --format json` prints it; stands in until from_dict lands."""
    from .conditions import from_dict as condition_from_dict
    from .questionnaire import Headline, Option, Page, Question

    for name in ("id", "version", "title", "pages", "questions"):
        if name not in document:
            raise QuestionnaireError(f"missing field {name!r}")
    if not isinstance(document["version"], int) or isinstance(document["version"], bool):
        raise QuestionnaireError(f"version must be a whole number, not {document['version']!r}")
    questions = {}
    for data in document["questions"]:
        fields = {name: data[name] for name in ("hint", "required", "other", "not_sure", "minimum", "maximum")
                  if data.get(name) is not None}
        questions[data["key"]] = Question(
            data["key"], data["type"], data["text"],
            options=tuple(Option(o["value"], o["label"], o.get("hint", "")) for o in data.get("options") or ()),
            condition=condition_from_dict(data["condition"]) if data.get("condition") else None, **fields)
    pages = [Page(p["title"], [questions[key] for key in p["questions"]], introduction=p.get("introduction", ""))
             for p in document["pages"]]
    return Questionnaire(document["id"], document["version"], document["title"], document.get("introduction", ""),
                         pages, headlines=[Headline(h["text"], h["question"], h["values"], h.get("base", "answered"))
                                           for h in document.get("headlines") or ()],
                         organisation_kind=document.get("organisation_kind", ""),
                         minutes=document.get("minutes", 0))
