"""A version published in one worker is answerable in every other worker sharing the database, with no restart:
two app instances on one database (SQLite file, or PostgreSQL with TEST_DATABASE_URL)."""
from conftest import Respondent, login, post_form
from library_helpers import document

NEW_SURVEY = "/admin/surveys/new"


def test_a_version_published_in_one_worker_is_served_by_another(make_app, make_staff):
    publisher, server = make_app(), make_app()
    make_staff("admin@example.org", "admin")
    staff_a, staff_b = publisher.test_client(), server.test_client()
    for client in (staff_a, staff_b):
        assert login(client, "admin@example.org").status_code == 302
    # Worker B has already looked its questionnaires up before anything is published.
    assert 'value="wellbeing"' not in staff_b.get(NEW_SURVEY).get_data(True)
    created = post_form(staff_a, "/admin/questionnaires/new", data={"how": "blank", "title": "Wellbeing check",
                                                                    "questionnaire_id": "wellbeing"})
    assert created.status_code == 302
    # A draft is not a version: worker B offers nothing yet.
    assert 'value="wellbeing"' not in staff_b.get(NEW_SURVEY).get_data(True)
    with publisher.app_context():
        from survey_engine.library.actions import get_draft, save_draft

        save_draft("wellbeing", document(), get_draft("wellbeing").revision, "admin@example.org", "Wrote it")
    assert post_form(staff_a, "/admin/questionnaires/wellbeing/publish", data={"revision": "2"}).status_code == 302

    # Worker B offers version 1 at once and serves it to a respondent.
    assert "Wellbeing check (wellbeing v1), newest" in staff_b.get(NEW_SURVEY).get_data(True)
    assert post_form(staff_b, NEW_SURVEY, data={"questionnaire": "wellbeing", "slug": "wave-1",
                                                "access": "open"}).status_code == 302
    assert post_form(staff_b, "/admin/surveys/wave-1", "/admin/surveys/wave-1/open").status_code == 302
    respondent = Respondent(server.test_client(), "wave-1")
    assert "Wellbeing check" in respondent.get("/s/wave-1").get_data(True)
    check = respondent.answer_all([{"involved": "yes"}, {"how": "well", "comments": ""}])
    assert check.endswith("/s/wave-1/check")
    assert respondent.submit().status_code == 302

    # Version 2, published in worker A, is offered by worker B's command line too.
    with publisher.app_context():
        draft = get_draft("wellbeing")
        draft.document["questions"][0]["text"] = "Did you take part this year?"
        save_draft("wellbeing", draft.document, draft.revision, "admin@example.org", "Reworded")
    assert post_form(staff_a, "/admin/questionnaires/wellbeing/publish", data={"revision": "3"}).status_code == 302
    result = server.test_cli_runner().invoke(args=["surveys", "create", "--questionnaire", "wellbeing",
                                                   "--slug", "wave-2", "--open"])
    assert result.exit_code == 0 and "(wellbeing v2)" in result.output, result.output
    second = Respondent(server.test_client(), "wave-2")
    assert "Did you take part this year?" in second.get(second.start()).get_data(True)
    # The first wave keeps asking version 1.
    first = Respondent(server.test_client(), "wave-1")
    assert "Were you involved this year?" in first.get(first.start()).get_data(True)
    summary = staff_b.get("/admin/surveys/wave-1/summary").get_data(True)
    assert "were involved this year" in summary


def test_an_id_a_file_takes_later_leaves_the_published_versions_out_and_says_so(make_app, instance_path):
    import json
    import logging

    from library_helpers import document

    from survey_engine.library.actions import create_questionnaire, publish
    from survey_engine.registry import registry

    first = make_app()
    with first.app_context():
        create_questionnaire(document(), "ann")
        publish("wellbeing", "ann")
    folder = instance_path / "questionnaires"
    folder.mkdir()
    (folder / "wellbeing.json").write_text(json.dumps(document(title="From a file", version=5)))
    second = make_app()
    # Its own handler: running the migrations (fileConfig) replaced the root handlers that caplog reads.
    records = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append
    second.logger.addHandler(handler)
    try:
        with second.app_context():
            assert sorted(registry().questionnaires["wellbeing"]) == [5]
            assert registry().source_of("wellbeing") == "survey_engine.questionnaire_files"
    finally:
        second.logger.removeHandler(handler)
    logged = [r.getMessage() for r in records]
    assert "plugin 'survey_engine.library.plugin': questionnaire 'wellbeing' belongs to plugin " \
           "'survey_engine.questionnaire_files'; left out" in logged
