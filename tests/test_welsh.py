"""Welsh: every word a respondent reads comes from a catalogue with a Welsh translation, a whole survey answered in
Welsh shows no English, and answers in either language are counted together."""
import csv
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tokenize
from html.parser import HTMLParser

import openpyxl
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.util import pathmatch
from conftest import Respondent
from survey_helpers import export, header_index

from survey_engine.registry import registry

ROOT = pathlib.Path(__file__).parent.parent
WELSH_PO = ROOT / "survey_engine" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
EOI = "end-of-involvement"
#: Every page of the end-of-involvement questionnaire, answered (equality monitoring too, so every page is shown).
EOI_PAGES = [
    {"activity": "Panel cyfweld", "involved_as": "service-user"},
    {"principles_respect": "agree", "principles_equal": "strongly-agree", "principles_inclusive": "neither",
     "principles_language": "disagree"},
    {"purpose_clear": "agree", "purpose_role": "agree", "purpose_limits": "strongly-disagree"},
    {"presence_decisions": "agree", "presence_diverse": "agree", "presence_not_alone": "agree"},
    {"process_adjustments": "agree", "process_jargon": "agree", "process_papers": "agree", "process_feedback": "agree"},
    {"process_support": "agree", "process_training": "agree", "process_payment_clear": "agree",
     "process_payment_prompt": "agree"},
    {"impact_difference": "agree", "impact_beyond": "agree", "impact_me": "agree", "impact_again": "agree"},
    {"went_well": "Roedd pawb yn garedig.", "could_be_better": "Mwy o amser."},
    {"equality_monitoring": "yes"},
    {"age": "35-44", "gender": "woman", "ethnicity": "white", "disability": "no", "sexual_orientation": "bisexual"},
]


def respondent_messages():
    """Every marked string of the files babel.cfg lists, read from the source now (not from messages.pot, which
    may not have been updated): {msgid or (singular, plural): [file, ...]}."""
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.setdefault(message if isinstance(message, str) else tuple(message[:2]), []).append(filename)
    return found


def welsh_catalogue():
    with open(WELSH_PO, "rb") as source:
        return read_po(source, locale="cy")


def test_every_respondent_string_has_a_welsh_translation():
    """The test that catches a new _() string on a respondent's page before a Welsh respondent reads English."""
    found = respondent_messages()
    assert len(found) > 100  # the extraction read the files (a broken babel.cfg would find nothing)
    catalogue = welsh_catalogue()
    missing = []
    for msgid, files in sorted(found.items(), key=str):
        entry = catalogue.get(msgid)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (
            [entry.string] if entry is not None else [])
        if entry is None or entry.fuzzy or not all(strings) or not strings:
            missing.append(f"{msgid!r} ({', '.join(sorted(set(files)))})")
    assert missing == [], ("run dev/update-translations and translate in " + str(WELSH_PO.relative_to(ROOT))
                           + ":\n" + "\n".join(missing))
    # Placeholders and plural forms agree with the English (Babel's own checks).
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalogue.check()]
    assert problems == []


def test_no_marked_string_hides_inside_an_f_string():
    """Babel cannot see _() inside an f-string on Python 3.11, so such a string would never be translated."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, _options = parse_mapping_cfg(cfg)
    python = [pattern for pattern, method in method_map if method == "python"]
    hidden = []
    for path in sorted((ROOT / "survey_engine").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if not any(pathmatch(pattern, name) for pattern in python):
            continue
        with open(path, "rb") as source:
            for token in tokenize.tokenize(source.readline):
                if (token.type == tokenize.STRING and token.string[:2].lower() in ('f"', "f'", 'rf', 'fr')
                        and re.search(r"\b(_l?|gettext|lazy_gettext|ngettext)\(", token.string)):
                    hidden.append(f"{name}:{token.start[0]}")
    assert python and hidden == []


def test_the_catalogue_marks_its_translations_as_needing_review():
    assert "needs review by a Welsh speaker" in WELSH_PO.read_text(encoding="utf-8")


def test_no_compiled_catalogue_is_committed_and_start_up_compiles_one(app):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "*.mo"], capture_output=True, text=True)
    assert tracked.returncode == 0 and tracked.stdout == ""
    assert list((ROOT / "survey_engine").rglob("*.mo")) == []
    assert (pathlib.Path(app.instance_path) / "translations" / "cy" / "LC_MESSAGES" / "messages.mo").is_file()


def test_a_normal_install_serves_welsh_with_nothing_run_by_hand(tmp_path):
    """What `pip install .` puts in site-packages (build_py, package data included) answers in Welsh at once."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    source = tmp_path / "source"
    for name in listed.stdout.split():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, source / name)
    built = tmp_path / "built"
    result = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "build_py",
                             "--build-lib", str(built)], cwd=source, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list(built.rglob("*.mo")) == []
    script = f"""
import survey_engine, sys
from survey_engine.factory import create_app
assert survey_engine.__file__.startswith({str(built)!r}), survey_engine.__file__
app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path}/fresh.sqlite", "TESTING": True}})
result = app.test_cli_runner().invoke(args=["demo", "--no-serve"])
assert result.exit_code == 0, result.output
page = app.test_client().get("/s/end-of-involvement-demo?lang=cy").get_data(as_text=True)
print("Dechrau nawr" in page, '<html lang="cy">' in page)
"""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(built), "SURVEY_ENGINE_INSTANCE_PATH": str(tmp_path / "inst"),
           "HOME": str(tmp_path)}
    ran = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["True", "True"]


# --- What a Welsh respondent reads ---------------------------------------------------------------------------------

class VisibleText(HTMLParser):
    """The text a person reads or hears on a page: text outside scripts and styles, and the attributes read out."""

    READ_OUT = ("aria-label", "title", "alt", "placeholder") + tuple(
        f"data-autocomplete-{n}" for n in ("none", "one", "many"))

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        self.parts += [value for name, value in attrs if name in self.READ_OUT and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(page):
    reader = VisibleText()
    reader.feed(page)
    return " ".join(" ".join(reader.parts).split())


def pattern(english):
    """A regular expression finding `english` in a page, its placeholders standing for any text (a word between
    placeholders, such as the "on" of "%(time)s on %(day)s", only as a whole word)."""
    pieces = [" ".join(p.split()) for p in re.split(r"%\(\w+\)[sd]", english)]
    return re.compile(r".+?".join((r"(?<!\w)" if p[:1].isalnum() else "") + re.escape(p)
                                  + (r"(?!\w)" if p[-1:].isalnum() else "") for p in pieces))


def english_words():
    """Every English string of the engine's catalogue whose Welsh differs: none may be on a Welsh page."""
    words = []
    for message in welsh_catalogue():
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        welsh = message.string if isinstance(message.string, tuple) else (message.string,)
        words += [e for e in english if e not in welsh]
    return words


def questionnaire_english(questionnaire):
    """Every text of the questionnaire whose Welsh differs (the introduction by paragraph, as the page shows it)."""
    cy = questionnaire.translations["cy"]
    texts = [(questionnaire.title, cy["title"])] + [
        (page.title, cy["pages"][i]["title"]) for i, page in enumerate(questionnaire.pages)] + [
        (page.introduction, cy["pages"][i]["introduction"]) for i, page in enumerate(questionnaire.pages)] + [
        (headline.text, cy["headlines"][i]) for i, headline in enumerate(questionnaire.headlines)]
    texts += [(paragraph, None) for paragraph in questionnaire.introduction.split("\n\n")]
    for q in questionnaire.questions:
        t = cy["questions"][q.key]
        texts += [(q.text, t["text"]), (q.hint, t.get("hint"))]
        texts += [(o.label, t.get("options", {}).get(o.value)) for o in q.options]
    return [english for english, welsh in texts if english and english != welsh]


def assert_welsh(page, where, forbidden):
    body = page.get_data(as_text=True)
    assert '<html lang="cy">' in body, where
    text = visible_text(body)
    found = [english for english in forbidden if pattern(english).search(text)]
    assert found == [], f"English on the Welsh page {where}: {found}\n{text}"
    # The way back to English, named in English and marked as such for screen readers.
    assert re.search(r'<a href="[^"]*lang=en"[^>]*hreflang="en" lang="en">English</a>', body), where
    return text


@pytest.fixture
def eoi_questionnaire(app):
    with app.app_context():
        return registry().questionnaire(EOI)


def test_a_whole_survey_answered_in_welsh_shows_no_english(app, open_survey, runner, eoi_questionnaire, tmp_path):
    slug = open_survey(EOI, "diwedd", title="Arolwg diwedd cyfranogiad")
    forbidden = english_words() + questionnaire_english(eoi_questionnaire)
    assert len(forbidden) > 150
    r = Respondent(app.test_client(), slug)
    seen = []
    start = r.get(f"/s/{slug}?lang=cy")
    seen.append(assert_welsh(start, "start", forbidden))
    assert "Sut aeth eich cyfranogiad?" not in seen[-1]  # the survey's own title is staff's
    assert "Dechrau nawr" in seen[-1] and "Rydych wedi cymryd rhan fel defnyddiwr gwasanaeth" in seen[-1]
    # The choice holds for the session: no ?lang= from here on.
    location = r.start()
    for number, data in enumerate(EOI_PAGES, start=1):
        page = r.get(location)
        seen.append(assert_welsh(page, location, forbidden))
        assert f"Tudalen {number} o " in seen[-1]
        if "equality_monitoring" in data:  # the translation's own labels for yes and no
            assert "Hoffwn" in seen[-1] and "Na hoffwn" in seen[-1]
        response = r.post(location, data)
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
    assert location.endswith("/check")
    check = assert_welsh(r.get(location), "check", forbidden)
    # Options read back in Welsh: the questionnaire's own ("Defnyddiwr gwasanaeth") and the engine's ("Cytuno").
    assert "Defnyddiwr gwasanaeth" in check and "Cytuno'n gryf" in check and "Anghytuno'n gryf" in check
    # A translation's own labels for the options a type adds: "Hoffwn" ("I would like to") for this yes/no.
    assert "Hoffwn" in check and "Ie" not in check.split() and "Nac ydw" in check
    assert r.submit().status_code == 302
    done = assert_welsh(r.get(f"/s/{slug}/done"), "done", forbidden)
    assert "Atebion wedi'u hanfon" in done
    copy = assert_welsh(r.get(f"/s/{slug}/done/answers"), "copy of the answers", forbidden)
    assert "Cyfeirnod" in copy and "Defnyddiwr gwasanaeth" in copy
    assert "Hysbysiad preifatrwydd" in assert_welsh(r.get(f"/s/{slug}/privacy"), "privacy", forbidden)
    again = assert_welsh(r.get(f"/s/{slug}"), "start, answered", forbidden)
    assert "Mae eich atebion wedi cyrraedd. Diolch." in again

    # Someone else answers in English on the same questionnaire: one summary counts both.
    english = Respondent(app.test_client(), slug)
    assert '<html lang="en-GB">' in english.get(f"/s/{slug}").get_data(as_text=True)
    english.answer_all(EOI_PAGES[:8] + [{"equality_monitoring": "no"}])
    assert english.submit().status_code == 302
    result = runner.invoke(args=["summary", slug, "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    respect = next(q for q in summary["questions"] if q["key"] == "principles_respect")
    assert next(o for o in respect["options"] if o["value"] == "agree")["count"] == 2
    involved = next(q for q in summary["questions"] if q["key"] == "involved_as")
    assert next(o for o in involved["options"] if o["value"] == "service-user")["count"] == 2

    # The language each response was sent in, in the Responses sheet and the CSV.
    export(runner, slug, tmp_path / "out.csv", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert [(row["language"], row["involved_as"]) for row in rows] == [("cy", "Service user"), ("en", "Service user")]
    export(runner, slug, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Responses"]
    column = header_index(sheet)["language"]
    assert [row[column].value for row in sheet.iter_rows(min_row=2)] == ["cy", "en"]


def test_welsh_pages_of_a_survey_that_cannot_be_answered(app, open_survey, runner, eoi_questionnaire):
    forbidden = english_words() + questionnaire_english(eoi_questionnaire)
    closed = open_survey(EOI, "ar-gau", title="Arolwg")
    assert runner.invoke(args=["surveys", "close", closed]).exit_code == 0
    page = app.test_client().get(f"/s/{closed}?lang=cy")
    assert page.status_code == 410
    assert "Mae'r arolwg hwn wedi cau" in assert_welsh(page, "closed", forbidden)
    invited = open_survey(EOI, "gwahoddiad", title="Arolwg", access="invite")
    page = app.test_client().get(f"/s/{invited}", headers={"Accept-Language": "cy"})
    assert page.status_code == 403
    assert "Mae'r arolwg hwn trwy wahoddiad yn unig" in assert_welsh(page, "invitation only", forbidden)


def test_the_closing_date_in_welsh(app, open_survey):
    from datetime import date

    slug = open_survey(EOI, "dyddiad", title="Arolwg", closes_at=date(2099, 3, 31))
    text = visible_text(app.test_client().get(f"/s/{slug}?lang=cy").get_data(as_text=True))
    assert "Yn cau ar ddiwedd 31 Mawrth 2099 (amser y DU)." in text
    # The privacy notice's dates, and until when a code to come back works, are in Welsh too.
    forbidden = english_words()
    privacy = assert_welsh(app.test_client().get(f"/s/{slug}/privacy?lang=cy"), "privacy", forbidden)
    assert ("Mae'n derbyn atebion tan ddiwedd 31 Mawrth 2099 (amser y DU), felly mae disgwyl iddynt gael eu dileu"
            " ar 1 Ebrill 2100.") in privacy
    # Keys last at most RESUME_MAX_DAYS: long enough here that the closing date comes first.
    app.config["RESUME_MAX_DAYS"] = 365 * 100
    r = Respondent(app.test_client(), slug)
    r.get(f"/s/{slug}?lang=cy")
    assert r.answer(r.start(), {**EOI_PAGES[0], "save_later": "1"}).headers["Location"].endswith("/save")
    assert "Cadw a dychwelyd yn nes ymlaen" in assert_welsh(r.get(f"/s/{slug}/save"), "save", forbidden)
    saved = assert_welsh(r.post(f"/s/{slug}/save", {"how": "code"}), "code saved", forbidden)
    assert "Mae'r cod yn gweithio tan ddiwedd 31 Mawrth 2099 (amser y DU)." in saved
    elsewhere = app.test_client()
    elsewhere.get(f"/s/{slug}?lang=cy")
    assert "Dychwelyd gyda chod" in assert_welsh(elsewhere.get(f"/s/{slug}/resume"), "come back with a code",
                                                  forbidden)


def test_the_language_is_chosen_by_link_session_and_browser(app, open_survey):
    slug = open_survey(EOI, "iaith", title="Arolwg")
    client = app.test_client()
    first = client.get(f"/s/{slug}")
    assert "Accept-Language" in first.headers.get("Vary", "")
    english = first.get_data(as_text=True)
    assert '<html lang="en-GB">' in english and "Start now" in english
    assert f'<a href="/s/{slug}?lang=cy" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert "Dechrau nawr" in client.get(f"/s/{slug}?lang=cy").get_data(as_text=True)
    assert "Dechrau nawr" in client.get(f"/s/{slug}").get_data(as_text=True)  # kept for the session
    # The respondent's choice beats the browser's.
    assert "Start now" in client.get(f"/s/{slug}?lang=en", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Start now" in client.get(f"/s/{slug}", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    # A new browser asking for Welsh (with a region, and English as its second choice) gets it.
    welsh = app.test_client().get(f"/s/{slug}", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.8"})
    assert "Dechrau nawr" in welsh.get_data(as_text=True)
    # A language the survey does not offer is ignored.
    assert "Start now" in app.test_client().get(f"/s/{slug}?lang=fr").get_data(as_text=True)


def test_a_query_string_naming_the_route_or_url_for_options_is_not_copied_into_language_links(app, open_survey):
    slug = open_survey(EOI, "iaith", title="Arolwg")
    page = app.test_client().get(f"/s/{slug}?slug=other&_external=1&_anchor=x&ref=mail")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<a href="/s/{slug}?ref=mail&amp;lang=cy" hreflang="cy"' in html


def test_a_survey_without_welsh_offers_no_choice(app, open_survey):
    slug = open_survey("trust-survey", "trusts")
    client = app.test_client()
    page = client.get(f"/s/{slug}?lang=cy", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert '<html lang="en-GB">' in page and "Start now" in page and "Cymraeg" not in page
    # Nor does the choice made on a Welsh survey carry into it.
    eoi = open_survey(EOI, "eoi", title="Arolwg")
    client.get(f"/s/{eoi}?lang=cy")
    assert "Start now" in client.get(f"/s/{slug}").get_data(as_text=True)


def test_staff_pages_stay_in_english(admin_client, open_survey):
    slug = open_survey(EOI, "staff", title="Arolwg")
    admin_client.get(f"/s/{slug}?lang=cy")
    page = admin_client.get("/admin/", headers={"Accept-Language": "cy"}, follow_redirects=True)
    assert '<html lang="en-GB">' in page.get_data(as_text=True) and "Cymraeg" not in page.get_data(as_text=True)



def test_the_published_results_page_in_welsh(app, runner, admin_client, eoi_questionnaire):
    """The results page reads the questionnaire's Welsh (questions, options, headlines) and the engine's."""
    from survey_engine.testing import post_form

    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    slug = "end-of-involvement-demo"
    assert post_form(admin_client, f"/admin/surveys/{slug}", f"/admin/surveys/{slug}/results",
                     data={"what_we_did": "Rydym wedi newid y ffordd rydym yn gweithio.", "action": "publish"}
                     ).status_code == 302
    forbidden = english_words() + questionnaire_english(eoi_questionnaire)
    page = assert_welsh(app.test_client().get(f"/s/{slug}/results?lang=cy"), "results", forbidden)
    assert "Canlyniadau" in page and "Yr atebion, fesul cwestiwn" in page
    assert "Defnyddiwr gwasanaeth" in page and "yn dymuno cymryd rhan eto" in page
