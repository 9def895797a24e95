"""SQLAlchemy models, one module per thing the engine stores."""
from .organisation import Organisation, organisation_key
from .response import Answer, Response
from .survey import Survey

__all__ = ["Answer", "Organisation", "Response", "Survey", "organisation_key"]
