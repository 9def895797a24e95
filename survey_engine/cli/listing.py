"""What `survey-engine --help` lists without importing a command: each built-in command's name, home and short help.

tests/test_cli_listing.py checks this table against the commands a fully built app has, so it cannot drift.
"""
import importlib

#: The engine's own commands: name -> ("module:attribute", its help's first sentence).
ENGINE_COMMANDS = {
    "compare": ("survey_engine.cli.compare:compare_command",
                "Compare survey waves, oldest first: each figure in each wave, the change, and whether chance "
                "explains it."),
    "db": ("flask_migrate.cli:db", "Perform database migrations."),
    "demo": ("survey_engine.cli.demo:demo",
             "Create the database and the demo surveys (with their responses) if needed, then serve on "
             "http://HOST:PORT."),
    "export": ("survey_engine.cli.export:export_command",
               "Export a survey's submitted responses and summary to an Excel workbook or a CSV file."),
    "init-db": ("survey_engine.cli.database:init_db", "Create the database, or migrate it to the newest schema."),
    "organisations": ("survey_engine.cli.organisations:organisations",
                      "The managed list of organisations: organisation questions offer it, and typed names match "
                      "it."),
    "plugins": ("survey_engine.cli.plugins:plugins_command", "List each loaded plugin and what it registered."),
    "questionnaires": ("survey_engine.cli.questionnaires:questionnaires",
                       "List the registered questionnaires, and any questionnaire file left out as invalid (or "
                       "`show ID` for one, `validate FILE` to check a document, `convert FILE` to turn an XLSForm "
                       "into one)."),
    "report": ("survey_engine.cli.report:report_command",
               "Write a survey's report: cover, headlines, who responded, a chart per question, scorecards, "
               "written answers."),
    "responses": ("survey_engine.cli.responses:responses", "Work with a survey's responses."),
    "retention": ("survey_engine.cli.retention:retention",
                  "Keep contacts' personal data no longer than each survey says."),
    "summary": ("survey_engine.cli.summary:summary_command",
                "Summarise a survey's submitted responses: who responded, headlines, and each question with its "
                "base."),
    "surveys": ("survey_engine.cli.surveys:surveys", "Create, list, open and close surveys."),
    "users": ("survey_engine.cli.users:users",
              "Manage staff accounts: who may log in at /admin, as admin or analyst."),
    "worker": ("survey_engine.cli.worker:worker",
               "Run queued jobs (sending invitations, large imports and exports) until stopped with Ctrl+C or "
               "SIGTERM."),
}

#: Commands built-in plugins add through register_commands: plugin -> {name: ("module:attribute", short help)}.
PLUGIN_COMMANDS = {
    "survey_engine.invitations.plugin": {
        "contacts": ("survey_engine.invitations.commands:contacts", "Manage the people a survey is sent to."),
        "invitations": ("survey_engine.invitations.commands:invitations",
                        "Send contacts their personal links and follow who has answered."),
    },
}

#: Short help of commands other packages add through Flask's "flask.commands" entry points, by entry point value.
ENTRY_POINT_HELP = {
    "flask_limiter.commands:cli": "Flask-Limiter maintenance & utility commands",
}


def load(where):
    """The click command at "module:attribute"."""
    module, attribute = where.split(":")
    return getattr(importlib.import_module(module), attribute)
