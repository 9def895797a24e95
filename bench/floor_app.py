"""The floor for bench/respond_bench.py: a bare Flask app walking the respondent's flow with nothing else.

The same requests as the engine's flow: the start page and its POST, one GET and one POST per page (the POST
storing that page's answers in one transaction, refused once the response is submitted), the check page and its
POST (marking the response submitted), and the confirmation. A signed session cookie holds the response's id and
a CSRF secret checked on every POST. Pages are Jinja templates with the questions' fields; answers are one row per
value. It reads the signatory survey's pages from its JSON file, and its database from FLOOR_DATABASE_URL (tables
`floor_response` and `floor_answer`, made by `create_tables`); FLOOR_SECRET_KEY signs the cookie.

    FLOOR_DATABASE_URL=sqlite:////tmp/floor.sqlite gunicorn -c gunicorn.conf.py bench.floor_app:app
"""
import hmac
import json
import os
import secrets
from datetime import datetime, timezone

from flask import Flask, abort, redirect, render_template_string, request, session, url_for
from sqlalchemy import create_engine, event, text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "questionnaires", "signatory_survey.json"), encoding="utf-8") as f:
    QUESTIONNAIRE = json.load(f)
QUESTIONS = {q["key"]: q for q in QUESTIONNAIRE["questions"]}
PAGES = [[QUESTIONS[key] for key in page["questions"]] for page in QUESTIONNAIRE["pages"]]

TABLES = {
    "sqlite": ["CREATE TABLE IF NOT EXISTS floor_response (id INTEGER PRIMARY KEY, status VARCHAR(20) NOT NULL, "
               "started_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, submitted_at TIMESTAMP)",
               "CREATE TABLE IF NOT EXISTS floor_answer (id INTEGER PRIMARY KEY, response_id INTEGER NOT NULL "
               "REFERENCES floor_response (id), question_key VARCHAR(100) NOT NULL, value TEXT)",
               "CREATE INDEX IF NOT EXISTS floor_answer_response ON floor_answer (response_id, question_key)"],
    "postgresql": ["CREATE TABLE IF NOT EXISTS floor_response (id SERIAL PRIMARY KEY, status VARCHAR(20) NOT NULL, "
                   "started_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, submitted_at TIMESTAMP)",
                   "CREATE TABLE IF NOT EXISTS floor_answer (id SERIAL PRIMARY KEY, response_id INTEGER NOT NULL "
                   "REFERENCES floor_response (id), question_key VARCHAR(100) NOT NULL, value TEXT)",
                   "CREATE INDEX IF NOT EXISTS floor_answer_response ON floor_answer (response_id, question_key)"],
}

LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>{% block body %}{% endblock %}</main></body></html>"""
START = LAYOUT.replace("{% block body %}{% endblock %}", """<p>{{ introduction }}</p>
<form method="post"><input name="csrf_token" type="hidden" value="{{ csrf }}"><button>Start now</button></form>""")
PAGE = LAYOUT.replace("{% block body %}{% endblock %}", """<form method="post">
<input name="csrf_token" type="hidden" value="{{ csrf }}">
{% for q in questions %}<div><label for="{{ q.key }}">{{ q.text }}</label>
{% if q.options %}{% for o in q.options %}<input type="{{ 'checkbox' if q.type == 'multiple_choice' else 'radio' }}"
 name="{{ q.key }}" id="{{ q.key }}-{{ loop.index }}" value="{{ o.value }}"{% if o.value in stored.get(q.key, []) %}
 checked{% endif %}><label for="{{ q.key }}-{{ loop.index }}">{{ o.label }}</label>{% endfor %}
{% else %}<input name="{{ q.key }}" id="{{ q.key }}" value="{{ stored.get(q.key, [''])[0] or '' }}">{% endif %}</div>
{% endfor %}<button>Continue</button></form>""")
CHECK = LAYOUT.replace("{% block body %}{% endblock %}", """<dl>{% for key, values in rows %}
<dt>{{ key }}</dt><dd>{{ values | join(', ') }}</dd>{% endfor %}</dl>
<form method="post"><input name="csrf_token" type="hidden" value="{{ csrf }}"><button>Send</button></form>""")
DONE = LAYOUT.replace("{% block body %}{% endblock %}", "<p>Thank you for taking part. Reference {{ id }}.</p>")


def engine_url(url):
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) \
        else url


def make_engine(url):
    engine = create_engine(engine_url(url))
    if engine.dialect.name == "sqlite":
        # The engine's own SQLite settings, so both wait for the write lock alike.
        @event.listens_for(engine, "connect")
        def pragmas(connection, record):
            for pragma in ("foreign_keys=ON", "busy_timeout=5000", "journal_mode=WAL"):
                connection.execute("PRAGMA " + pragma)
    return engine


def create_tables(url):
    """Make the floor's two tables (empty) in the database at `url`."""
    engine = make_engine(url)
    with engine.begin() as connection:
        for statement in TABLES[engine.dialect.name]:
            connection.execute(text(statement))
        connection.execute(text("DELETE FROM floor_answer"))
        connection.execute(text("DELETE FROM floor_response"))
    engine.dispose()


def now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("FLOOR_SECRET_KEY") or "floor-" + secrets.token_hex(16)
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
database = make_engine(os.environ.get("FLOOR_DATABASE_URL", "sqlite:///" + os.path.join(ROOT, "floor.sqlite")))


def csrf():
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def check_csrf():
    if not hmac.compare_digest(request.form.get("csrf_token", ""), session.get("csrf", "-")):
        abort(400)


def in_progress():
    """This browser's response id, or abort."""
    response_id = session.get("response")
    if response_id is None:
        abort(redirect(url_for("start")))
    return response_id


@app.route("/s/<slug>", methods=["GET", "POST"])
def start(slug="bench"):
    if request.method == "POST":
        check_csrf()
        with database.begin() as connection:
            response_id = connection.execute(text(
                "INSERT INTO floor_response (status, started_at, updated_at) VALUES ('in_progress', :t, :t) "
                "RETURNING id"), {"t": now()}).scalar_one()
        session["response"] = response_id
        return redirect(url_for("page", slug=slug, number=1))
    return render_template_string(START, title=QUESTIONNAIRE["title"], introduction=QUESTIONNAIRE["introduction"],
                                  csrf=csrf())


@app.route("/s/<slug>/page/<int:number>", methods=["GET", "POST"])
def page(slug, number):
    response_id = in_progress()
    if not 1 <= number <= len(PAGES):
        abort(404)
    questions = PAGES[number - 1]
    keys = [q["key"] for q in questions]
    if request.method == "POST":
        check_csrf()
        answers = {key: request.form.getlist(key) for key in keys}
        if any(q["required"] and not any(answers[q["key"]]) for q in questions
               if q["condition"] is None):
            abort(400)
        with database.begin() as connection:
            if not connection.execute(text("UPDATE floor_response SET updated_at = :t WHERE id = :id AND "
                                           "status = 'in_progress'"), {"t": now(), "id": response_id}).rowcount:
                return redirect(url_for("done", slug=slug))
            connection.execute(text("DELETE FROM floor_answer WHERE response_id = :id AND question_key IN "
                                    "(" + ", ".join(f":k{i}" for i in range(len(keys))) + ")"),
                               {"id": response_id, **{f"k{i}": key for i, key in enumerate(keys)}})
            rows = [{"id": response_id, "key": key, "value": value}
                    for key, values in answers.items() for value in values if value]
            if rows:
                connection.execute(text("INSERT INTO floor_answer (response_id, question_key, value) "
                                        "VALUES (:id, :key, :value)"), rows)
        if number < len(PAGES):
            return redirect(url_for("page", slug=slug, number=number + 1))
        return redirect(url_for("check", slug=slug))
    with database.connect() as connection:
        stored = {}
        for key, value in connection.execute(text("SELECT question_key, value FROM floor_answer WHERE "
                                                  "response_id = :id ORDER BY id"), {"id": response_id}):
            stored.setdefault(key, []).append(value)
    return render_template_string(PAGE, title=QUESTIONNAIRE["pages"][number - 1]["title"], questions=questions,
                                  stored=stored, csrf=csrf())


@app.route("/s/<slug>/check", methods=["GET", "POST"])
def check(slug):
    response_id = in_progress()
    if request.method == "POST":
        check_csrf()
        with database.begin() as connection:
            connection.execute(text("UPDATE floor_response SET status = 'submitted', submitted_at = :t, "
                                    "updated_at = :t WHERE id = :id AND status = 'in_progress'"),
                               {"t": now(), "id": response_id})
        return redirect(url_for("done", slug=slug))
    with database.connect() as connection:
        rows = {}
        for key, value in connection.execute(text("SELECT question_key, value FROM floor_answer WHERE "
                                                  "response_id = :id ORDER BY id"), {"id": response_id}):
            rows.setdefault(key, []).append(value)
    return render_template_string(CHECK, title="Check your answers", rows=list(rows.items()), csrf=csrf())


@app.route("/s/<slug>/done")
def done(slug):
    response_id = in_progress()
    with database.connect() as connection:
        status = connection.execute(text("SELECT status FROM floor_response WHERE id = :id"),
                                    {"id": response_id}).scalar()
    if status != "submitted":
        return redirect(url_for("start", slug=slug))
    return render_template_string(DONE, title="Answers sent", id=response_id)
