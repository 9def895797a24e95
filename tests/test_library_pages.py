"""The questionnaire library's staff pages: the list, creating (blank, copy, upload), a questionnaire's page,
publishing with its changes, and who may do what."""
import io
import json
import pathlib
import re

import openpyxl
import pytest
from conftest import post_form
from library_helpers import document
from sqlalchemy import func, select

from survey_engine.extensions import db
from survey_engine.library.actions import create_questionnaire, get_draft, publish, save_draft
from survey_engine.models import AuditEvent, StoredQuestionnaire

XLSFORMS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "xlsform"
NEW = "/admin/questionnaires/new"


def upload(client, filename, content, **fields):
    page = client.get(NEW)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(True)).group(1)
    return client.post(NEW, data={"csrf_token": token, "how": "upload", "source": "",
                                  "file": (io.BytesIO(content), filename), **fields},
                       content_type="multipart/form-data")


def stored_count(app):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(StoredQuestionnaire)).scalar()


def audit(app):
    with app.app_context():
        return [(e.action, e.target, e.actor) for e in db.session.execute(select(AuditEvent).where(
            AuditEvent.action.like("questionnaire.%")).order_by(AuditEvent.id)).scalars()]


def test_the_list_shows_every_source_and_the_surveys_using_each(app, admin_client, open_survey):
    open_survey("trust-survey", "trusts-2026")
    with app.app_context():
        create_questionnaire(document(), "ann")
    html = admin_client.get("/admin/questionnaires").get_data(True)
    for qid in ("trust-survey", "signatory-survey", "end-of-involvement", "wellbeing"):
        assert f"/admin/questionnaires/{qid}\"" in html
    assert 'href="/admin/surveys/trusts-2026"' in html
    assert "/admin/questionnaires/new?copy=trust-survey" in html  # built-ins are copied to be edited
    assert "Unpublished changes" in html
    assert "/admin/questionnaires/new?copy=wellbeing" not in html


def test_create_from_blank(app, admin_client):
    response = post_form(admin_client, NEW, data={"how": "blank", "title": "Carers 2027", "questionnaire_id": "carers",
                                                  "source": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/questionnaires/carers")
    page = admin_client.get("/admin/questionnaires/carers").get_data(True)
    assert "Carers 2027" in page and "/admin/questionnaires/carers/draft" in page
    assert "/admin/questionnaires/carers/preview" in page
    with app.app_context():
        assert get_draft("carers").document["pages"] == []
    assert audit(app) == [("questionnaire.created", "carers", "admin@example.org")]


def test_blank_needs_a_title_and_an_id_and_keeps_what_was_chosen(app, admin_client):
    response = post_form(admin_client, NEW, data={"how": "blank", "title": "", "questionnaire_id": "bad id!",
                                                  "source": ""})
    html = response.get_data(True)
    assert response.status_code == 200 and "There is a problem" in html
    assert "Use letters, digits, hyphens" in html
    assert 'value="blank" checked' in html and 'value="bad id!"' in html
    assert stored_count(app) == 0


def test_copy_a_built_in_questionnaire(app, admin_client):
    html = admin_client.get(NEW + "?copy=signatory-survey").get_data(True)
    assert 'value="copy" checked' in html and 'value="signatory-survey@1" selected' in html
    response = post_form(admin_client, NEW, data={"how": "copy", "source": "signatory-survey@1",
                                                  "questionnaire_id": "signatories-2027", "title": ""})
    assert response.status_code == 302
    with app.app_context():
        draft = get_draft("signatories-2027").document
    assert draft["title"] == "4Pi National Involvement Standards: signatories"
    assert [q["key"] for q in draft["questions"]][:2] == ["organisation", "role"]
    assert audit(app) == [("questionnaire.created", "signatories-2027", "admin@example.org")]
    with app.app_context():
        assert db.session.execute(select(AuditEvent.detail).order_by(AuditEvent.id.desc())).scalars().first() \
            == "copy of signatory-survey v1"


def test_a_copy_needs_an_id_of_its_own(app, admin_client):
    response = post_form(admin_client, NEW, data={"how": "copy", "source": "trust-survey@1",
                                                  "questionnaire_id": "signatory-survey"})
    html = response.get_data(True)
    assert response.status_code == 200 and "already used by another questionnaire" in html
    assert 'value="trust-survey@1" selected' in html and 'value="copy" checked' in html
    assert stored_count(app) == 0


def test_upload_a_json_document(app, admin_client):
    response = upload(admin_client, "wellbeing.json", json.dumps(document()).encode())
    assert response.status_code == 302, response.get_data(True)
    with app.app_context():
        assert get_draft("wellbeing").document["headlines"][0]["question"] == "involved"


def test_upload_an_xlsform_under_a_new_id(app, admin_client):
    content = (XLSFORMS / "signatory_survey.xlsx").read_bytes()
    response = upload(admin_client, "signatory_survey.xlsx", content, questionnaire_id="signatories-xls")
    assert response.status_code == 302, response.get_data(True)
    with app.app_context():
        assert get_draft("signatories-xls").document["questions"][0]["key"] == "organisation"


def test_a_broken_upload_lists_every_problem_with_where_and_saves_nothing(app, admin_client):
    broken = document()
    broken["questions"][1]["condition"]["question"] = "comments"
    broken["questions"][2]["type"] = "no-such-type"
    response = upload(admin_client, "broken.json", json.dumps(broken).encode())
    html = response.get_data(True)
    assert response.status_code == 200
    assert "/questions/1/condition" in html and "/questions/2/type" in html
    assert 'value="upload" checked' in html and "Choose the file again" in html
    response = upload(admin_client, "broken.json", b"{not json")
    assert "not JSON" in response.get_data(True)
    book = openpyxl.Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["select_one nowhere", "q1", "Pick one"])
    book.create_sheet("choices").append(["list_name", "name", "label"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title"])
    settings.append(["broken-form", 1, "Broken"])
    spreadsheet = io.BytesIO()
    book.save(spreadsheet)
    html = upload(admin_client, "form.xlsx", spreadsheet.getvalue()).get_data(True)
    assert "form.xlsx" in html and "sheet survey, row 2, column type" in html
    assert upload(admin_client, "notes.txt", b"hello").status_code == 200
    assert stored_count(app) == 0 and audit(app) == []


def test_the_publish_page_shows_the_changes_then_publishes(app, admin_client):
    with app.app_context():
        create_questionnaire(document(), "ann")
    page = admin_client.get("/admin/questionnaires/wellbeing/publish").get_data(True)
    assert "Publish the first version" in page and "Question involved added" in page
    response = post_form(admin_client, "/admin/questionnaires/wellbeing/publish", data={"revision": "1"})
    assert response.status_code == 302
    assert "Version 1 is published" in admin_client.get(response.headers["Location"]).get_data(True)
    with app.app_context():
        draft = get_draft("wellbeing")
        draft.document["questions"][2]["key"] = "anything_else"
        draft.document["pages"][1]["questions"] = ["how", "anything_else"]
        save_draft("wellbeing", draft.document, draft.revision, "ann", "Renamed comments")
    page = admin_client.get("/admin/questionnaires/wellbeing/publish").get_data(True)
    assert "What changes from version 1" in page and "Question anything_else added" in page
    assert 'id="renamed-keys"' in page and "Key comments (version 1) looks renamed to anything_else" in page
    assert "Publish version 2" in page
    # A revision other than the one shown: the draft moved on, so nothing is published.
    response = post_form(admin_client, "/admin/questionnaires/wellbeing/publish", data={"revision": "1"})
    assert response.status_code == 200 and "check them again" in response.get_data(True)
    post_form(admin_client, "/admin/questionnaires/wellbeing/publish", data={"revision": "2"})
    page = admin_client.get("/admin/questionnaires/wellbeing").get_data(True)
    assert "v2" in page and "The same as version 2" in page
    assert [a for a, _, _ in audit(app)] == ["questionnaire.created", "questionnaire.published",
                                             "questionnaire.edited", "questionnaire.published"]


def test_a_draft_that_is_not_whole_cannot_be_published(app, admin_client):
    post_form(admin_client, NEW, data={"how": "blank", "title": "Empty", "questionnaire_id": "empty"})
    page = admin_client.get("/admin/questionnaires/empty/publish").get_data(True)
    assert "cannot be published yet" in page and "Publish the first version</button>" not in page
    response = post_form(admin_client, "/admin/questionnaires/empty/publish", data={"revision": "1"})
    assert "cannot be published yet" in response.get_data(True)


def test_a_built_in_questionnaire_page_is_read_only(admin_client, open_survey):
    open_survey("trust-survey", "trusts-2026")
    html = admin_client.get("/admin/questionnaires/trust-survey").get_data(True)
    assert "read-only" in html and "Copy to edit" in html and "Edit draft" not in html
    assert "/admin/surveys/trusts-2026" in html
    assert admin_client.get("/admin/questionnaires/trust-survey/publish").status_code == 404
    assert admin_client.get("/admin/questionnaires/nothing-here").status_code == 404


def test_analysts_see_and_preview_but_change_nothing(app, analyst_client):
    with app.app_context():
        create_questionnaire(document(), "ann")
    assert analyst_client.get("/admin/questionnaires").status_code == 200
    html = analyst_client.get("/admin/questionnaires/wellbeing").get_data(True)
    assert "Preview draft" in html and "Edit draft" not in html and "/publish" not in html
    assert analyst_client.get("/admin/questionnaires/wellbeing/preview").status_code == 200
    assert analyst_client.get(NEW).status_code == 403
    assert analyst_client.get("/admin/questionnaires/wellbeing/publish").status_code == 403


@pytest.mark.parametrize("how", ["page", "cli"])
def test_creating_a_survey_offers_every_published_version(app, admin_client, runner, how):
    with app.app_context():
        create_questionnaire(document(), "ann")
        publish("wellbeing", "ann")
        draft = get_draft("wellbeing")
        draft.document["title"] = "Wellbeing check, second wave"
        save_draft("wellbeing", draft.document, draft.revision, "ann", "Retitled")
        publish("wellbeing", "ann")
    html = admin_client.get("/admin/surveys/new").get_data(True)
    assert 'value="wellbeing"' in html and "(wellbeing v2), newest" in html
    assert 'value="wellbeing@1"' in html and "Wellbeing check (wellbeing v1)" in html
    if how == "page":
        response = post_form(admin_client, "/admin/surveys/new", data={
            "questionnaire": "wellbeing@1", "slug": "first-wave", "access": "open"})
        assert response.status_code == 302, response.get_data(True)
    else:
        result = runner.invoke(args=["surveys", "create", "--questionnaire", "wellbeing", "--version", "1",
                                     "--slug", "first-wave"])
        assert result.exit_code == 0, result.output
        assert "(wellbeing v1)" in result.output
        result = runner.invoke(args=["surveys", "create", "--questionnaire", "wellbeing", "--version", "7",
                                     "--slug", "nope"])
        assert result.exit_code == 1 and "has no version 7; it has 1, 2" in result.output
        listed = runner.invoke(args=["questionnaires"]).output
        assert "wellbeing\tv2\t3 questions\tWellbeing check, second wave" in listed
        shown = runner.invoke(args=["questionnaires", "show", "wellbeing", "--version", "1", "--format", "json"])
        assert '"title": "Wellbeing check"' in shown.output
        plugins = runner.invoke(args=["plugins"]).output
        assert "survey_engine.library.plugin\n  questionnaire wellbeing v1\n  questionnaire wellbeing v2\n" in plugins
    survey_page = admin_client.get("/admin/surveys/first-wave").get_data(True)
    assert "wellbeing v1" in survey_page
    assert "first-wave" in admin_client.get("/admin/questionnaires/wellbeing").get_data(True)


def test_without_the_library_plugin_its_pages_and_link_are_gone(make_app, make_staff):
    """Published versions reach surveys only through survey_engine.library.plugin: without it, nothing to offer."""
    from conftest import csrf_token, logged_in_client

    app = make_app(DISABLED_PLUGINS=["survey_engine.library.plugin"])
    with app.app_context():
        create_questionnaire(document(), "ann")  # a draft stored before the plugin was switched off
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    dashboard = admin.get("/admin/").get_data(True)
    assert "Log out" in dashboard
    assert 'href="/admin/questionnaires"' not in dashboard
    for path in ("/admin/questionnaires", NEW, "/admin/questionnaires/trust-survey",
                 "/admin/questionnaires/trust-survey/preview", "/admin/questionnaires/wellbeing/draft",
                 "/admin/questionnaires/wellbeing/draft/details", "/admin/questionnaires/wellbeing/publish"):
        assert admin.get(path).status_code == 404, path
    token = csrf_token(dashboard)
    response = admin.post(NEW, data={"csrf_token": token, "how": "blank", "title": "Carers", "questionnaire_id":
                                     "carers", "source": ""})
    assert response.status_code == 404 and stored_count(app) == 1
    assert admin.post("/admin/questionnaires/wellbeing/publish", data={"csrf_token": token}).status_code == 404

    enabled = logged_in_client(make_app(), make_staff, "admin2@example.org", "admin")
    assert 'href="/admin/questionnaires"' in enabled.get("/admin/").get_data(True)
    assert enabled.get("/admin/questionnaires").status_code == 200
