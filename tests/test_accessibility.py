"""axe-core checks every kind of page, respondent and staff, in a real browser against WCAG 2.2 A and AA.

One browser walks the demo the way people do: the home page; for each demo survey its start page, each question
page along one path, a page rejected with errors, the check-your-answers page and the confirmation page; then the
staff login (also with an error), the dashboard, each survey's staff, summary and report pages, waves compared,
and a public results page. Every page's violations are gathered, so one failing run lists them all, each with the
nodes to fix.
"""
import subprocess
import sys

from browser_helpers import ANSWERS, CHROMIUM, CHROMIUM_ARGS, fill, needs_chromium

pytestmark = needs_chromium

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: The WCAG 2.2 rules, and `region` (content outside every landmark), which axe files under best practice.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "rules": {"region": {"enabled": True}},
               "resultTypes": ["violations"]}

# Answers that each survey's first page rejects, so that its error summary is shown (and checked).
REJECTED = {
    "reality-and-impact-trusts": {},
    "reality-and-impact-signatories": {},
    "end-of-involvement-demo": {"#activity": "x" * 501},
}


def describe(violations):
    """Each violation as its id, impact and help text, then the CSS targets of the nodes that break it."""
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            why = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    {' '.join(node['target'])}: {why}")
    return "\n".join(lines)


def expect_error_summary_focused(page):
    """GOV.UK moves focus to the error summary, so a screen reader reads it first and a keyboard starts there."""
    from playwright.sync_api import expect

    # expect() waits: autofocus is applied as the page finishes loading, not when click() returns.
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible(timeout=15000)
    expect(summary).to_be_focused(timeout=15000)


def test_every_kind_of_page_passes_axe(demo_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    subprocess.run([sys.executable, "-m", "survey_engine.cli", "users", "create", "me@example.org", "--role",
                    "admin", "--password-stdin"], input="a browser password\n", env=env, check=True,
                   capture_output=True, text=True)
    axe = Axe()
    found = {}  # page name -> axe's violations there

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def check(name):
            results = axe.run(page, options=AXE_OPTIONS)
            if results.response["violations"]:
                found[f"{name} ({page.url})"] = results.response["violations"]

        page.goto(url + "/")
        check("home page")
        for slug, pages in ANSWERS.items():
            page.goto(f"{url}/s/{slug}")
            check(f"{slug}: start page")
            page.get_by_role("button", name="Start now").click()
            fill(page, REJECTED[slug])
            page.get_by_role("button", name="Continue").click()
            expect_error_summary_focused(page)  # the first page refused REJECTED[slug]
            check(f"{slug}: page 1 with errors")
            fill(page, {selector: "" for selector in REJECTED[slug]})
            for number, answers in enumerate(pages, start=1):
                check(f"{slug}: page {number}")
                fill(page, answers)
                before = page.url
                page.get_by_role("button", name="Continue").click()
                # click() returns before the next page has loaded: axe on a page whose stylesheet has not arrived
                # measures unstyled links (17 px high) and reports target-size, as it did once under load.
                page.wait_for_url(lambda address, before=before: address != before)
                page.wait_for_load_state("load")
            expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
            check(f"{slug}: check your answers")
            page.get_by_role("button", name="Send answers").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
            check(f"{slug}: confirmation")

        page.goto(f"{url}/admin/")
        check("staff login")
        page.get_by_label("Email address").fill("me@example.org")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        expect_error_summary_focused(page)
        check("staff login with an error")
        page.get_by_label("Password").fill("a browser password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
        check("dashboard")
        for slug in ANSWERS:
            page.goto(f"{url}/admin/surveys/{slug}")
            check(f"{slug}: staff page")
            page.goto(f"{url}/admin/surveys/{slug}/summary")
            check(f"{slug}: summary")
            page.goto(f"{url}/admin/surveys/{slug}/report")
            check(f"{slug}: report")
        page.goto(f"{url}/admin/compare?" + "&".join(f"surveys={s}" for s in ANSWERS) + "&by=kind")
        check("waves compared")
        page.goto(f"{url}/admin/compare?surveys={slug}&compare=1")
        check("waves compared: too few chosen")
        page.goto(f"{url}/admin/surveys/{slug}")
        page.get_by_label("What we did").fill("You said the meetings were too early, so we moved them.")
        page.get_by_role("button", name="Publish the results page").click()
        page.goto(f"{url}/s/{slug}/results")
        expect(page.get_by_role("heading", level=1)).to_have_text("Results")
        check(f"{slug}: public results page")
        page.goto(f"{url}/admin/surveys/{slug}/close")
        check("a confirmation page (close survey)")
        page.goto(f"{url}/admin/surveys/{slug}/settings")
        check("survey settings")
        page.locator("#retention_days").fill("-1")
        page.get_by_role("button", name="Save settings").click()
        expect_error_summary_focused(page)
        check("survey settings with an error")
        page.goto(f"{url}/admin/surveys/{slug}/responses/find?reference=nothing")
        check("find a response, with an error")
        page.goto(f"{url}/admin/surveys/{slug}/responses/import")
        check("import responses")
        page.locator("#responses").set_input_files({"name": "r.csv", "mimeType": "text/csv",
                                                    "buffer": b"organisation,used\nLeeds,sometimes\n"})
        page.get_by_role("button", name="Import responses").click()
        expect_error_summary_focused(page)
        check("import responses with an error")
        page.goto(f"{url}/admin/settings")
        check("site settings")
        page.locator("#logo").set_input_files({"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": b"<svg/>"})
        page.get_by_role("button", name="Save settings").click()
        expect_error_summary_focused(page)
        check("site settings with an error")
        browser.close()

    assert not found, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        f"{name}\n{describe(violations)}" for name, violations in found.items())
