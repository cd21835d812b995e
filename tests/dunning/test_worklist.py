"""The collection worklist (``receivables.dunning.worklist``): ranking and score breakdown,
disputed and current items, exchange rates, weight validation, and scores that are sums."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal

import pytest
from _dunning_helpers import AS_OF, inv
from hypothesis import given

from receivables import (
    Customer,
    Dispute,
    ExchangeRate,
    InvalidPolicyError,
    Money,
    PromiseToPay,
    RateTable,
)
from receivables._decimal import CONTEXT
from receivables.documents import Portfolio
from receivables.dunning import WorklistWeights, collection_worklist
from receivables.testing import portfolios

D = dt.date


def _total(values: Iterable[Decimal]) -> Decimal:
    return functools.reduce(CONTEXT.add, values, Decimal(0))


class TestWorklist:
    def test_ranking_and_breakdown(self) -> None:
        customers = [
            Customer("C-1", "Big", "USD", risk_class="A"),
            Customer("C-2", "Risky", "USD", risk_class="D", credit_limit=Money("1000", "USD")),
        ]
        items = [
            inv("I-1", "C-1", D(2026, 6, 1), "20000"),
            inv("I-2", "C-2", D(2026, 1, 1), "2000"),
        ]
        promise = PromiseToPay(
            "C-2", Money("2000", "USD"), D(2026, 5, 1), D(2026, 4, 20), invoice_ids=["I-2"]
        )
        worklist = collection_worklist(items, as_of=AS_OF, customers=customers, promises=[promise])
        assert [e.customer_id for e in worklist] == ["C-2", "C-1"]
        risky = worklist[0]
        assert risky.broken_promises == 1
        assert risky.oldest_days_past_due == 180
        parts = dict(risky.breakdown)
        assert parts["age"] == Decimal(25)  # 180 days of a 180-day cap
        assert parts["risk"] == Decimal(15)
        assert parts["exposure"] == Decimal(10)  # 2000 open against a 1000 limit, capped
        # The score is summed in the library's 34-digit context, not the default 28 digits.
        assert risky.score == _total(parts.values())
        assert {r.code for r in risky.reasons} >= {
            "dunning.worklist_amount",
            "dunning.worklist_age",
        }

    def test_disputed_and_current_items_do_not_count(self) -> None:
        items = [inv("I-1", "C-1", D(2026, 6, 1), "500"), inv("I-2", "C-2", D(2026, 7, 30), "500")]
        dispute = Dispute("I-1", Money("500", "USD"), "quality", D(2026, 6, 5))
        assert collection_worklist(items, as_of=AS_OF, disputes=[dispute]) == ()

    def test_rates_make_currencies_comparable(self) -> None:
        items = [
            inv("I-1", "C-1", D(2026, 6, 1), "500000", "JPY"),
            inv("I-2", "C-2", D(2026, 6, 1), "5000"),
        ]
        rates = RateTable([ExchangeRate("USD", "JPY", "150", D(2026, 1, 1))])
        plain = collection_worklist(items, as_of=AS_OF)
        converted = collection_worklist(items, as_of=AS_OF, rates=rates)
        # Half a million yen looks big as a bare number, but is 3,333 USD against 5,000 USD.
        assert plain[0].customer_id == "C-1"
        assert converted[0].customer_id == "C-2"
        assert dict(converted[1].breakdown)["amount"] < dict(plain[0].breakdown)["amount"]

    def test_weights_validate(self) -> None:
        with pytest.raises(InvalidPolicyError):
            WorklistWeights(amount="-1")
        with pytest.raises(InvalidPolicyError):
            WorklistWeights(risk_factors={"A": "2"})

    @given(portfolios(max_customers=4, max_invoices=12))
    def test_scores_are_sums_and_ranks_are_ordered(self, book: Portfolio) -> None:
        worklist = collection_worklist(
            book.open_items(), as_of=book.as_of, customers=book.customers, promises=book.promises
        )
        assert [e.rank for e in worklist] == list(range(1, len(worklist) + 1))
        scores = [e.score for e in worklist]
        assert scores == sorted(scores, reverse=True)
        for entry in worklist:
            assert entry.score == _total(v for _, v in entry.breakdown)
            assert 0 <= entry.score <= 100
            assert entry.past_due.is_positive
