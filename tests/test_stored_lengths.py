"""What a respondent or a plugin writes fits its database column, so PostgreSQL never refuses a page."""
import textwrap

import pytest
from conftest import Respondent
from sqlalchemy import select

from survey_engine import create_app
from survey_engine.extensions import db
from survey_engine.models import Organisation, Response
from survey_engine.plugins import PluginError


@pytest.mark.parametrize("name", ["A" * 301, "ß" * 151])  # "ß" case-folds to "ss": a 302-character key
def test_too_long_organisation_name_is_refused_and_kept(app, client, open_survey, name):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.start()
    response = r.answer(location, {"organisation": name})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a href="#organisation">Enter the name in 300 characters or fewer' in html
    assert f'value="{name}"' in html
    with app.app_context():
        assert db.session.execute(select(Organisation)).first() is None


def test_longest_organisation_name_is_stored(app, client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.start()
    assert r.answer(location, {"organisation": "  " + "A" * 300 + " "}).status_code == 302
    with app.app_context():
        response = db.session.execute(select(Response)).scalar_one()
        assert response.organisation.name == "A" * 300


PLUGIN = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire, options

@hookimpl
def register_questionnaires():
    return [Questionnaire(id="wordy", version=1, title="Wordy", introduction="",
                          pages=[Page("One", [Question({key!r}, "single_choice", "Which?",
                                                       options=options({label!r}, "Short"))])])]
'''


@pytest.mark.parametrize("key, label, error", [
    ("k" * 101, "Fine", "key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk'... is longer than 100 characters"),
    ("which", "A statement " * 9, "option value 'a-statement-a-statement-a-statement-a-st'... is longer than 100"),
])
def test_keys_and_option_values_longer_than_their_columns_stop_start_up(instance_path, database_url, key, label,
                                                                         error):
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "wordy.py").write_text(textwrap.dedent(PLUGIN.format(key=key, label=label)))
    with pytest.raises(PluginError) as raised:
        create_app({"DATABASE_URL": database_url})
    assert str(raised.value).startswith("plugin 'wordy': wordy: question ") and error in str(raised.value)


def test_contacts_import_refuses_values_longer_than_their_columns(app, tmp_path):
    from invite_helpers import cli, make_survey, write_csv

    from survey_engine.models import Contact

    slug = make_survey(app)
    path = write_csv(tmp_path / "c.csv", [["A", "a@x.example.org", "O" * 301, "NHS Trust", ""],
                                          ["B", "b@x.example.org", "Org", "k" * 101, "r" * 301],
                                          ["N" * 301, "c@x.example.org", "Org", "", ""]])
    result = cli(app, "contacts", "import", slug, path)
    assert result.exit_code == 1
    assert "line 2: organisation is longer than 300 characters" in result.output
    assert "line 3: role is longer than 300 characters; organisation_kind is longer than 100 characters" \
        in result.output
    assert "line 4: name is longer than 300 characters" in result.output
    with app.app_context():
        assert db.session.execute(select(Contact)).first() is None
