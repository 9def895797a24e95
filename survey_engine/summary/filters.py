"""Filters from what staff typed or chose, checked once for the command line, the summary page and the download."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..bad_input import parse_id
from ..extensions import db
from ..models import Organisation
from ..models.response import response_groups
from ..question_types.choice import option_value
from ..registry import registry
from .build import SummaryError, question_versions
from .queries import Filters

#: The filters' names, as the summary page's query string has them.
FIELDS = ("organisation_kind", "since", "until", "version", "answer")


@dataclass(frozen=True)
class Problem:
    """One filter that cannot be used: which (one of FIELDS) and why, naming the valid choices."""

    field: str
    message: str
    #: What is wrong, for a page that says it in its own words: "date" (not one), "order" (since after until),
    #: "choice" (not among the choices) or "form" (not QUESTION=VALUE).
    reason: str = "choice"


class FilterError(SummaryError):
    """Filters that would quietly match nothing, or nothing meant; `problems` lists each, in FIELDS order."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))


def organisation_kinds(survey, groups=None):
    """The kinds of the organisations this survey's responses name (test responses aside): the organisation-kind
    filter's choices. `groups`, the survey's response_groups() if already read, saves reading them again."""
    groups = response_groups(survey.id) if groups is None else groups
    ids = {org for (_status, _version, org) in groups if org is not None}
    return sorted(db.session.execute(
        select(Organisation.kind).distinct().where(Organisation.id.in_(ids), Organisation.kind != "")).scalars()) \
        if ids else []


def questionnaire_versions(survey):
    """The registered versions of the survey's questionnaire, newest first: the version filter's choices."""
    return sorted(registry().questionnaires.get(survey.questionnaire_id, {}), reverse=True)


def closed_questions(survey):
    """({key: (question, its options)} of the closed questions, the other questions' keys): the answer filter."""
    questions, _questionnaire = question_versions(survey, [])
    types = registry().question_types
    closed = {q.key: (q, list(types[q.type].options(q))) for q in questions
              if types[q.type].closed}
    return closed, {q.key for q in questions} - set(closed)


def _listed(items):
    return ", ".join(str(i) for i in items) or "none"


def _day(text, problems, field):
    if text is None or isinstance(text, date):
        return text
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(field, f"{text!r} is not a date like 2025-03-31", "date"))
        return None


def _version(survey, given, problems):
    if given is None or given == "":
        return None
    versions = questionnaire_versions(survey)
    text = str(given).strip()
    number = parse_id(text)
    if number not in versions:
        problems.append(Problem("version", f"questionnaire {survey.questionnaire_id!r} has no version {text}; "
                                           f"its versions are {_listed(sorted(versions))}"))
    return number


def _kind(survey, given, problems):
    kind = (given or "").strip() or None
    if kind is None:
        return None
    kinds = organisation_kinds(survey)
    if kind not in kinds:
        # Exact, as the database compares: "nhs trust" would quietly match no one.
        problems.append(Problem("organisation_kind", f"no organisation of kind {kind!r} responded; the kinds are "
                                                     f"{_listed(repr(k) for k in kinds)}"))
        return None
    return kind


def _answer(closed, pair, problems):
    """(key, values) from QUESTION=VALUE[,VALUE], each value an option's value or label; None if wrong."""
    key, sep, values = pair.partition("=")
    key = key.strip()
    if not sep or not values.strip():
        problems.append(Problem("answer", f"{pair!r} should be QUESTION=VALUE, for example used=yes", "form"))
        return None
    questions, others = closed
    if key not in questions:
        what = "not a closed question" if key in others else "no question"
        problems.append(Problem("answer", f"{key!r} is {what}; the questions with options are {_listed(questions)}"))
        return None
    question, options = questions[key]
    # A label may hold a comma ("Yes, often"): the whole text first, then each part between commas.
    whole = option_value(options, values.strip())
    parts = [values.strip()] if whole else [v.strip() for v in values.split(",") if v.strip()]
    chosen = []
    for part in parts:
        value = option_value(options, part)
        if value is None:
            offered = ", ".join(f"{o.value} ({o.label})" for o in options)
            problems.append(Problem("answer", f"{key!r} has no option {part!r}; its options are {offered}"))
            return None
        if value not in chosen:
            chosen.append(value)
    return key, tuple(chosen)


def make_filters(survey, organisation_kind=None, since=None, until=None, version=None, answers=()):
    """Filters for `survey` from typed or chosen values (strings, or dates and ints); raises FilterError.

    `answers` is a list of QUESTION=VALUE[,VALUE] texts. Each check names the valid choices, so a filter that
    would match nothing by mistake (a version that does not exist, a kind in the wrong case, days the wrong way
    round, an option not offered) is an error rather than a summary of no one.
    """
    problems = []
    kind = _kind(survey, organisation_kind, problems)
    since, until = _day(since, problems, "since"), _day(until, problems, "until")
    if since and until and since > until:
        problems.append(Problem("since", f"submitted on or after {since.isoformat()} and on or before "
                                         f"{until.isoformat()} is no day at all: the first day is after the last",
                                "order"))
    number = _version(survey, version, problems)
    closed = closed_questions(survey) if answers else ({}, set())
    chosen = [a for a in (_answer(closed, pair, problems) for pair in answers) if a]
    if problems:
        problems.sort(key=lambda p: FIELDS.index(p.field))
        raise FilterError(problems)
    return Filters(organisation_kind=kind, since=since, until=until, version=number, answers=tuple(chosen))
