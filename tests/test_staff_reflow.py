"""Staff pages reflow at 320 CSS pixels (WCAG 1.4.10; 1280 px at 400% zoom): wide tables scroll in their own box."""
import subprocess
import sys

from browser_helpers import ANSWERS, CHROMIUM, CHROMIUM_ARGS, needs_chromium

pytestmark = needs_chromium

WIDTH = 320


def cli(env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], env=env, check=True,
                          capture_output=True, text=True, **kwargs)


def test_staff_pages_fit_320_pixels(demo_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, env = demo_server
    cli(env, "users", "create", "someone.with.a.long.address@example.org", "--role", "admin", "--password-stdin",
        input="a browser password\n")
    slug = "reality-and-impact-trusts"
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("name,email,organisation,organisation_kind,role\n" + "".join(
        f"Person {i},person{i}@a-long-organisation-domain{i}.nhs.example.org,"
        f"Sussex Partnership NHS Foundation Trust {i},NHS Trust,Involvement lead\n" for i in range(3)))
    cli(env, "contacts", "import", slug, str(contacts))
    cli(env, "users", "create", "second@example.org", "--role", "analyst", "--password-stdin", input="another pw 123\n")

    too_wide = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 640})

        def measure(name):
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide[f"{name} ({page.url})"] = width

        page.goto(f"{url}/admin/")
        page.get_by_label("Email address").fill("someone.with.a.long.address@example.org")
        page.get_by_label("Password").fill("a browser password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
        measure("dashboard")
        page.goto(f"{url}/admin/audit")
        measure("audit")
        page.goto(f"{url}/admin/users")
        measure("users")
        for slug in ANSWERS:
            page.goto(f"{url}/admin/surveys/{slug}")
            measure(f"{slug}: staff page")
            page.goto(f"{url}/admin/surveys/{slug}/summary")
            measure(f"{slug}: summary")
        page.goto(f"{url}/admin/surveys/{slug}/close")
        measure("close confirmation")
        # A table's own box scrolls, and a keyboard can reach it to do so.
        page.goto(f"{url}/admin/audit")
        box = page.evaluate("""() => { const t = document.querySelector('main table'); const b = t.parentElement;
            return [getComputedStyle(b).overflowX, b.getAttribute('tabindex'), b.getAttribute('role'),
                    b.getAttribute('aria-label')]; }""")
        browser.close()

    assert not too_wide, f"wider than {WIDTH} px (document.documentElement.scrollWidth): {too_wide}"
    assert box[:3] == ["auto", "0", "region"] and box[3], box
