"""The aging report: open items bucketed by age, one row per customer and currency."""

from __future__ import annotations

import collections
import datetime as dt
import decimal
import enum
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Final, Protocol

import attrs

from receivables._decimal import CONTEXT, ZERO, in_context
from receivables._text import shown
from receivables._validate import all_of, require_date
from receivables.aging.buckets import AgingBasis, Buckets
from receivables.convert import DictForm
from receivables.documents import (
    OWN_TYPES,
    Customer,
    Dispute,
    InstalmentItem,
    Invoice,
    OpenItem,
    check_open_item,
    open_items_by_instalment,
)
from receivables.errors import (
    CurrencyMismatchError,
    InvalidDocumentError,
    InvalidTypeError,
    MergeError,
    ValidationError,
)
from receivables.fx import RateTable
from receivables.money import Currency, Money, trusted_money

__all__ = ["AgingReport", "AgingRow", "CreditHandling", "age"]

_ZERO: Final = ZERO  # shared: to_arrow tells untouched sums by identity
_NO_CUSTOMER: Final = object()


class CreditHandling(enum.Enum):
    """Where credits (credit memos, unapplied cash) go in an aging report.

    Examples:
        >>> CreditHandling.SEPARATE.value
        'separate'
    """

    SEPARATE = "separate"
    """In their own ``credits`` column, out of the buckets (the default)."""
    NET = "net"
    """Into the bucket of their own age, netting against the invoices there."""


@attrs.frozen
class AgingRow(DictForm):
    """One (customer, currency) line of an aging report.

    ``amounts`` follows the report's bucket labels. ``credits`` is the (negative) total of credits
    kept apart, zero when they are netted. ``disputed`` is the part of the row under open dispute,
    already inside the buckets, so ``collectible = total - disputed``. ``segment`` is the
    customer attribute the report was segmented by, if any.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> report = age([Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("100", "USD"),
        ...                       due_date=dt.date(2026, 1, 31))], dt.date(2026, 3, 15))
        >>> row = report.rows[0]
        >>> row.amount("31-60"), row.total
        (Money('100', 'USD'), Money('100', 'USD'))
    """

    customer_id: str | None
    currency: Currency
    labels: tuple[str, ...] = attrs.field(repr=False)
    # The bucket sums, then credits, then disputed, as Decimals: a report of many rows then
    # holds one tuple per row instead of a Money object per cell (see docs/architecture.md).
    _sums: tuple[Decimal, ...] = attrs.field(repr=False)
    segment: str | None = None
    item_count: int = 0
    # to_dict() shows the figures that live in ``_sums`` through these public properties.
    dict_properties: ClassVar[tuple[str, ...]] = ("amounts", "credits", "disputed", "total")

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.currency, Currency):  # its text goes into every message below
            raise InvalidTypeError(
                f"an aging row's currency is a Currency, not {shown(self.currency)}"
            )
        # One sum per label, then credits and disputed: a row of any other shape would fail
        # later, in whichever property first indexes past its end.
        if len(self._sums) != len(self.labels) + 2:
            raise ValidationError(
                f"aging row of customer {shown(self.customer_id)} in {self.currency} has "
                f"{len(self.labels)} labels but {len(self._sums)} sums; it needs one sum per "
                "label, then credits and disputed"
            )

    @classmethod
    def of(
        cls,
        customer_id: str | None,
        currency: str | Currency,
        labels: tuple[str, ...],
        amounts: Iterable[Money],
        credits: Money,
        disputed: Money,
        *,
        segment: str | None = None,
        item_count: int = 0,
    ) -> AgingRow:
        """Build a row from Money amounts (all in ``currency``, one per label).

        Examples:
            >>> row = AgingRow.of("C-1", "USD", ("Current", "Past due"),
            ...                   [Money("5", "USD"), Money("2", "USD")],
            ...                   Money("-1", "USD"), Money("0", "USD"))
            >>> row.total, row.past_due
            (Money('6', 'USD'), Money('2', 'USD'))
        """
        cur = Currency(currency)
        values = list(amounts)
        if len(values) != len(labels):
            raise ValidationError(f"{len(labels)} labels but {len(values)} amounts")
        for money in (*values, credits, disputed):
            if not isinstance(money, Money):
                raise InvalidTypeError(f"row amounts must be Money, got {type(money).__name__}")
            if money.currency is not cur:
                raise CurrencyMismatchError(f"row in {cur} holds an amount in {money.currency}")
        sums = (*(m.amount for m in values), credits.amount, disputed.amount)
        return cls(customer_id, cur, labels, sums, segment, item_count)

    @property
    def sums(self) -> tuple[Decimal, ...]:
        """The row's figures as Decimals in the row's currency: one per label, then credits, then
        disputed (what :func:`receivables.frames.to_arrow` reads for a million rows without
        building a Money per cell).

        Examples:
            >>> row = AgingRow.of("C-1", "USD", ("Current", "Past due"),
            ...                   [Money("5", "USD"), Money("2", "USD")],
            ...                   Money("-1", "USD"), Money("0", "USD"))
            >>> row.sums
            (Decimal('5'), Decimal('2'), Decimal('-1'), Decimal('0'))
        """
        return self._sums

    @property
    def amounts(self) -> tuple[Money, ...]:
        """The amount in each bucket, in label order.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("7", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> age([inv], dt.date(2026, 1, 1)).rows[0].amounts[0]
            Money('7', 'USD')
        """
        make, currency = trusted_money, self.currency
        return tuple(make(value, currency) for value in self._sums[: len(self.labels)])

    @property
    def credits(self) -> Money:
        """The credits kept apart (negative), zero when netted into the buckets.

        Examples:
            >>> import datetime as dt
            >>> from receivables import CreditMemo
            >>> cm = CreditMemo("CM", "C", dt.date(2026, 1, 1), Money("3", "USD"))
            >>> age([cm], dt.date(2026, 1, 9)).rows[0].credits
            Money('-3', 'USD')
        """
        return trusted_money(self._sums[-2], self.currency)

    @property
    def disputed(self) -> Money:
        """The part of the buckets under open dispute.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("7", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> d = Dispute("I", Money("2", "USD"), "pricing", dt.date(2026, 1, 5))
            >>> age([inv], dt.date(2026, 2, 1), disputes=[d]).rows[0].disputed
            Money('2', 'USD')
        """
        return trusted_money(self._sums[-1], self.currency)

    @property
    def total(self) -> Money:
        """Buckets plus credits: the row's open balance.

        Examples:
            >>> import datetime as dt
            >>> from receivables import CreditMemo, Money
            >>> report = age([CreditMemo("CM-1", "C-1", dt.date(2026, 1, 1), Money("5", "EUR"))],
            ...              dt.date(2026, 2, 1))
            >>> report.rows[0].total
            Money('-5', 'EUR')
        """
        return trusted_money(_sum(self._sums[:-1]), self.currency)

    @property
    def past_due(self) -> Money:
        """The amount in every bucket but the first (``Current``).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("7", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> age([inv], dt.date(2026, 1, 2)).rows[0].past_due
            Money('7', 'USD')
        """
        return trusted_money(_sum(self._sums[1 : len(self.labels)]), self.currency)

    @property
    def collectible(self) -> Money:
        """The total less what is under open dispute.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Dispute, Invoice, Money
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> d = Dispute("I", Money("20", "USD"), "pricing", dt.date(2026, 1, 5))
            >>> age([inv], dt.date(2026, 2, 1), disputes=[d]).rows[0].collectible
            Money('50', 'USD')
        """
        return self.total - self.disputed

    def amount(self, label: str) -> Money:
        """The amount in bucket ``label``.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("7", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> age([inv], dt.date(2026, 1, 1)).rows[0].amount("Current")
            Money('7', 'USD')
        """
        try:
            return self.amounts[self.labels.index(label)]
        except ValueError:
            raise ValidationError(
                f"no bucket {shown(label)}; the buckets are {self.labels}"
            ) from None

    @property
    def oldest_bucket(self) -> str | None:
        """The label of the oldest bucket holding a positive amount, if any.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("7", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> age([inv], dt.date(2026, 3, 1)).rows[0].oldest_bucket
            '31-60'
        """
        for label, amount in zip(reversed(self.labels), reversed(self.amounts), strict=True):
            if amount.is_positive:
                return label
        return None


def _sum(values: Iterable[Decimal]) -> Decimal:
    total = _ZERO
    add = CONTEXT.add
    for value in values:
        total = add(total, value)
    return total


class RowSource(Protocol):
    """Where a report built in bulk keeps its rows until they are read (see
    :attr:`AgingReport.rows`)."""

    def build_rows(self) -> tuple[AgingRow, ...]:
        """The report's rows, in the report's order."""


class RowColumns:
    """An aging report's rows held as columns, as :func:`age` builds them: one list per
    field, and the sums of every row in one flat list, ``stored`` per row (the buckets, then
    credits, then disputed; by default all ``len(labels) + 2``). A report with no credits kept
    apart, or no disputes, stores fewer: the sums left out are zero. Rows are made from it only
    when first read, and :func:`receivables.frames.to_arrow` reads the columns as they are.

    Examples:
        >>> from decimal import Decimal
        >>> columns = RowColumns(("Current",), ["C-1"], [Currency("USD")], None, [2],
        ...                      [Decimal("5"), Decimal("-1"), Decimal("0")])
        >>> columns.build_rows()[0].total
        Money('4', 'USD')
        >>> RowColumns(("Current",), ["C-1"], [Currency("USD")], None, [1], [Decimal("5")],
        ...            stored=1).build_rows()[0].sums
        (Decimal('5'), Decimal('0'), Decimal('0'))
    """

    __slots__ = ("counts", "currencies", "customer_ids", "labels", "segments", "stored", "sums")

    def __init__(
        self,
        labels: tuple[str, ...],
        customer_ids: list[str | None],
        currencies: list[Currency],
        segments: list[str | None] | None,
        counts: list[int],
        sums: list[Decimal],
        *,
        stored: int | None = None,
    ) -> None:
        self.labels = labels
        self.customer_ids = customer_ids
        self.currencies = currencies
        self.segments = segments  # None: no row has a segment
        self.counts = counts
        self.sums = sums
        full = len(labels) + 2
        self.stored = full if stored is None else stored
        if not len(labels) <= self.stored <= full:
            raise ValidationError(
                f"aging rows store their {len(labels)} bucket sums and at most credits and "
                f"disputed, not {self.stored} sums"
            )
        if len(sums) != self.stored * len(customer_ids):
            raise ValidationError(
                f"{len(customer_ids)} aging rows hold {len(sums)} sums, not {self.stored} per row"
            )

    def row_sums(self) -> Iterator[tuple[Decimal, ...]]:
        """Each row's sums, all ``len(labels) + 2`` of them (the ones not stored are zero).

        Examples:
            >>> from decimal import Decimal
            >>> columns = RowColumns(("Current",), ["C-1"], [Currency("USD")], None, [1],
            ...                      [Decimal("5"), Decimal("-1")], stored=2)
            >>> list(columns.row_sums())
            [(Decimal('5'), Decimal('-1'), Decimal('0'))]
        """
        chunks = zip(*[iter(self.sums)] * self.stored, strict=True)
        missing = len(self.labels) + 2 - self.stored
        if not missing:
            return chunks
        return map(operator.add, chunks, itertools.repeat((_ZERO,) * missing))

    def build_rows(self) -> tuple[AgingRow, ...]:
        """The rows, each set slot by slot in C (the columns were checked as a whole).

        Examples:
            >>> from decimal import Decimal
            >>> columns = RowColumns(("Current",), [None], [Currency("EUR")], None, [1],
            ...                      [Decimal("0"), Decimal("-3"), Decimal("0")])
            >>> columns.build_rows()[0].credits
            Money('-3', 'EUR')
        """
        count = len(self.customer_ids)
        rows = list(map(object.__new__, itertools.repeat(AgingRow, count)))
        to_customer, to_currency, to_labels, to_sums, to_segment, to_count = _ROW_SETTERS
        each = collections.deque[object](maxlen=0).extend
        each(map(to_customer, rows, self.customer_ids))
        each(map(to_currency, rows, self.currencies))
        each(map(to_labels, rows, itertools.repeat(self.labels, count)))
        each(map(to_sums, rows, self.row_sums()))
        segments = self.segments
        each(map(to_segment, rows, itertools.repeat(None, count) if segments is None else segments))
        each(map(to_count, rows, self.counts))
        return tuple(rows)


@attrs.frozen(eq=False, repr=False)
class AgingReport(DictForm):
    """Open items aged as of a date: rows per (customer, currency), totals per currency.

    Amounts in different currencies are never summed: every total takes the currency. For one
    view across currencies, convert with :meth:`converted` and an explicit
    :class:`~receivables.fx.RateTable`.

    Examples:
        >>> from receivables.samples import sample_portfolio
        >>> import datetime as dt
        >>> book = sample_portfolio(seed=2, customers=30, as_of=dt.date(2026, 6, 30))
        >>> report = age(book.open_items(), book.as_of)
        >>> totals = report.bucket_totals("USD")
        >>> list(totals) == list(report.labels)
        True
        >>> sum(totals.values()) + report.credits("USD") == report.total("USD")
        True
    """

    as_of: dt.date
    buckets: Buckets
    basis: AgingBasis
    credit_handling: CreditHandling
    # The rows, or None until first read when the report was built in bulk from ``_source``.
    _rows: tuple[AgingRow, ...] | None = attrs.field(alias="rows")
    segment_by: str | None = None
    _source: RowSource | None = attrs.field(default=None, kw_only=True, alias="_source")
    # to_dict() shows the rows through the public property.
    dict_properties: ClassVar[tuple[str, ...]] = ("rows",)

    def __attrs_post_init__(self) -> None:
        if self._rows is None:
            if self._source is None:
                raise ValidationError("an aging report needs its rows")
            return  # built in bulk by the library: its columns were checked as a whole
        object.__setattr__(self, "_source", None)  # rows given: they are the report
        labels = self.buckets.labels
        for row in all_of(AgingRow, "rows", self._rows):
            if row.labels != labels:
                raise ValidationError(
                    f"aging row of customer {shown(row.customer_id)} in {row.currency} has the "
                    f"buckets {shown(row.labels)}, not the report's {shown(labels)}"
                )

    @property
    def rows(self) -> tuple[AgingRow, ...]:
        """The rows, one per (customer, currency) (and segment), sorted by currency, segment
        and customer id, unidentified cash last. A report that :func:`age` built keeps its
        figures as columns and makes the row objects on first reading (see
        docs/architecture.md): its totals and :func:`receivables.frames.to_arrow` never need
        them.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> [row.customer_id for row in age([inv], dt.date(2026, 3, 1)).rows]
            ['C-1']
        """
        rows = self._rows
        if rows is None:
            source = self._source
            if source is None:  # pragma: no cover - refused when built
                raise ValidationError("an aging report needs its rows")
            rows = source.build_rows()
            object.__setattr__(self, "_rows", rows)
        return rows

    def _key(self) -> tuple[Any, ...]:
        return (
            self.as_of,
            self.buckets,
            self.basis,
            self.credit_handling,
            self.segment_by,
            self.rows,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgingReport) or other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"AgingReport(as_of={self.as_of!r}, buckets={self.buckets!r}, basis={self.basis!r}, "
            f"credit_handling={self.credit_handling!r}, rows={self.rows!r}, "
            f"segment_by={self.segment_by!r})"
        )

    @property
    def labels(self) -> tuple[str, ...]:
        """The bucket labels, youngest first.

        Examples:
            >>> import datetime as dt
            >>> age([], dt.date(2026, 1, 1)).labels[-1]
            'Over 120'
        """
        return self.buckets.labels

    @property
    def currencies(self) -> tuple[Currency, ...]:
        """The currencies present, sorted by code.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> items = [Invoice(f"I-{code}", "C-1", dt.date(2026, 1, 1), Money("10", code),
            ...                  due_date=dt.date(2026, 1, 31)) for code in ("USD", "EUR")]
            >>> age(items, dt.date(2026, 3, 1)).currencies
            (Currency('EUR'), Currency('USD'))
        """
        return tuple(sorted({row.currency for row in self.rows}))

    def rows_in(self, currency: str | Currency) -> tuple[AgingRow, ...]:
        """The rows in ``currency``.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> items = [Invoice(f"I-{code}", f"C-{code}", dt.date(2026, 1, 1), Money("10", code),
            ...                  due_date=dt.date(2026, 1, 31)) for code in ("USD", "EUR")]
            >>> [row.customer_id for row in age(items, dt.date(2026, 3, 1)).rows_in("EUR")]
            ['C-EUR']
        """
        cur = Currency(currency)
        return tuple(row for row in self.rows if row.currency is cur)

    def rows_for(self, customer_id: str | None) -> tuple[AgingRow, ...]:
        """The rows of one customer (one per currency it owes in).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> items = [Invoice(f"I-{code}", "C-1", dt.date(2026, 1, 1), Money("10", code),
            ...                  due_date=dt.date(2026, 1, 31)) for code in ("USD", "EUR")]
            >>> [str(row.currency) for row in age(items, dt.date(2026, 3, 1)).rows_for("C-1")]
            ['EUR', 'USD']
        """
        return tuple(row for row in self.rows if row.customer_id == customer_id)

    def bucket_totals(self, currency: str | Currency) -> dict[str, Money]:
        """Each bucket's total in ``currency``: every label present, zero where empty.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> totals = age([inv], dt.date(2026, 3, 15)).bucket_totals("USD")
            >>> totals["31-60"], totals["Current"]
            (Money('70', 'USD'), Money('0', 'USD'))
        """
        cur = Currency(currency)
        sums = [_ZERO] * len(self.labels)
        add = CONTEXT.add
        width = len(sums)
        for row in self.rows:
            if row.currency is cur:
                for index, value in enumerate(row._sums[:width]):
                    sums[index] = add(sums[index], value)
        return {
            label: trusted_money(value, cur) for label, value in zip(self.labels, sums, strict=True)
        }

    def credits(self, currency: str | Currency) -> Money:
        """The credits kept apart in ``currency`` (negative, or zero when netted).

        Examples:
            >>> import datetime as dt
            >>> from receivables import CreditMemo, Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> cm = CreditMemo("CM-1", "C-1", dt.date(2026, 2, 1), Money("30", "USD"))
            >>> age([inv, cm], dt.date(2026, 3, 1)).credits("USD")
            Money('-30', 'USD')
        """
        return self._column(currency, lambda row: row._sums[-2])

    def disputed(self, currency: str | Currency) -> Money:
        """The amount under open dispute in ``currency``.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> d = Dispute("I-1", Money("20", "USD"), "pricing", dt.date(2026, 2, 5))
            >>> age([inv], dt.date(2026, 3, 1), disputes=[d]).disputed("USD")
            Money('20', 'USD')
        """
        return self._column(currency, lambda row: row._sums[-1])

    def total(self, currency: str | Currency) -> Money:
        """The open balance in ``currency``: bucket totals plus credits.

        Examples:
            >>> import datetime as dt
            >>> from receivables import CreditMemo, Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> cm = CreditMemo("CM-1", "C-1", dt.date(2026, 2, 1), Money("30", "USD"))
            >>> age([inv, cm], dt.date(2026, 3, 1)).total("USD")
            Money('40', 'USD')
        """
        return self._column(currency, lambda row: _sum(row._sums[:-1]))

    def past_due(self, currency: str | Currency) -> Money:
        """Everything past the ``Current`` bucket in ``currency``.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("70", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> not_due = Invoice("I-2", "C-1", dt.date(2026, 2, 20), Money("30", "USD"),
            ...                   due_date=dt.date(2026, 3, 22))
            >>> age([inv, not_due], dt.date(2026, 3, 1)).past_due("USD")
            Money('70', 'USD')
        """
        width = len(self.labels)
        return self._column(currency, lambda row: _sum(row._sums[1:width]))

    def _column(self, currency: str | Currency, pick: Callable[[AgingRow], Decimal]) -> Money:
        cur = Currency(currency)
        return trusted_money(_sum(pick(row) for row in self.rows if row.currency is cur), cur)

    def __reduce__(self) -> tuple[Any, ...]:
        # What a cluster worker sends back: pickled field by field, a report of many rows
        # spends most of its time on one Decimal at a time (a third of a second for 25,000
        # rows, as long as ageing their items). Packed, the sums go as one text and the ids,
        # currencies, segments and counts as tuples: a tenth of the time, and smaller.
        source = self._source
        if isinstance(source, RowColumns):
            ids = tuple(source.customer_ids)
            codes = tuple(currency.code for currency in source.currencies)
            segments = (None,) * len(ids) if source.segments is None else tuple(source.segments)
            counts = tuple(source.counts)
            sums = ",".join(map(str, itertools.chain.from_iterable(source.row_sums())))
        else:
            rows = self.rows
            ids = tuple(row.customer_id for row in rows)
            codes = tuple(row.currency.code for row in rows)
            segments = tuple(row.segment for row in rows)
            counts = tuple(row.item_count for row in rows)
            sums = ",".join(str(value) for row in rows for value in row._sums)
        return (
            _rebuild_report,
            (
                self.as_of,
                self.buckets,
                self.basis,
                self.credit_handling,
                self.segment_by,
                ids,
                codes,
                segments,
                counts,
                sums,
            ),
        )

    def merge(self, other: AgingReport) -> AgingReport:
        """This report and ``other`` as one: what ageing both sets of items together gives.

        Rows of the same (customer, currency, segment) add up; the rest are kept, in the
        report's order. Both must be as of the same date with the same buckets, basis, credit
        handling and segmentation (else :class:`~receivables.errors.MergeError`). Merging is
        associative and commutative, and exact: ageing the items of any partition by customer
        and merging the reports equals ageing them all, row for row and to the cent (see
        :meth:`combine` and ``docs/scale.md``).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> day = dt.date(2026, 1, 1)
            >>> a = Invoice("I-1", "C-1", day, Money("70", "USD"), due_date=day)
            >>> b = Invoice("I-2", "C-2", day, Money("30", "USD"), due_date=day)
            >>> as_of = dt.date(2026, 3, 1)
            >>> age([a], as_of).merge(age([b], as_of)) == age([a, b], as_of)
            True
        """
        return AgingReport.combine((self, other))

    @classmethod
    @in_context
    def combine(cls, reports: Iterable[AgingReport]) -> AgingReport:
        """Many partial reports as one (see :meth:`merge`); at least one is needed.

        Examples:
            >>> import datetime as dt
            >>> from receivables.samples import sample_portfolio
            >>> book = sample_portfolio(seed=3, customers=20, as_of=dt.date(2026, 6, 30))
            >>> items = book.open_items()
            >>> parts = [[i for i in items if hash(i.customer_id) % 3 == k] for k in range(3)]
            >>> whole = age(items, book.as_of)
            >>> AgingReport.combine(age(part, book.as_of) for part in parts) == whole
            True
        """
        parts = all_of(AgingReport, "reports", reports)
        if not parts:
            raise MergeError("no aging reports to combine: give at least one")
        first = parts[0]
        for position, part in enumerate(parts[1:], start=1):
            for name in ("as_of", "buckets", "basis", "credit_handling", "segment_by"):
                if getattr(part, name) != getattr(first, name):
                    raise MergeError(
                        f"aging report {position} has {name} {shown(getattr(part, name))}, "
                        f"report 0 has {shown(getattr(first, name))}: only reports built alike "
                        "merge"
                    )
        add = CONTEXT.add
        merged: dict[tuple[Currency, str | None, str | None], tuple[list[Decimal], list[int]]] = {}
        for part in parts:
            for row in part.rows:
                key = (row.currency, row.customer_id, row.segment)
                found = merged.get(key)
                if found is None:
                    merged[key] = (list(row._sums), [row.item_count])
                    continue
                sums, count = found
                for index, value in enumerate(row._sums):
                    sums[index] = add(sums[index], value)
                count[0] += row.item_count
        labels = first.labels
        rows = [
            AgingRow(customer_id, currency, labels, tuple(sums), segment, count[0])
            for (currency, customer_id, segment), (sums, count) in merged.items()
        ]
        rows.sort(key=_row_order)
        return attrs.evolve(first, rows=tuple(rows))

    def rollup(self) -> AgingReport:
        """One row per (segment, currency): the customers of each segment added together.

        The rows keep ``customer_id=None`` and carry the segment. Without segmentation the
        result has one row per currency.

        Examples:
            >>> from receivables.samples import sample_portfolio
            >>> import datetime as dt
            >>> book = sample_portfolio(seed=2, customers=30, as_of=dt.date(2026, 6, 30))
            >>> by_region = age(book.open_items(), book.as_of, customers=book.customers,
            ...                 segment_by="region").rollup()
            >>> by_region.total("USD") == age(book.open_items(), book.as_of).total("USD")
            True
        """
        grouped: dict[tuple[str | None, Currency], list[AgingRow]] = {}
        for row in self.rows:
            grouped.setdefault((row.segment, row.currency), []).append(row)
        rows = []
        for (segment, currency), members in grouped.items():
            sums = tuple(_sum(column) for column in zip(*(r._sums for r in members), strict=True))
            count = sum(r.item_count for r in members)
            rows.append(AgingRow(None, currency, self.labels, sums, segment, count))
        rows.sort(key=lambda r: (r.currency.code, r.segment is None, r.segment or ""))
        return attrs.evolve(self, rows=tuple(rows))

    def converted(
        self, rates: RateTable, to: str | Currency, *, on: dt.date | None = None
    ) -> AgingReport:
        """The report in one currency, every amount converted with ``rates`` on ``on``
        (default: the report date) and rounded; a customer's rows in several currencies merge.

        A converted view is for reading across currencies; its totals are sums of converted,
        rounded amounts, so they can differ by rounding from converting each currency's total.

        Examples:
            >>> import datetime as dt
            >>> from receivables import ExchangeRate, Invoice, Money
            >>> items = [
            ...     Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("100", "EUR"),
            ...             due_date=dt.date(2026, 1, 1)),
            ...     Invoice("I-2", "C-1", dt.date(2026, 1, 1), Money("50", "USD"),
            ...             due_date=dt.date(2026, 1, 1)),
            ... ]
            >>> rates = RateTable([ExchangeRate("EUR", "USD", "1.10", dt.date(2026, 1, 1))])
            >>> age(items, dt.date(2026, 1, 1)).converted(rates, "USD").total("USD")
            Money('160.00', 'USD')
        """
        target = Currency(to)
        day = self.as_of if on is None else require_date(on, "on")

        def convert(money: Money) -> Money:
            return rates.convert(money, target, on=day).amount

        merged: dict[tuple[str | None, str | None], list[AgingRow]] = {}
        for row in self.rows:
            merged.setdefault((row.customer_id, row.segment), []).append(row)
        rows = []
        for (customer_id, segment), members in merged.items():
            width = len(self.labels)
            amounts = tuple(
                Money.total((convert(r.amounts[i]) for r in members), target) for i in range(width)
            )
            rows.append(
                AgingRow.of(
                    customer_id,
                    target,
                    self.labels,
                    amounts,
                    Money.total((convert(r.credits) for r in members), target),
                    Money.total((convert(r.disputed) for r in members), target),
                    segment=segment,
                    item_count=sum(r.item_count for r in members),
                )
            )
        rows.sort(key=_row_order)
        return attrs.evolve(self, rows=tuple(rows))

    def to_records(self) -> list[dict[str, object]]:
        """Plain dicts, one per row, ready for ``pandas.DataFrame(report.to_records())``.

        Amounts are ``Decimal`` in the row's currency, named by bucket label; ``credits``,
        ``disputed``, ``collectible`` and ``total`` follow.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> inv = Invoice("I", "C-9", dt.date(2026, 1, 1), Money("7.50", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> record = age([inv], dt.date(2026, 2, 15)).to_records()[0]
            >>> record["customer_id"], record["currency"], record["31-60"], record["total"]
            ('C-9', 'USD', Decimal('7.50'), Decimal('7.50'))
        """
        records: list[dict[str, object]] = []
        for row in self.rows:
            record: dict[str, object] = {
                "customer_id": row.customer_id,
                "segment": row.segment,
                "currency": row.currency.code,
            }
            for label, amount in zip(self.labels, row.amounts, strict=True):
                record[label] = amount.amount
            total = row.total
            record["credits"] = row.credits.amount
            record["disputed"] = row.disputed.amount
            record["collectible"] = (total - row.disputed).amount
            record["total"] = total.amount
            record["items"] = row.item_count
            records.append(record)
        return records


def _rebuild_report(
    as_of: dt.date,
    buckets: Buckets,
    basis: AgingBasis,
    credit_handling: CreditHandling,
    segment_by: str | None,
    customer_ids: tuple[str | None, ...],
    codes: tuple[str, ...],
    segments: tuple[str | None, ...],
    counts: tuple[int, ...],
    sums: str,
) -> AgingReport:
    """An :class:`AgingReport` back from the packed form of ``AgingReport.__reduce__``."""
    labels = buckets.labels
    width = len(labels) + 2
    values = list(map(Decimal, sums.split(","))) if sums else []
    if len(values) != width * len(customer_ids):
        raise ValidationError(
            f"a packed aging report of {len(customer_ids)} rows holds {len(values)} sums, "
            f"not {width} per row"
        )
    currencies = {code: Currency(code) for code in set(codes)}
    columns = RowColumns(
        labels,
        list(customer_ids),
        list(map(currencies.__getitem__, codes)),
        None if not any(segment is not None for segment in segments) else list(segments),
        list(counts),
        values,
    )
    return AgingReport(as_of, buckets, basis, credit_handling, None, segment_by, _source=columns)


_ROW_SETTERS: Final = tuple(
    AgingRow.__dict__[field.name].__set__ for field in attrs.fields(AgingRow)
)


def row_source(report: AgingReport) -> RowSource | None:
    """Where a report built in bulk keeps its rows (a :class:`RowColumns` for :func:`age`),
    or ``None`` for a report made from row objects: what a bulk reader such as
    :func:`receivables.frames.to_arrow` reads instead of the rows.

    Examples:
        >>> import datetime as dt
        >>> type(row_source(age([], dt.date(2026, 1, 1)))).__name__
        'RowColumns'
    """
    return report._source


def row_sums(rows: Iterable[AgingRow]) -> list[tuple[Decimal, ...]]:
    """Every row's :attr:`AgingRow.sums`, read in C (no property call per row): the bulk read
    of :func:`receivables.frames.to_arrow` on a million-row report.

    Examples:
        >>> row = AgingRow.of("C-1", "USD", ("Current",), [Money("5", "USD")],
        ...                   Money("-1", "USD"), Money("0", "USD"))
        >>> row_sums([row])
        [(Decimal('5'), Decimal('-1'), Decimal('0'))]
    """
    return list(map(_SUMS, rows))


_SUMS: Final = operator.attrgetter("_sums")


def _row_order(row: AgingRow) -> tuple[str, bool, str, bool, str]:
    return (
        row.currency.code,
        row.segment is None,
        row.segment or "",
        row.customer_id is None,
        row.customer_id or "",
    )


def _row_columns(
    rows: dict[Currency, dict[str | None, list[Any]]],
    labels: tuple[str, ...],
    segments: dict[str, str | None] | None,
    stored: int,
    count_slot: int,
) -> RowColumns:
    """The sums ``age()`` gathered per currency and customer, as the report's columns in the
    report's order (currency code, then segment, then customer id, unidentified cash last):
    keys are sorted, not rows, and every column is filled in C."""
    customer_ids: list[str | None] = []
    currencies: list[Currency] = []
    row_segments: list[str | None] | None = None if segments is None else []
    states: list[list[Any]] = []

    def order(owner: str | None) -> tuple[bool, str, bool, str]:
        segment = None if owner is None or segments is None else segments[owner]
        return (segment is None, segment or "", owner is None, owner or "")

    for currency in sorted(rows, key=operator.attrgetter("code")):
        by_customer = rows[currency]
        keys: list[str | None]
        if segments is None or row_segments is None:
            keys = [key for key in by_customer if key is not None]
            keys.sort()
            if None in by_customer:
                keys.append(None)
        else:
            for owner in by_customer:
                if owner is not None and owner not in segments:
                    raise InvalidDocumentError(
                        f"items of customer {shown(owner)} were aged, "
                        "but no such customer was given"
                    )
            keys = sorted(by_customer, key=order)
            row_segments.extend(None if key is None else segments[key] for key in keys)
        customer_ids.extend(keys)
        currencies.extend(itertools.repeat(currency, len(keys)))
        states.extend(map(by_customer.__getitem__, keys))
    counts = list(map(operator.itemgetter(count_slot), states))
    sums = list(itertools.chain.from_iterable(map(operator.itemgetter(slice(0, stored)), states)))
    return RowColumns(labels, customer_ids, currencies, row_segments, counts, sums, stored=stored)


def _segment_lookup(
    customers: Iterable[Customer] | Mapping[str, Customer],
    segment_by: str | Callable[[Customer], str | None],
) -> dict[str, str | None]:
    people = customers.values() if isinstance(customers, Mapping) else customers
    if isinstance(segment_by, str):
        if segment_by not in attrs.fields_dict(Customer):
            known = ", ".join(attrs.fields_dict(Customer))
            raise ValidationError(
                f"customers have no attribute {shown(segment_by)}; use one of {known}"
            )
        name = segment_by

        def by_attribute(customer: Customer) -> str | None:
            value = getattr(customer, name)
            return None if value is None else str(value)

        pick: Callable[[Customer], str | None] = by_attribute
    else:
        pick = segment_by
    lookup: dict[str, str | None] = {}
    for customer in all_of(Customer, "customers", people):
        lookup[customer.id] = pick(customer)
    return lookup


def _instalments_of(invoices: list[OpenItem]) -> Iterator[OpenItem]:
    """The open instalments of ``invoices``, read only once the generator is first advanced (after
    the items that fill the list)."""
    yield from open_items_by_instalment(invoices)


def _disputed_by_document(disputes: Iterable[Dispute], as_of: dt.date) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for dispute in all_of(Dispute, "disputes", disputes):
        if dispute.is_open(as_of):
            found[dispute.invoice_id] = CONTEXT.add(
                found.get(dispute.invoice_id, _ZERO), dispute.amount.amount
            )
    return found


@in_context
def age(
    items: Iterable[OpenItem],
    as_of: dt.date,
    buckets: Buckets | None = None,
    basis: AgingBasis = AgingBasis.DUE_DATE,
    *,
    credits: CreditHandling = CreditHandling.SEPARATE,
    disputes: Iterable[Dispute] = (),
    customers: Iterable[Customer] | Mapping[str, Customer] = (),
    segment_by: str | Callable[[Customer], str | None] | None = None,
) -> AgingReport:
    """Age open items as of ``as_of`` into ``buckets`` (default :meth:`Buckets.standard`).

    Each item's age is ``as_of`` minus its due date (``AgingBasis.DUE_DATE``, the default) or its
    document date (``AgingBasis.INVOICE_DATE``); items not yet due are ``Current``. An invoice on
    instalment terms is aged per open instalment, each by its own due date and amount (payments
    apply to the oldest first; see :func:`~receivables.documents.instalment_items`); it counts as
    one item, and a dispute on it is spread over its instalments oldest first. Positive
    balances go to the bucket of their age; credits (negative balances: credit memos, unapplied
    cash) go to a separate ``credits`` column, or into their bucket with
    ``credits=CreditHandling.NET``. Items with a zero balance are skipped.

    Open ``disputes`` (as of ``as_of``) mark part of an item as disputed: the amount stays in its
    bucket and is also reported in the row's ``disputed`` column (at most the item's balance), so
    a reader sees what is collectible. With ``customers`` and ``segment_by`` (a customer attribute
    name such as ``"region"``, ``"segment"``, ``"risk_class"``, ``"collector"``, or a function of
    the customer) every row carries its segment; see :meth:`AgingReport.rollup`.

    Invariant: for every currency, the bucket totals plus credits equal the open balance of the
    items aged, exactly. Rows are sorted by currency, segment and customer id, so the result
    does not depend on the order of the items.

    Examples:
        >>> import datetime as dt
        >>> from receivables import CreditMemo, Invoice, Money
        >>> items = [
        ...     Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("500.00", "USD"),
        ...             due_date=dt.date(2026, 2, 1)),
        ...     Invoice("I-2", "C-1", dt.date(2026, 3, 1), Money("300.00", "USD"),
        ...             due_date=dt.date(2026, 3, 31)),
        ...     CreditMemo("CM-1", "C-1", dt.date(2026, 3, 5), Money("50.00", "USD")),
        ... ]
        >>> report = age(items, dt.date(2026, 3, 20))
        >>> {label: str(m) for label, m in report.bucket_totals("USD").items() if m}
        {'Current': '300.00 USD', '31-60': '500.00 USD'}
        >>> report.credits("USD"), report.total("USD")
        (Money('-50.00', 'USD'), Money('750.00', 'USD'))
    """
    require_date(as_of, "as_of")
    buckets = Buckets.standard() if buckets is None else buckets
    if not isinstance(buckets, Buckets):
        raise InvalidTypeError(f"buckets must be Buckets, not {type(buckets).__name__}")
    if not isinstance(basis, AgingBasis):
        raise InvalidTypeError(f"basis must be an AgingBasis, not {shown(basis)}")
    if not isinstance(credits, CreditHandling):
        raise InvalidTypeError(f"credits must be a CreditHandling, not {shown(credits)}")
    segments = _segment_lookup(customers, segment_by) if segment_by is not None else None
    disputed = _disputed_by_document(disputes, as_of)
    as_of_ordinal = as_of.toordinal()
    by_due_date = basis is AgingBasis.DUE_DATE
    keep_credits_apart = credits is CreditHandling.SEPARATE
    labels = buckets.labels
    width = len(labels)
    lookup = buckets.index_table
    table_size = len(lookup)
    oldest = width - 1

    # Per currency, per customer: the bucket sums, then credits, then disputed, then the count
    # of items. Nested dicts, not (customer, currency) tuples, so the loop allocates nothing per
    # item but the Decimal sums.
    rows: dict[Currency, dict[str | None, list[Any]]] = {}
    credits_slot, disputed_slot, count_slot = width, width + 1, width + 2
    credits_kept = False  # whether any credit went to the credits column
    with decimal.localcontext(CONTEXT):
        # An invoice on instalment terms is aged per open instalment, each by its own due date
        # and amount; it still counts as one item. Such invoices are rare: they are set aside in
        # the one pass (a type check and a field read each) and their instalments aged after it,
        # which costs the common item far less than expanding every item through a generator.
        deferred: list[OpenItem] = []
        last_invoice = None
        invoice_type = Invoice
        instalment_type = InstalmentItem
        # The hot path reads each invoice's own attributes once (no OpenItem properties), finds
        # the bucket of a due date in a dict filled on first sight (a book has a few thousand
        # distinct dates), keeps the row of the previous item (an ERP export lists a customer's
        # items together), and looks for a dispute only when there are disputes.
        index_of: dict[dt.date, int] = {}
        last_terms: object = None
        last_has_plan = False
        last_customer: object = _NO_CUSTOMER
        last_currency: Currency | None = None
        state: list[Any] = []
        run = 0  # items added to ``state`` since it was looked up, counted in on the next switch
        # Rows of the library's own types pass at the cost of the type check below; any other
        # row is checked as :func:`~receivables.documents.open_items` checks it.
        if isinstance(items, str | bytes):
            raise InvalidTypeError(
                f"items must be an iterable of open items, not {type(items).__name__}"
            )
        own = OWN_TYPES
        for position, item in enumerate(itertools.chain(items, _instalments_of(deferred))):
            if type(item) is invoice_type:
                terms = item.terms
                if terms is not last_terms:
                    last_terms = terms
                    last_has_plan = terms is not None and len(terms.instalments) > 1
                if last_has_plan:
                    deferred.append(item)
                    continue
                balance = item.open_amount
                amount = balance.amount
                if not amount:
                    continue
                customer_id = item.customer_id
                currency = balance.currency
                if customer_id != last_customer or currency is not last_currency:
                    if run:
                        state[count_slot] += run
                    by_customer = rows.get(currency)
                    if by_customer is None:
                        by_customer = rows[currency] = {}
                    found = by_customer.get(customer_id)
                    if found is None:
                        found = by_customer[customer_id] = [_ZERO] * (width + 2) + [0]
                    state, last_customer, last_currency, run = found, customer_id, currency, 0
                run += 1
                dated = item.due_date if by_due_date else item.issue_date
                try:
                    index = index_of[dated]
                except KeyError:
                    days = as_of_ordinal - dated.toordinal()
                    index = index_of[dated] = (
                        0 if days <= 0 else lookup[days] if days < table_size else oldest
                    )
                state[index] += amount
                if disputed and item.id in disputed:
                    state[disputed_slot] += min(disputed[item.id], amount)
                continue
            if type(item) not in own:
                check_open_item(item, position, "items")
            if run:
                state[count_slot] += run
                run = 0
            last_customer = _NO_CUSTOMER  # the next invoice looks its row up again
            balance = item.open_balance
            amount = balance.amount
            if not amount:
                continue
            by_customer = rows.get(balance.currency)
            if by_customer is None:
                by_customer = rows[balance.currency] = {}
            holder = item.customer_id
            looked_up = by_customer.get(holder)
            if looked_up is None:
                looked_up = by_customer[holder] = [_ZERO] * (width + 2) + [0]
            state = looked_up
            if type(item) is instalment_type:
                if item.invoice is not last_invoice:
                    state[count_slot] += 1
                last_invoice = item.invoice
            else:
                state[count_slot] += 1
            if amount < 0 and keep_credits_apart:
                state[credits_slot] += amount
                credits_kept = True
                continue
            dated = item.due_date if by_due_date else item.document_date
            days = as_of_ordinal - dated.toordinal()
            if days <= 0:
                index = 0
            elif days < table_size:
                index = lookup[days]
            else:
                index = oldest
            state[index] += amount
            if disputed and amount > 0:
                under_dispute = disputed.get(item.document_id)
                if under_dispute is not None:
                    share = min(under_dispute, amount)
                    state[disputed_slot] += share
                    if type(item) is instalment_type:  # the invoice's next instalment gets the rest
                        disputed[item.document_id] = under_dispute - share
        if run:
            state[count_slot] += run

    segment_name = segment_by if isinstance(segment_by, str) else None
    # Sums no item touched are not stored: disputed when there are no open disputes, credits
    # as well when none was kept apart (a fifth of a report's cells, for to_arrow to skip).
    stored = count_slot if disputed else credits_slot + 1 if credits_kept else width
    columns = _row_columns(rows, labels, segments, stored, count_slot)
    return AgingReport(as_of, buckets, basis, credits, None, segment_name, _source=columns)
