"""Pages reuse the site settings a worker read for a few seconds (site.SHOWN_SECONDS), rather than read them for
every page: a change made through this worker shows at once, one made elsewhere once that time is up."""
from sqlalchemy import update

from survey_engine import site as site_module
from survey_engine.extensions import db
from survey_engine.models import SiteSettings
from survey_engine.site import change_site_settings


def header(client, slug):
    return client.get(f"/s/{slug}").get_data(as_text=True)


def test_a_change_through_this_worker_shows_at_once_and_one_from_elsewhere_when_the_time_is_up(
        app, client, open_survey, monkeypatch):
    slug = open_survey("signatory-survey", "signatories")
    with app.app_context():
        change_site_settings("test", "NSUN", "", "", "")
    assert 'class="header__name">NSUN</a>' in header(client, slug)
    # Another server renames the organisation: this worker still shows what it read, for now...
    with app.app_context():
        db.session.execute(update(SiteSettings).values(organisation_name="National Survivor User Network"))
        db.session.commit()
    assert 'class="header__name">NSUN</a>' in header(client, slug)
    # ...and reads the row again once its time is up.
    monkeypatch.setattr(site_module, "SHOWN_SECONDS", 0)
    app.extensions["survey_engine_site"]["until"] = 0
    assert 'class="header__name">National Survivor User Network</a>' in header(client, slug)
    # A change through this worker is shown at once, whatever the time.
    monkeypatch.setattr(site_module, "SHOWN_SECONDS", 3600)
    header(client, slug)
    with app.app_context():
        change_site_settings("test", "NSUN again", "", "", "")
    assert 'class="header__name">NSUN again</a>' in header(client, slug)
