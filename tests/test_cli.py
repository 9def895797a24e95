"""The survey-engine command, through Click's runner and as the installed console script."""
import json
import subprocess
import sys

from conftest import Respondent


def test_help_lists_every_command(instance_path):
    result = subprocess.run([sys.executable, "-m", "survey_engine.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for command in ("init-db", "demo", "plugins", "questionnaires", "surveys", "run", "routes", "db"):
        assert f"  {command}" in result.stdout


def test_surveys_create_list_open_close(runner, app, client):
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "trusts-2026",
                                 "--title", "Trusts 2026"])
    assert result.exit_code == 0, result.output
    assert "draft survey 'trusts-2026'" in result.output
    assert client.get("/s/trusts-2026").status_code == 403
    assert runner.invoke(args=["surveys", "open", "trusts-2026"]).exit_code == 0
    r = Respondent(client, "trusts-2026")
    r.answer_all([{"organisation": "Pennine Care NHS Foundation Trust"}, {"heard_before": "yes", "how_found": "online"},
                  {"used": "no", "encouraged_colleagues": "no"}, {"made_difference": "not-sure"},
                  {"more_information": "yes", "colleagues_information": "yes"}])
    r.submit()
    Respondent(client.application.test_client(), "trusts-2026").start()  # a second one, still in progress
    rows = json.loads(runner.invoke(args=["surveys", "list", "--format", "json"]).output)
    assert rows == [{"slug": "trusts-2026", "title": "Trusts 2026", "questionnaire": "trust-survey", "version": 1,
                     "status": "open", "access": "open", "opens_at": None, "closes_at": None,
                     "responses": 1, "in_progress": 1}]
    assert runner.invoke(args=["surveys", "close", "trusts-2026"]).exit_code == 0
    assert client.get("/s/trusts-2026").status_code == 410
    assert "trusts-2026\tclosed" in runner.invoke(args=["surveys", "list"]).output


def test_surveys_create_errors(runner):
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "nope", "--slug", "x"])
    assert result.exit_code == 1 and "no questionnaire 'nope'; known: end-of-involvement" in result.output
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "Bad Slug"])
    assert result.exit_code == 1 and "lowercase letters" in result.output
    runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "taken"])
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "taken"])
    assert result.exit_code == 1 and "already exists" in result.output
    result = runner.invoke(args=["surveys", "open", "missing"])
    assert result.exit_code == 1 and "no survey with slug 'missing'" in result.output


def test_questionnaires_list_and_show(runner):
    listing = runner.invoke(args=["questionnaires"]).output
    assert "trust-survey\tv1" in listing and "end-of-involvement\tv1" in listing
    data = json.loads(runner.invoke(args=["questionnaires", "show", "signatory-survey", "--format", "json"]).output)
    assert data["id"] == "signatory-survey" and data["version"] == 1
    differences = next(q for q in data["questions"] if q["key"] == "differences")
    assert differences["type"] == "multiple_choice" and differences["other"] is True
    assert differences["condition"] == {"op": "equals", "question": "used", "value": "yes"}
    assert len(differences["options"]) == 11 and differences["options"][-1]["value"] == "other"
    used = next(q for q in data["questions"] if q["key"] == "used")
    assert used["options"] == [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
    assert {"text": "had used the standards in their work", "question": "used", "values": ["yes"],
            "base": "answered"} in data["headlines"]
    text = runner.invoke(args=["questionnaires", "show", "trust-survey"]).output
    assert "made_difference [yes_no]" in text and 'asked if {"op": "equals", "question": "heard_before"' in text
    result = runner.invoke(args=["questionnaires", "show", "nope"])
    assert result.exit_code == 1 and "no questionnaire 'nope'" in result.output


def test_demo_seeds_idempotently(runner):
    first = runner.invoke(args=["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "http://127.0.0.1:5000/s/reality-and-impact-trusts" in first.output
    second = runner.invoke(args=["demo", "--no-serve"])
    assert "already exist" in second.output
    rows = json.loads(runner.invoke(args=["surveys", "list", "--format", "json"]).output)
    assert sorted((r["slug"], r["status"]) for r in rows) == [
        ("end-of-involvement-demo", "open"), ("reality-and-impact-signatories", "open"),
        ("reality-and-impact-trusts", "open")]


def test_surveys_create_with_dates(runner, client):
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "later", "--open",
                                 "--opens", "2999-01-01", "--closes", "2999-02-01"])
    assert result.exit_code == 0, result.output
    row = json.loads(runner.invoke(args=["surveys", "list", "--format", "json"]).output)[0]
    # Opening and closing dates are whole days in UK time: from the start of the one to the end of the other.
    assert (row["opens_at"], row["closes_at"]) == ("2999-01-01T00:00:00+00:00", "2999-02-02T00:00:00+00:00")
    assert client.get("/s/later").status_code == 403  # open, but not until its opening date
    runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "past", "--open",
                        "--closes", "2001-01-01"])
    assert client.get("/s/past").status_code == 410
    result = runner.invoke(args=["surveys", "create", "--questionnaire", "trust-survey", "--slug", "bad",
                                 "--opens", "2030-01-02", "--closes", "2030-01-01"])
    assert result.exit_code == 2 and "must be after --opens" in result.output
