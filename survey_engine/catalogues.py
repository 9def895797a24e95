"""The engine's own words in other languages: each translations/<lang>/LC_MESSAGES/messages.po, compiled when the
app starts, so no compiled (.mo) file is committed or built by hand, whether installed editable or not."""
import io
import os
import tempfile

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: Where the catalogues' sources live, inside the package (setup.cfg ships them as package data).
SOURCE = os.path.join(os.path.dirname(__file__), "translations")
#: The compiled form of each messages.po read in this process, by (path, modification time, size).
_compiled = {}


def languages():
    """Codes of the languages the engine has a catalogue for, besides its own English, sorted."""
    if not os.path.isdir(SOURCE):
        return []
    return sorted(name for name in os.listdir(SOURCE) if os.path.isfile(source_of(name)))


def source_of(language):
    return os.path.join(SOURCE, language, "LC_MESSAGES", "messages.po")


def compiled(language):
    """The .mo bytes of `language`'s catalogue; fuzzy entries are left out, so they show in English."""
    path = source_of(language)
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _compiled:
        with open(path, "rb") as source:
            catalog = read_po(source, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        _compiled[key] = buffer.getvalue()
    return _compiled[key]


def compile_into(folder):
    """Write each language's messages.mo under `folder` where it is missing or differs from its messages.po."""
    for language in languages():
        data = compiled(language)
        target = os.path.join(folder, language, "LC_MESSAGES", "messages.mo")
        try:
            with open(target, "rb") as existing:
                if existing.read() == data:
                    continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # Written beside and moved into place: another worker starting at the same moment reads a whole file.
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)


def init_app(app):
    """Compile the catalogues into the instance folder (a temporary folder if it is read-only) for Flask-Babel.

    Called before Babel is set up, which reads BABEL_TRANSLATION_DIRECTORIES once; folders already set there
    are searched after the engine's.
    """
    folder = os.path.join(app.instance_path, "translations")
    try:
        compile_into(folder)
    except OSError as error:
        folder = os.path.join(tempfile.gettempdir(), f"survey-engine-translations-{getattr(os, 'getuid', lambda: 0)()}")
        app.logger.warning("cannot write compiled translations to the instance folder (%s); using %s", error, folder)
        compile_into(folder)
    # Flask-Babel serves what was compiled here, so these are the languages for this app's life: found once,
    # rather than listing the folder on every respondent's request.
    app.extensions["survey_engine.catalogues"] = tuple(languages())
    others = app.config.get("BABEL_TRANSLATION_DIRECTORIES")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join([folder] + ([others] if others else []))


def served(app):
    """The languages() compiled for `app` when it started."""
    return app.extensions["survey_engine.catalogues"]
