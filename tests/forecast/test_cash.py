"""cash_forecast: conservation, promises, credits apart, the calendar, the band."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from _forecast_helpers import AS_OF, histories, open_invoice, paid
from hypothesis import given
from hypothesis import strategies as st

from receivables import CreditMemo, Dispute, Invoice, Money, Payment, PromiseToPay
from receivables.calendar import WeekendCalendar
from receivables.errors import ValidationError
from receivables.forecast import PaymentBehaviour, cash_forecast
from receivables.testing import currencies, invoices

START = dt.date(2025, 7, 1)
# Every history invoice is paid exactly 10 days after its due date.
BEHAVIOUR = PaymentBehaviour.fit(
    [paid(n, "C", START + dt.timedelta(days=2 * n), 30, 10) for n in range(100)], as_of=AS_OF
)


def test_an_invoice_lands_in_the_week_its_customer_pays_it() -> None:
    # Due 2026-07-10 (Friday), paid ten days late: Monday 2026-07-20, ISO week 30.
    invoice = open_invoice(1, "C", dt.date(2026, 6, 10), 30, "1000.00")
    usd = cash_forecast([invoice], BEHAVIOUR, as_of=AS_OF, weeks=5).currency("USD")
    assert [week.week for week in usd.weeks] == [
        "2026-W27", "2026-W28", "2026-W29", "2026-W30", "2026-W31"
    ]  # fmt: skip
    assert usd.weeks[0].start == dt.date(2026, 6, 29)
    assert usd.weeks[0].end == dt.date(2026, 7, 5)
    assert [str(week.expected) for week in usd.weeks] == [
        "0.00 USD", "0.00 USD", "0.00 USD", "1000.00 USD", "0.00 USD"
    ]  # fmt: skip
    assert usd.beyond == Money("0.00", "USD")


def test_a_weekend_payment_rolls_into_the_next_week_with_a_calendar() -> None:
    # Due Wednesday 2026-07-08, paid ten days late: Saturday 2026-07-18 (week 29) -> Monday.
    invoice = open_invoice(1, "C", dt.date(2026, 6, 8), 30, "500.00")
    plain = cash_forecast([invoice], BEHAVIOUR, as_of=AS_OF, weeks=5).currency("USD")
    rolled = cash_forecast(
        [invoice], BEHAVIOUR, as_of=AS_OF, weeks=5, calendar=WeekendCalendar()
    ).currency("USD")
    assert plain.weeks[2].expected == Money("500.00", "USD")
    assert rolled.weeks[2].expected.is_zero
    assert rolled.weeks[3].expected == Money("500.00", "USD")


def test_promises_override_until_broken_and_credits_stand_apart() -> None:
    first = open_invoice(1, "C", dt.date(2026, 6, 10), 30, "1000.00")  # behaviour: week 30
    second = open_invoice(2, "C", dt.date(2026, 6, 12), 30, "400.00")
    pending = PromiseToPay("C", Money("700.00", "USD"), dt.date(2026, 7, 1), AS_OF)
    broken = PromiseToPay("C", Money("400.00", "USD"), dt.date(2026, 6, 20), dt.date(2026, 6, 1))
    credit = CreditMemo("CM-1", "C", dt.date(2026, 6, 1), Money("50.00", "USD"))
    cash = Payment("P-1", dt.date(2026, 6, 30), Money("25.00", "USD"), customer_id="C")
    forecast = cash_forecast(
        [first, second, credit, cash],
        BEHAVIOUR,
        as_of=AS_OF,
        weeks=6,
        promises=[pending, broken],
    )
    usd = forecast.currency("USD")
    assert usd.weeks[0].promised == usd.weeks[0].expected == Money("700.00", "USD")
    assert usd.weeks[3].expected == Money("700.00", "USD")  # 300 left of the first, 400 second
    assert usd.credits == Money("-50.00", "USD")
    assert usd.unapplied == Money("-25.00", "USD")
    assert usd.open_total == Money("1400.00", "USD")
    assert usd.net_open == Money("1325.00", "USD")
    assert [reason.code for reason in forecast.reasons] == [
        "forecast.promise_applied",
        "forecast.promise_broken",
    ]


def test_an_open_dispute_pushes_collections_later() -> None:
    disputed_history = [paid(500 + n, "C", START + dt.timedelta(days=n), 30, 70) for n in range(40)]
    disputes = [Dispute(i.id, Money("1", "USD"), "pricing", i.issue_date) for i in disputed_history]
    history = [paid(n, "C", START + dt.timedelta(days=2 * n), 30, 10) for n in range(100)]
    behaviour = PaymentBehaviour.fit(history + disputed_history, as_of=AS_OF, disputes=disputes)
    assert behaviour.dispute_factor > 1
    invoice = open_invoice(1, "C", dt.date(2026, 6, 10), 30, "1000.00")
    plain = cash_forecast([invoice], behaviour, as_of=AS_OF).currency("USD")
    dispute = Dispute(invoice.id, Money("1000.00", "USD"), "quality", dt.date(2026, 6, 20))
    slowed = cash_forecast([invoice], behaviour, as_of=AS_OF, disputes=[dispute]).currency("USD")

    def first_week(forecast_weeks: tuple[object, ...]) -> int:
        return next(n for n, w in enumerate(forecast_weeks) if not w.expected.is_zero)  # type: ignore[attr-defined]

    assert first_week(slowed.weeks) > first_week(plain.weeks)


def test_an_amount_finer_than_the_minor_unit_stays_in_beyond() -> None:
    invoice = Invoice(
        "I-1", "C", dt.date(2026, 6, 10), Money("10.005", "USD"), due_date=dt.date(2026, 7, 10)
    )
    usd = cash_forecast([invoice], BEHAVIOUR, as_of=AS_OF).currency("USD")
    assert sum(week.expected for week in usd.weeks) == Money("10.00", "USD")
    assert usd.beyond == Money("0.005", "USD")


def test_refusals() -> None:
    with pytest.raises(ValidationError, match="weeks"):
        cash_forecast([], BEHAVIOUR, as_of=AS_OF, weeks=0)
    with pytest.raises(ValidationError, match="no open items in EUR"):
        cash_forecast([], BEHAVIOUR, as_of=AS_OF).currency("EUR")


@given(
    histories(),
    st.lists(invoices(currencies(["USD", "EUR", "JPY", "KWD"]), open_only=True), max_size=12),
    st.integers(1, 20),
    st.booleans(),
)
def test_weeks_plus_beyond_equal_the_open_total(
    history: list[Invoice], items: list[Invoice], weeks: int, weekends: bool
) -> None:
    behaviour = PaymentBehaviour.fit(history, as_of=AS_OF)
    live = [i for i in items if i.issue_date <= AS_OF]
    forecast = cash_forecast(
        live,
        behaviour,
        as_of=AS_OF,
        weeks=weeks,
        calendar=WeekendCalendar() if weekends else None,
    )
    for result in forecast.currencies:
        total = Money.total(
            (i.open_amount for i in live if i.currency is result.currency), result.currency
        )
        assert result.open_total == total
        assert sum((w.expected for w in result.weeks), result.beyond * 0) + result.beyond == total
        assert len(result.weeks) == weeks
        for week in result.weeks:
            assert week.expected.is_rounded
            assert Decimal(0) <= week.low.amount <= week.expected.amount <= week.high.amount
            assert week.high <= total


def test_results_have_the_plain_form() -> None:
    invoice = open_invoice(1, "C", dt.date(2026, 6, 10), 30, "1000.00")
    forecast = cash_forecast([invoice], BEHAVIOUR, as_of=AS_OF, weeks=2)
    data = forecast.to_dict()
    assert json.loads(json.dumps(data)) == data
    week = data["currencies"][0]["weeks"][0]
    assert week["week"] == "2026-W27"
    assert week["expected"] == {"amount": "0.00", "currency": "USD"}
    prediction = BEHAVIOUR.predict(invoice, as_of=AS_OF).to_dict()
    assert prediction["quantiles"] == [40, 40, 40]
    assert not [key for key in prediction if key.startswith("_")]


@given(histories(), st.lists(invoices(currencies(["USD", "EUR"]), open_only=True), max_size=10))
def test_the_forecast_is_deterministic_whatever_the_order(
    history: list[Invoice], items: list[Invoice]
) -> None:
    behaviour = PaymentBehaviour.fit(history, as_of=AS_OF)
    forward = cash_forecast(items, behaviour, as_of=AS_OF, weeks=6)
    assert forward == cash_forecast(items, behaviour, as_of=AS_OF, weeks=6)
    assert forward == cash_forecast(items[::-1], behaviour, as_of=AS_OF, weeks=6)
