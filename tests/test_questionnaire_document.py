"""The questionnaire document: a JSON Schema and the engine's rules, a lossless round trip, and `validate`."""
import copy
import json
import pathlib
import sys

import pytest

from survey_engine.api import DocumentError, Questionnaire, QuestionType, load_document, questionnaire_from_file
from survey_engine.question_types import BUILTIN_TYPES

TYPES = {cls.name: cls() for cls in BUILTIN_TYPES}
FOLDER = pathlib.Path(__file__).parent.parent / "questionnaires"
BUILTINS = {"trust-survey": "trust_survey.json", "signatory-survey": "signatory_survey.json",
            "end-of-involvement": "end_of_involvement.json"}


def document(name="signatory_survey.json"):
    return json.loads((FOLDER / name).read_text())


def problems_of(doc, types=TYPES):
    with pytest.raises(DocumentError) as error:
        Questionnaire.from_dict(doc, types)
    return error.value.problems


@pytest.mark.parametrize("qid", BUILTINS)
def test_builtin_documents_round_trip(app, qid):
    registered = app.extensions["survey_engine"].questionnaire(qid)
    written = registered.to_dict()
    # The shipped file is the document, exactly as to_dict writes it.
    assert document(BUILTINS[qid]) == written
    again = Questionnaire.from_dict(json.loads(json.dumps(written)))
    assert again == registered and again.to_dict() == written


@pytest.mark.parametrize("qid", BUILTINS)
def test_show_json_validates_and_loads_to_the_same_json(app, runner, tmp_path, qid):
    shown = runner.invoke(args=["questionnaires", "show", qid, "--format", "json"])
    assert shown.exit_code == 0
    path = tmp_path / f"{qid}.json"
    path.write_text(shown.output)
    result = runner.invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 0 and result.output.startswith(f"{path}: valid ({qid} v1, ")
    loaded = questionnaire_from_file(path)
    assert json.loads(json.dumps(loaded.to_dict(TYPES))) == json.loads(shown.output)
    assert loaded == app.extensions["survey_engine"].questionnaire(qid)


def test_what_to_dict_used_to_lose_is_kept(runner):
    trust = json.loads(runner.invoke(args=["questionnaires", "show", "trust-survey", "--format", "json"]).output)
    assert trust["minutes"] == 5 and trust["organisation_kind"] == "NHS Trust"
    made_difference = next(q for q in trust["questions"] if q["key"] == "made_difference")
    assert made_difference["not_sure"] is True and made_difference["options"][-1]["value"] == "not-sure"
    end = json.loads(runner.invoke(args=["questionnaires", "show", "end-of-involvement", "--format", "json"]).output)
    assert [p["introduction"] for p in end["pages"][1:4]] == [
        "How people worked together.", "Why you were involved.", "Who was involved, and where."]
    assert end["minutes"] == 10 and end["organisation_kind"] == ""


def test_options_a_type_adds_may_be_written_or_left_out():
    doc = document()
    used = next(q for q in doc["questions"] if q["key"] == "used")
    differences = next(q for q in doc["questions"] if q["key"] == "differences")
    left_out = Questionnaire.from_dict(copy.deepcopy(doc))
    used["options"] = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
    differences["options"].append({"value": "other", "label": "Other, please specify"})
    assert Questionnaire.from_dict(doc) == left_out
    used["options"] = [{"value": "maybe", "label": "Maybe"}]
    assert problems_of(doc) == [(f"/questions/{doc['questions'].index(used)}",
                                 "question 'used': yes_no questions bring their own options")]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.pop("title"), [("", "'title' is a required property")]),
    (lambda d: d.update(version=0), [("/version", "0 is less than the minimum of 1")]),
    (lambda d: d["questions"][4]["options"][0].update(value=""), [("/questions/4/options/0/value",
                                                                   "'' should be non-empty")]),
    (lambda d: d["questions"][4]["options"][1].update(value="v" * 101), [("/questions/4/options/1/value",
                                                                          f"'{'v' * 101}' is too long")]),
    (lambda d: d["questions"][3].update(condition={"op": "eval", "question": "used"}),
     [("/questions/3/condition/op", "'eval' is not one of ['equals', 'one_of', 'any_selected', 'not', 'and', "
                                    "'or']")]),
    (lambda d: d["questions"][3].update(condition={"op": "equals", "question": "used"}),
     [("/questions/3/condition", "'value' is a required property")]),
    (lambda d: d["questions"][3].update(condition={"op": "not", "condition": {"op": "one_of", "question": "used",
                                                                               "values": []}}),
     [("/questions/3/condition/condition/values", "[] should be non-empty")]),
    (lambda d: d["headlines"][0].update(base="everyone"),
     [("/headlines/0/base", "'everyone' is not one of ['answered', 'asked', 'respondents', 'invited']")]),
    (lambda d: d["pages"][0].update(subtitle="x"),
     [("/pages/0", "Additional properties are not allowed ('subtitle' was unexpected)")]),
    (lambda d: d.update(translations={"Welsh": {}}), [("/translations", "'Welsh' does not match "
                                                                        "'^[a-z]{2,3}([_-][A-Za-z0-9]+)*$'")]),
])
def test_schema_errors_name_where_they_are(change, expected):
    doc = document()
    change(doc)
    assert problems_of(doc) == expected


def test_engine_rules_report_every_problem_with_its_pointer():
    doc = document()
    keys = [q["key"] for q in doc["questions"]]
    doc["questions"][keys.index("role")]["type"] = "colour"
    doc["questions"][keys.index("how_found")]["condition"] = {"op": "equals", "question": "used", "value": "yes"}
    doc["questions"][keys.index("used")]["scale"] = 5
    doc["headlines"][1]["question"] = "nothing"
    doc["translations"] = {"cy": {"questions": {"used": {"options": {"maybe": "Efallai"}}, "gone": {"text": "?"}}}}
    assert problems_of(doc) == [
        ("/headlines/1/question", "headline 'had used the standards in their work' names unknown question 'nothing'"),
        ("/questions/1/type", "question 'role' has unknown type 'colour'"),
        ("/questions/2/condition", "question 'how_found' has a condition on 'used', which must be a question on an "
                                   "earlier page"),
        ("/questions/3/scale", "question 'used': type yes_no has no setting 'scale'"),
        ("/translations/cy/questions/gone", "no question has key 'gone'"),
        ("/translations/cy/questions/used/options/maybe", "question 'used' has no option 'maybe'"),
    ]


def test_pages_and_questions_must_agree():
    doc = document()
    doc["pages"][0]["questions"].append("nowhere")
    doc["pages"][1]["questions"].append("organisation")
    doc["questions"].append({"key": "lost", "type": "short_text", "text": "Lost?"})
    assert problems_of(doc) == [
        ("/pages/0/questions/2", "no question has key 'nowhere'"),
        ("/pages/1/questions/1", "question 'organisation' is already on page 1"),
        (f"/questions/{len(doc['questions']) - 1}", "question 'lost' is on no page"),
    ]
    doc = document()
    doc["questions"][0], doc["questions"][1] = doc["questions"][1], doc["questions"][0]
    assert problems_of(doc) == [("/questions/0", "questions must be listed in the order their pages ask them: "
                                                 "'organisation' comes here")]
    doc = document()
    doc["questions"][1]["key"] = "organisation"
    doc["pages"][0]["questions"] = ["organisation"]
    problems = problems_of(doc)
    assert ("/questions/1/key", "question key 'organisation' is used twice") in problems


def test_a_type_declares_the_settings_its_questions_carry():
    class Scale(QuestionType):
        name = "scale"
        settings = ("lowest_label", "highest_label")

    types = {**TYPES, "scale": Scale()}
    doc = document()
    doc["questions"][1].update(type="scale", lowest_label="Not at all", highest_label="Completely")
    questionnaire = Questionnaire.from_dict(copy.deepcopy(doc), types)
    assert questionnaire.question("role").settings == {"lowest_label": "Not at all", "highest_label": "Completely"}
    assert questionnaire.to_dict() == doc and questionnaire.to_dict(types)["questions"][1] == doc["questions"][1]
    assert Questionnaire.from_dict(questionnaire.to_dict(types), types) == questionnaire
    doc["questions"][1]["colour"] = "red"
    assert problems_of(doc, types) == [("/questions/1/colour", "question 'role': type scale has no setting 'colour'")]


def test_translations_round_trip():
    doc = document()
    doc["translations"] = {"cy": {"title": "Llofnodwyr", "pages": [{"title": "Amdanoch chi"}],
                                  "questions": {"used": {"text": "Ydych chi?", "options": {"yes": "Ydw"}},
                                                "differences": {"options": {"other": "Arall"}}},
                                  "headlines": ["wedi defnyddio"]}}
    assert Questionnaire.from_dict(copy.deepcopy(doc)).to_dict() == doc


def test_load_document_registers_a_plugin_document(make_app, instance_path):
    doc = document()
    doc.update(id="volunteer-feedback", title="Volunteers")
    plugins = instance_path / "plugins"
    plugins.mkdir()
    (plugins / "volunteers.json").write_text(json.dumps(doc))
    (plugins / "volunteers.py").write_text(
        "from survey_engine.api import hookimpl, load_document\n\n"
        "QUESTIONNAIRE = load_document(__name__, 'volunteers.json')\n\n\n"
        "@hookimpl\ndef register_questionnaires():\n    return [QUESTIONNAIRE]\n")
    app = make_app()
    assert app.extensions["survey_engine"].questionnaire("volunteer-feedback").to_dict() == doc
    assert load_document("questionnaires.trust_survey", "trust_survey.json").id == "trust-survey"


def test_validate_lists_every_problem_and_exits_1(runner, tmp_path):
    doc = document()
    doc["questions"][1]["type"] = "colour"
    doc["headlines"][0]["question"] = "nothing"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    result = runner.invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: 2 problems",
        "  /headlines/0/question: headline 'came across the standards through direct contact with NSUN' names "
        "unknown question 'nothing'",
        "  /questions/1/type: question 'role' has unknown type 'colour'"]
    path.write_text('{"id": "x",')
    result = runner.invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1 and "  /: not JSON: Expecting property name enclosed in double quotes" in result.output
    other = tmp_path / "notes.txt"
    other.write_text("{}")
    result = runner.invoke(args=["questionnaires", "validate", str(other)])
    assert result.exit_code == 1 and "a questionnaire document is a .json or .xlsx file" in result.output
    result = runner.invoke(args=["questionnaires", "validate", str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_validate_says_when_it_cannot_read_spreadsheets(runner, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "survey_engine.xlsform", None)  # as if the module were not installed
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"PK")
    result = runner.invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1 and "reading .xlsx files needs survey_engine.xlsform" in result.output
