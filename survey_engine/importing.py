"""Importing responses collected elsewhere (on paper, by another tool) from CSV or XLSX, checked row by row."""
import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from .answers import Answers, answer_rows, link_organisation
from .extensions import db
from .models import Answer, Organisation, Response
from .models._types import utcnow
from .models.organisation import longest_name, name_fits
from .question_types import OTHER_SUFFIX, SEPARATOR  # noqa: F401 (the import's column rules, named here too)
from .registry import registry
from .respond.language import survey_languages

ORGANISATION = "organisation"
SUBMITTED_AT = "submitted_at"
#: The language the answers were given in, as exports write it: one of the survey's languages, or blank.
LANGUAGE = "language"


class Formula(str):
    """A spreadsheet cell holding a formula (its text): refused, since its value is not in the file for certain."""


class ImportFileError(ValueError):
    """A file that cannot be imported at all, such as an unknown column or an unreadable format."""


@dataclass
class ImportResult:
    """What an import did: how many responses it stored and each rejected line with its reasons."""

    imported: int = 0
    errors: list = field(default_factory=list)  # [(line number, reason)]


def rows_in(path, data):
    """About how many rows the .csv or .xlsx file holds, read cheaply (the xlsx sheet's stated size), for deciding
    whether to import it in the request or as a job; 0 for anything else."""
    name = os.path.basename(path).lower()
    if name.endswith(".csv"):
        return data.count(b"\n")
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook
        try:
            return load_workbook(io.BytesIO(data), read_only=True).worksheets[0].max_row or 0
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the import itself
            return 0
    return 0


def read_table(path, data=None):
    """(header, [(line number, {column: text})]) from a .csv or .xlsx file; blank lines are left out."""
    name = os.path.basename(path).lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data if data is not None else path)
    elif name.endswith(".csv"):
        raw = data if data is not None else open(path, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError("the CSV file is not UTF-8 text; save it as \"CSV UTF-8\"")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        raise ImportFileError(f"{os.path.basename(path)}: only .csv and .xlsx files can be imported")
    if not rows:
        raise ImportFileError("the file is empty: its first line should name the columns")
    header = [str(h or "").strip() for h in rows[0]]
    table = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell(c) for c in row]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            table.append((number, None))  # more cells than columns
            continue
        table.append((number, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    return header, table


def _xlsx_rows(source):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True)
    except Exception as exc:
        raise ImportFileError(f"the XLSX file cannot be read: {exc}")
    try:
        # Cells, not values: a formula's cell says it is one (data type "f"), where its value is only its text.
        return [[Formula(c.value) if c.data_type == "f" else c.value for c in row]
                for row in book.worksheets[0].iter_rows()]
    finally:
        book.close()


def _cell(value):
    """A cell as text: numbers without a trailing .0, dates in ISO form; anything typed stays a plain string."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


class RowChecker:
    """Checks a row against one questionnaire and turns it into Answers, as the respondent's pages would."""

    def __init__(self, questionnaire):
        self.questionnaire = questionnaire
        self.types = registry().question_types
        self.org_question = next((q for q in questionnaire.questions
                                  if self.types[q.type].names_organisation), None)
        self.languages = survey_languages(questionnaire)

    def columns(self):
        allowed = {ORGANISATION, SUBMITTED_AT, LANGUAGE}
        for q in self.questionnaire.questions:
            allowed.update(self.types[q.type].import_columns(q))
        return allowed

    def check_header(self, header):
        unknown = [h for h in header if h not in self.columns()]
        if unknown:
            named = ", ".join(repr(h) if h else f"column {header.index(h) + 1} (no name)" for h in unknown)
            raise ImportFileError(f"line 1: unknown column{'s' if len(unknown) > 1 else ''} {named}; columns "
                                  f"are the question keys (`survey-engine questionnaires show "
                                  f"{self.questionnaire.id}`), {ORGANISATION}, {SUBMITTED_AT} and {LANGUAGE}")
        duplicated = sorted({h for h in header if header.count(h) > 1})
        if duplicated:
            raise ImportFileError(f"line 1: column {duplicated[0]!r} appears twice")

    def check(self, row):
        """(Answers, organisation name, submitted_at, []) or (None, None, None, [reasons])."""
        reasons = [f"{column}: formula {text.strip()!r}: the import takes values; paste the cells as values "
                   "(Paste special, Values only) and import again"
                   for column, text in row.items() if isinstance(text, Formula)]
        if reasons:
            return None, None, None, reasons
        row = dict(row)
        if self.org_question is not None and not row.get(self.org_question.key) and row.get(ORGANISATION):
            row[self.org_question.key] = row[ORGANISATION]
        answers = Answers()
        refused = set()
        for question in self.questionnaire.questions:
            qtype = self.types[question.type]
            if not question.is_asked(answers.values):
                if any(row.get(column) for column in qtype.import_columns(question)):
                    reasons.append(f"{question.key}: answered, but this question is not asked given the "
                                   "answers before it")
                continue
            try:
                value, extra = qtype.read_cells(question, row)
            except ValueError as exc:
                reasons.append(f"{question.key}: {exc}")
                refused.add(question.key)
                continue
            if value is None and question.required:
                reasons.append(f"{question.key}: a required answer is missing")
            if value is not None:
                answers.values[question.key] = value
            if extra:
                answers.extras[question.key] = extra
        submitted_at = None
        if row.get(SUBMITTED_AT):
            try:
                submitted_at = parse_when(row[SUBMITTED_AT])
            except ValueError:
                reasons.append(f"{SUBMITTED_AT}: {row[SUBMITTED_AT]!r} is not a date like 2025-03-31 or "
                               "2025-03-31T14:05")
        if row.get(LANGUAGE) and self.language(row) not in self.languages:
            reasons.append(f"{LANGUAGE}: {row[LANGUAGE]!r} is not a language of this survey; use "
                           f"{' or '.join(self.languages)}, or leave it blank")
        organisation = row.get(ORGANISATION) or (answers.values.get(self.org_question.key)
                                                 if self.org_question else None)
        if organisation and not name_fits(organisation) and ORGANISATION not in refused:
            reasons.append(f"{ORGANISATION}: the name is longer than {longest_name()} characters")
        if reasons:
            return None, None, None, reasons
        return answers, organisation, submitted_at, []

    @staticmethod
    def language(row):
        """The row's language code as stored ("cy"), or None when blank."""
        return (row.get(LANGUAGE) or "").strip().lower() or None

    def parse(self, question, cell, other=""):
        """(value, extra) for one cell (and its "other" text), as the page's form would store them."""
        row = {question.key: cell}
        row.update({column: other for column in self.types[question.type].import_columns(question)[1:]})
        return self.types[question.type].read_cells(question, row)


def parse_when(text):
    """A timezone-aware datetime from an ISO date or date and time; UTC when no zone is given."""
    when = datetime.fromisoformat(text.strip().replace(" ", "T", 1) if len(text.strip()) > 10 else text.strip())
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def import_responses(survey, path, data=None, skip_invalid=False, commit=True):
    """Check every row of the file, then store all of them in one transaction, or none if any is wrong.

    With skip_invalid the good rows are stored and the rest are listed. Rows are stored exactly as the
    respondent's pages store them: asked-but-blank questions included, the organisation linked.
    """
    questionnaire = registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version)
    checker = RowChecker(questionnaire)
    header, table = read_table(path, data)
    checker.check_header(header)
    result = ImportResult()
    good = []
    for line, row in table:
        if row is None:
            result.errors.append((line, "more cells than there are columns"))
            continue
        answers, organisation, submitted_at, reasons = checker.check(row)
        if reasons:
            result.errors.append((line, "; ".join(reasons)))
        else:
            good.append((answers, organisation, submitted_at, checker.language(row)))
    if result.errors and not skip_invalid:
        return result
    for answers, organisation, submitted_at, language in good:
        when = submitted_at or utcnow()
        response = Response(survey_id=survey.id, questionnaire_version=questionnaire.version, status="submitted",
                            started_at=when, updated_at=when, submitted_at=when, language=language)
        db.session.add(response)
        if checker.org_question is not None:
            link_organisation(response, questionnaire, answers)
        elif organisation:
            response.organisation = Organisation.get_or_create(organisation, questionnaire.organisation_kind)
        db.session.flush()
        rows = answer_rows(questionnaire, answers, set(questionnaire.asked_keys(answers.values)))
        db.session.execute(Answer.__table__.insert(),
                           [dict(r, response_id=response.id, survey_id=survey.id) for r in rows])
        result.imported += 1
    if commit:  # responses.import_responses commits them with its audit entry instead
        db.session.commit()
    return result
