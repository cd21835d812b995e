"""Dunning policies: validation, dict round trips, errors with paths, assignment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import Currency, Customer, InvalidPolicyError, Money
from receivables.calendar import DayCount
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    Fee,
    PolicyAssignment,
)

BASE: dict[str, Any] = {
    "levels": [
        {"number": 1, "days_overdue": 1, "action": "reminder", "template": "r1"},
        {
            "number": 2,
            "days_overdue": 30,
            "action": "final_notice",
            "minimum_overdue": ["25.00 USD", {"amount": "20.00", "currency": "EUR"}],
            "fee": {"fixed": ["10.00 USD"], "rate": "0.01", "cap": ["40.00 EUR"]},
        },
        {"number": 3, "days_overdue": 60, "action": "demand_letter", "charge_interest": True},
    ],
    "grace_days": 5,
    "interval_days": 10,
    "escalation": "item",
    "scope": "currency",
    "annual_interest_rate": "0.08",
    "day_count": "ACT/360",
    "name": "standard",
}


def test_loads_every_field() -> None:
    policy = DunningPolicy.from_dict(BASE)
    assert policy.grace_days == 5
    assert policy.escalation is EscalationMode.ITEM
    assert policy.scope is DunningScope.CURRENCY
    assert policy.day_count is DayCount.ACT_360
    assert policy.annual_interest_rate == Decimal("0.08")
    level = policy.level(2)
    assert level.minimum_for(Currency("EUR")) == Money("20.00", "EUR")
    assert level.fee.amount_for(Money("100.00", "USD")) == Money("10.00", "USD")
    assert level.fee.amount_for(Money("10000.00", "EUR")) == Money("40.00", "EUR")
    assert level.fee.amount_for(Money("1000.00", "EUR")) == Money("10.00", "EUR")


def test_round_trip() -> None:
    policy = DunningPolicy.from_dict(BASE)
    assert DunningPolicy.from_dict(policy.to_dict()) == policy


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(colour="red"), "extra fields found (colour) @ $"),
        (lambda d: d["levels"][0].update(days_overdue="1"), "$.levels[0].days_overdue"),
        (lambda d: d["levels"][1].update(action="call me"), "$.levels[1].action"),
        (lambda d: d["levels"][2].update(bogus=1), "$.levels[2]"),
        (lambda d: d.update(annual_interest_rate=0.08), "$.annual_interest_rate"),
        (lambda d: d["levels"][1]["fee"].update(fixed=["ten dollars"]), "$.levels[1].fee.fixed"),
        (lambda d: d.update(grace_days=True), "$.grace_days"),
    ],
)
def test_bad_fields_name_their_path(change: Any, path: str) -> None:
    import copy

    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(InvalidPolicyError) as info:
        DunningPolicy.from_dict(data)
    assert path in str(info.value)


@pytest.mark.parametrize(
    "levels",
    [
        [],
        [DunningLevel(2, 1, Action.REMINDER)],
        [DunningLevel(1, 10, Action.REMINDER), DunningLevel(2, 10, Action.FINAL_NOTICE)],
    ],
)
def test_invalid_level_ladders(levels: list[DunningLevel]) -> None:
    with pytest.raises(InvalidPolicyError):
        DunningPolicy(levels)


def test_invalid_values() -> None:
    with pytest.raises(InvalidPolicyError):
        DunningLevel(0, 1, Action.REMINDER)
    with pytest.raises(InvalidPolicyError):
        DunningPolicy([DunningLevel(1, 1, Action.REMINDER)], interval_days=-1)
    with pytest.raises(InvalidPolicyError):
        Fee(rate="1.5")
    with pytest.raises(InvalidPolicyError, match="two amounts"):
        Fee(fixed=[Money("1", "USD"), Money("2", "USD")])


def test_level_for_days_at_the_thresholds() -> None:
    policy = DunningPolicy(
        [DunningLevel(1, 1, Action.REMINDER), DunningLevel(2, 30, Action.FINAL_NOTICE)]
    )
    assert [policy.level_for_days(d) for d in (0, 1, 29, 30, 400)] == [0, 1, 1, 2, 2]


def test_no_fee_and_no_minimum_are_zero() -> None:
    assert repr(Fee().amount_for(Money("100", "GBP"))) == "Money('0.00', 'GBP')"
    level = DunningLevel(1, 1, Action.REMINDER, minimum_overdue=[Money("25", "USD")])
    assert repr(level.minimum_for(Currency("EUR"))) == "Money('0', 'EUR')"


@given(st.integers(0, 500))
def test_level_for_days_matches_thresholds(days: int) -> None:
    policy = DunningPolicy.from_dict(BASE)
    level = policy.level_for_days(days)
    if level:
        assert policy.level(level).days_overdue <= days
    if level < len(policy.levels):
        assert policy.levels[level].days_overdue > days


@given(st.decimals(min_value=0, max_value=10**7, places=2))
def test_fees_are_never_negative(amount: Decimal) -> None:
    fee = DunningPolicy.from_dict(BASE).level(2).fee
    for code in ("USD", "EUR", "JPY"):
        charge = fee.amount_for(Money(amount, code))
        assert not charge.is_negative
        assert charge.currency.code == code


def test_assignment() -> None:
    firm = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)], name="firm")
    gentle = DunningPolicy([DunningLevel(1, 15, Action.REMINDER)], name="gentle")
    assignment = PolicyAssignment("risk_class", {"C": firm, "D": firm}, default=gentle)
    assert assignment.policy_for(Customer("C-1", "A", "USD", risk_class="D")).name == "firm"
    assert assignment.policy_for(Customer("C-2", "B", "USD", risk_class="A")).name == "gentle"
    with pytest.raises(InvalidPolicyError, match="no attribute"):
        PolicyAssignment("colour", {}, default=gentle)


def test_hostile_loads() -> None:
    level = {"number": 1, "days_overdue": 1, "action": "reminder"}
    with pytest.raises(InvalidPolicyError, match=r"expected a mapping .* got str"):
        DunningPolicy.from_dict("")  # type: ignore[arg-type]
    with pytest.raises(InvalidPolicyError, match=r"<int of \d+ bits> @ \$\.levels\[0\]\.days"):
        DunningPolicy.from_dict({"levels": [dict(level, days_overdue=10**5000)]})
    with pytest.raises(InvalidPolicyError, match=r"grace_days must be from 0 to 36600"):
        DunningPolicy.from_dict({"levels": [level], "grace_days": 36_601})
    with pytest.raises(InvalidPolicyError, match="annual_interest_rate must be from 0 to 10"):
        DunningPolicy.from_dict({"levels": [level], "annual_interest_rate": "1E+999999"})
