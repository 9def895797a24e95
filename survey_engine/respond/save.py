"""Save and come back later: choosing an emailed link or a written code, and coming back by either on any device."""
from flask import current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..dates import until_phrase
from ..extensions import db, limiter
from ..mailer import MailError, send_email
from ..resume import find_response, issue, shown_code, withdraw
from . import bp
from .forms import CodeForm, SaveForm
from .views import current_response, load_survey, refusal, remember_response, response_or_start, resume_url


def _sent_email(response):
    """Only emails sent count towards their limit: a form with a mistake in it does not."""
    return bool(g.get("sent_resume_email"))


def _wrong_key(response):
    """Only keys that found nothing count towards the limits: guessing is slowed, coming back never."""
    return bool(g.get("wrong_resume_key"))


def _survey_key():
    """The per-survey limit's key: every address guessing at one survey's codes shares it."""
    return "resume-survey:" + (request.view_args or {}).get("slug", "")[:100]


def _in_progress(slug):
    """(survey, response, None), or (None, None, the page to send instead)."""
    survey = load_survey(slug)
    refused = refusal(survey, current_response(survey))
    if refused is not None:
        return None, None, refused
    response, elsewhere = response_or_start(survey)
    if elsewhere:
        return None, None, elsewhere
    return survey, response, None


def link_for(survey, token):
    """The absolute link in the email: BASE_URL (when set) or this site's address + /s/<slug>/resume/<token>."""
    base = current_app.config.get("BASE_URL")
    path = url_for(".resume_link", slug=survey.slug, token=token)
    return f"{base.rstrip('/')}{path}" if base else url_for(".resume_link", slug=survey.slug, token=token,
                                                              _external=True)


def until(survey, expires_at):
    """Until when a key works, in words of the page's language."""
    return until_phrase(expires_at)


def email_body(survey, link, when):
    """The email's plain words: the link, until when it works, and that the address was not kept."""
    return "\n".join([
        _("You asked to save your answers to “%(title)s” and come back later.", title=survey.title), "",
        _("Open this link to carry on where you left off, on any device:"), link, "",
        _("The link works until %(when)s. Anyone who has it can see and change your answers, so please do not "
          "forward it.", when=when), "",
        _("We used your email address only to send you this message. It is not stored."),
    ])


@bp.route("/<slug>/save", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESUME_EMAIL_LIMIT"], methods=["POST"], deduct_when=_sent_email,
               scope="resume-email")
def save(slug):
    """Choose how to come back: a link emailed (the address used for nothing else) or a code shown once."""
    survey, response, instead = _in_progress(slug)
    if instead is not None:
        return instead
    form = SaveForm()
    error = None
    if form.validate_on_submit():
        kind = "link" if form.how.data == "email" else "code"
        key, expires_at = issue(response, kind)
        db.session.commit()
        when = until(survey, expires_at)
        if kind == "code":
            page = make_response(render_template("respond/saved_code.html", survey=survey, code=shown_code(key),
                                                 when=when))
            page.headers["Cache-Control"] = "no-store"  # the code must not stay in a shared computer's cache
            return page
        address = form.email.data.strip()
        try:
            send_email(address, _("Come back to your answers: %(title)s", title=survey.title),
                       email_body(survey, link_for(survey, key), when))
        except MailError as exc:
            current_app.logger.warning("a resume link could not be emailed: %s", exc)
            withdraw("link", key)
            db.session.commit()
            error = _("Sorry, we could not send the email just now. Try again later, or choose a code instead.")
        else:
            g.sent_resume_email = True
            return render_template("respond/saved_email.html", survey=survey, address=address, when=when)
    return render_template("respond/save.html", survey=survey, form=form, error=error,
                           invited=survey.access == "invite", carry_on=resume_url(survey, response))


def _come_back(survey, response):
    """This browser now holds `response`: carry on at its first question not yet answered."""
    remember_response(survey, response)
    target = redirect(resume_url(survey, response))
    target.headers["Referrer-Policy"] = "no-referrer"
    target.headers["Cache-Control"] = "no-store"
    return target


@bp.route("/<slug>/resume/<token>")
@limiter.limit(lambda: current_app.config["RESUME_LINK_LIMIT"], deduct_when=_wrong_key, scope="resume-link")
def resume_link(slug, token):
    """An emailed link: this browser takes up the response and the token leaves the address bar."""
    survey = load_survey(slug)
    response = find_response(survey, "link", token)
    if response is None:
        g.wrong_resume_key = True
        page = make_response(render_template("respond/resume_unknown.html", survey=survey), 404)
        page.headers["Referrer-Policy"] = "no-referrer"
        return page
    return _come_back(survey, response)


@bp.route("/<slug>/resume", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESUME_CODE_LIMIT"], methods=["POST"], deduct_when=_wrong_key,
               scope="resume-code")
@limiter.limit(lambda: current_app.config["RESUME_CODE_SURVEY_LIMIT"], methods=["POST"], deduct_when=_wrong_key,
               key_func=_survey_key, scope="resume-code-survey")
def resume_code(slug):
    """Come back with a written code, on any device."""
    survey = load_survey(slug)
    form = CodeForm()
    if form.validate_on_submit():
        response = find_response(survey, "code", form.code.data)
        if response is not None:
            return _come_back(survey, response)
        g.wrong_resume_key = True
        form.code.errors.append(_("That code does not match a saved response to this survey. Check it and try "
                                  "again: codes stop working when the survey closes or the answers are sent."))
    return render_template("respond/resume_code.html", survey=survey, form=form)
