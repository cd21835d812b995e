"""Write-off recommendations (``receivables.allowance.writeoffs``): the policy rules (age, agency
return, small balances, disputes), approval levels, and policy validation."""

from __future__ import annotations

import datetime as dt

import pytest
from _allowance_helpers import usd

from receivables import Currency, Dispute, InvalidPolicyError, Invoice
from receivables.allowance import ApprovalLevel, WriteOffPolicy, recommend_write_offs

D = dt.date


class TestWriteOffs:
    policy = WriteOffPolicy(
        min_days_past_due=365,
        require_agency_return=True,
        small_balance=[usd("25")],
        approval_levels=[
            ApprovalLevel("collector", usd(1000)),
            ApprovalLevel("manager", usd(25000)),
            ApprovalLevel("controller"),
        ],
    )

    def test_rules(self) -> None:
        items = [
            Invoice("I-1", "C-1", D(2024, 1, 1), usd("30000"), due_date=D(2024, 1, 31)),
            Invoice("I-2", "C-2", D(2024, 1, 1), usd("5000"), due_date=D(2024, 1, 31)),
            Invoice("I-3", "C-3", D(2026, 1, 1), usd("20"), due_date=D(2026, 1, 31)),
            Invoice("I-4", "C-4", D(2024, 1, 1), usd("700"), due_date=D(2024, 1, 31)),
        ]
        disputes = [Dispute("I-4", usd(100), "quality", D(2024, 3, 1))]
        recs = recommend_write_offs(
            items,
            as_of=D(2026, 6, 30),
            policy=self.policy,
            agency_returned=["C-1"],
            disputes=disputes,
        )
        assert [(r.customer_id, r.approver) for r in recs] == [
            ("C-1", "controller"),
            ("C-3", "collector"),
        ]
        assert recs[0].reasons[-1].code == "allowance.approval_required"

    def test_policy_validation(self) -> None:
        with pytest.raises(InvalidPolicyError, match="last approval level"):
            WriteOffPolicy(approval_levels=[ApprovalLevel("collector", usd(10))])
        assert WriteOffPolicy.from_dict(self.policy.to_dict()) == self.policy

    def test_no_small_balance_by_default(self) -> None:
        assert WriteOffPolicy().small_balance_for(Currency("USD")) is None
