# Copy to instance/config.py and edit. Every setting can also be an environment variable
# prefixed SURVEY_ENGINE_ (for example SURVEY_ENGINE_DATABASE_URL), which wins over this file.

# The database; the default is a SQLite file in this folder.
# DATABASE_URL = "postgresql://user@localhost/survey_engine"

# Leave unset to have a random key generated into instance/secret_key on first run.
# SECRET_KEY = "..."

# The name shown in the header of every page.
# SITE_NAME = "NSUN surveys"

# Built-in or installed plugins to leave out, by name (see `survey-engine plugins`).
# DISABLED_PLUGINS = ["questionnaires.end_of_involvement"]
