"""backtest: the scores on sample ledgers with payment habits, and the baseline beside them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _forecast_helpers import paid

from receivables.errors import InvalidTypeError, ValidationError
from receivables.forecast import backtest
from receivables.forecast.backtest import _auc
from receivables.samples import sample_portfolio

CUTOFFS = [dt.date(2025, 12, 31), dt.date(2026, 3, 31)]


def test_the_model_beats_the_due_date_baseline_on_customers_with_habits() -> None:
    book = sample_portfolio(seed=21, customers=120, as_of=dt.date(2026, 6, 30), payment_habits=True)
    result = backtest(book.invoices, cutoffs=CUTOFFS, weeks=8, segments=book.customers)
    assert [score.cutoff for score in result.cutoffs] == CUTOFFS
    for score in result.cutoffs:
        assert score.open_invoices > score.late_scored > 0
        assert score.dates_scored > 0
    # The targets relative to the baseline: weekly WAPE at most 0.6 times the baseline's.
    assert result.wape is not None
    assert result.baseline_wape is not None
    assert result.wape <= result.baseline_wape * Decimal("0.6")
    assert result.mae_days is not None
    assert result.baseline_mae_days is not None
    assert result.mae_days < result.baseline_mae_days
    assert result.auc is not None
    assert result.auc > Decimal("0.7")
    assert result.baseline_auc == Decimal("0.5000")
    assert result.accuracy is not None
    assert result.baseline_accuracy is not None
    assert result.accuracy > result.baseline_accuracy
    assert result.band_coverage is not None
    assert Decimal("0.5") < result.band_coverage


def test_a_perfectly_regular_customer_is_forecast_exactly() -> None:
    start = dt.date(2025, 1, 6)
    history = [paid(n, "C", start + dt.timedelta(days=n), 30, 7) for n in range(400)]
    (score,) = backtest(history, cutoffs=[dt.date(2025, 9, 30)], weeks=6).cutoffs
    assert score.wape == Decimal("0.0000")
    assert score.mae_days == Decimal("0.0000")
    assert score.accuracy == Decimal("1.0000")
    # The baseline is 7 days off on the 30 not yet due, and 6, 5, ..., 0 days on the 7 already
    # overdue (expected the day after the cutoff): (30 * 7 + 21) / 37.
    assert (score.open_invoices, score.late_scored) == (37, 30)
    assert score.baseline_mae_days == Decimal("6.2432")


def test_auc_counts_ties_as_half() -> None:
    assert _auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True]) == 0.75
    assert _auc([0.5, 0.5], [False, True]) == 0.5
    assert _auc([0.5, 0.5], [True, True]) is None


def test_refusals() -> None:
    history = [paid(n, "C", dt.date(2026, 1, 1), 30, 0) for n in range(3)]
    with pytest.raises(ValidationError, match="after the last date in the history"):
        backtest(history, cutoffs=[dt.date(2026, 1, 15)], weeks=8)
    with pytest.raises(ValidationError, match="weeks"):
        backtest(history, cutoffs=[dt.date(2026, 1, 1)], weeks=0)
    with pytest.raises(InvalidTypeError, match="cutoffs"):
        backtest(history, cutoffs=["2026-01-01"])  # type: ignore[list-item]
