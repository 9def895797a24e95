"""The managed list of organisations: imported with aliases, offered on the page, and matched whatever the spelling."""
import json

import pytest

from plugin_helpers import write_instance_plugin
from survey_engine.testing import Respondent

QUESTIONNAIRE_PLUGIN = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire


@hookimpl
def register_questionnaires():
    return [Questionnaire(id="orgs", version=1, title="Orgs", introduction="Where are you from?",
                          organisation_kind="other", pages=[
        Page("About you", [Question("organisation", "organisation", "Your organisation"),
                           Question("role", "short_text", "Your role", required=False)])])]
'''

LYPFT = "Leeds and York Partnership NHS Foundation Trust"
#: Six spellings of one Trust: as written, lower case, a full-width "Ｌ", a zero-width space, extra spaces, an alias.
SPELLINGS = [LYPFT, LYPFT.lower(), "\uff2ceeds and York Partnership NHS Foundation Trust",
             "Leeds\u200b and York Partnership NHS Foundation Trust", f"  Leeds  and York Partnership NHS  {LYPFT[31:]}",
             "lypft"]
LIST = (f"name,kind,aliases\n{LYPFT},NHS Trust,LYPFT; Leeds and York\n"
        "Mind,charity,\nHafal,charity,Hafal Cymru\n")


@pytest.fixture
def orgs(make_app, instance_path):
    write_instance_plugin(instance_path, "orgs", QUESTIONNAIRE_PLUGIN)
    app = make_app()
    from survey_engine.surveys import create_survey

    with app.app_context():
        create_survey("orgs", "orgs", status="open")
    return app


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def summary(app):
    result = cli(app, "summary", "orgs", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_spellings_of_one_trust_count_as_one_organisation(orgs, tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("organisation,role\n" + "".join(f"{name},worker\n" for name in SPELLINGS + ["Mind"]),
                       encoding="utf-8")
    result = cli(orgs, "responses", "import", "orgs", str(answers))
    assert result.exit_code == 0, result.output
    # Look-alikes, invisible characters and spaces match already; the alias needs the list.
    before = summary(orgs)
    assert before["organisations"] == 3
    assert {o["name"] for o in before["organisations_responding"]} == {LYPFT, "lypft", "Mind"}

    listed = tmp_path / "list.csv"
    listed.write_text(LIST, encoding="utf-8")
    result = cli(orgs, "organisations", "import", str(listed))
    assert result.exit_code == 0, result.output
    assert "Listed 3 organisations." in result.output
    after = summary(orgs)
    assert after["organisations"] == 2 and after["respondents"] == len(SPELLINGS) + 1
    assert "7 people from 2 organisations" in cli(orgs, "summary", "orgs").output
    assert {o["name"]: o["kind"] for o in after["organisations_responding"]} == {LYPFT: "NHS Trust",
                                                                                 "Mind": "charity"}
    shown = json.loads(cli(orgs, "organisations", "list", "--format", "json").output)
    assert shown == [{"name": "Hafal", "kind": "charity", "aliases": ["Hafal Cymru"]},
                     {"name": LYPFT, "kind": "NHS Trust", "aliases": ["Leeds and York", "LYPFT"]},
                     {"name": "Mind", "kind": "charity", "aliases": []}]

    # Imported afterwards, an alias and a look-alike of an alias find the listed Trust too.
    more = tmp_path / "more.csv"
    more.write_text("organisation,role\nＬＹＰＦＴ,nurse\nhafal  cymru,worker\n", encoding="utf-8")
    assert cli(orgs, "responses", "import", "orgs", str(more)).exit_code == 0
    assert summary(orgs)["organisations"] == 3

    with orgs.app_context():
        from survey_engine.extensions import db
        from survey_engine.models import AuditEvent

        events = db.session.execute(db.select(AuditEvent).filter_by(action="organisations.imported")).scalars().all()
        assert [(e.actor, e.target) for e in events] == [("command line", "3 organisations")]


def test_a_bad_list_is_refused_whole(orgs, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind,aliases\nMind,charity,\n,charity,\nＭＩＮＤ,charity,\nHafal,,Mind\n", encoding="utf-8")
    result = cli(orgs, "organisations", "import", str(bad))
    assert result.exit_code == 1
    assert "line 3: the name is blank" in result.output
    assert "line 4: 'MIND' is already a name or alias on line 2" in result.output
    assert "line 5: 'Mind' is already a name or alias on line 2" in result.output
    assert "No organisations are listed" in cli(orgs, "organisations", "list").output
    no_name = tmp_path / "no_name.csv"
    no_name.write_text("organisation\nMind\n")
    assert "needs a 'name' column" in cli(orgs, "organisations", "import", str(no_name)).output


def test_the_page_offers_the_list_and_a_box_for_one_not_listed(orgs, tmp_path):
    r = Respondent(orgs.test_client(), "orgs")
    location = r.start()
    assert '<select class="select"' not in r.get(location).get_data(as_text=True)  # no list: the box alone

    listed = tmp_path / "list.csv"
    listed.write_text(LIST, encoding="utf-8")
    assert cli(orgs, "organisations", "import", str(listed)).exit_code == 0
    html = r.get(location).get_data(as_text=True)
    assert f'<option value="{LYPFT}">{LYPFT}</option>' in html
    assert '<option value="__not_listed__">My organisation is not listed</option>' in html
    assert 'id="organisation__typed"' in html

    blank = r.answer(location, {"organisation": "__not_listed__", "organisation__typed": ""})
    assert 'href="#organisation__typed"' in blank.get_data(as_text=True)
    invented = r.answer(location, {"organisation": "Atlantis Trust"})
    assert 'href="#organisation"' in invented.get_data(as_text=True)
    typed = r.answer(location, {"organisation": "__not_listed__", "organisation__typed": "<b>Ｍind</b>"})
    assert typed.status_code == 302
    check = r.get("/s/orgs/check").get_data(as_text=True)
    assert "&lt;b&gt;Ｍind&lt;/b&gt;" in check
    # Shown again, a name not on the list is in the box, with "not listed" chosen.
    again = r.get(location).get_data(as_text=True)
    assert '<option value="__not_listed__" selected>' in again and 'value="&lt;b&gt;Ｍind&lt;/b&gt;"' in again
    assert r.answer(location, {"organisation": "Mind"}).status_code == 302
    assert r.submit().headers["Location"].endswith("/s/orgs/done")
    second = Respondent(orgs.test_client(), "orgs")
    second.answer_all([{"organisation": "__not_listed__", "organisation__typed": "mind\u200b"}])
    assert second.submit().headers["Location"].endswith("/s/orgs/done")
    result = summary(orgs)
    assert result["organisations"] == 1 and result["organisations_responding"][0]["name"] == "Mind"
