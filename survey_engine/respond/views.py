"""Views of the respondent's flow; the response in progress is found through the session."""
from flask import abort, current_app, g, make_response, redirect, render_template, request, session, url_for

from ..answers import Answers, save_page, start_response, submit
from ..extensions import db, limiter
from ..models import Response
from ..registry import registry
from ..translated import in_language, question_types
from . import bp
from .browser import SESSION_KEY, forget_survey, keep_cookie, new_start_key, start_key_digest
from .forms import PageForm, StartForm, page_form
from .language import current_language
from .limits import started_a_response
from .lookup import survey_at
from .shown import shown_answers
from .trial import note_trial, trying


def load_survey(slug):
    """The survey at `slug` and its questionnaire, or the page saying why it can't be answered."""
    survey = survey_at(slug)
    if survey is None:
        abort(404)
    if not survey.is_open and not trying(survey):
        closed = survey.is_closed
        abort(make_response(render_template("respond/unavailable.html", survey=survey, closed=closed),
                            410 if closed else 403))
    if not registry().asks(survey):
        # Its plugin was disabled or dropped this version: tell staff in the log, the respondent in plain words.
        current_app.logger.error("survey %r asks questionnaire %s v%s, which no enabled plugin registers",
                                 survey.slug, survey.questionnaire_id, survey.questionnaire_version)
        abort(make_response(render_template("respond/unavailable.html", survey=survey, missing=True), 503))
    note_trial(survey)
    return survey


def refusal(survey, response):
    """The page to send instead when no plugin lets this browser answer `survey`, or None to carry on.

    Access fails closed: an invitation-only survey is 403 unless a plugin vouches for this browser. Staff trying a
    draft need no invitation: no plugin is asked.
    """
    if trying(survey):
        return None
    answer = registry().call("may_answer", survey=survey, response=response)
    if answer is True:
        return None
    if answer is not None and answer is not False:
        return answer
    if answer is False or survey.access == "invite":
        return make_response(render_template("respond/invitation_only.html", survey=survey), 403)
    return None


def current_response(survey):
    """This browser's response to `survey`, or None."""
    response_id = session.get(SESSION_KEY, {}).get(survey.slug)
    if response_id is None:
        return None
    # Read once a request: the identity map holds objects weakly, so a second get() would read the row again.
    read = g.setdefault("responses_read", {})
    if response_id not in read:
        read[response_id] = db.session.get(Response, response_id)
    response = read[response_id]
    if response is None or response.survey_id != survey.id:
        return None
    note_trial(response=response)
    return response


def remember_response(survey, response):
    """Let this browser come back to `response` later (for the browser session, unless set otherwise)."""
    responses = dict(session.get(SESSION_KEY, {}))
    responses[survey.slug] = response.id
    session[SESSION_KEY] = responses
    keep_cookie()


@bp.before_request
def shorten_old_cookies():
    """A cookie kept for days under an earlier setting lasts only for the browser session once the setting is 0."""
    if session.permanent and not current_app.config["RESPONDENT_REMEMBER_DAYS"]:
        session.permanent = False


def questionnaire_for(response):
    """The questionnaire `response` answers, in the page's language."""
    questionnaire = registry().questionnaire(response.survey.questionnaire_id, response.questionnaire_version)
    return in_language(questionnaire, current_language())


def response_or_start(survey):
    """The in-progress response, or a redirect: to the start page, or to the confirmation if submitted."""
    response = current_response(survey)
    if response is None:
        return None, redirect(url_for(".start", slug=survey.slug))
    if response.status == "submitted":
        return None, redirect(url_for(".done", slug=survey.slug))
    return response, None


@bp.route("/<slug>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESPONSE_START_LIMIT"], methods=["POST"], scope="response-start",
               deduct_when=started_a_response)
def start(slug):
    """The start page; its POST begins a response."""
    survey = load_survey(slug)
    questionnaire = in_language(registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version),
                                current_language())
    response = current_response(survey)
    refused = refusal(survey, response)
    if refused is not None:
        return refused
    instead = registry().call("before_start", survey=survey, response=response)
    if instead is not None:
        return instead
    form = StartForm()
    if request.method == "POST" and form.validate_on_submit():
        if response is None:
            response, created = start_response(survey, questionnaire.version,
                                               start_key_digest(form.start_key.data), is_test=trying(survey),
                                               language=current_language())
            note_trial(response=response)
            remember_response(survey, response)
            if created:
                g.started_a_response = True
                registry().call("response_started", survey=survey, response=response)
            return redirect(url_for(".page", slug=slug, number=questionnaire.asked_pages({})[0] + 1))
        return redirect(resume_url(survey, response))
    if request.method == "POST":
        abort(400)
    form.start_key.data = new_start_key()
    return render_template("respond/start.html", survey=survey, questionnaire=questionnaire,
                           response=response, form=form, may_start_again=may_start_again(survey, response))


def may_start_again(survey, response):
    """Whether the start page offers to detach `response` from this browser: while in progress, or once
    submitted if anyone with the link may answer (so another person can answer on this computer)."""
    if response is None:
        return False
    return response.status == "in_progress" or survey.access == "open"


@bp.route("/<slug>/start-again", methods=["POST"])
def start_again(slug):
    """"Not you? Start again": this browser forgets its response (kept, in progress) and the invitation it came by."""
    survey = load_survey(slug)
    if not PageForm().validate_on_submit():
        abort(400)
    forget_survey(survey)
    registry().call("forget_browser", survey=survey)
    return redirect(url_for(".start", slug=slug))


@bp.route("/<slug>/page/<int:number>", methods=["GET", "POST"])
def page(slug, number):
    """One page of questions: shows stored answers, saves valid ones, keeps what was typed if not."""
    survey = load_survey(slug)
    refused = refusal(survey, current_response(survey))
    if refused is not None:
        return refused
    response, elsewhere = response_or_start(survey)
    if elsewhere:
        return elsewhere
    questionnaire = questionnaire_for(response)
    if not 1 <= number <= len(questionnaire.pages):
        abort(404)
    answers = Answers.load(response, questionnaire)
    asked_pages = questionnaire.asked_pages(answers.values)
    index = number - 1
    if index not in asked_pages:
        # The answers so far skip this page; carry on to the next page they do ask.
        return redirect(next_url(slug, asked_pages, index))
    this_page = questionnaire.pages[index]
    questions = this_page.asked_questions(answers.values)
    types = question_types(registry().question_types, questionnaire, current_language())
    if request.method == "POST":
        form = page_form(questions, formdata=request.form)
        valid = form.validate()
        if "save_later" in request.form:
            # Keep what can be kept (an answer with an error, or left blank, is asked again on coming back).
            keep = {q.key for q in questions if not question_errors(form, q, types)
                    and (types[q.type].value_from_form(q, form) is not None or q.key in answers.stored)}
            take_answers(answers, [q for q in questions if q.key in keep], form, types)
            if not save_page(response, questionnaire, this_page, answers, only=keep):
                return redirect(url_for(".done", slug=slug))
            return redirect(url_for(".save", slug=slug))
        if valid:
            unanswered_before = set(answers.unanswered_pages(questionnaire)) - {index}
            take_answers(answers, questions, form, types)
            if not save_page(response, questionnaire, this_page, answers):
                # Submitted from another tab while this page was being sent: submitted answers never change.
                return redirect(url_for(".done", slug=slug))
            if request.args.get("return") == "check":
                # Only the pages the change newly asks for, then back to the check page.
                newly = [i for i in Answers.load(response, questionnaire).unanswered_pages(questionnaire)
                         if i not in unanswered_before]
                if newly:
                    return redirect(url_for(".page", slug=slug, number=newly[0] + 1, **{"return": "check"}))
                return redirect(url_for(".check", slug=slug))
            return redirect(next_url(slug, questionnaire.asked_pages(answers.values), index))
    else:
        form = page_form(questions, answers=answers)
    position = asked_pages.index(index)
    back = (url_for(".check", slug=slug) if request.args.get("return") == "check"
            else url_for(".page", slug=slug, number=asked_pages[position - 1] + 1) if position
            else url_for(".start", slug=slug))
    return render_template("respond/page.html", survey=survey, questionnaire=questionnaire, page=this_page,
                           questions=questions, form=form, types=types, back=back,
                           position=position + 1, total=len(questionnaire.pages),
                           branching=questionnaire.branches)


def question_errors(form, question, types):
    """Whether any of `question`'s fields has an error."""
    return any(form[name].errors for name, _field in types[question.type].form_fields(question))


def take_answers(answers, questions, form, types):
    """Put the validated form's answers to `questions` into `answers`."""
    for question in questions:
        qtype = types[question.type]
        value = qtype.value_from_form(question, form)
        if value is None:
            answers.values.pop(question.key, None)
        else:
            answers.values[question.key] = value
        answers.extras[question.key] = qtype.extra_from_form(question, form)


def resume_url(survey, response):
    """Where a returning respondent carries on: the first page with a question not yet answered, or the check page."""
    questionnaire = questionnaire_for(response)
    if response.status == "submitted":
        return url_for(".done", slug=survey.slug)
    index = Answers.load(response, questionnaire).first_unanswered_page(questionnaire)
    if index is None:
        return url_for(".check", slug=survey.slug)
    return url_for(".page", slug=survey.slug, number=index + 1)


def next_url(slug, asked_pages, index):
    """The page after `index` that the answers ask, or the check page. (The slug, not the survey: after a commit,
    reading survey.slug would load the survey's row again.)"""
    later = [i for i in asked_pages if i > index]
    if later:
        return url_for(".page", slug=slug, number=later[0] + 1)
    return url_for(".check", slug=slug)


@bp.route("/<slug>/check", methods=["GET", "POST"])
def check(slug):
    """Check your answers, with a change link for each; its POST submits the response."""
    survey = load_survey(slug)
    refused = refusal(survey, current_response(survey))
    if refused is not None:
        return refused
    response, elsewhere = response_or_start(survey)
    if elsewhere:
        return elsewhere
    questionnaire = questionnaire_for(response)
    answers = Answers.load(response, questionnaire)
    answers.prune(questionnaire)
    missing = answers.missing_required(questionnaire)
    unvisited = [key for key in questionnaire.asked_keys(answers.values) if key not in answers.stored]
    if missing is not None or unvisited:
        key = missing.key if missing is not None else unvisited[0]
        return redirect(url_for(".page", slug=slug, number=questionnaire.page_of(key) + 1))
    form = PageForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        # Inside the transaction submit() commits: a plugin may write alongside it, or refuse and roll back.
        refused = registry().call("before_submit", survey=survey, response=response)
        if refused is not None:
            db.session.rollback()
            return refused
        response.language = current_language()  # the language the answers were sent in
        if submit(response, questionnaire, answers):
            registry().call("response_submitted", survey=survey, response=response)
        return redirect(url_for(".done", slug=slug))
    types = question_types(registry().question_types, questionnaire, current_language())
    return render_template("respond/check.html", survey=survey, questionnaire=questionnaire,
                           rows=shown_answers(questionnaire, answers), form=form, types=types)


@bp.route("/<slug>/done")
def done(slug):
    """The confirmation page, shown once the response is in."""
    survey = survey_at(slug)
    if survey is None:
        abort(404)
    response = current_response(survey)
    if response is None or response.status != "submitted":
        return redirect(url_for(".start", slug=slug))
    return render_template("respond/done.html", survey=survey, response=response)
