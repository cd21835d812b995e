"""Credit limits, order checks and terms reviews."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    CurrencyMismatchError,
    Customer,
    InvalidAmountError,
    InvalidPolicyError,
    Money,
)
from receivables.credit import (
    CombineRule,
    CreditLimitPolicy,
    FinancialStatements,
    OrderAction,
    OrderCheckPolicy,
    TermsOutcome,
    TermsPolicy,
    TermsRequest,
    check_order,
    recommend_credit_limit,
    review_terms_extension,
    sales_based_need,
)
from receivables.testing import money


def usd(amount: str | int) -> Money:
    return Money(amount, "USD")


FS = FinancialStatements(
    book_equity=usd("900000"),
    intangible_assets=usd("100000"),
    current_assets=usd("600000"),
    current_liabilities=usd("350000"),
)


class TestLimits:
    def test_sales_based_need(self) -> None:
        assert sales_based_need(usd("30000"), 45, 15) == usd("60000.00")

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (CombineRule.MINIMUM, "50000"),
            (CombineRule.AVERAGE, "64000"),  # (80,000 + 50,000 + 53,333.33 + 75,000) / 4 = 64,583
            (CombineRule.MEDIAN, "64000"),  # (53,333.33 + 75,000) / 2 = 64,166
            (CombineRule.NEED_CAPPED_BY_FINANCIALS, "50000"),
        ],
    )
    def test_combination_rules(self, rule: CombineRule, expected: str) -> None:
        rec = recommend_credit_limit(
            "USD",
            statements=FS,
            monthly_purchases=usd("40000"),
            expected_days_beyond_terms=10,
            bureau_limit=usd("75000"),
            policy=CreditLimitPolicy(combine=rule),
        )
        assert rec.limit == usd(expected)
        assert [r.code for r in rec.reasons][-1] == "credit.limit_rounded"

    def test_need_when_financials_allow_it(self) -> None:
        rec = recommend_credit_limit("USD", statements=FS, monthly_purchases=usd("20000"))
        assert rec.limit == usd("20000")

    def test_risk_class_cap_and_increment(self) -> None:
        policy = CreditLimitPolicy(risk_class_caps={"D": usd("15000")}, increment="5000")
        rec = recommend_credit_limit(
            "USD", statements=FS, risk_class="D", policy=policy, monthly_purchases=usd("40000")
        )
        assert rec.limit == usd("15000")
        assert "credit.limit_capped" in [r.code for r in rec.reasons]

    def test_method_without_inputs_explains_itself(self) -> None:
        fs = FinancialStatements(book_equity=usd("100000"))
        rec = recommend_credit_limit("USD", statements=fs, bureau_limit=usd("9000"))
        explained = {m.method: m.explanation for m in rec.methods if m.amount is None}
        assert "intangible_assets" in explained["tangible_net_worth"]
        assert rec.limit == usd("9000")

    def test_nothing_to_go_on(self) -> None:
        with pytest.raises(InvalidAmountError, match="no method"):
            recommend_credit_limit("USD")

    def test_currency_must_match(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            recommend_credit_limit("EUR", bureau_limit=usd("1"))

    def test_policy_from_dict(self) -> None:
        with pytest.raises(InvalidPolicyError, match="tnw_rate"):
            CreditLimitPolicy.from_dict({"tnw_rate": "1.5"})
        assert CreditLimitPolicy.from_dict(CreditLimitPolicy().to_dict()) == CreditLimitPolicy()

    @given(
        st.integers(-(10**7), 10**7),
        st.integers(0, 10**7),
        st.integers(0, 10**7),
        st.sampled_from(list(CombineRule)),
    )
    def test_limits_are_never_negative(
        self, equity: int, purchases: int, bureau: int, rule: CombineRule
    ) -> None:
        fs = FinancialStatements(
            book_equity=usd(equity),
            intangible_assets=usd("1000"),
            current_assets=usd("1000"),
            current_liabilities=usd(abs(equity)),
        )
        rec = recommend_credit_limit(
            "USD",
            statements=fs,
            monthly_purchases=usd(purchases),
            bureau_limit=usd(bureau),
            policy=CreditLimitPolicy(combine=rule),
        )
        assert not rec.limit.is_negative
        assert all(m.amount is None or not m.amount.is_negative for m in rec.methods)


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
