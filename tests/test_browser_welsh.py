"""A real browser answers the end-of-involvement demo survey in Welsh: chosen by its Accept-Language, switched
with the header's language link, and counted with the English answers."""
import json
import subprocess
import sys

from browser_helpers import ANSWERS, CHROMIUM, CHROMIUM_ARGS, fill, needs_chromium

pytestmark = needs_chromium
SLUG = "end-of-involvement-demo"


def strongly_agreed(env):
    """How many responses strongly agree with principles_respect, in the survey's summary."""
    out = subprocess.run([sys.executable, "-m", "survey_engine.cli", "summary", SLUG, "--format", "json"],
                         env=env, capture_output=True, text=True, check=True).stdout
    respect = next(q for q in json.loads(out)["questions"] if q["key"] == "principles_respect")
    return next(o for o in respect["options"] if o["value"] == "strongly-agree")["count"]


def test_a_welsh_browser_answers_in_welsh(demo_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    before = strongly_agreed(env)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A browser set to Welsh gets Welsh from the first page.
        page = browser.new_context(locale="cy-GB").new_page()
        page.goto(f"{url}/s/{SLUG}")
        assert page.locator("html").get_attribute("lang") == "cy"
        # The link to English, and back to Welsh, keeps the respondent's choice from page to page.
        page.get_by_role("link", name="English").click()
        expect(page.get_by_role("button", name="Start now")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == "en-GB"
        page.get_by_role("link", name="Cymraeg").click()
        page.get_by_role("button", name="Dechrau nawr").click()
        for answers in ANSWERS[SLUG]:
            assert page.locator("html").get_attribute("lang") == "cy"
            assert "Tudalen " in page.locator(".page-count").inner_text()
            fill(page, answers)
            page.get_by_role("button", name="Parhau").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Gwiriwch eich atebion cyn eu hanfon")
        page.get_by_role("button", name="Anfon atebion").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Atebion wedi'u hanfon")
        page.screenshot(path=str(tmp_path / "welsh.png"))
        browser.close()
    # The demo's English responses and this Welsh one, in one count of the same stored value.
    assert before > 0 and strongly_agreed(env) == before + 1
