"""The fuzz suite's own machinery: regressions of defects that were the harness's, not the
library's."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from _fuzz_soak import soak_seconds
from _fuzz_support import BAD_VALUES, bad, conforms, good, instances
from hypothesis import HealthCheck, given, settings

from receivables.aging import AgingReport, AgingRow


@pytest.mark.parametrize("annotation", [int, list[int], typing.Sequence[str]])
def test_the_hostile_strategy_has_a_repr(annotation: Any) -> None:
    """Hypothesis puts a strategy's repr into the note of an error raised while drawing from it;
    with ``sampled_from(BAD_VALUES)`` that repr raised ValueError (``10**5000`` past 4,300
    digits) and replaced the real outcome of seven targets' examples."""
    assert 10**5000 in BAD_VALUES
    assert len(repr(bad(annotation, "x"))) < 10_000


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(row=instances(AgingRow), report=instances(AgingReport))
def test_aging_rows_and_reports_are_drawn_in_the_shape_their_constructors_require(
    row: AgingRow, report: AgingReport
) -> None:
    """Drawn through their constructors, rows got labels and sums of unrelated lengths, which
    AgingRow now refuses: nearly every draw would be discarded."""
    assert len(row.amounts) == len(row.labels)
    assert all(r.labels == report.labels for r in report.rows)


def test_bytes_are_not_an_iterable_of_pairs() -> None:
    assert not conforms(b"bytes", typing.Iterable[tuple[str, int]])
    assert conforms([("a", 1)], typing.Iterable[tuple[str, int]])


def test_the_good_strategy_of_a_row_is_not_empty() -> None:
    assert not good(AgingRow).is_empty


@pytest.mark.parametrize(("text", "seconds"), [("", 0.0), (" 3600 ", 3600.0), ("0.5", 0.5)])
def test_the_soak_budget(monkeypatch: pytest.MonkeyPatch, text: str, seconds: float) -> None:
    monkeypatch.setenv("FUZZ_SOAK_SECONDS", text)
    assert soak_seconds() == seconds


@pytest.mark.parametrize("text", ["0", "-1", "inf", "nan", "an hour"])
def test_a_bad_soak_budget_is_refused(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("FUZZ_SOAK_SECONDS", text)
    with pytest.raises(ValueError, match="FUZZ_SOAK_SECONDS must be a positive number"):
        soak_seconds()
