"""Previewing a questionnaire as a respondent: page by page with its conditions, answers kept in the session only."""
from conftest import post_form
from library_helpers import document
from sqlalchemy import func, select

from survey_engine.extensions import db
from survey_engine.library.actions import create_questionnaire, get_draft, publish, save_draft
from survey_engine.models import Answer, Response

PREVIEW = "/admin/questionnaires/wellbeing/preview"


def rows_stored(app):
    with app.app_context():
        return (db.session.execute(select(func.count()).select_from(Response)).scalar(),
                db.session.execute(select(func.count()).select_from(Answer)).scalar())


def start(client, url=PREVIEW):
    response = post_form(client, url)
    assert response.status_code == 302, response.get_data(True)
    return response.headers["Location"]


def test_a_preview_applies_the_conditions_and_stores_no_response(app, analyst_client):
    with app.app_context():
        create_questionnaire(document(), "ann")
    start_page = analyst_client.get(PREVIEW).get_data(True)
    assert 'id="preview-banner"' in start_page and "This is a preview" in start_page
    assert "A short check on how involvement went." in start_page
    first = start(analyst_client)
    assert first.endswith("/preview/page/1")
    page = analyst_client.get(first).get_data(True)
    assert "This is a preview" in page and "Were you involved this year?" in page and "Page 1 of 2" in page
    # Required, so refused with the respondent's error summary.
    refused = post_form(analyst_client, first, data={})
    assert refused.status_code == 200 and "There is a problem" in refused.get_data(True)
    # "No": "How did it go?" is not asked, but page 2 still has "Anything else?".
    response = post_form(analyst_client, first, data={"involved": "no"})
    assert response.headers["Location"].endswith("/preview/page/2")
    page = analyst_client.get(response.headers["Location"]).get_data(True)
    assert "Anything else?" in page and "How did it go?" not in page
    response = post_form(analyst_client, response.headers["Location"], data={"comments": "<b>fine</b>"})
    assert response.headers["Location"].endswith("/preview/check")
    check = analyst_client.get(response.headers["Location"]).get_data(True)
    assert "&lt;b&gt;fine&lt;/b&gt;" in check and "How did it go?" not in check
    assert "End of the preview" in check and "Send answers" not in check
    # Each answer's Change link goes back to the preview's page, not a survey's.
    assert f'href="{PREVIEW}/page/2?return=check#comments"' in check
    # Changing the answer to "yes" asks the conditional question.
    response = post_form(analyst_client, f"{PREVIEW}/page/1?return=check", data={"involved": "yes"})
    assert response.headers["Location"].endswith("/preview/check")
    assert analyst_client.get(response.headers["Location"]).headers["Location"].endswith("/preview/page/2")
    page = analyst_client.get(f"{PREVIEW}/page/2").get_data(True)
    assert "How did it go?" in page and "&lt;b&gt;fine&lt;/b&gt;" in page  # kept from before
    post_form(analyst_client, f"{PREVIEW}/page/2", data={"how": "well", "comments": "fine"})
    assert "Well" in analyst_client.get(f"{PREVIEW}/check").get_data(True)
    assert rows_stored(app) == (0, 0)


def test_a_version_is_previewed_as_published_and_the_draft_as_it_is_now(app, admin_client):
    with app.app_context():
        create_questionnaire(document(), "ann")
        publish("wellbeing", "ann")
        draft = get_draft("wellbeing")
        draft.document["questions"][0]["text"] = "Did you take part?"
        save_draft("wellbeing", draft.document, draft.revision, "ann", "Reworded")
    assert "Did you take part?" in admin_client.get(admin_client.get(start(admin_client)).request.path) \
        .get_data(True)
    location = start(admin_client, PREVIEW + "?version=1")
    assert location.endswith("/preview/page/1?version=1")
    page = admin_client.get(location).get_data(True)
    assert "Were you involved this year?" in page and "of version 1" in page
    assert admin_client.get(PREVIEW + "?version=9").status_code == 404
    assert admin_client.get(PREVIEW + "?version=x").status_code == 404


def test_built_in_questionnaires_preview_too(admin_client, app):
    location = start(admin_client, "/admin/questionnaires/trust-survey/preview")
    assert "Which NHS Trust do you work for?" in admin_client.get(location).get_data(True)
    assert admin_client.get("/admin/questionnaires/nothing/preview").status_code == 404
    assert rows_stored(app) == (0, 0)


def test_an_empty_draft_says_there_is_nothing_to_preview(admin_client):
    post_form(admin_client, "/admin/questionnaires/new", data={"how": "blank", "title": "Empty",
                                                               "questionnaire_id": "empty"})
    assert "Nothing to preview yet" in admin_client.get("/admin/questionnaires/empty/preview").get_data(True)
    assert admin_client.get("/admin/questionnaires/empty/preview/page/1").status_code == 404


def test_long_answers_are_shortened_so_the_session_cookie_still_fits(app, admin_client):
    """A browser drops a cookie over 4 KB, and the staff member's login with it."""
    import random
    import string

    with app.app_context():
        create_questionnaire(document(), "ann")
    first = start(admin_client)
    post_form(admin_client, first, data={"involved": "no"})
    typed = "".join(random.choices(string.ascii_letters + string.digits, k=15000))
    response = post_form(admin_client, f"{PREVIEW}/page/2", data={"comments": typed})
    assert response.headers["Location"].endswith("/preview/check")
    assert len(admin_client.get_cookie("session").value) < 4000
    check = admin_client.get(f"{PREVIEW}/check").get_data(True)
    assert typed[:200] in check and typed not in check
    assert admin_client.get("/admin/questionnaires").status_code == 200  # still logged in
