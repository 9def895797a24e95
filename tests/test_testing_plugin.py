"""survey_engine.testing works for a plugin's own suite: the README's example, outside this suite's conftest."""
import configparser
import pathlib

ROOT = pathlib.Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def example_plugin():
    section = README.split("### Writing a questionnaire plugin", 1)[1]
    return section.split("```python", 1)[1].split("```", 1)[0]


def example_test_module():
    section = README.split("### Testing your plugin", 1)[1]
    return section.split("```python", 1)[1].split("```", 1)[0]


def test_the_plugin_is_registered_with_pytest_under_its_module_name():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    entry_points = config["options.entry_points"]["pytest11"].split("\\n")
    assert "survey_engine.testing = survey_engine.testing" in [line.strip() for line in entry_points]


def test_readme_testing_example_passes_in_a_plugins_own_suite(pytester, monkeypatch):
    # On SQLite: a second run on TEST_DATABASE_URL would drop this run's template database when it ends.
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    pytester.path.joinpath("volunteers.py").write_text(example_plugin())
    pytester.mkdir("tests").joinpath("test_volunteers.py").write_text(example_test_module())
    result = pytester.runpytest_subprocess("-p", "survey_engine.testing", "-p", "no:cacheprovider", "tests")
    result.assert_outcomes(passed=1)
