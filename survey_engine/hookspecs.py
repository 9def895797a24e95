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


@hookspec
def response_submitted(app, survey, response):
    """Called once after a response has been submitted and committed."""


@hookspec(firstresult=True)
def summary_invited(app, survey):
    """Return how many people were invited to `survey` (the "invited" base), or None if unknown."""


@hookspec
def register_exporters(app):
    """Return a list of Exporter objects (a download format); called once when the app is created."""
