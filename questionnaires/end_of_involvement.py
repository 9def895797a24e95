"""The "end of involvement" questionnaire the 4Pi standards call for under Impact, question 3
(end_of_involvement.json)."""
import os

from survey_engine.api import DemoSurvey, hookimpl, load_document

QUESTIONNAIRE = load_document(__name__, "end_of_involvement.json")

#: The demo's responses (see questionnaires/demo_data/README.md).
DEMO_RESPONSES = os.path.join(os.path.dirname(__file__), "demo_data", "end_of_involvement.csv")


@hookimpl
def register_questionnaires():
    return [QUESTIONNAIRE]


@hookimpl
def register_demo_surveys():
    return [DemoSurvey("end-of-involvement-demo", QUESTIONNAIRE.id, "End of involvement questionnaire (demo)",
                       responses=DEMO_RESPONSES)]
