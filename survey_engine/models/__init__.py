"""SQLAlchemy models, one module per thing the engine stores."""
from .audit import AuditEvent
from .organisation import Organisation, organisation_key
from .response import Answer, Response
from .staff import StaffUser
from .survey import Survey

__all__ = ["Answer", "AuditEvent", "Organisation", "Response", "StaffUser", "Survey", "organisation_key"]
