"""The SQL behind a summary: every figure is an aggregate over Answer rows, grouped in the database."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, distinct, func, literal, select, union_all
from sqlalchemy import text as sql

from ..extensions import db
from ..models import Answer, Organisation, Response
from ..models.response import BLANK, counted, counted_groups, response_groups, uncounted_ids


@dataclass
class Filters:
    """Which submitted responses a summary counts; every field left empty means all of them."""

    #: Only responses linked to an organisation of this kind (as `Organisation.kind`).
    organisation_kind: str | None = None
    #: Only responses submitted on or after this day (UTC).
    since: date | None = None
    #: Only responses submitted on or before this day (UTC).
    until: date | None = None
    #: Only responses given to this questionnaire version.
    version: int | None = None
    #: Only responses whose answer to a closed question is one of some values: ((key, (values...)), ...).
    answers: tuple = field(default_factory=tuple)

    def __bool__(self):
        return any((self.organisation_kind, self.since, self.until, self.version is not None, self.answers))

    def to_dict(self):
        return {"organisation_kind": self.organisation_kind,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "version": self.version,
                "answers": [{"question": key, "values": list(values)} for key, values in self.answers]}

    @classmethod
    def from_dict(cls, data):
        """The Filters `to_dict` gave (as a job's parameters keep them)."""
        day = lambda text: date.fromisoformat(text) if text else None  # noqa: E731
        return cls(organisation_kind=data.get("organisation_kind"), since=day(data.get("since")),
                   until=day(data.get("until")), version=data.get("version"),
                   answers=tuple((a["question"], tuple(a["values"])) for a in data.get("answers") or ()))


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


class Selection:
    """The responses one summary counts, as SQL clauses on Response and on Answer."""

    def __init__(self, survey, filters=None):
        self.survey = survey
        self.filters = filters or Filters()

    def response_clauses(self):
        f = self.filters
        clauses = [counted(Response.survey_id == self.survey.id)]
        if f.organisation_kind:
            clauses.append(Response.organisation_id.in_(
                select(Organisation.id).where(Organisation.kind == f.organisation_kind)))
        if f.since:
            clauses.append(Response.submitted_at >= _day_start(f.since))
        if f.until:
            clauses.append(Response.submitted_at < _day_start(f.until + timedelta(days=1)))
        if f.version is not None:
            clauses.append(Response.questionnaire_version == f.version)
        for key, values in f.answers:
            clauses.append(Response.id.in_(
                select(Answer.response_id).where(Answer.survey_id == self.survey.id, Answer.question_key == key,
                                                 Answer.value.in_(values))))
        return clauses

    def response_ids(self):
        return select(Response.id).where(*self.response_clauses())

    def answers(self, stmt, joined=False):
        """`stmt`, a select over Answer, narrowed to the selected responses' answer rows.

        Unfiltered, it leaves out the few responses not counted (not submitted, or tests) rather than checking the
        many that are, so the database reads one index range of Answer and no Response rows. Filtered, it joins each row's
        response (SQLite reads Answer's index in order and looks responses up by id, behind a Bloom filter).
        `joined` says the statement already joins Response.
        """
        stmt = stmt.where(Answer.survey_id == self.survey.id)
        if not self.filters:
            return stmt.where(Answer.response_id.not_in(self.unsubmitted_ids()))
        if not joined:
            stmt = stmt.join_from(Answer, Response, Response.id == Answer.response_id)
        return stmt.where(*self.response_clauses())

    def unsubmitted_ids(self):
        """The survey's responses that do not count (not submitted, or tests): few, so excluding them is cheap."""
        return uncounted_ids(self.survey.id)


def respondents(selection, groups=None):
    """{(questionnaire version, organisation id): number of responses} in the selection.

    `groups`, the survey's response_groups() if the caller has already read them, saves reading them again.
    """
    if not selection.filters:
        return counted_groups(response_groups(selection.survey.id) if groups is None else groups)
    columns = (Response.questionnaire_version, Response.organisation_id)
    return {(version, org): n for version, org, n in db.session.execute(
        select(*columns, func.count()).where(*selection.response_clauses()).group_by(*columns))}


def submitted_count(survey):
    """How many responses `survey` has submitted, filters or none: what filtered figures are a part of."""
    return db.session.execute(select(func.count()).where(counted(Response.survey_id == survey.id))).scalar_one()


def organisations(ids):
    """[(name, kind)] of these organisations, by name."""
    ids = [i for i in ids if i is not None]
    return [tuple(row) for row in db.session.execute(
        select(Organisation.name, Organisation.kind).where(Organisation.id.in_(ids))
        .order_by(func.lower(Organisation.name)))] if ids else []


def _counts(selection, columns, *where):
    """[(*columns, count)] over the selection's answer rows, grouped by `columns` (filtered selections only)."""
    stmt = select(*columns, func.count()).where(*where).group_by(*columns)
    return db.session.execute(selection.answers(stmt)).all()


def value_and_blank_counts(selection):
    """({(question_key, value): rows}, {question_key: asked-but-blank rows}) over the selection.

    Unfiltered, each is counted over every answer row of the survey from its index, and the rows of the few
    responses that do not count are taken away, read through their response ids: no per-row check of the many
    submitted. The parts go in one statement, so one round trip.
    """
    if selection.filters:
        return ({(key, value): n for key, value, n in _counts(selection, (Answer.question_key, Answer.value))},
                {key: n for key, n in _counts(selection, (Answer.question_key,), sql(BLANK))})
    blank = and_(Answer.value.is_(None), Answer.text.is_(None), Answer.number.is_(None))
    key_value = (Answer.question_key, Answer.value)
    survey = Answer.survey_id == selection.survey.id
    if db.session.get_bind().dialect.name == "postgresql":
        # PostgreSQL reads a big survey's rows from the table, not the index, so the blanks are counted in the same
        # pass for next to nothing; SQLite reads the index, which holds no text, and counts them from their own.
        parts = [select(*key_value, func.count(), func.count().filter(blank)).where(survey).group_by(*key_value)]
    else:
        parts = [select(*key_value, func.count(), literal(0)).where(survey).group_by(*key_value),
                 # Blank rows have no value, so their count goes beside the (key, None) group's.
                 select(Answer.question_key, literal(None), literal(0), func.count())
                 .where(survey, sql(BLANK)).group_by(Answer.question_key)]
    parts.append(select(*key_value, -func.count(), -func.count().filter(blank))
                 .where(Answer.response_id.in_(selection.unsubmitted_ids())).group_by(*key_value))
    values, blanks = {}, {}
    for key, value, n, blank_rows in db.session.execute(union_all(*parts)):
        values[key, value] = values.get((key, value), 0) + n
        blanks[key] = blanks.get(key, 0) + blank_rows
    return ({group: n for group, n in values.items() if n}, {key: n for key, n in blanks.items() if n})


def answered_counts(selection, keys):
    """{question_key: responses with at least one chosen value}, for questions stored as several rows."""
    if not keys:
        return {}
    return dict(db.session.execute(selection.answers(
        select(Answer.question_key, func.count(distinct(Answer.response_id)))
        .where(Answer.question_key.in_(keys), Answer.value.is_not(None))
        .group_by(Answer.question_key))).all())


def responses_choosing(selection, key, values):
    """How many responses chose any of `values` for `key`, each counted once."""
    return db.session.execute(selection.answers(
        select(func.count(distinct(Answer.response_id))).select_from(Answer)
        .where(Answer.question_key == key, Answer.value.in_(values)))).scalar_one()


def number_stats(selection, key):
    """{count, mean, median, minimum, maximum} of a number question's answers."""
    answered = and_(Answer.question_key == key, Answer.value.is_(None), Answer.number.is_not(None))
    count, total, low, high = db.session.execute(selection.answers(
        select(func.count(), func.sum(Answer.number), func.min(Answer.number), func.max(Answer.number))
        .select_from(Answer).where(answered))).one()
    if not count:
        return {"count": 0, "mean": None, "median": None, "minimum": None, "maximum": None}
    # The median reads at most two rows at an offset, so memory stays flat however many answered.
    middle = db.session.execute(selection.answers(
        select(Answer.number).where(answered).order_by(Answer.number)
        .offset((count - 1) // 2).limit(2 - count % 2))).scalars().all()
    return {"count": count, "mean": total / count, "median": sum(middle) / len(middle),
            "minimum": low, "maximum": high}


def _texts_where(key, value):
    return and_(Answer.question_key == key, Answer.text.is_not(None),
                Answer.value.is_(None) if value is None else Answer.value == value, Answer.number.is_(None))


#: Texts in response order. Value and number are the same in every row listed, so ordering by them first changes
#: nothing, but lets PostgreSQL see that ix_answer_summary is already in this order and stop at the limit
#: (it does not treat "IS NULL" as fixing a column, and read a question's texts through ix_answer_response_id).
TEXT_ORDER = (Answer.value, Answer.number, Answer.response_id, Answer.id)


def texts(selection, key, limit, value=None):
    """Up to `limit` texts, in response order, of a free-text question or of an "other" option."""
    return db.session.execute(selection.answers(
        select(Answer.text).where(_texts_where(key, value)).order_by(*TEXT_ORDER)
        .limit(limit))).scalars().all()


def texts_of(selection, wanted, limit):
    """{(key, value): texts() of it} for each (key, value) in `wanted`, in one statement: a round trip and a
    plan for all of them rather than one each."""
    if not wanted:
        return {}
    parts = [selection.answers(
        select(literal(n).label("part"), Answer.text, Answer.response_id, Answer.id)
        .where(_texts_where(key, value)).order_by(*TEXT_ORDER).limit(limit)).subquery()
        for n, (key, value) in enumerate(wanted)]
    rows = db.session.execute(union_all(*(select(part) for part in parts)) if len(parts) > 1
                              else select(parts[0])).all()
    found = {pair: [] for pair in wanted}
    # Sorted here, as a UNION ALL's order is not promised.
    for part, text, *_order in sorted(rows, key=lambda row: (row[0], row[2], row[3])):
        found[wanted[part]].append(text)
    return found


def organisation_value_counts(selection, key):
    """{(organisation_id, value): responses}, and {organisation_id: responses answering}, for one question."""
    def by_organisation(*columns):
        return db.session.execute(selection.answers(
            select(Response.organisation_id, *columns, func.count(distinct(Answer.response_id)))
            .join_from(Answer, Response, Response.id == Answer.response_id)
            .where(Answer.question_key == key, Answer.value.is_not(None))
            .group_by(Response.organisation_id, *columns), joined=True)).all()

    rows = by_organisation(Answer.value)
    answered = {org: n for org, n in by_organisation()}
    return {(org, value): n for org, value, n in rows}, answered


def organisation_names(ids):
    """{organisation id: name} for these ids."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())



class Counts:
    """The grouped counts every question's summary reads, each query run once for the whole summary."""

    def __init__(self, selection, several_rows_keys=(), max_texts=500):
        self.selection = selection
        #: How many texts a free-text question's summary lists at most.
        self.max_texts = max_texts
        #: {(question_key, value): rows}; value None holds blanks, texts and numbers.
        #: {question_key: asked-but-blank rows}.
        self.values, self.blanks = value_and_blank_counts(selection)
        #: {question_key: responses choosing at least one value}, for questions stored as several rows.
        self.chose = answered_counts(selection, list(several_rows_keys))
        self._texts = {}

    def texts(self, key, value=None):
        """Up to max_texts texts of `key` (of its option `value`, such as "other"), as queries.texts() lists them.

        The list is filled in by load_texts(), which reads every summary's texts in one statement.
        """
        return self._texts.setdefault((key, value), [])

    def load_texts(self):
        """Fill in the lists texts() gave."""
        for pair, found in texts_of(self.selection, list(self._texts), self.max_texts).items():
            self._texts[pair][:] = found

    def rows(self, key):
        """How many answer rows the question `key` has."""
        return sum(n for (k, value), n in self.values.items() if k == key)

    def blank(self, key):
        return self.blanks.get(key, 0)

    def of(self, key, value):
        """How many rows hold `value` for `key`."""
        return self.values.get((key, value), 0)

    def stored_values(self, key):
        """The values stored for `key`, blanks left out."""
        return [value for k, value in self.values if k == key and value is not None]


def date_months(selection, key):
    """([(YYYY-MM, answers)] in month order, earliest, latest) of a date question stored as ISO text."""
    answered = and_(Answer.question_key == key, Answer.value.is_(None), Answer.text.is_not(None))
    month = func.substr(Answer.text, 1, 7)
    months = db.session.execute(selection.answers(
        select(month, func.count()).where(answered).group_by(month).order_by(month))).all()
    earliest, latest = db.session.execute(selection.answers(
        select(func.min(Answer.text), func.max(Answer.text)).select_from(Answer).where(answered))).one()
    return [(m, n) for m, n in months], earliest, latest
