"""Late-payment interest: simple interest, contractual interest and statutory claims.

Statutory regimes supported by :func:`late_payment_claim` are the :class:`Regime` members: the UK
Late Payment of Commercial Debts (Interest) Act 1998, Directive 2011/7/EU and the national laws
creditors claim under (Germany, France, the Netherlands, Austria, Italy, Spain, Ireland, Belgium,
the Czech Republic, Denmark, Sweden).
Each is a :class:`~receivables.dunning.regimes.RegimeRule` (margin, which day's reference rate,
rounding, compounding, fixed compensation; see :func:`regime_rule` and docs/dunning.md).
Contractual interest at the rate agreed with a customer (``Customer.late_payment_rate``) is
:func:`customer_interest`.

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
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import add_days, all_of, date_field, require_date, require_money
from receivables._validate import annual_rate as annual_rate_of
from receivables._validate import reference_rate as reference_rate_of
from receivables.calendar import DayCount
from receivables.convert import DataForm, DictForm
from receivables.dunning.regimes import Fixing, Regime, RegimeRule, regime_rule
from receivables.errors import (
    InvalidDateError,
    InvalidRateError,
    InvalidTypeError,
    MissingRateError,
)
from receivables.explain import Reason
from receivables.money import Money, trusted_money

if TYPE_CHECKING:
    from receivables.documents import Customer
    from receivables.dunning.run import DunningNotice

__all__ = [
    "InterestPeriod",
    "LatePaymentClaim",
    "ReferenceRate",
    "ReferenceRateSource",
    "ReferenceRates",
    "Regime",
    "contractual_interest",
    "customer_interest",
    "late_payment_claim",
    "regime_rule",
    "simple_interest",
    "statutory_claims",
]

_ZERO: Final = Decimal(0)


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
    rate = annual_rate_of(annual_rate)
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


@attrs.frozen
class ReferenceRate(DataForm):
    """An official reference rate (a fraction, from -5% to 100%) in force from ``effective_from``.

    Examples:
        >>> import datetime as dt
        >>> ReferenceRate(dt.date(2025, 8, 7), "0.04").rate
        Decimal('0.04')
    """

    effective_from: dt.date = attrs.field(validator=date_field)
    rate: Decimal = attrs.field(converter=reference_rate_of)


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
class ReferenceRates(DataForm):
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
class InterestPeriod(DictForm):
    """A stretch of days charged at one rate.

    ``principal`` is the sum that bore interest (the debt, plus capitalised interest where a
    regime compounds yearly) and ``reference_day`` the day whose reference rate was taken.

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
    principal: Money | None = None
    reference_day: dt.date | None = None


@attrs.frozen
class LatePaymentClaim(DictForm):
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


def _half_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def _half_year_end(start: dt.date) -> dt.date:
    # The half-year's last day, so that 9999-12-31 needs no 10000-01-01 after it.
    return dt.date(start.year, 6, 30) if start.month == 1 else dt.date(start.year, 12, 31)


def _day_before(day: dt.date, rule: RegimeRule) -> dt.date:
    if day == dt.date.min:
        raise InvalidDateError(
            f"interest starting on {day} has no day before it (dates start at {dt.date.min}) "
            f"to take the {rule.regime.value} reference rate from"
        )
    return day - dt.timedelta(days=1)


def _year_after(day: dt.date) -> dt.date | None:
    # The same day a year on (28 February for 29 February), or None past the last date.
    if day.year == dt.MAXYEAR:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 2, 28)


def _reference_day(rule: RegimeRule, first_day: dt.date, cursor: dt.date) -> dt.date:
    start = _half_year_start(first_day if rule.fixing.value.startswith("fixed") else cursor)
    if rule.fixing in (Fixing.HALF_YEARLY, Fixing.FIXED_HALF_YEAR_START):
        return start
    return _day_before(start, rule)


def _periods(
    rule: RegimeRule,
    amount: Money,
    first_day: dt.date,
    as_of: dt.date,
    source: ReferenceRateSource,
) -> list[InterestPeriod]:
    periods: list[InterestPeriod] = []
    fixed = rule.fixing in (Fixing.FIXED_PRIOR_HALF_YEAR_END, Fixing.FIXED_HALF_YEAR_START)
    capital = amount
    year_interest = Money.zero(amount.currency).round()
    anniversary = _year_after(first_day) if rule.compound_yearly else None
    cursor = first_day
    while True:
        last = as_of if fixed else min(as_of, _half_year_end(_half_year_start(cursor)))
        if anniversary is not None and anniversary <= last:
            last = anniversary - dt.timedelta(days=1)  # the last day of a year of delay
        day = _reference_day(rule, first_day, cursor)
        reference = _in_force(source, day, rule.regime)
        rate = rule.statutory_rate(reference.rate)
        span = (last - cursor).days + 1
        interest = _interest_amount(capital, rate, CONTEXT.divide(Decimal(span), 365)).round()
        periods.append(
            InterestPeriod(cursor, last, span, rate, reference.rate, interest, capital, day)
        )
        year_interest += interest
        if last == as_of:
            return periods
        cursor = add_days(last, 1, "the next period")  # before as_of: valid
        if anniversary is not None and cursor == anniversary:
            # A year of delay is over: its interest is added to the sum that bears interest.
            capital += year_interest
            year_interest = Money.zero(amount.currency).round()
            anniversary = _year_after(anniversary)


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
    the debt is not late), simple on a 365-day year (compounded yearly where the statute says
    so). ``regime`` picks the statute (:func:`regime_rule` shows its rule); each applies to debts
    in its own currency (GBP for the UK Act, CZK, DKK and SEK for the Czech, Danish and Swedish
    laws, EUR for the rest), another currency raises.

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
        >>> late_payment_claim(Money("10000.00", "EUR"), dt.date(2025, 5, 31),
        ...                    dt.date(2025, 8, 31), regime=Regime.FR_CODE_DE_COMMERCE_L441_10,
        ...                    reference_rates=ecb).interest
        Money('314.46', 'EUR')
    """
    require_money(amount, "amount")
    require_date(due_date, "due_date")
    require_date(as_of, "as_of")
    rule = regime_rule(regime)
    source: ReferenceRateSource = (
        reference_rates
        if isinstance(reference_rates, ReferenceRateSource)
        else ReferenceRates(reference_rates)
    )
    if amount.is_negative:
        raise InvalidDateError(f"a late-payment claim needs a debt, got {amount}")
    fixed = rule.fixed_compensation(amount)  # checks the currency
    days = max(0, (as_of - due_date).days)
    if days == 0:
        zero = Money.zero(amount.currency).round()
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
    if (
        rule.fixing is Fixing.FIXED_PRIOR_HALF_YEAR_END
        and first_day.year == dt.MINYEAR
        and first_day.month <= 6
    ):
        raise InvalidDateError(
            f"interest starting on {first_day} has no 31 December before it "
            f"(dates start at {dt.date.min}) to take the UK reference rate from"
        )
    periods = _periods(rule, amount, first_day, as_of, source)
    interest = Money.total((p.interest for p in periods), amount.currency)
    rates = ", ".join(
        f"{p.reference_rate} in force on {p.reference_day} for {p.first_day} to {p.last_day}"
        for p in periods[:4]
    ) + (f" and {len(periods) - 4} more periods" if len(periods) > 4 else "")
    compounding = ", compounded yearly" if rule.compound_yearly else ""
    reasons = (
        Reason.of(
            "dunning.statutory_interest",
            f"{days} days late: {interest} statutory interest and {fixed} fixed "
            f"compensation ({rule.citation}: reference rate {rates}, plus {rule.margin}, "
            f"simple on a 365-day year{compounding})",
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


@in_context
def customer_interest(
    amount: Money,
    customer: Customer,
    due_date: dt.date,
    as_of: dt.date,
    *,
    day_count: DayCount = DayCount.ACT_365_FIXED,
    grace_days: int = 0,
) -> Money:
    """Contractual interest at the late-payment rate agreed with ``customer``
    (:attr:`Customer.late_payment_rate <receivables.Customer.late_payment_rate>`), as
    :func:`contractual_interest` computes it; a customer with no agreed rate is a
    :class:`~receivables.errors.MissingRateError`.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Customer, Money
        >>> acme = Customer("C-1", "Acme", "EUR", late_payment_rate="0.12")
        >>> customer_interest(Money("1000.00", "EUR"), acme, dt.date(2026, 1, 31),
        ...                   dt.date(2026, 3, 2))
        Money('9.86', 'EUR')
    """
    from receivables.documents import Customer

    if not isinstance(customer, Customer):
        raise InvalidTypeError(f"customer must be a Customer, not {shown(customer)}")
    if customer.late_payment_rate is None:
        raise MissingRateError(f"customer {customer.id!r} has no agreed late_payment_rate")
    return contractual_interest(
        amount,
        customer.late_payment_rate,
        due_date,
        as_of,
        day_count=day_count,
        grace_days=grace_days,
    )


@in_context
def statutory_claims(
    notice: DunningNotice,
    *,
    regime: Regime,
    reference_rates: Iterable[ReferenceRate] | ReferenceRateSource,
) -> tuple[LatePaymentClaim, ...]:
    """The statutory claim on each overdue line of a notice (its open amount, from its due date
    to the notice's date), in the notice's order: what a demand letter itemises.

    Lines not yet due (a pre-due reminder) claim nothing and are left out.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy, run_dunning
        >>> inv = Invoice("INV-1", "C-1", dt.date(2025, 1, 1), Money("1000.00", "EUR"),
        ...               due_date=dt.date(2025, 1, 31))
        >>> notice = run_dunning(DunningPolicy([DunningLevel(1, 1, Action.DEMAND_LETTER)]), [inv],
        ...                      as_of=dt.date(2025, 3, 2)).notices[0]
        >>> [(c.days, c.rate, c.total) for c in statutory_claims(
        ...     notice, regime=Regime.DE_BGB_288,
        ...     reference_rates=[ReferenceRate(dt.date(2025, 1, 1), "0.0227")])]
        [(30, Decimal('0.1127'), Money('49.26', 'EUR'))]
    """
    from receivables.dunning.run import DunningNotice

    if not isinstance(notice, DunningNotice):
        raise InvalidTypeError(f"notice must be a DunningNotice, not {shown(notice)}")
    source: ReferenceRateSource = (
        reference_rates
        if isinstance(reference_rates, ReferenceRateSource)
        else ReferenceRates(reference_rates)
    )
    return tuple(
        late_payment_claim(
            line.open_amount,
            line.due_date,
            notice.as_of,
            regime=regime,
            reference_rates=source,
        )
        for line in notice.items
        if line.due_date < notice.as_of and line.open_amount.is_positive
    )


def _in_force(source: ReferenceRateSource, day: dt.date, regime: Regime) -> ReferenceRate:
    rate = source.rate_in_force(day, regime)
    if not isinstance(rate, ReferenceRate):
        raise InvalidTypeError(
            f"{type(source).__name__}.rate_in_force must return a ReferenceRate, "
            f"not {type(rate).__name__}"
        )
    return rate
