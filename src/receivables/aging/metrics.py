"""The AR metrics a credit manager reviews every week: DSO and its relatives, CEI, turnover.

Every function returns an unrounded ``Decimal`` and states its formula and source. Amounts are
:class:`~receivables.Money` and must share one currency; sales must be positive and day counts
positive, or a :class:`~receivables.ReceivablesError` says which input is wrong.

Examples:
    >>> from receivables import Money
    >>> usd = lambda amount: Money(amount, "USD")
    >>> dso(usd("200000"), usd("2000000"), 365)
    Decimal('36.5')
    >>> countback_dso(usd("212000"), [(usd("100000"), 30), (usd("80000"), 30), (usd("70000"), 30)])
    Decimal('73.71428571428571428571428571428571')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import all_of, require_money
from receivables.documents import Invoice
from receivables.errors import CurrencyMismatchError, InvalidAmountError, InvalidTypeError
from receivables.money import Money

__all__ = [
    "average_days_delinquent",
    "best_possible_dso",
    "collection_effectiveness_index",
    "countback_dso",
    "dso",
    "percent_current",
    "receivables_turnover",
    "weighted_average_days_beyond_terms",
    "weighted_average_days_to_pay",
]

_HUNDRED: Final = Decimal(100)


def _same_currency(**amounts: Money) -> None:
    currency = None
    for name, amount in amounts.items():
        require_money(amount, name)
        if currency is None:
            currency = amount.currency
        elif amount.currency is not currency:
            raise CurrencyMismatchError(
                f"{name} is in {amount.currency} but the other amounts are in {currency}"
            )


def _positive_sales(credit_sales: Money) -> None:
    if not credit_sales.is_positive:
        raise InvalidAmountError(f"credit_sales must be positive, got {credit_sales}")


def _days(days: int) -> Decimal:
    if type(days) is not int:
        raise InvalidTypeError(f"days must be an int, got {shown(days)}")
    if days <= 0:
        raise InvalidAmountError(f"days must be positive, got {shown(days)}")
    return Decimal(days)


@in_context
def dso(receivables: Money, credit_sales: Money, days: int) -> Decimal:
    """Days sales outstanding: ``receivables / credit_sales * days``.

    ``receivables`` is the ending receivables balance and ``credit_sales`` the credit sales of
    the ``days`` before it (the standard, or "sales-weighted", method).

    Examples:
        >>> from receivables import Money
        >>> dso(Money("10869", "USD"), Money("17674", "USD"), 90)
        Decimal('55.34740296480706121987099694466448')
    """
    _same_currency(receivables=receivables, credit_sales=credit_sales)
    _positive_sales(credit_sales)
    ratio = CONTEXT.divide(receivables.amount, credit_sales.amount)
    return CONTEXT.multiply(ratio, _days(days))


@in_context
def best_possible_dso(current_receivables: Money, credit_sales: Money, days: int) -> Decimal:
    """Best possible DSO: ``current_receivables / credit_sales * days``.

    The DSO the business would have if every customer paid on terms: only receivables not yet
    due count.

    Examples:
        >>> from receivables import Money
        >>> best_possible_dso(Money("60000", "EUR"), Money("300000", "EUR"), 90)
        Decimal('18.0')
    """
    _same_currency(current_receivables=current_receivables, credit_sales=credit_sales)
    return dso(current_receivables, credit_sales, days)


@in_context
def average_days_delinquent(
    receivables: Money, current_receivables: Money, credit_sales: Money, days: int
) -> Decimal:
    """Average days delinquent (ADD): ``DSO - best possible DSO``.

    Equivalently, ``past_due / credit_sales * days``: the days of sales that are late.

    Examples:
        >>> from receivables import Money
        >>> usd = lambda a: Money(a, "USD")
        >>> average_days_delinquent(usd("100000"), usd("60000"), usd("300000"), 90)
        Decimal('12.00000000000000000000000000000000')
    """
    _same_currency(
        receivables=receivables, current_receivables=current_receivables, credit_sales=credit_sales
    )
    if current_receivables > receivables and receivables.is_positive:
        raise InvalidAmountError(
            f"current_receivables {current_receivables} exceed receivables {receivables}"
        )
    return CONTEXT.subtract(
        dso(receivables, credit_sales, days),
        best_possible_dso(current_receivables, credit_sales, days),
    )


@in_context
def countback_dso(receivables: Money, periods: Sequence[tuple[Money, int]]) -> Decimal:
    """Count-back DSO: how many days of the most recent sales the receivables represent.

    ``periods`` are ``(credit_sales, days_in_period)``, newest first. Each period's sales are
    taken off the receivables while they last, adding the period's days; the last period counts
    in proportion to what was left of the receivables. Receivables larger than all the sales
    given are an error (give more periods), never a silent cap.

    Examples:
        >>> from receivables import Money
        >>> usd = lambda a: Money(a, "USD")
        >>> countback_dso(usd("150"), [(usd("100"), 31), (usd("100"), 30)])
        Decimal('46.0')
    """
    require_money(receivables, "receivables")
    if receivables.is_negative:
        raise InvalidAmountError(f"receivables must not be negative, got {receivables}")
    if not periods:
        raise InvalidAmountError("countback_dso needs at least one period of sales")
    remaining = receivables.amount
    total_days = Decimal(0)
    for position, period in enumerate(periods):
        if not isinstance(period, tuple) or len(period) != 2:
            raise InvalidTypeError(
                f"period {position} must be (credit_sales, days), got {shown(period)}"
            )
        sales, days = period
        _same_currency(receivables=receivables, **{f"periods[{position}] sales": sales})
        _positive_sales(sales)
        period_days = _days(days)
        if not remaining:
            return total_days
        if remaining >= sales.amount:
            remaining = CONTEXT.subtract(remaining, sales.amount)
            total_days = CONTEXT.add(total_days, period_days)
        else:
            share = CONTEXT.divide(remaining, sales.amount)
            return CONTEXT.add(total_days, CONTEXT.multiply(share, period_days))
    if remaining:
        raise InvalidAmountError(
            f"receivables {receivables} exceed the credit sales of all {len(periods)} periods "
            "given; supply more periods"
        )
    return total_days


@in_context
def collection_effectiveness_index(
    beginning_receivables: Money,
    credit_sales: Money,
    ending_receivables: Money,
    ending_current_receivables: Money,
    *,
    months: int = 1,
) -> Decimal:
    """Collection effectiveness index, as a percentage (0 to 100).

    The Credit Research Foundation's formula::

        (beginning receivables + monthly credit sales - ending total receivables)
        / (beginning receivables + monthly credit sales - ending current receivables) x 100

    where monthly credit sales are ``credit_sales / months`` (``months=1``: the sales of the
    period as given). What was collected over what was collectible; 100 is perfect.

    Examples:
        >>> from receivables import Money
        >>> usd = lambda a: Money(a, "USD")
        >>> collection_effectiveness_index(usd("100000"), usd("1000000"), usd("120000"),
        ...                                usd("100000"))
        Decimal('98.00')
    """
    _same_currency(
        beginning_receivables=beginning_receivables,
        credit_sales=credit_sales,
        ending_receivables=ending_receivables,
        ending_current_receivables=ending_current_receivables,
    )
    if credit_sales.is_negative:
        raise InvalidAmountError(f"credit_sales must not be negative, got {credit_sales}")
    if ending_current_receivables > ending_receivables:
        raise InvalidAmountError(
            f"ending_current_receivables {ending_current_receivables} exceed "
            f"ending_receivables {ending_receivables}"
        )
    monthly = CONTEXT.divide(credit_sales.amount, _days(months))
    available = CONTEXT.add(beginning_receivables.amount, monthly)
    collectible = CONTEXT.subtract(available, ending_current_receivables.amount)
    if collectible <= 0:
        raise InvalidAmountError(
            "nothing was collectible in the period (beginning receivables plus sales do not "
            "exceed the ending current receivables)"
        )
    collected = CONTEXT.subtract(available, ending_receivables.amount)
    return CONTEXT.multiply(CONTEXT.divide(collected, collectible), _HUNDRED)


@in_context
def percent_current(current_receivables: Money, receivables: Money) -> Decimal:
    """The share of receivables not yet due, as a percentage: ``current / total x 100``.

    Examples:
        >>> from receivables import Money
        >>> percent_current(Money("75", "GBP"), Money("100", "GBP"))
        Decimal('75.00')
    """
    _same_currency(current_receivables=current_receivables, receivables=receivables)
    if not receivables.is_positive:
        raise InvalidAmountError(f"receivables must be positive, got {receivables}")
    return CONTEXT.multiply(
        CONTEXT.divide(current_receivables.amount, receivables.amount), _HUNDRED
    )


@in_context
def receivables_turnover(credit_sales: Money, average_receivables: Money) -> Decimal:
    """Receivables turnover: ``credit_sales / average_receivables`` (times per period).

    ``average_receivables`` is usually (beginning + ending) / 2 for the period of the sales;
    365 / turnover is the average collection period in days.

    Examples:
        >>> from receivables import Money
        >>> receivables_turnover(Money("1200000", "USD"), Money("150000", "USD"))
        Decimal('8')
    """
    _same_currency(credit_sales=credit_sales, average_receivables=average_receivables)
    if not average_receivables.is_positive:
        raise InvalidAmountError(f"average_receivables must be positive, got {average_receivables}")
    return CONTEXT.divide(credit_sales.amount, average_receivables.amount)


def _paid(invoices: Iterable[Invoice]) -> list[Invoice]:
    paid = []
    for invoice in all_of(Invoice, "invoices", invoices):
        if invoice.paid_on is None:
            raise InvalidAmountError(f"invoice {invoice.id} has no paid_on date")
        paid.append(invoice)
    if not paid:
        raise InvalidAmountError("no paid invoices to measure")
    _same_currency(**{f"invoice {i.id}": i.amount for i in paid})
    return paid


def _weighted_days(paid: list[Invoice], days_of: list[int]) -> Decimal:
    weighted = Decimal(0)
    weights = Decimal(0)
    for invoice, days in zip(paid, days_of, strict=True):
        weighted = CONTEXT.add(weighted, CONTEXT.multiply(invoice.amount.amount, days))
        weights = CONTEXT.add(weights, invoice.amount.amount)
    if not weights:
        raise InvalidAmountError("the paid invoices add up to zero; nothing to weight by")
    return CONTEXT.divide(weighted, weights)


@in_context
def weighted_average_days_to_pay(invoices: Iterable[Invoice]) -> Decimal:
    """Amount-weighted average days from issue to payment over paid invoices.

    ``sum(amount x (paid_on - issue_date)) / sum(amount)``; every invoice needs ``paid_on``.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> def paid(amount, issued, paid_on):
        ...     return Invoice("I" + amount, "C", issued, Money(amount, "USD"), due_date=issued,
        ...                    open_amount=Money(0, "USD"), paid_on=paid_on)
        >>> weighted_average_days_to_pay([
        ...     paid("100", dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        ...     paid("300", dt.date(2026, 1, 1), dt.date(2026, 2, 10)),
        ... ])
        Decimal('37.5')
    """
    paid = _paid(invoices)
    return _weighted_days(paid, [(i.paid_on - i.issue_date).days for i in paid])  # type: ignore[operator]


@in_context
def weighted_average_days_beyond_terms(
    invoices: Iterable[Invoice], *, count_early: bool = False
) -> Decimal:
    """Amount-weighted average days paid after the due date over paid invoices.

    ``sum(amount x max(0, paid_on - due_date)) / sum(amount)``: invoices paid on time or early
    count as zero days beyond terms, as payment-index providers count them. With
    ``count_early=True`` early payments count as negative days.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> def paid(amount, due, paid_on):
        ...     return Invoice("I" + amount, "C", dt.date(2026, 1, 1), Money(amount, "USD"),
        ...                    due_date=due, open_amount=Money(0, "USD"), paid_on=paid_on)
        >>> invoices = [paid("100", dt.date(2026, 1, 31), dt.date(2026, 1, 21)),
        ...             paid("100", dt.date(2026, 1, 31), dt.date(2026, 2, 20))]
        >>> weighted_average_days_beyond_terms(invoices)
        Decimal('10')
        >>> weighted_average_days_beyond_terms(invoices, count_early=True)
        Decimal('5')
    """
    paid = _paid(invoices)
    late = [(i.paid_on - i.due_date).days for i in paid]  # type: ignore[operator]
    if not count_early:
        late = [max(0, days) for days in late]
    return _weighted_days(paid, late)
