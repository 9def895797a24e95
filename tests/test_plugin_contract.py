"""The plugin contract: the package's face sits above the house, and plugins import only the public API."""
import ast
import pathlib

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
