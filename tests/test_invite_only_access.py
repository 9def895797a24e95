"""Invitation-only surveys fail closed: with no plugin vouching for the browser, every respondent page is 403."""
from sqlalchemy import select

from conftest import Respondent, csrf_token
from invite_helpers import answer_through, cli, make_survey, trust_contacts, write_csv

from survey_engine.extensions import db
from survey_engine.models import Response

WITHOUT_INVITATIONS = {"DISABLED_PLUGINS": ["survey_engine.invitations.plugin"]}


def refused(response):
    return response.status_code == 403 and "by invitation only" in response.get_data(as_text=True)


def test_without_the_invitations_plugin_an_invitation_only_survey_refuses_everyone(make_app):
    app = make_app(**WITHOUT_INVITATIONS)
    slug = make_survey(app, access="invite")
    open_slug = make_survey(app, slug="open-one", access="open")
    client = app.test_client()
    token = csrf_token(client.get(f"/s/{open_slug}").get_data(as_text=True))
    assert refused(client.get(f"/s/{slug}"))
    assert refused(client.post(f"/s/{slug}", data={"csrf_token": token}))
    assert refused(client.get(f"/s/{slug}/page/1"))
    assert refused(client.get(f"/s/{slug}/check"))
    assert refused(client.post(f"/s/{slug}/check", data={"csrf_token": token}))
    # An open survey needs no one to vouch.
    assert client.get(f"/s/{open_slug}").status_code == 200
    with app.app_context():
        assert db.session.execute(select(Response)).first() is None


def test_a_response_started_through_an_invitation_stops_once_no_plugin_vouches(make_app, mail, tmp_path):
    app = make_app(**mail.config)
    slug = make_survey(app, access="invite")
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(1, 1)))
    cli(app, "invitations", "send", slug)
    client, respondent = answer_through(app, mail.inbox.link(mail.inbox.messages[0][1]),
                                        pages=[{"organisation": "Org"}], submit=False)
    assert client.get(f"/s/{slug}/page/2").status_code == 200
    # The same database and browser, with the plugin that vouched for it switched off.
    bare = make_app(**mail.config, **WITHOUT_INVITATIONS)
    browser = bare.test_client()
    browser.set_cookie("session", client.get_cookie("session").value)
    later = Respondent(browser, slug)
    later.token = respondent.token
    assert refused(browser.get(f"/s/{slug}"))
    assert refused(browser.get(f"/s/{slug}/page/2"))
    assert refused(later.post(f"/s/{slug}/page/2", data={"how_found": "online"}))
    assert refused(browser.get(f"/s/{slug}/check"))
    assert refused(later.post(f"/s/{slug}/check"))
    with bare.app_context():
        assert db.session.execute(select(Response.status)).scalars().all() == ["in_progress"]
