"""Dunning and collections: policies, the dunning run, interest and fees, and the collector's
tools around them.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=3, customers=40, as_of=dt.date(2026, 6, 30))
    >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER),
    ...                         DunningLevel(2, 30, Action.FINAL_NOTICE)])
    >>> run = run_dunning(policy, book.open_items(), as_of=book.as_of, disputes=book.disputes,
    ...                   promises=book.promises, customers=book.customers)
    >>> all(n.total_due >= n.overdue for n in run.notices)
    True
"""

from __future__ import annotations

from receivables.dunning.interest import (
    InterestPeriod,
    LatePaymentClaim,
    ReferenceRate,
    Regime,
    contractual_interest,
    late_payment_claim,
    simple_interest,
)
from receivables.dunning.policy import (
    Action,
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    Fee,
    PolicyAssignment,
)
from receivables.dunning.run import (
    DunningNotice,
    DunningRun,
    NoticeLine,
    NoticeRecord,
    SkippedAccount,
    run_dunning,
)

__all__ = [
    "Action",
    "DunningLevel",
    "DunningNotice",
    "DunningPolicy",
    "DunningRun",
    "DunningScope",
    "EscalationMode",
    "Fee",
    "InterestPeriod",
    "LatePaymentClaim",
    "NoticeLine",
    "NoticeRecord",
    "PolicyAssignment",
    "ReferenceRate",
    "Regime",
    "SkippedAccount",
    "contractual_interest",
    "late_payment_claim",
    "run_dunning",
    "simple_interest",
]
