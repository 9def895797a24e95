"""Closing a survey, erasing a contact and deleting a response each ask first: a page says what will happen."""
import html as htmllib
import re

from sqlalchemy import select

from conftest import csrf_token
from invite_helpers import cli, make_survey, trust_contacts, write_csv
from invite_helpers import invite_and_answer

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Contact, Response, Survey


def page_text(response):
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def confirm_form(response, action):
    """The confirmation page's form: it POSTs to `action` with a red button, and a cancel link goes back."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    form = re.search(r'<form method="post" action="%s"[^>]*>(.*?)</form>' % re.escape(action), html, re.S)
    assert form, html
    assert "button--warning" in form.group(1)
    assert re.search(r'<a href="[^"]*"[^>]*>Cancel', form.group(1)) or re.search(r'<a [^>]*>Cancel', html)
    return form.group(1)


def audit_count(app, action):
    with app.app_context():
        return len(db.session.execute(select(AuditEvent).filter_by(action=action)).scalars().all())


def test_closing_a_survey_asks_first(app, admin_client, open_survey):
    slug = open_survey("trust-survey", "trusts-2026")
    survey_page = admin_client.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    # The survey page's Close is a link to the confirmation page, not a one-click form.
    assert f'href="/admin/surveys/{slug}/close"' in survey_page
    assert f'action="/admin/surveys/{slug}/close"' not in survey_page
    assert f'href="/admin/surveys/{slug}/close"' in admin_client.get("/admin/").get_data(as_text=True)

    confirm = admin_client.get(f"/admin/surveys/{slug}/close")
    form = confirm_form(confirm, f"/admin/surveys/{slug}/close")
    text = page_text(confirm)
    assert "Are you sure you want to close" in text and "Trusts" in text
    assert "submitted responses are kept" in text.lower()
    assert f'href="/admin/surveys/{slug}"' in confirm.get_data(as_text=True)  # cancel
    with app.app_context():
        assert db.session.execute(select(Survey.status).filter_by(slug=slug)).scalar_one() == "open"
    assert audit_count(app, "survey.closed") == 0

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    done = admin_client.post(f"/admin/surveys/{slug}/close", data={"csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"] == f"/admin/surveys/{slug}"
    with app.app_context():
        assert db.session.execute(select(Survey.status).filter_by(slug=slug)).scalar_one() == "closed"
    assert audit_count(app, "survey.closed") == 1
    # Closed already: the page has nothing to confirm.
    assert admin_client.get(f"/admin/surveys/{slug}/close").status_code == 302


def test_erasing_a_contact_asks_first(make_app, mail, make_staff, tmp_path):
    from conftest import logged_in_client

    app = make_app(**mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(2, 2)))
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    with app.app_context():
        contact_id = db.session.execute(select(Contact.id).filter_by(name="Person 1")).scalar_one()
    survey_page = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    confirm_url = f"/admin/surveys/{slug}/contacts/erase?contact_id={contact_id}"
    assert f'href="{confirm_url}"' in survey_page.replace("&amp;", "&")
    assert f'action="/admin/surveys/{slug}/contacts/erase"' not in survey_page

    confirm = admin.get(confirm_url)
    form = confirm_form(confirm, f"/admin/surveys/{slug}/contacts/erase")
    text = page_text(confirm)
    assert "Person 1" in text and "person1@trust1.nhs.example.org" in text
    assert "cannot be undone" in text and "answers" in text
    assert f'value="{contact_id}"' in form
    with app.app_context():
        assert db.session.get(Contact, contact_id).email == "person1@trust1.nhs.example.org"

    admin.post(f"/admin/surveys/{slug}/contacts/erase",
               data={"csrf_token": csrf_token(form), "contact_id": str(contact_id)})
    with app.app_context():
        assert db.session.get(Contact, contact_id).email is None
    assert audit_count(app, "contact.erased") == 1
    # Erased already, or not this survey's contact, or no number: nothing to confirm.
    assert admin.get(confirm_url).status_code == 404
    assert admin.get(f"/admin/surveys/{slug}/contacts/erase?contact_id={'9' * 5000}").status_code == 404
    assert admin.get(f"/admin/surveys/{slug}/contacts/erase").status_code == 404


def test_deleting_a_response_asks_first(make_app, mail, make_staff, tmp_path):
    from conftest import logged_in_client

    app = make_app(**mail.config)
    slug = invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1,))
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    with app.app_context():
        response_id = db.session.execute(select(Response.id)).scalar_one()
    survey_page = admin.get(f"/admin/surveys/{slug}").get_data(as_text=True)
    # The typed number goes to the confirmation page first.
    assert re.search(r'<form method="get" action="/admin/surveys/%s/responses/delete"' % slug, survey_page)

    confirm = admin.get(f"/admin/surveys/{slug}/responses/delete?response_id={response_id}")
    form = confirm_form(confirm, f"/admin/surveys/{slug}/responses/delete")
    text = page_text(confirm)
    assert f"Are you sure you want to delete response {response_id}" in text
    assert "submitted" in text and "cannot be undone" in text
    with app.app_context():
        assert db.session.get(Response, response_id) is not None

    admin.post(f"/admin/surveys/{slug}/responses/delete",
               data={"csrf_token": csrf_token(form), "response_id": str(response_id)})
    with app.app_context():
        assert db.session.get(Response, response_id) is None
    assert audit_count(app, "response.deleted") == 1

    # A wrong number is said on the survey page, as the POST says it.
    for wrong, message in [(str(response_id), f"This survey has no response {response_id}"),
                           ("abc", "Enter the number of the response to delete"),
                           ("9" * 5000, "Enter the number of the response to delete")]:
        answer = admin.get(f"/admin/surveys/{slug}/responses/delete?response_id={wrong}", follow_redirects=True)
        assert answer.status_code == 200 and message in answer.get_data(as_text=True)


def test_analysts_see_no_confirmation_pages(app, analyst_client, open_survey):
    slug = open_survey("trust-survey", "trusts-2026")
    for url in [f"/admin/surveys/{slug}/close", f"/admin/surveys/{slug}/contacts/erase?contact_id=1",
                f"/admin/surveys/{slug}/responses/delete?response_id=1"]:
        assert analyst_client.get(url).status_code == 403, url
