"""What a plugin's commands may use of the `survey-engine` command: the SLUG parameter type and the filter options."""
from .params import SURVEY, filter_options, filters_from_options

__all__ = ["SURVEY", "filter_options", "filters_from_options"]
