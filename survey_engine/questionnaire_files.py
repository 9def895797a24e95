"""Built-in plugin: every instance/questionnaires/*.json and *.xlsx, loaded at start-up; broken files are left out."""
import os
import weakref

from .documents import FORMATS, BrokenSource, DocumentFileError, load_questionnaire_file
from .hookspecs import hookimpl

#: Per app: which file each questionnaire came from, and the files left out with their problems.
_loaded = weakref.WeakKeyDictionary()
#: Per app: the registered question types, handed over by the registry before it asks for questionnaires.
_types = weakref.WeakKeyDictionary()


def use_question_types(app, question_types):
    """Note the question types the files of `app` may use (plugins' types included), before they are loaded."""
    _types[app] = question_types


def folder(app):
    """The folder this plugin reads: <instance>/questionnaires."""
    return os.path.join(app.instance_path, "questionnaires")


@hookimpl
def register_questionnaires(app):
    sources, broken = {}, []
    _loaded[app] = (sources, broken)
    path = folder(app)
    if not os.path.isdir(path):
        return []
    found = []
    for filename in sorted(os.listdir(path)):
        if filename.startswith((".", "~$")) or os.path.splitext(filename)[1].lower() not in FORMATS:
            continue  # hidden files and spreadsheet programs' lock files are not questionnaires
        file = os.path.join(path, filename)
        try:
            questionnaire = load_questionnaire_file(file, _types.get(app))
        except DocumentFileError as exc:
            broken.append(BrokenSource(file, tuple(exc.problems)))
            continue
        # Two files may hold one (id, version): the registry reports both, so each is told apart by identity.
        sources[id(questionnaire)] = (questionnaire, file)
        found.append(questionnaire)
    return found


def source_of(app, questionnaire):
    """The file `questionnaire` was loaded from; the registry reports its problems against that file."""
    return _loaded.get(app, ({}, []))[0].get(id(questionnaire), (None, None))[1]


def broken_sources(app):
    """The files that could not be read at start-up, each with its problems."""
    return list(_loaded.get(app, ({}, []))[1])
