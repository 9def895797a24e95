"""The site's settings page (admins): the organisation's name and logo, the default privacy contact and support
message; and finding a response by the reference number its respondent was given."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField

from ..extensions import db
from ..models import Response
from ..models.response import reference_key, shown_reference
from ..models.site import MAX_LOGO_BYTES
from ..site import SiteSettingsError, change_site_settings, default_support_message, stored
from . import bp
from .access import admin_required, staff_required
from .surveys import survey_or_404


class SiteSettingsForm(FlaskForm):
    """The site's settings; a multipart form, for the logo."""

    organisation_name = StringField(_l("Organisation name"), description=_l(
        "Shown in every page's header and footer, and in emails as who is asking. Leave blank for the SITE_NAME "
        "setting, or survey-engine."))
    logo = FileField(_l("Logo (optional)"), description=_l(
        "A PNG or JPEG image, smaller than %(size)s KB, shown in the header beside the name.",
        size=MAX_LOGO_BYTES // 1024))
    logo_alt = StringField(_l("Logo text alternative"), description=_l(
        "Required with a logo: what the logo says, for people who cannot see it, such as \"NSUN logo\"."))
    remove_logo = BooleanField(_l("Remove the logo"))
    privacy_contact = TextAreaField(_l("Privacy contact"), description=_l(
        "Who respondents contact to see, correct or withdraw their answers, on every survey's privacy notice "
        "unless the survey names its own: an email address, or a few words. Leave blank for the address "
        "emails are sent from (MAIL_DEFAULT_SENDER)."))
    support_message = TextAreaField(_l("Support message"), description=_l(
        "Shown on every survey's start and confirmation pages unless the survey has its own."))


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def site_settings():
    """Show and change the site's settings; on an error every field keeps what was typed (the logo is chosen again)."""
    form = SiteSettingsForm()
    row = stored()
    if request.method == "GET" and row is not None:
        for name in ("organisation_name", "logo_alt", "privacy_contact", "support_message"):
            getattr(form, name).data = getattr(row, name)
    if form.validate_on_submit():
        upload = form.logo.data
        logo = upload.stream.read(MAX_LOGO_BYTES + 1) if upload and getattr(upload, "filename", "") else None
        try:
            change_site_settings(current_user._get_current_object(), form.organisation_name.data,
                                 form.logo_alt.data, form.privacy_contact.data, form.support_message.data,
                                 logo=logo or None, remove_logo=form.remove_logo.data)
        except SiteSettingsError as exc:
            for name, problem in exc.problems.items():
                getattr(form, name).errors = [*getattr(form, name).errors, problem]
        else:
            flash(_("The site's settings are saved."), "success")
            return redirect(url_for(".site_settings"))
    return render_template("admin/site_settings.html", form=form, has_logo=row is not None and row.logo is not None,
                           default_support=default_support_message())


@bp.route("/surveys/<slug>/responses/find")
@staff_required
def find_response(slug):
    """Find the response a respondent's reference number names: its number and state, and (admins) deleting it."""
    survey = survey_or_404(slug)
    typed = request.args.get("reference", "")
    key, response, error = reference_key(typed), None, None
    if key is None:
        error = _("Enter a reference number of 12 letters and digits, such as K7QM-2XHD-9RTB") if typed else None
    else:
        response = db.session.execute(db.select(Response).filter_by(survey_id=survey.id, reference=key)
                                      ).scalar_one_or_none()
        if response is None:
            error = _("This survey has no response with the reference %(reference)s", reference=shown_reference(key))
    return render_template("admin/find_response.html", survey=survey, response=response, typed=typed, error=error,
                           reference=shown_reference(key) if key else "")
