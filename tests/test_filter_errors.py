"""Filters that would match nothing by mistake are one-line errors naming the valid choices, everywhere."""
import json

import pytest

SLUG = "reality-and-impact-trusts"


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    return runner


def one_line_error(result):
    """The command failed as a bad option does (exit 2), with one line that says why."""
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_bad_filters_are_one_line_errors_naming_the_choices(demo, tmp_path, command):
    base = [command, SLUG] + (["--output", str(tmp_path / "out.xlsx")] if command == "export" else [])
    line = one_line_error(demo.invoke(args=base + ["--version", "2"]))
    assert "--version" in line and "2" in line and "1" in line
    line = one_line_error(demo.invoke(args=base + ["--organisation-kind", "nhs trust"]))
    assert "--organisation-kind" in line and "'nhs trust'" in line and "NHS Trust" in line
    line = one_line_error(demo.invoke(args=base + ["--since", "2019-04-02", "--until", "2019-04-01"]))
    assert "--since" in line and "2019-04-02" in line and "2019-04-01" in line
    line = one_line_error(demo.invoke(args=base + ["--answer", "used=perhaps"]))
    assert "--answer" in line and "'perhaps'" in line and "yes (Yes)" in line
    line = one_line_error(demo.invoke(args=base + ["--answer", "nothing=yes"]))
    assert "'nothing' is no question" in line and "used" in line
    assert not (tmp_path / "out.xlsx").exists()


def test_answer_filter_takes_an_options_label_as_imports_do(demo):
    def respondents(*args):
        result = demo.invoke(args=["summary", SLUG, "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    by_value = respondents("--answer", "heard_before=yes")
    by_label = respondents("--answer", "heard_before=Yes")
    assert by_label["respondents"] == by_value["respondents"] == 13
    assert by_label["filters"]["answers"] == [{"question": "heard_before", "values": ["yes"]}]
    assert respondents("--answer", "used=YES,no")["respondents"] == 17


def test_staff_page_and_download_refuse_the_same_filters(demo, analyst_client):
    page = analyst_client.get(f"/admin/surveys/{SLUG}/summary?since=2019-04-02&until=2019-04-01")
    html = page.get_data(as_text=True)
    assert "error-summary" in html and "2019-04-02" in html and "is after" in html
    assert "0 people responded" not in html
    download = analyst_client.get(f"/admin/surveys/{SLUG}/export?since=2019-04-02&until=2019-04-01")
    assert download.status_code == 302 and "/summary?" in download.headers["Location"]
    html = analyst_client.get(f"/admin/surveys/{SLUG}/summary?organisation_kind=nhs+trust").get_data(as_text=True)
    assert "error-summary" in html and "NHS Trust" in html
