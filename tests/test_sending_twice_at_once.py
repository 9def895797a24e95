"""Two sending runs at once (a second click on the staff page, the command line beside it) send each message once."""
from aiosmtpd.controller import Controller

from survey_engine.testing import Inbox, MailServer, free_port
from invite_helpers import cli, make_survey, trust_contacts, write_csv


class InboxThatStartsAnotherRun(Inbox):
    """Keeps messages like Inbox; while the first message is being handed over, runs `meanwhile` once."""

    def __init__(self, meanwhile):
        super().__init__()
        self.meanwhile = meanwhile

    async def handle_DATA(self, server, session, envelope):
        if self.meanwhile is not None:
            run, self.meanwhile = self.meanwhile, None
            run()
        return await super().handle_DATA(server, session, envelope)


def test_a_second_run_started_mid_send_shares_the_queue_and_nothing_goes_twice(make_app, tmp_path):
    with MailServer() as other:
        second = {}
        # The second run goes through its own server: this one is busy handing over the first run's message.
        second_app = make_app(**other.config)

        def start_second_run():
            second["result"] = cli(second_app, "invitations", "send", "trusts")
        inbox = InboxThatStartsAnotherRun(start_second_run)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            first_app = make_app(**{**other.config, "MAIL_PORT": controller.port})
            slug = make_survey(first_app)
            cli(first_app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(6, 6)))
            first = cli(first_app, "invitations", "send", slug)
        finally:
            controller.stop()
        assert first.exit_code == 0 and second["result"].exit_code == 0, (first.output, second["result"].output)
        delivered = [rcpt for rcpt, m in inbox.messages] + [rcpt for rcpt, m in other.inbox.messages]
        assert sorted(delivered) == sorted(f"person{i}@trust{i}.nhs.example.org" for i in range(1, 7))
        assert "Sent 1 invitation; 0 failed." in first.output
        assert "Sent 5 invitations; 0 failed." in second["result"].output
