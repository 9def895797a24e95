"""Starting a response, then reading and writing its answers, keeping only the answers to questions still asked."""
from collections import defaultdict
from contextlib import contextmanager

from flask import g, has_app_context
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from .extensions import db
from .models import Answer, Organisation, Response
from .models._types import utcnow
from .registry import registry
from .resume import forget_keys


# Built once: building a statement and its cache key costs more CPU than running it on a respondent's request.
_ROWS = (select(Answer.question_key, Answer.value, Answer.text, Answer.number)
         .where(Answer.response_id == bindparam("response_id")).order_by(Answer.id))
_STILL_IN_PROGRESS = (update(Response).where(Response.id == bindparam("response_id"),
                                             Response.status == "in_progress"))
_DELETE_ALL = delete(Answer).where(Answer.response_id == bindparam("response_id"))
_DELETE_KEYS = _DELETE_ALL.where(Answer.question_key.in_(bindparam("keys", expanding=True)))
_INSERT = Answer.__table__.insert()


def prefetch_answer_rows(response_id, rows):
    """Hand Answers.load, later in this request, the (key, value, text, number) rows of `response_id` just read
    along with its response."""
    g.setdefault("answer_rows", {})[response_id] = rows


def _stored_rows(response_id):
    """The answer rows of `response_id`: those read along with the response this request if no write came since."""
    prefetched = g.get("answer_rows") if has_app_context() else None
    if prefetched and response_id in prefetched:
        return prefetched.pop(response_id)
    return db.session.execute(_ROWS, {"response_id": response_id}).all()


class Answers:
    """A response's answers in memory: {key: value} plus {key: extra} (such as an "other" text)."""

    def __init__(self, values=None, extras=None, stored=()):
        self.values = dict(values or {})
        self.extras = dict(extras or {})
        #: Keys with stored rows: the questions the respondent has been shown and has saved.
        self.stored = set(stored)

    @classmethod
    def load(cls, response, questionnaire):
        """The stored answers of `response`, read back through each question's type."""
        rows = defaultdict(list)
        for key, value, text, number in _stored_rows(response.id):
            rows[key].append((value, text, number))
        answers = cls(stored=rows)
        types = registry().question_types
        for question in questionnaire.questions:
            if question.key in rows:
                value, extra = types[question.type].from_rows(question, rows[question.key])
                if value is not None:
                    answers.values[question.key] = value
                if extra:
                    answers.extras[question.key] = extra
        return answers

    def missing_required(self, questionnaire):
        """The first asked, required question without an answer, or None."""
        for key in questionnaire.asked_keys(self.values):
            if questionnaire.question(key).required and key not in self.values:
                return questionnaire.question(key)
        return None

    def unanswered_pages(self, questionnaire):
        """Indexes of the asked pages holding an asked question never saved, in order.

        A question saved blank counts as answered: the respondent saw it and chose to leave it. A required
        question without an answer (where the check page would send them back) counts as unanswered.
        """
        missing = self.missing_required(questionnaire)
        pages = []
        for index in questionnaire.asked_pages(self.values):
            for question in questionnaire.pages[index].asked_questions(self.values):
                if question.key not in self.stored or (missing is not None and question.key == missing.key):
                    pages.append(index)
                    break
        return pages

    def first_unanswered_page(self, questionnaire):
        """The index of the first asked page with a question not yet answered, or None if there is none."""
        pages = self.unanswered_pages(questionnaire)
        return pages[0] if pages else None

    def prune(self, questionnaire):
        """Drop answers to questions no longer asked, in page order, since conditions chain."""
        for question in questionnaire.questions:
            if not question.is_asked(self.values):
                self.values.pop(question.key, None)
                self.extras.pop(question.key, None)


def start_response(survey, questionnaire_version, start_key=None, is_test=False, language=None):
    """A new response to `survey` in `language` (a code such as "cy"), or the one the same start form (`start_key`)
    already made; and whether it is new.

    `is_test` marks a response made by staff trying a draft survey: it never counts in any figure.
    """
    response = Response(survey=survey, questionnaire_version=questionnaire_version, start_key=start_key,
                        is_test=is_test, language=language)
    db.session.add(response)
    try:
        with _kept_after_commit():  # it holds every column just written: reading it back would read the same
            db.session.commit()
        return response, True
    except IntegrityError:
        # The same form was sent twice (a double click) and the other request committed first: both get its response.
        db.session.rollback()
        if start_key is None:
            raise
        earlier = select(Response).filter_by(survey_id=survey.id, start_key=start_key)
        return db.session.execute(earlier).scalar_one(), False


def save_page(response, questionnaire, page, answers, only=None):
    """Store `answers` for the questions on `page` (or only those keyed in `only`), dropping any stored answer no
    longer asked.

    False, with nothing written, if the response is no longer in progress: it was submitted meanwhile.
    """
    answers.prune(questionnaire)
    asked = set(questionnaire.asked_keys(answers.values))
    page_keys = {q.key for q in page.questions if only is None or q.key in only}
    # answers.stored holds the keys Answers.load read. The rows and the organisation are found before the
    # response's row is taken, so the transaction (which on SQLite holds the only write lock) does little but write.
    stale = (answers.stored - asked) | (page_keys & answers.stored)
    rows = answer_rows(questionnaire, answers, page_keys & asked)
    changes = organisation_change(questionnaire, answers, stale | (page_keys & asked))
    if not _still_in_progress(response, changes):
        return False
    _write(response, delete_keys=stale | (page_keys & asked), rows=rows)
    return True


def _still_in_progress(response, changes, **values):
    """Take the response's row for this transaction if it is still in progress, writing `changes` and `values`
    to it; else roll back and say so.

    The write is what makes this safe: it waits for a submission that is under way to commit, then sees it
    (PostgreSQL re-reads the row; SQLite lets one writer at a time), where a read could see the old status.
    """
    values = dict(values, updated_at=utcnow(), **changes)
    # On the connection, not the session: the ORM's UPDATE would look through the session for objects to match.
    # The parameters' names say which columns it sets.
    if db.session.connection().execute(_STILL_IN_PROGRESS, dict(values, response_id=response.id)).rowcount:
        for name, value in values.items():
            set_committed_value(response, name, value)
        if "organisation_id" in values:
            # The relationship may have been loaded before the write: a hook after it reads the new one.
            db.session.expire(response, ["organisation"])
        return True
    db.session.rollback()
    return False


def submit(response, questionnaire, answers):
    """Rewrite every answer and mark the response submitted, in one transaction; False if already done."""
    answers.prune(questionnaire)
    asked = set(questionnaire.asked_keys(answers.values))
    rows = answer_rows(questionnaire, answers, asked)
    changes = organisation_change(questionnaire, answers)
    now = utcnow()
    if not _still_in_progress(response, changes, status="submitted", submitted_at=now):
        return False
    # Its links and codes to come back by have nothing left to resume.
    forget_keys(response)
    _write(response, delete_keys=None, rows=rows)
    return True


def answer_rows(questionnaire, answers, keys):
    """Plain dicts of the Answer rows that store the answers to `keys`."""
    types = registry().question_types
    rows = []
    for question in questionnaire.questions:
        if question.key in keys:
            qtype = types[question.type]
            for value, text, number in qtype.to_rows(question, answers.values.get(question.key),
                                                     answers.extras.get(question.key, {})):
                rows.append({"question_key": question.key, "value": value, "text": text, "number": number})
    return rows


def _write(response, delete_keys, rows):
    """Replace the answers keyed in `delete_keys` (all of them if None) by `rows`, and commit."""
    connection = db.session.connection()
    if delete_keys is None:
        connection.execute(_DELETE_ALL, {"response_id": response.id})
    elif delete_keys:
        connection.execute(_DELETE_KEYS, {"response_id": response.id, "keys": sorted(delete_keys)})
    if rows:
        connection.execute(_INSERT, [dict(row, response_id=response.id, survey_id=response.survey_id)
                                     for row in rows])
    if has_app_context():
        g.get("answer_rows", {}).pop(response.id, None)  # read before this write: stale now
    with _kept_after_commit():
        db.session.commit()


@contextmanager
def _kept_after_commit():
    """Commit without expiring the session's objects: what they hold is what was just written (set_committed_value
    above), and expiring them would read the survey and the response again when the page's redirect or a hook
    next looks at them."""
    session = db.session()
    before, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = before


def organisation_change(questionnaire, answers, keys=None):
    """{"organisation_id": ...} pointing the response at the organisation its organisation question names; {}
    when the link stays as it is.

    Given `keys` (those a page save writes or drops), only if the organisation question is among them: the link
    is as the last save of that question left it, so the other pages need not look the organisation up again.
    """
    named, organisation = _named_organisation(questionnaire, answers, keys)
    return {"organisation_id": organisation.id if organisation is not None else None} if named else {}


def _named_organisation(questionnaire, answers, keys):
    """(True, the organisation the organisation question names, or None), or (False, None) if not to be looked up."""
    types = registry().question_types
    for question in questionnaire.questions:
        if types[question.type].names_organisation:
            if keys is not None and question.key not in keys:
                return False, None
            name = answers.values.get(question.key)
            return True, Organisation.get_or_create(name, questionnaire.organisation_kind) if name else None
    return False, None
