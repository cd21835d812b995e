"""The forecast around collections: the worklist ranked by expected loss of delay, and the
dunning run sparing the friendly reminder of a customer who reliably pays within grace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _forecast_helpers import AS_OF, open_invoice, paid

from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    collection_worklist,
    run_dunning,
)
from receivables.errors import InvalidPolicyError
from receivables.forecast import PaymentBehaviour

START = dt.date(2025, 7, 1)


def _history(customer: str, days_late: int, count: int = 60) -> list:  # type: ignore[type-arg]
    return [
        paid(n, customer, START + dt.timedelta(days=3 * n), 30, days_late + n % 4)
        for n in range(count)
    ]


BEHAVIOUR = PaymentBehaviour.fit(
    _history("SLOW", 40) + _history("FAST", -3) + _history("GRACE", 0), as_of=AS_OF
)


def test_the_worklist_ranks_by_expected_loss_of_delay_given_a_behaviour() -> None:
    five_days_late = AS_OF - dt.timedelta(days=35)
    items = [
        open_invoice(1, "SLOW", five_days_late, 30, "100.00"),
        open_invoice(2, "SLOW", AS_OF, 30, "10000.00"),  # not due yet, will be paid late
        open_invoice(1, "FAST", five_days_late, 30, "1000.00"),
        open_invoice(2, "FAST", AS_OF, 30, "10000.00"),  # not due yet, will be paid on time
    ]
    plain = collection_worklist(items, as_of=AS_OF)
    assert [entry.customer_id for entry in plain] == ["FAST", "SLOW"]
    ranked = collection_worklist(items, as_of=AS_OF, behaviour=BEHAVIOUR)
    assert [entry.customer_id for entry in ranked] == ["SLOW", "FAST"]
    reason = next(r for r in ranked[0].reasons if r.code == "dunning.worklist_expected_delay")
    expected = reason.figure("expected_delay")
    # 100 past due plus 10,000 x the chance it is paid late (its own curve 60/70, the book's
    # 10/70 of which a third pays on time or early: about 0.94).
    assert Decimal("9000") < expected.amount < Decimal("10100")  # type: ignore[union-attr]


def _policy(probability: str | None) -> DunningPolicy:
    return DunningPolicy(
        [DunningLevel(1, 1, Action.REMINDER), DunningLevel(2, 30, Action.FINAL_NOTICE)],
        grace_days=5,
        reliable_payer_probability=None if probability is None else Decimal(probability),
    )


def test_a_reliable_payer_is_spared_the_friendly_reminder() -> None:
    ten_days_late = AS_OF - dt.timedelta(days=40)
    items = [
        open_invoice(1, "GRACE", ten_days_late, 30, "500.00"),
        open_invoice(1, "SLOW", ten_days_late, 30, "500.00"),
    ]
    spared = run_dunning(_policy("0.9"), items, as_of=AS_OF, behaviour=BEHAVIOUR)
    assert [notice.customer_id for notice in spared.notices] == ["SLOW"]
    (skip,) = spared.skipped
    assert skip.customer_id == "GRACE"
    assert skip.codes == ("dunning.reliable_payer",)
    # Its own curve (weight 60/70) always pays within grace, the book's two times in three.
    assert skip.reasons[0].figure("probability") == Decimal("0.952381")
    # Without a behaviour, or without the option, everyone is reminded.
    assert len(run_dunning(_policy("0.9"), items, as_of=AS_OF).notices) == 2
    assert len(run_dunning(_policy(None), items, as_of=AS_OF, behaviour=BEHAVIOUR).notices) == 2
    # Past the reminder's stretch (the second level's days reached) the reminder goes out.
    old = [open_invoice(1, "GRACE", AS_OF - dt.timedelta(days=70), 30, "500.00")]
    assert len(run_dunning(_policy("0.9"), old, as_of=AS_OF, behaviour=BEHAVIOUR).notices) == 1


def test_the_option_is_a_probability() -> None:
    with pytest.raises(InvalidPolicyError):
        _policy("1.5")
    assert DunningPolicy.from_dict(_policy("0.95").to_dict()) == _policy("0.95")
