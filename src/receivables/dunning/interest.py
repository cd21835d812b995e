"""Late-payment interest: simple interest, contractual interest and statutory claims.

Statutory regimes supported by :func:`late_payment_claim`:

* ``Regime.UK_LATE_PAYMENT_ACT_1998``: the Late Payment of Commercial Debts (Interest) Act 1998.
  Statutory interest is simple interest at the reference rate plus 8% (s.4 and the Late Payment
  of Commercial Debts (Rate of Interest) (No. 3) Order 2002), from the day after the due date.
  The reference rate is the Bank of England base rate in force on 31 December (for interest that
  starts to run from 1 January to 30 June) or on 30 June (from 1 July to 31 December), and stays
  fixed for that debt. Days are counted on a 365-day year. Fixed sums under s.5A: GBP 40 for a
  debt under 1,000, GBP 70 under 10,000, GBP 100 from 10,000.
* ``Regime.EU_LATE_PAYMENT_DIRECTIVE``: Directive 2011/7/EU. Statutory interest is simple
  interest at the reference rate plus 8 percentage points (Art. 2(6)); the reference rate for
  each half-year is the rate in force on its first day (1 January or 1 July), so a claim that
  spans half-years is computed period by period. EUR 40 fixed compensation (Art. 6).

The caller supplies the official reference rates, as dated values (:class:`ReferenceRate`, or
:class:`ReferenceRates` built from them) or as any :class:`ReferenceRateSource` of their own (a
table their treasury keeps, a central bank's series they loaded); a date with no rate in force
is a :class:`~receivables.errors.MissingRateError`.

Examples:
    >>> import datetime as dt
    >>> from receivables import Money
    >>> simple_interest(Money("1000.00", "GBP"), Decimal("0.12"), dt.date(2026, 1, 1),
    ...                 dt.date(2026, 1, 31))
    Money('9.86', 'GBP')
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, Protocol, runtime_checkable

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import add_days, all_of, date_field, require_date, require_money
from receivables.calendar import DayCount
from receivables.errors import (
    CurrencyMismatchError,
    InvalidDateError,
    InvalidRateError,
    InvalidTypeError,
    MissingRateError,
)
from receivables.explain import Reason
from receivables.money import Money, to_decimal, trusted_money

__all__ = [
    "InterestPeriod",
    "LatePaymentClaim",
    "ReferenceRate",
    "ReferenceRateSource",
    "ReferenceRates",
    "Regime",
    "contractual_interest",
    "late_payment_claim",
    "simple_interest",
]

_ZERO: Final = Decimal(0)
_EIGHT_POINTS: Final = Decimal("0.08")


def _annual_rate(value: Decimal | int | str, name: str = "annual_rate") -> Decimal:
    rate = to_decimal(value, what=name)
    if rate < 0:
        raise InvalidRateError(f"{name} must not be negative, got {rate}")
    return rate


def _interest_amount(principal: Money, rate: Decimal, fraction: Decimal) -> Money:
    return trusted_money(
        CONTEXT.multiply(CONTEXT.multiply(principal.amount, rate), fraction), principal.currency
    )


@in_context
def simple_interest(
    principal: Money,
    annual_rate: Decimal | int | str,
    start: dt.date,
    end: dt.date,
    day_count: DayCount = DayCount.ACT_365_FIXED,
) -> Money:
    """Simple interest on ``principal`` for the days after ``start`` up to and including ``end``.

    ``annual_rate`` is a fraction (``Decimal("0.12")`` for 12%). The result is rounded to minor
    units with the library default mode; zero when ``end`` is not after ``start``.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> simple_interest(Money("5000.00", "USD"), "0.06", dt.date(2026, 1, 1),
        ...                 dt.date(2026, 4, 1), DayCount.ACT_360)
        Money('75.00', 'USD')
    """
    require_money(principal, "principal")
    rate = _annual_rate(annual_rate)
    require_date(start, "start")
    require_date(end, "end")
    if not isinstance(day_count, DayCount):
        raise InvalidTypeError(f"day_count must be a DayCount, not {shown(day_count)}")
    if end <= start:
        return Money.zero(principal.currency).round()
    return _interest_amount(principal, rate, day_count.year_fraction(start, end)).round()


@in_context
def contractual_interest(
    amount: Money,
    annual_rate: Decimal | int | str,
    due_date: dt.date,
    as_of: dt.date,
    *,
    day_count: DayCount = DayCount.ACT_365_FIXED,
    grace_days: int = 0,
) -> Money:
    """Interest at the contract's annual rate from the due date (after any grace) to ``as_of``.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> contractual_interest(Money("10000.00", "EUR"), "0.09", dt.date(2026, 3, 31),
        ...                      dt.date(2026, 5, 30), day_count=DayCount.THIRTY_E_360)
        Money('150.00', 'EUR')
    """
    if type(grace_days) is not int or grace_days < 0:
        raise InvalidRateError(f"grace_days must be a non-negative int, got {shown(grace_days)}")
    require_date(due_date, "due_date")
    require_date(as_of, "as_of")
    if (as_of - due_date).days <= grace_days:
        return Money.zero(require_money(amount, "amount").currency).round()
    return simple_interest(amount, annual_rate, due_date, as_of, day_count)


class Regime(enum.Enum):
    """The statutory late-payment regimes :func:`late_payment_claim` computes.

    Examples:
        >>> Regime.UK_LATE_PAYMENT_ACT_1998.value
        'uk_late_payment_act_1998'
    """

    UK_LATE_PAYMENT_ACT_1998 = "uk_late_payment_act_1998"
    EU_LATE_PAYMENT_DIRECTIVE = "eu_late_payment_directive"


def _reference_rate(value: Decimal | int | str) -> Decimal:
    return _annual_rate(value, "reference rate")


@attrs.frozen
class ReferenceRate:
    """An official reference rate (a fraction) in force from ``effective_from``.

    Examples:
        >>> import datetime as dt
        >>> ReferenceRate(dt.date(2025, 8, 7), "0.04").rate
        Decimal('0.04')
    """

    effective_from: dt.date = attrs.field(validator=date_field)
    rate: Decimal = attrs.field(converter=_reference_rate)


def _sorted_rates(value: Iterable[ReferenceRate]) -> tuple[ReferenceRate, ...]:
    rates = sorted(all_of(ReferenceRate, "reference_rates", value), key=lambda r: r.effective_from)
    for earlier, later in itertools.pairwise(rates):
        if earlier.effective_from == later.effective_from and earlier.rate != later.rate:
            raise InvalidRateError(
                f"two reference rates take effect on {later.effective_from}: "
                f"{earlier.rate} and {later.rate}"
            )
    return tuple(rates)


@runtime_checkable
class ReferenceRateSource(Protocol):
    """Where a statutory claim finds the official reference rate in force on a day.

    Implement ``rate_in_force`` to serve rates from your own store; raise
    :class:`~receivables.errors.MissingRateError` when no rate is in force. The dated list the
    library ships is :class:`ReferenceRates`.

    Examples:
        >>> import datetime as dt
        >>> class Flat:
        ...     def rate_in_force(self, day, regime):
        ...         return ReferenceRate(dt.date(2000, 1, 1), "0.04")
        >>> isinstance(Flat(), ReferenceRateSource)
        True
    """

    def rate_in_force(self, day: dt.date, regime: Regime) -> ReferenceRate:
        """The reference rate in force on ``day`` for ``regime``."""
        ...


@attrs.frozen
class ReferenceRates:
    """Official reference rates as dated values: each in force from its date until the next.

    Examples:
        >>> import datetime as dt
        >>> ecb = ReferenceRates([ReferenceRate(dt.date(2025, 6, 11), "0.0215"),
        ...                       ReferenceRate(dt.date(2024, 12, 18), "0.0315")])
        >>> ecb.rate_in_force(dt.date(2025, 7, 1), Regime.EU_LATE_PAYMENT_DIRECTIVE).rate
        Decimal('0.0215')
    """

    rates: tuple[ReferenceRate, ...] = attrs.field(converter=_sorted_rates)
    _starts: tuple[dt.date, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(r.effective_from for r in self.rates))

    def rate_in_force(self, day: dt.date, regime: Regime) -> ReferenceRate:
        """The latest rate whose ``effective_from`` is on or before ``day``.

        Examples:
            >>> import datetime as dt
            >>> boe = ReferenceRates([ReferenceRate(dt.date(2025, 8, 7), "0.04")])
            >>> boe.rate_in_force(dt.date(2025, 12, 31), Regime.UK_LATE_PAYMENT_ACT_1998).rate
            Decimal('0.04')
        """
        position = bisect.bisect_right(self._starts, require_date(day, "day"))
        if not position:
            raise MissingRateError(f"no reference rate in force on {day} for {regime.value}")
        return self.rates[position - 1]


@attrs.frozen
class InterestPeriod:
    """A stretch of days charged at one rate.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> p = InterestPeriod(dt.date(2026, 1, 1), dt.date(2026, 1, 31), 31, Decimal("0.12"),
        ...                    Decimal("0.04"), Money("10.19", "GBP"))
        >>> p.days
        31
    """

    first_day: dt.date
    last_day: dt.date
    days: int
    rate: Decimal
    reference_rate: Decimal
    interest: Money


@attrs.frozen
class LatePaymentClaim:
    """What a creditor may claim under a statutory regime, with the figures behind it.

    ``interest`` is rounded to minor units; ``rate`` is the statutory rate of the first period
    (the only one under the UK Act); ``periods`` break a claim down when the rate changes.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> claim = late_payment_claim(
        ...     Money("1000.00", "GBP"), dt.date(2026, 1, 31), dt.date(2026, 3, 2),
        ...     regime=Regime.UK_LATE_PAYMENT_ACT_1998,
        ...     reference_rates=[ReferenceRate(dt.date(2025, 12, 18), "0.0375")])
        >>> claim.days, claim.rate, claim.interest, claim.fixed_compensation
        (30, Decimal('0.1175'), Money('9.66', 'GBP'), Money('70.00', 'GBP'))
        >>> claim.total
        Money('79.66', 'GBP')
    """

    regime: Regime
    amount: Money
    due_date: dt.date
    as_of: dt.date
    days: int
    rate: Decimal
    interest: Money
    fixed_compensation: Money
    periods: tuple[InterestPeriod, ...]
    reasons: tuple[Reason, ...]

    @property
    def total(self) -> Money:
        """Interest plus fixed compensation.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> late_payment_claim(
            ...     Money("1000.00", "GBP"), dt.date(2026, 1, 31), dt.date(2026, 3, 2),
            ...     regime=Regime.UK_LATE_PAYMENT_ACT_1998,
            ...     reference_rates=[ReferenceRate(dt.date(2025, 12, 18), "0.0375")]).total
            Money('79.66', 'GBP')
        """
        return self.interest + self.fixed_compensation


def _uk_fixed_sum(amount: Money) -> Money:
    if amount.amount < 1000:
        return Money("40.00", "GBP")
    if amount.amount < 10000:
        return Money("70.00", "GBP")
    return Money("100.00", "GBP")


def _half_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


@in_context
def late_payment_claim(
    amount: Money,
    due_date: dt.date,
    as_of: dt.date,
    *,
    regime: Regime,
    reference_rates: Iterable[ReferenceRate] | ReferenceRateSource,
) -> LatePaymentClaim:
    """The statutory interest and fixed compensation on a late commercial debt.

    Interest runs from the day after ``due_date`` up to and including ``as_of`` (nothing while
    the debt is not late). See the module documentation for each regime's rules; the UK Act
    applies to debts in GBP and the Directive to debts in EUR (a national implementation in
    another currency is out of scope and raises).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> ecb = [ReferenceRate(dt.date(2024, 12, 18), "0.0315"),
        ...        ReferenceRate(dt.date(2025, 6, 11), "0.0215")]
        >>> claim = late_payment_claim(Money("10000.00", "EUR"), dt.date(2025, 5, 31),
        ...                            dt.date(2025, 8, 31),
        ...                            regime=Regime.EU_LATE_PAYMENT_DIRECTIVE,
        ...                            reference_rates=ecb)
        >>> [(p.days, p.rate, str(p.interest)) for p in claim.periods]
        [(30, Decimal('0.1115'), '91.64 EUR'), (62, Decimal('0.1015'), '172.41 EUR')]
        >>> claim.interest, claim.fixed_compensation
        (Money('264.05', 'EUR'), Money('40.00', 'EUR'))
    """
    require_money(amount, "amount")
    require_date(due_date, "due_date")
    require_date(as_of, "as_of")
    if not isinstance(regime, Regime):
        raise InvalidTypeError(f"regime must be a Regime, not {shown(regime)}")
    source: ReferenceRateSource = (
        reference_rates
        if isinstance(reference_rates, ReferenceRateSource)
        else ReferenceRates(reference_rates)
    )
    if amount.is_negative:
        raise InvalidDateError(f"a late-payment claim needs a debt, got {amount}")
    currency_of = {
        Regime.UK_LATE_PAYMENT_ACT_1998: "GBP",
        Regime.EU_LATE_PAYMENT_DIRECTIVE: "EUR",
    }[regime]
    if amount.currency.code != currency_of:
        raise CurrencyMismatchError(
            f"{regime.value} claims are computed in {currency_of}, the debt is in {amount.currency}"
        )
    days = max(0, (as_of - due_date).days)
    zero = Money.zero(amount.currency).round()
    if days == 0:
        return LatePaymentClaim(
            regime,
            amount,
            due_date,
            as_of,
            0,
            _ZERO,
            zero,
            zero,
            (),
            (
                Reason.of(
                    "dunning.not_overdue",
                    f"the debt is not late on {as_of} (due {due_date})",
                    due_date=due_date,
                    as_of=as_of,
                ),
            ),
        )
    first_day = add_days(due_date, 1, "the first day of interest")  # before as_of: valid
    periods: list[InterestPeriod] = []
    if regime is Regime.UK_LATE_PAYMENT_ACT_1998:
        # The rate in force on the 31 December or 30 June before interest starts, fixed.
        if first_day.year == dt.MINYEAR and first_day.month <= 6:
            raise InvalidDateError(
                f"interest starting on {first_day} has no 31 December before it "
                f"(dates start at {dt.date.min}) to take the UK reference rate from"
            )
        reference_day = (
            dt.date(first_day.year - 1, 12, 31)
            if first_day.month <= 6
            else dt.date(first_day.year, 6, 30)
        )
        reference = _in_force(source, reference_day, regime)
        statutory = CONTEXT.add(reference.rate, _EIGHT_POINTS)
        fraction = CONTEXT.divide(Decimal(days), 365)
        interest = _interest_amount(amount, statutory, fraction).round()
        periods.append(InterestPeriod(first_day, as_of, days, statutory, reference.rate, interest))
        fixed = _uk_fixed_sum(amount)
        citation = (
            "Late Payment of Commercial Debts (Interest) Act 1998, s.4 and s.5A: reference "
            f"rate {reference.rate} in force on {reference_day} plus 8%, simple, 365-day year"
        )
    else:
        cursor = first_day
        while cursor <= as_of:
            start = _half_year_start(cursor)
            # The half-year's last day, so that 9999-12-31 needs no 10000-01-01 after it.
            half_end = (
                dt.date(start.year, 6, 30) if start.month == 1 else dt.date(start.year, 12, 31)
            )
            last = min(as_of, half_end)
            reference = _in_force(source, start, regime)
            statutory = CONTEXT.add(reference.rate, _EIGHT_POINTS)
            span = (last - cursor).days + 1
            interest = _interest_amount(amount, statutory, CONTEXT.divide(Decimal(span), 365))
            periods.append(
                InterestPeriod(cursor, last, span, statutory, reference.rate, interest.round())
            )
            if last == as_of:
                break
            cursor = add_days(last, 1, "the next half-year")  # before as_of: valid
        total = Money.total((p.interest for p in periods), amount.currency)
        fixed = Money("40.00", "EUR")
        interest = total
        citation = (
            "Directive 2011/7/EU, Art. 2(6), 3 and 6: the reference rate in force on the first day "
            "of each half-year plus 8 percentage points, simple; EUR 40 fixed compensation"
        )
    reasons = (
        Reason.of(
            "dunning.statutory_interest",
            f"{days} days late: {interest} statutory interest and {fixed} fixed "
            f"compensation ({citation})",
            days=days,
            rate=periods[0].rate,
            interest=interest,
            fixed_compensation=fixed,
        ),
    )
    return LatePaymentClaim(
        regime,
        amount,
        due_date,
        as_of,
        days,
        periods[0].rate,
        interest,
        fixed,
        tuple(periods),
        reasons,
    )


def _in_force(source: ReferenceRateSource, day: dt.date, regime: Regime) -> ReferenceRate:
    rate = source.rate_in_force(day, regime)
    if not isinstance(rate, ReferenceRate):
        raise InvalidTypeError(
            f"{type(source).__name__}.rate_in_force must return a ReferenceRate, "
            f"not {type(rate).__name__}"
        )
    return rate
