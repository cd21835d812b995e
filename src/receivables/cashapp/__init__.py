"""Cash application: match received payments and remittance advice to open invoices.

Examples:
    >>> import datetime as dt
    >>> from receivables import Invoice, Money, Payment
    >>> invoices = [Invoice("INV-77", "C-1", dt.date(2026, 1, 5), Money("420.00", "USD"),
    ...                     due_date=dt.date(2026, 2, 4))]
    >>> cash = [Payment("PAY-9", dt.date(2026, 2, 3), Money("420.00", "USD"), customer_id="C-1")]
    >>> outcome = apply_cash(cash, invoices).outcomes[0]
    >>> outcome.status.value, outcome.invoice_ids, [r.code for r in outcome.reasons]
    ('matched', ('INV-77',), ['cashapp.amount_unique'])
"""

from __future__ import annotations

from receivables.cashapp.engine import apply_cash
from receivables.cashapp.journal import cash_application_entries
from receivables.cashapp.model import (
    Application,
    CashApplicationResult,
    EvidenceConfidence,
    MatchPolicy,
    MatchStatus,
    PayerIdentification,
    PayerMatch,
    PaymentOutcome,
    Remittance,
    RemittanceLine,
)

__all__ = [
    "Application",
    "CashApplicationResult",
    "EvidenceConfidence",
    "MatchPolicy",
    "MatchStatus",
    "PayerIdentification",
    "PayerMatch",
    "PaymentOutcome",
    "Remittance",
    "RemittanceLine",
    "apply_cash",
    "cash_application_entries",
]
