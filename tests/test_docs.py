"""The README documents every hook, and its quick start names the commands that exist."""
import inspect
import pathlib
import re

from survey_engine import hookspecs

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()


def hooks():
    return [name for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(f, "survey_engine_spec")]


def test_every_hook_is_documented_in_the_readme():
    documented = set(re.findall(r"^### `?(\w+)", README.split("## Hooks", 1)[1], re.M))
    missing = [h for h in hooks() if h not in documented]
    assert hooks() and missing == []


def test_every_hook_has_a_docstring():
    assert [h for h in hooks() if not (getattr(hookspecs, h).__doc__ or "").strip()] == []


def test_quick_start_commands():
    assert "python -m pip install -e . && survey-engine demo" in README
    assert "python -m pip install -e '.[test]' && python -m pytest" in README
    assert "python -m pip install -e '.[test]' && python -m pytest" in (
        pathlib.Path(__file__).parent.parent / ".ci" / "run").read_text()
