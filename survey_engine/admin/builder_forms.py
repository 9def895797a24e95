"""Forms of the draft editor's pages; each carries the draft revision it was loaded at, to refuse stale saves."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from ..library.editing import KEY
from .forms import TextForm


def whole_number(form, field):
    text = (field.data or "").strip()
    if text and not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise ValidationError(_l("Enter a whole number of minutes, like 5"))


def a_number(form, field):
    text = (field.data or "").strip()
    if text:
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or value != value or value in (float("inf"), float("-inf")) or len(text) > 30:
            raise ValidationError(_l("Enter a number, like 10, or leave it blank"))


class DraftForm(TextForm):
    """A form on a draft: its hidden revision is the one the page showed, so a save over someone else's is refused."""

    revision = HiddenField(validators=[Regexp(r"\A\d{1,9}\Z", message=_l("Reload the page and try again"))])


class DetailsForm(DraftForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title")), Length(max=300)],
                        description=_l("Respondents see it on the start page and every page."))
    introduction = TextAreaField(_l("Introduction (optional)"), validators=[Optional(), Length(max=5000)],
                                 description=_l("Shown on the start page: what the questionnaire is about and why "
                                                "answering matters."))
    minutes = StringField(_l("Estimated minutes to answer (optional)"), validators=[whole_number],
                          description=_l("Shown on the start page and in invitation emails."))
    organisation_kind = StringField(_l("Kind of organisation (optional)"), validators=[Optional(), Length(max=100)],
                                    description=_l("Given to organisations first named in its answers, such as "
                                                   "signatory or trust, to filter summaries by."))


class PageForm(DraftForm):
    title = StringField(_l("Page title"), validators=[DataRequired(_l("Enter a title for the page")),
                                                      Length(max=300)],
                        description=_l("Shown as the page's heading."))
    introduction = TextAreaField(_l("Introduction (optional)"), validators=[Optional(), Length(max=5000)],
                                 description=_l("Lead text under the title."))


class TypeForm(DraftForm):
    type = RadioField(_l("What kind of answer do you need?"),
                      validators=[InputRequired(_l("Select the kind of answer you need"))])


class QuestionForm(DraftForm):
    """A question's text and settings; the fields its type does not use are left out of the page."""

    text = StringField(_l("Question"), validators=[DataRequired(_l("Enter the question")), Length(max=1000)])
    hint = StringField(_l("Hint text (optional)"), validators=[Optional(), Length(max=1000)],
                       description=_l("Help that appears under the question, like an example answer."))
    key = StringField(_l("Short name in downloads (optional)"), validators=[
        Optional(), Length(max=100, message=_l("Use 100 characters or fewer")),
        Regexp(KEY, message=_l("Start with a letter; use letters, digits and underscores, like used_standards"))],
        description=_l("Names the question's column in downloads and imports. Left blank, it is made from the "
                       "question. Keep it the same between versions so their answers are counted together."))
    optional = BooleanField(_l("Make this question optional"),
                            description=_l("Respondents can leave it blank."))
    options = TextAreaField(_l("Options"), validators=[Length(max=20000)],
                            description=_l("One per line, in the order they are shown. To store a short value in "
                                           "downloads, write it first and a vertical bar, like: "
                                           "nsun | Through direct contact with NSUN"))
    other = BooleanField(_l("Offer “Other, please specify” with a text box"))
    not_sure = BooleanField(_l("Offer “Not sure” as a third answer"))
    minimum = StringField(_l("Smallest number accepted (optional)"), validators=[a_number])
    maximum = StringField(_l("Largest number accepted (optional)"), validators=[a_number])

    def validate_maximum(self, field):
        if (self.minimum.data or "").strip() and (field.data or "").strip() and not self.minimum.errors:
            try:
                if float(field.data) < float(self.minimum.data):
                    raise ValidationError(_l("The largest number must be at least the smallest"))
            except ValueError:
                pass


class ChooseQuestionForm(DraftForm):
    question = RadioField(_l("Which question?"), validators=[InputRequired(_l("Select a question"))])


class AnswersForm(DraftForm):
    answers = SelectMultipleField(_l("Which answers?"), validators=[InputRequired(_l("Select at least one answer"))])


class JoinerForm(DraftForm):
    joiner = RadioField(_l("When there are several rules, ask the question if"), default="and",
                        choices=[SelectChoice("and", _l("all of them are true (and)")),
                                 SelectChoice("or", _l("any one of them is true (or)"))],
                        validators=[InputRequired(_l("Select and or or"))])


class HeadlineForm(DraftForm):
    text = StringField(_l("The statement"), validators=[DataRequired(_l("Enter the statement")), Length(max=1000)],
                       description=_l("In the report's words, to follow “72% of respondents”, like: had used the "
                                      "standards in their work"))
    values = SelectMultipleField(_l("The answers that count"),
                                 validators=[InputRequired(_l("Select at least one answer that counts"))])
    base = RadioField(_l("Percentage of"), default="answered", validators=[InputRequired()], choices=[
        SelectChoice("answered", _l("Those who answered the question")),
        SelectChoice("asked", _l("Those who were asked the question, answered or not")),
        SelectChoice("respondents", _l("Every respondent")),
        SelectChoice("invited", _l("Everyone invited"))])
