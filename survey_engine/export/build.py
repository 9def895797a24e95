"""The export's first layer: each sheet as columns and rows of plain values, rows streamed from the database."""
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from flask import current_app
from sqlalchemy import and_, func, or_, select

from ..version import __version__
from ..extensions import db
from ..models import Answer, Organisation, Response
from ..models._types import utcnow
from ..models.response import shown_reference
from ..registry import registry
from ..summary import BASES, Filters, summarise
from ..summary import queries
from ..summary.breakdown import NO_ORGANISATION, suppressed
from ..summary.build import DEFAULT_BASE, question_versions
from ..summary.render import filter_words
from ..summary.intervals import wilson_bounds
from ..summary.suppression import Table as Counts, suppress
from .columns import Column, fraction

#: The column of the organisation a response was linked to (its name as first known), beside what was typed.
MATCHED_ORGANISATION = "matched_organisation"
#: Responses read from the database at a time: memory stays flat however many there are.
BATCH_SIZE = 2000

BASES_EXPLAINED = (
    "Every percentage is of a stated base. By default that is the people who were asked a question (earlier "
    "answers did not skip it) and answered it; \"not answered\" counts those asked who left it blank, and "
    "\"not asked\" those whose earlier answers skipped it or whose questionnaire version lacked it.")


INTERVALS_EXPLAINED = (
    "Beside each percentage, its 95% interval (the Wilson score interval; Wilson 1927, Newcombe 1998): where the "
    "true figure could plausibly be, given how many people it counts. A headline of fewer than 30 people says so "
    "in words in its Small base column.")


@dataclass
class Table:
    """A sheet's data as a format writer needs it: columns, then rows of one value per column."""

    name: str
    columns: list
    #: Lists of values: str, int, float, datetime or None (a blank cell); may be a generator.
    rows: Iterable
    #: How many rows there will be, known before they are read.
    count: int | None = None
    #: Lines that explain the table, written below it.
    notes: list = field(default_factory=list)


@dataclass
class QuestionBlock:
    """One question on the Summary sheet: its table and, for a closed question, the rows a chart draws."""

    key: str
    #: The question's words, as the block's heading (the key has a cell of its own).
    title: str
    #: The question's words, which title its chart.
    text: str
    table: Table
    #: The first this many rows (the options) are drawn as a bar chart; 0 for no chart.
    chart_rows: int = 0
    #: "base: 17, those asked who answered": what the chart's percentages are of, in its title.
    base_words: str = ""

    @property
    def chart_title(self):
        return f"{self.text} ({self.base_words})" if self.base_words else self.text


#: The two columns beside a percentage giving its 95% interval (Wilson score interval).
INTERVAL_COLUMNS = (Column("95% interval from", "percent", 10, places=1), Column("95% interval to", "percent", 10,
                                                                                 places=1))


def with_intervals(columns, rows):
    """(columns, rows) with the 95% interval beside the percentage, where a row has a count and base for it.

    Works on any table with "Count", "Base" and a percent column, so every question type's table gains it.
    """
    headers = [c.header for c in columns]
    percent = next((i for i, c in enumerate(columns) if c.kind == "percent"), None)
    if percent is None or "Count" not in headers or "Base" not in headers:
        return list(columns), rows
    count, base = headers.index("Count"), headers.index("Base")
    out = []
    for row in rows:
        n, of = row[count], row[base]
        bounds = (wilson_bounds(n, of) if type(n) is int and type(of) is int and of and 0 <= n <= of
                  and row[percent] is not None else None)
        out.append(row[:percent + 1] + list(bounds or (None, None)) + row[percent + 1:])
    return list(columns[:percent + 1]) + list(INTERVAL_COLUMNS) + list(columns[percent + 1:]), out


#: Ends the name of a for-publication file, before its extension.
PUBLICATION_SUFFIX = "-for-publication"
#: What a file of filtered figures has before its extension, so a folder of downloads shows which they are.
FILTERED_SUFFIX = "-filtered"
#: What invitations' contacts did, in order: each step's count is at most the one before.
STEPS = ("opened", "started", "completed")


def organisations_table(found, rates, totals):
    """The Organisations sheet's counts as a suppression table, with the totals published beside them.

    People who responded add up to the survey's respondents; each step of the invitations adds up to the
    survey's figure for it, and no organisation's step is more than the one before (or than its invited).
    """
    counts = Counts()
    counts.equal({counts.cell(("people", name), row[2]): 1 for name, row in found.items()},
                 sum(row[2] for row in found.values()))
    if rates:
        for name, rate in rates.items():
            before = None
            for step in STEPS:
                cell = counts.cell((step, name), rate[step])
                counts.at_least({cell: -1}, -rate["invited"])
                if before is not None:
                    counts.at_least({before: 1, cell: -1})
                before = cell
        for step in STEPS:
            counts.equal({(step, name): 1 for name in rates}, totals.get(step, sum(r[step] for r in rates.values())))
    return counts


class Export:
    """A survey's submitted responses, selected by the summary's filters, as the tables of an export."""

    def __init__(self, survey, filters=None, base=None, progress=None, batch_size=BATCH_SIZE, for_publication=False):
        self.survey = survey
        #: Only aggregate tables, small numbers suppressed: nothing row by row, no free text, no single answers.
        self.for_publication = for_publication
        self.filters = filters or Filters()
        self.base = base
        #: Called with the number of responses just read, as the Responses table is streamed.
        self.progress = progress
        #: Called every batch_size rows of the Comments table, which is read in one query (a job's heartbeat).
        self.heartbeat = None
        self.batch_size = batch_size
        self.selection = queries.Selection(survey, self.filters)
        self.exported_at = utcnow()
        self.types = registry().question_types

    @cached_property
    def summary(self):
        return summarise(self.survey, base=self.base, filters=self.filters)

    @cached_property
    def questions(self):
        """Every question of the versions the selected responses answered, in questionnaire order."""
        return question_versions(self.survey, self.summary["survey"]["versions"])[0]

    # Headlines and Summary: from the summary, with the same filters and bases.

    def headlines(self):
        # A small base said in words beside its headline, as the summary says it.
        rows = [[h["text"], fraction(h["count"], h["base"]), h["count"], h["base"], h["base_description"],
                 h.get("uncertainty"), h["question"]] for h in self.summary["headlines"]]
        columns, rows = with_intervals([Column("Headline", width=90), Column("Percentage", "percent", 12, places=0),
                                        Column("Count", "number", 8), Column("Base", "number", 8),
                                        Column("Base is", width=24), Column("Small base", width=32),
                                        Column("Question", width=16)], rows)
        return Table("Headlines", columns, rows, len(rows))

    def question_blocks(self):
        """A QuestionBlock per question, in questionnaire order, each table as its question's type draws it."""
        blocks = []
        types = {q.key: self.types[q.type] for q in self.questions}
        for q in self.summary["questions"]:
            base_line = (f"Base: {q['base']} ({q['base_description']}). Asked {q['asked']}, answered "
                         f"{q['answered']}, not answered {q['not_answered']}, not asked {q['not_asked']}.")
            columns, rows, chart_rows = types[q["key"]].export_summary(q, self.for_publication)
            columns, rows = with_intervals(columns, rows)
            notes = [base_line] + ([q["note"]] if q.get("note") else [])
            table = Table(q["text"], columns, rows, len(rows), notes)
            base_words = f"base: {q['base']}, {q['base_description']}" if q["base"] is not None else ""
            blocks.append(QuestionBlock(q["key"], q["text"], q["text"], table, chart_rows=chart_rows,
                                        base_words=base_words))
        return blocks

    # Responses: one row per submitted response, streamed in batches.

    def response_columns(self):
        """(columns, cells): cells maps a question key to the cells its stored rows fill in a row."""
        # "matched_": an organisation question's own column (often keyed `organisation`) keeps what was typed.
        columns = [Column("response_id", "number", 11), Column(MATCHED_ORGANISATION, width=36),
                   Column("questionnaire_version", "number", 10), Column("submitted_at", "datetime", 18),
                   Column("language", width=10), Column("reference", width=16)]
        several = [q.key for q in self.questions if self.types[q.type].several_rows]
        stray = {}
        if several:
            # Options an older version offered still have answers, so they keep a column.
            for key, value in db.session.execute(
                    select(Answer.question_key, Answer.value).distinct()
                    .where(Answer.survey_id == self.survey.id, Answer.question_key.in_(several),
                           Answer.value.is_not(None))):
                stray.setdefault(key, set()).add(value)
        cells = {}
        for q in self.questions:
            added, cells[q.key] = self.types[q.type].response_columns(q, len(columns), stray.get(q.key, set()))
            columns += added
        return columns, cells

    def responses(self):
        columns, cells = self.response_columns()
        return Table("Responses", columns, self._response_rows(len(columns), cells), self.summary["respondents"])

    def _response_rows(self, width, cells):
        clauses = self.selection.response_clauses()
        meta = (select(Response.id, Organisation.name, Response.questionnaire_version, Response.submitted_at,
                       Response.language, Response.reference)
                .outerjoin(Organisation, Organisation.id == Response.organisation_id)
                .order_by(Response.id).limit(self.batch_size))
        answers = select(Answer.response_id, Answer.question_key, Answer.value, Answer.text, Answer.number)
        last = 0
        while True:
            # Plain rows from the session's connection (the ORM's result layer would add a third to the reading),
            # asked for each batch: a job's progress commits between batches, which gives the connection back.
            execute = db.session.connection().execute
            batch = execute(meta.where(*clauses, Response.id > last)).all()
            if not batch:
                return
            rows = {}
            for response_id, organisation, version, submitted_at, language, reference in batch:
                row = [None] * width
                row[0], row[1], row[2], row[3], row[4] = response_id, organisation, version, submitted_at, language
                # As the respondent was shown it (K7QM-2XHD-9RTB), so the two can be matched by eye.
                row[5] = shown_reference(reference) or None
                rows[response_id] = row
            first, last = batch[0][0], batch[-1][0]
            # One index range per batch; the rows of responses not selected in it are passed over.
            for response_id, key, value, text, number in execute(
                    answers.where(Answer.response_id.between(first, last), Answer.survey_id == self.survey.id)):
                row = rows.get(response_id)
                filled = cells.get(key)
                if row is not None and filled is not None:
                    filled.fill(row, value, text, number)
            yield from rows.values()
            if self.progress:
                self.progress(len(batch))

    # Comments: every free-text answer, question by question.

    def comment_questions(self):
        """[(question, value)]: free-text questions (value None) and "other" texts (value "other")."""
        return [(q, value) for q in self.questions for value in self.types[q.type].comment_values(q)]

    def _comment_clause(self, key, value):
        return and_(Answer.survey_id == self.survey.id, Answer.question_key == key, Answer.text.is_not(None),
                    Answer.value.is_(None) if value is None else Answer.value == value)

    def comments(self):
        wanted = self.comment_questions()
        count = db.session.execute(self.selection.answers(
            select(func.count()).select_from(Answer)
            .where(or_(*[self._comment_clause(q.key, v) for q, v in wanted])))).scalar_one() if wanted else 0
        columns = [Column("response_id", "number", 11), Column(MATCHED_ORGANISATION, width=36),
                   Column("question", width=16), Column("question_text", width=50), Column("comment", width=80)]
        return Table("Comments", columns, self._comment_rows(wanted), count)

    def _comment_rows(self, wanted):
        for question, value in wanted:
            words = str(question.text) + (" (other, please specify)" if value else "")
            # Through the selection, as the summary reads answers: one index range of the question's answers,
            # each row's response then found by id, rather than every answer of every response searched.
            stmt = self.selection.answers(
                select(Answer.response_id, Organisation.name, Answer.text).select_from(Answer)
                .join(Response, Response.id == Answer.response_id)
                .outerjoin(Organisation, Organisation.id == Response.organisation_id)
                .where(self._comment_clause(question.key, value)), joined=True)
            stmt = stmt.order_by(Answer.response_id, Answer.id).execution_options(yield_per=self.batch_size)
            for n, (response_id, organisation, text) in enumerate(db.session.connection().execute(stmt), 1):
                yield [response_id, organisation, question.key, words, text]
                if self.heartbeat and n % self.batch_size == 0:
                    self.heartbeat()

    # Organisations: people who responded, with the summary's small-number rule.

    @property
    def threshold(self):
        return current_app.config.get("SUMMARY_SUPPRESS_BELOW", 5)

    def organisations(self):
        people = {}
        for (version, org_id), n in queries.respondents(self.selection).items():
            people[org_id] = people.get(org_id, 0) + n
        names = {org_id: (name, kind) for org_id, name, kind in db.session.execute(
            select(Organisation.id, Organisation.name, Organisation.kind)
            .where(Organisation.id.in_([i for i in people if i is not None])))} if people else {}
        hidden_words = suppressed(self.threshold)
        # Invitations, when there are any, add who was invited and how many completed, organisation by organisation.
        response_rates = self.summary.get("response_rates") or {}
        rates = {o["name"]: o for o in (response_rates.get("organisations") or ())}
        found = {}
        for org_id, n in people.items():
            name, kind = names.get(org_id, (NO_ORGANISATION, ""))
            found[name] = [name, kind or None, n]
        for name in set(rates) - set(found):
            found[name] = [name, rates[name]["kind"] or None, 0]
        hidden = suppress(organisations_table(found, rates, (response_rates.get("survey") or {})), self.threshold)
        rows = []
        for name, row in found.items():
            row = row[:2] + [hidden_words if ("people", name) in hidden else row[2]]
            rate = rates.get(name)
            if rates and rate is None:
                row += [None] * 5
            elif rates:
                # Invited is who staff chose to ask, not what anyone did; the rest could single someone out.
                row += [rate["invited"]] + [hidden_words if (step, name) in hidden else rate[step]
                                            for step in STEPS]
                shown = ("completed", name) not in hidden
                row.append((rate["completed"] / rate["invited"] if rate["invited"] else None) if shown
                           else hidden_words)
            rows.append(row)
        columns = [Column("Organisation", width=50), Column("Kind", width=16),
                   Column("People who responded", "number", 20)]
        if rates:
            columns += [Column("Invited", "number", 10), Column("Opened", "number", 10),
                        Column("Started", "number", 10), Column("Completed", "number", 12),
                        Column("Response rate", "percent", 14)]
        rows.sort(key=lambda row: (row[0] == NO_ORGANISATION, row[0].lower()))
        return Table("Organisations", columns, rows, len(rows),
                     [f"A count below {self.threshold} is shown as \"{hidden_words}\": a small number could identify "
                      "someone; so are enough other counts that none of them can be worked out from the totals."]
                     + (["Invited: contacts sent a link. Opened, started, completed: invitations whose "
                         "contact opened the link, began answering, submitted; response rate: completed "
                         "as a share of invited."] if rates else []))

    # About: what was exported, how, and what the figures are of.

    def filters_text(self):
        """The filters in force, in the words the text summary uses."""
        return "; ".join(filter_words(self.filters.to_dict())) or "none: every submitted response"

    def about(self):
        s = self.summary
        base = self.base or DEFAULT_BASE
        base_text = BASES[base] + ("" if self.base else "; each headline uses its own stated base")
        versions = ", ".join(str(v) for v in s["survey"]["versions"]) or "none"
        rows = [
            ["Survey", f"{self.survey.title} ({self.survey.slug})"],
            ["Questionnaire", self.survey.questionnaire_id],
            ["Questionnaire version", f"{self.survey.questionnaire_version} (versions answered: {versions})"],
            ["Responses", f"{s['respondents']} submitted responses: {s['responded']}"],
            ["Filters", self.filters_text()],
            ["Base", base_text],
            ["About bases", BASES_EXPLAINED],
            ["Intervals", INTERVALS_EXPLAINED],
            ["Small numbers", f"On the Organisations sheet a count below {self.threshold} is shown as "
                              f"\"{suppressed(self.threshold)}\", and so are enough others that none can be "
                              "worked out from the totals."],
        ]
        if self.for_publication:
            rows.append(["For publication", "Aggregate sheets only: no Responses or Comments sheet, no answer "
                                            "of one person (no free text, no minimum or maximum)."])
        rows += [
            ["Exported at", self.exported_at.strftime("%Y-%m-%d %H:%M:%S UTC")],
            ["Exported by", f"survey-engine {__version__}"],
            ["Times", "Submission times are in UTC."],
        ]
        return Table("About", [Column("Item", width=22), Column("Value", width=100)], rows, len(rows))
