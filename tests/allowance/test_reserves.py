"""Specific reserves, pooled estimates and the allowance roll-forward
(``receivables.allowance.reserves``): invoice reserves win, nothing is reserved twice, customer
segment pools, and roll-forwards that tie."""

from __future__ import annotations

import datetime as dt

import pytest
from _allowance_helpers import usd
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    Customer,
    InvalidAmountError,
    InvalidPolicyError,
    Invoice,
    Money,
    ValidationError,
)
from receivables.aging import Buckets
from receivables.allowance import (
    AllowanceRollForward,
    ProvisionMatrix,
    SpecificReserve,
    estimate_allowance,
)
from receivables.documents import Portfolio
from receivables.testing import money, portfolios

D = dt.date


class TestSpecificReserves:
    def test_invoice_reserve_wins_and_nothing_is_reserved_twice(self) -> None:
        items = [
            Invoice("I-1", "C-9", D(2026, 6, 1), usd("1000"), due_date=D(2026, 6, 30)),
            Invoice("I-2", "C-9", D(2026, 6, 1), usd("500"), due_date=D(2026, 6, 30)),
            Invoice("I-3", "C-1", D(2026, 6, 1), usd("200"), due_date=D(2026, 6, 30)),
        ]
        matrix = ProvisionMatrix(dict.fromkeys(Buckets.standard().labels, "0.1"))
        estimate = estimate_allowance(
            items,
            D(2026, 6, 30),
            matrix,
            currency="USD",
            specific=[
                SpecificReserve(reason="litigation", invoice_id="I-2", amount=usd("9999")),
                SpecificReserve(reason="bankrupt", customer_id="C-9", rate="0.5"),
            ],
        )
        invoice_line, customer_line = estimate.specific
        assert (invoice_line.item_ids, invoice_line.allowance) == (("I-2",), usd("500"))
        assert (customer_line.item_ids, customer_line.allowance) == (("I-1",), usd("500.00"))
        assert estimate.pooled.balance == usd("200")
        assert estimate.total == usd("1020.00")

    def test_reserve_must_name_one_target(self) -> None:
        with pytest.raises(InvalidPolicyError):
            SpecificReserve(reason="x", rate="0.5")
        with pytest.raises(InvalidPolicyError):
            SpecificReserve(reason="x", customer_id="C", invoice_id="I", rate="0.5")
        with pytest.raises(InvalidPolicyError):
            SpecificReserve(reason="x", customer_id="C", rate="0.5", amount=usd(1))

    @given(portfolios(max_customers=4, max_invoices=15), st.data())
    def test_specific_and_pooled_never_overlap(self, book: Portfolio, data: st.DataObject) -> None:
        customers = [c.id for c in book.customers]
        reserved = data.draw(st.lists(st.sampled_from(customers), max_size=2, unique=True))
        for currency in {c.currency for c in book.customers}:
            matrix = ProvisionMatrix(dict.fromkeys(Buckets.standard().labels, "0.05"))
            estimate = estimate_allowance(
                book.open_items(),
                book.as_of,
                matrix,
                currency=currency,
                specific=[
                    SpecificReserve(reason="review", customer_id=c, rate="0.5") for c in reserved
                ],
            )
            specific_ids = {i for line in estimate.specific for i in line.item_ids}
            positive = [
                i
                for i in book.open_items()
                if i.open_balance.currency is currency and i.open_balance.is_positive
            ]
            pooled_ids = {i.document_id for i in positive} - specific_ids
            assert specific_ids.isdisjoint(pooled_ids)
            total = Money.total((i.open_balance for i in positive), currency)
            covered = estimate.pooled.balance + Money.total(
                (s.balance for s in estimate.specific), currency
            )
            assert covered == total
            assert estimate.total <= total


class TestRollForward:
    def test_ties_or_fails(self) -> None:
        with pytest.raises(InvalidAmountError, match="does not tie"):
            AllowanceRollForward(usd(100), usd(10), usd(5), usd(0), usd(100))

    @given(
        money("USD", min_value=0, max_value=10**7),
        money("USD", min_value=0, max_value=10**7),
        money("USD", min_value=0, max_value=10**7),
        money("USD", min_value=0, max_value=10**7),
    )
    def test_always_ties(
        self, beginning: Money, ending: Money, written: Money, recovered: Money
    ) -> None:
        roll = AllowanceRollForward.derive(
            beginning=beginning, ending=ending, write_offs=written, recoveries=recovered
        )
        assert (
            roll.beginning + roll.provision_expense - roll.write_offs + roll.recoveries
            == roll.ending
        )


def test_customer_segment_pools() -> None:
    from receivables.allowance import pooled_estimates

    people = [Customer("C-1", "A", "USD", region="US"), Customer("C-2", "B", "USD", region="MX")]
    items = [
        Invoice("I-1", "C-1", D(2026, 6, 1), usd("100"), due_date=D(2026, 6, 30)),
        Invoice("I-2", "C-2", D(2026, 6, 1), usd("100"), due_date=D(2026, 6, 30)),
    ]
    labels = Buckets.standard().labels
    matrices = {
        "US": ProvisionMatrix(dict.fromkeys(labels, "0.01")),
        "MX": ProvisionMatrix(dict.fromkeys(labels, "0.03")),
    }
    pools = pooled_estimates(
        items, D(2026, 6, 30), matrices, currency="USD", customers=people, pool_by="region"
    )
    assert {k: v.total for k, v in pools.items()} == {"MX": usd("3.00"), "US": usd("1.00")}
    with pytest.raises(ValidationError, match="no provision matrix"):
        pooled_estimates(
            items,
            D(2026, 6, 30),
            {"US": matrices["US"]},
            currency="USD",
            customers=people,
            pool_by="region",
        )
