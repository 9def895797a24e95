"""The list question in a real browser: with JavaScript a combobox that filters the 56 options, without it the select.

Both answer the same survey, served by `survey-engine demo` with the "typed" questionnaire in its instance folder,
and the stored answers are read back from `survey-engine summary`; axe-core checks the enhanced page.
"""
import json
import subprocess
import sys

import pytest

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from plugin_helpers import write_instance_plugin
from typed_helpers import DEMO_PLUGIN, QUESTIONNAIRE_PLUGIN

pytestmark = needs_chromium

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # and 2.2


@pytest.fixture
def typed_server(tmp_path, request):
    """The demo server, whose instance folder also holds the "typed" questionnaire and its open survey."""
    instance = tmp_path / "instance"
    instance.mkdir()
    write_instance_plugin(instance, "typed", QUESTIONNAIRE_PLUGIN)
    write_instance_plugin(instance, "typed_demo", DEMO_PLUGIN)
    return request.getfixturevalue("demo_server")


def trust_counts(env):
    """How many submitted responses chose each Trust, as the summary counts them."""
    out = subprocess.run([sys.executable, "-m", "survey_engine.cli", "summary", "typed", "--format", "json"],
                         env=env, capture_output=True, text=True, check=True).stdout
    trust = next(q for q in json.loads(out)["questions"] if q["key"] == "trust")
    return {o["value"]: o["count"] for o in trust["options"] if o["count"]}


def answer_the_rest(page):
    """The page's other two questions: the date and the rating."""
    page.locator("#when").fill("27")
    page.locator("#when__month").fill("3")
    page.locator("#when__year").fill("2024")
    page.locator('input[name="score"][value="9"]').check()


def send(page, trust_label):
    from playwright.sync_api import expect

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
    expect(page.locator("main")).to_contain_text(trust_label)
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                       "resultTypes": ["violations"]})
    return [(v["id"], v["help"], [" ".join(n["target"]) for n in v["nodes"]]) for v in results.response["violations"]]


def test_the_list_question_filters_as_you_type_and_is_picked_with_the_keyboard(typed_server):
    from playwright.sync_api import expect, sync_playwright

    url, env = typed_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}/s/typed")
        page.get_by_role("button", name="Start now").click()
        combobox = page.get_by_role("combobox", name="Which Trust?")
        expect(combobox).to_have_attribute("aria-expanded", "false")
        expect(combobox).to_have_attribute("aria-autocomplete", "list")
        # The select is still in the form, hidden, under a new id: the label now names the combobox.
        select = page.locator('select[name="trust"]')
        expect(select).to_be_hidden()
        closed = axe_violations(page)

        # Case does not matter, and the text may be anywhere in the label: "Trust number 5" and 50 to 56.
        combobox.press_sequentially("NUMBER 5")
        listbox = page.get_by_role("listbox", name="Which Trust?")
        expect(listbox).to_be_visible()
        expect(combobox).to_have_attribute("aria-expanded", "true")
        expect(combobox).to_have_attribute("aria-controls", listbox.get_attribute("id"))
        options = listbox.get_by_role("option")
        expect(options).to_have_text(["Trust number 5"] + [f"Trust number {n}" for n in range(50, 57)])
        expect(page.get_by_role("status")).to_have_text("8 results available")

        combobox.press("ArrowDown")
        combobox.press("ArrowDown")
        combobox.press("ArrowDown")
        combobox.press("ArrowUp")
        active = listbox.get_by_role("option", name="Trust number 50")
        expect(active).to_have_attribute("aria-selected", "true")
        expect(combobox).to_have_attribute("aria-activedescendant", active.get_attribute("id"))
        expect(listbox.locator('[aria-selected="true"]')).to_have_count(1)
        open_list = axe_violations(page)

        # Escape closes the list, and leaves what was typed; nothing is chosen yet.
        combobox.press("Escape")
        expect(listbox).to_be_hidden()
        expect(combobox).to_have_attribute("aria-expanded", "false")
        expect(combobox).to_have_value("NUMBER 5")
        assert select.input_value() == ""

        combobox.fill("")
        combobox.press_sequentially("zz")
        expect(page.get_by_text("No results found", exact=True).first).to_be_visible()
        expect(page.get_by_role("status")).to_have_text("No results found")
        combobox.fill("")
        combobox.press_sequentially("ber 4")  # Trust number 4 and 40 to 49
        expect(options).to_have_count(11)
        expect(page.get_by_role("status")).to_have_text("11 results available")
        combobox.press("ArrowUp")  # up from the input wraps to the last option
        combobox.press("Enter")
        expect(combobox).to_have_value("Trust number 49")
        expect(listbox).to_be_hidden()
        assert select.input_value() == "trust-number-49"
        chosen = axe_violations(page)

        answer_the_rest(page)
        send(page, "Trust number 49")
        browser.close()
    assert trust_counts(env) == {"trust-number-49": 1}
    assert (closed, open_list, chosen) == ([], [], [])


def test_without_javascript_the_list_question_is_a_plain_select(typed_server):
    from playwright.sync_api import expect, sync_playwright

    url, env = typed_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(f"{url}/s/typed")
        page.get_by_role("button", name="Start now").click()
        expect(page.locator('input[role="combobox"]')).to_have_count(0)
        select = page.get_by_label("Which Trust?")
        expect(select).to_be_visible()
        assert select.evaluate("e => e.tagName") == "SELECT"
        select.select_option(label="Trust number 7")
        answer_the_rest(page)
        send(page, "Trust number 7")
        browser.close()
    assert trust_counts(env) == {"trust-number-7": 1}
