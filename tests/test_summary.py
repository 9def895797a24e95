"""Summaries: counts, percentages and bases from responses given through the respondent's pages."""
import json

import pytest
from conftest import Respondent
from survey_helpers import respond, trust_pages

from survey_engine.extensions import db
from survey_engine.models import Survey
from survey_engine.summary.numbers import percentage, whole_percentage

TRUST = "trust-survey"


def summary_json(app, slug, *args):
    result = app.test_cli_runner().invoke(args=["summary", slug, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def question(data, key):
    return next(q for q in data["questions"] if q["key"] == key)


def option(q, value):
    return next(o for o in q["options"] if o["value"] == value)


@pytest.fixture
def trusts(app, open_survey):
    slug = open_survey(TRUST, "trusts")
    respond(app, slug, trust_pages("Mersey Care NHS Foundation Trust", how_used="Training staff"))
    respond(app, slug, trust_pages("mersey care nhs foundation trust ", difference="no", used=""))
    respond(app, slug, trust_pages("Pennine Care NHS Foundation Trust", heard="no", how="this-survey", used="no",
                                   colleagues="no"))
    # Started but never submitted: counted nowhere.
    r = Respondent(app.test_client(), slug)
    r.answer_all(trust_pages("Unfinished Trust", heard="no", how="this-survey", used="no")[:2])
    return slug


def test_rounding_is_half_up():
    assert whole_percentage(1, 8) == 13  # 12.5: Python's round() would say 12
    assert whole_percentage(5, 8) == 63  # 62.5
    assert str(percentage(1, 16)) == "6.3"  # 6.25
    assert whole_percentage(0, 0) is None
    # 12.45 would become 12.5 and then 13 if rounded twice; once, it is 12.
    assert whole_percentage(249, 2000) == 12


def test_counts_bases_and_not_asked(app, trusts):
    data = summary_json(app, trusts)
    assert data["respondents"] == 3
    assert data["organisations"] == 2
    assert data["responded"] == "3 people from 2 organisations responded"
    assert [o["name"] for o in data["organisations_responding"]] == [
        "Mersey Care NHS Foundation Trust", "Pennine Care NHS Foundation Trust"]
    heard = question(data, "heard_before")
    assert (heard["asked"], heard["answered"], heard["base"], heard["base_kind"]) == (3, 3, 3, "answered")
    # With its 95% Wilson interval (Newcombe 1998, method 3): 2 of 3 is 20.8% to 93.9%.
    assert option(heard, "yes") == {"value": "yes", "label": "Yes", "count": 2, "percent": 66.7,
                                    "ci_low": 20.8, "ci_high": 93.9}
    # Asked only of the two who had heard of the standards: the third is "not asked", not "no".
    made = question(data, "made_difference")
    assert (made["asked"], made["answered"], made["not_asked"], made["base"]) == (2, 2, 1, 2)
    assert option(made, "yes")["percent"] == 50.0
    # Left blank by one of three: answered base 2, not answered 1.
    used = question(data, "used")
    assert (used["asked"], used["answered"], used["not_answered"], used["base"]) == (3, 2, 1, 2)
    assert option(used, "yes")["count"] == 1 and option(used, "yes")["percent"] == 50.0
    how_used = question(data, "how_used")
    assert how_used["texts"] == ["Training staff"] and how_used["texts_total"] == 1
    assert (how_used["asked"], how_used["answered"]) == (1, 1)
    headline = next(h for h in data["headlines"] if h["question"] == "heard_before")
    assert headline["text"] == "67% of respondents had heard of the standards previously (2 of 3)"
    assert (headline["percent"], headline["count"], headline["base"]) == (67, 2, 3)


def test_other_bases(app, trusts):
    asked = summary_json(app, trusts, "--base", "asked")
    used = question(asked, "used")
    assert (used["base"], used["base_kind"], option(used, "yes")["percent"]) == (3, "asked", 33.3)
    everyone = summary_json(app, trusts, "--base", "respondents")
    made = question(everyone, "made_difference")
    assert (made["base"], option(made, "yes")["percent"]) == (3, 33.3)
    result = app.test_cli_runner().invoke(args=["summary", trusts, "--base", "invited"])
    assert result.exit_code == 1 and "invited base needs invitations" in result.output


def test_invited_base_comes_from_a_plugin(app, trusts):
    class Invitations:
        from survey_engine import hookimpl

        @hookimpl
        def summary_invited(self, app, survey):
            return 92

    app.extensions["survey_engine"].pm.register(Invitations(), name="invitations-test")
    data = summary_json(app, trusts, "--base", "invited")
    assert data["invited"] == 92
    heard = question(data, "heard_before")
    assert heard["base"] == 92 and option(heard, "yes")["percent"] == 2.2
    assert data["headlines"][0]["text"] == "2% of those invited had heard of the standards previously (2 of 92)"


def test_filters(app, trusts):
    used = summary_json(app, trusts, "--answer", "heard_before=yes")
    assert used["respondents"] == 2 and used["filters"]["answers"] == [{"question": "heard_before",
                                                                         "values": ["yes"]}]
    assert option(question(used, "heard_before"), "yes")["percent"] == 100.0
    assert summary_json(app, trusts, "--organisation-kind", "NHS Trust")["respondents"] == 3
    # A kind no responding organisation has, or a version the questionnaire lacks, is an error, not 0 people.
    bad = app.test_cli_runner().invoke(args=["summary", trusts, "--organisation-kind", "signatory"])
    assert bad.exit_code == 2 and "the kinds are 'NHS Trust'" in bad.output
    assert summary_json(app, trusts, "--since", "2000-01-01", "--until", "2999-12-31")["respondents"] == 3
    assert summary_json(app, trusts, "--until", "2000-01-01")["respondents"] == 0
    assert summary_json(app, trusts, "--version", "1")["respondents"] == 3
    bad = app.test_cli_runner().invoke(args=["summary", trusts, "--version", "2"])
    assert bad.exit_code == 2 and "its versions are 1" in bad.output
    bad = app.test_cli_runner().invoke(args=["summary", trusts, "--answer", "heard_before=perhaps"])
    assert bad.exit_code == 2 and "no option 'perhaps'" in bad.output
    bad = app.test_cli_runner().invoke(args=["summary", trusts, "--answer", "comments=x"])
    assert bad.exit_code == 2 and "not a closed question" in bad.output


def test_breakdown_by_organisation_suppresses_small_numbers(make_app, open_survey):
    app = make_app(SUMMARY_SUPPRESS_BELOW=2)
    slug = open_survey(TRUST, "trusts")
    for _ in range(2):
        respond(app, slug, trust_pages("Mersey Care NHS Foundation Trust"))
    respond(app, slug, trust_pages("Pennine Care NHS Foundation Trust"))
    data = summary_json(app, slug, "--by-organisation", "heard_before")
    rows = {row["organisation"]: row for row in data["breakdown"]["organisations"]}
    # Secondary suppression: Mersey's "answered 2" would give Pennine's 1 from the total, 3, and with
    # "Yes 2" its "No 0" (tests/test_secondary_suppression.py tries every such derivation).
    assert rows["Mersey Care NHS Foundation Trust"]["answered"] == "fewer than 2"
    assert option(rows["Mersey Care NHS Foundation Trust"], "yes") == {
        "value": "yes", "label": "Yes", "count": "fewer than 2", "percent": "fewer than 2",
        # An interval would give the hidden count away, so it is hidden with it.
        "ci_low": "fewer than 2", "ci_high": "fewer than 2"}
    assert option(rows["Mersey Care NHS Foundation Trust"], "no")["count"] == "fewer than 2"
    assert rows["Pennine Care NHS Foundation Trust"]["answered"] == "fewer than 2"
    assert option(rows["Pennine Care NHS Foundation Trust"], "yes")["percent"] == "fewer than 2"
    text = app.test_cli_runner().invoke(args=["summary", slug, "--by-organisation", "heard_before"]).output
    assert "Pennine Care NHS Foundation Trust: answered fewer than 2" in text


def test_text_format_reads_like_the_report(app, trusts):
    result = app.test_cli_runner().invoke(args=["summary", trusts])
    assert result.exit_code == 0, result.output
    assert "3 people from 2 organisations responded." in result.output
    assert "- 67% of respondents had heard of the standards previously (2 of 3)" in result.output
    assert "Base: 2 (those asked who answered). Asked 2, answered 2, not answered 0, not asked 1." in result.output


def test_unknown_survey(runner):
    result = runner.invoke(args=["summary", "nope"])
    assert result.exit_code == 1 and "no survey with slug 'nope'" in result.output


MINI = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Headline, Page, Question, Questionnaire, options

def make(version, keys):
    questions = {
        "fruit": Question("fruit", "multiple_choice", "Which fruit?", options=options("Apple", "Pear"),
                          other=True, required=False),
        "age": Question("age", "number", "How old are you?", required=False),
        "mood": Question("mood", "agreement", "I am happy.", required=False),
    }
    return Questionnaire(id="mini", version=version, title="Mini", introduction="",
                         pages=[Page(k, [questions[k]]) for k in keys],
                         headlines=[Headline("liked apples or pears", "fruit", ["apple", "pear"])])

@hookimpl
def register_questionnaires():
    return [make(1, ["fruit", "age", "mood"]), make(2, ["fruit", "mood"])]
'''


def test_multiple_choice_numbers_agreement_and_versions(make_app, instance_path):
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "mini.py").write_text(MINI)
    app = make_app()
    from survey_engine.surveys import create_survey

    with app.app_context():
        survey = create_survey("mini", "mini", status="open")
        survey.questionnaire_version = 1
        db.session.commit()
    respond(app, "mini", [{"fruit": ["apple", "pear"]}, {"age": "30"}, {"mood": "agree"}])
    respond(app, "mini", [{"fruit": ["apple", "other"], "fruit__other": "Quince =1+1"}, {"age": "41"},
                          {"mood": "strongly-agree"}])
    respond(app, "mini", [{}, {"age": "20"}, {"mood": "disagree"}])
    with app.app_context():
        db.session.execute(db.update(Survey).values(questionnaire_version=2))
        db.session.commit()
    respond(app, "mini", [{"fruit": ["pear"]}, {}])

    data = summary_json(app, "mini")
    assert data["respondents"] == 4 and data["survey"]["versions"] == [1, 2]
    fruit = question(data, "fruit")
    assert (fruit["asked"], fruit["answered"], fruit["not_answered"], fruit["base"]) == (4, 3, 1, 3)
    assert [(o["value"], o["count"], o["percent"]) for o in fruit["options"]] == [
        ("apple", 2, 66.7), ("pear", 2, 66.7), ("other", 1, 33.3)]
    assert "more than 100%" in fruit["note"]
    assert fruit["other_texts"] == ["Quince =1+1"]
    # The headline counts each person once, though one chose both.
    assert data["headlines"][0]["text"] == "100% of respondents liked apples or pears (3 of 3)"
    # Version 2 does not ask for an age: its respondent is "not asked".
    age = question(data, "age")
    assert (age["asked"], age["answered"], age["not_asked"]) == (3, 3, 1)
    assert age["number"] == {"count": 3, "mean": 91 / 3, "median": 30.0, "minimum": 20.0, "maximum": 41.0}
    mood = question(data, "mood")
    assert (mood["answered"], mood["not_answered"]) == (3, 1)
    assert [(g["count"], g["percent"]) for g in mood["groups"]] == [(2, 66.7), (1, 33.3)]
    text = app.test_cli_runner().invoke(args=["summary", "mini"]).output
    assert "Count 3, mean 30.33, median 30, minimum 20, maximum 41." in text
    assert "    Other: Quince =1+1" in text
    assert summary_json(app, "mini", "--version", "2")["respondents"] == 1
