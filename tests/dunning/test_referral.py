"""Agency referrals (``receivables.dunning.referral``): the packet when every condition is met,
each condition able to block a referral, and the policy rejecting unknown keys."""

from __future__ import annotations

import datetime as dt

import pytest
from _dunning_helpers import AS_OF, inv

from receivables import Currency, Customer, Dispute, InvalidPolicyError, Money, Payment
from receivables.dunning import NoticeRecord, ReferralPolicy, recommend_agency_referrals

D = dt.date


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

    def test_no_minimum_balance_is_zero(self) -> None:
        assert repr(ReferralPolicy().minimum_for(Currency("EUR"))) == "Money('0', 'EUR')"

    def test_policy_from_dict_rejects_unknown_keys(self) -> None:
        with pytest.raises(InvalidPolicyError, match="extra fields"):
            ReferralPolicy.from_dict({"min_days": 10})


def test_referrals_are_ordered_per_currency_never_by_raw_amounts() -> None:
    # Issue 17: 900,000 JPY (about 6,000 USD) and 3,000 JPY must not be ranked around 5,000 USD
    # as bare numbers; referrals are grouped by currency code, largest first within each.
    items = [
        inv("I-1", "C-1", D(2026, 1, 1), "3000", "JPY"),
        inv("I-2", "C-2", D(2026, 1, 1), "5000"),
        inv("I-3", "C-3", D(2026, 1, 1), "900000", "JPY"),
    ]
    referrals = recommend_agency_referrals(items, as_of=AS_OF, policy=ReferralPolicy())
    assert [(r.currency.code, r.customer_id) for r in referrals] == [
        ("JPY", "C-3"),
        ("JPY", "C-1"),
        ("USD", "C-2"),
    ]
