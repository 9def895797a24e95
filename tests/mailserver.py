"""A real SMTP server on loopback that keeps what it receives: survey_engine.testing's, named here for old imports."""
from survey_engine.testing import LINK, Inbox, MailServer, free_port  # noqa: F401
