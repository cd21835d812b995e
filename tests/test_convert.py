"""The conversion layer: hostile plain data is refused with an InvalidPolicyError, never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidPolicyError, ReceivablesError
from receivables.allowance.journal import AccountMap
from receivables.allowance.matrix import ProvisionMatrix
from receivables.allowance.writeoffs import WriteOffPolicy
from receivables.cashapp.model import MatchPolicy
from receivables.convert import PolicyData
from receivables.credit.decisions import OrderCheckPolicy, TermsPolicy
from receivables.credit.limits import CreditLimitPolicy
from receivables.credit.scorecard import Scorecard
from receivables.dunning.policy import DunningPolicy
from receivables.dunning.referral import ReferralPolicy

POLICIES: list[type[PolicyData]] = [
    AccountMap,
    CreditLimitPolicy,
    DunningPolicy,
    MatchPolicy,
    OrderCheckPolicy,
    ProvisionMatrix,
    ReferralPolicy,
    Scorecard,
    TermsPolicy,
    WriteOffPolicy,
]
HUGE = 10**5000
LEVEL = {"number": 1, "days_overdue": 1, "action": "reminder"}


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    "data", [[], "", "abc", b"x", 7, None, HUGE, [("a", 1)]], ids=lambda d: type(d).__name__
)
def test_anything_but_a_mapping_is_refused_naming_its_type(
    policy: type[PolicyData], data: Any
) -> None:
    with pytest.raises(
        InvalidPolicyError, match=f"expected a mapping .* got {type(data).__name__}"
    ):
        policy.from_dict(data)


def test_a_huge_int_is_described_not_printed() -> None:
    level = dict(LEVEL, number=-HUGE)
    with pytest.raises(InvalidPolicyError, match=r"<int of \d+ bits> @ \$\.levels\[0\]\.number"):
        DunningPolicy.from_dict({"levels": [level]})


def test_a_huge_int_where_text_is_expected() -> None:
    with pytest.raises(InvalidPolicyError, match=r"expected text, got int <int of \d+ bits>"):
        DunningPolicy.from_dict({"levels": [LEVEL], "name": HUGE})


def test_a_huge_int_where_an_enum_is_expected() -> None:
    with pytest.raises(InvalidPolicyError, match=r"expected one of 'reminder'.*<int of"):
        DunningPolicy.from_dict({"levels": [dict(LEVEL, action=HUGE)]})


@pytest.mark.parametrize("lone", ["ab", {"a": 1}, 5])
def test_a_lone_string_or_mapping_is_not_a_list(lone: Any) -> None:
    with pytest.raises(InvalidPolicyError, match=r"expected a list.* @ \$\.levels"):
        DunningPolicy.from_dict({"levels": lone})


@pytest.mark.parametrize("pairs", ["ab", [["a"]], [["a", "0.1", "x"]], ["ab"]])
def test_pairs_must_be_a_mapping_or_pairs(pairs: Any) -> None:
    with pytest.raises(InvalidPolicyError, match=r"mapping or \(key, value\) pairs|list or tuple"):
        ProvisionMatrix.from_dict({"rates": pairs})


def test_range_errors_keep_the_path_to_the_field() -> None:
    with pytest.raises(
        InvalidPolicyError,
        match=r"days_overdue must be from -366 to 36600, got -367 @ \$\.levels\[0\]"
        r"\.days_overdue",
    ):
        DunningPolicy.from_dict({"levels": [dict(LEVEL, days_overdue=-367)]})


@pytest.mark.parametrize(
    "rate",
    ["1E-40", "1E+999999", "NaN", "-0.01", "11", HUGE],
    ids=["tiny", "vast", "nan", "neg", "11", "huge"],
)
def test_edge_rates_are_refused_at_load(rate: Any) -> None:
    with pytest.raises(InvalidPolicyError, match=r"annual_interest_rate|finite"):
        DunningPolicy.from_dict({"levels": [LEVEL], "annual_interest_rate": rate})


def _power_of_ten(digits: int) -> int:
    magnitude: int = 10 ** abs(digits)
    return magnitude if digits > 0 else -magnitude


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([5000, -5000]).map(_power_of_ten)  # huge: repr refuses them
    | st.sampled_from([10**9, -1, 36_601])
    | st.text(max_size=8)
    | st.sampled_from(["1E-40", "1E+999999", "NaN", "0.05", "reminder", "10.00 USD", "2026-01-01"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "levels",
                    "number",
                    "days_overdue",
                    "action",
                    "rates",
                    "characteristics",
                    "name",
                    "edges",
                    "points",
                    "scaling",
                    "pdo",
                    "odds",
                    "grace_days",
                    "search_budget",
                    "x",
                ]
            )
            | st.text(max_size=4),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.__name__)
@given(data=json_values)
def test_arbitrary_json_loads_or_raises_a_library_error(
    policy: type[PolicyData], data: object
) -> None:
    try:
        loaded = policy.from_dict(data)  # type: ignore[arg-type]
    except ReceivablesError:
        return
    assert isinstance(loaded, policy)
