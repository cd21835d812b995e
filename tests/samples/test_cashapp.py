"""Cash-application scenarios (receivables.samples.cashapp): deterministic, and a truth that holds.

How well the matcher does on a scenario is the engine's business (tests/cashapp/test_engine.py);
these tests check the generator itself.
"""

from __future__ import annotations

import subprocess
import sys

import attrs
import pytest

from receivables import CreditMemo, ValidationError
from receivables.cashapp import apply_cash
from receivables.samples.cashapp import KINDS, Scenario, generate_scenario, score


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return generate_scenario(seed=5, invoices=2000, payments=400)


def test_same_seed_same_scenario() -> None:
    first = generate_scenario(seed=9, invoices=300, payments=60)
    assert first == generate_scenario(seed=9, invoices=300, payments=60)
    assert first != generate_scenario(seed=10, invoices=300, payments=60)


def test_the_truth_names_real_items_and_no_item_twice(scenario: Scenario) -> None:
    item_ids = {item.document_id for item in scenario.open_items}
    assert len(item_ids) == len(scenario.open_items)
    payment_ids = [p.id for p in scenario.payments]
    assert set(scenario.truth) == set(scenario.kinds) == set(payment_ids)
    seen: set[str] = set()
    for payment in scenario.payments:
        expected = scenario.truth[payment.id]
        assert expected <= item_ids
        assert not expected & seen, payment.id
        seen |= expected
        assert payment.amount.is_positive
        if not expected:
            assert scenario.kinds[payment.id] == "nothing_to_go_on"


def test_every_kind_is_declared_and_most_appear(scenario: Scenario) -> None:
    declared = {kind for kind, _ in KINDS}
    drawn = set(scenario.kinds.values())
    assert drawn <= declared
    # 400 payments over 18 weighted kinds: the rarest (weight 1 in 102) is likely but not
    # certain to appear, so ask only for the common ones.
    assert {kind for kind, weight in KINDS if weight >= 3} <= drawn


def test_remittances_and_credit_memos_belong_to_their_kinds(scenario: Scenario) -> None:
    for remittance in scenario.remittances:
        assert scenario.kinds[remittance.payment_id] == "remittance_advice"
    credits = {i.document_id for i in scenario.open_items if isinstance(i, CreditMemo)}
    netted = {payment_id for payment_id, expected in scenario.truth.items() if expected & credits}
    assert all(scenario.kinds[p] == "credit_memo_netted" for p in netted)
    # Every credit memo was made for a payment that nets it off.
    assert credits <= frozenset().union(*scenario.truth.values())


@pytest.mark.parametrize(("invoices", "payments"), [(19, 1), (100, 0), (30, 11)])
def test_bad_sizes(invoices: int, payments: int) -> None:
    with pytest.raises(ValidationError):
        generate_scenario(seed=0, invoices=invoices, payments=payments)


def test_the_old_path_is_an_alias_the_engine_does_not_import() -> None:
    from receivables.cashapp import scenarios
    from receivables.samples import cashapp

    assert scenarios.__all__ == cashapp.__all__
    assert all(getattr(scenarios, name) is getattr(cashapp, name) for name in cashapp.__all__)
    code = "import sys, receivables.cashapp; print('receivables.cashapp.scenarios' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("field", ["truth", "kinds"])
def test_score_refuses_a_result_of_payments_the_scenario_does_not_know(field: str) -> None:
    """Regression: a result with a payment missing from the scenario's truth or kinds raised a
    bare KeyError."""
    scenario = generate_scenario(seed=1, invoices=60, payments=10)
    result = apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
    )
    assert score(scenario, result).payments == 10
    missing = scenario.payments[-1].id
    truth = {k: v for k, v in scenario.truth.items() if field != "truth" or k != missing}
    kinds = {k: v for k, v in scenario.kinds.items() if field != "kinds" or k != missing}
    with pytest.raises(ValidationError, match=f"the result has payment '{missing}'"):
        score(attrs.evolve(scenario, truth=truth, kinds=kinds), result)
