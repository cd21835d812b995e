"""Scenario generators refuse sizes past their limits (found by the fuzz soak: a 5,000-digit
number of invoices ran generate_scenario out of memory)."""

from __future__ import annotations

import pytest

from receivables.errors import ReceivablesError
from receivables.samples.cashapp import (
    MAX_SCENARIO_ITEMS,
    generate_noisy_scenario,
    generate_scenario,
)


@pytest.mark.parametrize(
    "invoices", [10**5000, MAX_SCENARIO_ITEMS + 1, 19], ids=["huge", "past", "few"]
)
def test_generate_scenario_refuses_sizes_past_the_limits(invoices: int) -> None:
    with pytest.raises(ReceivablesError, match="invoices"):
        generate_scenario(invoices=invoices, payments=5)


def test_generate_noisy_scenario_refuses_more_items_than_the_limit() -> None:
    with pytest.raises(ReceivablesError, match="would make more than 1,000,000 open items"):
        generate_noisy_scenario(customers=5_000, mean_items=201, max_items=5_000, payments=10)


def test_sizes_at_the_limits_pass_validation() -> None:
    small = generate_scenario(seed=1, invoices=20, payments=1)
    assert len(small.payments) == 1
