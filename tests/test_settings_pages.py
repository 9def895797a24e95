"""Staff set a survey's own settings on one page, and the site's (name, logo, defaults) on /admin/settings: each
change audited, every typed value kept when something is wrong, and what they set reaches pages and emails."""
import io
import struct
import zlib

from conftest import csrf_token, post_form
from invite_helpers import cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Survey
from survey_engine.site import MAX_LOGO_BYTES


def text(response):
    return response.get_data(as_text=True)


def png(width=2, height=1):
    """A real, tiny PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SETTINGS = {"description": "What Trusts do with the standards.", "privacy_notice": "To hold Trusts to account.",
            "privacy_contact": "privacy@nsun.example", "support_message": "Call us on 0800 000 0000.",
            "next_steps": "We publish in the spring.", "closes": "2027-01-31", "listed": "yes",
            "anonymity": "anonymous", "retention_days": "90"}


def audit(app, action):
    with app.app_context():
        return [(e.target, e.detail, e.actor) for e in db.session.execute(
            db.select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)).scalars()]


def test_admins_change_a_surveys_settings_on_one_page(app, admin_client, client, open_survey):
    slug = open_survey("trust-survey", "trusts")
    page = admin_client.get(f"/admin/surveys/{slug}")
    assert f'href="/admin/surveys/{slug}/settings#support_message"' in text(page)
    response = post_form(admin_client, f"/admin/surveys/{slug}/settings", data=SETTINGS)
    assert response.status_code == 302, text(response)
    with app.app_context():
        survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one()
        assert survey.listed and survey.retention_days == 90
        assert survey.closing_phrase == "the end of 31 January 2027 (UK time)"
        assert (survey.description, survey.privacy_contact, survey.next_steps) == (
            "What Trusts do with the standards.", "privacy@nsun.example", "We publish in the spring.")
    [(target, detail, actor)] = audit(app, "survey.settings")
    assert target == slug and actor == "admin@example.org"
    assert detail == ("changed: description, privacy_notice, privacy_contact, support_message, next_steps, "
                      "listed, closes 2027-01-31")
    assert audit(app, "survey.retention") == [(slug, "90 days", "admin@example.org")]
    start = text(client.get(f"/s/{slug}"))
    assert "What Trusts do with the standards." in start and "Call us on 0800 000 0000." in start
    assert "To hold Trusts to account." in start and "mailto:privacy@nsun.example" in start
    assert "Trusts 2026" not in text(client.get("/")) and "/s/trusts" in text(client.get("/"))
    # Saving again unchanged records nothing more.
    post_form(admin_client, f"/admin/surveys/{slug}/settings", data=SETTINGS)
    assert len(audit(app, "survey.settings")) == 1


def test_the_form_shows_the_current_settings(admin_client, open_survey):
    slug = open_survey("trust-survey", "trusts", support_message="Our line: 0800 1", listed=True)
    html = text(admin_client.get(f"/admin/surveys/{slug}/settings"))
    assert ">Our line: 0800 1</textarea>" in html
    assert 'id="listed-1" name="listed" type="radio" value="yes" checked' in html
    assert 'name="retention_days" type="number" value="365"' in html


def test_errors_keep_everything_typed_and_save_nothing(app, admin_client, open_survey, client):
    slug = open_survey("trust-survey", "trusts")
    from conftest import Respondent
    Respondent(client, slug).answer_all([{"organisation": "Somewhere", "role": "Lead"}])  # a response exists
    typed = {**SETTINGS, "support_message": "<kept & typed>", "anonymity": "identified", "retention_days": "90",
             "next_steps": "x" * 2001}
    response = post_form(admin_client, f"/admin/surveys/{slug}/settings", data=typed)
    html = text(response)
    assert response.status_code == 200 and "There is a problem" in html
    assert "already has responses given anonymously" in html  # anonymity cannot be weakened
    assert "Enter at most 2000 characters" in html
    assert "&lt;kept &amp; typed&gt;</textarea>" in html and 'value="2027-01-31"' in html
    assert 'value="identified" checked' in html
    with app.app_context():
        survey = db.session.execute(db.select(Survey).filter_by(slug=slug)).scalar_one()
        assert survey.support_message == "" and survey.retention_days == 365 and survey.closes_at is None
    assert audit(app, "survey.settings") == []
    bad_number = post_form(admin_client, f"/admin/surveys/{slug}/settings",
                           data={**SETTINGS, "retention_days": "ninety"})
    assert "Enter the retention period as a number of days" in text(bad_number) or \
        "Not a valid integer value" in text(bad_number)
    assert 'value="ninety"' in text(bad_number)


def test_a_closing_date_set_with_a_time_survives_saving_other_settings(app, admin_client, runner):
    from datetime import datetime
    from survey_engine.surveys import create_survey
    with app.app_context():
        create_survey("trust-survey", "timed", status="open", closes_at=datetime(2027, 1, 31, 17, 0))
    page = text(admin_client.get("/admin/surveys/timed/settings"))
    assert 'value="2027-01-31"' in page
    post_form(admin_client, "/admin/surveys/timed/settings", data={**SETTINGS, "closes": "2027-01-31"})
    with app.app_context():
        assert db.session.execute(db.select(Survey).filter_by(slug="timed")).scalar_one().closing_phrase == \
            "17:00 on 31 January 2027 (UK time)"
    post_form(admin_client, "/admin/surveys/timed/settings", data={**SETTINGS, "closes": ""})
    with app.app_context():
        assert db.session.execute(db.select(Survey).filter_by(slug="timed")).scalar_one().closes_at is None


def test_analysts_see_settings_but_cannot_change_them(analyst_client, open_survey):
    slug = open_survey("trust-survey", "trusts")
    page = text(analyst_client.get(f"/admin/surveys/{slug}"))
    assert "Support message" in page and f"/admin/surveys/{slug}/settings" not in page
    assert analyst_client.get(f"/admin/surveys/{slug}/settings").status_code == 403
    assert analyst_client.get("/admin/settings").status_code == 403


def test_site_settings_name_the_organisation_everywhere(app, admin_client, client, open_survey):
    slug = open_survey("trust-survey", "trusts")
    response = post_form(admin_client, "/admin/settings", data={
        "organisation_name": "National Survivor User Network", "logo_alt": "",
        "privacy_contact": "dpo@nsun.example", "support_message": "Ring NSUN on 0800 111."})
    assert response.status_code == 302, text(response)
    start = text(client.get(f"/s/{slug}"))
    assert 'class="header__name">National Survivor User Network</a>' in start
    assert "National Survivor User Network holds your answers" in start
    assert "mailto:dpo@nsun.example" in start and "Ring NSUN on 0800 111." in start
    assert "Run by National Survivor User Network." in start
    [(target, detail, actor)] = audit(app, "site.settings")
    assert detail == "changed: organisation_name, privacy_contact, support_message" and actor == "admin@example.org"
    assert ">Ring NSUN on 0800 111.</textarea>" in text(admin_client.get("/admin/settings"))


def test_invitation_emails_name_the_organisation(make_app, mail, tmp_path):
    config = {**mail.config, "MAIL_DEFAULT_SENDER": "surveys@nsun.test"}  # an address without a display name
    app = make_app(**config)
    slug = make_survey(app)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    from survey_engine.site import change_site_settings
    with app.app_context():
        change_site_settings("test", "NSUN", "", "", "")
    assert cli(app, "invitations", "send", slug).exit_code == 0
    body = mail.inbox.messages[0][1].get_content()
    assert "NSUN is inviting you" in body and "survey-engine" not in body


def test_a_logo_png_or_jpeg_with_its_alt_text(app, admin_client, client):
    def upload(data, **fields):
        page = admin_client.get("/admin/settings")
        return admin_client.post("/admin/settings", content_type="multipart/form-data", data={
            "csrf_token": csrf_token(text(page)), "organisation_name": "NSUN", "privacy_contact": "",
            "support_message": "", "logo_alt": "", **fields, "logo": (io.BytesIO(data), "logo.png")})

    missing_alt = upload(png(), organisation_name="Kept NSUN")
    assert missing_alt.status_code == 200 and "Enter the logo&#39;s text alternative" in text(missing_alt)
    assert 'value="Kept NSUN"' in text(missing_alt)
    svg = upload(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', logo_alt="NSUN logo")
    assert "The logo must be a PNG or JPEG image" in text(svg)
    big = upload(b"\x89PNG\r\n\x1a\n" + b"0" * MAX_LOGO_BYTES, logo_alt="NSUN logo")
    assert "The logo must be smaller than 512 KB" in text(big)
    assert client.get("/site/logo").status_code == 404

    assert upload(png(), logo_alt="NSUN logo").status_code == 302
    home = text(client.get("/"))
    assert 'alt="NSUN logo" class="header__logo"' in home
    logo = client.get("/site/logo")
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png" and logo.data == png()
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 20
    assert upload(jpeg, logo_alt="NSUN logo").status_code == 302
    assert client.get("/site/logo").headers["Content-Type"] == "image/jpeg"
    # Keeping the logo still needs its alt text; removing it does not.
    page = admin_client.get("/admin/settings")
    kept = admin_client.post("/admin/settings", data={"csrf_token": csrf_token(text(page)), "organisation_name":
                                                       "NSUN", "logo_alt": ""})
    assert "Enter the logo&#39;s text alternative" in text(kept)
    removed = admin_client.post("/admin/settings", data={"csrf_token": csrf_token(text(page)),
                                                          "organisation_name": "NSUN", "remove_logo": "y"})
    assert removed.status_code == 302 and client.get("/site/logo").status_code == 404
    assert [detail for _, detail, _ in audit(app, "site.settings")] == [
        "changed: organisation_name, logo_alt, logo", "changed: logo", "changed: logo_alt, logo removed"]


def test_surveys_create_listed_from_the_command_line(app, runner, client):
    assert runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "on-home",
                               "--title", "On the home page", "--open", "--listed"]).exit_code == 0
    assert runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "by-link",
                               "--title", "By link only", "--open"]).exit_code == 0
    home = text(client.get("/"))
    assert "On the home page" in home and "By link only" not in home
