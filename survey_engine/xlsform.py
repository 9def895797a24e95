"""Read an XLSForm spreadsheet (survey, choices and settings sheets) into a questionnaire document."""
import re

from .question_types import AGREEMENT, NOT_SURE, OTHER, MultipleChoiceType, YesNoType
from .questionnaire import Option, Question

#: Columns of the survey sheet that are read; `label::…` and `hint::…` translations are read too.
SURVEY_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint", "appearance", "area"}
#: Columns (yes or no) that turn on a select_one question's settings of the same names: "Prefer not to say" and
#: "Not applicable" offered by the engine, and whether they count in the answered base.
DECLINE_COLUMNS = ("prefer_not_to_say", "not_applicable", "in_base")
CHOICES_COLUMNS = {"list_name", "name", "label"}
SETTINGS_COLUMNS = {"form_id", "version", "form_title", "introduction", "minutes", "organisation_kind",
                    "default_language"}
#: What `appearance` may say on a `text` question, and the engine type it picks.
TEXT_APPEARANCES = {"": "short_text", "multiline": "long_text", "organisation": "organisation",
                    "email": "email"}
YES = {"yes", "true", "1", "true()"}
NO = {"", "no", "false", "0", "false()"}


class XLSFormError(ValueError):
    """An XLSForm that cannot be read as a questionnaire; `problems` lists each with its sheet, row and column."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problem(str):
    """One problem, worded as `sheet survey, row 4, column relevant: …`; its parts are attributes too."""

    def __new__(cls, sheet, row, column, message):
        where = f"sheet {sheet}" + (f", row {row}" if row else "") + (f", column {column}" if column else "")
        text = super().__new__(cls, f"{where}: {message}")
        text.sheet, text.row, text.column, text.message = sheet, row, column, message
        return text


class _Unsupported(ValueError):
    """An expression the parser refuses; the caller adds the sheet, row and column."""


def read_xlsform(path):
    """The questionnaire document of the XLSForm at `path`; XLSFormError listing every problem."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise XLSFormError([Problem("-", None, None, f"not a readable .xlsx file ({error})")]) from None
    try:
        sheets = {name.strip().lower(): _rows(book[name]) for name in book.sheetnames}
    finally:
        book.close()
    return _Reader(sheets).document()


def _rows(sheet):
    """(row number, {column: text}) for each non-empty row under the header, with the header's names."""
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return [], []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    result = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {}
        for name, value in zip(header, row):
            if name and value is not None and str(value).strip() != "":
                cells[name] = _text(value)
        if cells:
            result.append((number, cells))
    return header, result


def _text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _language(column, sheet, row, problems):
    """The code in `label::Cymraeg (cy)`; None (and a problem) when the column names no code."""
    match = re.fullmatch(r".*\(\s*([A-Za-z][A-Za-z0-9_-]*)\s*\)\s*", column.split("::", 1)[1])
    if not match:
        problems.append(Problem(sheet, row, column, "write the language as `Name (code)`, "
                                                    "for example label::Cymraeg (cy)"))
        return None
    return match.group(1)


class _Reader:
    """One reading of a workbook: collects every problem before raising them together."""

    def __init__(self, sheets):
        self.sheets = sheets
        self.problems = []
        self.main_label = "label"  # or the `label::…` column settings' default_language names
        self.main_hint = "hint"

    def problem(self, sheet, row, column, message):
        self.problems.append(Problem(sheet, row, column, message))

    def document(self):
        for name in ("survey", "choices", "settings"):
            if name not in self.sheets and name != "choices":
                self.problem(name, None, None, "the workbook has no such sheet")
        if self.problems:
            raise XLSFormError(self.problems)
        settings = self.settings()
        choices = self.choices()
        document = {**settings["document"], "pages": [], "questions": [], "headlines": [], "translations": {}}
        self.translations = {code: {"title": text} for code, text in settings["titles"].items()}
        for code, text in settings["introductions"].items():
            self.translations.setdefault(code, {})["introduction"] = text
        self.survey(document, choices)
        for code, translation in self.translations.items():
            translation.setdefault("title", "")
            translation.setdefault("introduction", "")
            translation["pages"] = [page_translations.get(code, {"title": "", "introduction": ""})
                                    for page_translations in self.page_translations]
            translation.setdefault("questions", {})
        document["translations"] = dict(sorted(self.translations.items()))
        if self.problems:
            raise XLSFormError(self.problems)
        return document

    # settings

    def settings(self):
        header, rows = self.sheets["settings"]
        self.unknown_columns("settings", header, rows, SETTINGS_COLUMNS, ("form_title::", "introduction::"))
        cells = rows[0][1] if rows else {}
        row = rows[0][0] if rows else 2
        if len(rows) > 1:
            self.problem("settings", rows[1][0], None, "settings are read from one row only")
        document = {"id": cells.get("form_id", ""), "version": 1, "title": cells.get("form_title", ""),
                    "introduction": cells.get("introduction", ""), "minutes": 0,
                    "organisation_kind": cells.get("organisation_kind", "")}
        if not document["id"]:
            self.problem("settings", row, "form_id", "form_id is missing: it is the questionnaire's id")
        elif not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", document["id"]):
            self.problem("settings", row, "form_id", f"form_id {document['id']!r} should be lower-case letters, "
                                                     "digits, - and _")
        if "version" not in cells:
            self.problem("settings", row, "version", "version is missing: give a whole number, such as 1")
        elif not re.fullmatch(r"\d+", cells["version"]):
            self.problem("settings", row, "version", f"version {cells['version']!r} is not a whole number")
        else:
            document["version"] = int(cells["version"])
        if cells.get("minutes"):
            if re.fullmatch(r"\d+", cells["minutes"]):
                document["minutes"] = int(cells["minutes"])
            else:
                self.problem("settings", row, "minutes", f"minutes {cells['minutes']!r} is not a whole number")
        if not document["title"]:
            document["title"] = document["id"]
        default = cells.get("default_language")
        if default and f"label::{default}" in self.sheets["survey"][0]:
            self.main_label, self.main_hint = f"label::{default}", f"hint::{default}"
        titles, introductions = {}, {}
        for column, text in cells.items():
            for prefix, found in (("form_title::", titles), ("introduction::", introductions)):
                if column.startswith(prefix) and column != self.main_label.replace("label::", prefix):
                    code = _language(column, "settings", row, self.problems)
                    if code:
                        found[code] = text
        return {"document": document, "titles": titles, "introductions": introductions}

    # choices

    def choices(self):
        """{list name: [(row, {column: text})]}, in the sheet's order."""
        header, rows = self.sheets.get("choices", ([], []))
        header = ["list_name" if h == "list name" else h for h in header]
        self.unknown_columns("choices", header, rows, CHOICES_COLUMNS | {"list name"}, ("label::",))
        lists = {}
        for row, cells in rows:
            name = cells.get("list_name", cells.get("list name"))
            if not name:
                self.problem("choices", row, "list_name", "the choice names no list")
                continue
            if not cells.get("name"):
                self.problem("choices", row, "name", "the choice has no name (the value stored)")
                continue
            if any(cells["name"] == other.get("name") for _, other in lists.get(name, [])):
                self.problem("choices", row, "name", f"{cells['name']!r} is in list {name!r} twice")
            lists.setdefault(name, []).append((row, cells))
        return lists

    # survey

    def survey(self, document, choices):
        header, rows = self.sheets["survey"]
        self.unknown_columns("survey", header, rows, SURVEY_COLUMNS | set(DECLINE_COLUMNS), ("label::", "hint::"))
        self.page_translations = []
        group = None  # (row, title, introduction translations, condition) of the open group
        page = None
        where = {}  # question key -> page index, for the page-splitting rule
        for row, cells in rows:
            kind = " ".join(cells.get("type", "").split())
            if not kind:
                self.problem("survey", row, "type", "the row has no type")
                continue
            if kind in ("begin group", "begin_group"):
                if group:
                    self.problem("survey", row, "type", "a group inside a group is not supported")
                    continue
                condition = self.condition(cells, row, where)
                if cells.get("appearance", "") not in ("", "field-list"):
                    self.problem("survey", row, "appearance", f"appearance {cells['appearance']!r} on a group is "
                                                              "not supported")
                group = (row, cells.get(self.main_label, ""), condition)
                page = self.new_page(document, cells.get(self.main_label, ""), self.labels(cells, row))
                if not page["title"]:
                    self.problem("survey", row, "label", "the group has no label: it is the page's title")
                continue
            if kind in ("end group", "end_group"):
                if not group:
                    self.problem("survey", row, "type", "end group without begin group")
                group, page = None, None
                continue
            if kind.split()[0] in ("begin", "end"):
                self.problem("survey", row, "type", f"{kind!r} is not supported (only groups, as pages)")
                continue
            if kind == "note":
                if page is None and not document["pages"] and not group:
                    # Notes before the first question or group introduce the whole questionnaire.
                    document["introduction"] = "\n\n".join(
                        t for t in (document["introduction"], cells.get(self.main_label, "")) if t)
                    for code, label in self.labels(cells, row).items():
                        entry = self.translations.setdefault(code, {})
                        entry["introduction"] = "\n\n".join(t for t in (entry.get("introduction"), label) if t)
                    continue
                page = page or self.new_page(document, document["title"], {})
                if page["questions"]:
                    self.problem("survey", row, "type", "a note after a page's first question is not supported: "
                                                        "notes are the page's introduction, so put it first")
                    continue
                text = cells.get(self.main_label, "")
                page["introduction"] = "\n\n".join(t for t in (page["introduction"], text) if t)
                index = len(document["pages"]) - 1
                for code, label in self.labels(cells, row).items():
                    entry = self.page_translations[index].setdefault(code, {"title": "", "introduction": ""})
                    entry["introduction"] = "\n\n".join(t for t in (entry["introduction"], label) if t)
                continue
            question = self.question(kind, cells, row, choices, where, group)
            if question is None:
                continue
            if question["key"] in where:
                self.problem("survey", row, "name", f"{question['key']!r} is the name of an earlier question")
                continue
            if page is None:
                # Questions outside groups: each consecutive run is one page, titled with the form's title.
                page = self.new_page(document, document["title"], {})
            elif self.reads_page(question["condition"], page, where, len(document["pages"]) - 1):
                # The condition's answer must be saved before this page is shown: start a new page here.
                index = len(document["pages"]) - 1
                titles = {code: {"title": t.get("title", ""), "introduction": ""}
                          for code, t in self.page_translations[index].items()}
                page = self.new_page(document, page["title"], {})
                self.page_translations[-1] = titles
            page["questions"].append(question["key"])
            where[question["key"]] = len(document["pages"]) - 1
            document["questions"].append(question)
            area = " ".join(cells.get("area", "").split())
            if area:
                # The `area` column groups questions into the document's areas, in order of first mention.
                areas = document.setdefault("areas", [])
                named = next((a for a in areas if a["title"] == area), None)
                if named is None:
                    named = {"title": area, "description": "", "questions": []}
                    areas.append(named)
                named["questions"].append(question["key"])
        if group:
            self.problem("survey", group[0], "type", "begin group without end group")
        for index, page in enumerate(document["pages"]):
            if not page["questions"]:
                self.problem("survey", None, None, f"page {page['title']!r} has no questions")

    def new_page(self, document, title, translations):
        page = {"title": title, "introduction": "", "questions": []}
        document["pages"].append(page)
        self.page_translations.append({code: {"title": text, "introduction": ""}
                                       for code, text in translations.items()})
        for code in translations:
            self.translations.setdefault(code, {})
        return page

    @staticmethod
    def reads_page(condition, page, where, index):
        keys = _condition_keys(condition) if condition else set()
        return any(where.get(key) == index for key in keys)

    def labels(self, cells, row, prefix="label::"):
        """{language code: text} from a row's `label::…` (or `hint::…`) columns."""
        found = {}
        for column, text in cells.items():
            if column.startswith(prefix) and column not in (self.main_label, self.main_hint):
                code = _language(column, "survey", row, self.problems)
                if code:
                    found[code] = text
        return found

    def question(self, kind, cells, row, choices, where, group):
        words = kind.split()
        key = cells.get("name", "")
        if not key:
            self.problem("survey", row, "name", "the question has no name (its key)")
            return None
        question = {"key": key, "type": "", "text": cells.get(self.main_label, ""),
                    "hint": cells.get(self.main_hint, ""), "required": self.required(cells, row),
                    "options": [], "other": False, "not_sure": False, "minimum": None, "maximum": None,
                    "condition": None}
        if not question["text"]:
            self.problem("survey", row, self.main_label, "the question has no label (its text)")
        translation = {}
        if words[0] in ("select_one", "select_multiple") and len(words) in (2, 3):
            other = len(words) == 3
            if other and words[2] != "or_other":
                self.problem("survey", row, "type", f"{words[2]!r} after the list name is not supported")
                return None
            if words[1] not in choices:
                self.problem("survey", row, "type", f"list {words[1]!r} is not on the choices sheet")
                return None
            entries = choices[words[1]]
            values = [c["name"] for _, c in entries]
            if words[0] == "select_multiple":
                question["type"], question["other"] = "multiple_choice", other
                if OTHER in values:
                    self.problem("survey", row, "type", f"list {words[1]!r} has a choice named {OTHER!r}, which "
                                 f"multiple choice keeps for “Other, please specify”: write `select_multiple "
                                 f"{words[1]} or_other` instead")
            elif other:
                self.problem("survey", row, "type", "or_other is supported on select_multiple only")
                return None
            elif values in (["yes", "no"], ["yes", "no", NOT_SURE]):
                question["type"], question["not_sure"] = "yes_no", NOT_SURE in values
            elif values == [o.value for o in AGREEMENT]:
                question["type"] = "agreement"
            else:
                question["type"] = "single_choice"
            question["options"] = self.options(question, entries)
            option_translations = {}
            for choice_row, choice in entries:
                for code, label in self.labels(choice, choice_row).items():
                    option_translations.setdefault(code, {})[choice["name"]] = label
            for code, labels in option_translations.items():
                translation.setdefault(code, {})["options"] = labels
        elif len(words) > 1:
            self.problem("survey", row, "type", f"type {kind!r} is not supported")
            return None
        elif kind == "text":
            appearance = cells.get("appearance", "")
            if appearance not in TEXT_APPEARANCES:
                self.problem("survey", row, "appearance", f"appearance {appearance!r} is not supported on text "
                             f"(use one of {', '.join(a for a in TEXT_APPEARANCES if a)})")
                return None
            question["type"] = TEXT_APPEARANCES[appearance]
        elif kind in ("integer", "decimal"):
            question["type"] = "number"
        elif kind == "date":
            question["type"] = "date"
        else:
            self.problem("survey", row, "type", f"type {kind!r} is not supported")
            return None
        if cells.get("appearance") and kind != "text":
            self.problem("survey", row, "appearance", f"appearance {cells['appearance']!r} is not supported "
                                                      f"on {kind}")
        if cells.get("constraint"):
            if question["type"] != "number":
                self.problem("survey", row, "constraint", "a constraint is supported on integer and decimal only")
            else:
                try:
                    question["minimum"], question["maximum"] = parse_range(cells["constraint"])
                except _Unsupported as error:
                    self.problem("survey", row, "constraint", str(error))
        for column in DECLINE_COLUMNS:
            if cells.get(column, "").lower() in YES:
                if words[0] != "select_one":
                    self.problem("survey", row, column, f"{column} is supported on select_one only")
                question[column] = True
            elif cells.get(column, "").lower() not in NO:
                self.problem("survey", row, column, f"{column} {cells[column]!r} is not yes or no")
        condition = self.condition(cells, row, where)
        if group and group[2]:
            condition = group[2] if condition is None else {"op": "and", "conditions": [group[2], condition]}
        question["condition"] = condition
        texts = self.labels(cells, row)
        hints = self.labels(cells, row, "hint::")
        for code in set(texts) | set(hints) | set(translation):
            entry = translation.setdefault(code, {})
            if code in texts:
                entry["text"] = texts[code]
            if code in hints:
                entry["hint"] = hints[code]
        for code, entry in translation.items():
            self.translations.setdefault(code, {}).setdefault("questions", {})[key] = entry
        return question

    def options(self, question, entries):
        """The options the engine shows: its own for yes/no and agreement, else the list's."""
        if question["type"] in ("yes_no", "agreement", "multiple_choice"):
            own = [(c["name"], c.get(self.main_label, c["name"])) for _, c in entries]
            probe = Question(question["key"], question["type"], "", not_sure=question["not_sure"],
                             other=question["other"], options=tuple(Option(v, label) for v, label in own))
            kind = MultipleChoiceType() if question["type"] == "multiple_choice" else YesNoType()
            offered = kind.options(probe) if question["type"] != "agreement" else AGREEMENT
            return [{"value": o.value, "label": str(o.label)} for o in offered]
        return [{"value": c["name"], "label": c.get(self.main_label, c["name"])} for _, c in entries]

    def required(self, cells, row):
        value = cells.get("required", "").lower()
        if value in YES:
            return True
        if value not in NO:
            self.problem("survey", row, "required", f"required {cells['required']!r} is not yes or no")
        return False

    def condition(self, cells, row, where):
        if not cells.get("relevant"):
            return None
        try:
            condition = parse_relevant(cells["relevant"])
        except _Unsupported as error:
            self.problem("survey", row, "relevant", str(error))
            return None
        for key in sorted(_condition_keys(condition)):
            if key not in where:
                self.problem("survey", row, "relevant", f"${{{key}}} is not a question before this row")
        return condition

    def unknown_columns(self, sheet, header, rows, known, prefixes):
        """Every filled cell of a column the reader does not use is a problem, never silently dropped."""
        for column in header:
            if not column or column in known or column.startswith(prefixes) or column.startswith("$"):
                continue
            for row, cells in rows:
                if column in cells:
                    self.problem(sheet, row, column, f"column {column!r} is not supported")


def _condition_keys(condition):
    if "question" in condition:
        return {condition["question"]}
    if "condition" in condition:
        return _condition_keys(condition["condition"])
    return set().union(*(_condition_keys(c) for c in condition["conditions"]))


# The `relevant` and `constraint` expressions: a tokenizer and a recursive-descent parser, never eval.

TOKEN = re.compile(r"""\s*(?:
    (?P<ref>\$\{\s*(?P<name>[A-Za-z_][\w.-]*)\s*\})
  | '(?P<single>[^']*)' | "(?P<double>[^"]*)"
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<op>!=|>=|<=|=|<|>|\(|\)|,|\.|\+|-|\*)
  | (?P<word>[A-Za-z_][\w:-]*)
  | (?P<bad>\S))""", re.VERBOSE)


def tokenize(text):
    """[(kind, value)] for an expression: ref, string, number, op, word; _Unsupported on anything else."""
    tokens = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if match.group("bad"):
            raise _Unsupported(f"{match.group('bad')!r} is not understood here")
        if match.group("ref"):
            tokens.append(("ref", match.group("name")))
        elif match.group("single") is not None or match.group("double") is not None:
            tokens.append(("string", match.group("single") if match.group("single") is not None
                           else match.group("double")))
        elif match.group("number"):
            tokens.append(("number", match.group("number")))
        elif match.group("op"):
            tokens.append(("op", match.group("op")))
        else:
            tokens.append(("word", match.group("word")))
        position = match.end()
    return tokens


class _Parser:
    """expression := and ("or" and)*; and := unary ("and" unary)*;
    unary := "not" "(" expression ")" | "(" expression ")" | "selected" "(" ref "," literal ")" | ref ("="|"!=") literal
    """

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, kind, value=None, wanted=None):
        token = self.peek()
        if token[0] != kind or (value is not None and token[1] != value):
            found = "the end" if token[0] == "end" else repr(token[1])
            raise _Unsupported(f"expected {wanted or repr(value)} but found {found}")
        self.at += 1
        return token[1]

    def whole(self):
        result = self.expression()
        if self.peek()[0] != "end":
            raise _Unsupported(f"{self.peek()[1]!r} is not supported here")
        return result

    def expression(self):
        parts = [self.conjunction()]
        while self.peek() == ("word", "or"):
            self.at += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else _either(parts)

    def conjunction(self):
        parts = [self.unary()]
        while self.peek() == ("word", "and"):
            self.at += 1
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else {"op": "and", "conditions": parts}

    def unary(self):
        kind, value = self.peek()
        if (kind, value) == ("op", "("):
            self.at += 1
            inner = self.expression()
            self.take("op", ")")
            return inner
        if kind == "word" and value in ("not", "selected"):
            self.at += 1
            self.take("op", "(")
            if value == "not":
                inner = {"op": "not", "condition": self.expression()}
            else:
                question = self.take("ref", wanted="${question}")
                self.take("op", ",")
                inner = {"op": "any_selected", "question": question, "values": [self.literal()]}
            self.take("op", ")")
            return inner
        if kind == "word":
            raise _Unsupported(f"{value}() is not supported (only selected(), not(), and, or)"
                               if self.tokens[self.at + 1:self.at + 2] == [("op", "(")]
                               else f"{value!r} is not supported")
        if kind == "ref":
            self.at += 1
            operator = self.peek()
            if operator not in (("op", "="), ("op", "!=")):
                found = "the end" if operator[0] == "end" else repr(operator[1])
                raise _Unsupported(f"comparison {found} after ${{{value}}} is not supported (only = and !=)")
            self.at += 1
            equals = {"op": "equals", "question": value, "value": self.literal()}
            return equals if operator[1] == "=" else {"op": "not", "condition": equals}
        found = "the end" if kind == "end" else repr(value)
        raise _Unsupported(f"expected a condition but found {found}")

    def literal(self):
        kind, value = self.peek()
        if kind not in ("string", "number"):
            raise _Unsupported(f"expected a value in quotes but found {'the end' if kind == 'end' else repr(value)}")
        self.at += 1
        return value


def _either(parts):
    """`${q} = 'a' or ${q} = 'b'` is one_of; any other `or` stays as written."""
    if all(p["op"] == "equals" for p in parts) and len({p["question"] for p in parts}) == 1:
        return {"op": "one_of", "question": parts[0]["question"], "values": [p["value"] for p in parts]}
    return {"op": "or", "conditions": parts}


def parse_relevant(text):
    """The condition (a document dict) that a `relevant` expression states; _Unsupported otherwise."""
    return _Parser(text).whole()


def parse_range(text):
    """(minimum, maximum) from a constraint such as `. >= 0 and . <= 200`; either may be None."""
    tokens = tokenize(text)
    minimum = maximum = None
    index = 0
    while True:
        part = tokens[index:index + 3]
        if (len(part) < 3 or part[0] != ("op", ".") or part[1] not in (("op", ">="), ("op", "<="))
                or part[2][0] != "number"):
            raise _Unsupported(f"constraint {text!r} is not supported: write `. >= MIN`, `. <= MAX` or both "
                               "joined by `and`")
        number = float(part[2][1])
        number = int(number) if number.is_integer() else number
        if part[1][1] == ">=":
            minimum = number
        else:
            maximum = number
        index += 3
        if index == len(tokens):
            return minimum, maximum
        if tokens[index] != ("word", "and"):
            raise _Unsupported(f"constraint {text!r} is not supported: join the bounds with `and`")
        index += 1
