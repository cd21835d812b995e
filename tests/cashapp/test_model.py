"""The cash-application values (``receivables.cashapp.model``): policy look-ups, outcomes and the
result's look-up by payment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from receivables import Currency, Money, ValidationError
from receivables.cashapp import CashApplicationResult, MatchPolicy, MatchStatus, PaymentOutcome


def test_no_write_off_limit_in_a_currency_without_one() -> None:
    assert MatchPolicy().write_off_limit(Currency("JPY")) is None


def test_an_unapplied_outcome_names_no_items() -> None:
    outcome = PaymentOutcome("P", MatchStatus.UNAPPLIED, (), Money("1", "USD"), Decimal(0), ())
    assert outcome.invoice_ids == ()


def test_an_unknown_payment_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="no payment 'P-1' in the result"):
        CashApplicationResult(()).outcome("P-1")


def test_search_bounds() -> None:
    from receivables import InvalidPolicyError
    from receivables.cashapp.model import MatchPolicy

    with pytest.raises(InvalidPolicyError, match=r"search_budget must be from 0 to 10000000"):
        MatchPolicy.from_dict({"search_budget": 10**12})
    with pytest.raises(InvalidPolicyError, match=r"max_combination_size must be from 0 to 12"):
        MatchPolicy(max_combination_size=40)
    with pytest.raises(InvalidPolicyError, match=r"write_off_rate must be 0 or at least 1E-12"):
        MatchPolicy(write_off_rate="1E-40")
