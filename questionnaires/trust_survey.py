"""The Mental Health NHS Trusts survey of NSUN's 4Pi Reality and Impact project (trust_survey.json)."""
import os

from survey_engine.api import DemoSurvey, hookimpl, load_document

QUESTIONNAIRE = load_document(__name__, "trust_survey.json")

#: The demo's responses (see questionnaires/demo_data/README.md).
DEMO_RESPONSES = os.path.join(os.path.dirname(__file__), "demo_data", "trust_survey.csv")


@hookimpl
def register_questionnaires():
    return [QUESTIONNAIRE]


@hookimpl
def register_demo_surveys():
    return [DemoSurvey("reality-and-impact-trusts", QUESTIONNAIRE.id,
                       "4Pi Reality and Impact: Mental Health NHS Trusts", responses=DEMO_RESPONSES)]
