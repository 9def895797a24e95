"""A survey whose questionnaire plugin is switched off is a clear page for respondents, never a 500."""
from conftest import Respondent


def test_survey_of_a_disabled_questionnaire(make_app, open_survey, client):
    slug = open_survey("end-of-involvement", "after-the-panel", title="After the panel", listed=True)
    Respondent(client, slug).answer_all([{"activity": "Interview panel"}])  # one respondent part-way through
    app = make_app(DISABLED_PLUGINS=["questionnaires.end_of_involvement"])
    later = app.test_client()
    for url in (f"/s/{slug}", f"/s/{slug}/page/2", f"/s/{slug}/check"):
        response = later.get(url)
        assert response.status_code == 503, url
        assert "This survey is not available at the moment" in response.get_data(as_text=True)
    # The respondent part-way through gets the same page, not a 500.
    with client.session_transaction() as session:
        started = session["responses"]
    with later.session_transaction() as session:
        session["responses"] = started
    assert later.get(f"/s/{slug}/page/2").status_code == 503
    assert "After the panel" not in later.get("/").get_data(as_text=True)
    assert "After the panel" in client.get("/").get_data(as_text=True)
