"""The engine's own words in other languages: each translations/<lang>/LC_MESSAGES/messages.po, compiled when the
app starts, so no compiled (.mo) file is committed or built by hand, whether installed editable or not.

Beside each compiled file a stamp holds the SHA-256 of the messages.po it was compiled from, so a start whose
catalogues are up to date only hashes them (parsing them with Babel took most of a command's catalogue time).
"""
import hashlib
import io
import os
import stat
import tempfile

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
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(path, "rb") as source:
            catalog = read_po(source, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        _compiled[key] = buffer.getvalue()
    return _compiled[key]


def compile_into(folder):
    """Write each language's messages.mo under `folder` where it is missing or differs from its messages.po."""
    for language in languages():
        target = os.path.join(folder, language, "LC_MESSAGES", "messages.mo")
        stamp = target + ".source-sha256"
        with open(source_of(language), "rb") as source:
            digest = hashlib.sha256(source.read()).hexdigest().encode()
        if _read(stamp) == digest and os.path.isfile(target):
            continue
        data = compiled(language)
        if _read(target) != data:
            _write(target, data)
        _write(stamp, digest)


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Written beside and moved into place: another worker starting at the same moment reads a whole file.
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def private_folder(path):
    """`path` as a folder only this user can use (created mode 0700), or None if someone else could have planted it.

    On a shared machine the temporary folder is everyone's: a folder already there under our name may be another
    user's, holding catalogues of their choosing, so it is used only if it is ours, not a link, and closed to others.
    """
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    getuid = getattr(os, "getuid", None)  # not on Windows, whose temporary folder is the user's own
    if (not stat.S_ISDIR(info.st_mode) or (getuid is not None and info.st_uid != getuid())
            or stat.S_IMODE(info.st_mode) & 0o077):
        return None
    return path


def fallback_folder(app):
    """A private temporary folder for the compiled catalogues: the same one for each of this user's workers, or a
    new one (tempfile.mkdtemp) when that name is taken by a folder this user does not own alone."""
    path = os.path.join(tempfile.gettempdir(), f"survey-engine-translations-{getattr(os, 'getuid', lambda: 0)()}")
    folder = private_folder(path)
    if folder is None:
        folder = tempfile.mkdtemp(prefix="survey-engine-translations-")
        app.logger.warning("%s is not a private folder of this user (another user may have made it); not reading "
                           "it, using %s", path, folder)
    return folder


def init_app(app):
    """Compile the catalogues into the instance folder (a private temporary folder if it is read-only) for
    Flask-Babel.

    Called before Babel is set up, which reads BABEL_TRANSLATION_DIRECTORIES once; folders already set there
    are searched after the engine's.
    """
    folder = os.path.join(app.instance_path, "translations")
    try:
        compile_into(folder)
    except OSError as error:
        folder = fallback_folder(app)
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
