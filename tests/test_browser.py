"""A real browser answers each demo survey, served by `survey-engine demo`, to its confirmation page."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = os.environ.get("SURVEY_ENGINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"no Chromium at {CHROMIUM}: apt-get install chromium "
                                       "(or set SURVEY_ENGINE_CHROMIUM)")

# The flags Chromium needs as root on a machine with no network but loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

ANSWERS = {
    "reality-and-impact-trusts": [
        {"#organisation": "Sussex Partnership NHS Foundation Trust", "#role": "Involvement lead"},
        {"#heard_before-1": True, "#how_found-1": True},
        {"#used-1": True, "#encouraged_colleagues-2": True},
        {"#made_difference-1": True, "#how_used": "Shaping strategy"},
        {"#more_information-1": True, "#colleagues_information-1": True},
    ],
    "reality-and-impact-signatories": [
        {"#organisation": "The Advocacy Project"},
        {"#how_found-1": True},
        {"#used-1": True},
        {"#differences-1": True, "#differences-7": True},
        {"#training-2": True},
    ],
    "end-of-involvement-demo": [{}, {"#principles_respect-1": True}, {}, {}, {}, {}, {}, {"#went_well": "Kindness"},
                                {"#equality_monitoring-2": True}],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def survey_counts(env):
    out = subprocess.run([sys.executable, "-m", "survey_engine.cli", "surveys", "list", "--format", "json"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return {row["slug"]: row["responses"] for row in json.loads(out)}


def fill(page, answers):
    """Answer a page as ANSWERS gives it: True checks a radio or checkbox, a string is typed into the field."""
    for selector, value in answers.items():
        if value is True:
            page.locator(selector).check()
        else:
            page.locator(selector).fill(value)


@pytest.fixture
def demo_server(tmp_path):
    """`survey-engine demo` serving a fresh instance folder on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
    env["SURVEY_ENGINE_INSTANCE_PATH"] = str(tmp_path / "instance")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "survey_engine.cli", "demo", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the demo server did not start:\n" + server.stdout.read())
            time.sleep(0.2)
    yield url, env
    server.terminate()
    server.wait(timeout=10)


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
