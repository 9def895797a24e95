"""Contacts, personal links, invitation and reminder emails through a real SMTP server, and response rates."""
import csv
import json
from datetime import date, timedelta

from sqlalchemy import select

from conftest import Respondent, csrf_token
from invite_helpers import HEADER, SIGNATORY_PAGES, answer_through, cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import Contact, Invitation, InvitationToken, Organisation, OutgoingEmail, Response


def test_import_checks_every_row_and_imports_nothing_from_a_bad_file(app, tmp_path):
    slug = make_survey(app)
    assert cli(app, "contacts", "import", slug, write_csv(tmp_path / "ok.csv", [
        ["Ann", "ann@a.example.org", "Trust A", "NHS Trust", ""]])).exit_code == 0
    bad = write_csv(tmp_path / "bad.csv", [
        ["Bob", "bob@b.example.org", "Trust B", "NHS Trust", ""],
        ["No email", "", "Trust B", "NHS Trust", ""],
        ["Broken", "not-an-address", "Trust B", "", ""],
        ["No organisation", "c@c.example.org", "  ", "", ""],
        ["Bob again", "BOB@b.example.org", "Trust B", "", ""],
        ["Ann again", "Ann@A.example.org", "Trust A", "", ""],
    ])
    result = cli(app, "contacts", "import", slug, bad)
    assert result.exit_code == 1
    out = result.output
    assert "line 3: the email is missing" in out
    assert "line 4: 'not-an-address' is not an email address" in out
    assert "line 5: the organisation is missing" in out
    assert "line 6: bob@b.example.org is also on line 2" in out.replace("BOB@b.example.org", "bob@b.example.org")
    assert "line 7: Ann@a.example.org is already a contact of this survey" in out
    assert "5 rows cannot be imported, so nothing was imported" in out
    with app.app_context():
        assert db.session.execute(select(Contact.name)).scalars().all() == ["Ann"]


def test_import_rejects_unknown_columns_and_reads_xlsx(app, tmp_path):
    from openpyxl import Workbook

    slug = make_survey(app)
    result = cli(app, "contacts", "import", slug, write_csv(tmp_path / "x.csv", [["a", "b"]], header=["name", "mail"]))
    assert result.exit_code == 1 and "unknown column 'mail'" in result.output
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["Cath", "cath@c.example.org", "Leeds Trust", "NHS Trust", "Lead"])
    book.active.append(["Dev", "dev@c.example.org", " leeds  TRUST", None, None])
    book.save(tmp_path / "c.xlsx")
    result = cli(app, "contacts", "import", slug, str(tmp_path / "c.xlsx"))
    assert result.exit_code == 0, result.output
    assert "Imported 2 contacts from 1 organisation into 'trusts'." in result.output
    with app.app_context():
        assert db.session.execute(select(Organisation.name, Organisation.kind)).all() == [("Leeds Trust", "NHS Trust")]


def test_92_contacts_56_trusts_emailed_answered_reminded(mail_app, mail, tmp_path):
    app = mail_app
    slug = make_survey(app)
    result = cli(app, "contacts", "import", slug, write_csv(tmp_path / "contacts.csv", trust_contacts()))
    assert "Imported 92 contacts from 56 organisations" in result.output, result.output

    dry = cli(app, "invitations", "send", slug, "--dry-run")
    assert "Would email 92 invitations" in dry.output and mail.inbox.messages == []

    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 0, result.output
    assert "Sent 92 invitations; 0 failed." in result.output
    assert len(mail.inbox.messages) == 92
    links = {rcpt: mail.inbox.link(m) for rcpt, m in mail.inbox.messages}
    assert len(set(links.values())) == 92
    first = mail.inbox.to("person1@trust1.nhs.example.org")[0]
    assert first["From"] == "NSUN surveys <surveys@nsun.test>"
    assert first["To"] == "Person 1 <person1@trust1.nhs.example.org>"
    body = first.get_content()
    assert "Dear Person 1," in body and "Trust 1 NHS Foundation Trust" in body
    assert "NSUN surveys is inviting you" in body and "anonymous" in body

    # Sending again sends nothing: everyone has had theirs.
    again = cli(app, "invitations", "send", slug)
    assert "Sent 0 invitations" in again.output and len(mail.inbox.messages) == 92

    # 18 people from 15 Trusts answer; 2 more only start; 1 more only opens.
    completed = [f"person{i}@trust{i}.nhs.example.org" for i in range(1, 16)] + [
        "person57@trust1.nhs.example.org", "person58@trust2.nhs.example.org", "person59@trust3.nhs.example.org"]
    for address in completed:
        answer_through(app, links[address])
    answer_through(app, links["person20@trust20.nhs.example.org"], pages=SIGNATORY_PAGES[:2], submit=False)
    answer_through(app, links["person21@trust21.nhs.example.org"], pages=SIGNATORY_PAGES[:1], submit=False)
    assert app.test_client().get(links["person22@trust22.nhs.example.org"]).status_code == 302

    rates = json.loads(cli(app, "invitations", "rates", slug, "--format", "json").output)
    assert rates["survey"] == {"invited": 92, "opened": 21, "started": 20, "completed": 18, "rate": 19.6}
    trust1 = next(o for o in rates["organisations"] if o["name"] == "Trust 1 NHS Foundation Trust")
    assert trust1 == {"name": "Trust 1 NHS Foundation Trust", "kind": "NHS Trust", "invited": 2, "opened": 2,
                      "started": 2, "completed": 2, "rate": 100}
    assert len(rates["organisations"]) == 56

    summary = cli(app, "summary", slug)
    assert ("18 people from 15 NHS Trusts responded, out of 92 contacts across 56 NHS Trusts invited "
            "(20% of contacts, 27% of NHS Trusts).") in summary.output
    data = json.loads(cli(app, "summary", slug, "--format", "json").output)
    assert data["invited"] == 92
    assert data["response_rates"]["invited"] == {"contacts": 92, "organisations": 56}
    assert data["response_rates"]["rate"] == {"contacts": 20, "organisations": 27}

    result = cli(app, "invitations", "send", slug, "--reminder")
    assert "Sent 74 reminders; 0 failed." in result.output, result.output
    reminded = {rcpt for rcpt, m in mail.inbox.messages[92:]}
    assert len(reminded) == 74 and not reminded & set(completed)
    reminder = mail.inbox.messages[92][1]
    assert str(reminder["Subject"]).strip().startswith("Reminder: ")
    # The reminder's new link and the invitation's old one both work.
    new_link = mail.inbox.link(mail.inbox.to("person30@trust30.nhs.example.org")[1])
    assert new_link != links["person30@trust30.nhs.example.org"]
    assert app.test_client().get(new_link).status_code == 302
    assert app.test_client().get(links["person30@trust30.nhs.example.org"]).status_code == 302


def test_links_are_personal_secret_and_leave_the_address_bar(mail_app, mail, tmp_path):
    app = mail_app
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(3, 3)))
    cli(app, "invitations", "send", slug)
    link = mail.inbox.link(mail.inbox.messages[0][1])
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        hashes = db.session.execute(select(InvitationToken.token_hash)).scalars().all()
        # Only hashes are stored: the token itself appears nowhere in the database's token table.
        assert len(hashes) == 3 and token not in hashes and all(len(h) == 64 for h in hashes)
    client = app.test_client()
    # Without an invitation the invitation-only survey turns people away, GET and POST alike.
    refused = client.get(f"/s/{slug}")
    assert refused.status_code == 403 and "by invitation only" in refused.get_data(as_text=True)
    open_slug = make_survey(app, slug="open-one", access="open")
    token_page = client.get(f"/s/{open_slug}").get_data(as_text=True)
    assert client.post(f"/s/{slug}", data={"csrf_token": csrf_token(token_page)}).status_code == 403
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/s/{slug}/{wrong}").status_code == 404
    assert client.get(f"/s/{slug}/short").status_code == 404
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"] == f"/s/{slug}"
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    start = client.get(f"/s/{slug}")
    assert start.status_code == 200 and token not in start.get_data(as_text=True)
    assert "This survey is anonymous" in start.get_data(as_text=True)


def test_a_contact_who_has_answered_sees_their_answers_are_in(mail_app, mail, tmp_path):
    app = mail_app
    for anonymity in ("anonymous", "identified"):
        slug = make_survey(app, slug="trusts", anonymity=anonymity)
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(2, 2)))
        cli(app, "invitations", "send", slug)
        link = mail.inbox.link(mail.inbox.messages[-1][1])
        answer_through(app, link)
        # Another browser (the email opened on a phone) is told the answers are in, not given a fresh form.
        other = app.test_client()
        other.get(link)
        page = other.get(f"/s/{slug}").get_data(as_text=True)
        assert "Your answers are in" in page and "Start now" not in page
        with app.app_context():
            survey_id = db.session.execute(select(Invitation.survey_id)).scalars().first()
            db.session.execute(db.delete(Response))
            db.session.execute(db.text("DELETE FROM survey"))
            db.session.commit()
        mail.inbox.messages.clear()


def test_failed_addresses_are_marked_and_the_rest_carry_on(mail_app, mail, tmp_path):
    app = mail_app
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(5, 5)))
    mail.inbox.refuse["person2@trust2.nhs.example.org"] = "550 5.1.1 No such mailbox here"
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 1
    assert "failed: person2@trust2.nhs.example.org: 550 5.1.1 No such mailbox here" in result.output
    assert "Sent 4 invitations; 1 failed." in result.output
    assert len(mail.inbox.messages) == 4
    with app.app_context():
        contact = db.session.execute(select(Contact).filter_by(email="person2@trust2.nhs.example.org")).scalar_one()
        assert contact.invitation.last_error == "550 5.1.1 No such mailbox here"
        assert contact.invitation.sent_at is None
    # Once the address works, a rerun sends only that one.
    del mail.inbox.refuse["person2@trust2.nhs.example.org"]
    result = cli(app, "invitations", "send", slug)
    assert "Sent 1 invitation; 0 failed." in result.output
    assert [rcpt for rcpt, m in mail.inbox.messages].count("person2@trust2.nhs.example.org") == 1
    assert len(mail.inbox.messages) == 5


def test_sending_resumes_after_a_crash_without_sending_anything_twice(mail_app, mail, tmp_path):
    app = mail_app
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(6, 6)))
    # An earlier run queued everyone, got one message out, and died while handing over the second.
    with app.app_context():
        invitations = db.session.execute(select(Invitation).order_by(Invitation.id)).scalars().all()
        for invitation in invitations:
            db.session.add(OutgoingEmail(survey_id=invitation.survey_id, invitation_id=invitation.id,
                                         kind="invitation"))
        db.session.flush()
        emails = db.session.execute(select(OutgoingEmail).order_by(OutgoingEmail.id)).scalars().all()
        emails[0].state = "sent"
        emails[1].state = "sending"
        db.session.commit()
    result = cli(app, "invitations", "send", slug)
    assert "Sent 4 invitations; 0 failed. (This run finished an interrupted one.)" in result.output
    assert "1 invitation were being sent when an earlier run stopped" in result.output
    assert sorted(r for r, m in mail.inbox.messages) == [f"person{i}@trust{i}.nhs.example.org" for i in range(3, 7)]


def test_mail_server_down_is_a_clear_error_and_nothing_is_marked(make_app, tmp_path):
    from survey_engine.testing import free_port

    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DEFAULT_SENDER="s@nsun.test",
                   BASE_URL="http://surveys.test")
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(2, 2)))
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 1 and "cannot send through the mail server 127.0.0.1" in result.output
    with app.app_context():
        assert set(db.session.execute(select(OutgoingEmail.state)).scalars()) == {"queued"}


def test_custom_message_with_placeholders(mail_app, mail, tmp_path):
    app = mail_app
    closes = date.today() + timedelta(days=60)  # relative to today, so the test never outlives its closing date
    slug = make_survey(app, closes_at=closes)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", [["Ann", "ann@a.example.org", "Trust A", "", ""]]))
    body = tmp_path / "body.txt"
    body.write_text("Hello {name} of {organisation}: {link} by {closing_date}. {unknown}")
    result = cli(app, "invitations", "message", slug, "--body-file", str(body))
    assert result.exit_code == 1 and "{unknown}, which is not a placeholder" in result.output
    body.write_text("Hello {name} of {organisation}: {link} by {closing_date}. Braces {} stay.")
    result = cli(app, "invitations", "message", slug, "--subject", "Survey for {organisation}", "--body-file",
                 str(body))
    assert result.exit_code == 0, result.output
    cli(app, "invitations", "send", slug)
    message = mail.inbox.messages[0][1]
    assert str(message["Subject"]).strip() == "Survey for Trust A"
    assert message.get_content().startswith("Hello Ann of Trust A: http://surveys.test/s/trusts/")
    assert f"by {closes.day} {closes:%B %Y}. Braces {{}} stay." in message.get_content()


def test_export_writes_working_links_safe_for_spreadsheets(app, tmp_path):
    app.config["BASE_URL"] = "http://surveys.test"
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", [
        ["=HYPERLINK(\"http://x\")", "ann@a.example.org", "Trust A", "", ""], ["Bo", "bo@b.example.org", "+Trust B", "", ""]]))
    out = tmp_path / "links.csv"
    result = cli(app, "invitations", "export", slug, "--output", str(out))
    assert result.exit_code == 0 and "Wrote 2 links" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["name", "email", "organisation", "link"]
    assert rows[0]["name"] == "'=HYPERLINK(\"http://x\")" and rows[1]["organisation"] == "'+Trust B"
    path = rows[1]["link"].removeprefix("http://surveys.test")
    assert app.test_client().get(path).status_code == 302
    rates = json.loads(cli(app, "invitations", "rates", slug, "--format", "json").output)
    assert rates["survey"]["invited"] == 2


def test_open_surveys_still_start_without_a_link(app, client):
    slug = make_survey(app, access="open")
    Respondent(client, slug).start()


def test_guessing_tokens_is_slowed_but_opening_your_own_link_never_is(make_app, mail, tmp_path):
    app = make_app(INVITATION_LINK_LIMIT="3 per minute", **mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(app, "invitations", "send", slug)
    link = mail.inbox.link(mail.inbox.messages[0][1])
    client = app.test_client()
    for _ in range(5):
        assert client.get(link).status_code == 302
    for i in range(3):
        assert client.get(f"/s/{slug}/{'x' * 42}{i}").status_code == 404
    assert client.get(f"/s/{slug}/{'x' * 43}").status_code == 429


def test_staff_pages_upload_send_remind_and_show_rates(make_app, mail, make_staff, tmp_path):
    from conftest import login, post_form

    app = make_app(**mail.config)
    make_staff("admin@example.org", "admin")
    admin = app.test_client()
    assert login(admin, "admin@example.org").status_code == 302
    slug = make_survey(app)
    page = f"/admin/surveys/{slug}"
    bad = write_csv(tmp_path / "bad.csv", [["Ann", "nope", "Trust A", "", ""]])
    with open(bad, "rb") as f:
        response = post_form(admin, page, f"{page}/contacts", data={"contacts": (f, "bad.csv")})
    assert response.status_code == 400 and "Line 2: &#39;nope&#39; is not an email address" in response.get_data(True)
    good = write_csv(tmp_path / "good.csv", trust_contacts(6, 4))
    with open(good, "rb") as f:
        response = post_form(admin, page, f"{page}/contacts", data={"contacts": (f, "good.csv")})
    assert response.status_code == 302
    mail.inbox.refuse["person6@trust2.nhs.example.org"] = "550 5.1.1 Unknown user"
    response = post_form(admin, page, f"{page}/invitations/send", data={"kind": "invitation"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Sent 5, failed 1." in html and "550 5.1.1 Unknown user" in html
    answer_through(app, mail.inbox.link(mail.inbox.to("person1@trust1.nhs.example.org")[0]))
    response = post_form(admin, page, f"{page}/invitations/send", data={"kind": "reminder"}, follow_redirects=True)
    assert "Sent 4, failed 0." in response.get_data(as_text=True)
    html = admin.get(page).get_data(as_text=True)
    assert 'id="response-rates"' in html and "Trust 1 NHS Foundation Trust" in html
    export = post_form(admin, page, f"{page}/invitations/export")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert export.get_data(as_text=True).count("http://surveys.test/s/trusts/") == 6
    audit = admin.get("/admin/audit").get_data(as_text=True)
    for action in ("contacts.imported", "invitations.sent", "invitations.reminded", "invitations.exported"):
        assert action in audit


def test_workbook_organisations_sheet_gains_invited_and_rates(make_app, mail, tmp_path):
    from openpyxl import load_workbook

    app = make_app(SUMMARY_SUPPRESS_BELOW=2, **mail.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(6, 3)))
    cli(app, "invitations", "send", slug)
    for address in ("person1@trust1.nhs.example.org", "person4@trust1.nhs.example.org",
                    "person2@trust2.nhs.example.org"):
        answer_through(app, mail.inbox.link(mail.inbox.to(address)[0]),
                       pages=[{"organisation": "Trust 1 NHS Foundation Trust" if "trust1" in address
                               else "Trust 2 NHS Foundation Trust"}] + SIGNATORY_PAGES[1:])
    out = tmp_path / "w.xlsx"
    result = cli(app, "export", slug, "--output", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Organisations"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Organisation", "Kind", "People who responded", "Invited", "Opened", "Started", "Completed",
                       "Response rate"]
    assert rows[1] == ["Trust 1 NHS Foundation Trust", "NHS Trust", 2, 2, 2, 2, 2, 1]
    assert rows[2] == ["Trust 2 NHS Foundation Trust", "NHS Trust", "fewer than 2", 2] + ["fewer than 2"] * 4
    assert rows[3] == ["Trust 3 NHS Foundation Trust", "NHS Trust", "fewer than 2", 2] + ["fewer than 2"] * 4
