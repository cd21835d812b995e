"""Cash application per part of a partition by customer family, merged, equals the single run.

A payment that names its customer goes to that customer's part, with the open items of the
customer's family (a parent pays for its subsidiaries, so a family is one part). Payments from
unidentified payers need every customer's items and are applied in one run (docs/scale.md).
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import CreditMemo, Invoice, MergeError, Payment
from receivables.cashapp import CashApplicationResult, apply_cash
from receivables.samples.cashapp import generate_scenario
from receivables.scale import partition_of


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 4))
def test_cash_applied_per_family_and_merged_equals_the_single_run(seed: int, parts: int) -> None:
    scenario = generate_scenario(seed=seed, invoices=400, payments=80)
    people = {c.id: c for c in scenario.customers}

    def family(customer_id: str) -> str:
        while (parent := people[customer_id].parent_id) is not None:
            customer_id = parent
        return customer_id

    place = {cid: partition_of(family(cid), parts) for cid in people}
    named = [p for p in scenario.payments if p.customer_id is not None]
    advices = {r.payment_id: r for r in scenario.remittances}

    def run(payments: list[Payment], items: list[Invoice | CreditMemo]) -> CashApplicationResult:
        return apply_cash(
            payments,
            items,
            remittances=[advices[p.id] for p in payments if p.id in advices],
            customers=people,
            history=scenario.history,
        )

    whole = run(named, list(scenario.open_items))
    results = [
        run(
            [p for p in named if p.customer_id is not None and place[p.customer_id] == k],
            [i for i in scenario.open_items if place[i.customer_id] == k],
        )
        for k in range(parts)
    ]
    merged = functools.reduce(CashApplicationResult.merge, results)
    in_order = sorted(whole.outcomes, key=lambda outcome: outcome.payment_id)
    assert merged == CashApplicationResult(tuple(in_order))
    assert functools.reduce(CashApplicationResult.merge, reversed(results)) == merged


def test_a_payment_in_two_results_does_not_merge() -> None:
    scenario = generate_scenario(seed=1, invoices=60, payments=5)
    result = apply_cash(scenario.payments, scenario.open_items)
    with pytest.raises(MergeError, match="both"):
        result.merge(result)
