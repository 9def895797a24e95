"""What the plugins registered at start-up: question types, questionnaires and exporters, looked up by the runtime."""
import os

from flask import current_app, has_app_context, has_request_context, request

from .documents import BrokenSource
from .plugins import PluginError, collect, make_plugin_manager


class Registry:
    """The plugin manager of one app and everything its register_* hooks returned."""

    def __init__(self, app):
        self.app = app
        self.pm = make_plugin_manager(app)
        self._registered_by = {}  # plugin name -> list of "what: name" strings, for `survey-engine plugins`
        types = collect(self.pm, "register_question_types", lambda t: t.name, app=app)
        self.question_types = {name: item for name, (plugin, item) in types.items()}
        for name, (plugin, item) in types.items():
            self._note(plugin, f"question type {name}")
        # Plugins that load questionnaires from files (they have source_of) report a broken file instead of
        # stopping start-up, so one bad file dropped into the instance folder leaves the rest working.
        file_plugins = {name: plugin for name, plugin in self.pm.list_name_plugin() if hasattr(plugin, "source_of")}
        # Plugins with a stamp (the questionnaire library) are asked lazily, and again whenever their stamp changes.
        self._live = [impl for impl in self.pm.hook.questionnaires_stamp.get_hookimpls()
                      if impl.plugin_name not in file_plugins]
        self._live_seen = None  # the stamps the merged questionnaires were built from
        #: Files left out at start-up, as BrokenSource(source, problems); `survey-engine questionnaires` lists them.
        self.broken_sources = []
        found = collect(self.pm, "register_questionnaires", lambda q: (q.id, q.version),
                        skip={*file_plugins, *(impl.plugin_name for impl in self._live)}, app=app)
        self._fixed = {}  # id -> {version: Questionnaire}, from plugins asked once at start-up
        self._merged = self._fixed
        owner = {}
        for (qid, version), (plugin, questionnaire) in found.items():
            if owner.setdefault(qid, plugin) != plugin:
                raise PluginError(f"register_questionnaires: {qid!r} is registered by both plugin "
                                  f"{owner[qid]!r} and plugin {plugin!r}")
            try:
                questionnaire.check(self.question_types)
            except ValueError as exc:
                raise PluginError(f"plugin {plugin!r}: {exc}") from exc
            self._fixed.setdefault(qid, {})[version] = questionnaire
            self._note(plugin, f"questionnaire {qid} v{version}")
        self._owner = owner
        self._owners = owner  # with the live plugins' questionnaires too, once merged
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
            self._registered_by.setdefault(name, [])

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
            self._fixed.setdefault(qid, {})[version] = questionnaire
            self._note(name, f"questionnaire {qid} v{version}")
        self.broken_sources.extend(plugin.broken_sources(self.app) if hasattr(plugin, "broken_sources") else ())

    @property
    def questionnaires(self):
        """{id: {version: Questionnaire}} of every source, live ones (the library) as they are now."""
        if self._live:
            self._refresh_live()
        return self._merged

    def _refresh_live(self):
        """Ask the live plugins again if any stamp changed since the questionnaires were last merged.

        At most once per request: a version published since is seen from the next request on.
        """
        if not has_app_context():
            with self.app.app_context():
                return self._refresh_live()
        if has_request_context():
            checked = request.environ.setdefault("survey_engine.live_questionnaires_checked", set())
            if id(self) in checked:
                return
            checked.add(id(self))
        stamps = tuple(impl.function(**({"app": self.app} if "app" in impl.argnames else {})) for impl in self._live)
        if stamps == self._live_seen:
            return
        merged = {qid: dict(versions) for qid, versions in self._fixed.items()}
        owner = dict(self._owner)
        for impl, stamp in zip(self._live, stamps):
            name = impl.plugin_name
            registered = []
            for questionnaire in self._ask_live(name) if stamp is not None else ():
                if owner.setdefault(questionnaire.id, name) != name:
                    self.app.logger.error("plugin %r: questionnaire %r belongs to plugin %r; left out", name,
                                          questionnaire.id, owner[questionnaire.id])
                    continue
                try:
                    questionnaire.check(self.question_types)
                except ValueError as exc:
                    self.app.logger.error("plugin %r: %s; left out", name, exc)
                    continue
                merged.setdefault(questionnaire.id, {})[questionnaire.version] = questionnaire
                registered.append(f"questionnaire {questionnaire.id} v{questionnaire.version}")
            self._registered_by[name] = registered
        # One assignment each, so a concurrent lookup sees either the old questionnaires or the new ones.
        self._merged, self._owners = merged, owner
        self._live_seen = stamps

    def _ask_live(self, name):
        for impl in self.pm.hook.register_questionnaires.get_hookimpls():
            if impl.plugin_name == name:
                return impl.function(**({"app": self.app} if "app" in impl.argnames else {})) or ()
        return ()

    @property
    def registered_by(self):
        """{plugin name: ["questionnaire trust-survey v1", ...]}: what each plugin registered, live plugins' as now."""
        self.questionnaires  # noqa: B018 (brings the live plugins' questionnaires up to date)
        return self._registered_by

    def source_of(self, qid):
        """The name of the plugin that registers questionnaire `qid`, or None."""
        self.questionnaires  # noqa: B018 (brings the live plugins' questionnaires up to date)
        return self._owners.get(qid)

    def call(self, hook, **kwargs):
        """Call hook `hook` with these keyword arguments, supplying `app` when the hook takes it."""
        caller = getattr(self.pm.hook, hook, None)
        if caller is None or caller.spec is None:
            raise KeyError(f"no hook named {hook!r}; the hooks are in survey_engine/hookspecs.py")
        if "app" in caller.spec.argnames:
            kwargs.setdefault("app", self.app)
        return caller(**kwargs)

    def _note(self, plugin, what):
        self._registered_by.setdefault(plugin, []).append(what)

    def questionnaire(self, qid, version=None):
        """The questionnaire `qid` at `version`, or its newest version; KeyError if unknown."""
        # A version never changes once registered, so only a miss (or "the newest") asks the live plugins again.
        versions = self._merged.get(qid, {}) if version is not None else {}
        if version not in versions:
            versions = self.questionnaires[qid]
        return versions[max(versions) if version is None else version]

    def asks(self, survey):
        """Whether the questionnaire version `survey` asks is registered, so it can be answered."""
        qid, version = survey.questionnaire_id, survey.questionnaire_version
        return version in self._merged.get(qid, {}) or version in self.questionnaires.get(qid, {})

    def latest(self):
        """The newest version of every questionnaire, sorted by id."""
        known = self.questionnaires
        return [known[qid][max(known[qid])] for qid in sorted(known)]

    def published(self):
        """Every version of every questionnaire, newest first within each id, ids sorted: what a survey may use."""
        known = self.questionnaires
        return [known[qid][version] for qid in sorted(known) for version in sorted(known[qid], reverse=True)]

    def question_type(self, question):
        return self.question_types[question.type]


def registry():
    """The Registry of the current app."""
    return current_app.extensions["survey_engine"]
