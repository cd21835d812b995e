"""Memory of cash application (issue #19): what a result keeps per payment is bounded, and the
ledger's indexes are gone before the outcomes are made. ``benchmarks/bench_cashapp_memory.py``
measures the figures at size; these tests keep them from sliding back."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from typing import Any

import pytest

import receivables.cashapp.engine as engine
from receivables.cashapp import CashApplicationResult, apply_cash
from receivables.cashapp._ledger import Ledger
from receivables.samples.cashapp import Scenario, generate_scenario

PAYMENTS = 300
BUDGET = 1_000
"""Bytes a result may keep per payment. The outcome, one application and one reason with its
message are about 550 bytes on CPython 3.11; a plain dict per payment of invoice id -> Decimal,
the least a caller could keep, is about 330. Before the outcomes shared zero amounts and the
items' own open amounts, a result kept about 1,300 bytes per payment."""


def _run(scenario: Scenario) -> CashApplicationResult:
    return apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
        history=scenario.history,
    )


def test_a_result_keeps_under_a_kilobyte_per_payment() -> None:
    scenario = generate_scenario(seed=5, invoices=5 * PAYMENTS, payments=PAYMENTS)
    tracing = tracemalloc.is_tracing()
    gc.collect()
    if not tracing:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = _run(scenario)
        gc.collect()  # empties the free lists, which tracemalloc still counts
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        if not tracing:
            tracemalloc.stop()
    assert len(result.outcomes) == PAYMENTS
    assert sum(len(o.applications) for o in result.outcomes) >= PAYMENTS  # real work was kept
    assert kept / PAYMENTS < BUDGET


def test_the_ledger_is_gone_before_the_outcomes_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    ledgers: list[weakref.ref[Ledger]] = []
    alive_at_outcomes: list[bool] = []

    class Watched(Ledger):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            ledgers.append(weakref.ref(self))

    outcome = engine._outcome

    def watched_outcome(*args: Any, **kwargs: Any) -> Any:
        alive_at_outcomes.append(any(ref() is not None for ref in ledgers))
        return outcome(*args, **kwargs)

    monkeypatch.setattr(engine, "Ledger", Watched)
    monkeypatch.setattr(engine, "_outcome", watched_outcome)
    scenario = generate_scenario(seed=6, invoices=300, payments=60)
    result = _run(scenario)
    assert len(ledgers) == 1
    assert len(alive_at_outcomes) == len(result.outcomes) == 60
    assert not any(alive_at_outcomes)
