"""axe-core checks the questionnaire library's pages in a real browser (WCAG 2.1 A and AA), walked as staff use
them: the list, creating a copy (with errors first), the questionnaire's page, publishing, and a preview."""
import subprocess
import sys

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from test_accessibility import WCAG_22_AA, describe, expect_error_summary_focused

pytestmark = needs_chromium


def test_the_library_pages_pass_axe(demo_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    subprocess.run([sys.executable, "-m", "survey_engine.cli", "users", "create", "me@example.org", "--role",
                    "admin", "--password-stdin"], input="a browser password\n", env=env, check=True,
                   capture_output=True, text=True)
    axe = Axe()
    found = {}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def check(name):
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                             "resultTypes": ["violations"]})
            if results.response["violations"]:
                found[f"{name} ({page.url})"] = results.response["violations"]

        page.goto(f"{url}/admin/login")
        page.get_by_label("Email address").fill("me@example.org")
        page.get_by_label("Password").fill("a browser password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Questionnaires").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
        check("the list")
        page.get_by_role("link", name="Copy to edit 4Pi National Involvement Standards: signatories").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Create a questionnaire")
        check("create")
        page.get_by_role("button", name="Create questionnaire").click()
        expect_error_summary_focused(page)
        check("create, with errors")
        page.get_by_label("Questionnaire id").fill("signatories-2027")
        page.get_by_role("button", name="Create questionnaire").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("4Pi National Involvement Standards: signatories")
        check("a questionnaire written here")
        page.get_by_role("link", name="Publish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Publish the first version")
        check("publish")
        page.get_by_role("button", name="Publish version 1").click()
        expect(page.get_by_text("Version 1 is published")).to_be_visible()
        check("a questionnaire with a version")
        page.get_by_role("link", name="Preview draft").click()
        check("preview: start")
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("button", name="Continue").click()
        expect_error_summary_focused(page)
        check("preview: a page with errors")
        page.locator("#organisation").fill("The Advocacy Project")
        page.get_by_role("button", name="Continue").click()
        check("preview: page 2")
        page.goto(f"{url}/admin/questionnaires/trust-survey")
        check("a built-in questionnaire")
        page.goto(f"{url}/admin/surveys/new")
        check("create a survey, every version offered")
        browser.close()

    assert not found, "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(
        f"{name}\n{describe(violations)}" for name, violations in found.items())
