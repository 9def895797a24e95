"""The Summary sheet's charts carry their labels and figures, for programs that draw a chart from its cache."""
import re
import zipfile

import openpyxl
import pytest


def test_each_chart_caches_the_options_and_percentages_it_draws(runner, tmp_path):
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    path = tmp_path / "trusts.xlsx"
    result = runner.invoke(args=["export", "reality-and-impact-trusts", "--output", str(path)])
    assert result.exit_code == 0, result.output
    summary = openpyxl.load_workbook(path)["Summary"]
    cells = {(c.row, c.column): c.value for row in summary.iter_rows() for c in row}
    with zipfile.ZipFile(path) as book:
        charts = sorted(n for n in book.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 7
        for name in charts:
            xml = book.read(name).decode()
            # Labels as text (strRef), not numbers; each cached value is the cell's own.
            cat = re.search(r"<c:cat><c:strRef><c:f>Summary!\$A\$(\d+):\$A\$(\d+)</c:f><c:strCache>(.*?)</c:strCache>",
                            xml)
            assert cat, name
            first, last = int(cat.group(1)), int(cat.group(2))
            labels = re.findall(r"<c:v>(.*?)</c:v>", cat.group(3))
            assert labels == [cells[(r, 1)] for r in range(first, last + 1)]
            val = re.search(r"<c:val><c:numRef><c:f>Summary!\$C\$(\d+):\$C\$(\d+)</c:f><c:numCache>(.*?)</c:numCache>",
                            xml)
            assert val and (int(val.group(1)), int(val.group(2))) == (first, last)
            values = [float(v) for v in re.findall(r"<c:v>(.*?)</c:v>", val.group(3))]
            assert values == pytest.approx([cells[(r, 3)] for r in range(first, last + 1)], rel=1e-12)
        heard = next(book.read(name).decode() for name in charts if "heard of the 4Pi" in book.read(name).decode())
        assert "<c:v>Yes</c:v><" in heard and "<c:v>No</c:v><" in heard
