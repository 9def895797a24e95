"""What a plugin's commands may use of the `survey-engine` command: the SLUG type, the filter options, plural."""
from .params import SURVEY, filter_options, filters_from_options
from .words import plural

__all__ = ["SURVEY", "filter_options", "filters_from_options", "plural"]
