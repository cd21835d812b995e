"""Payment behaviour learned from the ledger's own history, and the cash forecast built on it.

- :class:`PaymentBehaviour` (:meth:`~PaymentBehaviour.fit`): per customer, the distribution of
  days beyond due (and so of days from issue to payment), Kaplan-Meier on right-censored
  history, shrunk toward the segment and the book, with the effect of an open dispute.
- :meth:`PaymentBehaviour.predict` gives a :class:`PaymentPrediction` per open invoice.
- :func:`cash_forecast`: expected collections per currency and ISO week, with a band, promises
  to pay, credits and unapplied cash apart, and money conserved to the cent.
- :func:`backtest`: the same on past cutoffs, scored against the "paid on due date" baseline.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=2, customers=30, as_of=dt.date(2026, 6, 30))
    >>> behaviour = PaymentBehaviour.fit(book.invoices, as_of=book.as_of, segments=book.customers)
    >>> forecast = cash_forecast(book.open_items(), behaviour, as_of=book.as_of)
    >>> all(sum(w.expected for w in c.weeks) + c.beyond == c.open_total
    ...     for c in forecast.currencies)
    True
"""

from __future__ import annotations

from receivables.forecast.backtest import BacktestResult, CutoffScore, backtest
from receivables.forecast.behaviour import (
    DEFAULT_PRIOR_STRENGTH,
    EARLIEST_DAYS_BEYOND_DUE,
    LATEST_DAYS_BEYOND_DUE,
    QUANTILE_LEVELS,
    PaymentBehaviour,
    PaymentPrediction,
    kaplan_meier,
)
from receivables.forecast.cash import (
    MAX_WEEKS,
    CashForecast,
    CurrencyForecast,
    ForecastWeek,
    cash_forecast,
)

__all__ = [
    "DEFAULT_PRIOR_STRENGTH",
    "EARLIEST_DAYS_BEYOND_DUE",
    "LATEST_DAYS_BEYOND_DUE",
    "MAX_WEEKS",
    "QUANTILE_LEVELS",
    "BacktestResult",
    "CashForecast",
    "CurrencyForecast",
    "CutoffScore",
    "ForecastWeek",
    "PaymentBehaviour",
    "PaymentPrediction",
    "backtest",
    "cash_forecast",
    "kaplan_meier",
]
