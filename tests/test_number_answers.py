"""Number questions take only real, finite numbers, and say so once when given anything else."""
import textwrap

import pytest
from conftest import Respondent
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import Answer

COUNTS = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire

@hookimpl
def register_questionnaires():
    return [Questionnaire(id="counts", version=1, title="Counts", introduction="",
                          pages=[Page("One", [Question("hours", "number", "How many hours?", required=False),
                                              Question("days", "number", "How many days?", minimum=0, maximum=7,
                                                       required=False)])])]
'''


@pytest.fixture
def counts(make_app, instance_path):
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "counts.py").write_text(textwrap.dedent(COUNTS))
    app = make_app()
    from survey_engine.surveys import create_survey
    with app.app_context():
        create_survey("counts", "counts", status="open")
    client = app.test_client()
    respondent = Respondent(client, "counts")
    return app, respondent, respondent.start()


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-inf", "sNaN", "1e999", "abc", "1,5"])
def test_not_a_number_is_one_clear_error_and_is_kept(counts, typed):
    app, r, location = counts
    for field in ("hours", "days"):
        response = r.answer(location, {field: typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, html
        assert html.count('class="error-message"') == 1
        assert "Enter a number, like 12 or 7.5" in html
        assert f'id="{field}"' in html and f'value="{typed}"' in html
    with app.app_context():
        assert db.session.execute(select(Answer)).first() is None


def test_numbers_in_range_are_stored_and_out_of_range_refused(counts):
    app, r, location = counts
    html = r.answer(location, {"days": "8"}).get_data(as_text=True)
    assert "Number must be between 0 and 7" in html and html.count('class="error-message"') == 1
    response = r.answer(location, {"hours": " 12.5 ", "days": "7"})
    assert response.headers["Location"].endswith("/s/counts/check")
    with app.app_context():
        stored = dict(db.session.execute(select(Answer.question_key, Answer.number)).all())
    assert stored == {"hours": 12.5, "days": 7}


def test_import_refuses_what_the_page_refuses(counts, tmp_path):
    app, _, _ = counts
    path = tmp_path / "counts.csv"
    path.write_text("hours,days,organisation\n12.5,3,Mind\nNaN,,Mind\n1e999,,Mind\n,2," + "x" * 301 + "\n")
    result = app.test_cli_runner().invoke(args=["responses", "import", "counts", str(path)])
    assert result.exit_code != 0
    assert "line 3: hours: 'NaN' is not a number" in result.output
    assert "line 4: hours: '1e999' is not a number" in result.output
    assert "line 5: organisation: the name is longer than 300 characters" in result.output
    with app.app_context():
        assert db.session.execute(select(Answer)).first() is None
