"""The "end of involvement" questionnaire the 4Pi standards call for under Impact, question 3."""
import os

from survey_engine import hookimpl
from survey_engine.questionnaire import DemoSurvey, Equals, Page, Question, Questionnaire, options

PREFER_NOT_TO_SAY = ("prefer-not-to-say", "Prefer not to say")
MONITORING = Equals("equality_monitoring", "yes")


def agree(key, text, hint=""):
    """A plain-language statement answered on the five-point agreement scale; never required."""
    return Question(key, "agreement", text, hint=hint, required=False)


def monitoring(key, text, choices, hint=""):
    """An optional equality monitoring question, always with "prefer not to say"."""
    return Question(key, "single_choice", text, hint=hint, required=False, condition=MONITORING,
                    options=options(*choices, PREFER_NOT_TO_SAY))


QUESTIONNAIRE = Questionnaire(
    id="end-of-involvement",
    version=1,
    title="How did your involvement go?",
    introduction=(
        "You have been involved as a service user or carer. We want to know how it went for you, so we can "
        "do better next time. There are no right or wrong answers, and every question can be skipped.\n\n"
        "The statements follow the 4Pi National Involvement Standards: Principles, Purpose, Presence, "
        "Process and Impact."),
    minutes=10,
    pages=[
        Page("About your involvement", [
            Question("activity", "short_text", "What were you involved in?",
                     hint="For example, an interview panel, a service design group or a research project",
                     required=False),
            Question("involved_as", "single_choice", "Were you involved as a", required=False,
                     options=options(("service-user", "Service user"), ("carer", "Carer"),
                                     ("both", "Both"), PREFER_NOT_TO_SAY)),
        ]),
        Page("Principles", [
            agree("principles_respect", "I was listened to with respect and openness."),
            agree("principles_equal", "I was treated as an equal partner, not just someone to consult."),
            agree("principles_inclusive", "The activity was inclusive and fair to everyone taking part."),
            agree("principles_language", "People were careful about the language they used."),
        ], introduction="How people worked together."),
        Page("Purpose", [
            agree("purpose_clear", "The purpose of my involvement was clear from the start."),
            agree("purpose_role", "I understood what my role was."),
            agree("purpose_limits", "I was told honestly what I could and could not influence."),
        ], introduction="Why you were involved."),
        Page("Presence", [
            agree("presence_decisions", "Service users and carers were involved where decisions were made."),
            agree("presence_diverse", "People from diverse backgrounds and communities were involved."),
            agree("presence_not_alone", "I was never the only service user or carer in the room."),
        ], introduction="Who was involved, and where."),
        Page("Process: engagement and communication", [
            agree("process_adjustments", "Meetings were arranged at times and in ways that worked for me."),
            agree("process_jargon", "Jargon was avoided, or explained when it was used."),
            agree("process_papers", "Papers were sent to me in good time to prepare."),
            agree("process_feedback", "I was told what happened as a result of my involvement."),
        ]),
        Page("Process: support, training and practical issues", [
            agree("process_support", "I had the support I needed (practical, supervision or emotional)."),
            agree("process_training", "I was offered training that helped me take part."),
            agree("process_payment_clear", "It was clear from the start what fees and expenses would be paid."),
            agree("process_payment_prompt", "My fees and expenses were paid promptly."),
        ]),
        Page("Impact", [
            agree("impact_difference", "My involvement made a difference to the end result."),
            agree("impact_beyond", "My involvement made a difference beyond the activity itself, "
                                   "for example to services."),
            agree("impact_me", "Being involved was good for me, for example for my skills or confidence."),
            agree("impact_again", "I would like to be involved again."),
        ]),
        Page("In your own words", [
            Question("went_well", "long_text", "What went well?", required=False),
            Question("could_be_better", "long_text", "What could be better?", required=False),
        ]),
        Page("Equality monitoring", [
            Question("equality_monitoring", "yes_no",
                     "Would you like to answer some optional equality monitoring questions?",
                     hint="They help us check that involvement reaches everyone. Choosing no skips them all.",
                     required=False),
        ]),
        Page("About you (optional)", [
            monitoring("age", "What is your age?", [
                ("under-25", "Under 25"), ("25-34", "25 to 34"), ("35-44", "35 to 44"), ("45-54", "45 to 54"),
                ("55-64", "55 to 64"), ("65-plus", "65 or over")]),
            monitoring("gender", "What is your gender?", [
                ("woman", "Woman"), ("man", "Man"), ("non-binary", "Non-binary"),
                ("self-describe", "I describe my gender another way")]),
            monitoring("ethnicity", "What is your ethnic group?", [
                ("asian", "Asian or Asian British"), ("black", "Black, Black British, Caribbean or African"),
                ("mixed", "Mixed or multiple ethnic groups"), ("white", "White"),
                ("other", "Another ethnic group")]),
            monitoring("disability", "Do you consider yourself to be disabled?", [
                ("yes", "Yes"), ("no", "No")],
                hint="Including long-term mental health conditions"),
            monitoring("sexual_orientation", "Which of the following best describes your sexual orientation?", [
                ("heterosexual", "Heterosexual or straight"), ("gay-lesbian", "Gay or lesbian"),
                ("bisexual", "Bisexual"), ("other", "Another sexual orientation")]),
        ]),
    ],
)


#: The demo's responses (see questionnaires/demo_data/README.md).
DEMO_RESPONSES = os.path.join(os.path.dirname(__file__), "demo_data", "end_of_involvement.csv")


@hookimpl
def register_questionnaires():
    return [QUESTIONNAIRE]


@hookimpl
def register_demo_surveys():
    return [DemoSurvey("end-of-involvement-demo", QUESTIONNAIRE.id, "End of involvement questionnaire (demo)",
                       responses=DEMO_RESPONSES)]
