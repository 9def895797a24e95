"""Migration 0008_site_and_survey_settings keeps what people saw: existing surveys stay listed on the home page, and
every existing response gets its own random reference."""
import flask_migrate
import sqlalchemy as sa

from survey_engine import create_app
from survey_engine.extensions import db
from survey_engine.models.response import REFERENCE_ALPHABET


def test_existing_surveys_stay_listed_and_responses_get_references(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    directory = app.extensions["migrate"].directory
    with app.app_context():
        flask_migrate.upgrade(directory=directory, revision="0003_newtypes_organisation_list")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO survey (id, slug, questionnaire_id, questionnaire_version, title, status, access, "
                "description, created_at, anonymity, retention_days, invitation_subject, invitation_body) VALUES "
                "(1, 'old', 'trust-survey', 1, 'Old', 'open', 'open', '', CURRENT_TIMESTAMP, 'anonymous', 365, "
                "'', '')"))
            for response_id in (1, 2, 3):
                connection.execute(sa.text(
                    "INSERT INTO response (id, survey_id, questionnaire_version, status, started_at, updated_at) "
                    "VALUES (:id, 1, 1, 'submitted', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"id": response_id})
                connection.execute(sa.text("INSERT INTO answer (response_id, survey_id, question_key, value) "
                                           "VALUES (:id, 1, 'used', 'yes')"), {"id": response_id})
        flask_migrate.upgrade(directory=directory)
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT listed, support_message FROM survey")).one() == (True, "")
            references = connection.execute(sa.text("SELECT reference FROM response")).scalars().all()
            # Nothing cascaded away: SQLite's foreign keys are on, so a dropped and copied table would have.
            assert connection.execute(sa.text("SELECT count(*) FROM answer")).scalar() == 3
        flask_migrate.downgrade(directory=directory, revision="0003_newtypes_organisation_list")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM answer")).scalar() == 3
        flask_migrate.upgrade(directory=directory)
        db.engine.dispose()
    assert len(set(references)) == 3 and None not in references
    assert all(len(r) == 12 and set(r) <= set(REFERENCE_ALPHABET) for r in references)
    assert "Old" in app.test_client().get("/").get_data(as_text=True)
