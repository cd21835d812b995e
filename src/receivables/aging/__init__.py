"""Aging: open items bucketed by age, the AR metrics, and the weekly past-due report.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=4, customers=40, as_of=dt.date(2026, 6, 30))
    >>> report = age(book.open_items(), book.as_of, disputes=book.disputes)
    >>> report.labels
    ('Current', '1-30', '31-60', '61-90', '91-120', 'Over 120')
    >>> sum(report.bucket_totals("USD").values()) + report.credits("USD") == report.total("USD")
    True
"""

from __future__ import annotations

from receivables.aging.buckets import AgingBasis, Buckets
from receivables.aging.past_due import (
    AccountMovement,
    AgingComparison,
    BucketMovement,
    CurrencyMovement,
    CurrencyPastDue,
    DelinquentAccount,
    PastDueReport,
    compare,
    past_due_report,
)
from receivables.aging.report import AgingReport, AgingRow, CreditHandling, age

__all__ = [
    "AccountMovement",
    "AgingBasis",
    "AgingComparison",
    "AgingReport",
    "AgingRow",
    "BucketMovement",
    "Buckets",
    "CreditHandling",
    "CurrencyMovement",
    "CurrencyPastDue",
    "DelinquentAccount",
    "PastDueReport",
    "age",
    "compare",
    "past_due_report",
]
