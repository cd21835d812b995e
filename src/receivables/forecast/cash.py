"""The cash forecast: expected collections per currency and ISO week, with a band.

Every open invoice is spread over the weeks after ``as_of`` by its own payment distribution
(:class:`~receivables.forecast.PaymentBehaviour`, conditional on being unpaid at ``as_of``);
what is not expected within the horizon is shown as ``beyond``. For each currency the week
amounts and ``beyond`` are one exact allocation of the open invoice total (the library's
largest-remainder :meth:`~receivables.Money.allocate`, rounded to the currency's minor units),
so the weeks plus ``beyond`` equal the open total to the cent.

- Weeks are ISO weeks (Monday to Sunday). The first is the one holding the day after ``as_of``
  (payments on ``as_of`` itself are already known); it may be a part week.
- With a ``calendar``, a payment expected on a day that is not a business day lands on the next
  business day (which may be in the next week).
- A pending promise to pay (made on or before ``as_of``, promised for ``as_of`` or later)
  overrides behaviour for the amount it covers: that part lands in the week of the promised
  date. A promise past its date is broken and ignored (behaviour applies again). A promise that
  names invoices covers them in turn; one that names none covers the customer's open invoices in
  its currency, oldest due first.
- Credit memos and unapplied cash are not collections: they are shown apart (``credits``,
  ``unapplied``), outside the weeks.
- The band: a week's collections are a sum of invoice amounts, each paid in that week or not.
  ``low`` and ``high`` are the expected amount minus and plus 1.2816 standard deviations (the
  10% and 90% points of a normal approximation) of that sum when invoices are paid
  independently of each other; promised amounts carry no spread. It is the spread of timing
  under the fitted model, not of the model's own error, and customers who pay many invoices in
  one run make real weeks vary more: the backtest (:func:`~receivables.forecast.backtest`)
  reports how often actual weeks fall inside it (``band_coverage``; 0.80 is the nominal).

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=3, customers=40, as_of=dt.date(2026, 6, 30))
    >>> behaviour = PaymentBehaviour.fit(book.invoices, as_of=book.as_of)
    >>> forecast = cash_forecast(book.open_items(), behaviour, as_of=book.as_of,
    ...                          promises=book.promises, disputes=book.disputes)
    >>> usd = forecast.currency("USD")
    >>> sum(week.expected for week in usd.weeks) + usd.beyond == usd.open_total
    True
    >>> usd.weeks[0].week, len(usd.weeks)
    ('2026-W27', 13)
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import Final

import attrs

from receivables import documents
from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import add_days, all_of, require_date
from receivables.calendar import BusinessCalendar, Convention, adjust
from receivables.convert import DictForm
from receivables.documents import Dispute, DocumentKind, OpenItem, PromiseToPay
from receivables.errors import InvalidTypeError, ValidationError
from receivables.explain import Reason
from receivables.forecast.behaviour import (
    FIRST_DAY,
    LAST_DAY_INDEX,
    Conditional,
    PaymentBehaviour,
)
from receivables.money import Currency, Money, trusted_money

__all__ = ["MAX_WEEKS", "CashForecast", "CurrencyForecast", "ForecastWeek", "cash_forecast"]

MAX_WEEKS: Final = 104
"""The longest horizon :func:`cash_forecast` takes, in weeks (two years)."""
_Z_10_90: Final = 1.2815515655446004  # the 90% point of the standard normal distribution
_SCALE: Final = 1_000_000  # weights: minor units times probability, in millionths
_NOTHING: Final = Decimal(0)


@attrs.frozen
class ForecastWeek(DictForm):
    """Expected collections of one currency in one ISO week, with the band around them.

    ``promised`` is the part of ``expected`` that pending promises to pay account for.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> week = ForecastWeek("2026-W27", dt.date(2026, 6, 29), dt.date(2026, 7, 5),
        ...                     Money("100.00", "USD"), Money("80.00", "USD"),
        ...                     Money("120.00", "USD"), Money("0.00", "USD"))
        >>> week.high - week.low
        Money('40.00', 'USD')
    """

    week: str
    start: dt.date
    end: dt.date
    expected: Money
    low: Money
    high: Money
    promised: Money


@attrs.frozen
class CurrencyForecast(DictForm):
    """The forecast of one currency: the weeks, what lies beyond them, credits and cash apart.

    ``open_total`` is the open invoices' total; the weeks' ``expected`` plus ``beyond`` equal
    it exactly. ``credits`` (open credit memos) and ``unapplied`` (unapplied cash) are negative
    or zero and are not in the weeks.

    Examples:
        >>> from receivables import Money
        >>> usd = Money.zero("USD")
        >>> CurrencyForecast(Currency("USD"), Money("10", "USD"), (), Money("10", "USD"),
        ...                  usd, usd).net_open
        Money('10', 'USD')
    """

    currency: Currency
    open_total: Money
    weeks: tuple[ForecastWeek, ...]
    beyond: Money
    credits: Money
    unapplied: Money

    @property
    def net_open(self) -> Money:
        """Open invoices less open credits and unapplied cash.

        Examples:
            >>> from receivables import Money
            >>> CurrencyForecast(Currency("EUR"), Money("10", "EUR"), (), Money("10", "EUR"),
            ...                  Money("-2", "EUR"), Money("-3", "EUR")).net_open
            Money('5', 'EUR')
        """
        return self.open_total + self.credits + self.unapplied


@attrs.frozen
class CashForecast(DictForm):
    """Expected collections per currency and week from ``as_of``; see :func:`cash_forecast`.

    Examples:
        >>> import datetime as dt
        >>> CashForecast(dt.date(2026, 6, 30), 13, (), ()).currencies
        ()
    """

    as_of: dt.date
    weeks: int
    currencies: tuple[CurrencyForecast, ...]
    reasons: tuple[Reason, ...]

    def currency(self, code: str | Currency) -> CurrencyForecast:
        """The forecast of one currency; a currency with nothing open is a clear error.

        Examples:
            >>> import datetime as dt
            >>> CashForecast(dt.date(2026, 6, 30), 13, (), ()).currency("USD")
            Traceback (most recent call last):
            ...
            receivables.errors.ValidationError: no open items in USD in the forecast
        """
        wanted = Currency(code)
        for found in self.currencies:
            if found.currency is wanted:
                return found
        raise ValidationError(f"no open items in {wanted} in the forecast")


def _iso_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@attrs.define
class _Account:
    """Running sums of one currency."""

    currency: Currency
    weights: list[float]
    promised: list[int]
    open_total: Decimal = Decimal(0)
    credits: Decimal = Decimal(0)
    unapplied: Decimal = Decimal(0)
    variance: list[float] = attrs.Factory(list)


def _pending_promises(
    promises: Iterable[PromiseToPay], as_of: dt.date
) -> tuple[list[PromiseToPay], int]:
    pending: list[PromiseToPay] = []
    broken = 0
    for promise in all_of(PromiseToPay, "promises", promises):
        if promise.made_on > as_of:
            continue  # not made yet at as_of
        if promise.promised_date < as_of:
            broken += 1
        else:
            pending.append(promise)
    pending.sort(key=lambda p: (p.promised_date, p.customer_id, p.made_on))
    return pending, broken


@in_context
def cash_forecast(
    open_items: Iterable[OpenItem],
    behaviour: PaymentBehaviour,
    *,
    as_of: dt.date,
    weeks: int = 13,
    promises: Iterable[PromiseToPay] = (),
    disputes: Iterable[Dispute] = (),
    calendar: BusinessCalendar | None = None,
) -> CashForecast:
    """Expected collections of ``open_items`` per currency and ISO week over ``weeks`` weeks.

    See the module docstring for the weeks, the band, promises, disputes and the calendar.
    Invariant: for every currency, the weeks' ``expected`` plus ``beyond`` equal the open
    invoice total exactly. At most :data:`MAX_WEEKS` weeks.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money, PromiseToPay
        >>> behaviour = PaymentBehaviour([], as_of=dt.date(2026, 6, 30))
        >>> invoice = Invoice("I-1", "C-1", dt.date(2026, 6, 1), Money("900.00", "EUR"),
        ...                   due_date=dt.date(2026, 7, 1))
        >>> promise = PromiseToPay("C-1", Money("300.00", "EUR"), dt.date(2026, 7, 8),
        ...                        dt.date(2026, 6, 29), invoice_ids=["I-1"])
        >>> eur = cash_forecast([invoice], behaviour, as_of=dt.date(2026, 6, 30), weeks=4,
        ...                     promises=[promise]).currency("EUR")
        >>> [str(week.promised) for week in eur.weeks]
        ['0.00 EUR', '300.00 EUR', '0.00 EUR', '0.00 EUR']
        >>> eur.beyond + sum(w.expected for w in eur.weeks)
        Money('900.00', 'EUR')
    """
    if not isinstance(behaviour, PaymentBehaviour):
        raise InvalidTypeError(
            f"behaviour must be a PaymentBehaviour, not {type(behaviour).__name__}"
        )
    require_date(as_of, "as_of")
    if type(weeks) is not int or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            f"weeks must be a whole number from 1 to {MAX_WEEKS}, got {shown(weeks)}"
        )
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        raise InvalidTypeError(
            f"calendar must be a BusinessCalendar or None, not {type(calendar).__name__}"
        )
    items = documents.open_items(open_items, "open_items")
    pending, broken = _pending_promises(promises, as_of)
    disputed = {d.invoice_id for d in all_of(Dispute, "disputes", disputes) if d.is_open(as_of)}
    first_day = add_days(as_of, 1, "the first forecast day")
    start = first_day - dt.timedelta(days=first_day.weekday())
    last_day = add_days(start, 7 * weeks - 1, "the end of the forecast horizon")
    ends = [start + dt.timedelta(days=7 * w + 6) for w in range(weeks)]
    # boundary[w]: the last day after as_of (1 = the day after) whose payment lands in week w
    # or before. Rolling to business days is monotone, so each week is a run of days.
    boundary = [(end - as_of).days for end in ends]
    if calendar is not None:
        landing = [
            adjust(add_days(as_of, offset, "a forecast day"), calendar, Convention.FOLLOWING)
            for offset in range(1, boundary[-1] + 1)
        ]
        boundary = []
        offset = 0
        for end in ends:
            while offset < len(landing) and landing[offset] <= end:
                offset += 1
            boundary.append(offset)

    def week_of(day: dt.date) -> int:
        """The week index a payment on ``day`` lands in (``weeks``: beyond)."""
        if calendar is not None:
            day = adjust(day, calendar, Convention.FOLLOWING)
        if day <= as_of:
            day = first_day
        if day > last_day:
            return weeks
        return (day - start).days // 7

    accounts: dict[Currency, _Account] = {}

    def account(currency: Currency) -> _Account:
        found = accounts.get(currency)
        if found is None:
            found = accounts[currency] = _Account(
                currency, [0.0] * (weeks + 1), [0] * (weeks + 1), variance=[0.0] * weeks
            )
        return found

    invoices: list[OpenItem] = []
    for item in items:
        balance = item.open_balance
        if item.kind is DocumentKind.INVOICE and balance.is_positive:
            invoices.append(item)
            target = account(balance.currency)
            target.open_total += balance.amount
        elif item.kind is DocumentKind.PAYMENT:
            account(balance.currency).unapplied += balance.amount
        elif not balance.is_zero:
            account(balance.currency).credits += balance.amount
    # A fixed order, so that the float sums behind the weights do not depend on the caller's.
    invoices.sort(key=lambda i: (i.document_id, i.customer_id or "", i.due_date))
    # Promises: the part of each covered invoice they account for, by document id.
    promised_part: dict[str, Decimal] = {}
    applied = 0
    if pending:
        by_id = {item.document_id: item for item in invoices}
        by_customer: dict[tuple[str | None, Currency], list[OpenItem]] = {}
        for item in invoices:
            by_customer.setdefault((item.customer_id, item.open_balance.currency), []).append(item)
        for group in by_customer.values():
            group.sort(key=lambda i: (i.due_date, i.document_id))
        for promise in pending:
            currency = promise.amount.currency
            if promise.invoice_ids:
                covered = [
                    by_id[i]
                    for i in promise.invoice_ids
                    if i in by_id and by_id[i].open_balance.currency is currency
                ]
            else:
                covered = by_customer.get((promise.customer_id, currency), [])
            left = promise.amount.amount
            week = week_of(promise.promised_date)
            target = account(currency)
            for item in covered:
                if left <= 0:
                    break
                taken = promised_part.get(item.document_id, Decimal(0))
                free = item.open_balance.amount - taken
                if free <= 0:
                    continue
                part = min(free, left)
                promised_part[item.document_id] = taken + part
                left -= part
                units = int(part.scaleb(currency.minor_units, context=CONTEXT))
                target.weights[week] += units * _SCALE
                target.promised[week] += units
            if left < promise.amount.amount:
                applied += 1
    curves: dict[str | None, array[float]] = {}
    as_of_ordinal = as_of.toordinal()
    dispute_factor = float(behaviour.dispute_factor)
    for item in invoices:
        balance = item.open_balance
        currency = balance.currency
        amount = balance.amount
        if promised_part:
            amount -= promised_part.get(item.document_id, _NOTHING)
            if amount <= 0:
                continue
        target = accounts[currency]
        share = float(amount.scaleb(currency.minor_units, context=CONTEXT))
        customer_id = item.customer_id
        cdf = curves.get(customer_id)
        if cdf is None:
            cdf = curves[customer_id] = behaviour._group(customer_id).cdf
        current = as_of_ordinal - item.due_date.toordinal()
        if item.document_id in disputed:
            issued, due = item.document_date, item.due_date
            conditional = Conditional(cdf, (due - issued).days, current, dispute_factor)
            _spread_invoice(conditional, share, boundary, target.weights, target.variance)
        else:
            _spread_plain(cdf, current, share, boundary, target.weights, target.variance)
    currencies = tuple(
        _currency_result(accounts[code], ends, start, weeks)
        for code in sorted(accounts, key=lambda c: c.code)
    )
    reasons: list[Reason] = []
    if applied:
        reasons.append(
            Reason.of(
                "forecast.promise_applied",
                f"{applied} pending promises to pay set the week of what they cover",
                promises=applied,
            )
        )
    if broken:
        reasons.append(
            Reason.of(
                "forecast.promise_broken",
                f"{broken} promises to pay passed their date: behaviour applies again",
                promises=broken,
            )
        )
    return CashForecast(as_of, weeks, currencies, tuple(reasons))


def _spread_plain(
    cdf: array[float],
    current: int,
    units: float,
    boundary: list[int],
    weights: list[float],
    variance: list[float],
) -> None:
    """:func:`_spread_invoice` without a dispute factor, inlined: the hot loop of the forecast."""
    start = current - FIRST_DAY
    reached = (cdf[start] if start < LAST_DAY_INDEX else cdf[LAST_DAY_INDEX]) if start >= 0 else 0.0
    remaining = 1.0 - reached
    if remaining <= 0.0:
        weights[-1] += units * _SCALE
        return
    inverse = 1.0 / remaining
    scaled = units * _SCALE * inverse
    squared = units * units
    previous = reached
    for week, last in enumerate(boundary):
        index = start + last
        value = (
            (cdf[index] if index < LAST_DAY_INDEX else cdf[LAST_DAY_INDEX]) if index >= 0 else 0.0
        )
        if value > previous:
            chance = (value - previous) * inverse
            weights[week] += scaled * (value - previous)
            variance[week] += squared * chance * (1.0 - chance)
            previous = value
    if previous < 1.0:
        weights[-1] += scaled * (1.0 - previous)


def _spread_invoice(
    conditional: Conditional,
    units: float,
    boundary: list[int],
    weights: list[float],
    variance: list[float],
) -> None:
    """Add one invoice's expected minor units per week (and beyond) and their variance."""
    remaining = conditional.remaining
    current = conditional.current
    if remaining <= 0.0:
        weights[-1] += units * _SCALE
        return
    before = 1.0
    cdf = conditional.cdf
    plain = conditional.factor == 1.0
    reached = conditional.reached
    for week, last in enumerate(boundary):
        if plain:
            index = current + last - FIRST_DAY
            value = cdf[index if index < LAST_DAY_INDEX else LAST_DAY_INDEX] if index >= 0 else 0.0
            after = (1.0 - value) / remaining if value > reached else 1.0
        else:
            after = conditional.unpaid_after(current + last)
        after = min(after, before)
        chance = before - after
        if chance > 0.0:
            weights[week] += units * chance * _SCALE
            variance[week] += units * units * chance * (1.0 - chance)
        before = after
    if before > 0.0:
        weights[-1] += units * before * _SCALE


def _currency_result(
    account: _Account, ends: list[dt.date], start: dt.date, weeks: int
) -> CurrencyForecast:
    currency = account.currency
    exponent = currency.minor_units
    total = account.open_total
    rounded = total.quantize(currency.quantum, rounding=ROUND_DOWN, context=CONTEXT)
    zero = trusted_money(Decimal(0).scaleb(-exponent), currency)
    ratios = [max(0, round(weight)) for weight in account.weights]
    if rounded and any(ratios):
        parts = trusted_money(rounded, currency).allocate(ratios)
    else:
        parts = (*([zero] * weeks), trusted_money(rounded, currency))
    # A caller's open amount finer than the minor unit: the fraction stays in ``beyond``.
    beyond = parts[-1] + trusted_money(CONTEXT.subtract(total, rounded), currency)
    variance = account.variance
    cap = int(rounded.scaleb(exponent, context=CONTEXT))
    result: list[ForecastWeek] = []
    for week in range(weeks):
        expected = parts[week]
        units = expected.minor_units
        margin = math.ceil(_Z_10_90 * math.sqrt(variance[week]))
        low = max(0, units - margin)
        high = min(cap, units + margin)
        result.append(
            ForecastWeek(
                _iso_label(ends[week]),
                start + dt.timedelta(days=7 * week),
                ends[week],
                expected,
                Money.from_minor_units(low, currency),
                Money.from_minor_units(max(high, units), currency),
                Money.from_minor_units(min(account.promised[week], units), currency),
            )
        )
    return CurrencyForecast(
        currency,
        trusted_money(total, currency),
        tuple(result),
        beyond,
        trusted_money(account.credits, currency),
        trusted_money(account.unapplied, currency),
    )
