"""The Mental Health NHS Trusts survey of NSUN's 4Pi Reality and Impact project."""
import os

from survey_engine import hookimpl
from survey_engine.questionnaire import DemoSurvey, Equals, Headline, Page, Question, Questionnaire, options

HEARD_OF_THEM = Equals("heard_before", "yes")

QUESTIONNAIRE = Questionnaire(
    id="trust-survey",
    version=1,
    title="4Pi National Involvement Standards: Mental Health NHS Trusts",
    introduction=(
        "The National Survivor User Network (NSUN) wants to find out how the 4Pi National Involvement "
        "Standards have been used since they were launched in 2013, and the difference they have made.\n\n"
        "We are asking Patient and Public Participation Leads, or their nearest equivalents, in Mental "
        "Health NHS Trusts. Please answer even if you had not heard of the standards before."),
    minutes=5,
    organisation_kind="NHS Trust",
    pages=[
        Page("About you", [
            Question("organisation", "organisation", "Which NHS Trust do you work for?"),
            Question("role", "short_text", "What is your role?",
                     hint="For example, Patient and Public Participation Lead", required=False),
        ]),
        Page("Hearing about the standards", [
            Question("heard_before", "yes_no",
                     "Before you were asked to complete this survey, had you heard of the 4Pi National "
                     "Involvement Standards?"),
            Question("how_found", "single_choice", "How did you find out about the standards?",
                     options=options(
                         ("online", "Whilst looking online for best practice in involvement"),
                         ("nsun-or-colleague", "Directly through NSUN or a colleague"),
                         ("this-survey", "When I was asked to complete this survey"),
                         ("another-way", "Another way"))),
        ]),
        Page("Using the standards", [
            Question("used", "yes_no", "Have you used the standards in your work?", required=False),
            Question("encouraged_colleagues", "yes_no",
                     "Have you encouraged your colleagues to use the standards?"),
        ]),
        Page("The difference the standards make", [
            Question("made_difference", "yes_no",
                     "When they have been used, have the standards made a difference to your work?",
                     not_sure=True, condition=HEARD_OF_THEM),
            Question("how_used", "long_text", "How have the standards been used?",
                     hint="For example, shaping strategy, developing and delivering training, staff and service "
                          "user learning and development, creating networks, developing staff roles and teams",
                     required=False, condition=Equals("used", "yes")),
            Question("difference_made", "long_text", "What difference have the standards made?",
                     hint="For example, signposting, understanding of co-production, better involvement "
                          "processes, organisational culture change, how services are shaped and delivered",
                     required=False, condition=HEARD_OF_THEM),
        ]),
        Page("Information and support", [
            Question("more_information", "yes_no",
                     "Would you benefit from additional information about the standards and how to use them?"),
            Question("colleagues_information", "yes_no",
                     "Do you feel your colleagues would benefit from additional information about the "
                     "standards too?"),
            Question("comments", "long_text", "Is there anything else you would like to tell us?",
                     required=False),
        ]),
    ],
    headlines=[
        Headline("had heard of the standards previously", "heard_before", "yes"),
        Headline("had heard of them for the first time when asked to complete the survey", "how_found",
                 "this-survey"),
        Headline("found out about the standards whilst looking online for best practice in involvement",
                 "how_found", "online"),
        Headline("found out about them directly through NSUN or a colleague", "how_found", "nsun-or-colleague"),
        Headline("had used the standards in their work", "used", "yes"),
        Headline("had also encouraged their colleagues to use them", "encouraged_colleagues", "yes"),
        Headline("felt that the standards had made a difference to their work when they had been used",
                 "made_difference", "yes"),
        Headline("would benefit from additional information about the standards and how to use them",
                 "more_information", "yes"),
        Headline("felt that their colleagues would benefit from that too", "colleagues_information", "yes"),
    ],
)


#: The demo's responses (see questionnaires/demo_data/README.md).
DEMO_RESPONSES = os.path.join(os.path.dirname(__file__), "demo_data", "trust_survey.csv")


@hookimpl
def register_questionnaires():
    return [QUESTIONNAIRE]


@hookimpl
def register_demo_surveys():
    return [DemoSurvey("reality-and-impact-trusts", QUESTIONNAIRE.id, "4Pi Reality and Impact: Mental Health NHS Trusts",
                       responses=DEMO_RESPONSES)]
