"""The questionnaire library's actions: create a questionnaire, save its draft, publish versions; each audited.

Every action takes an `actor` (a StaffUser, or a name such as audit.COMMAND_LINE), records one audit entry and
commits once. Documents are plain dicts in the shape of questionnaire_schema.json; what is read back is a copy.
"""
import copy
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..extensions import db
from ..models import DraftRevision, PublishedVersion, StoredQuestionnaire
from ..questionnaire import DocumentError, Questionnaire
from ..registry import registry
from .changes import describe_changes, missing_keys


class LibraryError(ValueError):
    """A library action that cannot be done as asked (no such questionnaire, nothing to publish...)."""


class DraftConflict(LibraryError):
    """The draft was saved by someone else since `expected_revision`: nothing was saved.

    `changes` lists, one plain sentence each, what those saves changed (from the documents themselves);
    `saves` lists each save as "what it did (who, when)"; `current` is the draft as it now is.
    """

    def __init__(self, current, changes, saves):
        self.current, self.changes, self.saves = current, list(changes), list(saves)
        super().__init__("Someone else saved this draft since you opened it: " + "; ".join(self.saves or self.changes))


@dataclass(frozen=True)
class Draft:
    """A questionnaire's draft: `document` (a dict of one's own) at `revision`, with who saved it when and why."""

    questionnaire_id: str
    document: dict = field(hash=False)
    revision: int
    saved_by: str
    saved_at: datetime
    what: str


@dataclass(frozen=True)
class Version:
    """A published version: `document` never changes once published."""

    questionnaire_id: str
    version: int
    document: dict = field(hash=False)
    published_by: str
    published_at: datetime
    from_revision: int


@dataclass(frozen=True)
class ChangeReport:
    """What publishing the draft would change: `changes` (plain sentences, empty if none) and `renamed_keys`
    (warnings about keys earlier versions used that the draft no longer has); `since` is the last version, or None."""

    changes: list
    renamed_keys: list
    since: int | None

    def __iter__(self):
        return iter(self.changes)

    def __len__(self):
        return len(self.changes)


def _actor_name(actor):
    return str(getattr(actor, "email", actor) or "")[:320]


def _question_types():
    return registry().question_types


def check_document(document, *, draft=False):
    """The Questionnaire `document` describes, checked as the engine checks files; DocumentError listing every problem
    with its JSON pointer. With `draft`, a document with no pages and no questions yet passes too (returning None)."""
    if not isinstance(document, dict):
        raise DocumentError([("", f"the document must be a JSON object, not {type(document).__name__}")])
    if draft and document.get("pages") == [] and document.get("questions") == []:
        from ..documents import schema_problems

        empty = {"/pages", "/questions"}
        problems = [(p, m) for p, m in schema_problems(document) if p not in empty]
        problems += [(f"/headlines/{n}/question", f"headline {h.get('text')!r} names unknown question "
                                                   f"{h.get('question')!r}")
                     for n, h in enumerate(document.get("headlines") or ()) if isinstance(h, dict)]
        if problems:
            raise DocumentError(problems)
        return None
    try:
        return Questionnaire.from_dict(document, _question_types())
    except DocumentError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DocumentError([("", str(exc) or type(exc).__name__)]) from exc


def _as_stored(document, questionnaire_id, version):
    """A copy of `document` with its id and the version it would be published as, round-tripped through JSON."""
    try:
        stored = json.loads(json.dumps(document))
    except (TypeError, ValueError) as exc:
        raise DocumentError([("", f"not a JSON document: {exc}")]) from exc
    if isinstance(stored, dict):
        stored["id"], stored["version"] = questionnaire_id, version
    return stored


def get_stored(questionnaire_id):
    """The StoredQuestionnaire with this id, or None (a plugin's or a file's questionnaire is not stored here)."""
    return db.session.execute(select(StoredQuestionnaire).filter_by(
        questionnaire_id=str(questionnaire_id))).scalar_one_or_none()


def stored_questionnaires():
    """Every StoredQuestionnaire, by id."""
    return list(db.session.execute(select(StoredQuestionnaire).order_by(StoredQuestionnaire.questionnaire_id))
                .scalars())


def _stored_or_error(questionnaire_id):
    stored = get_stored(questionnaire_id)
    if stored is None:
        raise LibraryError(f"no questionnaire {questionnaire_id!r} is written here")
    return stored


def _latest_number(stored):
    return db.session.execute(select(func.max(PublishedVersion.version)).filter_by(stored_id=stored.id)).scalar() or 0


def _draft(stored, row):
    document = json.loads(row.document)
    document["version"] = _latest_number(stored) + 1
    return Draft(stored.questionnaire_id, document, row.revision, row.saved_by, row.saved_at, row.what)


def _draft_row(stored, revision=None):
    query = select(DraftRevision).filter_by(stored_id=stored.id)
    query = (query.filter_by(revision=revision) if revision is not None
             else query.order_by(DraftRevision.revision.desc()).limit(1))
    return db.session.execute(query).scalars().first()


def create_questionnaire(document, actor, how=""):
    """Store a new questionnaire whose draft is `document` (revision 1, nothing published yet); the StoredQuestionnaire.

    The document's `id` names it and must be unused by every source (plugins, files, this library); its `version` is
    set to 1. DocumentError lists every problem with its JSON pointer, and then nothing is saved. A document with
    no pages and no questions yet is a valid draft. `how` ("from blank", "copy of trust-survey") goes in the audit log.
    """
    if not isinstance(document, dict):
        raise DocumentError([("", f"the document must be a JSON object, not {type(document).__name__}")])
    questionnaire_id = document.get("id")
    stored_document = _as_stored(document, questionnaire_id, 1)
    check_document(stored_document, draft=True)
    if questionnaire_id in registry().questionnaires or get_stored(questionnaire_id) is not None:
        raise DocumentError([("/id", f"the id {questionnaire_id!r} is already used by another questionnaire; "
                                     "choose another")])
    name = _actor_name(actor)
    stored = StoredQuestionnaire(questionnaire_id=questionnaire_id, created_by=name)
    db.session.add(stored)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DocumentError([("/id", f"the id {questionnaire_id!r} is already used by another questionnaire; "
                                     "choose another")]) from None
    db.session.add(DraftRevision(stored_id=stored.id, revision=1, document=json.dumps(stored_document),
                                 what=f"Created {how}".strip(), saved_by=name))
    record("questionnaire.created", target=questionnaire_id, detail=how, actor=actor)
    db.session.commit()
    return stored


def get_draft(questionnaire_id):
    """The draft of stored questionnaire `questionnaire_id` (`.document`, `.revision`), or None if none is stored.

    Its document's `version` is the number it would be published as. After publishing, the draft goes on from the
    published document: editing it again is a new draft, and the published version never changes.
    """
    stored = get_stored(questionnaire_id)
    if stored is None:
        return None
    row = _draft_row(stored)
    return _draft(stored, row) if row else None


def draft_at(questionnaire_id, revision):
    """The draft as it was saved at `revision`, or None."""
    stored = get_stored(questionnaire_id)
    row = _draft_row(stored, revision) if stored else None
    return _draft(stored, row) if row else None


def _conflict(stored, expected_revision):
    current = _draft_row(stored)
    rows = db.session.execute(select(DraftRevision).filter_by(stored_id=stored.id).filter(
        DraftRevision.revision > expected_revision).order_by(DraftRevision.revision)).scalars().all()
    saves = [f"{row.what or 'saved'} ({row.saved_by}, {row.saved_at:%d %b %Y %H:%M} UTC)" for row in rows]
    before = _draft_row(stored, expected_revision)
    changes = describe_changes(json.loads(before.document), json.loads(current.document)) if before else []
    return DraftConflict(_draft(stored, current), changes, saves)


def save_draft(questionnaire_id, document, expected_revision, actor, what):
    """Save `document` as the draft of `questionnaire_id`, one revision after `expected_revision`; the new Draft.

    `expected_revision` is the revision the editor started from: if anyone saved since, DraftConflict says what
    they changed and nothing is saved. DocumentError (every problem with its JSON pointer) if the engine would
    refuse the document, so an invalid draft is never stored; the `id` cannot change and `version` is set for
    you. `what` says what the save does, in plain words, for the audit log and for others' conflicts.
    A document identical to the draft saves nothing and returns the draft as it is.
    """
    stored = _stored_or_error(questionnaire_id)
    if isinstance(document, dict) and document.get("id", questionnaire_id) != questionnaire_id:
        raise DocumentError([("/id", "a questionnaire's id cannot change; copy it to make one with another id")])
    stored_document = _as_stored(document, questionnaire_id, _latest_number(stored) + 1)
    check_document(stored_document, draft=True)
    current = _draft_row(stored)
    if current.revision != expected_revision:
        raise _conflict(stored, expected_revision)
    if json.loads(current.document) == {**stored_document, "version": json.loads(current.document).get("version")}:
        return _draft(stored, current)
    db.session.add(DraftRevision(stored_id=stored.id, revision=expected_revision + 1,
                                 document=json.dumps(stored_document), what=str(what or ""),
                                 saved_by=_actor_name(actor)))
    record("questionnaire.edited", target=questionnaire_id, detail=f"revision {expected_revision + 1}: {what}",
           actor=actor)
    try:
        db.session.commit()
    except IntegrityError:
        # Another save of the same revision committed first.
        db.session.rollback()
        raise _conflict(_stored_or_error(questionnaire_id), expected_revision) from None
    return get_draft(questionnaire_id)


def _version(stored, row):
    return Version(stored.questionnaire_id, row.version, json.loads(row.document), row.published_by,
                   row.published_at, row.from_revision)


def versions(questionnaire_id):
    """Every published Version of a stored questionnaire, oldest first ([] if none or not stored here)."""
    stored = get_stored(questionnaire_id)
    if stored is None:
        return []
    rows = db.session.execute(select(PublishedVersion).filter_by(stored_id=stored.id)
                              .order_by(PublishedVersion.version)).scalars()
    return [_version(stored, row) for row in rows]


def get_version(questionnaire_id, version):
    """Published Version `version` of a stored questionnaire, or None."""
    stored = get_stored(questionnaire_id)
    row = db.session.execute(select(PublishedVersion).filter_by(stored_id=stored.id, version=version)
                             ).scalar_one_or_none() if stored else None
    return _version(stored, row) if row else None


def has_unpublished_changes(questionnaire_id):
    """Whether the draft differs from the last published version (always, before the first)."""
    stored = _stored_or_error(questionnaire_id)
    published = db.session.execute(select(func.max(PublishedVersion.from_revision)).filter_by(
        stored_id=stored.id)).scalar()
    return published is None or _draft_row(stored).revision > published


def changes_since_last_version(questionnaire_id):
    """A ChangeReport: what the draft changes from the last published version (`changes`, plain sentences; before
    the first version, every page, question and headline is "added") and `renamed_keys`, one warning for each
    question key an earlier version used that the draft no longer has (naming a similar new question if any)."""
    draft = get_draft(questionnaire_id)
    if draft is None:
        raise LibraryError(f"no questionnaire {questionnaire_id!r} is written here")
    published = versions(questionnaire_id)
    last = published[-1].document if published else {"pages": [], "questions": [], "headlines": [],
                                                      "title": draft.document.get("title")}
    return ChangeReport(describe_changes(last, draft.document),
                        missing_keys([(v.version, v.document) for v in published], draft.document),
                        published[-1].version if published else None)


def publish(questionnaire_id, actor, expected_revision=None):
    """Publish the draft as version N+1 (1 the first time) and return that Version; it never changes afterwards.

    Surveys can use it at once, in every worker sharing the database. LibraryError if nothing changed since the
    last version; DocumentError if the draft is not yet a whole questionnaire (no questions); with
    `expected_revision` (the revision whose changes the publisher saw), DraftConflict if the draft moved on since.
    """
    stored = _stored_or_error(questionnaire_id)
    row = _draft_row(stored)
    if expected_revision is not None and row.revision != expected_revision:
        raise _conflict(stored, expected_revision)
    if not has_unpublished_changes(questionnaire_id):
        raise LibraryError(f"nothing has changed since version {_latest_number(stored)}")
    number = _latest_number(stored) + 1
    document = _as_stored(json.loads(row.document), questionnaire_id, number)
    check_document(document)
    name = _actor_name(actor)
    db.session.add(PublishedVersion(stored_id=stored.id, version=number, document=json.dumps(document),
                                    from_revision=row.revision, published_by=name))
    record("questionnaire.published", target=questionnaire_id, detail=f"version {number}", actor=actor)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise LibraryError(f"version {number} of {questionnaire_id!r} was published by someone else just now") \
            from None
    return get_version(questionnaire_id, number)


def copy_document(document, new_id, title=None):
    """A copy of any questionnaire document under `new_id` (and `title`, if given), to store as a new draft."""
    copied = copy.deepcopy(document)
    copied["id"] = new_id
    copied["version"] = 1
    if title:
        copied["title"] = title
    return copied


def blank_document(questionnaire_id, title):
    """A new questionnaire with nothing in it yet: the editor adds its pages and questions."""
    return {"id": questionnaire_id, "version": 1, "title": title, "introduction": "", "minutes": 0,
            "pages": [], "questions": [], "headlines": []}
