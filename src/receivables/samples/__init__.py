"""Seeded sample data: every generator the demo, the docs, the benchmarks and the tests use.

Same seed, same data, on every machine. The wing has three modules:

* :mod:`receivables.samples.portfolio`: :func:`sample_portfolio`, a realistic receivables ledger
  (customers in eight currencies, four risk classes, 18 months of invoices, credit memos,
  disputes, promises and the day's payments). Its names are re-exported here.
* :mod:`receivables.samples.cashapp`: cash-application scenarios with ground truth
  (``generate_scenario`` and ``score``), to measure a matcher honestly.
* :mod:`receivables.samples.names`: the word lists made-up company names are built from.

The generators import the core and the engines; no engine imports them.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=7, customers=20, as_of=dt.date(2026, 6, 30))
    >>> len(book.customers), book == sample_portfolio(seed=7, customers=20,
    ...                                               as_of=dt.date(2026, 6, 30))
    (20, True)
    >>> from receivables.samples.cashapp import generate_scenario
    >>> len(generate_scenario(seed=1, invoices=60, payments=10).payments)
    10
"""

from __future__ import annotations

from receivables.samples.portfolio import (
    MAX_CUSTOMERS,
    RISK_PROFILES,
    RiskProfile,
    sample_portfolio,
)

__all__ = ["MAX_CUSTOMERS", "RISK_PROFILES", "RiskProfile", "sample_portfolio"]
