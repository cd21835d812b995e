"""From one process to many: partition by customer, run the engines per part, merge exactly.

The engines are unchanged: a worker ages (or duns, or ranks) the open items of its customers
with the same functions as one process, and the partial results merge exactly. Every merge here
is associative and commutative and, for a partition of the items by customer, equal to the
single run, row for row and to the cent:

* :meth:`AgingReport.merge <receivables.aging.AgingReport.merge>` and
  :meth:`AgingReport.combine <receivables.aging.AgingReport.combine>`;
* :meth:`PastDueReport.merge <receivables.aging.PastDueReport.merge>`;
* :class:`MetricInputs` (the AR metrics' inputs per period) and :meth:`MetricInputs.merge`;
* :func:`~receivables.allowance.combine_snapshots` (the roll-rate snapshots and write-offs);
* :func:`merge_dunning_runs` and :func:`merge_worklists`;
* :meth:`CashApplicationResult.merge <receivables.cashapp.CashApplicationResult.merge>`.

What travels between processes is data, not objects: :func:`write_shards` writes the open items
as one Parquet file per part (int64 minor units, ``date32`` dates), and :func:`read_shard`
builds the documents inside the worker, checking each column once. The module imports no
cluster library; ``docs/scale.md`` holds the recipes for Dask and Spark.

Examples:
    >>> import datetime as dt
    >>> from receivables.aging import AgingReport, age
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=4, customers=40, as_of=dt.date(2026, 6, 30))
    >>> parts = split_by_customer(book.open_items(), 3)
    >>> merged = AgingReport.combine(age(part, book.as_of) for part in parts)
    >>> merged == age(book.open_items(), book.as_of)
    True
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from receivables._decimal import in_context
from receivables._gc import collector_paused
from receivables._text import shown
from receivables._validate import all_of, require_date
from receivables.aging.metrics import collection_effectiveness_index, countback_dso, dso
from receivables.allowance.rates import ReceivableHistory
from receivables.convert import DictForm
from receivables.documents import (
    CreditMemo,
    Invoice,
    OpenItem,
    Payment,
    open_items,
    trusted_invoice,
)
from receivables.dunning.run import DunningNotice, DunningRun, SkippedAccount
from receivables.dunning.worklist import WorklistEntry, WorklistWeights
from receivables.errors import (
    CurrencyMismatchError,
    InvalidDataError,
    InvalidDateError,
    InvalidTypeError,
    MergeError,
    MissingDependencyError,
    ValidationError,
)
from receivables.fx import RateTable
from receivables.money import Currency, Money, trusted_money
from receivables.terms import PaymentTerms

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "SHARD_COLUMNS",
    "MetricInputs",
    "merge_all",
    "merge_dunning_runs",
    "merge_worklists",
    "metric_inputs",
    "partition_of",
    "read_shard",
    "split_by_customer",
    "write_shards",
]

_ZERO: Final = Decimal(0)
_MAX_PARTITIONS: Final = 100_000
_UNIT_LIMIT: Final = 10**18

SHARD_COLUMNS: Final = (
    "kind",
    "document_id",
    "customer_id",
    "document_date",
    "due_date",
    "currency",
    "amount_units",
    "open_units",
    "terms",
)
"""The columns of a shard, as :func:`write_shards` writes them and :func:`read_shard` reads
them: ``kind`` (``invoice``, ``credit_memo`` or ``payment``), the ids, ``date32`` dates, the
currency code, the amount and the open amount (positive) in int64 minor units, and an invoice's
payment terms as their JSON plain form (null when none)."""


# -- partitioning ------------------------------------------------------------------------------


def partition_of(customer_id: str | None, partitions: int) -> int:
    """The part (``0`` to ``partitions - 1``) a customer's items go to: a BLAKE2 hash of the id.

    Stable across processes and machines (Python's own ``hash`` of a str is not), so every
    worker, writer and reader agrees where an account lives; items without a customer go to
    part 0.

    Examples:
        >>> partition_of("C-1", 4), partition_of("C-1", 4) == partition_of("C-1", 4)
        (1, True)
    """
    if type(partitions) is not int or not 1 <= partitions <= _MAX_PARTITIONS:
        raise ValidationError(
            f"partitions must be an int from 1 to {_MAX_PARTITIONS}, got {shown(partitions)}"
        )
    if customer_id is None:
        return 0
    if not isinstance(customer_id, str):
        raise InvalidTypeError(f"customer_id must be a str or None, got {shown(customer_id)}")
    digest = hashlib.blake2b(customer_id.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % partitions


def split_by_customer(items: Iterable[OpenItem], partitions: int) -> list[list[OpenItem]]:
    """``items`` in ``partitions`` lists by :func:`partition_of` their customer: an account
    never straddles two parts. The order of the items is kept within each part.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> day = dt.date(2026, 1, 1)
        >>> items = [Invoice(f"I-{n}", f"C-{n % 5}", day, Money("1", "USD"), due_date=day)
        ...          for n in range(10)]
        >>> [sorted({i.customer_id for i in part}) for part in split_by_customer(items, 2)]
        [['C-3', 'C-4'], ['C-0', 'C-1', 'C-2']]
    """
    rows = open_items(items)
    partition_of(None, partitions)  # checks the count before a list is made for each part
    place = functools.partial(partition_of, partitions=partitions)
    parts: list[list[OpenItem]] = [[] for _ in range(partitions)]
    cache: dict[str | None, int] = {}
    for item in rows:
        customer_id = item.customer_id
        index = cache.get(customer_id)
        if index is None:
            index = cache[customer_id] = place(customer_id)
        parts[index].append(item)
    return parts


# -- generic merge -----------------------------------------------------------------------------


@in_context
def merge_all(parts: Iterable[Any]) -> Any:
    """Fold partial results with their own ``merge`` (an :class:`~receivables.aging.AgingReport`,
    :class:`~receivables.aging.PastDueReport`, :class:`MetricInputs`,
    :class:`~receivables.cashapp.CashApplicationResult`): what a tree reduce on a cluster
    does, in one call. At least one part is needed; all must be of one type.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.aging import age
        >>> day, as_of = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
        >>> reports = [age([Invoice(f"I-{n}", f"C-{n}", day, Money("5", "USD"), due_date=day)],
        ...                as_of) for n in range(3)]
        >>> merge_all(reports).total("USD")
        Money('15', 'USD')
    """
    if isinstance(parts, str | bytes):
        raise InvalidTypeError("parts must be an iterable of results, not text")
    values = list(parts)
    if not values:
        raise MergeError("nothing to merge: give at least one result")
    kind = type(values[0])
    merge = getattr(kind, "merge", None)
    if not callable(merge):
        raise InvalidTypeError(f"{kind.__name__} results have no merge")
    for value in values[1:]:
        if type(value) is not kind:
            raise MergeError(f"cannot merge a {type(value).__name__} into {kind.__name__} results")
    return functools.reduce(lambda left, right: merge(left, right), values)


@in_context
def merge_dunning_runs(runs: Iterable[DunningRun]) -> DunningRun:
    """Dunning runs over disjoint sets of accounts as one run: the notices and skipped
    accounts of all, sorted by customer id and currency as :func:`~receivables.dunning.run_dunning`
    sorts them. Partition by customer (an account, a customer in one currency, and a customer's
    notice history must not straddle parts); an account in two runs is a
    :class:`~receivables.errors.MergeError`. Associative and commutative.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy, run_dunning
        >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
        >>> day, as_of = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
        >>> items = [Invoice(f"I-{n}", f"C-{n}", day, Money("50", "EUR"), due_date=day)
        ...          for n in range(4)]
        >>> runs = [run_dunning(policy, part, as_of=as_of) for part in split_by_customer(items, 2)]
        >>> merge_dunning_runs(runs) == run_dunning(policy, items, as_of=as_of)
        True
    """
    parts = all_of(DunningRun, "runs", runs)
    if not parts:
        raise MergeError("no dunning runs to merge: give at least one")
    as_of = parts[0].as_of
    seen: set[tuple[str, str]] = set()
    notices: list[DunningNotice] = []
    skipped: list[SkippedAccount] = []
    for position, run in enumerate(parts):
        if run.as_of != as_of:
            raise MergeError(f"dunning run {position} is as of {run.as_of}, run 0 as of {as_of}")
        accounts: list[DunningNotice | SkippedAccount] = [*run.notices, *run.skipped]
        for account in accounts:
            key = (account.customer_id, account.currency.code)
            if key in seen:
                raise MergeError(
                    f"account {shown(account.customer_id)} in {account.currency} is in two "
                    "dunning runs: partition the items by customer"
                )
            seen.add(key)
        notices.extend(run.notices)
        skipped.extend(run.skipped)
    notices.sort(key=lambda n: (n.customer_id, n.currency.code))
    skipped.sort(key=lambda s: (s.customer_id, s.currency.code))
    return DunningRun(as_of, tuple(notices), tuple(skipped))


@in_context
def merge_worklists(
    lists: Iterable[Sequence[WorklistEntry]],
    *,
    top: int | None = None,
    by_currency: bool = False,
    rates: RateTable | None = None,
    as_of: dt.date | None = None,
    weights: WorklistWeights | None = None,
) -> tuple[WorklistEntry, ...]:
    """Worklists of disjoint sets of customers as one, ranked as
    :func:`~receivables.dunning.collection_worklist` ranks: by score, then past-due amount, then
    customer id, ranks (and ``top``) per currency with ``by_currency=True``.

    Build each part with the same ``weights`` and ``top`` (or none) and pass the same ``top``,
    ``by_currency``, ``rates`` and ``weights`` here: each part's list holds every entry of the
    whole's list that belongs to it, so the merge equals the single run. With ``rates`` the
    tie-break compares past-due amounts converted on ``as_of`` (then needed) into the currency
    of the weights' amount cap, as the parts did. A customer in two lists is a
    :class:`~receivables.errors.MergeError`.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.dunning import collection_worklist
        >>> day, as_of = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
        >>> items = [Invoice(f"I-{n}", f"C-{n}", day, Money(100 * n + 1, "USD"), due_date=day)
        ...          for n in range(5)]
        >>> parts = [collection_worklist(p, as_of=as_of) for p in split_by_customer(items, 2)]
        >>> merge_worklists(parts) == collection_worklist(items, as_of=as_of)
        True
    """
    if isinstance(lists, str | bytes):
        raise InvalidTypeError("lists must be an iterable of worklists, not text")
    if top is not None and (type(top) is not int or top < 1):
        raise ValidationError(f"top must be a positive int or None, got {shown(top)}")
    if type(by_currency) is not bool:
        raise InvalidTypeError(f"by_currency must be a bool, not {shown(by_currency)}")
    if rates is not None:
        if not isinstance(rates, RateTable):
            raise InvalidTypeError(f"rates must be a RateTable, not {type(rates).__name__}")
        if as_of is None:
            raise ValidationError("merging worklists with rates needs as_of, the day to convert on")
        require_date(as_of, "as_of")
    entries: list[WorklistEntry] = []
    seen: set[tuple[str, str]] = set()
    for position, part in enumerate(lists):
        for entry in all_of(WorklistEntry, f"lists[{position}]", part):
            key = (entry.customer_id, entry.currency.code)
            if key in seen:
                raise MergeError(
                    f"customer {shown(entry.customer_id)} in {entry.currency} is in two "
                    "worklists: partition the items by customer"
                )
            seen.add(key)
            entries.append(entry)
    currencies = {entry.currency for entry in entries}
    if len(currencies) > 1 and rates is None and not by_currency:
        codes = ", ".join(sorted(c.code for c in currencies))
        raise CurrencyMismatchError(
            f"the worklists rank accounts in {len(currencies)} currencies ({codes}): merging "
            "them needs the rates the parts were ranked with, or by_currency=True"
        )
    weights = WorklistWeights() if weights is None else weights
    if not isinstance(weights, WorklistWeights):
        raise InvalidTypeError(f"weights must be WorklistWeights, not {type(weights).__name__}")
    target = weights.amount_cap.currency
    scaled = [
        entry.past_due.amount
        if rates is None or as_of is None or entry.currency is target
        else rates.convert(entry.past_due, target, on=as_of).amount.amount
        for entry in entries
    ]
    order = sorted(
        range(len(entries)),
        key=lambda i: (
            -entries[i].score,
            -scaled[i],
            entries[i].customer_id,
            entries[i].currency.code,
        ),
    )
    groups: dict[str, list[WorklistEntry]] = {}
    for index in order:
        entry = entries[index]
        groups.setdefault(entry.currency.code if by_currency else "", []).append(entry)
    ranked: list[WorklistEntry] = []
    for group_key in sorted(groups):
        group = groups[group_key] if top is None else groups[group_key][:top]
        ranked.extend(attrs.evolve(entry, rank=rank) for rank, entry in enumerate(group, start=1))
    return tuple(ranked)


# -- the AR metrics' inputs ----------------------------------------------------------------------


@attrs.frozen
class MetricInputs(DictForm):
    """What the AR metrics are computed from, per period, in one currency: the credit sales
    (receivables issued), the collections (closed, not written off), the write-offs, and the
    receivables open at each period end, in total and not yet due (current); ``opening`` is
    what was open at the end of ``start``. Period ``i`` runs from the day after the previous
    end (or ``start``) to ``ends[i]``.

    All of it is sums over receivables, so inputs built from disjoint sets of receivables
    :meth:`merge` exactly. Invariant (the roll-forward): for every period, the opening (the
    previous period's receivables) plus sales less collections and write-offs is the ending
    receivables.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> from receivables.allowance import ReceivableHistory
        >>> usd = lambda a: Money(a, "USD")
        >>> history = [ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4),
        ...                              usd("100.00"), closed_on=dt.date(2026, 2, 20))]
        >>> inputs = metric_inputs(history, dt.date(2025, 12, 31),
        ...                        [dt.date(2026, 1, 31), dt.date(2026, 2, 28)], "USD")
        >>> inputs.credit_sales
        (Money('100.00', 'USD'), Money('0.00', 'USD'))
        >>> inputs.collections[1], inputs.receivables[0]
        (Money('100.00', 'USD'), Money('100.00', 'USD'))
    """

    currency: Currency
    start: dt.date
    ends: tuple[dt.date, ...]
    opening: Money
    credit_sales: tuple[Money, ...]
    collections: tuple[Money, ...]
    write_offs: tuple[Money, ...]
    receivables: tuple[Money, ...]
    current_receivables: tuple[Money, ...]

    def __attrs_post_init__(self) -> None:
        # One figure per period in every series, all in the one currency: inputs of any other
        # shape would fail later, in a metric or a merge, with zip's ValueError.
        if not isinstance(self.currency, Currency):
            raise InvalidTypeError(f"currency must be a Currency, not {shown(self.currency)}")
        figures = [("opening", (self.opening,))]
        for name in ("credit_sales", "collections", "write_offs", "receivables",
                     "current_receivables"):  # fmt: skip
            series = getattr(self, name)
            if len(series) != len(self.ends):
                raise ValidationError(
                    f"metric inputs have {len(self.ends)} periods but {len(series)} {name}"
                )
            figures.append((name, series))
        for name, series in figures:
            for money in series:
                if not isinstance(money, Money) or money.currency is not self.currency:
                    raise ValidationError(
                        f"metric inputs' {name} must be Money in {self.currency}, "
                        f"not {shown(money)}"
                    )

    @in_context
    def merge(self, other: MetricInputs) -> MetricInputs:
        """The inputs of both sets of receivables (same currency and periods): every figure
        added. Associative and commutative.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> from receivables.allowance import ReceivableHistory
            >>> h = [ReceivableHistory(f"I-{n}", dt.date(2026, 1, 5), dt.date(2026, 2, 4),
            ...                        Money("10", "EUR")) for n in range(2)]
            >>> args = (dt.date(2025, 12, 31), [dt.date(2026, 1, 31)], "EUR")
            >>> metric_inputs(h[:1], *args).merge(metric_inputs(h[1:], *args)) == metric_inputs(
            ...     h, *args)
            True
        """
        if not isinstance(other, MetricInputs):
            raise InvalidTypeError(f"can merge MetricInputs only, got {type(other).__name__}")
        for name in ("currency", "start", "ends"):
            if getattr(other, name) != getattr(self, name):
                raise MergeError(
                    f"metric inputs with different {name} do not merge: "
                    f"{shown(getattr(self, name))} and {shown(getattr(other, name))}"
                )

        def added(left: tuple[Money, ...], right: tuple[Money, ...]) -> tuple[Money, ...]:
            return tuple(a + b for a, b in zip(left, right, strict=True))

        return MetricInputs(
            self.currency,
            self.start,
            self.ends,
            self.opening + other.opening,
            added(self.credit_sales, other.credit_sales),
            added(self.collections, other.collections),
            added(self.write_offs, other.write_offs),
            added(self.receivables, other.receivables),
            added(self.current_receivables, other.current_receivables),
        )

    def days(self, period: int) -> int:
        """The number of days in period ``period``.

        Examples:
            >>> import datetime as dt
            >>> inputs = metric_inputs([], dt.date(2025, 12, 31), [dt.date(2026, 1, 31)], "USD")
            >>> inputs.days(0)
            31
        """
        index = self._index(period)
        before = self.start if index == 0 else self.ends[index - 1]
        return (self.ends[index] - before).days

    def beginning(self, period: int) -> Money:
        """The receivables open when period ``period`` began.

        Examples:
            >>> import datetime as dt
            >>> metric_inputs([], dt.date(2025, 12, 31), [dt.date(2026, 1, 31)], "USD").beginning(0)
            Money('0.00', 'USD')
        """
        index = self._index(period)
        return self.opening if index == 0 else self.receivables[index - 1]

    @in_context
    def dso(self, period: int) -> Decimal:
        """:func:`~receivables.aging.metrics.dso` of period ``period``: its ending receivables
        over its credit sales, times its days.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> from receivables.allowance import ReceivableHistory
            >>> h = [ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4),
            ...                        Money("310", "USD"))]
            >>> metric_inputs(h, dt.date(2025, 12, 31), [dt.date(2026, 1, 31)], "USD").dso(0)
            Decimal('31')
        """
        index = self._index(period)
        return dso(self.receivables[index], self.credit_sales[index], self.days(index))

    @in_context
    def countback_dso(self, period: int) -> Decimal:
        """:func:`~receivables.aging.metrics.countback_dso` at the end of period ``period``,
        counting back over it and the periods before it.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> from receivables.allowance import ReceivableHistory
            >>> h = [ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4),
            ...                        Money("310", "USD"))]
            >>> metric_inputs(h, dt.date(2025, 12, 31), [dt.date(2026, 1, 31)],
            ...               "USD").countback_dso(0)
            Decimal('31')
        """
        index = self._index(period)
        periods = [(self.credit_sales[i], self.days(i)) for i in range(index, -1, -1)]
        return countback_dso(self.receivables[index], periods)

    @in_context
    def collection_effectiveness_index(self, period: int) -> Decimal:
        """:func:`~receivables.aging.metrics.collection_effectiveness_index` of period
        ``period`` (its sales as given, ``months=1``).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> from receivables.allowance import ReceivableHistory
            >>> h = [ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 1, 20),
            ...                        Money("100", "USD"), closed_on=dt.date(2026, 1, 25)),
            ...      ReceivableHistory("I-2", dt.date(2026, 1, 6), dt.date(2026, 1, 21),
            ...                        Money("100", "USD"))]
            >>> metric_inputs(h, dt.date(2025, 12, 31), [dt.date(2026, 1, 31)],
            ...               "USD").collection_effectiveness_index(0)
            Decimal('50.0')
        """
        index = self._index(period)
        return collection_effectiveness_index(
            self.beginning(index),
            self.credit_sales[index],
            self.receivables[index],
            self.current_receivables[index],
        )

    def _index(self, period: int) -> int:
        if type(period) is not int or not 0 <= period < len(self.ends):
            raise ValidationError(
                f"period must be an int from 0 to {len(self.ends) - 1}, got {shown(period)}"
            )
        return period


@in_context
def metric_inputs(
    history: Iterable[ReceivableHistory],
    start: dt.date,
    ends: Sequence[dt.date],
    currency: str | Currency,
) -> MetricInputs:
    """The AR metrics' inputs per period from the ledger's history of receivables (see
    :class:`MetricInputs`), in one pass and exact (integer minor units).

    A receivable counts in the sales of the period it was issued in, in the collections (or
    write-offs) of the period it closed in, and in the receivables of every period end it was
    open at (current when not yet past due then). Receivables issued after the last end are
    left out. Periods: ``start`` < ``ends[0]`` < ``ends[1]`` ...

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> from receivables.allowance import ReceivableHistory
        >>> h = [ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4),
        ...                        Money("80", "USD"), closed_on=dt.date(2026, 3, 1),
        ...                        written_off=True)]
        >>> inputs = metric_inputs(h, dt.date(2025, 12, 31),
        ...                        [dt.date(2026, 1, 31), dt.date(2026, 2, 28),
        ...                         dt.date(2026, 3, 31)], "USD")
        >>> [str(m.amount) for m in inputs.receivables], inputs.write_offs[2]
        (['80.00', '80.00', '0.00'], Money('80.00', 'USD'))
    """
    cur = Currency(currency)
    first_day = require_date(start, "start")
    if isinstance(ends, str | bytes):
        raise InvalidTypeError("ends must be a sequence of dates, not text")
    days = [require_date(day, "ends") for day in ends]
    if not days:
        raise ValidationError("metric inputs need at least one period end")
    if days[0] <= first_day or any(b <= a for a, b in itertools.pairwise(days)):
        raise InvalidDateError("the period ends must strictly increase, after start")
    marks = [first_day.toordinal(), *(day.toordinal() for day in days)]
    count = len(days)
    scale = cur.minor_units
    sales = [0] * count
    collected = [0] * count
    written = [0] * count
    # Open balances change only when a receivable is issued or closed: a difference array over
    # the period ends (one entry per end) keeps the pass linear, however long the history.
    opened = [0] * (count + 2)
    current_delta = [0] * (count + 2)
    opening = 0
    locate = bisect.bisect_left
    for item in all_of(ReceivableHistory, "history", history):
        amount = item.amount
        if amount.currency is not cur:
            raise CurrencyMismatchError(f"{item.document_id} is in {amount.currency}, not {cur}")
        units = int(amount.amount.scaleb(scale))
        issued = item.issue_date.toordinal()
        if issued > marks[-1]:
            continue
        closed = item.closed_on.toordinal() if item.closed_on is not None else None
        # Open at the end of mark m when issued <= mark and (not closed or closed > mark):
        # marks from locate(marks, issued) to locate(marks, closed) - 1.
        first = locate(marks, issued)
        last = locate(marks, closed) if closed is not None else count + 1
        if first < last:
            opened[first] += units
            opened[last] -= units
            # Current (not yet past due) at mark m when due >= mark: up to the marks before due.
            due_limit = min(last, bisect.bisect_right(marks, item.due_date.toordinal()))
            if first < due_limit:
                current_delta[first] += units
                current_delta[due_limit] -= units
        if first >= 1:  # issued in period first - 1; by start, it is in the opening balance
            sales[first - 1] += units
        if closed is not None and closed > marks[0]:
            period = locate(marks, closed) - 1
            if period < count:
                if item.written_off:
                    written[period] += units
                else:
                    collected[period] += units
    running = 0
    running_current = 0
    receivables = []
    current = []
    for mark in range(count + 1):
        running += opened[mark]
        running_current += current_delta[mark]
        if mark == 0:
            opening = running
        else:
            receivables.append(running)
            current.append(running_current)

    def money(units: int) -> Money:
        return trusted_money(Decimal(units).scaleb(-scale), cur)

    return MetricInputs(
        cur,
        first_day,
        tuple(days),
        money(opening),
        tuple(money(v) for v in sales),
        tuple(money(v) for v in collected),
        tuple(money(v) for v in written),
        tuple(money(v) for v in receivables),
        tuple(money(v) for v in current),
    )


# -- shards: data to the workers, not objects ----------------------------------------------------


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the arrow extra is installed in the test env
        raise MissingDependencyError(
            "shards need pyarrow: pip install 'receivables[arrow]' (or [dask])"
        ) from None
    return pa, pq


_KINDS: Final = {Invoice: "invoice", CreditMemo: "credit_memo", Payment: "payment"}


def _shard_table(items: Sequence[OpenItem]) -> pa.Table:
    pa, _ = _pyarrow()
    columns: dict[str, list[Any]] = {name: [] for name in SHARD_COLUMNS}
    terms_text: dict[int, str] = {}
    for item in items:
        kind = _KINDS.get(type(item))
        if kind is None:
            raise InvalidTypeError(
                f"shards hold invoices, credit memos and payments, not {type(item).__name__} "
                f"({shown(item.document_id)})"
            )
        columns["kind"].append(kind)
        columns["document_id"].append(item.document_id)
        columns["customer_id"].append(item.customer_id)
        columns["document_date"].append(item.document_date)
        columns["due_date"].append(item.due_date)
        amount: Money = item.amount  # type: ignore[attr-defined]
        columns["currency"].append(amount.currency.code)
        columns["amount_units"].append(amount.minor_units)
        open_amount = item.open_balance
        columns["open_units"].append(abs(open_amount.minor_units))
        terms = item.terms if isinstance(item, Invoice) else None
        if terms is None:
            columns["terms"].append(None)
        else:
            text = terms_text.get(id(terms))
            if text is None:
                text = terms_text[id(terms)] = json.dumps(terms.to_dict(), sort_keys=True)
            columns["terms"].append(text)
    schema = pa.schema(
        [
            ("kind", pa.string()),
            ("document_id", pa.string()),
            ("customer_id", pa.string()),
            ("document_date", pa.date32()),
            ("due_date", pa.date32()),
            ("currency", pa.string()),
            ("amount_units", pa.int64()),
            ("open_units", pa.int64()),
            ("terms", pa.string()),
        ]
    )
    return pa.Table.from_pydict(columns, schema=schema)


def write_shards(
    items: Iterable[OpenItem], directory: str | Path, partitions: int
) -> tuple[Path, ...]:
    """Write ``items`` as ``partitions`` Parquet files in ``directory``, one per part by
    :func:`partition_of` (``part-00000.parquet`` ...), with the :data:`SHARD_COLUMNS`. Invoices,
    credit memos and payments; amounts must be whole minor units of their currency.

    Examples:
        >>> import datetime as dt, tempfile
        >>> from receivables import Invoice, Money
        >>> day = dt.date(2026, 1, 1)
        >>> items = [Invoice(f"I-{n}", f"C-{n}", day, Money("9.50", "USD"), due_date=day)
        ...          for n in range(4)]
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     paths = write_shards(items, folder, 2)
        ...     back = [item for path in paths for item in read_shard(path)]
        >>> sorted(i.document_id for i in back) == sorted(i.document_id for i in items)
        True
    """
    _, pq = _pyarrow()
    folder = Path(directory)
    if not folder.is_dir():
        raise ValidationError(f"no directory {shown(str(folder))} to write the shards in")
    paths = []
    for index, part in enumerate(split_by_customer(items, partitions)):
        path = folder / f"part-{index:05d}.parquet"
        pq.write_table(_shard_table(part), path)
        paths.append(path)
    return tuple(paths)


@in_context
def read_shard(source: str | Path | pa.Table) -> list[OpenItem]:
    """The open items of one shard (a Parquet file or an Arrow table with the
    :data:`SHARD_COLUMNS`), built inside the worker that reads it.

    Each column is checked once, as a column (kinds known, ids non-blank, currencies known,
    amounts whole minor units within range, open amounts between zero and the amount, due dates
    not before document dates), then the documents are built from the checked values: a bad
    shard is an :class:`~receivables.errors.InvalidDataError` naming the column, never a
    half-built document.

    Examples:
        >>> import datetime as dt
        >>> import pyarrow as pa
        >>> table = pa.table({
        ...     "kind": ["invoice"], "document_id": ["I-1"], "customer_id": ["C-1"],
        ...     "document_date": pa.array([dt.date(2026, 1, 1)]),
        ...     "due_date": pa.array([dt.date(2026, 1, 31)]), "currency": ["EUR"],
        ...     "amount_units": pa.array([10000], pa.int64()),
        ...     "open_units": pa.array([2550], pa.int64()), "terms": pa.array([None], pa.string())})
        >>> read_shard(table)[0].open_balance
        Money('25.50', 'EUR')
    """
    pa, pq = _pyarrow()
    if isinstance(source, str | Path):
        try:
            table = pq.read_table(source, columns=list(SHARD_COLUMNS))
        except (OSError, ValueError, pa.ArrowException) as error:
            # A path that is not there, not a file, not Parquet, or not a path at all ("", a
            # NUL byte, 5,000 characters): the library's error, naming the path and the cause.
            raise InvalidDataError(
                f"cannot read the shard {shown(str(source))}: {type(error).__name__}: "
                f"{shown(str(error), 200)}"
            ) from None
    elif isinstance(source, pa.Table):
        table = source
    else:
        raise InvalidTypeError(
            f"source must be a path or a pyarrow Table, not {type(source).__name__}"
        )
    return _documents(table)


def _column(table: pa.Table, name: str, check: Callable[[Any], bool]) -> Any:
    if name not in table.column_names:
        raise InvalidDataError(f"the shard has no column {name}; it needs {SHARD_COLUMNS}")
    column = table.column(name)
    if not check(column.type):
        raise InvalidDataError(f"shard column {name} has the type {column.type}")
    return column


def _shared(column: Any) -> list[Any]:
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")
    values = encoded.dictionary.to_pylist()
    return list(map(values.__getitem__, encoded.indices.to_pylist()))


@collector_paused  # millions of new documents, no reference cycles among them
def _documents(table: pa.Table) -> list[OpenItem]:
    pa, _ = _pyarrow()
    import pyarrow.compute as pc

    types = pa.types
    text = lambda t: types.is_string(t) or types.is_large_string(t)  # noqa: E731
    kinds = _column(table, "kind", text)
    ids = _column(table, "document_id", text)
    customers = _column(table, "customer_id", text)
    dates = _column(table, "document_date", types.is_date32)
    dues = _column(table, "due_date", types.is_date32)
    codes = _column(table, "currency", text)
    amounts = _column(table, "amount_units", types.is_int64)
    opens = _column(table, "open_units", types.is_int64)
    terms_column = _column(table, "terms", text)
    for name, column in (
        ("kind", kinds),
        ("document_id", ids),
        ("document_date", dates),
        ("due_date", dues),
        ("currency", codes),
        ("amount_units", amounts),
        ("open_units", opens),
    ):
        if column.null_count:
            raise InvalidDataError(f"shard column {name} has {column.null_count} nulls")
    if len(table) and pc.any(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(ids)), 0)).as_py():
        raise InvalidDataError("shard column document_id has blank ids")
    blank_customers = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(customers)), 0)
    if len(table) and pc.any(blank_customers).as_py():
        raise InvalidDataError("shard column customer_id has blank ids (use null for none)")
    known = set(_KINDS.values())
    for kind in pc.unique(kinds).to_pylist():
        if kind not in known:
            raise InvalidDataError(f"shard column kind holds {shown(kind)}; known: {sorted(known)}")
    currencies = {code: Currency(code) for code in pc.unique(codes).to_pylist()}
    if len(table):
        if pc.min(amounts).as_py() < 0 or pc.max(amounts).as_py() >= _UNIT_LIMIT:
            raise InvalidDataError(f"shard column amount_units must hold 0 to {_UNIT_LIMIT - 1}")
        if pc.min(opens).as_py() < 0 or pc.any(pc.greater(opens, amounts)).as_py():
            raise InvalidDataError("shard column open_units must lie between 0 and amount_units")
        if pc.any(pc.less(dues, dates)).as_py():
            raise InvalidDataError("shard column due_date has dates before their document_date")
    terms_cache: dict[str, PaymentTerms] = {}
    items: list[OpenItem] = []
    append = items.append
    decimal = Decimal
    make = trusted_money
    invoice_kind = "invoice"
    # Repeated values (kinds, customers, dates, currencies) become one Python object each, shared
    # by their rows: less memory, and the engines' identity checks (age() keeps the row of the
    # previous customer) hit.
    exponents = {cur: -cur.minor_units for cur in currencies.values()}
    for kind, document_id, customer_id, day, due, cur, amount, open_units, terms_text in zip(
        _shared(kinds),
        ids.to_pylist(),
        _shared(customers),
        _shared(dates),
        _shared(dues),
        [currencies[code] for code in _shared(codes)],
        amounts.to_pylist(),
        opens.to_pylist(),
        terms_column.to_pylist(),
        strict=True,
    ):
        exponent = exponents[cur]
        total = make(decimal(amount).scaleb(exponent), cur)
        left = total if open_units == amount else make(decimal(open_units).scaleb(exponent), cur)
        if kind == invoice_kind:
            if customer_id is None:
                raise InvalidDataError(f"shard row {document_id}: an invoice needs a customer_id")
            terms = None
            if terms_text is not None:
                terms = terms_cache.get(terms_text)
                if terms is None:
                    terms = terms_cache[terms_text] = PaymentTerms.from_dict(json.loads(terms_text))
            append(
                trusted_invoice(document_id, customer_id, day, total, due, terms, left, (), None)
            )
        elif kind == "credit_memo":
            if customer_id is None:
                raise InvalidDataError(f"shard row {document_id}: a credit memo needs a customer")
            append(CreditMemo(document_id, customer_id, day, total, open_amount=left))
        else:
            append(Payment(document_id, day, total, customer_id=customer_id, unapplied_amount=left))
    return items
