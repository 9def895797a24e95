"""Questionnaire files in instance/questionnaires/: loaded at start-up, answered, summarised, exported; broken
files are reported and left out while everything else keeps working; a survey keeps its version."""
import json
import logging

import openpyxl
from survey_helpers import TRUST_PAGES, respond

from survey_engine.testing import Respondent

#: A questionnaire as a document, in the shape `survey-engine questionnaires show ID --format json` prints.
WELLBEING = {
    "id": "wellbeing-check",
    "version": 1,
    "title": "Wellbeing check",
    "introduction": "A few questions about how your involvement is going.",
    "pages": [{"title": "Your team", "questions": ["team", "visits"]},
              {"title": "How you feel", "questions": ["feeling", "why"]}],
    "questions": [
        {"key": "team", "type": "single_choice", "text": "Which team are you in?", "hint": "", "required": True,
         "condition": None, "options": [{"value": "north", "label": "North"}, {"value": "south", "label": "South"}]},
        {"key": "visits", "type": "number", "text": "How many meetings have you been to?", "hint": "",
         "required": True, "condition": None, "options": [], "minimum": 0, "maximum": 50},
        {"key": "feeling", "type": "yes_no", "text": "Is your involvement going well?", "hint": "",
         "required": True, "condition": None, "options": []},
        {"key": "why", "type": "long_text", "text": "Tell us more", "hint": "", "required": False,
         "condition": None, "options": []},
    ],
    "headlines": [{"text": "said their involvement was going well", "question": "feeling", "values": ["yes"],
                   "base": "answered"}],
}
WELLBEING_PAGES = [{"team": "north", "visits": "3"}, {"feeling": "yes", "why": "=SUM(A1)"}]


def drop(instance_path, filename, content):
    """Put a file into the instance's questionnaires folder: a dict as JSON, a str as it is."""
    folder = instance_path / "questionnaires"
    folder.mkdir(exist_ok=True)
    text = json.dumps(content, indent=2) if isinstance(content, dict) else content
    (folder / filename).write_text(text, encoding="utf-8")
    return folder / filename


def listing(app):
    result = app.test_cli_runner().invoke(args=["questionnaires"])
    assert result.exit_code == 0, result.output
    return result.output


def create(app, questionnaire_id, slug):
    result = app.test_cli_runner().invoke(args=["surveys", "create", "--questionnaire", questionnaire_id,
                                                "--slug", slug, "--open"])
    assert result.exit_code == 0, result.output


def survey_versions(app):
    rows = json.loads(app.test_cli_runner().invoke(args=["surveys", "list", "--format", "json"]).output)
    return {row["slug"]: row["version"] for row in rows}


def invalid_entries(output):
    """{file name: [problems]} of the files `survey-engine questionnaires` lists as invalid."""
    entries, current = {}, None
    for line in output.splitlines():
        if "\tinvalid" in line:
            current = entries.setdefault(line.split("\t")[0].rsplit("/", 1)[-1], [])
        elif line.startswith("  - ") and current is not None:
            current.append(line[4:])
    return entries


def test_a_json_file_dropped_into_the_instance_is_answered_summarised_and_exported(make_app, instance_path,
                                                                                     tmp_path):
    assert "wellbeing-check" not in listing(make_app())
    drop(instance_path, "wellbeing.json", WELLBEING)
    app = make_app()  # a restart reads the folder again
    assert "wellbeing-check\tv1\t4 questions\tWellbeing check" in listing(app)
    create(app, "wellbeing-check", "wellbeing")
    respond(app, "wellbeing", WELLBEING_PAGES)
    respond(app, "wellbeing", [{"team": "south", "visits": "7"}, {"feeling": "no"}])

    runner = app.test_cli_runner()
    summary = json.loads(runner.invoke(args=["summary", "wellbeing", "--format", "json"]).output)
    questions = {q["key"]: q for q in summary["questions"]}
    assert {o["value"]: o["count"] for o in questions["team"]["options"]} == {"north": 1, "south": 1}
    assert questions["visits"]["number"]["mean"] == 5.0
    text = runner.invoke(args=["summary", "wellbeing"]).output
    assert "said their involvement was going well" in text

    path = tmp_path / "wellbeing.xlsx"
    result = runner.invoke(args=["export", "wellbeing", "--output", str(path)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path)["Responses"]
    rows = list(sheet.iter_rows(values_only=True))
    columns = rows[0]
    answered = sorted((row[columns.index("team")], row[columns.index("visits")], row[columns.index("feeling")])
                      for row in rows[1:])
    assert answered == [("North", 3, "Yes"), ("South", 7, "No")]
    comments = [row for row in openpyxl.load_workbook(path)["Comments"].iter_rows(values_only=True)]
    assert any("=SUM(A1)" in row for row in comments)  # typed text stays a plain string


def test_broken_files_are_reported_with_their_problems_and_the_rest_keep_working(make_app, instance_path,
                                                                                  caplog):
    drop(instance_path, "wellbeing.json", WELLBEING)
    drop(instance_path, "bad-json.json", '{"id": "half-written", "version": 1,')
    drop(instance_path, "no-version.json", {**WELLBEING, "id": "no-version", "version": "first"})
    slider = dict(WELLBEING["questions"][1], type="slider")
    questions = [WELLBEING["questions"][0], slider] + WELLBEING["questions"][2:]
    drop(instance_path, "unknown-type.json", {**WELLBEING, "id": "unknown-type", "questions": questions})
    drop(instance_path, "notes.txt", "not a questionnaire, and not read")
    with caplog.at_level(logging.ERROR):
        app = make_app()

    output = listing(app)
    invalid = invalid_entries(output)
    assert sorted(invalid) == ["bad-json.json", "no-version.json", "unknown-type.json"]
    assert "JSON" in invalid["bad-json.json"][0]
    assert any("version" in problem for problem in invalid["no-version.json"])
    assert any("slider" in problem for problem in invalid["unknown-type.json"])
    listed = [line.split("\t")[0] for line in output.splitlines() if "\tv" in line]
    assert listed == ["end-of-involvement", "signatory-survey", "trust-survey", "wellbeing-check"]
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    for name in invalid:
        assert any(name in message for message in logged), (name, logged)

    # Everything else works: the good file and the built-ins are listed and answered.
    assert "wellbeing-check\tv1" in output and "trust-survey\tv1" in output
    create(app, "trust-survey", "trusts")
    respond(app, "trusts", TRUST_PAGES)
    create(app, "wellbeing-check", "wellbeing")
    respond(app, "wellbeing", WELLBEING_PAGES)
    result = app.test_cli_runner().invoke(args=["surveys", "create", "--questionnaire", "unknown-type",
                                                "--slug", "nope"])
    assert result.exit_code != 0


def test_two_files_with_one_id_and_version_are_reported_naming_both(make_app, instance_path):
    drop(instance_path, "wellbeing.json", WELLBEING)
    drop(instance_path, "wellbeing-copy.json", {**WELLBEING, "title": "Wellbeing check (copy)"})
    drop(instance_path, "wellbeing-v2.json", {**WELLBEING, "version": 2})
    app = make_app()

    output = listing(app)
    invalid = invalid_entries(output)
    assert sorted(invalid) == ["wellbeing-copy.json", "wellbeing.json"]
    for problems in invalid.values():
        assert any("wellbeing.json" in p and "wellbeing-copy.json" in p and "version 1" in p for p in problems)
    # Neither copy of v1 is used; the file with a version of its own is.
    assert "wellbeing-check\tv2" in output
    assert app.extensions["survey_engine"].questionnaires["wellbeing-check"].keys() == {2}


def test_a_file_cannot_take_over_a_plugins_questionnaire(make_app, instance_path):
    drop(instance_path, "trust.json", {**WELLBEING, "id": "trust-survey", "version": 2})
    app = make_app()
    invalid = invalid_entries(listing(app))
    assert list(invalid) == ["trust.json"]
    assert "questionnaires.trust_survey" in invalid["trust.json"][0]
    assert app.extensions["survey_engine"].questionnaire("trust-survey").title != WELLBEING["title"]


def test_a_file_may_use_a_question_type_a_plugin_registers(make_app, instance_path):
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "postcodes.py").write_text(
        "from survey_engine.api import QuestionType, hookimpl\n\n\n"
        "class PostcodeType(QuestionType):\n    name = 'postcode'\n\n\n"
        "@hookimpl\ndef register_question_types():\n    return [PostcodeType()]\n", encoding="utf-8")
    postcode = {"key": "postcode", "type": "postcode", "text": "What is your postcode?", "hint": "",
                "required": True, "condition": None, "options": []}
    drop(instance_path, "postcodes.json", {**WELLBEING, "id": "postcodes", "questions": WELLBEING["questions"] + [
        postcode], "pages": WELLBEING["pages"] + [{"title": "Where you live", "questions": ["postcode"]}]})
    app = make_app()
    output = listing(app)
    assert "postcodes\tv1\t5 questions" in output and "invalid" not in output
    create(app, "postcodes", "postcodes")
    respond(app, "postcodes", WELLBEING_PAGES + [{"postcode": "LS1 4AP"}])


def test_a_survey_keeps_the_version_it_was_created_with_after_a_new_version_arrives(make_app, instance_path):
    from survey_engine.extensions import db
    from survey_engine.models import Response, Survey

    drop(instance_path, "wellbeing-1.json", WELLBEING)
    app = make_app()
    create(app, "wellbeing-check", "wave-1")
    early = Respondent(app.test_client(), "wave-1")
    location = early.start()  # part-way through when the new version arrives

    second = json.loads(json.dumps(WELLBEING))
    second["version"] = 2
    second["questions"][0]["text"] = "Which area do you live in?"
    drop(instance_path, "wellbeing-2.json", second)
    app = make_app()
    assert "wellbeing-check\tv2" in listing(app)
    create(app, "wellbeing-check", "wave-2")
    assert survey_versions(app) == {"wave-1": 1, "wave-2": 2}

    # The early respondent carries on, after the restart, with the version their survey was created with.
    browser = app.test_client()
    browser.set_cookie("session", early.client.get_cookie("session").value)
    early.client, early.token = browser, None
    html = early.get(location).get_data(as_text=True)
    assert "Which team are you in?" in html and "Which area do you live in?" not in html
    for data in WELLBEING_PAGES:
        response = early.answer(location, data)
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
    assert early.submit().headers["Location"].endswith("/done")
    respond(app, "wave-1", WELLBEING_PAGES)

    newcomer = Respondent(app.test_client(), "wave-2")
    assert "Which area do you live in?" in newcomer.get(newcomer.start()).get_data(as_text=True)
    with app.app_context():
        answered = sorted(db.session.execute(db.select(Survey.slug, Response.questionnaire_version, Response.status)
                                             .join(Response.survey)).all())
    assert [(slug, version) for slug, version, status in answered] == [("wave-1", 1), ("wave-1", 1), ("wave-2", 2)]


def test_an_xlsform_file_in_the_instance_is_answered_summarised_and_exported(make_app, instance_path, tmp_path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (("type", "name", "label", "required"),
                ("select_one teams", "team", "Which team are you in?", "yes"),
                ("integer", "visits", "How many meetings have you been to?", "yes")):
        survey.append(row)
    choices = book.create_sheet("choices")
    for row in (("list_name", "name", "label"), ("teams", "north", "North"), ("teams", "south", "South")):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(("form_id", "version", "form_title"))
    settings.append(("team-check", 1, "Team check"))
    (instance_path / "questionnaires").mkdir()
    book.save(instance_path / "questionnaires" / "team-check.xlsx")

    app = make_app()
    output = listing(app)
    assert "team-check\tv1" in output and "invalid" not in output
    create(app, "team-check", "teams")
    respond(app, "teams", [{"team": "north", "visits": "2"}])
    summary = json.loads(app.test_cli_runner().invoke(args=["summary", "teams", "--format", "json"]).output)
    team = next(q for q in summary["questions"] if q["key"] == "team")
    assert {o["value"]: o["count"] for o in team["options"]} == {"north": 1, "south": 0}
    exported = tmp_path / "teams.xlsx"
    result = app.test_cli_runner().invoke(args=["export", "teams", "--output", str(exported)])
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(exported, read_only=True)["Responses"].iter_rows(values_only=True))
    header = rows[0]
    assert [(row[header.index("team")], row[header.index("visits")]) for row in rows[1:]] == [("North", 2)]

    broken = openpyxl.load_workbook(instance_path / "questionnaires" / "team-check.xlsx")
    broken["survey"].append(("begin repeat", "visits_each", "Each visit", ""))
    broken["settings"]["A2"] = "team-repeat"
    broken.save(instance_path / "questionnaires" / "team-repeat.xlsx")
    invalid = invalid_entries(listing(make_app()))
    assert list(invalid) == ["team-repeat.xlsx"]
    assert any("repeat" in problem and "survey" in problem for problem in invalid["team-repeat.xlsx"])
