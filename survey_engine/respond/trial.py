"""Staff trying a draft survey at its real link: their responses are marked as tests and never counted."""
from flask import g
from flask_login import current_user


def trying(survey):
    """Whether this request is signed-in staff trying `survey` while it is still a draft."""
    # Only a draft: responses made while a survey is open are never tests, whoever makes them.
    return survey.status == "draft" and current_user.is_authenticated


def note_trial(survey=None, response=None):
    """Remember for this request's pages that the browser is trying the survey or holds a test response."""
    if survey is not None and trying(survey):
        g.trying = True
    if response is not None and response.is_test:
        g.trying = True


def banner_context():
    """`trying` for the base template's banner: every respondent page says its answers will not be counted."""
    return {"trial_banner": bool(g.get("trying"))}
