"""Allowance for doubtful accounts: provision matrix, roll rates, loss rates, specific reserves,
write-off recommendations and the journal entries that book them.

Examples:
    >>> from receivables import Money
    >>> matrix = ProvisionMatrix({"Current": "0.01", "1-30": "0.04", "Over 30": "0.2"})
    >>> result = provision({"Current": Money("10000", "USD"), "1-30": Money("2500", "USD"),
    ...                     "Over 30": Money("500", "USD")}, matrix)
    >>> result.total
    Money('300.00', 'USD')
"""

from __future__ import annotations

from receivables.allowance.journal import (
    AccountMap,
    JournalEntry,
    JournalLine,
    WriteOffMethod,
    allowance_true_up,
    recovery_entries,
    write_off_entry,
)
from receivables.allowance.matrix import (
    AllowanceLine,
    AllowanceResult,
    Overlay,
    OverlayKind,
    ProvisionMatrix,
    provision,
)
from receivables.allowance.rates import (
    LossPeriod,
    ReceivableHistory,
    RollMethod,
    RollRates,
    combine_snapshots,
    historical_loss_rate,
    loss_rates,
    roll_rates,
    snapshot_balances,
)
from receivables.allowance.reserves import (
    AllowanceEstimate,
    AllowanceRollForward,
    SpecificLine,
    SpecificReserve,
    estimate_allowance,
    pooled_estimates,
)
from receivables.allowance.writeoffs import (
    ApprovalLevel,
    WriteOffPolicy,
    WriteOffRecommendation,
    recommend_write_offs,
)

__all__ = [
    "AccountMap",
    "AllowanceEstimate",
    "AllowanceLine",
    "AllowanceResult",
    "AllowanceRollForward",
    "ApprovalLevel",
    "JournalEntry",
    "JournalLine",
    "LossPeriod",
    "Overlay",
    "OverlayKind",
    "ProvisionMatrix",
    "ReceivableHistory",
    "RollMethod",
    "RollRates",
    "SpecificLine",
    "SpecificReserve",
    "WriteOffMethod",
    "WriteOffPolicy",
    "WriteOffRecommendation",
    "allowance_true_up",
    "combine_snapshots",
    "estimate_allowance",
    "historical_loss_rate",
    "loss_rates",
    "pooled_estimates",
    "provision",
    "recommend_write_offs",
    "recovery_entries",
    "roll_rates",
    "snapshot_balances",
    "write_off_entry",
]
