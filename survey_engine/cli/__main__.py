"""`python -m survey_engine.cli`: the same as the survey-engine command."""
from . import main

main()
