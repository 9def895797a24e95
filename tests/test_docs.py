"""The README documents every hook, and its quick start names the commands that exist."""
import inspect
import pathlib
import re

import pluggy

from survey_engine import hookspecs

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()


def hooks():
    return [name for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(f, "survey_engine_spec")]


def test_every_hook_is_documented_in_the_readme():
    documented = set(re.findall(r"^### `?(\w+)", README.split("## Hooks", 1)[1], re.M))
    missing = [h for h in hooks() if h not in documented]
    assert hooks() and missing == []


def specs():
    """{hook name: its HookSpec}, as the engine's plugin manager sees them."""
    pm = pluggy.PluginManager("survey_engine")
    pm.add_hookspecs(hookspecs)
    return {name: getattr(pm.hook, name).spec for name in hooks()}


def documented_signatures():
    """{hook name: [argument names]} from the README's "## Hooks" headings, such as ### `may_answer(app, survey)`."""
    section = README.split("\n## Hooks\n", 1)[1].split("\n## ", 1)[0]
    return {name: [arg.strip() for arg in args.split(",") if arg.strip()]
            for name, args in re.findall(r"^### `(\w+)\(([^)]*)\)`\s*$", section, re.M)}


def test_each_hook_is_documented_with_the_arguments_it_is_called_with():
    # datasette's test_plugin_hooks_are_documented: every hookspec has a heading, every heading a hookspec.
    documented = documented_signatures()
    assert sorted(documented) == sorted(hooks())
    assert {name: documented[name] for name in hooks()} == {name: list(spec.argnames)
                                                           for name, spec in specs().items()}


def test_every_hookspec_docstring_gives_arguments_return_value_and_firstresult():
    missing = []
    for name, spec in specs().items():
        doc = getattr(hookspecs, name).__doc__ or ""
        missing += [f"{name}: :param {arg}:" for arg in spec.argnames if f":param {arg}:" not in doc]
        missing += [f"{name}: :return:"] if ":return:" not in doc else []
        if spec.opts["firstresult"] != ("firstresult" in doc):
            missing.append(f"{name}: firstresult is {spec.opts['firstresult']}, the docstring says otherwise")
        if "Called" not in doc:
            missing.append(f"{name}: when it is called")
    assert missing == []


def test_every_hook_has_a_docstring():
    assert [h for h in hooks() if not (getattr(hookspecs, h).__doc__ or "").strip()] == []


def test_quick_start_commands():
    assert "python -m pip install -e . && survey-engine demo" in README
    assert "python -m pip install -e '.[test]' && python -m pytest" in README
    assert "python -m pip install -e '.[test]' && python -m pytest" in (
        pathlib.Path(__file__).parent.parent / ".ci" / "run").read_text()


def test_how_it_fits_together_shows_every_package():
    root = pathlib.Path(__file__).parent.parent
    section = README.split("## How it fits together\n", 1)[1].split("\n## ", 1)[0]
    tree = section.split("```\n", 1)[1].split("```", 1)[0]
    shown = set(re.findall(r"^ *([\w.]+/?) {2,}\S", tree, re.M))
    folders = [f"{p.name}/" for p in (root / "survey_engine").iterdir() if p.is_dir() and p.name != "__pycache__"]
    top = ["survey_engine/", "questionnaires/", "plugins/", "instance/", "tests/", "wsgi.py"]
    assert len(folders) > 8 and sorted(set(folders + top) - shown) == []
