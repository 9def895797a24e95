"""The plugin contract: the package's face sits above the house, and plugins import only the public API."""
import ast
import pathlib
import re

import pytest

import survey_engine
from survey_engine import version

ROOT = pathlib.Path(__file__).parent.parent
PACKAGE = ROOT / "survey_engine"


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(dotted):
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of_the_face(path):
    """Each `from survey_engine import NAME` in `path` (relative or not) where NAME is not a submodule."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name == "survey_engine"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([node.module] if node.module else []))
            if base == "survey_engine":
                found += [f"{path.relative_to(ROOT)}:{node.lineno} from {base} import {a.name}"
                          for a in node.names if not is_module(f"survey_engine.{a.name}")]
    return found


def test_no_module_inside_the_package_imports_its_face():
    modules = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]
    assert len(modules) > 40
    assert [line for path in modules for line in imports_of_the_face(path)] == []


def test_the_version_lives_in_its_own_module():
    assert survey_engine.__version__ == version.__version__
    assert "version = attr: survey_engine.version.__version__" in (ROOT / "setup.cfg").read_text()


def invited_survey(app, tmp_path, people=3):
    """An open invitation-only survey with `people` contacts sent a link (the mail-merge export counts as sent)."""
    from survey_engine.surveys import create_survey

    app.config["BASE_URL"] = "http://surveys.test"
    with app.app_context():
        create_survey("signatory-survey", "trusts", access="invite", status="open")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("name,email,organisation,organisation_kind,role\n" + "".join(
        f"Person {i},p{i}@org{i}.example.org,Org {i},signatory,\n" for i in range(people)), encoding="utf-8")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["contacts", "import", "trusts", str(contacts)]).exit_code == 0
    links = runner.invoke(args=["invitations", "export", "trusts", "--output", str(tmp_path / "links.csv")])
    assert links.exit_code == 0, links.output
    return "trusts"


def statements_during(app, action):
    """The SQL statements `action()` sends to the app's database."""
    from sqlalchemy import event

    from survey_engine.extensions import db

    sent = []

    def note(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            action()
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    return sent


def test_a_summary_queries_the_response_rates_once(app, tmp_path):
    from survey_engine.summary import summarise
    from survey_engine.surveys import get_survey

    slug = invited_survey(app, tmp_path)
    summaries = []
    sent = statements_during(app, lambda: summaries.append(summarise(get_survey(slug))))
    rate_queries = [s for s in sent if re.search(r"\bFROM invitation\b", s)]
    # rates_summary sends two: the survey's totals and the figures by organisation.
    assert len(rate_queries) == 2, rate_queries
    assert summaries[0]["invited"] == 3 and summaries[0]["response_rates"]["invited"]["contacts"] == 3


def test_the_built_in_plugins_implement_no_retired_hook(recwarn, make_app):
    app = make_app()
    assert [str(w.message) for w in recwarn if issubclass(w.category, DeprecationWarning)] == []
    assert app.extensions["survey_engine"].pm.hook.summary_invited.get_hookimpls() == []


def test_the_retired_summary_invited_hook_warns_and_still_counts(app, tmp_path):
    from survey_engine import hookimpl
    from survey_engine.summary import summarise
    from survey_engine.surveys import get_survey

    slug = invited_survey(app, tmp_path)

    class OldPlugin:
        @hookimpl
        def summary_invited(self, survey):
            return 40

    with pytest.warns(DeprecationWarning, match="summary_invited hook is retired"):
        app.extensions["survey_engine"].pm.register(OldPlugin(), name="old-plugin")
    with app.app_context():
        assert summarise(get_survey(slug))["invited"] == 40


def test_registry_call_supplies_the_app(make_app):
    from survey_engine import hookimpl

    app = make_app(DISABLED_PLUGINS=["survey_engine.invitations.plugin"])  # its forget_browser needs a request
    seen = []

    class Listener:
        @hookimpl
        def forget_browser(self, app, survey):
            seen.append((app, survey))

    registry = app.extensions["survey_engine"]
    registry.pm.register(Listener(), name="listener")
    registry.call("forget_browser", survey="a survey")
    assert seen == [(app, "a survey")]
    with pytest.raises(KeyError, match="no hook named 'forget_browsers'"):
        registry.call("forget_browsers", survey="a survey")


def public_api_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### What a plugin may import\n", 1)[1].split("\n### ", 1)[0]
    listed = section.split("\n- ", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"`(\w+)`", listed)


def test_every_name_of_the_public_api_imports_and_is_documented():
    import importlib

    api = importlib.import_module("survey_engine.api")
    missing = [name for name in api.__all__ if getattr(api, name, None) is None]
    assert api.__all__ and missing == []
    assert sorted(public_api_in_the_readme()) == sorted(api.__all__)


def test_the_built_in_plugins_import_only_the_public_api():
    from survey_engine import api

    public = set(api.__all__) | set(survey_engine.__all__)
    found = []
    for path in sorted([*(ROOT / "plugins").glob("*.py"), *(ROOT / "questionnaires").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "survey_engine":
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name not in public]
            elif isinstance(node, ast.Import):
                found += [f"{path.name}: {a.name}" for a in node.names if a.name.split(".")[0] == "survey_engine"]
    assert found == []
