"""Defects the fuzz soak found in the allowance engines, each with its regression test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables import Money
from receivables.allowance import Overlay, OverlayKind, ReceivableHistory, combine_snapshots
from receivables.errors import MergeError, ReceivablesError, ValidationError


def test_is_open_on_refuses_a_datetime() -> None:
    """A datetime (a date subclass) raised TypeError comparing itself with the issue date."""
    history = ReceivableHistory("I-1", dt.date(2026, 1, 1), dt.date(2026, 1, 31), Money("1", "USD"))
    with pytest.raises(ReceivablesError, match="day"):
        history.is_open_on(dt.datetime(2026, 2, 1, 12, 0))
    assert history.is_open_on(dt.date(2026, 2, 1))
    assert not history.is_open_on(dt.date(2025, 12, 31))


def test_combine_snapshots_checks_the_first_part_too() -> None:
    """A first part whose snapshots disagree on their buckets failed in zip() (ValueError)."""
    usd = Money("0.00", "USD")
    with pytest.raises(MergeError, match="part 0 has the buckets"):
        combine_snapshots([([{}, {"C-1": usd}], [usd, usd])])
    with pytest.raises(MergeError, match="part 0 has the buckets"):
        combine_snapshots([([{"Current": usd}, {"1-30": usd}], [usd, usd])])
    same = ([{"Current": Money("1.00", "USD")}], [Money("0.50", "USD")])
    assert combine_snapshots([same]) == (
        ({"Current": Money("1.00", "USD")},),
        (Money("0.50", "USD"),),
    )


def test_overlay_adjust_refuses_a_rate_that_is_not_finite() -> None:
    """A NaN rate raised decimal.InvalidOperation from the multiply or the clamp."""
    overlay = Overlay(OverlayKind.MULTIPLY, "recession outlook", overall=Decimal("-100"))
    for rate in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")):
        with pytest.raises(ValidationError, match="a loss rate to adjust is a finite Decimal"):
            overlay.adjust("Current", rate)
    assert overlay.adjust("Current", Decimal("0.02")) == Decimal(0)  # clamped at zero
