"""What the plugins registered at start-up: question types, questionnaires and exporters, looked up by the runtime."""
from flask import current_app

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
        found = collect(self.pm, "register_questionnaires", lambda q: (q.id, q.version), app=app)
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
        exporters = collect(self.pm, "register_exporters", lambda e: e.name, app=app)
        self.exporters = {name: item for name, (plugin, item) in sorted(exporters.items())}
        for name, (plugin, item) in exporters.items():
            self._note(plugin, f"exporter {name}")
        for name, plugin in self.pm.list_name_plugin():
            self.registered_by.setdefault(name, [])

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
