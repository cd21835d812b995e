"""Results to Arrow tables: :func:`to_arrow` and the table of each result."""

from __future__ import annotations

import decimal
import functools
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter, is_not, itemgetter
from typing import Any, Final, TypeAlias

import pyarrow as pa

from receivables._decimal import in_context
from receivables._text import shown
from receivables.aging.past_due import CurrencyPastDue, DelinquentAccount, PastDueReport
from receivables.aging.report import AgingReport, AgingRow, RowColumns, row_source, row_sums
from receivables.allowance.journal import JournalEntry
from receivables.allowance.matrix import AllowanceLine, AllowanceResult
from receivables.allowance.reserves import AllowanceEstimate, SpecificLine
from receivables.cashapp.model import CashApplicationResult, PaymentOutcome
from receivables.dunning.run import DunningNotice, DunningRun
from receivables.dunning.worklist import WorklistEntry
from receivables.errors import CurrencyMismatchError, InvalidTypeError, ValidationError
from receivables.explain import Reason
from receivables.frames._columns import (
    WIDE_PRECISION,
    TooWideError,
    check_labels,
    decimal_array,
    decimal_columns,
    decimal_type,
    exact_total,
    money_field,
    scale_of,
)
from receivables.money import Currency, Money

Result: TypeAlias = (
    AgingReport
    | PastDueReport
    | DunningRun
    | CashApplicationResult
    | AllowanceResult
    | AllowanceEstimate
    | JournalEntry
    | Sequence[AgingRow]
    | Sequence[CurrencyPastDue]
    | Sequence[DelinquentAccount]
    | Sequence[DunningNotice]
    | Sequence[WorklistEntry]
    | Sequence[PaymentOutcome]
    | Sequence[AllowanceLine]
    | Sequence[JournalEntry]
)
"""What :func:`to_arrow` converts: the results named here, or a sequence of their records."""

_REASON_TYPE: Final = pa.list_(pa.struct([("code", pa.string()), ("message", pa.string())]))


def _money_column(
    values: Sequence[Money | None], currencies: Sequence[Currency], scale: int, name: str
) -> pa.Array:
    amounts: list[Decimal | None] = []
    for money, currency in zip(values, currencies, strict=True):
        if money is None:
            amounts.append(None)
            continue
        if money.currency is not currency:
            raise CurrencyMismatchError(
                f"column {name} holds {money} on a row in {currency}: one currency per row"
            )
        amounts.append(money.amount)
    return decimal_array(amounts, scale, name)


def _reasons(values: Sequence[tuple[Reason, ...]]) -> pa.Array:
    return pa.array(
        [[{"code": r.code, "message": r.message} for r in reasons] for reasons in values],
        type=_REASON_TYPE,
    )


# A column spec: (name, kind, getter). Kinds: str, int, bool, date, strs (a list of strings),
# money (in the row's currency), own_money (in its own currency, with a <name>_currency
# column beside it), decimal (a rate or score) and reasons.
_Spec: TypeAlias = tuple[str, str, Callable[[Any], Any]]


def _records_table(
    records: Sequence[Any],
    specs: Sequence[_Spec],
    currency: Callable[[Any], Currency],
    metadata: Mapping[str, str] | None = None,
) -> pa.Table:
    """A table of one row per record, a column per spec, and the rows' ``currency`` column."""
    currencies = [currency(record) for record in records]
    scale = scale_of(currencies)
    fields: list[pa.Field] = []
    arrays: list[pa.Array] = []
    for name, kind, get in specs:
        values = [get(record) for record in records]
        if kind == "money":
            array = _money_column(values, currencies, scale, name)
            fields.append(money_field(name, array))
            arrays.append(array)
            continue
        if kind == "own_money":  # a money column in its own currency (an FX difference)
            amounts = [None if money is None else money.amount for money in values]
            own = [money.currency for money in values if money is not None]
            array = decimal_array(amounts, scale_of(own), name)
            fields.append(pa.field(name, array.type, metadata={b"currency": f"{name}_currency"}))
            arrays.append(array)
            codes = [None if money is None else money.currency.code for money in values]
            fields.append(pa.field(f"{name}_currency", pa.string()))
            arrays.append(pa.array(codes, type=pa.string()))
            continue
        if kind == "decimal":
            array = decimal_array(values, 0, name)
        elif kind == "reasons":
            array = _reasons(values)
        else:
            array = pa.array(values, type=_ARROW_TYPES[kind])
        fields.append(pa.field(name, array.type))
        arrays.append(array)
    fields.insert(_currency_position(specs), pa.field("currency", pa.string()))
    arrays.insert(
        _currency_position(specs), pa.array([c.code for c in currencies], type=pa.string())
    )
    schema = pa.schema(fields, metadata=dict(metadata or {}))
    return pa.Table.from_arrays(arrays, schema=schema)


_ARROW_TYPES: Final[dict[str, pa.DataType]] = {
    "str": pa.string(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "strs": pa.list_(pa.string()),
}


def _currency_position(specs: Sequence[_Spec]) -> int:
    """The ``currency`` column goes before the first money column."""
    for index, (_, kind, _) in enumerate(specs):
        if kind in ("money", "own_money"):
            return index
    return len(specs)


def _aging_rows_table(
    rows: Sequence[AgingRow], labels: tuple[str, ...], metadata: Mapping[str, str]
) -> pa.Table:
    """The aging rows as columns, read from each row in C (no Money objects)."""
    if any(map(is_not, map(attrgetter("labels"), rows), itertools.repeat(labels))) and any(
        map(labels.__ne__, map(attrgetter("labels"), rows))
    ):
        row = next(row for row in rows if row.labels != labels)
        raise ValidationError(
            f"aging row of customer {shown(row.customer_id)} has the buckets "
            f"{shown(row.labels)}, not {shown(labels)}"
        )
    columns = RowColumns(
        labels,
        list(map(attrgetter("customer_id"), rows)),
        list(map(attrgetter("currency"), rows)),
        list(map(attrgetter("segment"), rows)),
        list(map(attrgetter("item_count"), rows)),
        list(itertools.chain.from_iterable(row_sums(rows))),
    )
    return _aging_columns_table(columns, metadata)


def _aging_columns_table(columns: RowColumns, metadata: Mapping[str, str]) -> pa.Table:
    """An aging report's columns as an Arrow table: the fast path a million-row report needs
    (every column read in C, and only the sums a row touched converted one by one)."""
    labels = columns.labels
    check_labels(labels)
    count = len(columns.customer_ids)
    width = len(labels)
    currency_runs = [
        (currency, len(list(run))) for currency, run in itertools.groupby(columns.currencies)
    ]
    scale = scale_of([currency for currency, _ in currency_runs])
    fields = [
        pa.field("customer_id", pa.string()),
        pa.field("segment", pa.string()),
        pa.field("currency", pa.string()),
        pa.field("item_count", pa.int64()),
    ]
    segments = columns.segments
    arrays = [
        pa.array(columns.customer_ids, type=pa.string()),
        pa.nulls(count, pa.string()) if segments is None else pa.array(segments, pa.string()),
        _runs(currency_runs),
        pa.array(columns.counts, type=pa.int64()),
    ]
    flat, stored = columns.sums, columns.stored
    money = decimal_columns(flat, stored, scale)
    if money is None:  # a value past decimal128(38, scale): each column widens as it needs
        money = [
            decimal_array(flat[index::stored], scale, name, nullable=False)
            for index, name in enumerate((*labels, "credits", "disputed")[:stored])
        ]
    zero = pa.scalar(Decimal(0), decimal_type(scale))
    money += [pa.repeat(zero, count)] * (width + 2 - stored)  # the sums not stored are zero
    for name, array in zip((*labels, "credits", "disputed"), money, strict=True):
        fields.append(money_field(name, array))
        arrays.append(array)
    try:
        total = exact_total(money[: min(stored, width + 1)], count, scale)
    except TooWideError:
        exact = decimal.Context(prec=WIDE_PRECISION * 2)
        totals = [
            functools.reduce(exact.add, sums[: width + 1], Decimal(0))
            for sums in columns.row_sums()
        ]
        total = decimal_array(totals, scale, "total")
    fields.append(money_field("total", total))
    arrays.append(total)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=dict(metadata)))


def _runs(runs: Sequence[tuple[Currency, int]]) -> pa.Array:
    if not runs:
        return pa.array([], type=pa.string())
    return pa.concat_arrays([pa.repeat(pa.scalar(c.code), length) for c, length in runs])


def _aging_table(report: AgingReport) -> pa.Table:
    metadata = {
        "as_of": report.as_of.isoformat(),
        "basis": report.basis.value,
        "credit_handling": report.credit_handling.value,
        "labels": json.dumps(report.labels),
    }
    if report.segment_by is not None:
        metadata["segment_by"] = report.segment_by
    source = row_source(report)
    if isinstance(source, RowColumns):
        return _aging_columns_table(source, metadata)
    return _aging_rows_table(report.rows, report.labels, metadata)


_CURRENCY_PAST_DUE: Final[list[_Spec]] = [
    ("total", "money", attrgetter("total")),
    ("current", "money", attrgetter("current")),
    ("past_due", "money", attrgetter("past_due")),
    ("past_due_share", "decimal", attrgetter("past_due_share")),
    ("disputed", "money", attrgetter("disputed")),
    ("accounts_past_due", "int", attrgetter("accounts_past_due")),
    ("concentration", "decimal", attrgetter("concentration")),
    ("reasons", "reasons", attrgetter("reasons")),
]
_DELINQUENT: Final[list[_Spec]] = [
    ("rank", "int", attrgetter("rank")),
    ("customer_id", "str", attrgetter("customer_id")),
    ("segment", "str", attrgetter("segment")),
    ("past_due", "money", attrgetter("past_due")),
    ("total", "money", attrgetter("total")),
    ("oldest_bucket", "str", attrgetter("oldest_bucket")),
    ("share", "decimal", attrgetter("share")),
    ("reasons", "reasons", attrgetter("reasons")),
]
_NOTICE: Final[list[_Spec]] = [
    ("customer_id", "str", attrgetter("customer_id")),
    ("as_of", "date", attrgetter("as_of")),
    ("level", "int", lambda notice: notice.level.number),
    ("action", "str", lambda notice: notice.level.action.value),
    ("policy_name", "str", attrgetter("policy_name")),
    ("pay_by", "date", attrgetter("pay_by")),
    ("item_count", "int", lambda notice: len(notice.items)),
    ("item_ids", "strs", lambda notice: [line.document_id for line in notice.items]),
    ("overdue", "money", attrgetter("overdue")),
    ("credits_applied", "money", attrgetter("credits_applied")),
    ("fees", "money", attrgetter("fees")),
    ("interest", "money", attrgetter("interest")),
    ("total_due", "money", attrgetter("total_due")),
    ("reasons", "reasons", attrgetter("reasons")),
]
# A notice line with its notice: (notice, line) pairs.
_NOTICE_LINE: Final[list[_Spec]] = [
    ("customer_id", "str", lambda pair: pair[0].customer_id),
    ("as_of", "date", lambda pair: pair[0].as_of),
    ("notice_level", "int", lambda pair: pair[0].level.number),
    ("document_id", "str", lambda pair: pair[1].document_id),
    ("kind", "str", lambda pair: pair[1].kind.value),
    ("document_date", "date", lambda pair: pair[1].document_date),
    ("due_date", "date", lambda pair: pair[1].due_date),
    ("days_overdue", "int", lambda pair: pair[1].days_overdue),
    ("level", "int", lambda pair: pair[1].level),
    ("original_amount", "money", lambda pair: pair[1].original_amount),
    ("open_amount", "money", lambda pair: pair[1].open_amount),
    ("interest", "money", lambda pair: pair[1].interest),
]
_WORKLIST: Final[list[_Spec]] = [
    ("rank", "int", attrgetter("rank")),
    ("customer_id", "str", attrgetter("customer_id")),
    ("score", "decimal", attrgetter("score")),
    ("past_due", "money", attrgetter("past_due")),
    ("oldest_days_past_due", "int", attrgetter("oldest_days_past_due")),
    ("broken_promises", "int", attrgetter("broken_promises")),
    ("factors", "strs", lambda entry: [name for name, _ in entry.breakdown]),
    ("reasons", "reasons", attrgetter("reasons")),
]
_OUTCOME: Final[list[_Spec]] = [
    ("payment_id", "str", attrgetter("payment_id")),
    ("customer_id", "str", attrgetter("customer_id")),
    ("status", "str", lambda outcome: outcome.status.value),
    ("confidence", "decimal", attrgetter("confidence")),
    ("invoice_ids", "strs", lambda outcome: list(outcome.invoice_ids)),
    ("applied", "money", attrgetter("applied")),
    ("unapplied", "money", attrgetter("unapplied")),
    ("reasons", "reasons", attrgetter("reasons")),
]
# An application with its outcome: (outcome, application) pairs.
_APPLICATION: Final[list[_Spec]] = [
    ("payment_id", "str", lambda pair: pair[0].payment_id),
    ("customer_id", "str", lambda pair: pair[0].customer_id),
    ("status", "str", lambda pair: pair[0].status.value),
    ("invoice_id", "str", lambda pair: pair[1].invoice_id),
    ("amount", "money", lambda pair: pair[1].amount),
    ("discount", "money", lambda pair: pair[1].discount),
    ("write_off", "money", lambda pair: pair[1].write_off),
    ("deduction", "money", lambda pair: pair[1].deduction),
    ("deduction_reason", "str", lambda pair: pair[1].deduction_reason),
    ("fx_difference", "own_money", lambda pair: pair[1].fx_difference),
]
# A provision line with its currency: (currency, line) pairs.
_ALLOWANCE_LINE: Final[list[_Spec]] = [
    ("bucket", "str", lambda pair: pair[1].bucket),
    ("balance", "money", lambda pair: pair[1].balance),
    ("rate", "decimal", lambda pair: pair[1].rate),
    ("adjusted_rate", "decimal", lambda pair: pair[1].adjusted_rate),
    ("allowance", "money", lambda pair: pair[1].allowance),
    ("overlay_effect", "money", lambda pair: pair[1].overlay_effect),
]
_SPECIFIC_LINE: Final[list[_Spec]] = [
    ("reason", "str", lambda line: line.reserve.reason),
    ("customer_id", "str", lambda line: line.reserve.customer_id),
    ("invoice_id", "str", lambda line: line.reserve.invoice_id),
    ("rate", "decimal", lambda line: line.reserve.rate),
    ("item_ids", "strs", lambda line: list(line.item_ids)),
    ("balance", "money", attrgetter("balance")),
    ("allowance", "money", attrgetter("allowance")),
]
# A journal line with its entry and the entry's number: (number, entry, line) triples.
_JOURNAL_LINE: Final[list[_Spec]] = [
    ("entry", "int", itemgetter(0)),
    ("posted_on", "date", lambda triple: triple[1].posted_on),
    ("entry_memo", "str", lambda triple: triple[1].memo),
    ("account", "str", lambda triple: triple[2].account),
    ("party", "str", lambda triple: triple[2].party),
    ("memo", "str", lambda triple: triple[2].memo),
    ("debit", "money", lambda triple: triple[2].debit),
    ("credit", "money", lambda triple: triple[2].credit),
]


def _journal_table(entries: Sequence[JournalEntry]) -> pa.Table:
    triples = [
        (number, entry, line)
        for number, entry in enumerate(entries, start=1)
        for line in entry.lines
    ]
    return _records_table(triples, _JOURNAL_LINE, lambda triple: triple[2].debit.currency)


def _allowance_table(result: AllowanceResult) -> pa.Table:
    pairs = [(result.currency, line) for line in result.lines]
    return _records_table(pairs, _ALLOWANCE_LINE, itemgetter(0))


def _notice_lines(notices: Sequence[DunningNotice]) -> pa.Table:
    pairs = [(notice, line) for notice in notices for line in notice.items]
    return _records_table(pairs, _NOTICE_LINE, lambda pair: pair[0].currency)


def _applications(outcomes: Sequence[PaymentOutcome]) -> pa.Table:
    pairs = [(outcome, app) for outcome in outcomes for app in outcome.applications]
    return _records_table(pairs, _APPLICATION, lambda pair: pair[1].amount.currency)


def _sequence_table(records: Sequence[object], lines: bool) -> pa.Table:
    if not records:
        return pa.table({})
    first = type(records[0])
    for position, record in enumerate(records):
        if type(record) is not first:
            raise InvalidTypeError(
                f"to_arrow takes records of one type; item {position} is a "
                f"{type(record).__name__}, item 0 a {first.__name__}"
            )
    if first is AgingRow:
        rows: Sequence[AgingRow] = records  # type: ignore[assignment]
        return _aging_rows_table(rows, rows[0].labels, {})
    if first is CurrencyPastDue:
        return _records_table(records, _CURRENCY_PAST_DUE, attrgetter("currency"))
    if first is DelinquentAccount:
        return _records_table(records, _DELINQUENT, lambda account: account.total.currency)
    if first is DunningNotice:
        notices: Sequence[DunningNotice] = records  # type: ignore[assignment]
        if lines:
            return _notice_lines(notices)
        return _records_table(notices, _NOTICE, attrgetter("currency"))
    if first is WorklistEntry:
        return _records_table(records, _WORKLIST, attrgetter("currency"))
    if first is PaymentOutcome:
        outcomes: Sequence[PaymentOutcome] = records  # type: ignore[assignment]
        if lines:
            return _applications(outcomes)
        return _records_table(outcomes, _OUTCOME, lambda outcome: outcome.unapplied.currency)
    if first is AllowanceLine:
        line_records: Sequence[AllowanceLine] = records  # type: ignore[assignment]
        return _records_table(
            [(line.balance.currency, line) for line in line_records],
            _ALLOWANCE_LINE,
            itemgetter(0),
        )
    if first is SpecificLine:
        return _records_table(records, _SPECIFIC_LINE, lambda line: line.balance.currency)
    if first is JournalEntry:
        entries: Sequence[JournalEntry] = records  # type: ignore[assignment]
        return _journal_table(entries)
    raise InvalidTypeError(f"to_arrow does not convert {first.__name__} records")


@in_context
def to_arrow(result: Result, *, lines: bool = False) -> pa.Table:
    """A result as an Arrow table: one row per record, money as decimal128 with a ``currency``
    column, dates as date32, enums as their values, reasons as a list of ``{code, message}``.

    What a row is, for each result (``lines=True`` gives the lines inside the records):

    - :class:`~receivables.aging.AgingReport`: one row per customer and currency: ``customer_id``,
      ``segment``, ``currency``, ``item_count``, a column per bucket label, ``credits``,
      ``disputed``, ``total``; the report's date, basis and labels in the schema metadata.
    - :class:`~receivables.aging.PastDueReport`: one row per currency (total, current, past due,
      shares, concentration); with ``lines=True`` one row per top delinquent account.
    - :class:`~receivables.dunning.DunningRun` (or its notices): one row per notice (level,
      action, pay-by date, the items' ids, overdue, credits applied, fees, interest, total due);
      with ``lines=True`` one row per item on a notice.
    - the worklist (a sequence of :class:`~receivables.dunning.WorklistEntry`): one row per
      account, in rank order.
    - :class:`~receivables.cashapp.CashApplicationResult` (or its outcomes): one row per
      payment; with ``lines=True`` one row per application (cash, discount, write-off,
      deduction, and the FX difference with its own currency column).
    - :class:`~receivables.allowance.AllowanceResult` (a provision): one row per bucket;
      :class:`~receivables.allowance.AllowanceEstimate`: its pooled lines, or with
      ``lines=True`` its specific reserves.
    - :class:`~receivables.allowance.JournalEntry` (or a sequence of them): one row per journal
      line, with the entry's number, date and memo.

    Rates and scores (Decimals that are not money) are decimal columns of the scale their values
    need. An empty sequence gives an empty table without columns (its type is unknown).

    Examples:
        >>> import datetime as dt
        >>> from receivables import CreditMemo, Invoice, Money
        >>> from receivables.aging import age
        >>> items = [Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("500.10", "USD"),
        ...                  due_date=dt.date(2026, 2, 1)),
        ...          CreditMemo("CM-1", "C-1", dt.date(2026, 3, 5), Money("50", "USD"))]
        >>> table = to_arrow(age(items, dt.date(2026, 3, 20)))
        >>> table.column_names
        ['customer_id', 'segment', 'currency', 'item_count', 'Current', '1-30', '31-60', \
'61-90', '91-120', 'Over 120', 'credits', 'disputed', 'total']
        >>> table.column("total").to_pylist(), table.column("credits").to_pylist()
        ([Decimal('450.10')], [Decimal('-50.00')])
    """
    if isinstance(result, AgingReport):
        return _aging_table(result)
    if isinstance(result, PastDueReport):
        if lines:
            accounts = [a for currency in result.by_currency for a in currency.top_accounts]
            return _records_table(
                accounts,
                _DELINQUENT,
                lambda account: account.total.currency,
                {"as_of": result.as_of.isoformat()},
            )
        return _records_table(
            result.by_currency,
            _CURRENCY_PAST_DUE,
            attrgetter("currency"),
            {"as_of": result.as_of.isoformat()},
        )
    if isinstance(result, DunningRun):
        return _sequence_table(result.notices, lines) if result.notices else _empty_notices(lines)
    if isinstance(result, CashApplicationResult):
        if not result.outcomes:
            return _records_table([], _APPLICATION if lines else _OUTCOME, _no_currency)
        return _sequence_table(result.outcomes, lines)
    if isinstance(result, AllowanceResult):
        return _allowance_table(result)
    if isinstance(result, AllowanceEstimate):
        if lines:
            return _records_table(result.specific, _SPECIFIC_LINE, lambda _: result.currency)
        return _allowance_table(result.pooled)
    if isinstance(result, JournalEntry):
        return _journal_table([result])
    if isinstance(result, str | bytes | Mapping) or not isinstance(result, Sequence):
        raise InvalidTypeError(
            f"to_arrow converts a result or a sequence of records, not {type(result).__name__}"
        )
    return _sequence_table(result, lines)


def _empty_notices(lines: bool) -> pa.Table:
    return _records_table([], _NOTICE_LINE if lines else _NOTICE, _no_currency)


def _no_currency(record: object) -> Currency:  # pragma: no cover - no record to ask
    raise ValidationError("an empty table has no rows")
