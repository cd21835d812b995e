"""Credit limits (``receivables.credit.limits``): the sales-based need, the rules that combine
the methods, risk-class caps and increments, methods without inputs, policy round trips, and
limits that are never negative."""

from __future__ import annotations

import pytest
from _credit_helpers import usd
from hypothesis import given
from hypothesis import strategies as st

from receivables import CurrencyMismatchError, InvalidAmountError, InvalidPolicyError
from receivables.credit import (
    CombineRule,
    CreditLimitPolicy,
    FinancialStatements,
    recommend_credit_limit,
    sales_based_need,
)

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
