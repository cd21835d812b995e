"""The chart docs/frames.md draws while the site builds (markdown-exec) is drawn here too, so a
broken export -> aging -> DataFrame -> chart path fails the suite, not only the docs build."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re

import pytest

PAGE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "frames.md"
# A fence opened with ```python exec="on" ... and closed by the next ``` line (linear: no nesting).
_BLOCK = re.compile(r'^```python exec="on"[^\n]*\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def test_the_page_draws_the_bucket_chart() -> None:
    pytest.importorskip("matplotlib", reason="the docs extra draws the chart")
    (block,) = _BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(block, str(PAGE), "exec"), {"__name__": "frames_chart"})
    svg = output.getvalue()
    assert "<svg" in svg
    assert "Open receivables by age, USD" in svg
