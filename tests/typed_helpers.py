"""Helpers for tests of the date, rating and list question types: a questionnaire that uses all three."""

#: An instance-folder plugin that registers a questionnaire and nothing else: the types are the engine's own.
QUESTIONNAIRE_PLUGIN = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import Page, Question, Questionnaire, options

TRUSTS = options(*[f"Trust number {n}" for n in range(1, 57)])


@hookimpl
def register_questionnaires():
    return [Questionnaire(id="typed", version=1, title="Typed", introduction="Three new types.", pages=[
        Page("Your visit", [
            Question("when", "date", "When did you last visit?", hint="For example, 27 3 2024"),
            Question("score", "rating", "How was it?", scale_minimum=0, scale_maximum=10,
                     minimum_label="Very poor", maximum_label="Excellent"),
            Question("trust", "list", "Which Trust?", options=TRUSTS),
        ])])]
'''

#: A second instance-folder plugin that makes `survey-engine demo` create the "typed" survey, open, for a browser.
DEMO_PLUGIN = '''
from survey_engine import hookimpl
from survey_engine.questionnaire import DemoSurvey


@hookimpl
def register_demo_surveys(app):
    return [DemoSurvey(slug="typed", questionnaire_id="typed", title="Typed")]
'''
