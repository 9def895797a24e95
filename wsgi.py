"""The WSGI entry point: `gunicorn -c gunicorn.conf.py` serves `wsgi:app` (README, "Deployment")."""
from survey_engine import create_app

app = create_app()
