"""`survey-engine demo`: a database with the demo surveys, then the server."""
import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..importing import import_responses
from ..models import Response, Survey
from ..plugins import collect
from ..registry import registry
from ..surveys import create_survey, get_survey
from .database import upgrade_database


def demo_surveys():
    """Every DemoSurvey the plugins register, in slug order."""
    found = collect(registry().pm, "register_demo_surveys", lambda d: d.slug,
                    app=current_app._get_current_object())
    return [demo for slug, (plugin, demo) in sorted(found.items())]


def seed_demo():
    """Create the demo surveys, open, unless they exist; returns the slugs created."""
    created = []
    for demo in demo_surveys():
        if db.session.execute(db.select(Survey.id).filter_by(slug=demo.slug)).first() is None:
            create_survey(demo.questionnaire_id, demo.slug, demo.title, status="open", listed=True)
            created.append(demo.slug)
    return created


def seed_demo_responses():
    """Import each demo survey's responses file while the survey has no responses; {slug: number imported}."""
    loaded = {}
    for demo in demo_surveys():
        survey = get_survey(demo.slug)
        if not demo.responses or db.session.execute(db.select(Response.id).filter_by(survey_id=survey.id)).first():
            continue
        result = import_responses(survey, demo.responses)
        if result.errors:
            raise click.ClickException(f"the demo responses in {demo.responses} do not fit {demo.questionnaire_id}: "
                                       + "; ".join(f"line {line}: {reason}" for line, reason in result.errors))
        loaded[demo.slug] = result.imported
    return loaded


@click.command("demo")
@with_appcontext
@click.option("--no-serve", is_flag=True, help="Stop after seeding; do not start the server.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(no_serve, host, port):
    """Create the database and the demo surveys (with their responses) if needed, then serve on http://HOST:PORT."""
    upgrade_database()
    created = seed_demo()
    click.echo(f"Demo surveys created: {', '.join(created)}" if created else "Demo surveys already exist.")
    loaded = seed_demo_responses()
    if loaded:
        click.echo("Demo responses loaded: " + ", ".join(f"{slug} ({n})" for slug, n in loaded.items()))
    for demo_survey in demo_surveys():
        click.echo(f"  http://{host}:{port}/s/{demo_survey.slug}")
    if not no_serve:
        # app.run() refuses to block inside a flask CLI command; serve with Werkzeug, as `run` does.
        from werkzeug.serving import run_simple
        run_simple(host, port, current_app._get_current_object(), threaded=True)


COMMANDS = (demo,)
