"""A run that stops half-way: its audit entry says what it sent, and the contacts it left unconfirmed are named
with what to do, on the command line and the staff page, until someone settles them."""
import pytest
from sqlalchemy import select, text

from conftest import login, post_form
from survey_engine.testing import Inbox, MailServer
from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.invitations.sending import send
from survey_engine.models import AuditEvent, Contact, Invitation, OutgoingEmail
from survey_engine.surveys import get_survey


class DroppingInbox(Inbox):
    """Accepts messages, but hangs up in the middle of message number `drop_at` (counting from 1), once."""

    def __init__(self, drop_at):
        super().__init__()
        self.drop_at, self.seen = drop_at, 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.seen == self.drop_at:
            server.transport.close()  # the connection drops before the server says whether it took the message
            return "421 closing"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def dropping():
    server = MailServer()
    server.inbox = server.controller.handler = DroppingInbox(drop_at=3)
    with server:
        yield server


def audit(app, action="invitations.sent"):
    with app.app_context():
        return db.session.execute(select(AuditEvent.detail).filter_by(action=action)
                                  .order_by(AuditEvent.id)).scalars().all()


def test_a_run_cut_off_by_the_mail_server_is_audited_and_names_who_is_unconfirmed(make_app, dropping, tmp_path):
    app = make_app(**dropping.config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(6, 6)))
    result = cli(app, "invitations", "send", slug)
    assert result.exit_code == 1 and "the mail server stopped answering" in result.output, result.output
    assert len(dropping.inbox.messages) == 2
    [detail] = audit(app)
    assert detail.startswith("2 sent, 0 failed before the run stopped: the mail server stopped answering")
    assert "person3" not in detail  # the audit log outlives an erasure, so it holds no address
    # Named, with what to do, every time someone sends.
    for output in (result.output, cli(app, "invitations", "send", slug).output,
                   cli(app, "invitations", "send", slug, "--dry-run").output):
        assert "1 message may or may not have been delivered" in output, output
        assert "invitation to Person 3 <person3@trust3.nhs.example.org>\tTrust 3 NHS Foundation Trust" in output
        assert f"survey-engine invitations resend {slug} --contact EMAIL" in output
        assert f"survey-engine invitations mark-delivered {slug} --contact EMAIL" in output
    assert len(dropping.inbox.messages) == 5  # the second run sent the rest, and not Person 3's again
    assert audit(app)[1:] == ["3 sent, 0 failed"]

    wrong = cli(app, "invitations", "resend", slug, "--contact", "person1@trust1.nhs.example.org")
    assert wrong.exit_code == 1 and "no message to person1@trust1.nhs.example.org is waiting to be confirmed" in \
        wrong.output
    resent = cli(app, "invitations", "resend", slug, "--contact", "PERSON3@trust3.nhs.example.org")
    assert resent.exit_code == 0, resent.output
    assert "Sent 1 invitation again; 0 failed." in resent.output
    assert [m for m in dropping.inbox.to("person3@trust3.nhs.example.org")]
    assert "may or may not" not in cli(app, "invitations", "send", slug).output
    assert "invitations.settled" in [a for a, in db_actions(app)]
    # Person 3 is now like everyone else: reminded with the rest.
    reminded = cli(app, "invitations", "send", slug, "--reminder")
    assert "Sent 6 reminders" in reminded.output, reminded.output


def db_actions(app):
    with app.app_context():
        return db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_a_run_stopped_by_an_error_after_two_messages_audits_them_as_it_goes(make_app, tmp_path):
    with MailServer() as mail:
        app = make_app(**mail.config)
        slug = make_survey(app)
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(5, 5)))
        seen = []

        def crash_after_two(email):
            seen.append(email)
            # What another connection can read now is what a run killed outright (kill -9) would leave.
            with db.engine.connect() as other:
                seen.append(other.execute(text(
                    "SELECT detail FROM audit_event WHERE action = 'invitations.sent'")).scalar_one())
            if len(seen) == 4:
                raise KeyboardInterrupt
        with app.app_context():
            with pytest.raises(KeyboardInterrupt):
                send(get_survey(slug), progress=crash_after_two)
        assert seen[1::2] == ["1 sent, 0 failed so far: the run had not finished",
                              "2 sent, 0 failed so far: the run had not finished"]
        assert audit(app) == ["2 sent, 0 failed before the run stopped: KeyboardInterrupt"]
        assert len(mail.inbox.messages) == 2


def test_staff_see_unconfirmed_contacts_and_settle_them(make_app, make_staff, tmp_path):
    with MailServer() as mail:
        app = make_app(**mail.config)
        slug = make_survey(app)
        cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(3, 3)))
        with app.app_context():  # a run died handing over Person 1's and Person 2's invitations
            for invitation in db.session.execute(select(Invitation).order_by(Invitation.id).limit(2)).scalars():
                db.session.add(OutgoingEmail(survey_id=invitation.survey_id, invitation_id=invitation.id,
                                             kind="invitation", state="sending"))
            db.session.commit()
            ids = dict(db.session.execute(select(Contact.email, Contact.id)).all())
        make_staff("admin@example.org", "admin")
        admin = app.test_client()
        login(admin, "admin@example.org")
        page = f"/admin/surveys/{slug}"
        html = admin.get(page).get_data(as_text=True)
        assert "2 messages may or may not have been delivered" in html
        assert "Person 1" in html and "person2@trust2.nhs.example.org" in html
        assert f"survey-engine invitations resend {slug} --contact EMAIL" in html
        done = post_form(admin, page, f"{page}/invitations/unconfirmed", follow_redirects=True, data={
            "contact_id": ids["person1@trust1.nhs.example.org"], "outcome": "failed"}).get_data(as_text=True)
        assert "invitation is marked not delivered: &#34;Send invitations&#34; sends it again" in done or \
            "invitation is marked not delivered: &quot;Send invitations&quot; sends it again" in done
        post_form(admin, page, f"{page}/invitations/unconfirmed", data={
            "contact_id": ids["person2@trust2.nhs.example.org"], "outcome": "sent"})
        assert "may or may not have been delivered" not in admin.get(page).get_data(as_text=True)
        sent = post_form(admin, page, f"{page}/invitations/send", data={"kind": "invitation"}, follow_redirects=True)
        assert "Sent 2, failed 0." in sent.get_data(as_text=True)
        assert sorted(r for r, _ in mail.inbox.messages) == ["person1@trust1.nhs.example.org",
                                                             "person3@trust3.nhs.example.org"]
        reminded = post_form(admin, page, f"{page}/invitations/send", data={"kind": "reminder"}, follow_redirects=True)
        assert "Sent 3, failed 0." in reminded.get_data(as_text=True)  # Person 2, marked delivered, is reminded
        assert post_form(admin, page, f"{page}/invitations/unconfirmed", data={
            "contact_id": ids["person3@trust3.nhs.example.org"], "outcome": "sent"}, follow_redirects=True) \
            .status_code == 200
        with app.app_context():
            actions = db.session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail)
                                         .filter_by(action="invitations.settled")).all()
        assert actions == [("admin@example.org", "invitations.settled",
                            f"1 unconfirmed marked not delivered: contact {ids['person1@trust1.nhs.example.org']}"),
                           ("admin@example.org", "invitations.settled",
                            f"1 unconfirmed marked delivered: contact {ids['person2@trust2.nhs.example.org']}")]
