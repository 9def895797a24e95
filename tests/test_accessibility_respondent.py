"""axe-core with the WCAG 2.2 A and AA rules over every respondent page, at 320 CSS pixels and at desktop width,
in English and Welsh (`?lang=cy`).

One browser answers a survey with one page per question type (every built-in type, each first sent empty so its
errors show), then the check page, the confirmation, the copy to print and the privacy notice; then the pages that
refuse: a closed survey, one not open yet, one by invitation only, and a link to no survey. Every page's
violations are gathered at both widths, so one failing run lists them all.
"""
import pathlib
import shutil
import subprocess
import sys

import pytest

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from test_accessibility import describe, expect_error_summary_focused

pytestmark = needs_chromium

#: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: The rules run: those tagged WCAG_22_AA, and `region` (content outside every landmark), which axe files under
#: best practice rather than a WCAG criterion, so the tags alone would never run it.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "rules": {"region": {"enabled": True}},
               "resultTypes": ["violations"]}
#: The narrowest screen WCAG's reflow criterion asks for (1.4.10: 320 CSS pixels), and a laptop.
WIDTHS = {"320px": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 800}}
EVERY_TYPE = pathlib.Path(__file__).parent / "data" / "every_type.json"

#: How to answer each page of the every-type questionnaire, by question key.
ANSWERS = {
    "yes": {"#yes-1": True}, "one": {"#one-2": True}, "several": {"#several-1": True}, "agree": {"#agree-2": True},
    "short": {"#short": "Involvement lead"}, "long": {"#long": "Kindness"}, "count": {"#count": "4"},
    "email": {"#email": "someone@example.org"}, "organisation": {"#organisation": "Mind"},
    "when": {"#when": "27", "#when__month": "3", "#when__year": "2024"}, "score": {"#score-10": True},
}


@pytest.fixture
def every_type_server(tmp_path, request):
    """The demo server with the every-type questionnaire, an open survey of it, and surveys that refuse."""
    questionnaires = tmp_path / "instance" / "questionnaires"
    questionnaires.mkdir(parents=True)
    shutil.copy(EVERY_TYPE, questionnaires / "every_type.json")
    url, env = request.getfixturevalue("demo_server")

    def cli(*args):
        subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], env=env, check=True,
                       capture_output=True, text=True)

    create = ["surveys", "create", "--questionnaire", "every-type"]
    cli(*create, "--slug", "every-type", "--open", "--listed")
    cli(*create, "--slug", "closed", "--open")
    cli("surveys", "close", "closed")
    cli(*create, "--slug", "not-open-yet")
    cli(*create, "--slug", "invited", "--access", "invite", "--open")
    return url, env


def test_bundled_axe_has_wcag_22_rules(every_type_server):
    """axe-playwright-python bundles axe-core 4.12, whose target-size rule carries the wcag22aa tag."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    url, _ = every_type_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "/")
        Axe().run(page)  # injects axe
        rules = page.evaluate("axe.getRules(['wcag22aa']).map(rule => rule.ruleId)")
        version = page.evaluate("axe.version")
        browser.close()
    assert "target-size" in rules, (version, rules)


def fill(page, answers):
    for selector, value in answers.items():
        if value is True:
            page.locator(selector).check()
        else:
            page.locator(selector).fill(value)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_respondent_page_passes_axe_wcag_22(every_type_server, lang):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    url, _ = every_type_server
    query = f"?lang={lang}"
    axe = Axe()
    found = {}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="cy-GB" if lang == "cy" else "en-GB")
        page = context.new_page()

        def check(name):
            for width, size in WIDTHS.items():
                page.set_viewport_size(size)
                results = axe.run(page, options=AXE_OPTIONS)
                if results.response["violations"]:
                    found[f"{name} at {width} ({page.url})"] = results.response["violations"]

        def visit(path, name):
            page.goto(f"{url}{path}{query}")
            check(name)

        visit("/", "home page")
        visit("/s/every-type", "start page")
        visit("/s/every-type/privacy", "privacy notice")
        page.goto(f"{url}/s/every-type{query}")
        page.locator("form button.button--start").click()
        for number in range(1, 13):
            expect(page).to_have_url(f"{url}/s/every-type/page/{number}")
            key = page.locator("form [name]:not([type=hidden])").first.get_attribute("name").split("__")[0]
            page.locator("form button.button:not([name=save_later])").click()  # sent empty: every question is required
            expect_error_summary_focused(page)
            check(f"{key} question with errors")
            page.goto(f"{url}/s/every-type/page/{number}{query}")
            check(f"{key} question")
            if key == "trust":  # the list: with JavaScript, a combobox
                combobox = page.get_by_role("combobox")
                combobox.press_sequentially("Trust 3")
                combobox.press("ArrowDown")
                check("trust question, its list open")
                combobox.press("Enter")
            else:
                fill(page, ANSWERS[key])
            page.locator("form button.button:not([name=save_later])").click()
        expect(page).to_have_url(f"{url}/s/every-type/check")
        check("check your answers")
        page.locator("form button.button:not([name=save_later])").click()
        expect(page).to_have_url(f"{url}/s/every-type/done")
        page.goto(f"{url}/s/every-type/done{query}")
        check("confirmation")
        visit("/s/every-type/done/answers", "copy of the answers to print")
        page.emulate_media(media="print")
        check("copy of the answers, printed")
        page.emulate_media(media="screen")
        visit("/s/every-type", "start page after sending")
        visit("/s/closed", "closed survey")
        visit("/s/not-open-yet", "survey not open yet")
        visit("/s/invited", "invitation only")
        visit("/s/no-such-survey", "no such survey")
        visit("/s/closed/privacy", "privacy notice of a closed survey")
        context.clear_cookies()
        visit("/s/every-type/done/answers", "copy of the answers, no longer available")
        browser.close()

    assert not found, f"axe-core found WCAG 2.2 AA violations ({lang}):\n" + "\n".join(
        f"{name}\n{describe(violations)}" for name, violations in found.items())
