"""SQLAlchemy models, one module per thing the engine stores."""
from .audit import AuditEvent
from .contact import Contact
from .invitation import Invitation, InvitationToken, OutgoingEmail
from .job import Job
from .library import DraftRevision, PublishedVersion, StoredQuestionnaire
from .organisation import Organisation, OrganisationAlias, organisation_key
from .response import Answer, Response
from .results_page import ResultsPage
from .resume import ResumeKey
from .site import SiteSettings
from .staff import StaffUser
from .survey import Survey

__all__ = ["Answer", "AuditEvent", "Contact", "Invitation", "InvitationToken", "OutgoingEmail", "Organisation",
           "OrganisationAlias", "ResultsPage", "Job",
           "Response", "ResumeKey", "SiteSettings", "StaffUser", "Survey", "organisation_key",
           "DraftRevision", "PublishedVersion", "StoredQuestionnaire"]
