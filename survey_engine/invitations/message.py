"""The invitation email's words: per survey, with placeholders, and a default that says who asks, why and for how long."""
import re
from email.utils import parseaddr

from flask import current_app

from ..dates import last_day, long_date
from ..registry import registry
from ..site import site

PLACEHOLDERS = ("name", "organisation", "link", "closing_date")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: How {name} reads when a contact was imported without a name.
NO_NAME = "colleague"
NO_CLOSING_DATE = "no closing date"
#: The longest subject the survey table holds.
SUBJECT_LENGTH = 300


class MessageError(ValueError):
    """A subject or body that names a placeholder that does not exist."""


def check_template(text, what):
    """Raise MessageError if `text` uses a placeholder other than PLACEHOLDERS."""
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise MessageError(f"the {what} uses {{{unknown[0]}}}, which is not a placeholder; use "
                           + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))
    if what == "subject" and len(text.splitlines()) > 1:
        raise MessageError("the subject must be one line")
    if what == "subject" and len(text.strip()) > SUBJECT_LENGTH:
        raise MessageError(f"the subject must be at most {SUBJECT_LENGTH} characters")
    if what == "body" and text.strip() and "{link}" not in text:
        raise MessageError("the body must contain {link}, or no one can reach the survey")


def fill(template, values):
    """`template` with each {placeholder} replaced; any other braces are left as they are."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def sender_name():
    """Who is asking: the organisation's name from the site settings, else the display name of MAIL_DEFAULT_SENDER,
    else SITE_NAME."""
    if site().named_by_staff:
        return site().name
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    if isinstance(sender, (list, tuple)):
        return sender[0]
    return parseaddr(sender)[0] or site().name


def default_subject(survey):
    return f"Please take part: {survey.title}"


def default_body(survey):
    """A plain, short invitation: who is asking, why, how long it takes, the link, how answers are kept."""
    questionnaire = registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version)
    who = sender_name()
    why = survey.description or questionnaire.introduction
    lines = ["Dear {name},", "",
             f"{who} is inviting you to answer a short survey, \"{survey.title}\", as the contact for "
             "{organisation}.",
             "", why.strip(), ""]
    if questionnaire.minutes:
        lines.append(f"It takes around {questionnaire.minutes} minutes. Your answers are saved as you go.")
    if survey.closes_at is not None:
        # The same words as the start page and `surveys list`: a closing date is answerable to its very end.
        lines.append(f"Please answer by {survey.closing_phrase}.")
    lines += ["", "Your personal link (please do not forward it):", "{link}", ""]
    if survey.anonymity == "anonymous":
        lines.append("The survey is anonymous: your answers are stored without your name or email address.")
    else:
        lines.append("Your answers will be stored with your name, email address and organisation.")
    lines += ["", "Thank you,", who]
    return "\n".join(lines)


def closing_date(survey):
    """The last day answers are taken, in TIME_ZONE: 31 January 2027."""
    return long_date(last_day(survey.closes_at)) if survey.closes_at is not None else NO_CLOSING_DATE


def render(survey, contact, link, reminder=False):
    """(subject, body) of the email to `contact`."""
    values = {"name": contact.name or NO_NAME,
              "organisation": contact.organisation.name if contact.organisation else "your organisation",
              "link": link, "closing_date": closing_date(survey)}
    # One line, whatever a name or organisation holds: a line break in a header would end it.
    subject = " ".join(fill(survey.invitation_subject or default_subject(survey), values).splitlines())
    body = fill(survey.invitation_body or default_body(survey), values)
    if reminder:
        subject = f"Reminder: {subject}"
        body = ("This is a reminder: we have not yet received your answers. If you have started, your link "
                "takes you back to where you left off.\n\n" + body)
    return subject, body
