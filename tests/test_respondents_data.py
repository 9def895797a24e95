"""Respondents' data: anonymity that holds against the whole database, erasure, deletion and retention."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import inspect, select

from invite_helpers import cli, invite_and_answer, make_survey

from survey_engine.extensions import db
from survey_engine.models import Answer, Contact, Invitation, InvitationToken, OutgoingEmail, Response, Survey


def rows(model):
    """Every row of a table as a dict of its columns."""
    columns = [c.key for c in inspect(model).column_attrs]
    return [{c: getattr(obj, c) for c in columns} for obj in db.session.execute(select(model)).scalars()]


def test_an_anonymous_survey_cannot_be_joined_to_its_contacts(mail_app, mail, tmp_path):
    app = mail_app
    invite_and_answer(app, mail, tmp_path, "anonymous")
    with app.app_context():
        responses, answers = rows(Response), rows(Answer)
        invitations = rows(Invitation)
        tokens, emails, contacts = rows(InvitationToken), rows(OutgoingEmail), rows(Contact)
        assert len(responses) == 4
        # No column on either side points to the other.
        assert not [c for c in inspect(Response).columns.keys() if "contact" in c or "invitation" in c]
        assert all(i["response_id"] is None for i in invitations)
        # The invitation side holds no time of what the contact did...
        assert all(i["opened_at"] is None and i["started_at"] is None and i["completed_at"] is None
                   for i in invitations)
        # ...and the completed invitations, their tokens and emails differ in nothing but whose they are:
        # an attacker holding the whole database can tell who responded, never which response is whose.
        done = [i for i in invitations if i["progress"] == "completed"]
        assert len(done) == 4

        def shape(row, *personal):
            return {k: v for k, v in row.items() if k not in ("id", *personal)}
        assert len({repr(shape(i, "contact_id")) for i in done}) == 1
        done_ids = {i["id"] for i in done}
        assert len({repr(shape(t, "invitation_id", "token_hash")) for t in tokens
                    if t["invitation_id"] in done_ids}) == 1
        assert len({repr(shape(e, "invitation_id")) for e in emails if e["invitation_id"] in done_ids}) == 1
        assert answers and len(contacts) == 8


def test_an_identified_survey_links_each_response_to_its_contact(mail_app, mail, tmp_path):
    app = mail_app
    invite_and_answer(app, mail, tmp_path, "identified", answering=(2,))
    with app.app_context():
        invitation = db.session.execute(select(Invitation).where(Invitation.progress == "completed")).scalar_one()
        response = db.session.get(Response, invitation.response_id)
        assert invitation.contact.email == "person2@trust2.nhs.example.org"
        assert invitation.completed_at == response.submitted_at and invitation.opened_at is not None
        assert db.session.execute(select(Answer.text).where(Answer.response_id == response.id,
                                                            Answer.question_key == "organisation")).scalar() \
            == "Org 2"


def test_anonymity_is_shown_first_and_cannot_be_weakened_once_responses_exist(mail_app, mail, tmp_path):
    app = mail_app
    slug = invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1,))
    result = cli(app, "surveys", "privacy", slug, "--anonymity", "identified")
    assert result.exit_code == 1 and "already has responses given anonymously" in result.output
    with app.app_context():
        assert db.session.execute(select(Survey.anonymity)).scalar_one() == "anonymous"
    # Strengthening is always allowed, and cuts the links an identified survey had made.
    slug2 = make_survey(app, slug="ident", anonymity="identified", access="open")
    start = app.test_client().get(f"/s/{slug2}").get_data(as_text=True)
    assert "This survey is not anonymous" in start
    assert cli(app, "surveys", "privacy", slug2, "--anonymity", "anonymous", "--retention-days", "30").exit_code == 0
    page = app.test_client().get(f"/s/{slug2}").get_data(as_text=True)
    assert "This survey is not anonymous" not in page


def test_strengthening_to_anonymous_unlinks_existing_responses(mail_app, mail, tmp_path):
    app = mail_app
    slug = invite_and_answer(app, mail, tmp_path, "identified", answering=(1, 2))
    assert cli(app, "surveys", "privacy", slug, "--anonymity", "anonymous").exit_code == 0
    with app.app_context():
        for invitation in db.session.execute(select(Invitation)).scalars():
            assert invitation.response_id is None and invitation.completed_at is None


def test_erase_a_contact_keeps_answers_and_rates(mail_app, mail, tmp_path):
    app = mail_app
    slug = invite_and_answer(app, mail, tmp_path, "identified", answering=(1,))
    link = mail.inbox.link(mail.inbox.to("person1@trust1.nhs.example.org")[0])
    result = cli(app, "contacts", "erase", slug, "PERSON1@trust1.nhs.example.org")
    assert result.exit_code == 0, result.output
    with app.app_context():
        contact = db.session.execute(select(Contact).where(Contact.erased_at.is_not(None))).scalar_one()
        assert (contact.name, contact.email, contact.role) == ("", None, "")
        assert contact.invitation.progress == "completed"
        assert db.session.execute(select(Response.status)).scalars().all() == ["submitted"]
    assert app.test_client().get(link).status_code == 404
    assert '"completed": 1' in cli(app, "invitations", "rates", slug, "--format", "json").output


def test_delete_one_response(mail_app, mail, tmp_path):
    app = mail_app
    slug = invite_and_answer(app, mail, tmp_path, "identified", answering=(1, 2))
    with app.app_context():
        response_id = db.session.execute(select(Response.id).order_by(Response.id)).scalars().first()
    assert cli(app, "responses", "delete", slug, "999").exit_code == 1
    result = cli(app, "responses", "delete", slug, str(response_id))
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Response, response_id) is None
        assert db.session.execute(select(Answer).where(Answer.response_id == response_id)).first() is None
        assert len(db.session.execute(select(Response)).all()) == 1


def test_retention_apply_erases_only_surveys_past_their_period(mail_app, mail, tmp_path):
    app = mail_app
    slug = invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1,))
    assert "No survey is past its retention period" in cli(app, "retention", "apply").output
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        survey.status = "closed"
        assert survey.closed_at is not None
        survey.closed_at = datetime.now(timezone.utc) - timedelta(days=survey.retention_days - 1)
        db.session.commit()
    assert "No survey is past" in cli(app, "retention", "apply").output
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=slug)).scalar_one()
        survey.closed_at = datetime.now(timezone.utc) - timedelta(days=survey.retention_days + 1)
        db.session.commit()
    assert "Would erase 8 contacts of 'trusts'" in cli(app, "retention", "apply", "--dry-run").output
    assert "Erased 8 contacts of 'trusts'" in cli(app, "retention", "apply").output
    with app.app_context():
        assert db.session.execute(select(Contact.email).where(Contact.email.is_not(None))).first() is None
        assert db.session.execute(select(Response.status)).scalars().all() == ["submitted"]
    assert "No survey is past" in cli(app, "retention", "apply").output


def test_admin_erases_deletes_and_changes_privacy_from_the_survey_page(make_app, mail, make_staff, tmp_path):
    from conftest import login, post_form

    app = make_app(**mail.config)
    slug = invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1,))
    make_staff("admin@example.org", "admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    page = f"/admin/surveys/{slug}"
    with app.app_context():
        contact_id = db.session.execute(select(Contact.id).order_by(Contact.id)).scalars().first()
        response_id = db.session.execute(select(Response.id)).scalar_one()
    html = post_form(admin, f"{page}/settings", data={"anonymity": "identified", "retention_days": "30",
                                                      "listed": "no"}).get_data(as_text=True)
    assert "already has responses given anonymously" in html
    assert post_form(admin, page, f"{page}/contacts/erase", data={"contact_id": str(contact_id)}).status_code == 302
    assert post_form(admin, page, f"{page}/responses/delete", data={"response_id": str(response_id)}).status_code == 302
    with app.app_context():
        assert db.session.get(Contact, contact_id).email is None
        assert db.session.get(Response, response_id) is None
    audit = admin.get("/admin/audit").get_data(as_text=True)
    assert "contact.erased" in audit and "response.deleted" in audit
    # The command line's erasures are in the audit log too.
    assert cli(app, "contacts", "erase", slug, "person2@trust2.nhs.example.org").exit_code == 0
    assert admin.get("/admin/audit").get_data(as_text=True).count("contact.erased") == 2
