"""The README's example questionnaire plugin works as written: loaded from the instance folder and answered."""
import json
import pathlib

from conftest import Respondent

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()


def example_plugin():
    section = README.split("### Writing a questionnaire plugin", 1)[1]
    return section.split("```python", 1)[1].split("```", 1)[0]


def test_readme_example_plugin_is_loaded_seeded_and_answered(make_app, instance_path):
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "volunteers.py").write_text(example_plugin())
    app = make_app()
    runner = app.test_cli_runner()
    shown = json.loads(runner.invoke(args=["questionnaires", "show", "volunteer-feedback", "--format", "json"]).output)
    assert [q["key"] for q in shown["questions"]] == ["organisation", "enjoyed", "hours", "gained", "better"]
    assert "volunteers-demo" in runner.invoke(args=["demo", "--no-serve"]).output

    client = app.test_client()
    r = Respondent(client, "volunteers-demo")
    location = r.answer_all([{"organisation": "Mind"}, {"enjoyed": "yes", "hours": "12"}])
    assert location.endswith("/page/3")
    r.answer(location, {"gained": ["confidence", "other"], "gained__other": "A job"})
    assert r.submit().headers["Location"].endswith("/s/volunteers-demo/done")
    rows = json.loads(runner.invoke(args=["surveys", "list", "--format", "json"]).output)
    assert {row["slug"]: row["responses"] for row in rows}["volunteers-demo"] == 1
