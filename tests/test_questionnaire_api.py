"""The authoring API: conditions as data, and the checks a questionnaire must pass at start-up."""
import pytest

from survey_engine.conditions import And, AnySelected, Equals, Not, OneOf, Or, from_dict
from survey_engine.question_types import BUILTIN_TYPES
from survey_engine.questionnaire import Headline, Page, Question, Questionnaire, QuestionnaireError, options

TYPES = {cls.name: cls() for cls in BUILTIN_TYPES}


@pytest.mark.parametrize("condition, answers, expected", [
    (Equals("a", "yes"), {"a": "yes"}, True),
    (Equals("a", "yes"), {"a": "no"}, False),
    (Equals("a", "yes"), {}, False),
    (OneOf("a", ["x", "y"]), {"a": "y"}, True),
    (OneOf("a", ["x", "y"]), {"a": "z"}, False),
    (AnySelected("m", ["p", "q"]), {"m": ["q", "r"]}, True),
    (AnySelected("m", ["p"]), {"m": ["r"]}, False),
    (AnySelected("m"), {"m": ["r"]}, True),
    (AnySelected("m"), {}, False),
    (Not(Equals("a", "yes")), {"a": "no"}, True),
    (And(Equals("a", "yes"), Equals("b", "no")), {"a": "yes", "b": "no"}, True),
    (And(Equals("a", "yes"), Equals("b", "no")), {"a": "yes", "b": "yes"}, False),
    (Or(Equals("a", "yes"), Equals("b", "no")), {"a": "no", "b": "no"}, True),
    (Or(Equals("a", "yes"), Equals("b", "no")), {}, False),
])
def test_conditions_evaluate_and_round_trip(condition, answers, expected):
    assert condition.evaluate(answers) is expected
    rebuilt = from_dict(condition.to_dict())
    assert rebuilt == condition and rebuilt.evaluate(answers) is expected


def test_unknown_condition_operator():
    with pytest.raises(ValueError, match="unknown condition operator: 'eval'"):
        from_dict({"op": "eval", "question": "__import__('os')"})


def make(*pages, headlines=()):
    return Questionnaire(id="t", version=1, title="T", introduction="", pages=pages, headlines=headlines)


@pytest.mark.parametrize("questionnaire, message", [
    (make(Page("P", [Question("a", "yes_no", "A"), Question("a", "yes_no", "A again")])), "'a' is used twice"),
    (make(Page("P", [Question("a", "colour", "A")])), "unknown type 'colour'"),
    (make(Page("P", [Question("a", "single_choice", "A")])), "needs options"),
    (make(Page("P", [Question("a", "yes_no", "A", condition=Equals("zz", "yes"))])), "condition on 'zz'"),
    (make(Page("P", [Question("a", "yes_no", "A")]), headlines=[Headline("x", "b", "yes")]), "unknown question 'b'"),
    (make(Page("P", [])), "has no questions"),
])
def test_bad_questionnaires_are_refused(questionnaire, message):
    with pytest.raises(QuestionnaireError, match=message):
        questionnaire.check(TYPES)


def test_pages_asked_follow_the_answers():
    q = make(Page("One", [Question("a", "yes_no", "A")]),
             Page("Two", [Question("b", "short_text", "B", condition=Equals("a", "yes"))]),
             Page("Three", [Question("c", "multiple_choice", "C", options=options("Red", "Dark blue"))]))
    q.check(TYPES)
    assert q.asked_pages({"a": "yes"}) == [0, 1, 2]
    assert q.asked_pages({"a": "no"}) == [0, 2]
    assert [o.value for o in q.question("c").options] == ["red", "dark-blue"]


def test_builtin_questionnaires_declare_every_reported_figure(app):
    """Each figure of the reference report's two tables has a headline in a built-in questionnaire."""
    reg = app.extensions["survey_engine"]
    trust = [h.text for h in reg.questionnaire("trust-survey").headlines]
    signatory = [h.text for h in reg.questionnaire("signatory-survey").headlines]
    assert len(trust) == 9 and len(signatory) == 14
    assert "had heard of the standards previously" in trust
    assert ("who had used the standards said they had helped service users to improve or expand their CV"
            in signatory)
    differences = reg.questionnaire("signatory-survey").question("differences")
    assert differences.type == "multiple_choice" and differences.condition == Equals("used", "yes")
    assert reg.questionnaire("trust-survey").question("made_difference").condition == Equals("heard_before", "yes")
