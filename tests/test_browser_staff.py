"""A real browser runs the staff pages under the Content-Security-Policy: log in, create, open, copy the link."""
import subprocess
import sys

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, needs_chromium

pytestmark = needs_chromium


def test_staff_flow_in_a_browser_breaks_no_csp_rule(demo_server):
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    subprocess.run([sys.executable, "-m", "survey_engine.cli", "users", "create", "me@example.org", "--role",
                    "admin", "--password-stdin"], input="a browser password\n", env=env, check=True,
                   capture_output=True, text=True)
    violations = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text
                else None)
        page.goto(f"{url}/admin/")
        page.get_by_label("Email address").fill("me@example.org")
        page.get_by_label("Password").fill("a browser password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
        page.get_by_role("link", name="Create a survey").click()
        page.get_by_label("How did your involvement go? (end-of-involvement", exact=False).check()
        page.get_by_label("Name in the link").fill("browser-made")
        page.get_by_role("button", name="Create survey").click()
        assert "Draft" in page.locator(".summary-list").first.inner_text()
        page.get_by_role("button", name="Open").click()
        assert "The survey is open." in page.locator(".notification").inner_text()
        copy = page.locator("main button.copy-link")
        # admin.js ran (the CSP allowed the script file); expect() waits for it, where is_visible() would not.
        expect(copy).to_be_visible(timeout=15000)
        copy.click()
        page.wait_for_function("document.querySelector('main button.copy-link').textContent.startsWith('Link copied')")
        assert page.evaluate("navigator.clipboard.readText()") == f"{url}/s/browser-made"
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Staff login")
        page.goto(f"{url}/s/browser-made")
        page.get_by_role("button", name="Start now").click()
        assert "Page " in page.locator(".page-count").inner_text()
        browser.close()
    assert violations == []
