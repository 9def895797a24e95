"""A plugin that stops start-up, or a database never set up, makes the command say why in one line."""
import os
import subprocess
import sys
import textwrap

COPYCAT = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire

@hookimpl
def register_questionnaires():
    return [Questionnaire(id="trust-survey", version=2, title="Copy", introduction="",
                          pages=[Page("One", [Question("q", "short_text", "Q?")])])]
'''


def test_duplicate_questionnaire_is_a_one_line_error(instance_path):
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "copycat.py").write_text(textwrap.dedent(COPYCAT))
    for args in (["surveys", "list"], ["--help"]):
        result = subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], capture_output=True, text=True,
                                env=dict(os.environ))
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.strip() == ("Error: register_questionnaires: 'trust-survey' is registered by both plugin "
                                         "'copycat' and plugin 'questionnaires.trust_survey'")


def test_fresh_database_says_run_init_db(instance_path, database_url):
    env = dict(os.environ, SURVEY_ENGINE_DATABASE_URL=database_url)
    for args in (["surveys", "list"], ["surveys", "create", "--questionnaire", "trust-survey", "--slug", "t"]):
        result = subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], capture_output=True, text=True,
                                env=env)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.strip() == ("Error: the database has no tables yet: run `survey-engine init-db` "
                                         "(or `survey-engine demo`) first")
    subprocess.run([sys.executable, "-m", "survey_engine.cli", "init-db"], env=env, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-m", "survey_engine.cli", "surveys", "list"], capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0 and result.stdout.startswith("No surveys yet")


def test_unusable_database_is_a_one_line_error(instance_path, tmp_path):
    env = dict(os.environ, SURVEY_ENGINE_DATABASE_URL=f"sqlite:///{tmp_path}/no/such/folder/db.sqlite")
    for args in (["surveys", "list"], ["init-db"]):
        result = subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], capture_output=True, text=True,
                                env=env)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.strip() == "Error: the database cannot be reached: unable to open database file"
