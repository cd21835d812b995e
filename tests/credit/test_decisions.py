"""Credit decisions (``receivables.credit.decisions``): order checks (release, holds, policy
flags, past-due tolerance) and terms-extension reviews (outcomes, policy limits, and a higher
score never getting a worse answer)."""

from __future__ import annotations

from decimal import Decimal

from _credit_helpers import usd
from hypothesis import given
from hypothesis import strategies as st

from receivables import Customer, Money
from receivables.credit import (
    OrderAction,
    OrderCheckPolicy,
    TermsOutcome,
    TermsPolicy,
    TermsRequest,
    check_order,
    review_terms_extension,
)
from receivables.testing import money

CUSTOMER = Customer("C-1", "Acme", "USD", credit_limit=usd("10000"), risk_class="B")


class TestOrders:
    def test_release_and_holds(self) -> None:
        release = check_order(usd("2000"), customer=CUSTOMER, open_receivables=usd("5000"))
        assert release.action is OrderAction.RELEASE
        assert release.headroom == usd("3000")
        within_tolerance = check_order(usd("5500"), customer=CUSTOMER, open_receivables=usd("5000"))
        assert within_tolerance.action is OrderAction.RELEASE  # 10,500 is within 10% over
        over = check_order(usd("6500"), customer=CUSTOMER, open_receivables=usd("5000"))
        assert [r.code for r in over.reasons] == ["credit.over_limit"]
        late = check_order(
            usd("100"),
            customer=CUSTOMER,
            open_receivables=usd("5000"),
            past_due=usd("900"),
            oldest_days_past_due=45,
        )
        assert [r.code for r in late.reasons] == ["credit.past_due"]
        flagged = check_order(
            usd("1"), customer=CUSTOMER, open_receivables=usd("0"), on_credit_hold=True
        )
        assert [r.code for r in flagged.reasons] == ["credit.hold_flag"]

    def test_policy_flags(self) -> None:
        reviewed = OrderCheckPolicy(review_risk_classes=["B"])
        decision = check_order(
            usd("1"), customer=CUSTOMER, open_receivables=usd("0"), policy=reviewed
        )
        assert decision.action is OrderAction.HOLD
        no_limit = Customer("C-2", "New", "USD")
        assert (
            check_order(usd("1"), customer=no_limit, open_receivables=usd("0")).action
            is OrderAction.HOLD
        )
        relaxed = OrderCheckPolicy(hold_without_limit=False)
        assert (
            check_order(
                usd("1"), customer=no_limit, open_receivables=usd("0"), policy=relaxed
            ).action
            is OrderAction.RELEASE
        )

    def test_past_due_tolerance(self) -> None:
        policy = OrderCheckPolicy(past_due_tolerance=[usd("1000")])
        decision = check_order(
            usd("1"),
            customer=CUSTOMER,
            open_receivables=usd("0"),
            past_due=usd("900"),
            oldest_days_past_due=90,
            policy=policy,
        )
        assert decision.action is OrderAction.RELEASE

    @given(
        money("USD", min_value=0, max_value=10**5),
        money("USD", min_value=0, max_value=10**5),
        money("USD", min_value=0, max_value=10**5),
        money("USD", min_value=0, max_value=10**6),
    )
    def test_within_limit_with_nothing_past_due_is_never_held(
        self, order: Money, open_ar: Money, orders: Money, limit: Money
    ) -> None:
        customer = Customer("C-9", "Acme", "USD", credit_limit=limit)
        decision = check_order(
            order, customer=customer, open_receivables=open_ar, open_orders=orders
        )
        if open_ar + orders + order <= limit:
            assert decision.action is OrderAction.RELEASE
        assert decision.reasons


class TestTermsReview:
    longer = TermsRequest(current_terms_days=30, requested_terms_days=60)

    def test_outcomes(self) -> None:
        approve = review_terms_extension(
            self.longer, score=650, payment_index=85, exposure=usd("10000"), past_due=usd("0")
        )
        assert approve.outcome is TermsOutcome.APPROVE
        conditional = review_terms_extension(
            self.longer, score=560, payment_index=85, exposure=usd("10000"), past_due=usd("0")
        )
        assert conditional.outcome is TermsOutcome.APPROVE_WITH_CONDITIONS
        assert conditional.conditions
        decline = review_terms_extension(
            self.longer, score=650, payment_index=60, exposure=usd("10000"), past_due=usd("0")
        )
        assert decline.outcome is TermsOutcome.DECLINE
        assert [r.code for r in decline.reasons] == ["credit.payment_index_low"]

    def test_policy_limits(self) -> None:
        too_long = TermsRequest(current_terms_days=30, requested_terms_days=120)
        decision = review_terms_extension(
            too_long, score=700, payment_index=90, exposure=usd("100"), past_due=usd("0")
        )
        assert decision.outcome is TermsOutcome.DECLINE
        bigger = TermsRequest(current_limit=usd("10000"), requested_limit=usd("20000"))
        decision = review_terms_extension(
            bigger, score=700, payment_index=90, exposure=usd("100"), past_due=usd("0")
        )
        assert [r.code for r in decision.reasons] == ["credit.limit_increase_too_large"]
        late = review_terms_extension(
            self.longer, score=700, payment_index=90, exposure=usd("1000"), past_due=usd("500")
        )
        assert late.outcome is TermsOutcome.DECLINE
        assert TermsPolicy.from_dict({"max_terms_days": 120}).max_terms_days == 120

    @given(st.decimals(300, 900, places=0), st.decimals(300, 900, places=0))
    def test_a_higher_score_never_gets_a_worse_answer(self, a: Decimal, b: Decimal) -> None:
        order = [TermsOutcome.DECLINE, TermsOutcome.APPROVE_WITH_CONDITIONS, TermsOutcome.APPROVE]
        low, high = min(a, b), max(a, b)
        first = review_terms_extension(
            self.longer, score=low, payment_index=80, exposure=usd("100"), past_due=usd("0")
        )
        second = review_terms_extension(
            self.longer, score=high, payment_index=80, exposure=usd("100"), past_due=usd("0")
        )
        assert order.index(first.outcome) <= order.index(second.outcome)
