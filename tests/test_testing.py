"""The shipped hypothesis strategies: registered for st.from_type, valid by construction."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    Currency,
    Customer,
    ExchangeRate,
    InvalidAmountError,
    InvalidRateError,
    Invoice,
    Money,
    PaymentTerms,
)
from receivables.documents import Portfolio
from receivables.testing import exchange_rates, money


@given(st.from_type(Money), st.from_type(Invoice), st.from_type(PaymentTerms))
def test_from_type_resolves_our_types(m: Money, invoice: Invoice, terms: PaymentTerms) -> None:
    assert isinstance(m, Money)
    assert isinstance(invoice, Invoice)
    assert isinstance(terms, PaymentTerms)


@given(st.from_type(Customer), st.from_type(Portfolio), st.from_type(Currency))
def test_from_type_for_aggregates(customer: Customer, book: Portfolio, cur: Currency) -> None:
    assert isinstance(customer, Customer)
    assert isinstance(book, Portfolio)
    assert isinstance(cur, Currency)


@given(money("KWD", min_value="-1.5", max_value="2.25"))
def test_money_bounds_and_minor_units(m: Money) -> None:
    assert Money("-1.5", "KWD") <= m <= Money("2.25", "KWD")
    assert m.is_rounded


def test_importing_receivables_does_not_import_hypothesis() -> None:
    code = "import sys, receivables, receivables.samples; print('hypothesis' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_entry_point_registers_strategies_in_a_fresh_process() -> None:
    code = (
        "from hypothesis import strategies as st, given, settings\n"
        "from receivables import Money\n"
        "@settings(max_examples=5)\n"
        "@given(st.from_type(Money))\n"
        "def check(m):\n"
        "    assert isinstance(m, Money)\n"
        "check()\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "ok"


def test_exchange_rates_refuses_bounds_that_are_not_numbers_or_out_of_order() -> None:
    """Regression: ``exchange_rates(min_rate="x")`` raised decimal.InvalidOperation."""
    with pytest.raises(InvalidAmountError, match="min_rate 'x' is not a number"):
        exchange_rates(min_rate="x")
    with pytest.raises(InvalidRateError, match="needs 0 < min_rate <= max_rate"):
        exchange_rates(min_rate="2", max_rate="1")
    with pytest.raises(InvalidRateError, match="needs 0 < min_rate <= max_rate"):
        exchange_rates(min_rate="0")

    @given(exchange_rates("EUR", "USD", min_rate="1", max_rate="1"))
    def equal_bounds(rate: ExchangeRate) -> None:
        assert rate.rate == 1

    equal_bounds()
