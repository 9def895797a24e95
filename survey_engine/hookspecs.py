"""Every hook a plugin can implement, grouped by when the engine calls it; each is documented in README's "## Hooks".

pluggy calls every hook with keyword arguments only, so a hook can gain an argument without breaking plugins; an
implementation may take only the arguments it needs. The runtime calls a hook through `Registry.call`, which
supplies `app`. A hook marked firstresult stops at the first implementation that returns something other than None
(the plugin registered last is asked first); the others return the list of every non-None result.
"""
import pluggy

hookspec = pluggy.HookspecMarker("survey_engine")
hookimpl = pluggy.HookimplMarker("survey_engine")


# Start-up: called once while create_app builds the app, in this order; a mistake stops start-up naming the plugin.

@hookspec
def register_question_types(app):
    """Add question types.

    :param app: the Flask app being created (its config is loaded; no request or app context).
    :return: a list of `QuestionType` instances; two plugins registering one name is a start-up error.

    Called once when the app is created, before any questionnaire is checked, so questionnaires may use them.
    """


@hookspec
def register_questionnaires(app):
    """Add questionnaires.

    :param app: the Flask app being created (its config is loaded; no request or app context).
    :return: a list of `Questionnaire` objects; one plugin may register several versions of one id, and two
        plugins registering one id is a start-up error naming both.

    Called once when the app is created, after register_question_types; each questionnaire is checked then.
    """


@hookspec
def questionnaires_stamp(app):
    """Make this plugin's questionnaires live: looked up afresh whenever they change, with no restart.

    :param app: the Flask app (inside an app context, so the database can be read).
    :return: a cheap value (such as the newest stored version's id) that changes whenever this plugin's
        register_questionnaires would return something new; None when there is nothing (yet).

    Called when a lookup misses (an unknown id or version) or lists questionnaires, at most once per request, so
    keep it to one small query (a registered version never changes, so a hit needs no call). A plugin implementing
    it has its register_questionnaires called lazily rather than at start-up, and again whenever the stamp differs
    from last time; its questionnaires are checked then, and one that fails, or whose id another plugin owns, is
    left out and logged. The built-in questionnaire library uses it, so a version published in one worker is answerable in
    every worker sharing the database.
    """


@hookspec
def register_demo_surveys(app):
    """Add surveys for `survey-engine demo` to create and open.

    :param app: the Flask app.
    :return: a list of `DemoSurvey` objects (slug, questionnaire id, title, optional file of responses).

    Called by `survey-engine demo` only, inside an app context, before it serves the app.
    """


@hookspec
def register_commands(cli):
    """Add commands to the `survey-engine` command.

    :param cli: the app's click group (`app.cli`, a Flask `AppGroup`); call `cli.add_command(...)`.
    :return: nothing.

    Called once when the app is created, after the engine's own commands are added. `survey-engine --help` also
    calls it, on a spare group, to list the commands of plugins beyond the built-in ones without building the app:
    add commands here and do nothing else.
    """


@hookspec
def register_job_kinds():
    """Add kinds of job that run off the request in the job queue (survey_engine/jobs).

    :return: a list of survey_engine.jobs.JobKind, or None. Each names itself (e.g. "invitations.send"), its
        title for staff, `run(job, progress)` doing the work in a worker (resumable: a worker killed part-way runs
        it again from the start, so it must skip what it already did) and `describe(result)` for the survey's page.

    Called when a job is started or run.
    """


# Respondent: called during a respondent's requests, in the order a respondent meets them.

@hookspec(firstresult=True)
def may_answer(app, survey, response):
    """Vouch for this browser on `survey`, refuse it, or have no say.

    :param app: the Flask app (a request is being handled, so `session` can be read).
    :param survey: the `Survey` being answered.
    :param response: this browser's `Response` to `survey`, or None before it has started.
    :return: True to let the browser answer, a Flask response to send instead, or None to have no say.

    firstresult. Called before the start page, every question page and the check page, GET and POST alike.
    Access fails closed: an invitation-only survey that no plugin vouches for (None or False) gets 403. Not called
    while signed-in staff try a draft survey: they need no invitation.
    """


@hookspec(firstresult=True)
def before_start(app, survey, response):
    """Send another page instead of the start page, or carry on.

    :param app: the Flask app (a request is being handled).
    :param survey: the `Survey` being started.
    :param response: this browser's `Response` to `survey`, or None.
    :return: a Flask response to send instead of the start page (its GET and its POST), or None to carry on.

    firstresult. Called on the start page only, after may_answer has let the browser in.
    """


@hookspec
def response_started(app, survey, response):
    """Follow a response that has just begun.

    :param app: the Flask app (a request is being handled, so `session` can be read).
    :param survey: the `Survey` answered.
    :param response: the new `Response`, already committed.
    :return: nothing.

    Called once per response, on the start page's POST, after the new response is created and committed.
    """


@hookspec(firstresult=True)
def before_submit(app, survey, response):
    """Refuse a submission, or write alongside it.

    :param app: the Flask app (a request is being handled).
    :param survey: the `Survey` answered.
    :param response: the `Response` about to be submitted.
    :return: a Flask response to refuse the submission (everything is rolled back), or None to let it through.

    firstresult. Called on the check page's POST inside the transaction that submits the response, so what a
    plugin writes here is committed with the submission or rolled back with it.
    """


@hookspec
def response_submitted(app, survey, response):
    """Follow a response that has just been submitted.

    :param app: the Flask app (a request is being handled).
    :param survey: the `Survey` answered.
    :param response: the submitted `Response`, already committed.
    :return: nothing.

    Called once per response (never twice), after the submission is committed; not for imported responses.
    """


@hookspec
def forget_browser(app, survey):
    """Drop what this plugin keeps about this browser and `survey`.

    :param app: the Flask app (a request is being handled, so `session` can be changed).
    :param survey: the `Survey` the browser is to forget.
    :return: nothing.

    Called when a respondent presses "Not you? Start again" (or "Start a new response" after submitting an
    open-link survey), after the engine has stopped this browser resuming its response.
    """


# Summary: called while a summary (command line, staff page or export) is built, once per summary.

@hookspec(firstresult=True)
def summary_response_rates(app, survey):
    """Give `survey`'s invited base and response rates.

    :param app: the Flask app (inside an app context).
    :param survey: the `Survey` summarised.
    :return: a dict shaped like the invitations plugin's (README, "Invitations and response rates"): at least
        `{"invited": {"contacts": N, ...}, "responded": {"contacts": N, ...}, "text": "..."}`; the core takes
        the "invited" base from `invited.contacts`. None if this plugin does not know.

    firstresult. Called once per summary, unfiltered or filtered (filtered figures then leave the rates out).
    """


@hookspec(firstresult=True, warn_on_impl=DeprecationWarning(
    "the summary_invited hook is retired: return the invited count as invited.contacts from "
    "summary_response_rates instead; summary_invited stops being called in the next release"))
def summary_invited(app, survey):
    """Deprecated: give how many people were invited to `survey`; use summary_response_rates instead.

    :param app: the Flask app (inside an app context).
    :param survey: the `Survey` summarised.
    :return: the number invited, or None if this plugin does not know; a number overrides the invited count
        summary_response_rates gave.

    firstresult. Called once per summary, and only while some plugin implements it; implementing it warns
    (DeprecationWarning) when the plugin is registered. Kept for one release.
    """


# Export: called once while create_app builds the app.

@hookspec
def register_exporters(app):
    """Add download formats.

    :param app: the Flask app being created.
    :return: a list of `Exporter` objects; two plugins registering one name is a start-up error naming both.

    Called once when the app is created, after register_questionnaires.
    """


# Whole features as plugins: their own pages and their part of a survey's staff page.

@hookspec
def register_blueprints(app):
    """Add pages of this plugin's own.

    :param app: the Flask app being created.
    :return: a list of Flask Blueprints, each with its own url_prefix. Staff pages go under /admin (make them with
        survey_engine.admin.public.staff_blueprint): the login guard covers them, and each view must wear
        @staff_required or @admin_required.

    Called once when the app is created, after the core's own blueprints. A disabled plugin's blueprints are not
    registered, so its URLs are 404.
    """


@hookspec
def survey_page_sections(app, survey):
    """Add sections to a survey's staff page.

    :param app: the Flask app (inside the page's request).
    :param survey: the `Survey` whose staff page is shown.
    :return: a list of survey_engine.admin.public.Section objects, or None. Each names a template, the values it
        needs (the template reads them as `section.context`) and its `order`, compared as text with the core's
        sections' file names (20_summary, 45_privacy, 50_export). Compute only what the template shows.

    Called each time that page is shown.
    """
