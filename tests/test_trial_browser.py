"""In a real browser: staff try a draft survey (the banner on every page), delete the test responses, and preview
the invitation email; axe-core checks each of these pages against WCAG 2.1 A and AA."""
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from browser_helpers import ANSWERS, CHROMIUM, CHROMIUM_ARGS, fill, needs_chromium
from conftest import free_port
from test_accessibility import WCAG_22_AA, describe

pytestmark = needs_chromium
SLUG = "trial-signatories"
BANNER = "You are trying this survey: your answers are a test and will not be counted"


@pytest.fixture
def server(tmp_path):
    """`survey-engine demo` with a mail sender set, plus a draft survey with two contacts and an admin."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
    env.update(SURVEY_ENGINE_INSTANCE_PATH=str(tmp_path / "instance"),
               SURVEY_ENGINE_MAIL_DEFAULT_SENDER="NSUN surveys <surveys@nsun.test>")

    def cli(*args, **kwargs):
        return subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], env=env, check=True,
                              capture_output=True, text=True, **kwargs)

    cli("demo", "--no-serve")
    cli("surveys", "create", "--questionnaire", "signatory-survey", "--slug", SLUG, "--title", "Trial run",
        "--access", "invite")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("name,email,organisation\nAda Lovelace,ada@example.org,The Advocacy Project\n"
                        "Grace Hopper,grace@example.org,Mind\n", encoding="utf-8")
    cli("contacts", "import", SLUG, str(contacts))
    cli("users", "create", "me@example.org", "--role", "admin", "--password-stdin", input="a browser password\n")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "survey_engine.cli", "run", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the server did not start:\n" + process.stdout.read())
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_trying_a_draft_and_previewing_its_email_in_a_browser(server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    axe, found = Axe(), {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def check(name):
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                             "resultTypes": ["violations"]})
            if results.response["violations"]:
                found[f"{name} ({page.url})"] = results.response["violations"]

        page.goto(f"{server}/s/{SLUG}")
        expect(page.get_by_role("heading", level=1)).to_have_text("This survey is not open yet")

        page.goto(f"{server}/admin/login")
        page.get_by_label("Email address").fill("me@example.org")
        page.get_by_label("Password").fill("a browser password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")

        # The draft, invitation-only, at its real link: every page says the answers are a test.
        page.goto(f"{server}/s/{SLUG}")
        expect(page.locator("#trial-banner")).to_have_text(BANNER)
        check("start page while trying")
        page.get_by_role("button", name="Start now").click()
        for number, answers in enumerate(ANSWERS["reality-and-impact-signatories"], start=1):
            expect(page.locator("#trial-banner")).to_have_text(BANNER)
            if number == 1:
                check("question page while trying")
            fill(page, answers)
            page.get_by_role("button", name="Continue").click()
        expect(page.locator("#trial-banner")).to_have_text(BANNER)
        page.get_by_role("button", name="Send answers").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
        expect(page.locator("#trial-banner")).to_have_text(BANNER)

        # The staff page counts it as a test only; deleting asks first.
        page.goto(f"{server}/admin/surveys/{SLUG}")
        expect(page.get_by_text("0 submitted, 0 in progress")).to_be_visible()
        expect(page.get_by_text("This survey has 1 test response.")).to_be_visible()
        check("survey staff page with a test response")
        page.get_by_role("link", name="Delete test responses").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to delete 1 test response?")
        check("delete test responses: confirmation")
        page.get_by_role("button", name="Delete test responses").click()
        expect(page.get_by_text("1 test response was deleted.")).to_be_visible()

        # The invitation email for a chosen contact.
        page.get_by_role("link", name="Preview the email for a contact, and send a test to yourself").click()
        page.get_by_label("Contact").select_option(label="Grace Hopper (grace@example.org, Mind)")
        page.get_by_label("Reminder").check()
        page.get_by_role("button", name="Show preview").click()
        expect(page.locator("#email-preview-body")).to_contain_text("Dear Grace Hopper,")
        expect(page.locator("#email-preview-body")).to_contain_text("This is a reminder")
        check("invitation email preview")
        browser.close()

    assert not found, "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(
        f"{name}\n{describe(violations)}" for name, violations in found.items())
