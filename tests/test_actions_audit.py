"""Every action writes the same audit entries from the command line as from the staff pages; only the actor differs.

ACTIONS is a table: a row per action, with what it needs first, its command, and its staff request (None while
the action has no staff page). Add a row for each new action.
"""
import csv
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

import pytest
from sqlalchemy import func, select

from conftest import Respondent, login, post_form

from survey_engine.extensions import db
from survey_engine.models import AuditEvent, Response, Survey

ADMIN = "admin@example.org"
IMPORT_HEADER = ["organisation", "role", "heard_before", "how_found", "used", "encouraged_colleagues",
                 "made_difference", "how_used", "difference_made", "more_information", "colleagues_information",
                 "comments", "submitted_at"]
IMPORT_ROW = ["Mersey Care NHS Foundation Trust", "", "yes", "online", "yes", "yes", "yes", "Training staff", "",
              "yes", "no", "", "2019-03-04"]


@dataclass
class Action:
    """One action: `setup(app, names, tmp_path)` makes what it needs and adds to `names` (slug, email...)."""

    name: str
    setup: Callable
    cli: list
    staff: tuple | None  # (page to take the CSRF token from, URL to POST, form data), formatted with the names
    actions: list  # the audit actions it writes, in order


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    return str(path)


def nothing(app, names, tmp_path):
    pass


def survey_in(status, **fields):
    def setup(app, names, tmp_path):
        from survey_engine.surveys import create_survey
        with app.app_context():
            create_survey("trust-survey", names["slug"], status=status, **fields)
    return setup


def staff_account(active):
    def setup(app, names, tmp_path):
        from survey_engine.models import StaffUser
        with app.app_context():
            user = StaffUser(email=names["email"], role="analyst", active=active)
            user.set_password("a long enough password")
            db.session.add(user)
            db.session.commit()
            names["user_id"] = str(user.id)
    return setup


def a_response(app, names, tmp_path):
    survey_in("open")(app, names, tmp_path)
    Respondent(app.test_client(), names["slug"]).start()
    with app.app_context():
        names["response_id"] = str(db.session.execute(
            select(Response.id).join(Survey).where(Survey.slug == names["slug"])).scalar_one())


def a_file_of_responses(app, names, tmp_path):
    survey_in("open")(app, names, tmp_path)
    names["file"] = write_csv(tmp_path / f"{names['slug']}.csv", IMPORT_HEADER, [IMPORT_ROW])


def contacts_past_retention(app, names, tmp_path):
    survey_in("open", retention_days=30)(app, names, tmp_path)
    contacts = write_csv(tmp_path / "contacts.csv", ["name", "email", "organisation"],
                         [["Ann", "ann@a.example.org", "Trust A"], ["Bob", "bob@b.example.org", "Trust B"]])
    assert app.test_cli_runner().invoke(args=["contacts", "import", names["slug"], contacts]).exit_code == 0
    with app.app_context():
        survey = db.session.execute(select(Survey).filter_by(slug=names["slug"])).scalar_one()
        survey.status = "closed"
        survey.closed_at = datetime.now(timezone.utc) - timedelta(days=31)
        db.session.commit()


ACTIONS = [
    Action("survey create", nothing,
           ["surveys", "create", "--questionnaire", "trust-survey", "--slug", "{slug}", "--access", "invite"],
           ("/admin/surveys/new", "/admin/surveys/new",
            {"questionnaire": "trust-survey", "slug": "{slug}", "access": "invite", "title": ""}),
           ["survey.created"]),
    Action("survey open", survey_in("draft"), ["surveys", "open", "{slug}"],
           ("/admin/surveys/{slug}", "/admin/surveys/{slug}/open", {}), ["survey.opened"]),
    Action("survey close", survey_in("open"), ["surveys", "close", "{slug}"],
           ("/admin/surveys/{slug}", "/admin/surveys/{slug}/close", {}), ["survey.closed"]),
    Action("privacy and retention", survey_in("open"),
           ["surveys", "privacy", "{slug}", "--anonymity", "identified", "--retention-days", "30"],
           ("/admin/surveys/{slug}/settings", "/admin/surveys/{slug}/settings",
            {"anonymity": "identified", "retention_days": "30", "listed": "no"}),
           ["survey.anonymity", "survey.retention"]),
    Action("users disable", staff_account(True), ["users", "disable", "{email}"],
           ("/admin/users", "/admin/users/{user_id}/disable", {}), ["user.disabled"]),
    Action("users enable", staff_account(False), ["users", "enable", "{email}"],
           ("/admin/users", "/admin/users/{user_id}/enable", {}), ["user.enabled"]),
    Action("users create", nothing, ["users", "create", "{email}", "--role", "analyst", "--password-stdin"],
           None, ["user.created"]),
    Action("users set-password", staff_account(True), ["users", "set-password", "{email}", "--password-stdin"],
           None, ["user.password_set"]),
    Action("responses import", a_file_of_responses, ["responses", "import", "{slug}", "{file}"],
           None, ["responses.imported"]),
    Action("responses delete", a_response, ["responses", "delete", "{slug}", "{response_id}"],
           ("/admin/surveys/{slug}", "/admin/surveys/{slug}/responses/delete", {"response_id": "{response_id}"}),
           ["response.deleted"]),
    Action("retention apply", contacts_past_retention, ["retention", "apply"], None, ["retention.applied"]),
]


def entries_since(app, first_id, names):
    """(actor, action, target, detail) of the entries after `first_id`, with this run's names as placeholders."""
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
                                  .where(AuditEvent.id > first_id).order_by(AuditEvent.id)).all()
    placeholders = sorted(((v, "{" + k + "}") for k, v in names.items()), key=lambda p: -len(p[0]))

    def general(text):
        for value, placeholder in placeholders:
            text = text.replace(value, placeholder)
        return text
    return [(actor, action, general(target), general(detail)) for actor, action, target, detail in rows]


def last_id(app):
    with app.app_context():
        return db.session.execute(select(func.coalesce(func.max(AuditEvent.id), 0))).scalar_one()


def fill(value, names):
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    return value.format(**names)


@pytest.mark.parametrize("action", ACTIONS, ids=[a.name for a in ACTIONS])
def test_both_front_ends_audit_an_action_alike(app, make_staff, tmp_path, action):
    make_staff(ADMIN, "admin")
    staff = app.test_client()
    assert login(staff, ADMIN).status_code == 302
    runs = {}
    fronts = ["cli"] + (["staff"] if action.staff else [])
    for front in fronts:
        names = {"slug": f"{front}-survey", "email": f"{front}-person@example.org"}
        (tmp_path / front).mkdir()
        action.setup(app, names, tmp_path / front)
        first = last_id(app)
        if front == "cli":
            args = [fill(arg, names) for arg in action.cli]
            result = app.test_cli_runner().invoke(args=args, input="a long enough password\n")
            assert result.exit_code == 0, result.output
        else:
            page, url, data = (fill(part, names) for part in action.staff)
            response = post_form(staff, page, url, data=data)
            assert response.status_code == 302, response.get_data(as_text=True)
        runs[front] = entries_since(app, first, names)
    cli = runs["cli"]
    assert [e[1] for e in cli] == action.actions
    assert {e[0] for e in cli} == {"command line"}
    if action.staff:
        staff_entries = runs["staff"]
        assert {e[0] for e in staff_entries} == {ADMIN}
        # The same action, the same target and the same detail: only who acted differs.
        assert [e[1:] for e in staff_entries] == [e[1:] for e in cli]
