"""The authoring API: a questionnaire is pages of questions, with conditions and headlines."""
from dataclasses import dataclass, field

from .conditions import And, AnySelected, Condition, Equals, Not, OneOf, Or  # noqa: F401 (re-exported)


class QuestionnaireError(ValueError):
    """A questionnaire that cannot be used as written."""


class DocumentError(QuestionnaireError):
    """A questionnaire document with problems: `problems` lists every (JSON pointer, message), in document order."""

    def __init__(self, problems, source=""):
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(where + "; ".join(f"{pointer or '/'}: {message}" for pointer, message in self.problems))


@dataclass(frozen=True)
class Option:
    """One answer a respondent can choose: the stored value and the label they read."""

    value: str
    label: str
    hint: str = ""

    def to_dict(self):
        data = {"value": self.value, "label": str(self.label)}
        if self.hint:
            data["hint"] = str(self.hint)
        return data


def options(*pairs):
    """Options from (value, label) pairs or plain labels (the value is then the label, slugified)."""
    result = []
    for pair in pairs:
        if isinstance(pair, Option):
            result.append(pair)
        elif isinstance(pair, tuple):
            result.append(Option(*pair))
        else:
            value = "-".join("".join(c if c.isalnum() else " " for c in pair.lower()).split())
            result.append(Option(value, pair))
    return tuple(result)


@dataclass(frozen=True)
class Question:
    """A question: its key is unique within the questionnaire and is what every export names."""

    key: str
    type: str
    text: str
    hint: str = ""
    required: bool = True
    options: tuple = ()
    condition: Condition | None = None
    #: yes/no only: offer "Not sure" as a third answer.
    not_sure: bool = False
    #: multiple choice only: offer "Other, please specify" with a text box.
    other: bool = False
    #: number only: the smallest and largest accepted values.
    minimum: float | None = None
    maximum: float | None = None
    #: Settings the question's type declares (QuestionType.settings), given as keyword arguments.
    settings: dict = field(default_factory=dict, hash=False)

    def __init__(self, key, type, text, hint="", required=True, options=(), condition=None, not_sure=False,
                 other=False, minimum=None, maximum=None, settings=None, **more):
        for name, value in (("key", key), ("type", type), ("text", text), ("hint", hint), ("required", required),
                            ("options", options), ("condition", condition), ("not_sure", not_sure),
                            ("other", other), ("minimum", minimum), ("maximum", maximum),
                            ("settings", {**(settings or {}), **more})):
            object.__setattr__(self, name, value)

    def is_asked(self, answers):
        """Whether this question is asked, given the answers so far."""
        return self.condition is None or self.condition.evaluate(answers)

    def option_label(self, value):
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    def to_dict(self, question_type=None):
        """The question in the document's shape; with its type, `options` also holds the ones the type adds."""
        data = {
            "key": self.key,
            "type": self.type,
            "text": str(self.text),
            "hint": str(self.hint),
            "required": self.required,
            "options": [o.to_dict() for o in (question_type.options(self) if question_type else self.options)],
            "other": self.other,
            "not_sure": self.not_sure,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "condition": self.condition.to_dict() if self.condition else None,
        }
        data.update(self.settings)
        return data


@dataclass(frozen=True)
class Page:
    """One screen of questions; shown when at least one of its questions is asked."""

    title: str
    questions: tuple
    #: Optional lead text shown under the page title.
    introduction: str = ""

    def __init__(self, title, questions, introduction=""):
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "questions", tuple(questions))
        object.__setattr__(self, "introduction", introduction)

    def asked_questions(self, answers):
        return [q for q in self.questions if q.is_asked(answers)]


@dataclass(frozen=True)
class Headline:
    """A statement in a report's words that counts the respondents giving some answers to a question.

    Rendered by the summary as "72% of respondents had heard of the standards previously (13 of 18)".
    """

    text: str
    question: str
    values: tuple
    #: Which base the percentage is of; "answered" means those asked who answered.
    base: str = "answered"

    def __init__(self, text, question, values, base="answered"):
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "question", question)
        object.__setattr__(self, "values", tuple([values] if isinstance(values, str) else values))
        object.__setattr__(self, "base", base)

    def to_dict(self):
        return {"text": self.text, "question": self.question, "values": list(self.values), "base": self.base}


@dataclass(frozen=True)
class Area:
    """A group of questions scored together, such as one of the 4Pi standards, for a scorecard.

    A question counts towards the area's scorecard when it is on an agreement scale: its type declares one
    (QuestionType.agreement_scale), or the area names which option values count as agreeing (`agree`) and
    as disagreeing (`disagree`) for its closed questions; other answers count as neither.
    """

    title: str
    questions: tuple
    description: str = ""
    agree: tuple = ()
    disagree: tuple = ()

    def __init__(self, title, questions, description="", agree=(), disagree=()):
        for name, value in (("title", title), ("questions", tuple(questions)), ("description", description),
                            ("agree", tuple(agree)), ("disagree", tuple(disagree))):
            object.__setattr__(self, name, value)

    def to_dict(self):
        data = {"title": str(self.title), "description": str(self.description), "questions": list(self.questions)}
        if self.agree or self.disagree:
            data.update(agree=list(self.agree), disagree=list(self.disagree))
        return data


@dataclass(frozen=True)
class Questionnaire:
    """A versioned questionnaire: pages of questions and the headlines a report would print."""

    id: str
    version: int
    title: str
    introduction: str
    pages: tuple
    headlines: tuple = ()
    #: The kind given to organisations first met through this questionnaire's answers.
    organisation_kind: str = ""
    #: Roughly how long it takes, in minutes, for the start page and invitation emails.
    minutes: int = 0
    #: Texts in other languages, by language code, in the document's "translations" shape (README).
    translations: dict = field(default_factory=dict, hash=False)
    #: Groups of questions scored together (Area), such as the five 4Pi standards.
    areas: tuple = ()

    def __init__(self, id, version, title, introduction, pages, headlines=(), organisation_kind="", minutes=0,
                 translations=None, areas=()):
        for name, value in (("id", id), ("version", version), ("title", title), ("introduction", introduction),
                            ("pages", tuple(pages)), ("headlines", tuple(headlines)),
                            ("organisation_kind", organisation_kind), ("minutes", minutes),
                            ("translations", dict(translations or {})), ("areas", tuple(areas))):
            object.__setattr__(self, name, value)

    @classmethod
    def from_dict(cls, document, question_types=None):
        """The questionnaire a document describes; DocumentError listing every problem with its JSON pointer.

        The document is checked against questionnaire_schema.json, then by the engine's rules (unique keys,
        conditions on earlier pages, known types, values that fit their columns) for `question_types`, by
        default the built-in types. Options a type adds itself ("yes", "no", "other"...) may be written or not.
        """
        from .documents import questionnaire_from_document

        return questionnaire_from_document(document, question_types)

    @property
    def questions(self):
        return [q for page in self.pages for q in page.questions]

    def question(self, key):
        for q in self.questions:
            if q.key == key:
                return q
        raise KeyError(key)

    def page_of(self, key):
        """The 0-based index of the page holding the question `key`."""
        for index, page in enumerate(self.pages):
            if any(q.key == key for q in page.questions):
                return index
        raise KeyError(key)

    @property
    def branches(self):
        """Whether any question has a condition, so how many pages a respondent sees depends on their answers."""
        return any(q.condition is not None for q in self.questions)

    def asked_pages(self, answers):
        """Indexes of the pages shown to a respondent with these answers."""
        return [i for i, page in enumerate(self.pages) if page.asked_questions(answers)]

    def asked_keys(self, answers):
        """Keys of every question asked, given these answers, evaluated in page order."""
        return [q.key for q in self.questions if q.is_asked(answers)]

    def check(self, question_types):
        """Raise QuestionnaireError unless keys are unique, types known and conditions look backwards."""
        for pointer, message in self.problems(question_types):
            raise QuestionnaireError(f"{self.id}: {message}")

    def problems(self, question_types):
        """Every broken engine rule, as (JSON pointer into to_dict(), message), in document order."""
        found, seen = [], {}
        index = 0
        for page_index, page in enumerate(self.pages):
            if not page.questions:
                found.append((f"/pages/{page_index}/questions", f"page {page.title!r} has no questions"))
            for q in page.questions:
                where = f"/questions/{index}"
                index += 1
                found += [(where + pointer, message) for pointer, message in
                          _question_problems(q, page_index, seen, question_types)]
                seen.setdefault(q.key, page_index)
        for number, headline in enumerate(self.headlines):
            if headline.question not in seen:
                found.append((f"/headlines/{number}/question", f"headline {headline.text!r} names unknown question "
                                                               f"{headline.question!r}"))
        found += _area_problems(self, question_types)
        return found

    def to_dict(self, question_types=None):
        """The questionnaire document (README, "The questionnaire document"); from_dict reads it back.

        Given the question types, each question's `options` also lists the ones its type adds, as
        `survey-engine questionnaires show ID --format json` prints them.
        """
        types = question_types or {}
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "introduction": self.introduction,
            "minutes": self.minutes,
            "organisation_kind": self.organisation_kind,
            "pages": [{"title": str(p.title), "introduction": str(p.introduction),
                       "questions": [q.key for q in p.questions]} for p in self.pages],
            "questions": [q.to_dict(types.get(q.type)) for q in self.questions],
            "headlines": [h.to_dict() for h in self.headlines],
            **({"translations": self.translations} if self.translations else {}),
            **({"areas": [a.to_dict() for a in self.areas]} if self.areas else {}),
        }


def _area_problems(questionnaire, question_types):
    """An area may list only questions the questionnaire has, each once, and agree values they offer."""
    by_key = {q.key: q for q in questionnaire.questions}
    for number, area in enumerate(questionnaire.areas):
        where = f"/areas/{number}"
        seen = set()
        for position, key in enumerate(area.questions):
            if key not in by_key:
                yield f"{where}/questions/{position}", f"area {area.title!r} names unknown question {key!r}"
            elif key in seen:
                yield f"{where}/questions/{position}", f"area {area.title!r} lists question {key!r} twice"
            seen.add(key)
        both = set(area.agree) & set(area.disagree)
        if both:
            yield f"{where}/disagree", f"area {area.title!r}: {', '.join(sorted(both))} cannot both agree and disagree"
        if not (area.agree or area.disagree):
            continue
        for position, key in enumerate(area.questions):
            qtype = question_types.get(by_key[key].type) if key in by_key else None
            if qtype is None or not qtype.closed or getattr(qtype, "agreement_scale", None):
                continue
            offered = {o.value for o in qtype.options(by_key[key])}
            missing = [v for v in (*area.agree, *area.disagree) if v not in offered]
            if missing:
                yield (f"{where}/questions/{position}",
                       f"area {area.title!r}: question {key!r} has no option {', '.join(map(repr, missing))}")


def _question_problems(q, page_index, seen, question_types):
    """(pointer within the question, message) for each engine rule question `q` breaks."""
    if q.key in seen:
        yield "/key", f"question key {q.key!r} is used twice"
    qtype = question_types.get(q.type)
    if qtype is None:
        yield "/type", f"question {q.key!r} has unknown type {q.type!r}"
    else:
        try:
            qtype.check(q)
        except QuestionnaireError as exc:
            yield "", str(exc)
        for name in qtype.unknown_settings(q):
            yield f"/{name}", f"question {q.key!r}: type {q.type} has no setting {name!r}"
        yield from _stored_length_problems(q, qtype.options(q))
    for ref in sorted(q.condition.question_keys()) if q.condition else ():
        if ref not in seen or seen[ref] >= page_index:
            yield "/condition", (f"question {q.key!r} has a condition on {ref!r}, "
                                 "which must be a question on an earlier page")


def _stored_length_problems(question, offered):
    """Keys and option values must fit their answer columns, or PostgreSQL would refuse the answers."""
    from .models import Answer

    checks = [("/key", "key", question.key, Answer.question_key)] + [
        (f"/options/{i}/value", "option value", option.value, Answer.value) for i, option in enumerate(offered)]
    for pointer, what, text, column in checks:
        longest = column.type.length
        if len(text) > longest:
            yield pointer, (f"question {question.key[:40]!r}: {what} {text[:40]!r}... "
                            f"is longer than {longest} characters")


@dataclass(frozen=True)
class DemoSurvey:
    """A survey `survey-engine demo` creates, open, from a registered questionnaire."""

    slug: str
    questionnaire_id: str
    title: str
    #: A CSV or XLSX file of responses, as `survey-engine responses import` reads, loaded while the survey has none.
    responses: str = ""
