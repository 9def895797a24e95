"""Every hook a plugin can implement; call them with keyword arguments only."""
import pluggy

hookspec = pluggy.HookspecMarker("survey_engine")
hookimpl = pluggy.HookimplMarker("survey_engine")


@hookspec
def register_questionnaires(app):
    """Return a list of Questionnaire objects; called once when the app is created."""


@hookspec
def register_question_types(app):
    """Return a list of QuestionType instances; called once, before questionnaires are checked."""


@hookspec
def register_demo_surveys(app):
    """Return a list of DemoSurvey objects that `survey-engine demo` creates and opens."""


@hookspec
def register_commands(cli):
    """Add click commands or groups to the `survey-engine` command group `cli`."""


@hookspec(firstresult=True)
def may_answer(app, survey, response):
    """Vouch for this browser on `survey`: True lets it answer, a Flask response is sent instead, None has no say.

    Asked before the start page, every page and the check page; an invitation-only survey nobody vouches for is 403.
    """


@hookspec(firstresult=True)
def before_submit(app, survey, response):
    """Return a Flask response to refuse this submission, or None; runs inside the transaction that submits it."""


@hookspec(firstresult=True)
def before_start(app, survey, response):
    """Return a Flask response to send instead of the start page (GET or POST), or None to carry on."""


@hookspec
def response_started(app, survey, response):
    """Called once after a respondent's new response has been created and committed."""


@hookspec
def response_submitted(app, survey, response):
    """Called once after a response has been submitted and committed."""


@hookspec
def forget_browser(app, survey):
    """Called when a respondent asks this browser to forget `survey` ("Not you? Start again"): drop what you keep."""


@hookspec(firstresult=True)
def summary_invited(app, survey):
    """Return how many people were invited to `survey` (the "invited" base), or None if unknown."""


@hookspec
def register_exporters(app):
    """Return a list of Exporter objects (a download format); called once when the app is created."""


@hookspec(firstresult=True)
def summary_response_rates(app, survey):
    """Return `survey`'s invited base and response rates for its summary (see README), or None if unknown."""


# --- Whole features as plugins: their own pages and their part of a survey's staff page ------------------------------
# (Added for issue 11's invitations plugin; kept in a block of their own so they can be filed under the lifecycle
# headings without being rewritten.)


@hookspec
def register_blueprints(app):
    """Return a list of Flask Blueprints for the core to register on `app`, each with its own url_prefix.

    Called once when the app is created, after the core's own blueprints. Staff pages go under /admin (make them
    with survey_engine.admin.public.staff_blueprint): the login guard covers them, and each view must wear
    @staff_required or @admin_required. A disabled plugin's blueprints are not registered, so its URLs are 404.
    """


@hookspec
def survey_page_sections(app, survey):
    """Return a list of survey_engine.admin.public.Section objects to show on `survey`'s staff page, or None.

    Called each time that page is shown, inside its request. Each Section names a template, the values it needs
    (the template reads them as `section.context`) and its `order`, compared as text with the core's sections'
    file names (20_summary, 45_privacy, 50_export). Compute only what the template shows.
    """
