"""A survey's own settings page: what respondents are told about it, its closing date, listing and privacy."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from ..models.survey import ANONYMITY, MAX_RETENTION_DAYS
from ..survey_settings import TEXTS, Settings, SettingsError, change_settings, current_settings
from . import bp
from .access import admin_required
from .forms import TextForm
from .surveys import survey_or_404


class SurveySettingsForm(TextForm):
    """Every setting on one page; blank texts mean the site's or the engine's default words."""

    description = TextAreaField(_l("What this survey is about"), description=_l(
        "Shown on the start page, above the questionnaire's introduction, and in the default invitation email."))
    privacy_notice = TextAreaField(_l("Why you ask and how the answers are used"), description=_l(
        "The privacy notice's own words. Leave blank for the engine's: the answers are read together and "
        "published only as totals."))
    privacy_contact = TextAreaField(_l("Privacy contact"), description=_l(
        "Who respondents contact to see, correct or withdraw their answers: an email address, or a few words. "
        "Leave blank for the site's privacy contact."))
    support_message = TextAreaField(_l("Support message"), description=_l(
        "Shown on the start and confirmation pages, for anyone who finds answering difficult. Leave blank for "
        "the site's support message."))
    next_steps = TextAreaField(_l("What happens next"), description=_l(
        "Shown on the confirmation page, for example: we will publish what we learned in the spring. Leave blank "
        "for the engine's words."))
    closes = DateField(_l("Closes on"), validators=[Optional()], description=_l(
        "Answerable until the end of this day. Leave blank for no closing date."))
    listed = RadioField(_l("List it on the home page?"), validators=[InputRequired()], choices=[
        SelectChoice("yes", _l("Yes, anyone visiting the site sees it while it is open")),
        SelectChoice("no", _l("No, only people with the link can find it"))])
    anonymity = RadioField(_l("Anonymity"), validators=[InputRequired()], choices=[
        SelectChoice("anonymous", _l("Anonymous: responses are never linked to contacts")),
        SelectChoice("identified", _l("Identified: each response is linked to its contact"))], description=_l(
        "Once there are responses, an anonymous survey cannot become identified."))
    # Its bounds are checked by the action, in the same words as `surveys privacy`.
    retention_days = IntegerField(_l("Days to keep contacts' personal data after closing"), validators=[
        InputRequired(_l("Enter the retention period as a number of days"))],
        description=_l("Names and email addresses are erased this many days after the survey closes; the "
                       "privacy notice says so."))


TEXT_ROWS = {"description": 4, "privacy_notice": 5, "privacy_contact": 2, "support_message": 3, "next_steps": 3}


@bp.route("/surveys/<slug>/settings", methods=["GET", "POST"])
@admin_required
def survey_settings(slug):
    """Change the survey's settings; on an error every field keeps what was typed."""
    survey = survey_or_404(slug)
    form = SurveySettingsForm()
    if request.method == "GET":
        settings = current_settings(survey)
        for name in TEXTS:
            getattr(form, name).data = getattr(settings, name)
        form.closes.data = settings.closes
        form.listed.data = "yes" if settings.listed else "no"
        form.anonymity.data, form.retention_days.data = settings.anonymity, settings.retention_days
    elif form.validate_on_submit():
        settings = Settings(closes=form.closes.data, listed=form.listed.data == "yes",
                            anonymity=form.anonymity.data if form.anonymity.data in ANONYMITY else None,
                            retention_days=form.retention_days.data,
                            **{name: getattr(form, name).data or "" for name in TEXTS})
        try:
            change_settings(survey, current_user._get_current_object(), settings)
        except SettingsError as exc:
            for name, problem in exc.problems.items():
                getattr(form, name).errors = [*getattr(form, name).errors, problem[:1].upper() + problem[1:]]
        else:
            flash(_("The survey's settings are saved."), "success")
            return redirect(url_for(".survey", slug=survey.slug) + "#settings")
    return render_template("admin/survey_settings.html", survey=survey, form=form, text_fields=list(TEXTS),
                           text_rows=TEXT_ROWS, max_retention_days=MAX_RETENTION_DAYS)
