"""Around the run: the worklist, agency referrals, payment plans and settlement offers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    Customer,
    Dispute,
    ExchangeRate,
    InvalidAmountError,
    InvalidPolicyError,
    Invoice,
    Money,
    Payment,
    PromiseToPay,
    RateTable,
)
from receivables.documents import Portfolio
from receivables.dunning import (
    Frequency,
    NoticeRecord,
    ReferralPolicy,
    WorklistWeights,
    collection_worklist,
    payment_plan,
    recommend_agency_referrals,
    settlement_offer,
)
from receivables.errors import InvalidRateError
from receivables.testing import money, portfolios

D = dt.date
AS_OF = D(2026, 6, 30)


def inv(id: str, customer: str, due: dt.date, amount: str, currency: str = "USD") -> Invoice:
    return Invoice(id, customer, due - dt.timedelta(days=30), Money(amount, currency), due_date=due)


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
        assert risky.score == sum(parts.values())
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
            assert entry.score == sum(v for _, v in entry.breakdown)
            assert 0 <= entry.score <= 100
            assert entry.past_due.is_positive


class TestReferrals:
    policy = ReferralPolicy(
        min_days_past_due=90,
        required_level=3,
        days_after_notice=14,
        minimum_balance=[Money("500", "USD")],
        days_without_payment=60,
    )
    items = (inv("I-1", "C-1", D(2026, 1, 1), "2400"), inv("I-2", "C-1", D(2026, 5, 1), "100"))
    history = (NoticeRecord("C-1", 3, D(2026, 6, 1)),)

    def test_all_conditions_met(self) -> None:
        (referral,) = recommend_agency_referrals(
            self.items,
            as_of=AS_OF,
            policy=self.policy,
            customers=[Customer("C-1", "Acme", "USD")],
            history=self.history,
            payments=[Payment("P-1", D(2026, 3, 1), Money("50", "USD"), customer_id="C-1")],
        )
        assert referral.balance == Money("2500", "USD")
        assert referral.packet.customer_name == "Acme"
        assert [i.document_id for i in referral.packet.items] == ["I-1", "I-2"]
        assert referral.packet.last_payment_on == D(2026, 3, 1)
        assert referral.packet.notices == self.history
        assert len(referral.reasons) == 3

    @pytest.mark.parametrize(
        "change",
        [
            {"history": ()},  # dunning not exhausted
            {"history": (NoticeRecord("C-1", 3, D(2026, 6, 25)),)},  # final notice too recent
            {"payments": [Payment("P-1", D(2026, 6, 1), Money("50", "USD"), customer_id="C-1")]},
            {"disputes": [Dispute("I-2", Money("10", "USD"), "pricing", D(2026, 6, 1))]},
            {"items": (inv("I-1", "C-1", D(2026, 5, 1), "2400"),)},  # not old enough
            {"items": (inv("I-1", "C-1", D(2026, 1, 1), "400"),)},  # below the floor
        ],
    )
    def test_each_condition_can_block(self, change: dict[str, object]) -> None:
        arguments: dict[str, object] = {"history": self.history, "items": self.items}
        arguments.update(change)
        items = arguments.pop("items")
        assert recommend_agency_referrals(items, as_of=AS_OF, policy=self.policy, **arguments) == ()  # type: ignore[arg-type]

    def test_policy_from_dict_rejects_unknown_keys(self) -> None:
        with pytest.raises(InvalidPolicyError, match="extra fields"):
            ReferralPolicy.from_dict({"min_days": 10})


class TestPaymentPlans:
    def test_known_annuity(self) -> None:
        """A 1,200 loan at 12% a year repaid monthly over 12 months: payment 106.62, interest
        79.42 (the standard amortisation table result)."""
        plan = payment_plan(Money("1200.00", "USD"), 12, D(2026, 2, 1), annual_rate="0.12")
        assert plan.lines[0].payment == Money("106.62", "USD")
        assert plan.total_interest == Money("79.42", "USD")
        assert plan.lines[-1].remaining.is_zero
        assert [line.due_date for line in plan.lines[:3]] == [
            D(2026, 2, 1),
            D(2026, 3, 1),
            D(2026, 4, 1),
        ]

    def test_no_interest_puts_the_remainder_last(self) -> None:
        plan = payment_plan(Money("100.00", "USD"), 3, D(2026, 1, 31), frequency=Frequency.WEEKLY)
        assert [str(line.payment) for line in plan.lines] == ["33.33 USD", "33.33 USD", "33.34 USD"]
        assert [line.due_date for line in plan.lines] == [
            D(2026, 1, 31),
            D(2026, 2, 7),
            D(2026, 2, 14),
        ]

    def test_bad_inputs(self) -> None:
        with pytest.raises(InvalidAmountError):
            payment_plan(Money("0", "USD"), 3, D(2026, 1, 1))
        with pytest.raises(InvalidAmountError):
            payment_plan(Money("10.005", "USD"), 3, D(2026, 1, 1))
        with pytest.raises(InvalidAmountError):
            payment_plan(Money("10", "USD"), 0, D(2026, 1, 1))
        with pytest.raises(InvalidRateError):
            payment_plan(Money("10", "USD"), 2, D(2026, 1, 1), annual_rate="-0.1")

    @given(
        money(min_value="0.01", max_value=10**7),
        st.integers(1, 60),
        st.decimals(0, "0.4", places=4),
        st.sampled_from(list(Frequency)),
    )
    def test_principal_sums_to_the_balance(
        self, balance: Money, count: int, rate: Decimal, frequency: Frequency
    ) -> None:
        plan = payment_plan(balance, count, D(2026, 1, 31), annual_rate=rate, frequency=frequency)
        assert len(plan.lines) == count
        assert Money.total((line.principal for line in plan.lines), balance.currency) == balance
        assert plan.lines[-1].remaining.is_zero
        for line in plan.lines:
            assert line.payment == line.principal + line.interest
            assert not line.interest.is_negative
            assert not line.principal.is_negative
        dates = [line.due_date for line in plan.lines]
        assert dates == sorted(dates)


class TestSettlement:
    def test_floor_and_net_recovery(self) -> None:
        offer = settlement_offer(Money("1000.00", "USD"), discount="0.3", floor="0.5")
        assert offer.offer == Money("700.00", "USD")
        assert offer.recovery_ratio == Decimal("0.7")
        floored = settlement_offer(
            Money("1000.00", "USD"),
            discount="0.8",
            floor="0.5",
            collection_cost=Money("100", "USD"),
        )
        assert floored.offer == Money("500.00", "USD")
        assert floored.net_recovery_ratio == Decimal("0.4")
        assert floored.reasons[-1].code == "dunning.settlement_floor"

    @given(
        money(min_value="0.01", max_value=10**7),
        st.decimals(0, 1, places=3),
        st.decimals(0, 1, places=3),
    )
    def test_never_below_the_floor(self, balance: Money, discount: Decimal, floor: Decimal) -> None:
        offer = settlement_offer(balance, discount=discount, floor=floor)
        assert offer.recovery_ratio >= floor
        assert offer.offer + offer.forgiven == balance
        assert offer.offer <= balance or floor == 1
