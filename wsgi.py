"""The WSGI entry point: `gunicorn wsgi:app`."""
from survey_engine import create_app

app = create_app()
