"""Helpers for tests in a real browser: where Chromium is, how to start it, and answers for each demo survey."""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("SURVEY_ENGINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Marks a test (or, as pytestmark, a module) that needs Chromium.
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM),
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


def fill(page, answers):
    """Answer a page as ANSWERS gives it: True checks a radio or checkbox, a string is typed into the field."""
    for selector, value in answers.items():
        if value is True:
            page.locator(selector).check()
        else:
            page.locator(selector).fill(value)
