"""Migration 0003 keeps every response's organisation: adding organisation.listed must not copy and drop the table."""
import flask_migrate
import sqlalchemy as sa

from survey_engine import create_app
from survey_engine.extensions import db


def test_responses_keep_their_organisation_through_0003(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    directory = app.extensions["migrate"].directory
    with app.app_context():
        flask_migrate.upgrade(directory=directory, revision="0002_session_start_key")
        with db.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO organisation (id, name, key, kind) VALUES (1, 'Mind', 'mind', '')"))
            connection.execute(sa.text(
                "INSERT INTO survey (id, slug, questionnaire_id, questionnaire_version, title, status, access, "
                "description, created_at, anonymity, retention_days, invitation_subject, invitation_body) VALUES "
                "(1, 'old', 'trust-survey', 1, 'Old', 'open', 'open', '', CURRENT_TIMESTAMP, 'anonymous', 365, "
                "'', '')"))
            connection.execute(sa.text(
                "INSERT INTO response (id, survey_id, questionnaire_version, status, started_at, updated_at, "
                "organisation_id) VALUES (1, 1, 1, 'submitted', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
        flask_migrate.upgrade(directory=directory, revision="0003_newtypes_organisation_list")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT organisation_id FROM response")).scalar() == 1
        flask_migrate.downgrade(directory=directory, revision="0002_session_start_key")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT organisation_id FROM response")).scalar() == 1
        flask_migrate.upgrade(directory=directory)
        db.engine.dispose()
