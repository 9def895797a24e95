"""The invitation email as a chosen contact will get it, previewed on a staff page or sent as a test to staff.

Neither issues a token nor marks anything sent: the link shown is a placeholder that opens nothing.
"""
import smtplib
from email.headerregistry import Address

from .sending import SendError, compose, connect, link_for, sender

#: Stands in for a personal link's token: the shape of one, but never issued, so the link finds no invitation.
PREVIEW_TOKEN = "preview-only-this-link-does-not-open-survey"
TEST_SUBJECT = "[TEST] "
TEST_NOTE = ("TEST MESSAGE: this is how the {kind} to {contact} will look. It was sent only to you, from the staff "
             "pages; its link is a placeholder that opens nothing, and no invitation was sent or changed.\n"
             "----------------------------------------------------------------------\n\n")


def preview(survey, contact, kind):
    """The email of `kind` (invitation or reminder) to `contact`, as a run would send it but with a placeholder link.

    SendError if no sender address is set, as a real run would stop for the same reason.
    """
    return compose(survey, contact, kind, link_for(survey, PREVIEW_TOKEN), sender())


def test_message(survey, contact, kind, staff):
    """The email `contact` would get, addressed to `staff` and clearly marked as a test."""
    message = preview(survey, contact, kind)
    del message["To"]
    message["To"] = Address(addr_spec=staff.email)
    subject = message["Subject"]
    del message["Subject"]
    message["Subject"] = TEST_SUBJECT + subject
    # Mail clients and filters can tell a test from the real thing without reading it.
    message["X-Survey-Engine-Test"] = "yes"
    message.set_content(TEST_NOTE.format(kind=kind, contact=contact.name or contact.email)
                        + message.get_content())
    return message


def deliver(message):
    """Hand one message to the configured mail server; SendError if it cannot take it."""
    smtp = connect()
    try:
        smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"the mail server did not take the test message: {exc}")
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
