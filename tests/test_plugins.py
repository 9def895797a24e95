"""The plugin manager: built-ins, entry points, instance-folder modules, disabling, duplicates."""
import json
import sys

import pytest

from survey_engine import create_app
from survey_engine.hookspecs import hookspec  # noqa: F401 (hookspecs import cleanly)
from survey_engine.plugins import DEFAULT_PLUGINS, PluginError

from plugin_helpers import HELLO_COMMAND_PLUGIN, write_instance_plugin

EXTRA_QUESTIONNAIRE = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire

CALLS = []

@hookimpl
def register_questionnaires():
    return [Questionnaire(id="{qid}", version=1, title="Extra", introduction="Hi",
                          pages=[Page("One", [Question("q1", "number", "How many?", minimum=0, maximum=10),
                                              Question("mail", "email", "Your email", required=False)])])]

@hookimpl
def response_submitted(survey, response):
    CALLS.append((survey.slug, response.id))
'''


def test_builtins_are_loaded(app):
    reg = app.extensions["survey_engine"]
    assert [name for name in DEFAULT_PLUGINS if reg.pm.get_plugin(name) is None] == []
    assert {"trust-survey", "signatory-survey", "end-of-involvement"} <= set(reg.questionnaires)
    assert {"yes_no", "single_choice", "multiple_choice", "agreement", "short_text", "long_text", "number",
            "email", "organisation"} <= set(reg.question_types)


def test_instance_folder_plugin_is_loaded_and_hears_submissions(make_app, instance_path):
    from conftest import Respondent

    from survey_engine.surveys import create_survey
    write_instance_plugin(instance_path, "extra", EXTRA_QUESTIONNAIRE.format(qid="extra"))
    app = make_app()
    assert "extra" in app.extensions["survey_engine"].questionnaires
    with app.app_context():
        create_survey("extra", "extra", status="open")
    client = app.test_client()
    r = Respondent(client, "extra")
    location = r.start()
    rejected = r.answer(location, {"q1": "eleven", "mail": "not-an-email"})
    html = rejected.get_data(as_text=True)
    assert 'value="eleven"' in html and 'value="not-an-email"' in html
    assert "Enter an email address in the correct format" in html
    assert "Number must be between 0 and 10" in r.answer(location, {"q1": "11"}).get_data(as_text=True)
    assert r.answer(location, {"q1": "7.5", "mail": "a@example.org"}).headers["Location"].endswith("/check")
    assert ">7.5<" in r.get("/s/extra/check").get_data(as_text=True)
    r.submit()
    r.post("/s/extra/check")
    calls = sys.modules["survey_engine_instance_plugins.extra"].CALLS
    assert calls == [("extra", 1)]  # once, however often the button is pressed


def test_disabled_plugin_is_not_loaded(make_app):
    app = make_app(DISABLED_PLUGINS=["questionnaires.end_of_involvement"])
    reg = app.extensions["survey_engine"]
    assert "end-of-involvement" not in reg.questionnaires
    assert reg.pm.get_plugin("questionnaires.end_of_involvement") is None


def test_disabled_plugins_from_environment(instance_path, database_url, monkeypatch):
    monkeypatch.setenv("SURVEY_ENGINE_DISABLED_PLUGINS", '["questionnaires.trust_survey"]')
    app = create_app({"DATABASE_URL": database_url})
    assert "trust-survey" not in app.extensions["survey_engine"].questionnaires


def test_duplicate_questionnaire_id_names_both_plugins(instance_path, database_url):
    write_instance_plugin(instance_path, "copycat", EXTRA_QUESTIONNAIRE.format(qid="trust-survey"))
    with pytest.raises(PluginError) as error:
        create_app({"DATABASE_URL": database_url})
    assert "'questionnaires.trust_survey'" in str(error.value) and "'copycat'" in str(error.value)


def test_broken_questionnaire_stops_start_up(instance_path, database_url):
    write_instance_plugin(instance_path, "broken", '''
        from survey_engine import hookimpl
        from survey_engine.questionnaire import Equals, Page, Question, Questionnaire

        @hookimpl
        def register_questionnaires():
            return [Questionnaire(id="broken", version=1, title="B", introduction="",
                                  pages=[Page("One", [Question("a", "yes_no", "A?"),
                                                      Question("b", "yes_no", "B?", condition=Equals("a", "yes"))])])]
    ''')
    with pytest.raises(PluginError, match="'b' has a condition on 'a', which must be a question on an earlier page"):
        create_app({"DATABASE_URL": database_url})


def test_entry_point_plugin(make_app, tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "se_example_plugin").mkdir(parents=True)
    (site / "se_example_plugin" / "__init__.py").write_text(EXTRA_QUESTIONNAIRE.format(qid="from-entry-point"))
    dist = site / "se_example_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: se-example-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[survey_engine]\nexample = se_example_plugin\n")
    monkeypatch.syspath_prepend(str(site))
    app = make_app()
    reg = app.extensions["survey_engine"]
    assert "from-entry-point" in reg.questionnaires
    assert reg.registered_by["example"] == ["questionnaire from-entry-point v1"]
    assert "from-entry-point" not in make_app(DISABLED_PLUGINS=["example"]).extensions["survey_engine"].questionnaires


def test_plugin_question_type(make_app, instance_path):
    write_instance_plugin(instance_path, "scale", '''
        from survey_engine import hookimpl
        from survey_engine.question_types import ChoiceType
        from survey_engine.questionnaire import Option, Page, Question, Questionnaire

        class Stars(ChoiceType):
            name = "stars"
            def options(self, question):
                return tuple(Option(str(n), "*" * n) for n in range(1, 6))
            def check(self, question):
                pass

        @hookimpl
        def register_question_types():
            return [Stars()]

        @hookimpl
        def register_questionnaires():
            return [Questionnaire(id="rated", version=1, title="Rated", introduction="",
                                  pages=[Page("One", [Question("rating", "stars", "Rate us")])])]
    ''')
    app = make_app()
    result = app.test_cli_runner().invoke(args=["questionnaires", "show", "rated", "--format", "json"])
    data = json.loads(result.output)
    assert data["questions"][0]["options"][4] == {"value": "5", "label": "*****"}
    result = app.test_cli_runner().invoke(args=["plugins"])
    assert "scale\n  question type stars\n  questionnaire rated v1" in result.output


def test_plugins_command_lists_what_each_registered(runner):
    result = runner.invoke(args=["plugins", "--format", "json"])
    plugins = {p["name"]: p["registered"] for p in json.loads(result.output)}
    assert plugins["questionnaires.trust_survey"] == ["questionnaire trust-survey v1"]
    assert "question type agreement" in plugins["survey_engine.question_types"]


def test_plugin_command(make_app, instance_path):
    write_instance_plugin(instance_path, "hello", HELLO_COMMAND_PLUGIN)
    result = make_app().test_cli_runner().invoke(args=["hello", "NSUN"])
    assert result.exit_code == 0 and result.output == "Hello NSUN from survey_engine\n"
