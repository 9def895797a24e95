"""The app factory: configuration, extensions, plugins, blueprints and commands, put together."""
import os

from flask import Flask

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


def create_app(test_config=None):
    """Build the app: configuration, extensions, plugins, blueprints and commands."""
    from . import admin, catalogues, cli, errors, health, jobs, respond, security, views
    from .extensions import babel, csrf, db, limiter, migrate
    from .registry import Registry
    from .url_rules import LazyBuilderRule

    app = configured_app(test_config)
    app.url_rule_class = LazyBuilderRule
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    catalogues.init_app(app)  # before Babel, which reads where the compiled catalogues are once
    babel.init_app(app, locale_selector=respond.language.select_locale)
    limiter.init_app(app)
    security.init_app(app)
    app.extensions["survey_engine"] = Registry(app)
    jobs.init_app(app)

    app.register_blueprint(views.bp)
    app.register_blueprint(respond.bp)
    app.register_blueprint(health.bp)
    admin.init_app(app)
    # Whole features as plugins (invitations among them) bring their own pages; a disabled one's URLs are 404.
    for blueprints in app.extensions["survey_engine"].pm.hook.register_blueprints(app=app):
        for blueprint in blueprints or ():
            app.register_blueprint(blueprint)
    errors.init_app(app)
    cli.init_app(app)
    return app


def configured_app(test_config=None):
    """A Flask app with its configuration loaded and nothing else: all that listing the commands needs."""
    from .config import load_config

    instance_path = os.environ.get("SURVEY_ENGINE_INSTANCE_PATH")
    # Named after the package, not this module: app.name, its logger and its root folder stay the package's.
    app = Flask("survey_engine", instance_relative_config=True,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    os.makedirs(app.instance_path, exist_ok=True)
    load_config(app, test_config)
    return app
