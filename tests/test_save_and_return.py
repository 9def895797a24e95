"""Save and come back later: an emailed link or a written code resumes the same response on any device, at the
first question not yet answered; "Continue" and invitation links land there too."""
import hashlib
import re
from datetime import timedelta

from conftest import Respondent
from invite_helpers import cli, make_survey, trust_contacts, write_csv
from sqlalchemy import select, text
from survey_helpers import TRUST_START

from survey_engine.extensions import db
from survey_engine.models import Response, ResumeKey, Survey
from survey_engine.models._types import utcnow
from survey_engine.resume import CODE_ALPHABET, CODE_LENGTH

CODE = re.compile(r'id="resume-code">([0-9A-Z-]+)<')
RESUME_LINK = re.compile(r"http://surveys\.test(/s/\S+/resume/\S+)")
EMAIL = "come.back@example.org"


def two_pages_then_save(app, slug, how, email=None):
    """A respondent answers pages 1 and 2, saves mid-way through page 3 and chooses `how`; returns the save page."""
    r = Respondent(app.test_client(), slug)
    location = r.start()
    location = r.answer(location, TRUST_START[0]).headers["Location"]
    location = r.answer(location, {"heard_before": "no", "how_found": "this-survey"}).headers["Location"]
    assert location.endswith("/page/3")
    # "used" is answered, "encouraged_colleagues" (required) is not: the one kept, the other asked again.
    saved = r.answer(location, {"used": "no", "save_later": "1"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/s/{slug}/save")
    choice = r.get(f"/s/{slug}/save").get_data(as_text=True)
    assert f'href="/s/{slug}/page/3" class="link">Carry on answering now' in choice
    return r, r.post(f"/s/{slug}/save", {"how": how, "email": email or ""})


def every_stored_text(app):
    """Every value of every row of every table, as one string."""
    with app.app_context():
        return repr([list(row) for table in db.metadata.sorted_tables
                     for row in db.session.execute(select(table)).all()])


def test_emailed_link_resumes_in_a_fresh_browser_at_the_first_unanswered_question(mail_app, mail, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r, sent = two_pages_then_save(mail_app, slug, "email", EMAIL)
    assert sent.status_code == 200 and "Check your email" in sent.get_data(as_text=True)
    [message] = mail.inbox.to(EMAIL)
    body = message.get_content()
    path = RESUME_LINK.search(body).group(1)
    token = path.rsplit("/", 1)[1]
    assert len(token) == 43  # 32 bytes, URL-safe base64: 256 bits
    # Stored only as a digest; the address is stored nowhere at all.
    stored = every_stored_text(mail_app)
    assert token not in stored and EMAIL not in stored
    with mail_app.app_context():
        key = db.session.execute(select(ResumeKey)).scalar_one()
        assert key.kind == "link" and key.digest == hashlib.sha256(f"link:{token}".encode()).hexdigest()

    fresh = mail_app.test_client()  # another device: no cookie at all
    opened = fresh.get(path)
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/s/{slug}/page/3")
    assert "no-store" in opened.headers["Cache-Control"] and opened.headers["Referrer-Policy"] == "no-referrer"
    page = fresh.get(opened.headers["Location"]).get_data(as_text=True)
    # The same response: page 3's saved answer is shown, and the unanswered question waits.
    assert re.search(r'name="used"\s+type="radio" value="no" checked', page)
    assert not re.search(r'name="encouraged_colleagues"\s+type="radio" value="\w+" checked', page)
    with mail_app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(Response)).scalar() == 1


def test_a_code_resumes_on_any_device_and_forgives_how_it_is_typed(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r, shown = two_pages_then_save(app, slug, "code")
    assert "no-store" in shown.headers["Cache-Control"]
    code = CODE.search(shown.get_data(as_text=True)).group(1)
    plain = code.replace("-", "")
    assert len(plain) == CODE_LENGTH and set(plain) <= set(CODE_ALPHABET) and len(CODE_ALPHABET) == 32
    assert plain not in every_stored_text(app)
    # Read back by hand: lower case, spaces instead of hyphens, O for 0 and l for 1 are all forgiven.
    typed = " ".join(plain[i:i + 4] for i in (0, 4, 8)).lower().replace("0", "o").replace("1", "l")
    other = Respondent(app.test_client(), slug)
    other.get(f"/s/{slug}/resume")
    came_back = other.post(f"/s/{slug}/resume", {"code": typed})
    assert came_back.status_code == 302 and came_back.headers["Location"].endswith(f"/s/{slug}/page/3")
    assert other.get(f"/s/{slug}/page/3").status_code == 200
    # The start page offers the code to someone with no response in this browser.
    assert f"/s/{slug}/resume" in app.test_client().get(f"/s/{slug}").get_data(as_text=True)


def test_wrong_codes_are_limited_per_address_and_per_survey_but_right_ones_never(make_app, open_survey):
    app = make_app(RESUME_CODE_LIMIT="3 per hour", RESUME_CODE_SURVEY_LIMIT="5 per hour")
    with app.app_context():
        from survey_engine.surveys import create_survey
        create_survey("trust-survey", "trusts", status="open")
    slug = "trusts"
    r, shown = two_pages_then_save(app, slug, "code")
    code = CODE.search(shown.get_data(as_text=True)).group(1)

    def attempt(address, typed):
        client = app.test_client()
        resp = Respondent(client, slug)
        resp.get(f"/s/{slug}/resume", environ_base={"REMOTE_ADDR": address})
        return resp.post(f"/s/{slug}/resume", {"code": typed}, environ_base={"REMOTE_ADDR": address})

    for _ in range(3):
        wrong = attempt("10.0.0.1", "AAAA-AAAA-AAAA")
        assert wrong.status_code == 200 and "does not match" in wrong.get_data(as_text=True)
    assert attempt("10.0.0.1", "AAAA-AAAA-AAAA").status_code == 429  # this address has had its tries
    assert attempt("10.0.0.2", code).status_code == 302  # a right code never counts
    assert attempt("10.0.0.2", "BBBB-BBBB-BBBB").status_code == 200
    assert attempt("10.0.0.3", "BBBB-BBBB-BBBB").status_code == 200
    # Five wrong codes at this survey from any addresses: a sixth address is stopped too.
    assert attempt("10.0.0.4", "CCCC-CCCC-CCCC").status_code == 429


def test_keys_last_until_the_survey_closes_and_end_when_the_answers_are_sent(mail_app, mail, open_survey):
    closes = utcnow() + timedelta(days=20)
    slug = open_survey("trust-survey", "trusts", closes_at=closes)
    r, sent = two_pages_then_save(mail_app, slug, "email", EMAIL)
    path = RESUME_LINK.search(mail.inbox.to(EMAIL)[0].get_content()).group(1)
    with mail_app.app_context():
        key = db.session.execute(select(ResumeKey)).scalar_one()
        survey = db.session.execute(select(Survey)).scalar_one()
        assert key.expires_at == survey.closes_at
    r.answer(f"/s/{slug}/page/3", {"used": "no", "encouraged_colleagues": "no"})
    r.answer(f"/s/{slug}/page/5", {"more_information": "no", "colleagues_information": "no", "comments": ""})
    assert r.submit().headers["Location"].endswith("/done")
    with mail_app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(ResumeKey)).scalar() == 0
    gone = mail_app.test_client().get(path)
    assert gone.status_code == 404 and "This link does not work" in gone.get_data(as_text=True)


def test_without_a_closing_date_keys_last_resume_max_days(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    two_pages_then_save(app, slug, "code")
    with app.app_context():
        key = db.session.execute(select(ResumeKey)).scalar_one()
        assert timedelta(days=89) < key.expires_at - utcnow() <= timedelta(days=90)


def test_expired_link_does_not_resume(mail_app, mail, open_survey):
    slug = open_survey("trust-survey", "trusts")
    two_pages_then_save(mail_app, slug, "email", EMAIL)
    path = RESUME_LINK.search(mail.inbox.to(EMAIL)[0].get_content()).group(1)
    with mail_app.app_context():
        # Issued RESUME_MAX_DAYS (90) ago and a second.
        db.session.execute(db.update(ResumeKey).values(created_at=utcnow() - timedelta(days=90, seconds=1)))
        db.session.commit()
    assert mail_app.test_client().get(path).status_code == 404


def later(monkeypatch, days):
    """Pretend `days` days have passed, for the survey's opening and closing and for resume keys."""
    when = utcnow() + timedelta(days=days)
    monkeypatch.setattr("survey_engine.resume.utcnow", lambda: when)
    monkeypatch.setattr("survey_engine.models.survey.utcnow", lambda: when)


def move_closing(app, days):
    with app.app_context():
        survey = db.session.execute(select(Survey)).scalar_one()
        survey.closes_at = utcnow() + timedelta(days=days)
        db.session.commit()


def test_keys_follow_a_closing_date_moved_later(app, open_survey, monkeypatch):
    slug = open_survey("trust-survey", "trusts", closes_at=utcnow() + timedelta(days=20))
    r, shown = two_pages_then_save(app, slug, "code")
    code = CODE.search(shown.get_data(as_text=True)).group(1)
    move_closing(app, 60)  # staff give people more time
    later(monkeypatch, 30)
    other = Respondent(app.test_client(), slug)
    other.get(f"/s/{slug}/resume")
    came_back = other.post(f"/s/{slug}/resume", {"code": code})
    assert came_back.status_code == 302 and came_back.headers["Location"].endswith(f"/s/{slug}/page/3")


def test_keys_follow_a_closing_date_moved_earlier(app, open_survey, monkeypatch):
    from survey_engine.resume import find_response
    slug = open_survey("trust-survey", "trusts", closes_at=utcnow() + timedelta(days=60))
    r, shown = two_pages_then_save(app, slug, "code")
    code = CODE.search(shown.get_data(as_text=True)).group(1)
    move_closing(app, 10)
    later(monkeypatch, 11)
    with app.test_request_context():
        survey = db.session.execute(select(Survey)).scalar_one()
        assert find_response(survey, "code", code) is None
    # Put back later still (reopened), the key works again: it is checked against the date as it is now.
    move_closing(app, 60)
    with app.test_request_context():
        survey = db.session.execute(select(Survey)).scalar_one()
        assert find_response(survey, "code", code) is not None


def test_keys_last_resume_max_days_even_when_the_survey_closes_later(app, open_survey, monkeypatch):
    slug = open_survey("trust-survey", "trusts", closes_at=utcnow() + timedelta(days=200))
    r, shown = two_pages_then_save(app, slug, "code")
    code = CODE.search(shown.get_data(as_text=True)).group(1)
    with app.app_context():
        key = db.session.execute(select(ResumeKey)).scalar_one()
        assert key.expires_at == key.created_at + timedelta(days=90)
    later(monkeypatch, 91)
    other = Respondent(app.test_client(), slug)
    other.get(f"/s/{slug}/resume")
    refused = other.post(f"/s/{slug}/resume", {"code": code})
    assert refused.status_code == 200 and "That code does not match a saved response" in refused.get_data(True)


def test_an_email_that_cannot_be_sent_says_so_and_keeps_no_key(make_app, open_survey):
    from survey_engine.testing import free_port
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DEFAULT_SENDER="s@nsun.test")
    with app.app_context():
        from survey_engine.surveys import create_survey
        create_survey("trust-survey", "trusts", status="open")
    r, page = two_pages_then_save(app, "trusts", "email", EMAIL)
    assert page.status_code == 200 and "could not send the email" in page.get_data(as_text=True)
    assert f'value="{EMAIL}"' in page.get_data(as_text=True)  # what was typed is kept
    with app.app_context():
        assert db.session.execute(select(db.func.count()).select_from(ResumeKey)).scalar() == 0


def test_save_page_checks_its_form(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r, page = two_pages_then_save(app, slug, "email", "not an address")
    assert page.status_code == 200 and "Enter an email address in the correct format" in page.get_data(as_text=True)
    # Two recipients in one To: header are not one address.
    for two in ("a,b@example.com", "a;b@example.com", "<a@example.com>", "\"a\"@example.com"):
        r, page = two_pages_then_save(app, slug, "email", two)
        assert "Enter an email address in the correct format" in page.get_data(as_text=True), two
    r.get(f"/s/{slug}/save")
    assert "Select how you want to come back" in r.post(f"/s/{slug}/save", {}).get_data(as_text=True)


def test_continue_in_the_same_browser_lands_at_the_first_unanswered_page(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r = Respondent(app.test_client(), slug)
    location = r.start()
    location = r.answer(location, TRUST_START[0]).headers["Location"]
    r.answer(location, {"heard_before": "no", "how_found": "this-survey"})
    r.get(f"/s/{slug}")
    again = r.post(f"/s/{slug}")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/s/{slug}/page/3")


def test_an_invited_contact_resumes_through_their_own_link_in_a_new_browser(mail_app, mail, tmp_path):
    slug = make_survey(mail_app, anonymity="identified")
    cli(mail_app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(mail_app, "invitations", "send", slug)
    [(rcpt, message)] = mail.inbox.messages
    link = mail.inbox.link(message)
    first = mail_app.test_client()
    first.get(link)
    r = Respondent(first, slug)
    location = r.start()
    location = r.answer(location, {"organisation": "Somewhere"}).headers["Location"]
    assert r.answer(location, {"how_found": "online"}).status_code == 302

    other = mail_app.test_client()  # a second device
    assert other.get(link).status_code == 302
    r2 = Respondent(other, slug)
    start = r2.get(f"/s/{slug}").get_data(as_text=True)
    assert "Continue" in start
    again = r2.post(f"/s/{slug}")
    assert again.headers["Location"].endswith(f"/s/{slug}/page/3")


def test_answers_saved_with_save_later_count_once(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    r, shown = two_pages_then_save(app, slug, "code")
    with app.app_context():
        rows = db.session.execute(text("SELECT question_key FROM answer ORDER BY question_key")).scalars().all()
    # Pages 1 and 2, and page 3's one valid answer; not the unanswered required question.
    assert "used" in rows and "encouraged_colleagues" not in rows


def test_an_anonymous_invitation_comes_back_by_its_link_and_a_code(mail_app, mail, tmp_path):
    from survey_engine.models import Invitation

    slug = make_survey(mail_app, anonymity="anonymous")
    cli(mail_app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(mail_app, "invitations", "send", slug)
    link = mail.inbox.link(mail.inbox.messages[0][1])
    first = mail_app.test_client()
    first.get(link)
    r = Respondent(first, slug)
    location = r.answer(r.start(), {"organisation": "Somewhere"}).headers["Location"]
    r.answer(location, {"how_found": "online", "save_later": "1"})
    r.get(f"/s/{slug}/save")
    code = CODE.search(r.post(f"/s/{slug}/save", {"how": "code"}).get_data(as_text=True)).group(1)

    # The code alone, in a browser holding no invitation, meets the invitation-only page.
    stranger = Respondent(mail_app.test_client(), slug)
    stranger.get(f"/s/{slug}/resume")
    landed = stranger.post(f"/s/{slug}/resume", {"code": code}).headers["Location"]
    assert stranger.get(landed).status_code == 403
    # Their own link first, then the code: their response, at the first page not yet answered.
    other = mail_app.test_client()
    other.get(link)
    r2 = Respondent(other, slug)
    r2.get(f"/s/{slug}/resume")
    landed = r2.post(f"/s/{slug}/resume", {"code": code}).headers["Location"]
    assert landed.endswith(f"/s/{slug}/page/3")
    r2.answer(r2.answer(landed, {"used": "no"}).headers["Location"], {})
    assert r2.submit().headers["Location"].endswith("/done")
    with mail_app.app_context():
        assert db.session.execute(select(Invitation)).scalar_one().progress == "completed"
        assert db.session.execute(select(db.func.count()).select_from(Response)).scalar() == 1


def test_a_refused_address_is_not_written_to_the_log(mail_app, mail, open_survey, caplog):
    slug = open_survey("trust-survey", "trusts")
    mail.inbox.refuse[EMAIL] = "550 5.1.1 <come.back@example.org>: no such user"
    with caplog.at_level("DEBUG"):
        r, page = two_pages_then_save(mail_app, slug, "email", EMAIL)
    assert "could not send the email" in page.get_data(as_text=True)
    # The engine's log, not the test mail server's own (aiosmtpd's "mail.log", which is not the engine's).
    engine = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "refused the recipient" in engine and EMAIL not in engine
    assert EMAIL not in every_stored_text(mail_app)
