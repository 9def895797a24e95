"""Importing responses collected elsewhere (on paper, by another tool) from CSV or XLSX, checked row by row."""
import csv
import io
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from .answers import Answers, answer_rows
from .extensions import db
from .models import Answer, Organisation, Response, organisation_key
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


def rows_in(path, data, at_most=1000):
    """About how many rows the .csv or .xlsx file holds, read cheaply (the xlsx sheet's stated size, or its rows
    counted up to `at_most` when it states none, as files written in openpyxl's write-only mode), for deciding
    whether to import it in the request or as a job; 0 for anything else."""
    name = os.path.basename(path).lower()
    if name.endswith(".csv"):
        return data.count(b"\n")
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook
        try:
            book = load_workbook(io.BytesIO(data), read_only=True)
            sheet = book.worksheets[0]
            if sheet.max_row is None:
                return sum(1 for _, _ in zip(range(at_most), sheet.iter_rows(values_only=True)))
            return sheet.max_row
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the import itself
            return 0
    return 0


def read_table(path, data=None):
    """(header, [(line number, {column: text})]) from a .csv or .xlsx file; blank lines are left out."""
    header, rows = open_table(path, data)
    return header, list(rows)


def open_table(path, data=None):
    """(header, rows): the file's first line, and an iterator of its other lines as (line number, {column: text}),
    or (line number, None) for a line with more cells than columns, read from the file as they are asked for."""
    raw = _raw_rows(path, data)
    first = next(raw, None)
    if first is None:
        raise ImportFileError("the file is empty: its first line should name the columns")
    header = [str(h or "").strip() for h in first]
    return header, _lines(header, raw)


def _lines(header, raw):
    width = len(header)
    try:
        for number, row in enumerate(raw, start=2):
            cells = [_cell(c) for c in row]
            if not any(cells):
                continue
            if len(cells) > width and any(cells[width:]):
                yield number, None  # more cells than columns
                continue
            yield number, dict(zip(header, cells + [""] * (width - len(cells))))
    finally:
        raw.close()


def _raw_rows(path, data):
    """Each line of the file as a list of cells, read as needed (a file of any size is never held whole)."""
    name = os.path.basename(path).lower()
    if name.endswith(".xlsx"):
        yield from _xlsx_rows(data if data is not None else path)
    elif name.endswith(".csv"):
        stream = io.BytesIO(data) if data is not None else open(path, "rb")
        with io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
            try:
                yield from csv.reader(text)
            except UnicodeDecodeError:
                raise ImportFileError("the CSV file is not UTF-8 text; save it as \"CSV UTF-8\"")
            except csv.Error as exc:
                raise ImportFileError(f"the CSV file cannot be read: {exc}")
    else:
        raise ImportFileError(f"{os.path.basename(path)}: only .csv and .xlsx files can be imported")


def _xlsx_rows(source):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True)
    except Exception as exc:
        raise ImportFileError(f"the XLSX file cannot be read: {exc}")
    try:
        # Cells, not values: a formula's cell says it is one (data type "f"), where its value is only its text.
        for row in book.worksheets[0].iter_rows():
            yield [Formula(c.value) if c.data_type == "f" else c.value for c in row]
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


#: How many different answers a RowChecker remembers, and the longest (in characters) it remembers: a bound on its
#: memory, whatever the file.
READ_CACHE, READ_CACHE_CELLS = 20_000, 200


class RowChecker:
    """Checks a row against one questionnaire and turns it into Answers, as the respondent's pages would."""

    def __init__(self, questionnaire):
        self.questionnaire = questionnaire
        self.types = registry().question_types
        self.org_question = next((q for q in questionnaire.questions
                                  if self.types[q.type].names_organisation), None)
        self.languages = survey_languages(questionnaire)
        self.questions = questionnaire.questions  # a property building its list on each use
        self.cells_of = {q.key: self.types[q.type].import_columns(q) for q in questionnaire.questions}
        #: {(question key, cells): (value, extra) or the ValueError}: answers repeat row after row (options, names
        #: of organisations, roles), and a form built and validated per cell was most of an import's time.
        self.read = {}

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
        for question in self.questions:
            qtype = self.types[question.type]
            if not question.is_asked(answers.values):
                if any(row.get(column) for column in qtype.import_columns(question)):
                    reasons.append(f"{question.key}: answered, but this question is not asked given the "
                                   "answers before it")
                continue
            try:
                value, extra = self.read_cells(qtype, question, row)
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
        organisation = row.get(ORGANISATION) or (answers.values.get(self.org_question.key)
                                                 if self.org_question else None)
        if organisation and not name_fits(organisation) and ORGANISATION not in refused:
            reasons.append(f"{ORGANISATION}: the name is longer than {longest_name()} characters")
        if row.get(LANGUAGE) and self.language(row) not in self.languages:
            reasons.append(f"{LANGUAGE}: {row[LANGUAGE]!r} is not a language of this survey; use "
                           f"{' or '.join(self.languages)}, or leave it blank")
        if reasons:
            return None, None, None, reasons
        return answers, organisation, submitted_at, []

    @staticmethod
    def language(row):
        """The row's language code as stored ("cy"), or None when blank."""
        return (row.get(LANGUAGE) or "").strip().lower() or None

    def read_cells(self, qtype, question, row):
        """qtype.read_cells, remembered for short cells: the same answer is checked once per import, not per row."""
        cells = tuple(row.get(column, "") for column in self.cells_of[question.key])
        key = (question.key, cells)
        found = self.read.get(key)
        if found is None:
            try:
                found = qtype.read_cells(question, row)
            except ValueError as exc:
                found = exc
            if len(self.read) < READ_CACHE and sum(map(len, cells)) <= READ_CACHE_CELLS:
                self.read[key] = found
        if isinstance(found, ValueError):
            raise found
        return found

    def stored(self, answers, organisation, submitted_at, language):
        """(organisation name, submitted_at, language, [(question key, value, text, number)]): what a checked row
        stores, the organisation named as organisation_change names it (the organisation question's answer, else the
        column)."""
        questionnaire = self.questionnaire
        if self.org_question is not None:
            organisation = answers.values.get(self.org_question.key)
        rows = answer_rows(questionnaire, answers, set(questionnaire.asked_keys(answers.values)))
        stored = [(r["question_key"], r["value"], r["text"], r["number"]) for r in rows]
        return organisation, submitted_at, language, stored

    def parse(self, question, cell, other=""):
        """(value, extra) for one cell (and its "other" text), as the page's form would store them."""
        row = {question.key: cell}
        row.update({column: other for column in self.types[question.type].import_columns(question)[1:]})
        return self.types[question.type].read_cells(question, row)


def parse_when(text):
    """A timezone-aware datetime from an ISO date or date and time; UTC when no zone is given."""
    when = datetime.fromisoformat(text.strip().replace(" ", "T", 1) if len(text.strip()) > 10 else text.strip())
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


#: Responses written per statement, and per transaction when the import is batched: few enough that a respondent's
#: save on SQLite, waiting for the one writer, never waits long; enough that the statements' overhead is small.
BATCH = 500


def import_responses(survey, path, data=None, skip_invalid=False, commit=True, batches=None, imported=0):
    """Check every row of the file, then store them all, or none if any is wrong.

    The file is read once, a row at a time, and each good row, checked and turned into the rows it stores, is kept in
    a temporary file until every row is known to be good: memory does not grow with the file, and no row is checked
    twice. With skip_invalid the good rows are stored and the rest are listed. Rows are stored exactly as the
    respondent's pages store them: asked-but-blank questions included, the organisation linked. Without `batches`
    everything is written in the caller's transaction; with it, BATCH responses at a time, `batches(n, total)` being
    called in each batch's transaction, which is then committed. `imported`: how many of the good rows an
    interrupted run already wrote (they are skipped).
    """
    questionnaire = registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version)
    checker = RowChecker(questionnaire)
    header, table = open_table(path, data)
    checker.check_header(header)
    result, good = ImportResult(), 0
    with tempfile.TemporaryFile() as spool:
        kept = []
        for line, row in table:
            if row is None:
                result.errors.append((line, "more cells than there are columns"))
                continue
            answers, organisation, submitted_at, reasons = checker.check(row)
            if reasons:
                result.errors.append((line, "; ".join(reasons)))
                continue
            good += 1
            if result.errors and not skip_invalid:
                continue  # nothing will be stored: only the problems are wanted now
            kept.append(checker.stored(answers, organisation, submitted_at, checker.language(row)))
            if len(kept) == BATCH:
                pickle.dump(kept, spool, pickle.HIGHEST_PROTOCOL)
                kept = []
        if result.errors and not skip_invalid:
            return result
        pickle.dump(kept, spool, pickle.HIGHEST_PROTOCOL)
        spool.seek(0)
        writer = _Writer(survey, questionnaire)
        batch, skip = [], imported
        for kept in _chunks(spool):
            if skip >= len(kept):
                skip -= len(kept)
                continue
            batch += kept[skip:]
            skip = 0
            while len(batch) >= BATCH:
                writer.write(batch[:BATCH], batches, good)
                batch = batch[BATCH:]
        if batch:
            writer.write(batch, batches, good)
    result.imported = imported + writer.written
    if commit and batches is None:  # responses.import_responses commits them with its audit entry instead
        db.session.commit()
    return result


def _chunks(spool):
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


class _Writer:
    """Writes checked rows as responses and answers, with a statement per table per batch (not an object a row)."""

    def __init__(self, survey, questionnaire):
        self.survey, self.questionnaire = survey, questionnaire
        self.written, self.organisations = 0, {}
        self.responses, self.answers = Response.__table__, Answer.__table__

    def organisation_id(self, name):
        """The id of the organisation `name` (made if new), looked up once per import, not once per row."""
        key = organisation_key(name)
        if key not in self.organisations:
            organisation = Organisation.get_or_create(name, self.questionnaire.organisation_kind)
            db.session.flush()
            self.organisations[key] = organisation.id
        return self.organisations[key]

    def write(self, batch, batches, total):
        began = time.monotonic()
        survey_id, version = self.survey.id, self.questionnaire.version
        responses = []
        for organisation, submitted_at, language, _ in batch:
            when = submitted_at or utcnow()
            responses.append({"survey_id": survey_id, "questionnaire_version": version, "status": "submitted",
                              "organisation_id": self.organisation_id(organisation) if organisation else None,
                              "started_at": when, "updated_at": when, "submitted_at": when, "language": language})
        ids = db.session.execute(self.responses.insert().returning(self.responses.c.id, sort_by_parameter_order=True),
                                 responses).scalars().all()
        rows = [{"response_id": response_id, "survey_id": survey_id, "question_key": key, "value": value,
                 "text": text, "number": number}
                for response_id, (_, _, _, answers) in zip(ids, batch) for key, value, text, number in answers]
        if rows:
            db.session.execute(self.answers.insert(), rows)
        self.written += len(batch)
        if batches is not None:
            batches(len(batch), total)
            db.session.commit()
            let_others_write(time.monotonic() - began)


def let_others_write(busy):
    """On SQLite, pause as long as a batch held the one writer's lock (up to a second) before the next batch.

    SQLite's busy handler polls; a writer that takes the lock again at once can starve respondents waiting on it
    past their busy timeout ("database is locked"). PostgreSQL locks rows, so no one waits there.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        time.sleep(min(max(busy, 0.05), 1.0))
