"""The code blocks docs/forecast.md executes while the site builds (markdown-exec) run here too,
so a broken chart or table fails the suite, not only the docs build."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re

import pytest

PAGE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "forecast.md"
# A fence opened with ```python exec="on" ... and closed by the next ``` line (linear: no nesting).
_BLOCK = re.compile(r'^```python exec="on"[^\n]*\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def _blocks() -> list[str]:
    return _BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_its_chart_and_its_table() -> None:
    assert len(_blocks()) == 2


def test_the_chart_draws_an_svg() -> None:
    pytest.importorskip("matplotlib", reason="the docs extra draws the chart")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(_blocks()[0], str(PAGE), "exec"), {"__name__": "forecast_chart"})
    svg = output.getvalue()
    assert "<svg" in svg
    assert "13-week cash forecast" in svg


def test_the_backtest_table_prints_both_columns() -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(_blocks()[1], str(PAGE), "exec"), {"__name__": "forecast_table"})
    rows = output.getvalue().splitlines()
    assert rows[0] == "| score | model | paid on due date |"
    wape = next(row for row in rows if row.startswith("| weekly WAPE"))
    model, baseline = (float(cell) for cell in wape.strip("|").split("|")[1:])
    assert model < baseline
