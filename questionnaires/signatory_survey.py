"""The 4Pi signatories survey of NSUN's 4Pi Reality and Impact project (signatory_survey.json)."""
import os

from survey_engine.api import DemoSurvey, hookimpl, load_document

QUESTIONNAIRE = load_document(__name__, "signatory_survey.json")

#: The demo's responses (see questionnaires/demo_data/README.md).
DEMO_RESPONSES = os.path.join(os.path.dirname(__file__), "demo_data", "signatory_survey.csv")


@hookimpl
def register_questionnaires():
    return [QUESTIONNAIRE]


@hookimpl
def register_demo_surveys():
    return [DemoSurvey("reality-and-impact-signatories", QUESTIONNAIRE.id, "4Pi Reality and Impact: 4Pi signatories",
                       responses=DEMO_RESPONSES)]
