"""Each invitations action, from the command line and from the staff page: the same audit entry, the same result."""
import io
import pathlib

import pytest
from sqlalchemy import select

from conftest import logged_in_client, post_form
from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Contact, Survey

ADMIN = "admin@example.org"


@pytest.fixture
def sides(make_app, mail, make_staff, tmp_path):
    """(app, admin client, contacts file): one survey driven from the command line, one from the staff page."""
    app = make_app(**mail.config)
    make_survey(app, slug="by-cli")
    make_survey(app, slug="by-page")
    folder = tmp_path / "from-somewhere"
    folder.mkdir()
    return app, logged_in_client(app, make_staff, ADMIN, "admin"), write_csv(folder / "contacts.csv",
                                                                             trust_contacts(3, 2))


def entries(app, slug, action):
    """(actor, action, target, detail) of `slug`'s entries for `action`, the survey's own names made general."""
    with app.app_context():
        ids = {str(i): "ID" for i in db.session.execute(
            select(Contact.id).join(Survey).where(Survey.slug == slug)).scalars()}
        rows = db.session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
                                  .where(AuditEvent.action == action, AuditEvent.target.startswith(slug))
                                  .order_by(AuditEvent.id)).all()
    general = []
    for actor, name, target, detail in rows:
        words = target.replace(slug, "SLUG").split(" ")
        general.append((actor, name, " ".join(ids.get(w, w) for w in words), detail))
    return general


def same_entry(app, action):
    """The one entry each front end wrote for `action`: identical but for who acted."""
    by_cli, by_page = entries(app, "by-cli", action), entries(app, "by-page", action)
    assert len(by_cli) == 1 and len(by_page) == 1, (by_cli, by_page)
    assert by_cli[0][0] == "command line" and by_page[0][0] == ADMIN
    assert by_cli[0][1:] == by_page[0][1:], (by_cli, by_page)
    return by_cli[0][1:]


def upload(admin, slug, path):
    page = f"/admin/surveys/{slug}"
    return post_form(admin, page, f"{page}/contacts", content_type="multipart/form-data",
                     data={"contacts": (io.BytesIO(pathlib.Path(path).read_bytes()), "contacts.csv")})


def import_both(app, admin, path):
    assert cli(app, "contacts", "import", "by-cli", path).exit_code == 0
    assert upload(admin, "by-page", path).status_code == 302


def test_importing_contacts(sides):
    app, admin, path = sides
    import_both(app, admin, path)
    # The file's name, not the folder it was read from on the command line.
    assert same_entry(app, "contacts.imported") == ("contacts.imported", "SLUG", "3 contacts from contacts.csv")


def test_a_file_with_a_wrong_row_is_not_recorded_from_either(sides, tmp_path):
    app, admin, _ = sides
    bad = write_csv(tmp_path / "bad.csv", [["Ann", "not-an-address", "Trust A", "", ""]])
    assert cli(app, "contacts", "import", "by-cli", bad).exit_code == 1
    assert upload(admin, "by-page", bad).status_code == 400
    assert entries(app, "by-cli", "contacts.imported") == entries(app, "by-page", "contacts.imported") == []


def test_erasing_a_contact(sides):
    app, admin, path = sides
    import_both(app, admin, path)
    assert cli(app, "contacts", "erase", "by-cli", "person1@trust1.nhs.example.org").exit_code == 0
    with app.app_context():
        first = db.session.execute(select(Contact.id).join(Survey).where(Survey.slug == "by-page")
                                   .order_by(Contact.id)).scalars().first()
    page = "/admin/surveys/by-page"
    assert post_form(admin, page, f"{page}/contacts/erase", data={"contact_id": str(first)}).status_code == 302
    assert same_entry(app, "contact.erased") == ("contact.erased", "SLUG contact ID", "name, email and role erased")
    with app.app_context():
        erased = db.session.execute(select(Survey.slug, Contact.email).join(Survey)
                                    .where(Contact.erased_at.is_not(None)).order_by(Survey.slug)).all()
    assert erased == [("by-cli", None), ("by-page", None)]


def test_setting_the_message_with_a_body_of_only_spaces(sides, tmp_path):
    app, admin, _ = sides
    body = tmp_path / "body.txt"
    body.write_text("   \n  \n", encoding="utf-8")
    assert cli(app, "invitations", "message", "by-cli", "--subject", " Hello {name} ", "--body-file",
               str(body)).exit_code == 0
    page = "/admin/surveys/by-page/invitations/message"
    assert post_form(admin, page, data={"subject": " Hello {name} ", "body": "   \r\n  \r\n"}).status_code == 302
    assert same_entry(app, "invitations.message") == ("invitations.message", "SLUG", "custom")
    with app.app_context():
        saved = db.session.execute(select(Survey.slug, Survey.invitation_subject, Survey.invitation_body)
                                   .order_by(Survey.slug)).all()
    # A body of nothing but spaces is the default body, whichever front end set it.
    assert saved == [("by-cli", "Hello {name}", ""), ("by-page", "Hello {name}", "")]


def test_a_wrong_placeholder_is_refused_by_both_and_recorded_by_neither(sides, tmp_path):
    app, admin, _ = sides
    refused = cli(app, "invitations", "message", "by-cli", "--subject", "For {trust}")
    assert refused.exit_code == 1 and "{trust}, which is not a placeholder" in refused.output
    page = "/admin/surveys/by-page/invitations/message"
    assert post_form(admin, page, data={"subject": "For {trust}", "body": ""}).status_code == 400
    assert entries(app, "by-cli", "invitations.message") == entries(app, "by-page", "invitations.message") == []


@pytest.mark.parametrize("kind, action", [("invitation", "invitations.sent"), ("reminder", "invitations.reminded")])
def test_sending_and_reminding(sides, mail, kind, action):
    app, admin, path = sides
    import_both(app, admin, path)
    assert cli(app, "invitations", "send", "by-cli").exit_code == 0
    if kind == "reminder":
        assert cli(app, "invitations", "send", "by-page").exit_code == 0
        assert cli(app, "invitations", "send", "by-cli", "--reminder").exit_code == 0
    page = "/admin/surveys/by-page"
    assert post_form(admin, page, f"{page}/invitations/send", data={"kind": kind}).status_code == 302
    assert same_entry(app, action) == (action, "SLUG", "3 sent, 0 failed")
    assert len(mail.inbox.messages) == (6 if kind == "invitation" else 12)


def test_exporting_links(sides, tmp_path):
    app, admin, path = sides
    import_both(app, admin, path)
    assert cli(app, "invitations", "export", "by-cli", "--output", str(tmp_path / "links.csv")).exit_code == 0
    page = "/admin/surveys/by-page"
    exported = post_form(admin, page, f"{page}/invitations/export")
    assert exported.status_code == 200 and exported.get_data(as_text=True).count("/s/by-page/") == 3
    assert same_entry(app, "invitations.exported") == ("invitations.exported", "SLUG", "3 links")
