"""Payment plans and settlement offers: what a collector negotiates when a customer cannot pay."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from decimal import Decimal
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import add_days, add_months, require_date, require_money
from receivables._validate import annual_rate as annual_rate_of
from receivables.convert import DictForm
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidRateError,
    InvalidTypeError,
)
from receivables.explain import Reason
from receivables.money import Money, to_decimal, trusted_money

__all__ = [
    "Frequency",
    "PaymentPlan",
    "PlanLine",
    "SettlementOffer",
    "payment_plan",
    "settlement_offer",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
# A negotiated plan runs months, a few years at most: 1,200 instalments is 100 years monthly or
# 23 years weekly. More is a mistake, and would build a schedule of millions of lines.
_MAX_INSTALMENTS: Final = 1200


class Frequency(enum.Enum):
    """How often plan instalments fall due.

    Examples:
        >>> Frequency.MONTHLY.periods_per_year
        12
    """

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def periods_per_year(self) -> int:
        """Instalments in a year (52, 26, 12, 4).

        Examples:
            >>> Frequency.QUARTERLY.periods_per_year
            4
        """
        return {"weekly": 52, "biweekly": 26, "monthly": 12, "quarterly": 4}[self.value]

    def step(self, count: int) -> relativedelta:
        """The offset of the ``count``-th instalment after the first.

        Examples:
            >>> import datetime as dt
            >>> dt.date(2026, 1, 15) + Frequency.MONTHLY.step(2)
            datetime.date(2026, 3, 15)
        """
        if self is Frequency.WEEKLY:
            return relativedelta(weeks=count)
        if self is Frequency.BIWEEKLY:
            return relativedelta(weeks=2 * count)
        if self is Frequency.MONTHLY:
            return relativedelta(months=count)
        return relativedelta(months=3 * count)

    def _due_date(self, first_due: dt.date, count: int) -> dt.date:
        # ``first_due + self.step(count)``, with InvalidDateError past 9999-12-31.
        what = "a payment plan instalment"
        if self is Frequency.WEEKLY:
            return add_days(first_due, 7 * count, what)
        if self is Frequency.BIWEEKLY:
            return add_days(first_due, 14 * count, what)
        return add_months(first_due, count if self is Frequency.MONTHLY else 3 * count, what)


@attrs.frozen
class PlanLine(DictForm):
    """One instalment: when, how much, split into interest and principal, and what remains.

    Examples:
        >>> import datetime as dt
        >>> line = PlanLine(1, dt.date(2026, 2, 1), Money("50", "USD"), Money("50", "USD"),
        ...                 Money("0", "USD"), Money("50", "USD"))
        >>> line.principal + line.interest == line.payment
        True
    """

    number: int
    due_date: dt.date
    payment: Money
    principal: Money
    interest: Money
    remaining: Money


@attrs.frozen
class PaymentPlan(DictForm):
    """An amortised schedule whose principal parts sum exactly to the balance.

    Examples:
        >>> import datetime as dt
        >>> plan = payment_plan(Money("1000.00", "USD"), 3, dt.date(2026, 2, 1))
        >>> [str(line.payment) for line in plan.lines]
        ['333.33 USD', '333.33 USD', '333.34 USD']
    """

    balance: Money
    annual_rate: Decimal
    frequency: Frequency
    lines: tuple[PlanLine, ...]
    reasons: tuple[Reason, ...]

    @property
    def total_interest(self) -> Money:
        """The interest over the whole plan.

        Examples:
            >>> import datetime as dt
            >>> plan = payment_plan(Money("1200.00", "USD"), 12, dt.date(2026, 2, 1),
            ...                     annual_rate="0.12")
            >>> plan.total_interest
            Money('79.42', 'USD')
        """
        return Money.total((line.interest for line in self.lines), self.balance.currency)

    @property
    def total_paid(self) -> Money:
        """Everything the customer pays: the balance plus the interest.

        Examples:
            >>> import datetime as dt
            >>> plan = payment_plan(Money("1200.00", "USD"), 12, dt.date(2026, 2, 1),
            ...                     annual_rate="0.12")
            >>> plan.total_paid, plan.total_interest
            (Money('1279.42', 'USD'), Money('79.42', 'USD'))
        """
        return Money.total((line.payment for line in self.lines), self.balance.currency)


@in_context
def payment_plan(
    balance: Money,
    instalments: int,
    first_due: dt.date,
    *,
    annual_rate: Decimal | int | str = 0,
    frequency: Frequency = Frequency.MONTHLY,
) -> PaymentPlan:
    """An instalment plan for ``balance``: equal payments, amortised when there is interest.

    With a rate, the payment is the annuity ``P r / (1 - (1 + r)^-n)`` for the periodic rate
    ``r = annual_rate / periods per year``, rounded to minor units; each period's interest is
    the remaining principal times ``r``, rounded, and the rest of the payment is principal. The
    last instalment clears what remains, so the principal parts sum exactly to the balance and
    the rounding remainder lands on it. Without interest the balance is split evenly, the
    remainder on the last instalment. At most 1,200 instalments (100 years of monthly payments):
    more raise :class:`~receivables.errors.InvalidAmountError`, and a plan whose last instalment
    would fall after 9999-12-31 raises :class:`~receivables.errors.InvalidDateError`.

    Examples:
        >>> import datetime as dt
        >>> plan = payment_plan(Money("5000.00", "EUR"), 4, dt.date(2026, 1, 31),
        ...                     annual_rate="0.06", frequency=Frequency.QUARTERLY)
        >>> for line in plan.lines:
        ...     print(line.due_date, line.payment, line.interest, line.remaining)
        2026-01-31 1297.22 EUR 75.00 EUR 3777.78 EUR
        2026-04-30 1297.22 EUR 56.67 EUR 2537.23 EUR
        2026-07-31 1297.22 EUR 38.06 EUR 1278.07 EUR
        2026-10-31 1297.24 EUR 19.17 EUR 0.00 EUR
        >>> sum(l.principal for l in plan.lines)
        Money('5000.00', 'EUR')
    """
    require_money(balance, "balance")
    if not balance.is_positive:
        raise InvalidAmountError(f"a payment plan needs a positive balance, got {balance}")
    if not balance.is_rounded:
        raise InvalidAmountError(f"the balance {balance} must be in whole minor units")
    if type(instalments) is not int or instalments < 1:
        raise InvalidAmountError(f"instalments must be a positive int, got {shown(instalments)}")
    if instalments > _MAX_INSTALMENTS:
        raise InvalidAmountError(
            f"a payment plan has at most {_MAX_INSTALMENTS:,} instalments, got {shown(instalments)}"
        )
    require_date(first_due, "first_due")
    if not isinstance(frequency, Frequency):
        raise InvalidTypeError(f"frequency must be a Frequency, not {shown(frequency)}")
    # The last due date is the latest: checked before any work, so a plan that runs past
    # 9999-12-31 fails at once with the date it could not reach.
    frequency._due_date(first_due, instalments - 1)
    rate = annual_rate_of(annual_rate)
    currency = balance.currency
    periodic = CONTEXT.divide(rate, frequency.periods_per_year)
    if periodic:
        growth = CONTEXT.power(CONTEXT.add(_ONE, periodic), -instalments)
        payment = trusted_money(
            CONTEXT.divide(CONTEXT.multiply(balance.amount, periodic), _ONE - growth), currency
        ).round()
    else:
        payment = (balance / instalments).round(decimal.ROUND_DOWN)
    lines = []
    remaining = balance
    for number in range(1, instalments + 1):
        interest = (remaining * periodic).round()
        if number == instalments:
            principal = remaining
        else:
            principal = payment - interest
            if principal > remaining:
                principal = remaining
        remaining = remaining - principal
        lines.append(
            PlanLine(
                number,
                frequency._due_date(first_due, number - 1),
                principal + interest,
                principal,
                interest,
                remaining,
            )
        )
    reasons = (
        Reason.of(
            "dunning.payment_plan",
            f"{balance} in {instalments} {frequency.value} instalments of {payment}"
            + (f" at {rate} a year" if rate else " without interest")
            + "; the last instalment takes the rounding",
            instalments=instalments,
            payment=payment,
            annual_rate=rate,
        ),
    )
    return PaymentPlan(balance, rate, frequency, tuple(lines), reasons)


@attrs.frozen
class SettlementOffer(DictForm):
    """A lump-sum settlement: what to accept, what is forgiven and what it recovers.

    ``recovery_ratio`` is the offer over the balance; ``net_recovery_ratio`` takes off the cost
    of collecting (when given). Both are fractions.

    Examples:
        >>> offer = settlement_offer(Money("10000.00", "USD"), discount="0.25", floor="0.6")
        >>> offer.offer, offer.forgiven, offer.recovery_ratio
        (Money('7500.00', 'USD'), Money('2500.00', 'USD'), Decimal('0.75'))
    """

    balance: Money
    offer: Money
    forgiven: Money
    recovery_ratio: Decimal
    net_recovery_ratio: Decimal
    pay_by: dt.date | None
    reasons: tuple[Reason, ...]


def _fraction(value: Decimal | int | str, name: str) -> Decimal:
    share = to_decimal(value, what=name)
    if not _ZERO <= share <= _ONE:
        raise InvalidRateError(f"{name} is a fraction between 0 and 1, got {share}")
    return share


@in_context
def settlement_offer(
    balance: Money,
    *,
    discount: Decimal | int | str,
    floor: Decimal | int | str,
    collection_cost: Money | None = None,
    pay_by: dt.date | None = None,
) -> SettlementOffer:
    """Offer to settle ``balance`` for a lump sum at ``discount`` off, never below ``floor``.

    ``floor`` is the least recovery ratio the policy accepts (the offer is raised to it, with a
    reason, when the discount asks for more); ``collection_cost`` what collecting in full would
    cost (agency fees, legal costs), for the net recovery ratio. The offer is rounded up to the
    currency's minor units, so rounding never recovers less than the floor.

    Examples:
        >>> offer = settlement_offer(Money("8000.00", "GBP"), discount="0.5", floor="0.65",
        ...                          collection_cost=Money("800.00", "GBP"))
        >>> offer.offer, [r.code for r in offer.reasons]
        (Money('5200.00', 'GBP'), ['dunning.settlement', 'dunning.settlement_floor'])
        >>> offer.net_recovery_ratio
        Decimal('0.55')
    """
    require_money(balance, "balance")
    if not balance.is_positive:
        raise InvalidAmountError(f"a settlement needs a positive balance, got {balance}")
    asked = _fraction(discount, "discount")
    least = _fraction(floor, "floor")
    if pay_by is not None:
        require_date(pay_by, "pay_by")
    ratio = _ONE - asked
    reasons = [
        Reason.of(
            "dunning.settlement",
            f"settle {balance} at {asked * 100:.1f}% off",
            balance=balance,
            discount=asked,
        )
    ]
    if ratio < least:
        reasons.append(
            Reason.of(
                "dunning.settlement_floor",
                f"a {asked * 100:.1f}% discount would recover {ratio * 100:.1f}%, below the "
                f"{least * 100:.1f}% floor: the offer is raised to the floor",
                requested_ratio=ratio,
                floor=least,
            )
        )
        ratio = least
    offer = (balance * ratio).round(decimal.ROUND_CEILING)
    recovery = CONTEXT.divide(offer.amount, balance.amount)
    net = recovery
    if collection_cost is not None:
        require_money(collection_cost, "collection_cost")
        if collection_cost.currency is not balance.currency:
            raise CurrencyMismatchError(
                f"collection_cost is in {collection_cost.currency}, "
                f"the balance in {balance.currency}"
            )
        net = CONTEXT.divide((offer - collection_cost).amount, balance.amount)
    return SettlementOffer(balance, offer, balance - offer, recovery, net, pay_by, tuple(reasons))
