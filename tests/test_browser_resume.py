"""In a real browser: save mid-way, come back in another browser through the link emailed to a real SMTP server
on loopback, land on the first unanswered page and finish; and a survey completed with the keyboard alone."""
import json
import os
import re
import subprocess
import sys
import time

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, fill, needs_chromium
from server_helpers import demo_process

from survey_engine.testing import MailServer, free_port

pytestmark = needs_chromium

TRUSTS = "reality-and-impact-trusts"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EOI = "end-of-involvement-demo"


@pytest.fixture
def mail_and_demo(tmp_path, survey_engine_databases):
    """A loopback SMTP server, and `survey-engine demo` sending its email there with links to itself, on an empty
    database (PostgreSQL's when TEST_DATABASE_URL is set)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    with MailServer() as mail:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
        env.update(SURVEY_ENGINE_INSTANCE_PATH=str(instance),
                   SURVEY_ENGINE_DATABASE_URL=survey_engine_databases.fresh(instance),
                   SURVEY_ENGINE_MAIL_SERVER="127.0.0.1",
                   SURVEY_ENGINE_MAIL_PORT=str(mail.controller.port), SURVEY_ENGINE_BASE_URL=url,
                   SURVEY_ENGINE_MAIL_DEFAULT_SENDER="surveys@nsun.test")
        with demo_process(env, port):
            yield url, env, mail


def respondents(env, slug):
    """How many submitted responses the summary counts."""
    out = subprocess.run([sys.executable, "-m", "survey_engine.cli", "summary", slug, "--format", "json"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)["respondents"]


def wait_for_mail(mail, address, timeout=15):
    deadline = time.monotonic() + timeout
    while not mail.inbox.to(address):
        assert time.monotonic() < deadline, "no email arrived"
        time.sleep(0.1)
    return mail.inbox.to(address)[0]


def test_save_in_one_browser_come_back_by_email_in_another_and_count_once(mail_and_demo):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    url, env, mail = mail_and_demo
    before = respondents(env, TRUSTS)
    axe, found = Axe(), {}

    def check(page):
        """axe's WCAG 2.2 A and AA rules on the page's main content as it is now.

        Only <main>: these pages' own content; the header, footer and skip link every page shares are
        tests/test_accessibility.py's to sweep.
        """
        results = axe.run(page, context={"include": [["#main-content"]]}, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                         "resultTypes": ["violations"]})
        if results.response["violations"]:
            found[page.url] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first = browser.new_context().new_page()
        first.goto(f"{url}/s/{TRUSTS}")
        first.get_by_role("button", name="Start now").click()
        fill(first, {"#organisation": "Sussex Partnership NHS Foundation Trust", "#role": "Involvement lead"})
        first.get_by_role("button", name="Continue").click()
        fill(first, {"#heard_before-1": True, "#how_found-1": True})
        first.get_by_role("button", name="Continue").click()
        expect(first).to_have_url(re.compile(r"/page/3$"))
        fill(first, {"#used-1": True})
        check(first)
        first.get_by_role("button", name="Save and come back later").click()
        check(first)
        first.get_by_role("button", name="Save my answers").click()  # nothing chosen: the error summary
        expect(first.locator(".error-summary")).to_be_visible()
        check(first)
        first.get_by_label("Email me a link").check()
        first.get_by_label("Email address").fill("sam@example.org")
        first.get_by_role("button", name="Save my answers").click()
        expect(first.get_by_role("heading", name="Check your email")).to_be_visible()
        check(first)
        # The pages of the other way back: a code, entering it (with an error), and the page without cookies.
        codes = browser.new_context().new_page()
        codes.goto(f"{url}/s/{TRUSTS}/resume")
        check(codes)
        codes.get_by_role("button", name="Continue").click()
        expect(codes.locator(".error-summary")).to_be_visible()
        check(codes)
        no_cookies = browser.new_context()
        plain = no_cookies.new_page()
        plain.goto(f"{url}/s/{TRUSTS}")
        no_cookies.clear_cookies()  # as a browser refusing cookies: the start page's cookie never comes back
        plain.get_by_role("button", name="Start now").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("This survey needs a cookie")
        check(plain)

        link = re.search(r"http://\S+/resume/\S+", wait_for_mail(mail, "sam@example.org").get_content()).group(0)
        assert link.startswith(url)
        second = browser.new_context().new_page()  # another device: none of the first one's cookies
        second.goto(link)
        # The first question not yet answered: page 3's second question; its first keeps the saved answer.
        expect(second).to_have_url(re.compile(rf"/s/{TRUSTS}/page/3$"))
        expect(second.locator("#used-1")).to_be_checked()
        assert "/resume/" not in second.url
        fill(second, {"#encouraged_colleagues-2": True})
        second.get_by_role("button", name="Continue").click()
        fill(second, {"#made_difference-1": True, "#how_used": "Shaping strategy"})
        second.get_by_role("button", name="Continue").click()
        fill(second, {"#more_information-1": True, "#colleagues_information-1": True})
        second.get_by_role("button", name="Continue").click()
        expect(second.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
        expect(second.locator(".summary-list")).to_contain_text("Sussex Partnership NHS Foundation Trust")
        second.get_by_role("button", name="Send answers").click()
        expect(second.get_by_role("heading", level=1)).to_have_text("Answers sent")
        # The first browser's copy is the same response: it is sent, not a second one in progress.
        first.goto(f"{url}/s/{TRUSTS}/check")
        expect(first.get_by_role("heading", level=1)).to_have_text("Answers sent")
        browser.close()
    assert respondents(env, TRUSTS) == before + 1
    assert not found, f"axe found WCAG 2.2 violations: {found}"


def tab_to(page, selector, most=80):
    """Press Tab until the focused element matches `selector`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def arrow_to(page, element_id, key="ArrowDown", most=12):
    """Move through a radio group with an arrow key until `element_id` is focused (and so chosen)."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"{key} never reached #{element_id}")


def test_a_survey_completed_with_the_keyboard_alone(mail_and_demo):
    from playwright.sync_api import expect, sync_playwright

    url, env, mail = mail_and_demo
    before = respondents(env, EOI)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.goto(f"{url}/s/{EOI}")
        tab_to(page, "button.button--start")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/page/1$"))
        tab_to(page, "#activity")
        page.keyboard.type("Peer research panel")
        tab_to(page, "#involved_as-1")
        page.keyboard.press("Space")
        arrow_to(page, "involved_as-2")
        tab_to(page, "button.button:not([name])")
        page.keyboard.press("Enter")

        # Page 2: choose an answer, send it, come back with the Back link and take it back again.
        expect(page).to_have_url(re.compile(r"/page/2$"))
        tab_to(page, "#principles_respect-1")
        page.keyboard.press("Space")
        expect(page.locator("#principles_respect-1")).to_be_checked()
        tab_to(page, "button.button:not([name])")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/page/3$"))
        page.keyboard.press("Shift+Tab")  # the page starts at the top: Tab from the start finds the Back link
        tab_to(page, "a.back-link")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/page/2$"))
        expect(page.locator("#principles_respect-1")).to_be_checked()
        tab_to(page, "#principles_respect-1")
        arrow_to(page, "principles_respect-none")
        expect(page.locator("#principles_respect-none")).to_be_checked()
        tab_to(page, "button.button:not([name])")
        page.keyboard.press("Enter")

        # Page 3: save and come back later, with a code.
        expect(page).to_have_url(re.compile(r"/page/3$"))
        tab_to(page, "#purpose_clear-1")
        page.keyboard.press("Space")
        tab_to(page, "button[name=save_later]")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/save$"))
        tab_to(page, "#how-1")
        arrow_to(page, "how-2")
        tab_to(page, "button.button")
        page.keyboard.press("Enter")
        code = page.locator("#resume-code").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)

        # Another browser, keyboard only: the code leads back to page 3, whose other two questions are not yet
        # answered, with the one answered there kept.
        page = browser.new_context().new_page()
        page.goto(f"{url}/s/{EOI}")
        tab_to(page, "a[href$='/resume']")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/resume$"))
        tab_to(page, "#code")
        page.keyboard.type(code.lower())
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/page/3$"))
        expect(page.locator("#purpose_clear-1")).to_be_checked()
        for _ in range(20):
            if page.url.endswith("/check"):
                break
            tab_to(page, "button.button:not([name])")
            with page.expect_navigation():
                page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
        rows = page.locator(".summary-list__row")
        expect(rows.filter(has_text="Peer research panel")).to_have_count(1)
        respect = rows.filter(has_text=re.compile("respect", re.I)).first
        expect(respect.locator(".summary-list__value")).to_have_text("Not answered")
        tab_to(page, "form button.button")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
        browser.close()
    assert respondents(env, EOI) == before + 1
