"""The draft editor's edits on questionnaire documents: what each changes, and what each refuses (naming why)."""
import json
import pathlib

import pytest

from survey_engine.documents import default_types
from survey_engine.library import editing
from survey_engine.library.editing import EditRefused

SIGNATORY = json.loads((pathlib.Path(__file__).parent.parent / "questionnaires" / "signatory_survey.json").read_text())
TYPES = default_types()


def signatory():
    return json.loads(json.dumps(SIGNATORY))


def refusal(edit, *args):
    with pytest.raises(EditRefused) as caught:
        edit(*args)
    return " ".join(caught.value.problems)


def test_removing_a_question_that_conditions_and_a_headline_use_is_refused_naming_them():
    said = refusal(editing.remove_question, signatory(), TYPES, "used")
    assert "the condition on question “What difference have the standards made?” (differences)" in said
    assert "the condition on question “How have you used the standards?” (how_used)" in said
    assert "the headline “had used the standards in their work”" in said


def test_a_question_nothing_uses_is_removed_and_its_page_with_its_last_question():
    document = editing.remove_question(signatory(), TYPES, "role")
    assert document["pages"][0]["questions"] == ["organisation"]
    assert "role" not in [q["key"] for q in document["questions"]]
    document = editing.remove_question(document, TYPES, "organisation")
    assert [p["title"] for p in document["pages"]][0] == "Finding the standards"


def test_removing_a_page_takes_its_questions_unless_something_else_uses_them():
    said = refusal(editing.remove_page, signatory(), TYPES, 2)
    assert "(used) is used by the condition on question “What difference have the standards made?”" in said
    # Page 4's questions are used only by headlines: refused too.
    assert "headline" in refusal(editing.remove_page, signatory(), TYPES, 3)
    document = signatory()
    document["headlines"] = [h for h in document["headlines"] if h["question"] not in ("training",
                                                                                      "colleagues_training")]
    document = editing.remove_page(document, TYPES, 4)
    assert len(document["pages"]) == 4
    assert {"training", "colleagues_training", "comments"}.isdisjoint(q["key"] for q in document["questions"])


def test_moves_that_would_make_a_condition_look_forwards_are_refused():
    said = refusal(editing.move_page, signatory(), TYPES, 2, 1)
    assert "question 'differences' has a condition on 'used', which must be a question on an earlier page" in said
    said = refusal(editing.move_question, signatory(), TYPES, "differences", -1)
    assert "question 'differences' has a condition on 'used', which must be a question on an earlier page" in said
    assert "only question on page 3" in refusal(editing.move_question, signatory(), TYPES, "used", 1)
    document = editing.move_question(signatory(), TYPES, "how_used", -1)
    assert document["pages"][3]["questions"] == ["how_used", "differences"]
    assert [q["key"] for q in document["questions"]][4:6] == ["how_used", "differences"]
    document = editing.move_question(signatory(), TYPES, "role", 1)  # past its page's end: the next page's first
    assert document["pages"][0]["questions"] == ["organisation"]
    assert document["pages"][1]["questions"] == ["role", "how_found"]
    document = editing.move_page(signatory(), TYPES, 1, -1)
    assert [p["title"] for p in document["pages"]][:2] == ["Finding the standards", "About you"]
    assert [q["key"] for q in document["questions"]][:3] == ["how_found", "organisation", "role"]


def test_a_new_key_is_followed_by_the_conditions_and_headlines_that_use_it():
    _page, used = editing.find_question(signatory(), "used")
    document = editing.edit_question(signatory(), TYPES, "used", {**used, "key": "used_standards"})
    assert document["pages"][2]["questions"] == ["used_standards"]
    assert document["questions"][4]["condition"] == {"op": "equals", "question": "used_standards", "value": "yes"}
    assert document["headlines"][1]["question"] == "used_standards"
    assert "already has the key 'role'" in refusal(editing.edit_question, signatory(), TYPES, "used",
                                                   {**used, "key": "role"})


def test_an_answer_a_headline_or_condition_counts_cannot_be_edited_away():
    _page, differences = editing.find_question(signatory(), "differences")
    kept = {**differences, "options": differences["options"][1:]}
    said = refusal(editing.edit_question, signatory(), TYPES, "differences", kept)
    assert "The answer 'quality' is used by the headline “who had used the standards said they had improved the " \
           "quality of involvement opportunities”" in said
    _page, used = editing.find_question(signatory(), "used")
    said = refusal(editing.edit_question, signatory(), TYPES, "used", {**used, "type": "short_text"})
    assert "The answer 'yes' is used by the condition on question “What difference have the standards made?”" in said


def test_conditions_may_read_only_earlier_questions_and_their_answers():
    rule = {"op": "equals", "question": "comments", "value": "x"}
    assert "only use questions on earlier pages" in refusal(editing.set_condition, signatory(), TYPES, "role", rule)
    rule = {"op": "equals", "question": "used", "value": "maybe"}
    assert "has no answer 'maybe'" in refusal(editing.set_condition, signatory(), TYPES, "training", rule)
    rules = [editing.rule(editing.find_question(signatory(), "used")[1], ["yes", "no"], TYPES),
             editing.rule(editing.find_question(signatory(), "differences")[1], ["cv"], TYPES)]
    assert rules == [{"op": "one_of", "question": "used", "values": ["yes", "no"]},
                     {"op": "any_selected", "question": "differences", "values": ["cv"]}]
    document = editing.set_condition(signatory(), TYPES, "training", editing.joined("or", rules))
    assert editing.rules_of(document["questions"][6]["condition"]) == ("or", rules)
    assert editing.set_condition(document, TYPES, "training", None)["questions"][6]["condition"] is None


def test_headlines_count_answers_their_question_offers():
    headline = {"text": "would like training", "question": "training", "values": ["yes"], "base": "asked"}
    document, index = editing.add_headline(signatory(), TYPES, headline)
    assert document["headlines"][index] == headline
    assert "has no answer 'maybe'" in refusal(editing.add_headline, signatory(), TYPES, {**headline,
                                                                                        "values": ["maybe"]})
    document = editing.move_headline(document, TYPES, index, -1)
    assert document["headlines"][index - 1] == headline
    assert editing.remove_headline(document, TYPES, index - 1)["headlines"] == SIGNATORY["headlines"]


def test_options_are_typed_one_per_line_with_an_optional_value_and_hint():
    options = editing.options_from_lines("nsun | Through direct contact with NSUN\n\nAnother way\nx | Why | A hint\n")
    assert options == [{"value": "nsun", "label": "Through direct contact with NSUN"},
                       {"value": "another-way", "label": "Another way"},
                       {"value": "x", "label": "Why", "hint": "A hint"}]
    assert editing.options_from_lines(editing.options_as_lines(options)) == options


def test_what_each_type_uses_is_asked_of_the_type():
    uses = {name: editing.type_uses(qtype) for name, qtype in TYPES.items()}
    assert uses["yes_no"] == {"not_sure"}
    assert uses["multiple_choice"] == {"options", "other"}
    assert uses["single_choice"] == uses["list"] == {"options"}
    assert uses["number"] == {"range"}
    assert uses["short_text"] == uses["agreement"] == uses["rating"] == set()


def test_a_blank_draft_is_unfinished_but_not_broken():
    blank = {"id": "x", "version": 1, "title": "X", "pages": [], "questions": [], "headlines": []}
    assert editing.problems(blank, TYPES) == []
    assert editing.unfinished(blank)
    question = editing.new_question("enjoyed", "yes_no", "Did you enjoy it?")
    document, index = editing.add_page(blank, TYPES, "About you", "", question)
    assert (index, document["pages"], editing.unfinished(document)) == (
        0, [{"title": "About you", "introduction": "", "questions": ["enjoyed"]}], [])
    assert "already has the key" in refusal(editing.add_question, document, TYPES, 0, question)
    assert editing.suggest_key("Has your organisation used them?", {"has_your_organisation_used"}) == \
        "has_your_organisation_used_2"


class Marked:
    """Translations that wrap every message in « », so a message that bypassed gettext shows plain."""

    def ugettext(self, message):
        return f"«{message}»"

    gettext = ugettext


def test_every_refusal_goes_through_gettext(monkeypatch):
    import flask_babel
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: Marked())
    _page, used = editing.find_question(signatory(), "used")
    _page, differences = editing.find_question(signatory(), "differences")
    headline = {"text": "would like training", "question": "training", "values": ["yes"], "base": "asked"}
    refused = [
        (editing.remove_question, signatory(), TYPES, "used"),
        (editing.remove_page, signatory(), TYPES, 3),
        (editing.edit_page, signatory(), TYPES, 40, "Title", ""),
        (editing.reorder_pages, signatory(), TYPES, [0]),
        (editing.move_question, signatory(), TYPES, "used", 1),
        (editing.find_question, signatory(), "nothing"),
        (editing.add_page, signatory(), TYPES, "Title", "", used),
        (editing.add_question, signatory(), TYPES, 0, used),
        (editing.edit_question, signatory(), TYPES, "used", {**used, "key": "role"}),
        (editing.edit_question, signatory(), TYPES, "differences",
         {**differences, "options": differences["options"][1:]}),
        (editing.set_condition, signatory(), TYPES, "role", {"op": "equals", "question": "comments", "value": "x"}),
        (editing.set_condition, signatory(), TYPES, "training", {"op": "equals", "question": "used", "value": "no!"}),
        (editing.add_headline, signatory(), TYPES, {**headline, "question": "nothing"}),
        (editing.add_headline, signatory(), TYPES, {**headline, "values": [], "base": "everyone"}),
        (editing.add_headline, signatory(), TYPES, {**headline, "values": ["maybe"]}),
        (editing.remove_headline, signatory(), TYPES, 40),
    ]
    for edit, *args in refused:
        with pytest.raises(EditRefused) as caught:
            edit(*args)
        for problem in caught.value.problems:
            assert problem.startswith("«") and problem.endswith("»"), (edit.__name__, problem)
    blank = {"id": "x", "version": 1, "title": "X", "pages": [], "questions": [], "headlines": []}
    assert editing.unfinished(blank)[0].startswith("«")
    # Inside a refusal, the words naming what uses a question are translated too.
    said = refusal(editing.remove_question, signatory(), TYPES, "used")
    assert "«the condition on question “What difference have the standards made?” (differences)»" in said
