"""The draft editor's pages through the Flask test client, as a browser without JavaScript uses them."""
import html
import json
import pathlib
import re

from builder_helpers import add_page, add_question, draft_document, follow, store_blank, store_document, submit
from test_no_inline_code import INLINE

from survey_engine.questionnaire import Questionnaire

SIGNATORY = json.loads((pathlib.Path(__file__).parent.parent / "questionnaires" / "signatory_survey.json").read_text())


def text(response):
    """The page's words, tags and runs of spaces gone."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_a_questionnaire_is_built_from_blank_page_by_page(app, admin_client):
    url = store_blank(app)
    assert "No pages yet" in text(admin_client.get(url))
    response = add_page(admin_client, url, "About you", "organisation",
                        {"text": "Which organisation do you volunteer with?", "key": "organisation"},
                        introduction="A little about you.")
    assert response.headers["Location"].endswith(f"{url}#question-organisation")
    add_question(admin_client, url, 1, "yes_no", {"text": "Did you enjoy volunteering?", "key": "enjoyed",
                                                  "not_sure": "y"})
    add_page(admin_client, url, "Your time", "multiple_choice",
             {"text": "What did you gain?", "hint": "Select all that apply", "key": "gained", "other": "y",
              "options": "Confidence\nskills | New skills\nfriends | Friendships | People you met"})
    add_question(admin_client, url, 2, "number", {"text": "Hours a month?", "minimum": "0", "maximum": "200.5",
                                                  "optional": "y"})
    add_question(admin_client, url, 2, "rating", {"text": "How was it?", "key": "score", "setting-scale_minimum": "0",
                                                  "setting-scale_maximum": "10", "setting-minimum_label": "Poor"})
    response = submit(admin_client, f"{url}/questions/gained/condition/new", {"question": "enjoyed"})
    assert response.headers["Location"].endswith("/questions/gained/condition/new/enjoyed")
    follow(admin_client, response, {"answers": ["yes", "not-sure"]})
    response = submit(admin_client, f"{url}/headlines/new", {"question": "gained"})
    follow(admin_client, response, {"text": "gained confidence", "values": ["confidence"], "base": "asked"})

    document, revision = draft_document(app)
    assert revision == 8  # created, then one save for each of the seven steps
    assert document["pages"] == [
        {"title": "About you", "introduction": "A little about you.", "questions": ["organisation", "enjoyed"]},
        {"title": "Your time", "introduction": "", "questions": ["gained", "hours_a_month", "score"]}]
    questions = {q["key"]: q for q in document["questions"]}
    assert questions["enjoyed"]["not_sure"] is True
    assert questions["gained"]["options"] == [{"value": "confidence", "label": "Confidence"},
                                              {"value": "skills", "label": "New skills"},
                                              {"value": "friends", "label": "Friendships", "hint": "People you met"}]
    assert questions["gained"]["condition"] == {"op": "one_of", "question": "enjoyed", "values": ["yes", "not-sure"]}
    assert (questions["hours_a_month"]["required"], questions["hours_a_month"]["minimum"],
            questions["hours_a_month"]["maximum"]) == (False, 0, 200.5)
    assert {k: questions["score"][k] for k in ("scale_minimum", "scale_maximum", "minimum_label")} == \
        {"scale_minimum": 0, "scale_maximum": 10, "minimum_label": "Poor"}
    assert "maximum_label" not in questions["score"]
    assert document["headlines"] == [{"text": "gained confidence", "question": "gained", "values": ["confidence"],
                                      "base": "asked"}]
    Questionnaire.from_dict(document, app.extensions["survey_engine"].question_types)
    overview = text(admin_client.get(url))
    assert "Asked only if “Did you enjoy volunteering?” is one of “Yes” or “Not sure”" in overview
    assert "N% of respondents gained confidence" in overview
    assert "Counts “What did you gain?”: “Confidence”, as a percentage of those asked." in overview


def test_every_registered_type_can_be_added_with_its_settings(app, admin_client):
    url = store_blank(app)
    types = app.extensions["survey_engine"].question_types
    for number, name in enumerate(types, start=1):
        page = admin_client.get(f"{url}/pages/1/questions/new/{name}?page_title=P{number}")
        assert page.status_code == 200, name
        for setting in types[name].settings:
            assert f'name="setting-{setting}"' in page.get_data(as_text=True), (name, setting)
        response = add_page(admin_client, url, f"P{number}", name, {"text": f"A {name} question", "key": name,
                                                                     "options": "One\nTwo"})
        assert response.status_code == 302, (name, text(response))
    document, _revision = draft_document(app)
    assert [q["type"] for q in document["questions"]] == list(types)
    by_type = {q["type"]: q for q in document["questions"]}
    assert by_type["single_choice"]["options"] == [{"value": "one", "label": "One"}, {"value": "two", "label": "Two"}]
    assert by_type["short_text"]["options"] == []  # a type that takes no options keeps none of what was typed


def test_details_and_pages_are_edited_and_moved(app, admin_client):
    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    response = submit(admin_client, f"{url}/details", {"title": "Signatories 2027", "introduction": "Hello",
                                                       "minutes": "7", "organisation_kind": "charity"})
    assert response.status_code == 302
    response = submit(admin_client, f"{url}/pages/2/edit", {"title": "How you found them", "introduction": "Intro"})
    assert response.headers["Location"].endswith("#page-2")
    submit(admin_client, url, {"direction": "up"}, action_url=f"{url}/pages/2/move")
    submit(admin_client, url, {"direction": "down"}, action_url=f"{url}/questions/organisation/move")
    document, _revision = draft_document(app, "sig-copy")
    assert (document["title"], document["introduction"], document["minutes"], document["organisation_kind"]) == (
        "Signatories 2027", "Hello", 7, "charity")
    assert [p["title"] for p in document["pages"]][:2] == ["How you found them", "About you"]
    assert document["pages"][1] == {"title": "About you", "introduction": "", "questions": ["role", "organisation"]}
    response = submit(admin_client, url, {"direction": "down"}, action_url=f"{url}/pages/3/move")
    assert response.status_code == 400
    assert "question 'differences' has a condition on 'used', which must be a question on an earlier page" in \
        text(response)


def test_removing_a_used_question_is_refused_naming_what_uses_it(app, admin_client):
    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    page = text(admin_client.get(f"{url}/questions/used/remove"))
    assert "is used by the condition on question “What difference have the standards made?” (differences)" in page
    assert "is used by the headline “had used the standards in their work”" in page
    assert "Remove question" not in page
    _document, revision = draft_document(app, "sig-copy")
    response = submit(admin_client, url, {}, action_url=f"{url}/questions/used/remove", revision=revision)
    assert "is used by the condition on question “How have you used the standards?” (how_used)" in text(response)
    assert draft_document(app, "sig-copy")[1] == revision
    response = submit(admin_client, f"{url}/questions/role/remove", {})
    assert response.status_code == 302
    assert "role" not in [q["key"] for q in draft_document(app, "sig-copy")[0]["questions"]]
    response = submit(admin_client, url, {}, action_url=f"{url}/pages/5/remove",
                      revision=draft_document(app, "sig-copy")[1])
    assert "Question “Would your colleagues find this useful too?” (colleagues_training) is used by the headline" \
        in text(response)


def test_a_headline_is_removed_after_asking(app, admin_client):
    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    first = SIGNATORY["headlines"][0]["text"]
    page = text(admin_client.get(f"{url}/headlines/1/remove"))
    assert f"Are you sure you want to remove the headline “{first}”?" in page and "Remove headline" in page
    response = submit(admin_client, f"{url}/headlines/1/remove", {})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#headlines")
    assert draft_document(app, "sig-copy")[0]["headlines"] == SIGNATORY["headlines"][1:]


def test_a_stale_save_is_refused_saying_what_changed_and_keeping_what_was_typed(app, admin_client, make_staff):
    from conftest import login

    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    _document, revision = draft_document(app, "sig-copy")
    make_staff("other@example.org", "admin")
    other = app.test_client()
    login(other, "other@example.org")
    submit(other, f"{url}/questions/role/edit", {"text": "What is your job title?", "optional": "y", "key": "role"})
    response = submit(admin_client, f"{url}/questions/role/edit",
                      {"text": "What do you do?", "hint": "My typed hint", "key": "role", "optional": "y"},
                      revision=revision)
    page = text(response)
    assert "Someone else changed this draft while you were working on it" in page
    assert "Changed question role (other@example.org" in page
    assert "Question role reworded: “What is your job title?” is now" not in page
    assert "Question role reworded: “What is your role?” is now “What is your job title?”" in page
    html = response.get_data(as_text=True)
    assert 'value="What do you do?"' in html and 'value="My typed hint"' in html
    assert f'name="revision" type="hidden" value="{revision + 1}"' in html
    assert draft_document(app, "sig-copy")[0]["questions"][1]["text"] == "What is your job title?"
    # Saving again, knowing what changed, applies what was typed to the newest draft.
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = admin_client.post(f"{url}/questions/role/edit", data={
        "csrf_token": token, "revision": str(revision + 1), "text": "What do you do?", "hint": "My typed hint",
        "key": "role", "optional": "y"})
    assert response.status_code == 302
    assert draft_document(app, "sig-copy")[0]["questions"][1]["text"] == "What do you do?"


def test_a_form_with_errors_keeps_everything_typed(app, admin_client):
    url = store_blank(app)
    response = add_page(admin_client, url, "About you", "single_choice",
                        {"text": "", "hint": "A hint I typed", "options": "", "key": "9 bad"})
    page, html = text(response), response.get_data(as_text=True)
    assert "Enter the question" in page and "Start with a letter" in page
    assert 'value="A hint I typed"' in html and 'value="9 bad"' in html
    response = add_page(admin_client, url, "About you", "single_choice", {"text": "Pick one", "options": " \n"})
    assert "Enter at least one option, one per line" in text(response)
    assert 'value="Pick one"' in response.get_data(as_text=True)
    assert draft_document(app)[0]["pages"] == []


def test_analysts_see_the_draft_but_cannot_edit_it(app, analyst_client):
    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    page = analyst_client.get(url)
    assert page.status_code == 200 and "Has your organisation used the standards in its work?" in text(page)
    assert "Move up" not in text(page) and "Add a page" not in text(page)
    for path in ("/details", "/pages/new", "/questions/used/edit", "/questions/used/condition", "/headlines/new"):
        assert analyst_client.get(url + path).status_code == 403, path


def test_saves_are_audited_and_the_pages_carry_no_inline_code(app, admin_client):
    from survey_engine.models import AuditEvent

    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    submit(admin_client, f"{url}/details", {"title": "Signatories 2027", "minutes": "5"})
    with app.app_context():
        from survey_engine.extensions import db

        events = db.session.execute(db.select(AuditEvent).filter_by(action="questionnaire.edited")).scalars().all()
        assert [(e.actor, e.target) for e in events] == [("admin@example.org", "sig-copy")]
        assert "Changed the questionnaire's details" in events[0].detail
    for path in ("", "/details", "/pages/new", "/pages/1/edit", "/pages/1/questions/new",
                 "/pages/1/questions/new/rating", "/questions/differences/edit", "/questions/differences/condition",
                 "/questions/differences/condition/new", "/questions/differences/condition/new/used",
                 "/headlines/new", "/headlines/1/edit", "/headlines/1/remove", "/questions/role/remove"):
        response = admin_client.get(url + path)
        assert response.status_code == 200, path
        assert not INLINE.findall(response.get_data(as_text=True)), path


def test_a_questionnaire_not_written_here_has_no_draft(admin_client):
    assert admin_client.get("/admin/questionnaires/trust-survey/draft").status_code == 404


PLUGIN_TYPE = '''
"""A question type with settings of its own, for the editor to offer."""
from survey_engine import hookimpl
from survey_engine.question_types import ShortTextType


class PostcodeType(ShortTextType):
    name = "postcode"
    label = "A UK postcode"
    settings = ("area_hint", "max_districts")


@hookimpl
def register_question_types():
    return [PostcodeType()]
'''


def test_a_plugin_types_declared_settings_are_offered_and_saved(instance_path, make_app, make_staff):
    from conftest import login
    from plugin_helpers import write_instance_plugin

    write_instance_plugin(instance_path, "postcodes", PLUGIN_TYPE)
    app = make_app()
    make_staff("admin@example.org", "admin")
    client = app.test_client()
    login(client, "admin@example.org")
    url = store_blank(app)
    choices = text(client.get(f"{url}/pages/1/questions/new?page_title=Where"))
    assert "A UK postcode" in choices
    add_page(client, url, "Where", "postcode", {"text": "Your postcode?", "key": "postcode",
                                                "setting-area_hint": "North", "setting-max_districts": "3"})
    question = draft_document(app)[0]["questions"][0]
    assert (question["type"], question["area_hint"], question["max_districts"]) == ("postcode", "North", 3)
    page = client.get(f"{url}/questions/postcode/edit").get_data(as_text=True)
    assert 'name="setting-area_hint" type="text" value="North"' in page
    submit(client, f"{url}/questions/postcode/edit", {"text": "Your postcode?", "key": "postcode",
                                                      "setting-max_districts": "4"})
    question = draft_document(app)[0]["questions"][0]
    assert "area_hint" not in question and question["max_districts"] == 4


def test_a_question_changes_type_keeping_what_fits(app, admin_client):
    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    response = submit(admin_client, f"{url}/questions/how_found/type", {"type": "list"})
    assert response.headers["Location"].endswith("/questions/how_found/edit?type=list")
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "nsun | Through direct contact with NSUN" in page
    submit(admin_client, response.headers["Location"], {"text": "How did you come across the standards?",
                                                        "key": "how_found",
                                                        "options": "nsun | Through direct contact with NSUN\nOther"})
    question = draft_document(app, "sig-copy")[0]["questions"][2]
    assert (question["type"], [o["value"] for o in question["options"]]) == ("list", ["nsun", "other"])


def test_a_button_pressed_on_a_stale_page_is_refused_with_what_changed(app, admin_client):
    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    _document, revision = draft_document(app, "sig-copy")
    submit(admin_client, f"{url}/details", {"title": "Renamed meanwhile", "minutes": "5"})
    response = submit(admin_client, url, {"direction": "down"}, action_url=f"{url}/questions/organisation/move",
                      revision=revision)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this draft while you were working on it" in page
    assert "Title changed from “4Pi National Involvement Standards: signatories” to “Renamed meanwhile”" in page
    assert draft_document(app, "sig-copy")[0]["pages"][0]["questions"] == ["organisation", "role"]


def test_publish_is_offered_only_when_the_draft_has_changed_since_the_last_version(app, admin_client):
    from survey_engine.audit import COMMAND_LINE
    from survey_engine.library.actions import publish

    url = store_document(app, {**SIGNATORY, "id": "sig-copy"})
    assert "Publish" in text(admin_client.get(url))
    with app.app_context():
        publish("sig-copy", COMMAND_LINE)
    page = text(admin_client.get(url))
    assert "Nothing has changed since the last published version." in page and " Publish " not in page
    response = submit(admin_client, f"{url}/details", {"title": "Signatories, second wave"})
    assert response.status_code == 302, text(response)
    assert " Publish " in text(admin_client.get(url))
