"""The questionnaire library's actions: a draft saved by revision, conflicts said in words, immutable versions."""
import pytest
from library_helpers import document
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.library.actions import (DraftConflict, LibraryError, changes_since_last_version,
                                           create_questionnaire, get_draft, get_version, publish, save_draft,
                                           versions)
from survey_engine.models import AuditEvent, DraftRevision, StoredQuestionnaire
from survey_engine.questionnaire import DocumentError
from survey_engine.registry import registry


def audit_actions():
    return [(e.action, e.target, e.actor) for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id))
            .scalars()]


def test_create_refuses_a_broken_document_listing_every_problem_and_saves_nothing(app):
    broken = document()
    broken["questions"][1]["condition"] = {"op": "equals", "question": "comments", "value": "x"}
    broken["questions"][2]["type"] = "no-such-type"
    broken["headlines"][0]["question"] = "nobody"
    with app.app_context():
        with pytest.raises(DocumentError) as caught:
            create_questionnaire(broken, "someone")
        where = [pointer for pointer, message in caught.value.problems]
        assert "/questions/1/condition" in where and "/questions/2/type" in where
        assert "/headlines/0/question" in where
        assert db.session.execute(select(StoredQuestionnaire)).first() is None
        assert audit_actions() == []


def test_an_id_any_source_already_uses_is_refused(app):
    with app.app_context():
        with pytest.raises(DocumentError) as caught:
            create_questionnaire(document(id="trust-survey"), "someone")
        assert caught.value.problems[0][0] == "/id"
        create_questionnaire(document(), "someone")
        with pytest.raises(DocumentError):
            create_questionnaire(document(), "someone")


def test_create_then_save_bumps_the_revision_and_audits_each(app):
    with app.app_context():
        create_questionnaire(document(), "ann@example.org", how="from blank")
        draft = get_draft("wellbeing")
        assert draft.revision == 1 and draft.document["title"] == "Wellbeing check"
        changed = draft.document
        changed["title"] = "Wellbeing check 2027"
        saved = save_draft("wellbeing", changed, 1, "ann@example.org", "Changed the title")
        assert saved.revision == 2 and get_draft("wellbeing").document["title"] == "Wellbeing check 2027"
        # Saving the same document again changes nothing, so nothing is recorded.
        assert save_draft("wellbeing", changed, 2, "ann@example.org", "nothing").revision == 2
        assert audit_actions() == [("questionnaire.created", "wellbeing", "ann@example.org"),
                                   ("questionnaire.edited", "wellbeing", "ann@example.org")]
        assert get_draft("no-such") is None


def test_a_second_save_from_an_old_revision_is_refused_saying_what_changed(app):
    with app.app_context():
        create_questionnaire(document(), "ann")
        mine, theirs = get_draft("wellbeing").document, get_draft("wellbeing").document
        theirs["questions"][0]["text"] = "Did you take part this year?"
        save_draft("wellbeing", theirs, 1, "bob@example.org", "Reworded question involved")
        mine["title"] = "Mine"
        with pytest.raises(DraftConflict) as caught:
            save_draft("wellbeing", mine, 1, "ann", "Changed the title")
        conflict = caught.value
        assert any("involved reworded" in change and "Did you take part this year?" in change
                   for change in conflict.changes)
        assert any("Reworded question involved" in save and "bob@example.org" in save for save in conflict.saves)
        assert conflict.current.revision == 2
        assert get_draft("wellbeing").document["title"] == "Wellbeing check"


def test_a_draft_the_engine_would_refuse_is_never_saved(app):
    with app.app_context():
        create_questionnaire(document(), "ann")
        without = get_draft("wellbeing").document
        # Removing a question a condition and a headline use: refused, naming them.
        without["questions"] = [q for q in without["questions"] if q["key"] != "involved"]
        without["pages"] = without["pages"][1:]
        with pytest.raises(DocumentError) as caught:
            save_draft("wellbeing", without, 1, "ann", "Removed involved")
        text = str(caught.value)
        assert "/questions/0/condition" in text and "/headlines/0/question" in text
        with pytest.raises(DocumentError):
            save_draft("wellbeing", {**get_draft("wellbeing").document, "id": "other"}, 1, "ann", "Renamed")
        assert get_draft("wellbeing").revision == 1


def test_publishing_makes_versions_that_never_change_and_the_registry_serves_them(app):
    with app.app_context():
        create_questionnaire(document(), "ann")
        first = publish("wellbeing", "ann")
        assert first.version == 1 and registry().questionnaire("wellbeing").version == 1
        with pytest.raises(LibraryError, match="nothing has changed"):
            publish("wellbeing", "ann")
        draft = get_draft("wellbeing")
        assert draft.document["version"] == 2  # editing again starts the next version's draft
        draft.document["questions"][0]["text"] = "Did you take part?"
        save_draft("wellbeing", draft.document, draft.revision, "ann", "Reworded involved")
        assert get_version("wellbeing", 1).document["questions"][0]["text"] == "Were you involved this year?"
        assert registry().questionnaire("wellbeing", 1).questions[0].text == "Were you involved this year?"
        second = publish("wellbeing", "bob", expected_revision=2)
        assert second.version == 2 and [v.version for v in versions("wellbeing")] == [1, 2]
        assert registry().questionnaire("wellbeing").questions[0].text == "Did you take part?"
        assert sorted(registry().questionnaires["wellbeing"]) == [1, 2]
        assert audit_actions()[-1] == ("questionnaire.published", "wellbeing", "bob")


def test_publishing_from_a_revision_someone_has_since_changed_is_refused(app):
    with app.app_context():
        create_questionnaire(document(), "ann")
        draft = get_draft("wellbeing")
        draft.document["title"] = "Changed"
        save_draft("wellbeing", draft.document, 1, "bob", "Changed the title")
        with pytest.raises(DraftConflict):
            publish("wellbeing", "ann", expected_revision=1)
        assert versions("wellbeing") == []


def test_an_empty_draft_saves_but_cannot_be_published(app):
    with app.app_context():
        create_questionnaire({"id": "empty", "version": 1, "title": "Empty", "pages": [], "questions": []}, "ann")
        with pytest.raises(DocumentError):
            publish("empty", "ann")
        assert "empty" not in registry().questionnaires


def test_changes_since_the_last_version_in_plain_words_and_missing_keys(app):
    with app.app_context():
        create_questionnaire(document(), "ann")
        publish("wellbeing", "ann")
        changed = get_draft("wellbeing").document
        how = changed["questions"][1]
        how["options"][1]["label"] = "Not well"
        how["options"].append({"value": "mixed", "label": "Mixed"})
        how["condition"] = {"op": "one_of", "question": "involved", "values": ["yes", "not_sure"]}
        changed["questions"][0]["not_sure"] = True
        # "comments" becomes "anything_else": a renamed key.
        changed["questions"][2]["key"] = "anything_else"
        changed["questions"][2]["text"] = "Anything else to add?"
        changed["pages"][1]["questions"] = ["how", "anything_else"]
        changed["headlines"][0]["text"] = "took part this year"
        save_draft("wellbeing", changed, 1, "ann", "Several changes")
        report = changes_since_last_version("wellbeing")
        text = "\n".join(report.changes)
        assert "Question how: option “Badly” relabelled “Not well”" in text
        assert "Question how: option “Mixed” added" in text
        assert "Question how: condition changed from “involved is “yes”” to “involved is one of “yes”, " \
               "“not_sure””" in text
        assert "Question anything_else added" in text and "Question comments removed" in text
        assert "Headline “took part this year” added" in text and "Headline “were involved this year” removed" in text
        assert "Question involved: \"Not sure\" option changed" in text
        assert report.since == 1
        assert len(report.renamed_keys) == 1
        assert "comments" in report.renamed_keys[0] and "anything_else" in report.renamed_keys[0]


def test_two_saves_of_one_revision_at_once_keep_one(app):
    """The second writer of a revision hits the unique (questionnaire, revision) and is told of the conflict."""
    from sqlalchemy import event, insert

    with app.app_context():
        stored = create_questionnaire(document(), "ann")
        theirs = db.session.execute(select(DraftRevision.document)).scalar()

        def other_worker_commits_first(session):
            # Another worker's save of revision 2 commits after this save checked the revision, before it commits.
            if fired:
                return
            fired.append(True)
            with db.engine.begin() as connection:
                connection.execute(insert(DraftRevision).values(stored_id=stored.id, revision=2, document=theirs,
                                                                what="Theirs", saved_by="bob"))

        fired = []
        event.listen(db.session, "before_commit", other_worker_commits_first)
        try:
            with pytest.raises(DraftConflict) as caught:
                save_draft("wellbeing", document(title="Mine"), 1, "ann", "Mine")
        finally:
            event.remove(db.session, "before_commit", other_worker_commits_first)
        assert fired
        assert "Theirs (bob" in caught.value.saves[0]
        assert get_draft("wellbeing").document["title"] == "Wellbeing check"
        assert [e.action for e in db.session.execute(select(AuditEvent)).scalars()] == ["questionnaire.created"]
