"""What the plugins registered at start-up: question types, questionnaires and exporters, looked up by the runtime."""
import os

from flask import current_app

from .documents import BrokenSource
from .plugins import PluginError, collect, make_plugin_manager


class Registry:
    """The plugin manager of one app and everything its register_* hooks returned."""

    def __init__(self, app):
        self.app = app
        self.pm = make_plugin_manager(app)
        self.registered_by = {}  # plugin name -> list of "what: name" strings, for `survey-engine plugins`
        types = collect(self.pm, "register_question_types", lambda t: t.name, app=app)
        self.question_types = {name: item for name, (plugin, item) in types.items()}
        for name, (plugin, item) in types.items():
            self._note(plugin, f"question type {name}")
        # Plugins that load questionnaires from files (they have source_of) report a broken file instead of
        # stopping start-up, so one bad file dropped into the instance folder leaves the rest working.
        file_plugins = {name: plugin for name, plugin in self.pm.list_name_plugin() if hasattr(plugin, "source_of")}
        #: Files left out at start-up, as BrokenSource(source, problems); `survey-engine questionnaires` lists them.
        self.broken_sources = []
        found = collect(self.pm, "register_questionnaires", lambda q: (q.id, q.version), skip=file_plugins,
                        app=app)
        self.questionnaires = {}  # id -> {version: Questionnaire}
        owner = {}
        for (qid, version), (plugin, questionnaire) in found.items():
            if owner.setdefault(qid, plugin) != plugin:
                raise PluginError(f"register_questionnaires: {qid!r} is registered by both plugin "
                                  f"{owner[qid]!r} and plugin {plugin!r}")
            try:
                questionnaire.check(self.question_types)
            except ValueError as exc:
                raise PluginError(f"plugin {plugin!r}: {exc}") from exc
            self.questionnaires.setdefault(qid, {})[version] = questionnaire
            self._note(plugin, f"questionnaire {qid} v{version}")
        for impl in reversed(self.pm.hook.register_questionnaires.get_hookimpls()):
            if impl.plugin_name in file_plugins:
                self._add_from_files(impl, file_plugins[impl.plugin_name], owner)
        self.broken_sources.sort(key=lambda broken: broken.source)
        for broken in self.broken_sources:
            app.logger.error("questionnaire file %s is left out: %s", broken.source, "; ".join(broken.problems))
        exporters = collect(self.pm, "register_exporters", lambda e: e.name, app=app)
        self.exporters = {name: item for name, (plugin, item) in sorted(exporters.items())}
        for name, (plugin, item) in exporters.items():
            self._note(plugin, f"exporter {name}")
        for name, plugin in self.pm.list_name_plugin():
            self.registered_by.setdefault(name, [])

    def _add_from_files(self, impl, plugin, owner):
        """Check and add what a file-loading plugin registers; a file that fails is left out and noted."""
        name = impl.plugin_name
        if hasattr(plugin, "use_question_types"):
            plugin.use_question_types(self.app, self.question_types)  # files may use any plugin's types
        checked = {}  # (id, version) -> [(source, questionnaire)] of the files that pass their checks
        for questionnaire in impl.function(**({"app": self.app} if "app" in impl.argnames else {})) or ():
            source = plugin.source_of(self.app, questionnaire) or name
            try:
                questionnaire.check(self.question_types)
            except ValueError as exc:
                self.broken_sources.append(BrokenSource(source, tuple(
                    str(p) for p in getattr(exc, "problems", None) or [exc])))
                continue
            checked.setdefault((questionnaire.id, questionnaire.version), []).append((source, questionnaire))
        for (qid, version), files in checked.items():
            if len(files) > 1:
                # Neither file is obviously the one meant, so both are left out rather than one picked silently.
                names = " and ".join(os.path.basename(source) for source, _ in files)
                self.broken_sources += [BrokenSource(source, (f"{names} both hold {qid!r} version {version}; give "
                                                              "one a new version or remove it",))
                                        for source, _ in files]
                continue
            source, questionnaire = files[0]
            if owner.setdefault(qid, name) != name:
                self.broken_sources.append(BrokenSource(source, (
                    f"questionnaire {qid!r} belongs to plugin {owner[qid]!r}; give the file another id",)))
                continue
            self.questionnaires.setdefault(qid, {})[version] = questionnaire
            self._note(name, f"questionnaire {qid} v{version}")
        self.broken_sources.extend(plugin.broken_sources(self.app) if hasattr(plugin, "broken_sources") else ())

    def call(self, hook, **kwargs):
        """Call hook `hook` with these keyword arguments, supplying `app` when the hook takes it."""
        caller = getattr(self.pm.hook, hook, None)
        if caller is None or caller.spec is None:
            raise KeyError(f"no hook named {hook!r}; the hooks are in survey_engine/hookspecs.py")
        if "app" in caller.spec.argnames:
            kwargs.setdefault("app", self.app)
        return caller(**kwargs)

    def _note(self, plugin, what):
        self.registered_by.setdefault(plugin, []).append(what)

    def questionnaire(self, qid, version=None):
        """The questionnaire `qid` at `version`, or its newest version; KeyError if unknown."""
        versions = self.questionnaires[qid]
        return versions[max(versions) if version is None else version]

    def asks(self, survey):
        """Whether the questionnaire version `survey` asks is registered, so it can be answered."""
        return survey.questionnaire_version in self.questionnaires.get(survey.questionnaire_id, {})

    def latest(self):
        """The newest version of every questionnaire, sorted by id."""
        return [self.questionnaire(qid) for qid in sorted(self.questionnaires)]

    def question_type(self, question):
        return self.question_types[question.type]


def registry():
    """The Registry of the current app."""
    return current_app.extensions["survey_engine"]
