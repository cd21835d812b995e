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
    CurrencyMismatchError,
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
        converted = collection_worklist(items, as_of=AS_OF, rates=rates)
        # Half a million yen looks big as a bare number, but is 3,333 USD against 5,000 USD.
        assert converted[0].customer_id == "C-2"
        per_currency = collection_worklist(items, as_of=AS_OF, by_currency=True)
        yen = next(e for e in per_currency if e.currency.code == "JPY")
        assert dict(converted[1].breakdown)["amount"] < dict(yen.breakdown)["amount"]

    def test_mixed_currencies_without_rates_are_refused(self) -> None:
        # Issue 17: the worklist compared JPY amounts as if they were USD when no rates were given.
        items = [
            inv("I-1", "C-1", D(2026, 6, 1), "500000", "JPY"),
            inv("I-2", "C-2", D(2026, 6, 1), "5000"),
        ]
        with pytest.raises(CurrencyMismatchError, match="JPY, USD"):
            collection_worklist(items, as_of=AS_OF)
        # One currency past due (the JPY item is not yet due) is a fair ranking without rates.
        current_yen = [inv("I-1", "C-1", D(2026, 7, 30), "500000", "JPY"), items[1]]
        assert [e.customer_id for e in collection_worklist(current_yen, as_of=AS_OF)] == ["C-2"]

    def test_ranking_per_currency(self) -> None:
        items = [
            inv("I-1", "C-1", D(2026, 6, 1), "500000", "JPY"),
            inv("I-2", "C-2", D(2026, 6, 1), "5000"),
            inv("I-3", "C-3", D(2026, 6, 1), "50"),
            inv("I-4", "C-4", D(2026, 6, 1), "9000", "JPY"),
        ]
        ranked = collection_worklist(items, as_of=AS_OF, by_currency=True)
        assert [(e.currency.code, e.rank, e.customer_id) for e in ranked] == [
            ("JPY", 1, "C-1"),
            ("JPY", 2, "C-4"),
            ("USD", 1, "C-2"),
            ("USD", 2, "C-3"),
        ]
        top = collection_worklist(items, as_of=AS_OF, by_currency=True, top=1)
        assert [e.customer_id for e in top] == ["C-1", "C-2"]

    def test_broken_promises_counted_per_account(self) -> None:
        items = [inv("I-1", "C-1", D(2026, 5, 1), "500"), inv("I-2", "C-2", D(2026, 5, 1), "500")]
        promises = [
            PromiseToPay("C-1", Money("500", "USD"), D(2026, 6, 1), D(2026, 5, 20)),
            PromiseToPay("C-1", Money("500", "EUR"), D(2026, 6, 1), D(2026, 5, 20)),
            PromiseToPay("C-2", Money("500", "USD"), D(2026, 7, 1), D(2026, 5, 20)),
        ]
        worklist = collection_worklist(items, as_of=AS_OF, promises=promises)
        assert {e.customer_id: e.broken_promises for e in worklist} == {"C-1": 1, "C-2": 0}

    def test_weights_validate(self) -> None:
        with pytest.raises(InvalidPolicyError):
            WorklistWeights(amount="-1")
        with pytest.raises(InvalidPolicyError):
            WorklistWeights(risk_factors={"A": "2"})

    @given(portfolios(max_customers=4, max_invoices=12))
    def test_scores_are_sums_and_ranks_are_ordered(self, book: Portfolio) -> None:
        worklist = collection_worklist(
            book.open_items(),
            as_of=book.as_of,
            customers=book.customers,
            promises=book.promises,
            by_currency=True,
        )
        for code in {e.currency.code for e in worklist}:
            group = [e for e in worklist if e.currency.code == code]
            assert [e.rank for e in group] == list(range(1, len(group) + 1))
            scores = [e.score for e in group]
            assert scores == sorted(scores, reverse=True)
        codes = [e.currency.code for e in worklist]
        assert codes == sorted(codes)
        for entry in worklist:
            assert entry.score == _total(v for _, v in entry.breakdown)
            assert 0 <= entry.score <= 100
            assert entry.past_due.is_positive

    @given(portfolios(max_customers=4, max_invoices=12))
    def test_never_ranks_raw_amounts_across_currencies(self, book: Portfolio) -> None:
        try:
            worklist = collection_worklist(book.open_items(), as_of=book.as_of)
        except CurrencyMismatchError:
            apart = collection_worklist(book.open_items(), as_of=book.as_of, by_currency=True)
            assert len({e.currency for e in apart}) > 1
        else:
            assert len({e.currency for e in worklist}) <= 1
