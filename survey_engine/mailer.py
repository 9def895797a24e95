"""Sending one email through the MAIL_* settings (Flask-Mail's names), for mail the engine itself sends."""
import smtplib
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from flask import current_app


class MailError(RuntimeError):
    """The email could not be sent: no sender set, or the mail server refused or could not be reached."""


def _on(name):
    value = current_app.config.get(name)
    if value is None or isinstance(value, (bool, int)):
        return bool(value)
    return str(value).strip().casefold() in ("true", "yes", "on", "1")


def send_email(to, subject, body):
    """Send a plain-text email to `to`; MailError saying why if it cannot go."""
    config = current_app.config
    sender = config.get("MAIL_DEFAULT_SENDER")
    if isinstance(sender, (list, tuple)):
        sender = formataddr(tuple(sender))
    if not sender or "@" not in parseaddr(sender)[1]:
        raise MailError("MAIL_DEFAULT_SENDER is not set")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].split("@")[-1])
    message.set_content(body)
    use_ssl = _on("MAIL_USE_SSL")
    host = config.get("MAIL_SERVER") or "localhost"
    port = int(config.get("MAIL_PORT") or (465 if use_ssl else 25))
    try:
        connection = smtplib.SMTP_SSL if use_ssl else smtplib.SMTP
        with connection(host, port, timeout=config.get("MAIL_TIMEOUT", 30)) as smtp:
            if _on("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        # Not the server's words: they name the address, which must not reach a log.
        raise MailError(f"the mail server {host}:{port} refused the recipient") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"cannot send through the mail server {host}:{port}: {exc}") from exc
