"""The 4Pi signatories survey of NSUN's 4Pi Reality and Impact project."""
import os

from survey_engine import hookimpl
from survey_engine.questionnaire import DemoSurvey, Equals, Headline, Page, Question, Questionnaire, options

USED_THEM = Equals("used", "yes")

DIFFERENCES = options(
    ("quality", "Improved the quality of involvement opportunities"),
    ("staff-understanding", "Improved staff understanding of how to involve people in the best possible way"),
    ("broader-range", "Created a broader range of involvement opportunities"),
    ("support-services", "Improved the support / services that we provide to people"),
    ("service-user-led", "Enabled us to become more service user led"),
    ("experiences", "Improved service user experiences of being involved"),
    ("confidence", "Improved service user confidence"),
    ("understanding-of-work", "Improved people's understanding of the work of our organisation"),
    ("cv", "Helped service users to improve or expand their CV"),
    ("wellbeing", "Improved service user mental health and wellbeing"),
)

#: Each difference in the report's own words, for its headline.
REPORT_WORDS = (
    ("quality", "improved the quality of involvement opportunities"),
    ("staff-understanding", "improved staff understanding of how to involve people in the best possible way"),
    ("broader-range", "created a broader range of involvement opportunities"),
    ("support-services", "improved the support / services that they provide to people"),
    ("service-user-led", "enabled them to become more service user led"),
    ("experiences", "improved service user experiences of being involved"),
    ("confidence", "improved service user confidence"),
    ("understanding-of-work", "improved people's understanding of the work of their organisation"),
    ("cv", "helped service users to improve or expand their CV"),
    ("wellbeing", "improved service user mental health and wellbeing"),
)

QUESTIONNAIRE = Questionnaire(
    id="signatory-survey",
    version=1,
    title="4Pi National Involvement Standards: signatories",
    introduction=(
        "Your organisation signed up to the 4Pi National Involvement Standards. The National Survivor User "
        "Network (NSUN) wants to find out how the standards have been used since they were launched in 2013, "
        "and the difference they have made."),
    minutes=5,
    organisation_kind="signatory",
    pages=[
        Page("About you", [
            Question("organisation", "organisation", "Which organisation do you work for?"),
            Question("role", "short_text", "What is your role?", required=False),
        ]),
        Page("Finding the standards", [
            Question("how_found", "single_choice", "How did you come across the standards?",
                     options=options(
                         ("nsun", "Through direct contact with NSUN"),
                         ("colleague", "Through a colleague or partner organisation"),
                         ("online", "Whilst looking online"),
                         ("event", "At an event or training"),
                         ("another-way", "Another way"))),
        ]),
        Page("Using the standards", [
            Question("used", "yes_no", "Has your organisation used the standards in its work?"),
        ]),
        Page("The difference the standards have made", [
            Question("differences", "multiple_choice", "What difference have the standards made?",
                     options=DIFFERENCES, other=True, condition=USED_THEM),
            Question("how_used", "long_text", "How have you used the standards?",
                     hint="For example, a self-assessment tool, a charter, a local set of standards, strategy, "
                          "partner working arrangements",
                     required=False, condition=USED_THEM),
        ]),
        Page("Training and guidance", [
            Question("training", "yes_no",
                     "Would you benefit from additional training and guidance on how to use the standards?",
                     required=False),
            Question("colleagues_training", "yes_no", "Would your colleagues find this useful too?",
                     required=False),
            Question("comments", "long_text",
                     "Is there anything else you would like to tell us about the standards?",
                     hint="For example, how having a reputed framework has helped you, or what could be "
                          "brought up to date",
                     required=False),
        ]),
    ],
    # Each follows "80% of respondents", so the summary prints a sentence, as the report does.
    headlines=[
        Headline("came across the standards through direct contact with NSUN", "how_found", "nsun"),
        Headline("had used the standards in their work", "used", "yes"),
    ] + [Headline(f"who had used the standards said they had {words}", "differences", value)
         for value, words in REPORT_WORDS] + [
        Headline("felt that they would benefit from additional training and guidance on how to use the standards",
                 "training", "yes"),
        Headline("said their colleagues would find this useful too", "colleagues_training", "yes"),
    ],
)


#: The demo's responses (see questionnaires/demo_data/README.md).
DEMO_RESPONSES = os.path.join(os.path.dirname(__file__), "demo_data", "signatory_survey.csv")


@hookimpl
def register_questionnaires():
    return [QUESTIONNAIRE]


@hookimpl
def register_demo_surveys():
    return [DemoSurvey("reality-and-impact-signatories", QUESTIONNAIRE.id, "4Pi Reality and Impact: 4Pi signatories",
                       responses=DEMO_RESPONSES)]
