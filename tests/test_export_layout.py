"""The workbook reads without reworking: readable widths, long text wrapped, header rows frozen."""
import openpyxl


def test_widths_wrapping_and_frozen_headers(runner, tmp_path):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    path = tmp_path / "trusts.xlsx"
    result = runner.invoke(args=["export", "reality-and-impact-trusts", "--output", str(path)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    for name in ("Headlines", "Responses", "Comments", "Organisations", "About"):
        assert book[name].freeze_panes == "A2", name
    headlines, comments, about = book["Headlines"], book["Comments"], book["About"]
    # Wide columns for sentences, narrow ones for figures (Excel's default is about 8.43).
    assert headlines.column_dimensions["A"].width >= 80 and comments.column_dimensions["E"].width >= 60
    assert headlines.column_dimensions["C"].width < 12
    assert headlines["A2"].alignment.wrap_text and comments["E2"].alignment.wrap_text
    assert about["B2"].alignment.wrap_text
    assert not headlines["C2"].alignment.wrap_text  # a count has nothing to wrap
