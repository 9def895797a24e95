"""Moved to the core: respondents' privacy is every survey's (survey_engine.privacy); these names stay importable."""
from ..privacy import (PrivacyError, closed_since, due_for_erasure, erase, erase_contact,  # noqa: F401
                       erasure_plan, has_responses)
