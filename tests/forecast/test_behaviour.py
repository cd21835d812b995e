"""PaymentBehaviour and PaymentPrediction: examples and invariants."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from _forecast_helpers import AS_OF, histories, open_invoice, paid
from hypothesis import given
from hypothesis import strategies as st

from receivables import Customer, Dispute, Invoice, Money
from receivables.errors import InvalidTypeError, ValidationError
from receivables.forecast import PaymentBehaviour
from receivables.samples import sample_portfolio

START = dt.date(2025, 7, 1)


def _regular(customer: str, days_late: int, count: int, *, spread: int = 0) -> list[Invoice]:
    return [
        paid(n, customer, START + dt.timedelta(days=3 * n), 30, days_late + n % (spread + 1))
        for n in range(count)
    ]


def test_each_customer_pays_in_its_own_rhythm() -> None:
    history = _regular("LATE", 40, 60) + _regular("PROMPT", -2, 60)
    behaviour = PaymentBehaviour.fit(history, as_of=AS_OF)
    late = behaviour.predict(open_invoice(1, "LATE", AS_OF, 30), as_of=AS_OF)
    prompt = behaviour.predict(open_invoice(1, "PROMPT", AS_OF, 30), as_of=AS_OF)
    # Own weight 60 / 70: the 10/70 left is the book, half of which pays 40 days late.
    assert late.quantiles[1] == 30 + 40
    assert prompt.quantiles[1] == 30 - 2
    assert late.probability_late > Decimal("0.9") > Decimal("0.1") > prompt.probability_late
    assert late.expected_date == AS_OF + dt.timedelta(days=70)


def test_shrinkage_weight_is_n_over_n_plus_k() -> None:
    history = _regular("A", 10, 5) + _regular("B", 0, 30)
    for k in (0, 10, 25):
        behaviour = PaymentBehaviour.fit(history, as_of=AS_OF, prior_strength=k)
        assert behaviour.customer_weight("A") == Decimal(f"{5 / (5 + k):.6f}")
        assert behaviour.customer_weight("NOBODY") == 0
    reason = PaymentBehaviour.fit(history, as_of=AS_OF).reasons_for("A")[0]
    assert reason.code == "forecast.customer_history"
    assert reason.figure("history") == 5
    assert reason.figure("median_days_beyond_due") == 10
    assert reason.figure("median_days_to_pay") == 40
    assert reason.figure("weight") == Decimal("0.333333")


def test_a_new_customer_takes_its_segment_curve() -> None:
    history = _regular("S1", 50, 40) + _regular("F1", 0, 40)
    segments = {"S1": "slow", "S2": "slow", "F1": "fast"}
    behaviour = PaymentBehaviour.fit(history, as_of=AS_OF, segments=segments)
    newcomer = behaviour.predict(open_invoice(1, "S2", AS_OF, 30), as_of=AS_OF)
    assert newcomer.quantiles[1] == 30 + 50
    codes = [reason.code for reason in newcomer.reasons]
    assert codes == ["forecast.no_history", "forecast.segment_prior"]
    # Customers as the segments argument do the same.
    customers = [
        Customer("S1", "Slow One", "USD", segment="slow"),
        Customer("S2", "Slow Two", "USD", segment="slow"),
        Customer("F1", "Fast", "USD", segment="fast"),
    ]
    assert PaymentBehaviour.fit(history, as_of=AS_OF, segments=customers) == behaviour
    # Without segments it is the book's, half slow and half fast.
    pooled = PaymentBehaviour.fit(history, as_of=AS_OF).predict(
        open_invoice(1, "S2", AS_OF, 30), as_of=AS_OF
    )
    assert pooled.quantiles[0] == 30
    assert pooled.quantiles[2] == 30 + 50


def test_open_invoices_count_as_censored_not_dropped() -> None:
    # Ten paid 5 days late; eleven still open 100 days past due or more at as_of.
    history = _regular("C", 5, 10) + [
        open_invoice(n, "C", AS_OF - dt.timedelta(days=130 + n), 30) for n in range(11)
    ]
    behaviour = PaymentBehaviour.fit(history, as_of=AS_OF, prior_strength=0)
    prediction = behaviour.predict(open_invoice(99, "C", AS_OF, 30), as_of=AS_OF)
    # Over half take more than 100 days past due: the median lies beyond 100 days late.
    assert prediction.probability_unpaid_after(30 + 100) >= Decimal("0.5")
    assert prediction.quantiles[1] > 30 + 100
    dropped = PaymentBehaviour.fit(_regular("C", 5, 10), as_of=AS_OF, prior_strength=0)
    assert dropped.predict(open_invoice(99, "C", AS_OF, 30), as_of=AS_OF).quantiles[1] == 35


def test_an_open_invoice_is_predicted_after_as_of() -> None:
    behaviour = PaymentBehaviour.fit(_regular("C", 5, 30), as_of=AS_OF)
    overdue = open_invoice(1, "C", AS_OF - dt.timedelta(days=60), 30)  # 30 days past due
    prediction = behaviour.predict(overdue, as_of=AS_OF)
    assert prediction.probability_late == 1
    assert prediction.expected_date > AS_OF
    assert prediction.quantiles[0] >= 61
    assert prediction.probability_unpaid_after(60) == 1


def test_dispute_factor_is_the_shrunk_ratio_of_medians() -> None:
    normal = _regular("C", 0, 40)  # 30 days to pay
    disputed = [paid(100 + n, "C", START + dt.timedelta(days=n), 30, 30) for n in range(10)]
    disputes = [
        Dispute(invoice.id, Money("10", "USD"), "pricing", invoice.issue_date)
        for invoice in disputed
    ]
    behaviour = PaymentBehaviour.fit(normal + disputed, as_of=AS_OF, disputes=disputes)
    # Medians 60 and 30 days to pay: ratio 2, shrunk with 10 / (10 + 10).
    assert behaviour.dispute_factor == Decimal("1.5000")
    assert behaviour.disputed_payments == 10
    invoice = open_invoice(1, "C", AS_OF, 30)
    plain = behaviour.predict(invoice, as_of=AS_OF)
    open_dispute = Dispute(invoice.id, Money("10", "USD"), "quality", AS_OF)
    slowed = behaviour.predict(invoice, as_of=AS_OF, disputes=[open_dispute])
    assert plain.quantiles[1] == 30
    assert slowed.quantiles[1] == 45
    assert slowed.disputed
    assert slowed.reasons[-1].code == "forecast.dispute_effect"
    # The disputed invoices are not in the customer's own curve.
    assert behaviour.reasons_for("C")[0].figure("history") == 40
    # A dispute opened after as_of is not known then.
    later = [
        Dispute(i.id, Money("10", "USD"), "pricing", AS_OF + dt.timedelta(1)) for i in disputed
    ]
    assert PaymentBehaviour.fit(normal + disputed, as_of=AS_OF, disputes=later).dispute_factor == 1


def test_refusals() -> None:
    with pytest.raises(InvalidTypeError, match="as_of"):
        PaymentBehaviour([], as_of="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="prior_strength"):
        PaymentBehaviour([], as_of=AS_OF, prior_strength=-1)
    with pytest.raises(InvalidTypeError, match=r"history\[0\]"):
        PaymentBehaviour(["I-1"], as_of=AS_OF)  # type: ignore[list-item]
    behaviour = PaymentBehaviour([], as_of=AS_OF)
    with pytest.raises(ValidationError, match="after as_of"):
        behaviour.predict(open_invoice(1, "C", AS_OF + dt.timedelta(1), 30), as_of=AS_OF)
    with pytest.raises(InvalidTypeError, match="days"):
        behaviour.predict(open_invoice(1, "C", AS_OF, 30), as_of=AS_OF).probability_unpaid_after(
            "30"  # type: ignore[arg-type]
        )


def _moved_after(invoice: Invoice, shift: int) -> Invoice:
    """The invoice with everything dated after AS_OF moved later by ``shift`` days (an odd
    shift leaves an invoice paid after AS_OF unpaid instead)."""
    later = dt.timedelta(days=shift)
    if invoice.issue_date > AS_OF:
        return Invoice(
            invoice.id,
            invoice.customer_id,
            invoice.issue_date + later,
            invoice.amount,
            due_date=invoice.due_date + later,
        )
    if invoice.paid_on is not None and invoice.paid_on > AS_OF and shift % 2:
        return Invoice(  # not paid yet after all
            invoice.id,
            invoice.customer_id,
            invoice.issue_date,
            invoice.amount,
            due_date=invoice.due_date,
        )
    if invoice.paid_on is not None and invoice.paid_on > AS_OF:
        return Invoice(
            invoice.id,
            invoice.customer_id,
            invoice.issue_date,
            invoice.amount,
            due_date=invoice.due_date,
            open_amount=invoice.open_amount,
            paid_on=invoice.paid_on + later,
        )
    return invoice


@given(histories(), st.integers(1, 300))
def test_fitting_never_reads_after_as_of(history: list[Invoice], shift: int) -> None:
    moved = [_moved_after(invoice, shift) for invoice in history]
    assert PaymentBehaviour.fit(moved, as_of=AS_OF) == PaymentBehaviour.fit(history, as_of=AS_OF)


@given(histories(), st.randoms(use_true_random=False))
def test_fitting_is_deterministic_and_order_free(history: list[Invoice], rng: object) -> None:
    shuffled = list(history)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first = PaymentBehaviour.fit(history, as_of=AS_OF, segments={"C-1": "a", "C-2": "a"})
    again = PaymentBehaviour.fit(shuffled, as_of=AS_OF, segments={"C-1": "a", "C-2": "a"})
    assert first == again
    assert hash(first) == hash(again)


@given(histories(), st.integers(0, 120), st.integers(0, 90), st.integers(0, 30))
def test_quantiles_are_monotone_and_probabilities_are_probabilities(
    history: list[Invoice], age: int, due_in: int, prior: int
) -> None:
    behaviour = PaymentBehaviour.fit(history, as_of=AS_OF, prior_strength=prior)
    for customer in ("C-1", "C-9"):
        invoice = open_invoice(1, customer, AS_OF - dt.timedelta(days=age), due_in)
        prediction = behaviour.predict(invoice, as_of=AS_OF)
        low, middle, high = prediction.quantiles
        assert age < low <= middle <= high
        assert prediction.expected_date == invoice.issue_date + dt.timedelta(days=middle)
        assert 0 <= prediction.probability_late <= 1
        assert behaviour.probability_late(invoice, as_of=AS_OF) == prediction.probability_late
        habit = [behaviour.probability_paid_by(customer, days) for days in range(-130, 400, 9)]
        assert all(a <= b for a, b in itertools.pairwise(habit))
        chances = [prediction.probability_unpaid_after(days) for days in range(0, 600, 7)]
        assert all(a >= b for a, b in itertools.pairwise(chances))
        assert all(0 <= chance <= 1 for chance in chances)


def test_sample_customers_with_habits_differ_and_the_open_items_stay() -> None:
    book = sample_portfolio(seed=4, customers=40, as_of=AS_OF, payment_habits=True)
    plain = sample_portfolio(seed=4, customers=40, as_of=AS_OF)
    assert book.open_items() == plain.open_items()
    assert book.customers == plain.customers
    assert book == sample_portfolio(seed=4, customers=40, as_of=AS_OF, payment_habits=True)
    behaviour = PaymentBehaviour.fit(book.invoices, as_of=AS_OF)
    medians = {
        reason.figure("median_days_beyond_due")
        for customer in book.customers
        for reason in behaviour.reasons_for(customer.id)[:1]
        if reason.code == "forecast.customer_history"
    }
    assert len(medians) > 5
