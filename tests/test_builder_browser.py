"""The whole cycle in a real browser, through the staff pages alone: the signatory survey is built from blank (every
page, question, condition and headline), previewed, published, given a survey, answered and summarised.

axe-core checks each kind of builder page on the way (WCAG 2.1 A and AA), and the built questionnaire is compared
with questionnaires/signatory_survey.json. With SURVEY_ENGINE_SCREENSHOTS set to a folder, the README's screenshots
are saved there (`dev/screenshots` does it).
"""
import json
import os
import pathlib
import subprocess
import sys

from browser_helpers import ANSWERS, CHROMIUM, CHROMIUM_ARGS, fill, needs_chromium
from test_accessibility import WCAG_22_AA, describe

from survey_engine.admin.builder import TYPE_LABELS
from survey_engine.library.editing import options_as_lines
from survey_engine.questionnaire import Questionnaire

pytestmark = needs_chromium

SIGNATORY = json.loads((pathlib.Path(__file__).parent.parent / "questionnaires" / "signatory_survey.json").read_text())
QID = "signatories-2027"
SCREENSHOTS = os.environ.get("SURVEY_ENGINE_SCREENSHOTS")


def comparable(document):
    """The pages, questions (with conditions) and headlines of a document, as the engine reads them."""
    written = Questionnaire.from_dict(document).to_dict()
    return {name: written[name] for name in ("pages", "questions", "headlines")}


def test_the_signatory_survey_is_built_from_blank_in_a_browser_previewed_published_and_answered(demo_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    subprocess.run([sys.executable, "-m", "survey_engine.cli", "users", "create", "me@example.org", "--role",
                    "admin", "--password-stdin"], input="a browser password\n", env=env, check=True,
                   capture_output=True, text=True)
    axe = Axe()
    found, checked = {}, set()
    questions = {q["key"]: q for q in SIGNATORY["questions"]}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        csp = []
        page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None)

        def check(kind):
            """axe on the first page of each kind."""
            if kind in checked:
                return
            checked.add(kind)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                             "resultTypes": ["violations"]})
            if results.response["violations"]:
                found[f"{kind} ({page.url})"] = results.response["violations"]

        def shot(name, full_page=False):
            if SCREENSHOTS:
                page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=full_page)

        def button(name):
            page.get_by_role("button", name=name).click()

        def to_draft():
            page.goto(f"{url}/admin/questionnaires/{QID}/draft")

        page.goto(f"{url}/admin/")
        page.get_by_label("Email address").fill("me@example.org")
        page.get_by_label("Password").fill("a browser password")
        button("Log in")

        # Create it from blank in the library.
        page.get_by_role("link", name="Questionnaires").first.click()
        page.get_by_role("link", name="Create a questionnaire").click()
        page.get_by_label("From blank").check()
        page.get_by_label("Title", exact=True).fill(SIGNATORY["title"])
        page.get_by_label("Questionnaire id").fill(QID)
        shot("1-create")
        button("Create questionnaire")
        page.get_by_role("link", name="Edit draft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(SIGNATORY["title"])
        check("the draft, blank")

        page.get_by_role("link", name="Change the questionnaire's details").click()
        check("questionnaire details")
        page.get_by_label("Introduction (optional)").fill(SIGNATORY["introduction"])
        page.get_by_label("Estimated minutes to answer (optional)").fill("five")
        button("Save and continue")
        expect(page.locator(".error-summary")).to_be_focused()
        check("questionnaire details with an error")
        page.get_by_label("Estimated minutes to answer (optional)").fill(str(SIGNATORY["minutes"]))
        page.get_by_label("Kind of organisation (optional)").fill(SIGNATORY["organisation_kind"])
        button("Save and continue")

        def question_form(question):
            check(f"question form ({question['type']})")
            if "question form with an error" not in checked:
                button("Save question")
                expect(page.locator(".error-summary")).to_be_focused()
                check("question form with an error")
            page.get_by_label("Question", exact=True).fill(question["text"])
            page.get_by_label("Hint text (optional)").fill(question["hint"])
            if question["options"]:
                page.get_by_label("Options", exact=True).fill(options_as_lines(question["options"]))
            if question["other"]:
                page.get_by_label("Offer “Other, please specify” with a text box").check()
            if question["not_sure"]:
                page.get_by_label("Offer “Not sure” as a third answer").check()
            if not question["required"]:
                page.get_by_label("Make this question optional").check()
            page.get_by_label("Short name in downloads (optional)").fill(question["key"])
            if question["key"] == "differences":
                shot("4-question", full_page=True)
            button("Save question")

        def choose_type(question):
            check("choose the kind of answer")
            page.get_by_label(TYPE_LABELS[question["type"]][0], exact=True).check()
            if question["key"] == "how_found":
                shot("3-type")
            button("Continue")

        for number, built in enumerate(SIGNATORY["pages"], start=1):
            to_draft()
            page.get_by_role("link", name="Add a page").click()
            check("add a page")
            page.get_by_label("Page title").fill(built["title"])
            button("Save and continue")
            first, *others = built["questions"]
            choose_type(questions[first])
            question_form(questions[first])
            for key in others:
                page.get_by_role("link", name=f"Add a question to page {number}").click()
                choose_type(questions[key])
                question_form(questions[key])
        check("the draft, with pages")

        # Conditions, as sentences, on earlier questions only.
        for key in ("differences", "how_used"):
            to_draft()
            page.get_by_role("link", name=f"Condition of “{questions[key]['text']}”").click()
            check("a question's condition")
            page.get_by_role("link", name="Ask this question only if…").click()
            check("a condition's question")
            page.get_by_label(questions["used"]["text"], exact=True).check()
            button("Continue")
            check("a condition's answers")
            page.get_by_label("Yes", exact=True).check()
            button("Save rule")
            expect(page.locator("ol.builder-rules")).to_contain_text(
                f"“{questions['used']['text']}” is “Yes”")
            check("a question's condition, with a rule")
            if key == "differences":
                shot("5-condition")

        # Headlines: the statement, the question, the answers that count, and the base.
        for headline in SIGNATORY["headlines"]:
            to_draft()
            page.get_by_role("link", name="Add a headline").click()
            check("a headline's question")
            question = questions[headline["question"]]
            page.get_by_label(question["text"], exact=True).check()
            button("Continue")
            check("a headline")
            page.get_by_label("The statement").fill(headline["text"])
            labels = {o["value"]: o["label"] for o in question["options"]} | {"yes": "Yes", "no": "No"}
            for value in headline["values"]:
                page.get_by_label(labels[value], exact=True).check()
            page.get_by_label("Those who answered the question").check()
            if headline["question"] == "used":
                shot("6-headline")
            button("Save headline")
        expect(page.locator(".builder-headline")).to_have_count(len(SIGNATORY["headlines"]))
        page.locator("#page-4").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('page-4').scrollIntoView()")
        shot("2-draft")
        check("the draft, whole")

        # Refusals: a question that conditions and a headline use cannot be removed.
        page.get_by_role("link", name=f"Remove “{questions['used']['text']}”").click()
        expect(page.locator(".error-summary")).to_contain_text("is used by the headline “had used the standards "
                                                               "in their work”")
        check("removing a used question")
        to_draft()
        page.get_by_role("link", name=f"Remove “{questions['comments']['text']}”").click()
        check("remove a question")
        page.get_by_role("link", name="Cancel").click()

        # Preview it as a respondent would see it, page by page with its conditions.
        page.get_by_role("link", name="Preview this questionnaire").click()
        button("Start now")
        pages = ANSWERS["reality-and-impact-signatories"]
        for answers in pages:
            fill(page, answers)
            button("Continue")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
        shot("7-preview")

        # Publish it, having seen what it adds.
        to_draft()
        page.get_by_role("link", name="Publish").click()
        shot("8-publish")
        page.get_by_role("button", name="Publish version 1").click()
        expect(page.locator(".notification--success")).to_contain_text("Version 1 is published")

        # A survey of it, opened, answered by a respondent in a browser of their own, summarised.
        page.goto(f"{url}/admin/surveys/new")
        page.get_by_label(f"{SIGNATORY['title']} ({QID} v1", exact=False).check()
        page.get_by_label("Name in the link").fill("signatories-2027")
        button("Create survey")
        button("Open")
        respondent = browser.new_page()
        respondent.goto(f"{url}/s/signatories-2027")
        respondent.get_by_role("button", name="Start now").click()
        for answers in pages:
            fill(respondent, answers)
            respondent.get_by_role("button", name="Continue").click()
        respondent.get_by_role("button", name="Send answers").click()
        expect(respondent.get_by_role("heading", level=1)).to_have_text("Answers sent")
        page.goto(f"{url}/admin/surveys/signatories-2027/summary")
        expect(page.locator("main")).to_contain_text("had used the standards in their work")
        expect(page.locator("main")).to_contain_text(
            "100% of respondents had used the standards in their work (1 of 1)")
        page.get_by_role("heading", name="Headlines", exact=True).evaluate("heading => heading.scrollIntoView()")
        shot("9-summary")
        browser.close()

    shown = subprocess.run([sys.executable, "-m", "survey_engine.cli", "questionnaires", "show", QID, "--format",
                            "json"], env=env, check=True, capture_output=True, text=True)
    built = json.loads(shown.stdout)
    assert {name: built[name] for name in ("title", "introduction", "minutes", "organisation_kind")} == \
        {name: SIGNATORY[name] for name in ("title", "introduction", "minutes", "organisation_kind")}
    assert built["version"] == 1
    assert comparable(built) == comparable(SIGNATORY)
    assert csp == []
    assert not found, "axe-core found WCAG 2.1 AA violations on the builder's pages:\n" + "\n".join(
        f"{name}\n{describe(violations)}" for name, violations in found.items())


def test_pages_are_dragged_into_order_with_javascript_and_moved_by_buttons_without(demo_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    subprocess.run([sys.executable, "-m", "survey_engine.cli", "users", "create", "me@example.org", "--role",
                    "admin", "--password-stdin"], input="a browser password\n", env=env, check=True,
                   capture_output=True, text=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for javascript in (True, False):
            page = browser.new_context(java_script_enabled=javascript).new_page()
            page.goto(f"{url}/admin/questionnaires/new")
            page.get_by_label("Email address").fill("me@example.org")
            page.get_by_label("Password").fill("a browser password")
            page.get_by_role("button", name="Log in").click()
            page.get_by_label("As a copy of an existing questionnaire").check()
            page.get_by_label("Questionnaire to copy").select_option(label="4Pi National Involvement Standards: "
                                                                           "signatories (signatory-survey v1)")
            page.get_by_label("Questionnaire id").fill(f"copy-{javascript}")
            page.get_by_role("button", name="Create questionnaire").click()
            page.get_by_role("link", name="Edit draft").click()
            titles = page.locator(".builder-page__title")
            expect(titles.first).to_have_text("Page 1: About you")
            if javascript:
                expect(page.locator("#builder-drag-hint")).to_be_visible()
                # The drag events a mouse would cause (headless Chromium does not deliver native drops reliably).
                page.evaluate("""() => {
                    const source = document.querySelector('#page-2'), target = document.querySelector('#page-1');
                    const data = new DataTransfer(), box = target.getBoundingClientRect();
                    source.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
                    const at = {bubbles: true, cancelable: true, dataTransfer: data, clientY: box.top + 2};
                    target.dispatchEvent(new DragEvent('dragover', at));
                    target.dispatchEvent(new DragEvent('drop', at));
                }""")
            else:
                expect(page.locator("#builder-drag-hint")).to_be_hidden()
                page.get_by_role("button", name="Move up page 2").click()
            expect(page.locator(".notification--success")).to_contain_text(
                "Pages reordered." if javascript else "Page moved.")
            expect(titles.first).to_have_text("Page 1: Finding the standards")
            expect(titles.nth(1)).to_have_text("Page 2: About you")
            if not javascript:
                continue
            # Two tabs, one draft: the second save is refused, saying what the first changed; axe checks the page.
            first, second = page, page.context.new_page()
            first.get_by_role("link", name="Edit page 1").click()
            second.goto(first.url)
            second.get_by_label("Page title").fill("Where you found them")
            second.get_by_role("button", name="Save and continue").click()
            first.get_by_label("Page title").fill("Finding them")
            first.get_by_role("button", name="Save and continue").click()
            expect(first.locator(".error-summary")).to_contain_text("Page “Where you found them” added")
            expect(first.get_by_label("Page title")).to_have_value("Finding them")
            results = Axe().run(first, options={"runOnly": {"type": "tag", "values": WCAG_22_AA},
                                                "resultTypes": ["violations"]})
            assert not results.response["violations"], describe(results.response["violations"])
        browser.close()
