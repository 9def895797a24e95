"""A text field sent as a file part (multipart/form-data) is a form error or a 400, never a 500."""
import io

import pytest

from conftest import csrf_token

from survey_engine.extensions import db
from survey_engine.models import Survey


def as_file(text="x"):
    return (io.BytesIO(text.encode()), "field.txt")


def multipart_post(client, page, data, action=None):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(action or page, data={"csrf_token": token, **data}, content_type="multipart/form-data")


@pytest.mark.parametrize("field", ["email", "password"])
def test_login_with_a_file_for_a_text_field(app, client, make_staff, field):
    make_staff("admin@example.org", "admin")
    data = {"email": "admin@example.org", "password": "correct horse battery staple", field: as_file()}
    response = multipart_post(client, "/admin/login", data)
    assert response.status_code in (200, 400, 429), response.status_code
    assert "Enter your" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # not logged in


@pytest.mark.parametrize("field", ["slug", "questionnaire", "access"])
def test_new_survey_with_a_file_for_a_text_field(app, admin_client, field):
    data = {"questionnaire": "trust-survey", "slug": "ok", "access": "open", field: as_file("ok")}
    response = multipart_post(admin_client, "/admin/surveys/new", data)
    assert response.status_code in (200, 400), response.status_code
    assert "There is a problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Survey.slug)).scalars().all() == []


@pytest.mark.parametrize("field", ["title", "opens", "closes"])
def test_new_survey_with_a_file_for_an_optional_field(app, admin_client, field):
    data = {"questionnaire": "trust-survey", "slug": "ok", "access": "open", field: as_file("Typed title")}
    response = multipart_post(admin_client, "/admin/surveys/new", data)
    assert response.status_code in (200, 302, 400), response.status_code
    with app.app_context():
        titles = db.session.execute(db.select(Survey.title)).scalars().all()
    # A file is no value: the survey, if made, has the questionnaire's own title.
    assert "Typed title" not in titles and "<FileStorage" not in "".join(titles)


@pytest.mark.parametrize("field", ["subject", "body"])
def test_invitation_message_with_a_file_for_a_text_field(app, admin_client, open_survey, field):
    slug = open_survey("signatory-survey", "trusts", access="invite")
    page = f"/admin/surveys/{slug}/invitations/message"
    response = multipart_post(admin_client, page, {"subject": "Hi", "body": "{link}", field: as_file("{link}")})
    assert response.status_code in (200, 302, 400), response.status_code
    with app.app_context():
        survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one()
        # The file part is not read as the field's text.
        assert survey.invitation_subject in ("", None, "Hi") and survey.invitation_body in ("", None, "{link}")


def test_csrf_token_as_a_file_is_refused(app, admin_client):
    response = admin_client.post("/admin/surveys/new", content_type="multipart/form-data", data={
        "csrf_token": as_file(), "questionnaire": "trust-survey", "slug": "ok", "access": "open"})
    assert response.status_code == 400


def test_contacts_upload_still_reads_its_file(app, admin_client, open_survey):
    slug = open_survey("signatory-survey", "trusts", access="invite")
    csv = b"name,email,organisation,organisation_kind,role\nAnn,ann@a.example.org,Trust A,NHS Trust,\n"
    response = multipart_post(admin_client, f"/admin/surveys/{slug}", {"contacts": (io.BytesIO(csv), "c.csv")},
                              action=f"/admin/surveys/{slug}/contacts")
    assert response.status_code == 302
    assert "Imported 1 contacts" in admin_client.get(f"/admin/surveys/{slug}").get_data(as_text=True)


def test_a_respondent_page_with_a_file_for_an_answer(app, open_survey):
    from conftest import Respondent

    slug = open_survey("signatory-survey", "open-one")
    client = app.test_client()
    respondent = Respondent(client, slug)
    location = respondent.start()
    respondent.get(location)
    response = client.post(location, content_type="multipart/form-data",
                           data={"csrf_token": respondent.token, "organisation": as_file("Somewhere")})
    assert response.status_code in (200, 400), response.status_code


def test_a_respondent_start_and_check_with_a_file_for_the_csrf_token(app, open_survey):
    from conftest import Respondent

    slug = open_survey("signatory-survey", "open-one")
    client = app.test_client()
    start = client.post(f"/s/{slug}", content_type="multipart/form-data", data={"csrf_token": as_file()})
    assert start.status_code == 400
    Respondent(client, slug).start()
    check = client.post(f"/s/{slug}/check", content_type="multipart/form-data", data={"csrf_token": as_file()})
    assert check.status_code == 400
