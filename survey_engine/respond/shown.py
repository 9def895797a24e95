"""The answers as the respondent reads them back: on the check page and on the copy to print."""
from flask_babel import gettext as _

from ..registry import registry
from ..translated import question_types
from .language import current_language


def shown_answers(questionnaire, answers):
    """[(question, the answer as the check page shows it, page number)] for every question asked, in order."""
    types = question_types(registry().question_types, questionnaire, current_language())
    rows = []
    for index in questionnaire.asked_pages(answers.values):
        for question in questionnaire.pages[index].asked_questions(answers.values):
            shown = types[question.type].display(question, answers.values.get(question.key),
                                                 answers.extras.get(question.key, {}))
            rows.append((question, shown or _("Not answered"), index + 1))
    return rows
