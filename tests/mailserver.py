"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests of sending."""
import email
import email.policy
import re
import socket

from aiosmtpd.controller import Controller

LINK = re.compile(r"http://surveys\.test(/s/[a-z0-9-]+/[A-Za-z0-9_-]{43})")


class Inbox:
    """aiosmtpd handler: keeps each accepted message; refuses recipients listed in `refuse`."""

    def __init__(self):
        self.messages = []
        self.refuse = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos[0], message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpt, m in self.messages if rcpt == address]

    @staticmethod
    def link(message):
        """The path of the personal link in a message's body."""
        return LINK.search(message.get_content()).group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    def __init__(self):
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=free_port())

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def config(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.controller.port,
                "MAIL_DEFAULT_SENDER": "NSUN surveys <surveys@nsun.test>", "BASE_URL": "http://surveys.test"}
