"""A real browser answers each demo survey, served by `survey-engine demo`, to its confirmation page."""
import json
import subprocess
import sys

from browser_helpers import ANSWERS, CHROMIUM, CHROMIUM_ARGS, fill, needs_chromium

pytestmark = needs_chromium


def survey_counts(env):
    out = subprocess.run([sys.executable, "-m", "survey_engine.cli", "surveys", "list", "--format", "json"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return {row["slug"]: row["responses"] for row in json.loads(out)}


def test_each_demo_survey_answered_in_a_browser(demo_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    before = survey_counts(env)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for slug, pages in ANSWERS.items():
            page.goto(f"{url}/s/{slug}")
            page.get_by_role("button", name="Start now").click()
            for answers in pages:
                assert "Page " in page.locator(".page-count").inner_text()
                fill(page, answers)
                page.get_by_role("button", name="Continue").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
            page.get_by_role("button", name="Send answers").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
            page.screenshot(path=str(tmp_path / f"{slug}.png"))
        # A rejected page shows the error summary, which links to the field.
        page.goto(f"{url}/s/reality-and-impact-trusts")
        page.context.clear_cookies()
        page.goto(f"{url}/s/reality-and-impact-trusts")
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("button", name="Continue").click()
        summary = page.locator(".error-summary")
        assert "Enter the name of your organisation" in summary.inner_text()
        summary.get_by_role("link").first.click()
        assert page.evaluate("document.activeElement.id") == "organisation"
        browser.close()
    after = survey_counts(env)
    assert {slug: after[slug] - before[slug] for slug in ANSWERS} == {slug: 1 for slug in ANSWERS}
