"""Finding plugins (built-in, installed, instance folder) and collecting what they register."""
import importlib
import importlib.metadata
import importlib.util
import os
import sys

import pluggy

from . import hookspecs

#: Built-in plugins, registered in this order; disable any by name with DISABLED_PLUGINS.
DEFAULT_PLUGINS = (
    "survey_engine.question_types",
    "survey_engine.invitations.plugin",
    "survey_engine.file_jobs",
    "survey_engine.response_jobs",
    "questionnaires.trust_survey",
    "questionnaires.signatory_survey",
    "questionnaires.end_of_involvement",
    "survey_engine.questionnaire_files",
    "survey_engine.library.plugin",
    "plugins.xlsx_export",
    "plugins.csv_export",
)

#: Installed packages register plugins under this entry-point group.
ENTRY_POINT_GROUP = "survey_engine"


class PluginError(RuntimeError):
    """A plugin that cannot be loaded, or that registers something already taken."""


def make_plugin_manager(app):
    """A PluginManager holding every enabled plugin: built-ins, entry points, then instance modules."""
    disabled = set(app.config.get("DISABLED_PLUGINS") or ())
    pm = pluggy.PluginManager("survey_engine")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        if name not in disabled:
            pm.register(importlib.import_module(name), name=name)
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name in disabled:
            continue
        try:
            module = entry_point.load()
        except Exception as exc:
            raise PluginError(f"plugin {entry_point.name!r} (entry point {entry_point.value}) failed to load: "
                              f"{exc}") from exc
        register(pm, module, entry_point.name)
    for name, module in instance_plugins(app.instance_path):
        if name not in disabled:
            register(pm, module, name)
    pm.check_pending()
    return pm


def register(pm, module, name):
    """Register `module` as plugin `name`; a second, different plugin of that name is a PluginError."""
    taken = pm.get_plugin(name)
    if taken is module:
        return  # the same distribution seen twice on sys.path lists its entry points twice
    if taken is not None:
        raise PluginError(f"two plugins are named {name!r}: {taken.__name__} and {module.__name__}; rename one")
    pm.register(module, name=name)


def instance_plugins(instance_path):
    """(name, module) for each .py file in <instance>/plugins/, named after its file."""
    folder = os.path.join(instance_path, "plugins")
    if not os.path.isdir(folder):
        return
    for filename in sorted(os.listdir(folder)):
        if not filename.endswith(".py") or filename.startswith("_"):
            continue
        name = filename[:-3]
        module_name = f"survey_engine_instance_plugins.{name}"
        spec = importlib.util.spec_from_file_location(module_name, os.path.join(folder, filename))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise PluginError(f"instance plugin {filename} failed to load: {exc}") from exc
        yield name, module


def collect(pm, hook_name, key, skip=(), **kwargs):
    """Call one register_* hook plugin by plugin (but those named in `skip`); return {key(item): (plugin, item)}.

    Two plugins registering the same key is a PluginError naming both.
    """
    found = {}
    caller = getattr(pm.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):
        if impl.plugin_name in skip:
            continue
        items = impl.function(**{arg: kwargs[arg] for arg in impl.argnames}) or ()
        for item in items:
            k = key(item)
            if k in found and found[k][0] != impl.plugin_name:
                raise PluginError(f"{hook_name}: {k!r} is registered by both plugin "
                                  f"{found[k][0]!r} and plugin {impl.plugin_name!r}")
            if k in found:
                raise PluginError(f"{hook_name}: plugin {impl.plugin_name!r} registers {k!r} twice")
            found[k] = (impl.plugin_name, item)
    return found
