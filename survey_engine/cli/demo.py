"""`survey-engine demo`: a database with the demo surveys, then the server."""
import click
from flask import current_app

from ..extensions import db
from ..models import Survey
from ..surveys import create_survey
from .database import upgrade_database

#: (slug, questionnaire id, title) of the demo surveys.
DEMO_SURVEYS = (
    ("reality-and-impact-trusts", "trust-survey", "4Pi Reality and Impact: Mental Health NHS Trusts"),
    ("reality-and-impact-signatories", "signatory-survey", "4Pi Reality and Impact: 4Pi signatories"),
    ("end-of-involvement-demo", "end-of-involvement", "End of involvement questionnaire (demo)"),
)


def seed_demo():
    """Create the demo surveys, open, unless they exist; returns the slugs created."""
    created = []
    for slug, questionnaire_id, title in DEMO_SURVEYS:
        if questionnaire_id not in current_app.extensions["survey_engine"].questionnaires:
            continue
        if db.session.execute(db.select(Survey.id).filter_by(slug=slug)).first() is None:
            create_survey(questionnaire_id, slug, title, status="open")
            created.append(slug)
    return created


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Stop after seeding; do not start the server.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(no_serve, host, port):
    """Create the database and the demo surveys if needed, then serve on http://HOST:PORT."""
    upgrade_database()
    created = seed_demo()
    click.echo(f"Demo surveys created: {', '.join(created)}" if created else "Demo surveys already exist.")
    for slug, _, _ in DEMO_SURVEYS:
        click.echo(f"  http://{host}:{port}/s/{slug}")
    if not no_serve:
        current_app.run(host=host, port=port, debug=False, use_reloader=False)


COMMANDS = (demo,)
