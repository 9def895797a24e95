"""No page, staff or respondent, carries inline script, inline style or on* handlers: the CSP would block them."""
import re

from conftest import Respondent

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I)


def test_every_kind_of_page_is_free_of_inline_code(app, admin_client, open_survey):
    open_survey("trust-survey", "t")
    respondent = Respondent(app.test_client(), "t")
    first_page = respondent.start()
    pages = {url: admin_client.get(url) for url in [
        "/", "/admin/", "/admin/surveys/new", "/admin/surveys/t", "/admin/surveys/t/summary", "/admin/users",
        "/admin/audit", "/nope"]}
    pages["/admin/login"] = app.test_client().get("/admin/login")
    pages["/s/t"] = app.test_client().get("/s/t")
    pages[first_page] = respondent.get(first_page)
    pages["check"] = respondent.get("/s/t/check")
    for url, response in pages.items():
        found = INLINE.findall(response.get_data(as_text=True))
        assert not found, (url, found)
