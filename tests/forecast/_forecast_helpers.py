"""Shared builders for the forecast tests."""

from __future__ import annotations

import datetime as dt

from receivables import Invoice, Money


def paid(
    number: int,
    customer: str,
    issued: dt.date,
    due_in: int,
    paid_after_due: int,
    amount: str = "100.00",
    currency: str = "USD",
) -> Invoice:
    """A fully paid invoice, due ``due_in`` days after issue, paid ``paid_after_due`` days later."""
    due = issued + dt.timedelta(days=due_in)
    return Invoice(
        f"I-{customer}-{number}",
        customer,
        issued,
        Money(amount, currency),
        due_date=due,
        open_amount=Money("0", currency),
        paid_on=max(issued, due + dt.timedelta(days=paid_after_due)),
    )


def open_invoice(
    number: int,
    customer: str,
    issued: dt.date,
    due_in: int,
    amount: str = "100.00",
    currency: str = "USD",
) -> Invoice:
    """An invoice still open in full."""
    return Invoice(
        f"O-{customer}-{number}",
        customer,
        issued,
        Money(amount, currency),
        due_date=issued + dt.timedelta(days=due_in),
    )


# --- hypothesis: invoice histories with payment dates ------------------------------------------

from hypothesis import strategies as st  # noqa: E402

AS_OF = dt.date(2026, 6, 30)


@st.composite
def histories(draw: st.DrawFn, *, max_size: int = 30) -> list[Invoice]:
    """Invoices of up to three customers in USD and EUR, paid (some after ``AS_OF``) or open."""
    count = draw(st.integers(0, max_size))
    made: list[Invoice] = []
    for number in range(count):
        customer = draw(st.sampled_from(["C-1", "C-2", "C-3"]))
        currency = draw(st.sampled_from(["USD", "EUR"]))
        issued = AS_OF - dt.timedelta(days=draw(st.integers(-30, 400)))
        due_in = draw(st.integers(0, 90))
        cents = draw(st.integers(1, 10**7))
        amount = Money(cents, currency) / 100
        due = issued + dt.timedelta(days=due_in)
        if draw(st.booleans()):
            paid_on = max(issued, due + dt.timedelta(days=draw(st.integers(-60, 200))))
            made.append(
                Invoice(
                    f"H-{number}",
                    customer,
                    issued,
                    amount,
                    due_date=due,
                    open_amount=Money("0", currency),
                    paid_on=paid_on,
                )
            )
        else:
            made.append(Invoice(f"H-{number}", customer, issued, amount, due_date=due))
    return made
