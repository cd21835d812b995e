"""Loss rates from history: month-end aging snapshots, roll rates, and historical loss rates."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import MIN_EXPONENT, all_of, date_field, money_field, require_date
from receivables.aging.buckets import Buckets
from receivables.allowance.matrix import ProvisionMatrix
from receivables.convert import DataForm
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidDateError,
    InvalidTypeError,
    MergeError,
    ValidationError,
)
from receivables.money import Currency, Money, trusted_money

__all__ = [
    "LossPeriod",
    "ReceivableHistory",
    "RollMethod",
    "RollRates",
    "combine_snapshots",
    "historical_loss_rate",
    "loss_rates",
    "roll_rates",
    "snapshot_balances",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


class RollMethod(enum.Enum):
    """How roll rates are averaged over periods.

    Examples:
        >>> RollMethod.POOLED.value
        'pooled'
    """

    POOLED = "pooled"
    """Sum of what rolled in over sum of what could roll (balances weigh the periods)."""
    MEAN_OF_RATIOS = "mean_of_ratios"
    """The plain mean of each period's ratio (every period weighs the same)."""


@attrs.frozen
class RollRates(DataForm):
    """The share of each bucket that rolls into the next, the last one rolling to write-off.

    ``rates`` holds ``(from bucket, to bucket, rate)``; the last entry's ``to`` is
    ``"write-off"``. A rate is ``None`` where nothing was ever in the bucket to roll.

    Examples:
        >>> rolls = RollRates((("Current", "1-30", Decimal("0.5")),
        ...                    ("1-30", "write-off", Decimal("0.1"))), RollMethod.POOLED, 2)
        >>> rolls.rate("Current")
        Decimal('0.5')
    """

    rates: tuple[tuple[str, str, Decimal | None], ...]
    method: RollMethod
    periods: int

    @property
    def labels(self) -> tuple[str, ...]:
        """The buckets, in order.

        Examples:
            >>> RollRates((("A", "write-off", None),), RollMethod.POOLED, 1).labels
            ('A',)
        """
        return tuple(source for source, _, _ in self.rates)

    def rate(self, label: str) -> Decimal | None:
        """The roll rate out of bucket ``label``.

        Examples:
            >>> RollRates((("A", "write-off", Decimal("0.2")),), RollMethod.POOLED, 1).rate("A")
            Decimal('0.2')
        """
        for source, _, rate in self.rates:
            if source == label:
                return rate
        raise ValidationError(f"no bucket {shown(label)} among {', '.join(self.labels)}")


def _amount(value: Money | Decimal | int | str, currency: list[Currency]) -> Decimal:
    if isinstance(value, Money):
        if currency and value.currency is not currency[0]:
            raise CurrencyMismatchError(f"snapshots mix {currency[0]} and {value.currency}")
        if not currency:
            currency.append(value.currency)
        return value.amount
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    raise InvalidTypeError(
        f"snapshot balances must be Money or Decimal, got {type(value).__name__}"
    )


@in_context
def roll_rates(
    snapshots: Sequence[Mapping[str, Money | Decimal | int]],
    *,
    write_offs: Sequence[Money | Decimal | int],
    method: RollMethod = RollMethod.POOLED,
) -> RollRates:
    """Roll rates from bucket balances at consecutive period ends, oldest first.

    With the pooled method (the default), the roll rate from a bucket to the next is the next
    bucket's balances in periods 1 to n-1 over this bucket's balances in periods 0 to n-2; the
    last bucket rolls to write-off the same way, ``write_offs[t]`` being what was written off
    between snapshots t-1 and t (``write_offs[0]`` is not used). The mean-of-ratios method
    averages each period's ratio instead. Every snapshot must have the same buckets, in order.

    Examples:
        >>> snaps = [{"Current": 100, "1-30": 0, "Over 30": 0},
        ...          {"Current": 0, "1-30": 50, "Over 30": 0},
        ...          {"Current": 0, "1-30": 0, "Over 30": 20}]
        >>> rolls = roll_rates(snaps + [{"Current": 0, "1-30": 0, "Over 30": 0}],
        ...                    write_offs=[0, 0, 0, 10])
        >>> [(a, b, str(r)) for a, b, r in rolls.rates]
        [('Current', '1-30', '0.5'), ('1-30', 'Over 30', '0.4'), ('Over 30', 'write-off', '0.5')]
    """
    if len(snapshots) < 2:
        raise ValidationError("roll rates need at least two snapshots")
    if len(write_offs) != len(snapshots):
        raise ValidationError(
            f"write_offs needs one entry per snapshot ({len(snapshots)}), got {len(write_offs)}"
        )
    if not isinstance(method, RollMethod):
        raise InvalidTypeError(f"method must be a RollMethod, not {shown(method)}")
    labels = tuple(snapshots[0])
    currency: list[Currency] = []
    table: list[list[Decimal]] = []
    for index, snapshot in enumerate(snapshots):
        if tuple(snapshot) != labels:
            raise ValidationError(
                f"snapshot {index} has buckets {tuple(snapshot)}, the first has {labels}"
            )
        table.append([_amount(snapshot[label], currency) for label in labels])
    written = [_amount(value, currency) for value in write_offs]
    rates: list[tuple[str, str, Decimal | None]] = []
    for position, label in enumerate(labels):
        last = position == len(labels) - 1
        target = "write-off" if last else labels[position + 1]
        inflow = [written[t] if last else table[t][position + 1] for t in range(1, len(snapshots))]
        base = [table[t][position] for t in range(len(snapshots) - 1)]
        if method is RollMethod.POOLED:
            denominator = sum(base, _ZERO)
            rate = CONTEXT.divide(sum(inflow, _ZERO), denominator) if denominator > 0 else None
        else:
            ratios = [CONTEXT.divide(i, b) for i, b in zip(inflow, base, strict=True) if b > 0]
            rate = CONTEXT.divide(sum(ratios, _ZERO), len(ratios)) if ratios else None
        rates.append((label, target, rate))
    return RollRates(tuple(rates), method, len(snapshots) - 1)


@in_context
def loss_rates(rolls: RollRates) -> ProvisionMatrix:
    """The loss rate of each bucket: the product of the roll rates from it through write-off.

    Products above 1 (more rolled in than was there, as data noise can give) are capped at 1;
    a bucket from which the chain is broken by a missing rate gets the product of what follows
    it, and the chain's first missing link counts as 0 (nothing observed to roll). A product
    below ``1E-12`` (the least nonzero rate a provision matrix holds) is 0.

    Examples:
        >>> rolls = RollRates((("Current", "1-30", Decimal("0.5")),
        ...                    ("1-30", "Over 30", Decimal("0.4")),
        ...                    ("Over 30", "write-off", Decimal("0.5"))), RollMethod.POOLED, 3)
        >>> loss_rates(rolls).rates
        (('Current', Decimal('0.100')), ('1-30', Decimal('0.20')), ('Over 30', Decimal('0.5')))
    """
    if not isinstance(rolls, RollRates):
        raise InvalidTypeError(f"expected RollRates, not {type(rolls).__name__}")
    result: list[tuple[str, Decimal]] = []
    product = _ONE
    for label, _, rate in reversed(rolls.rates):
        product = CONTEXT.multiply(product, rate if rate is not None else _ZERO)
        if not product.is_zero() and product.adjusted() < MIN_EXPONENT:
            product = _ZERO
        result.append((label, min(product, _ONE)))
    return ProvisionMatrix(tuple(reversed(result)))


@attrs.frozen
class LossPeriod(DataForm):
    """One period of history: credit sales, write-offs and recoveries, in one currency.

    Examples:
        >>> LossPeriod(Money("1000", "USD"), Money("20", "USD"), Money("5", "USD")).net_loss
        Money('15', 'USD')
    """

    credit_sales: Money = attrs.field(validator=money_field)
    write_offs: Money = attrs.field(validator=money_field)
    recoveries: Money = attrs.field(validator=money_field)

    def __attrs_post_init__(self) -> None:
        currency = self.credit_sales.currency
        for name in ("write_offs", "recoveries"):
            if getattr(self, name).currency is not currency:
                raise CurrencyMismatchError(f"{name} is in another currency than credit_sales")
            if getattr(self, name).is_negative:
                raise InvalidAmountError(f"{name} cannot be negative")
        if self.credit_sales.is_negative:
            raise InvalidAmountError("credit_sales cannot be negative")

    @property
    def net_loss(self) -> Money:
        """Write-offs net of recoveries.

        Examples:
            >>> LossPeriod(Money("1000", "EUR"), Money("30", "EUR"), Money("10", "EUR")).net_loss
            Money('20', 'EUR')
        """
        return self.write_offs - self.recoveries


@in_context
def historical_loss_rate(periods: Iterable[LossPeriod]) -> Decimal:
    """Write-offs net of recoveries over credit sales, across a lookback window of periods.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> historical_loss_rate([LossPeriod(usd("400000"), usd("6000"), usd("1000")),
        ...                       LossPeriod(usd("600000"), usd("5000"), usd("0"))])
        Decimal('0.01')
    """
    window = all_of(LossPeriod, "periods", periods)
    if not window:
        raise InvalidAmountError("a historical loss rate needs at least one period")
    currency = window[0].credit_sales.currency
    for period in window:
        if period.credit_sales.currency is not currency:
            raise CurrencyMismatchError("the periods are in different currencies")
    sales = Money.total((p.credit_sales for p in window), currency)
    if not sales.is_positive:
        raise InvalidAmountError("the periods have no credit sales")
    losses = Money.total((p.net_loss for p in window), currency)
    return CONTEXT.divide(losses.amount, sales.amount)


@attrs.frozen
class ReceivableHistory(DataForm):
    """A receivable's life as the ledger recorded it: issued, due, and closed (paid in full or
    written off) on ``closed_on``, or still open.

    Examples:
        >>> item = ReceivableHistory("INV-1", dt.date(2026, 1, 1), dt.date(2026, 1, 31),
        ...                          Money("100", "USD"), closed_on=dt.date(2026, 3, 5))
        >>> item.is_open_on(dt.date(2026, 2, 28)), item.is_open_on(dt.date(2026, 3, 31))
        (True, False)
    """

    document_id: str
    issue_date: dt.date = attrs.field(validator=date_field)
    due_date: dt.date = attrs.field(validator=date_field)
    amount: Money = attrs.field(validator=money_field)
    closed_on: dt.date | None = None
    written_off: bool = False

    def __attrs_post_init__(self) -> None:
        if self.due_date < self.issue_date:
            raise InvalidDateError(f"{self.document_id}: due_date precedes issue_date")
        if self.closed_on is not None:
            require_date(self.closed_on, "closed_on")
            if self.closed_on < self.issue_date:
                raise InvalidDateError(f"{self.document_id}: closed_on precedes issue_date")
        if self.written_off and self.closed_on is None:
            raise InvalidDateError(f"{self.document_id}: a write-off needs its date in closed_on")

    def is_open_on(self, day: dt.date) -> bool:
        """Whether the receivable was open at the end of ``day``.

        Examples:
            >>> ReceivableHistory("I", dt.date(2026, 1, 1), dt.date(2026, 1, 31),
            ...                   Money("1", "USD")).is_open_on(dt.date(2026, 2, 15))
            True
        """
        require_date(day, "day")
        return self.issue_date <= day and (self.closed_on is None or self.closed_on > day)


@in_context
def snapshot_balances(
    history: Iterable[ReceivableHistory],
    dates: Sequence[dt.date],
    currency: str | Currency,
    *,
    buckets: Buckets | None = None,
) -> tuple[tuple[dict[str, Money], ...], tuple[Money, ...]]:
    """Month-end aging snapshots rebuilt from the ledger's history, and the write-offs between
    them: what :func:`roll_rates` takes.

    Each receivable counts, in full, in every snapshot date on which it was open, in the bucket
    of its days past due then (by due date); one written off between two dates counts in the
    write-offs of the later one (``write_offs[0]`` is what was written off on or before the
    first date). One pass over the history, whatever the number of dates.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> history = [
        ...     ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4), usd("100"),
        ...                       closed_on=dt.date(2026, 4, 10), written_off=True),
        ...     ReceivableHistory("I-2", dt.date(2026, 2, 1), dt.date(2026, 3, 3), usd("50")),
        ... ]
        >>> ends = [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31),
        ...         dt.date(2026, 4, 30)]
        >>> snapshots, written = snapshot_balances(history, ends, "USD",
        ...                                        buckets=Buckets.from_edges((30, 60)))
        >>> [{k: str(v.amount) for k, v in s.items() if v} for s in snapshots]
        [{'Current': '100.00'}, {'Current': '50.00', '1-30': '100.00'}, \
{'1-30': '50.00', '31-60': '100.00'}, {'31-60': '50.00'}]
        >>> [str(w.amount) for w in written]
        ['0.00', '0.00', '0.00', '100.00']
    """
    cur = Currency(currency)
    buckets = Buckets.standard() if buckets is None else buckets
    ends = [require_date(d, "date") for d in dates]
    if any(b <= a for a, b in itertools.pairwise(ends)):
        raise InvalidDateError("snapshot dates must strictly increase")
    if not ends:
        raise ValidationError("no snapshot dates")
    ordinals = [d.toordinal() for d in ends]
    width = len(buckets.labels)
    lookup = buckets.index_table
    table_size = len(lookup)
    oldest = width - 1
    scale = cur.minor_units
    sums = [[0] * width for _ in ends]
    written = [0] * len(ends)
    first_ordinal, last_ordinal = ordinals[0], ordinals[-1]
    count = len(ordinals)
    locate = bisect.bisect_left
    for item in history:
        amount = item.amount
        if amount.currency is not cur:
            raise CurrencyMismatchError(f"{item.document_id} is in {amount.currency}, not {cur}")
        issued = item.issue_date.toordinal()
        if issued > last_ordinal:
            continue
        closed_on = item.closed_on
        closed = closed_on.toordinal() if closed_on is not None else None
        if closed is not None and closed <= first_ordinal and not item.written_off:
            continue  # settled before the first snapshot: in none of them
        first = locate(ordinals, issued)
        last = locate(ordinals, closed) if closed is not None else count
        if first >= last and not (item.written_off and last < count):
            continue
        units = int(amount.amount.scaleb(scale))
        due = item.due_date.toordinal()
        for index in range(first, last):
            days = ordinals[index] - due
            position = 0 if days <= 0 else lookup[days] if days < table_size else oldest
            sums[index][position] += units
        if item.written_off and last < count:
            written[last] += units
    make = trusted_money
    snapshots = tuple(
        {
            label: make(Decimal(value).scaleb(-scale), cur)
            for label, value in zip(buckets.labels, row, strict=True)
        }
        for row in sums
    )
    return snapshots, tuple(make(Decimal(value).scaleb(-scale), cur) for value in written)


_Snapshots = tuple[tuple[dict[str, Money], ...], tuple[Money, ...]]


@in_context
def combine_snapshots(
    parts: Iterable[tuple[Sequence[Mapping[str, Money]], Sequence[Money]]],
) -> _Snapshots:
    """The snapshots and write-offs of :func:`snapshot_balances` over disjoint histories as one:
    every bucket of every date, and every write-off, added. Exact, associative and commutative:
    for any partition of the history (by customer, by document), combining the parts' results
    equals the result on the whole history, so the roll rates (and the provision counts) come
    out the same. All parts must have the same dates (count), buckets and currency.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> history = [
        ...     ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4), usd("100")),
        ...     ReceivableHistory("I-2", dt.date(2026, 2, 1), dt.date(2026, 3, 3), usd("50")),
        ... ]
        >>> ends = [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
        >>> parts = [snapshot_balances([h], ends, "USD") for h in history]
        >>> combine_snapshots(parts) == snapshot_balances(history, ends, "USD")
        True
    """
    if isinstance(parts, str | bytes):
        raise InvalidTypeError("parts must be an iterable of snapshot results, not text")
    given = list(parts)
    if not given:
        raise MergeError("no snapshots to combine: give at least one part")
    first_snapshots, first_written = _snapshot_part(given[0], 0)
    labels = tuple(first_snapshots[0]) if first_snapshots else ()
    currency = first_written[0].currency if first_written else None
    sums = [[_ZERO] * len(labels) for _ in first_snapshots]
    written = [_ZERO] * len(first_written)
    add = CONTEXT.add
    for position, part in enumerate(given):
        # Every part is checked alike, the first too: its own snapshots must share its buckets.
        snapshots, write_offs = (
            (first_snapshots, first_written) if position == 0 else _snapshot_part(part, position)
        )
        if len(snapshots) != len(sums) or len(write_offs) != len(written):
            raise MergeError(
                f"part {position} has {len(snapshots)} snapshots, part 0 has {len(sums)}"
            )
        for row, snapshot in zip(sums, snapshots, strict=True):
            if tuple(snapshot) != labels:
                raise MergeError(f"part {position} has the buckets {tuple(snapshot)}, not {labels}")
            for index, money in enumerate(snapshot.values()):
                if money.currency is not currency:
                    raise MergeError(f"part {position} is in {money.currency}, not {currency}")
                row[index] = add(row[index], money.amount)
        for index, money in enumerate(write_offs):
            if money.currency is not currency:
                raise MergeError(f"part {position} is in {money.currency}, not {currency}")
            written[index] = add(written[index], money.amount)
    if currency is None:
        return (), ()
    make = trusted_money
    return (
        tuple(
            {label: make(value, currency) for label, value in zip(labels, row, strict=True)}
            for row in sums
        ),
        tuple(make(value, currency) for value in written),
    )


def _snapshot_part(
    part: object, position: int
) -> tuple[Sequence[Mapping[str, Money]], Sequence[Money]]:
    if not isinstance(part, tuple | list) or len(part) != 2:
        raise InvalidTypeError(
            f"part {position} must be (snapshots, write_offs) as snapshot_balances returns, "
            f"got {shown(part)}"
        )
    snapshots, write_offs = part
    for money in (*(m for s in snapshots for m in s.values()), *write_offs):
        if not isinstance(money, Money):
            raise InvalidTypeError(f"part {position} holds {shown(money)}, not Money")
    return snapshots, write_offs
