"""The app factory: configuration sources in order, the database default and the secret key."""
import os

from sqlalchemy import text

from survey_engine import create_app
from survey_engine.extensions import db


def test_defaults_to_sqlite_in_the_instance_folder(instance_path):
    app = create_app()
    assert app.instance_path == str(instance_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance_path / 'survey_engine.sqlite'}"
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # 20 s (README, DATABASE_URL): long imports and many respondents share SQLite's one writer.
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 20000


def test_secret_key_is_generated_once_and_kept(instance_path):
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert oct(os.stat(instance_path / "secret_key").st_mode & 0o777) == "0o600"


def test_instance_config_then_environment_then_test_config(instance_path, monkeypatch):
    (instance_path / "config.py").write_text('SITE_NAME = "From file"\nSECRET_KEY = "file-key"\n'
                                             'DATABASE_URL = "sqlite:////tmp/from-file.sqlite"\n')
    app = create_app()
    assert app.config["SITE_NAME"] == "From file" and app.config["SECRET_KEY"] == "file-key"
    monkeypatch.setenv("SURVEY_ENGINE_SITE_NAME", "From env")
    monkeypatch.setenv("SURVEY_ENGINE_DATABASE_URL", "postgresql://someone@db.example/surveys")
    app = create_app()
    assert app.config["SITE_NAME"] == "From env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/surveys"
    assert create_app({"SITE_NAME": "From test"}).config["SITE_NAME"] == "From test"
    assert not (instance_path / "secret_key").exists()


def test_site_name_shows_on_pages(make_app):
    client = make_app(SITE_NAME="NSUN surveys").test_client()
    assert "NSUN surveys" in client.get("/").get_data(as_text=True)


def test_two_instances_side_by_side(tmp_path, monkeypatch, instance_path):
    for name in ("a", "b"):
        monkeypatch.setenv("SURVEY_ENGINE_INSTANCE_PATH", str(tmp_path / name))
        app = create_app()
        assert app.config["SQLALCHEMY_DATABASE_URI"].endswith(f"/{name}/survey_engine.sqlite")
    assert (tmp_path / "a" / "secret_key").read_text() != (tmp_path / "b" / "secret_key").read_text()


def test_wsgi_exposes_app(instance_path):
    import importlib
    import sys
    sys.modules.pop("wsgi", None)
    wsgi = importlib.import_module("wsgi")
    assert wsgi.app.name == "survey_engine"
