"""What a plugin may use of the respondent's pages: find a survey to answer, and keep or drop this browser's response.

Plugins import these names from here, never from respond.views or respond.browser, which may change.
"""
from .browser import forget_response, keep_cookie
from .language import current_language
from .trial import trying
from .views import current_response, load_survey, remember_response

__all__ = ["current_language", "current_response", "forget_response", "keep_cookie", "load_survey",
           "remember_response", "trying"]
