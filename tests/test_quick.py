from conftest import Respondent


def test_trust_survey_end_to_end(app, client, open_survey):
    slug = open_survey("trust-survey")
    r = Respondent(client, slug)
    location = r.answer_all([
        {"organisation": "Mersey Care NHS Foundation Trust", "role": "Lead"},
        {"heard_before": "yes", "how_found": "online"},
        {"used": "yes", "encouraged_colleagues": "no"},
        {"made_difference": "yes", "how_used": "Training", "difference_made": ""},
        {"more_information": "yes", "colleagues_information": "yes"},
    ])
    assert location.endswith("/check")
    page = r.get(location)
    assert b"Mersey Care" in page.data
    response = r.submit()
    assert response.headers["Location"].endswith("/done")
    assert b"Answers sent" in client.get(response.headers["Location"]).data
