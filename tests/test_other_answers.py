""""Other, please specify": its box and its tick must agree, so nothing typed there is dropped unseen."""
from conftest import Respondent
from sqlalchemy import select

from survey_engine.extensions import db
from survey_engine.models import Answer


def at_differences(client, open_survey):
    slug = open_survey("signatory-survey")
    r = Respondent(client, slug)
    return r, r.answer_all([{"organisation": "ReCoCo"}, {"how_found": "nsun"}, {"used": "yes"}])


def test_text_in_the_other_box_without_the_tick_is_refused_and_kept(app, client, open_survey):
    r, location = at_differences(client, open_survey)
    response = r.answer(location, {"differences": ["quality"], "differences__other": "Built a <peer> network"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ('<a href="#differences__other">Select “Other, please specify” to keep this answer, or clear the box'
            in html)
    assert 'id="differences__other-error"' in html and 'aria-describedby="differences__other-error"' in html
    assert 'value="Built a &lt;peer&gt; network"' in html and 'value="quality" checked' in html
    with app.app_context():
        assert db.session.execute(select(Answer).filter_by(question_key="differences")).first() is None
    # Ticking "Other" keeps the text.
    r.answer(location, {"differences": ["quality", "other"], "differences__other": "Built a <peer> network"})
    with app.app_context():
        rows = db.session.execute(select(Answer.value, Answer.text).filter_by(question_key="differences")).all()
    assert sorted(rows, key=str) == sorted([("quality", None), ("other", "Built a <peer> network")], key=str)


def test_other_ticked_with_an_empty_box_points_at_the_box(client, open_survey):
    r, location = at_differences(client, open_survey)
    html = r.answer(location, {"differences": ["other"], "differences__other": "  "}).get_data(as_text=True)
    assert '<a href="#differences__other">Say what the other answer is</a>' in html
    assert 'value="other" checked' in html
