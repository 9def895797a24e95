"""A small questionnaire document with a condition and a headline, for the questionnaire library's tests."""
import copy

DOCUMENT = {
    "id": "wellbeing",
    "version": 1,
    "title": "Wellbeing check",
    "introduction": "A short check on how involvement went.",
    "minutes": 2,
    "pages": [
        {"title": "Taking part", "questions": ["involved"]},
        {"title": "How it went", "questions": ["how", "comments"]},
    ],
    "questions": [
        {"key": "involved", "type": "yes_no", "text": "Were you involved this year?"},
        {"key": "how", "type": "single_choice", "text": "How did it go?",
         "options": [{"value": "well", "label": "Well"}, {"value": "badly", "label": "Badly"}],
         "condition": {"op": "equals", "question": "involved", "value": "yes"}},
        {"key": "comments", "type": "long_text", "text": "Anything else?", "required": False},
    ],
    "headlines": [{"text": "were involved this year", "question": "involved", "values": ["yes"]}],
}


def document(**changes):
    """A fresh copy of DOCUMENT with top-level fields replaced."""
    return {**copy.deepcopy(DOCUMENT), **changes}
