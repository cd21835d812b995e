"""Rows in, documents out: :func:`load_rows` and what it returns.

:func:`load_rows` reads the rows of an ERP export (dicts, as :class:`csv.DictReader` gives them)
through a :class:`~receivables.adapters.ColumnMap` and returns a :class:`LoadResult`: the
invoices, credit memos and unapplied payments, their customers, the rows it rejected (with row,
column and reason), the total rows it skipped, and a per-currency reconciliation that proves
nothing was lost: the accepted total plus the rejected total is the input's total.

Row numbers count data rows from 1 (a CSV file's first data row, its line 2, is row 1).

Examples:
    >>> from receivables.adapters.maps import MAPS
    >>> rows = [
    ...     {"Posting Date": "2026-05-01", "Party": "C-1", "Voucher Type": "Sales Invoice",
    ...      "Voucher No": "SINV-1", "Due Date": "2026-05-31", "Invoiced Amount": "1,200.00",
    ...      "Outstanding Amount": "1,200.00", "Currency": "USD"},
    ...     {"Posting Date": "2026-05-03", "Party": "C-1", "Voucher Type": "Sales Invoice",
    ...      "Voucher No": "SINV-2", "Due Date": "2026-06-02", "Invoiced Amount": "-150.00",
    ...      "Outstanding Amount": "-150.00", "Currency": "USD"},
    ... ]
    >>> result = load_rows(rows, MAPS["erpnext"])
    >>> [type(d).__name__ for d in result.documents], result.reconciles
    (['Invoice', 'CreditMemo'], True)
    >>> result.reconciliation[0].accepted_total
    Money('1050.00', 'USD')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Literal

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables.adapters._build import Document, GroupRejectError, build, single_document
from receivables.adapters._cells import (
    ZERO,
    Line,
    RejectError,
    figure,
    number_symbols,
    row_amounts,
    row_currency,
    row_kind,
)
from receivables.adapters._reader import Reader
from receivables.adapters.columns import ColumnMap, RowKind
from receivables.convert import DictForm
from receivables.documents import CreditMemo, Customer, Invoice, Payment, Portfolio
from receivables.errors import (
    ExportRowError,
    InvalidPolicyError,
    InvalidTypeError,
    ReceivablesError,
)
from receivables.money import Currency, Money
from receivables.terms import PaymentTerms

__all__ = ["LoadResult", "Reconciliation", "Rejection", "RowNote", "load_rows"]


@attrs.frozen
class Rejection(DictForm):
    """A row that became no document: where (``row``, ``column``), why (``code``, ``reason``),
    and the signed amount it carried when that could be read (``amount``, receivable-positive:
    what the row would have added to the balance), so that totals still reconcile.

    Codes (registered reason codes, see :data:`receivables.explain.REASON_CODES`):
    ``adapters.missing_column``, ``adapters.blank_cell``, ``adapters.long_cell``,
    ``adapters.bad_date``, ``adapters.bad_amount``, ``adapters.bad_currency``,
    ``adapters.bad_terms``, ``adapters.bad_kind``, ``adapters.not_a_row``,
    ``adapters.conflicting_rows``, ``adapters.bad_schedule``, ``adapters.unknown_target``,
    ``adapters.bad_balance``, ``adapters.bad_document``; for skipped rows
    ``adapters.summary_row`` and ``adapters.blank_row``.

    Examples:
        >>> Rejection(3, "Due", "adapters.bad_date", "cannot read '31/02/2026'", None).row
        3
    """

    row: int
    column: str | None
    code: str
    reason: str
    amount: Money | None


@attrs.frozen
class RowNote(DictForm):
    """Something a loaded row carries that the reader replaced, such as a payment-term name read
    leniently: the row, the column, a code (``terms.defaulted``) and what happened.

    Examples:
        >>> RowNote(4, "Terms", "terms.defaulted", "'Net 30 days EOM+5' unread: Net 30").code
        'terms.defaulted'
    """

    row: int
    column: str
    code: str
    message: str


@attrs.frozen
class Reconciliation(DictForm):
    """One currency's proof that nothing read was lost: ``input_total`` (the signed open amount
    of every readable entry row) equals ``accepted_total`` (the open balance of the documents)
    plus ``rejected_total`` (the rows rejected).

    Examples:
        >>> usd = Money("100", "USD")
        >>> Reconciliation(usd.currency, usd, Money("60", "USD"), Money("40", "USD"), 2, 1, 1
        ...                ).balanced
        True
    """

    currency: Currency
    input_total: Money
    accepted_total: Money
    rejected_total: Money
    input_rows: int
    accepted_rows: int
    rejected_rows: int

    @property
    def balanced(self) -> bool:
        """Whether accepted plus rejected equals the input, to the last digit.

        Examples:
            >>> z = Money("0", "EUR")
            >>> Reconciliation(z.currency, z, z, Money("1", "EUR"), 1, 0, 1).balanced
            False
        """
        return self.accepted_total + self.rejected_total == self.input_total


@attrs.frozen
class LoadResult(DictForm):
    """What :func:`load_rows` made of an export.

    ``documents`` (invoices, credit memos, unapplied payments, in the order their first rows
    came), ``customers`` (one per customer id, named from the customer-name column when there
    is one, in the currency of its first document), ``rejected`` and ``skipped`` rows (as
    :class:`Rejection`), ``notes`` on loaded rows, ``reconciliation`` per currency,
    ``rows_read``, and ``unreadable_rows`` (rejected rows whose amount or currency could not be
    read, so that they are in no currency's total).

    Examples:
        >>> from receivables.adapters.maps import MAPS
        >>> result = load_rows([], MAPS["quickbooks"])
        >>> result.rows_read, result.reconciles, result.documents
        (0, True, ())
    """

    documents: tuple[Document, ...]
    customers: tuple[Customer, ...]
    rejected: tuple[Rejection, ...]
    skipped: tuple[Rejection, ...]
    notes: tuple[RowNote, ...]
    reconciliation: tuple[Reconciliation, ...]
    rows_read: int
    accepted_rows: int
    unreadable_rows: int

    @property
    def reconciles(self) -> bool:
        """Whether every row is accounted for (accepted, rejected or skipped) and every
        currency's totals balance.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> load_rows([{"Customer": "C"}], MAPS["quickbooks"], errors="collect").reconciles
            True
        """
        counted = self.accepted_rows + len(self.rejected) + len(self.skipped)
        return counted == self.rows_read and all(r.balanced for r in self.reconciliation)

    @property
    def invoices(self) -> tuple[Invoice, ...]:
        """The invoices among the documents.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> load_rows([], MAPS["sap_fbl5n"]).invoices
            ()
        """
        return tuple(d for d in self.documents if type(d) is Invoice)

    @property
    def credit_memos(self) -> tuple[CreditMemo, ...]:
        """The credit memos among the documents.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> load_rows([], MAPS["xero"]).credit_memos
            ()
        """
        return tuple(d for d in self.documents if type(d) is CreditMemo)

    @property
    def payments(self) -> tuple[Payment, ...]:
        """The unapplied payments among the documents.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> load_rows([], MAPS["netsuite"]).payments
            ()
        """
        return tuple(d for d in self.documents if type(d) is Payment)

    def portfolio(self, as_of: dt.date) -> Portfolio:
        """The documents and customers as a :class:`~receivables.Portfolio` on ``as_of``.

        Examples:
            >>> import datetime as dt
            >>> from receivables.adapters.maps import MAPS
            >>> load_rows([], MAPS["odoo_aged"]).portfolio(dt.date(2026, 6, 30)).open_items()
            ()
        """
        return Portfolio(
            as_of=as_of,
            customers=self.customers,
            invoices=self.invoices,
            credit_memos=self.credit_memos,
            payments=self.payments,
        )


# -- the loader ----------------------------------------------------------------------------------
# Reading cells is in _cells (the careful way) and _reader (the per-load state), the fast way in
# _fast, building documents in _build; the rows read the careful way and the reconciliation here.


@in_context
def load_rows(
    rows: Iterable[Mapping[str, str | None]],
    mapping: ColumnMap,
    *,
    errors: Literal["raise", "collect"] = "raise",
) -> LoadResult:
    """Read an ERP export's rows into documents through ``mapping``.

    ``rows`` are dicts of column name to cell text (what :class:`csv.DictReader` gives; a
    ``None`` cell is blank). Each row becomes part of a document, a rejection (row, column,
    reason) or, for total and blank rows, a skipped row: nothing is dropped silently, and
    :attr:`LoadResult.reconciliation` proves it per currency. With ``errors="raise"`` the first
    rejection raises :class:`~receivables.errors.ExportRowError` (with ``.row`` and
    ``.column``); with ``errors="collect"`` rejections are returned.

    Rows sharing a customer and document number are one document: a voucher repeated per
    payment-schedule line (different due dates) is one invoice on instalment terms, and a
    ledger row applied to another document (the map's ``against`` column) nets into it.

    Limits: each cell at most 1,000 characters
    (:data:`~receivables.adapters.columns.MAX_CELL_LENGTH`); amounts as :meth:`Money.parse`
    reads them (at most 100 characters); time and memory linear in the number of rows.

    Examples:
        >>> from receivables.adapters.maps import MAPS
        >>> rows = [{"Date": "07/01/2026", "Transaction Type": "Invoice", "Num": "1001",
        ...          "Customer": "Acme", "Due Date": "31/07/2026", "Amount": "500.00",
        ...          "Open Balance": "500.00"}]
        >>> load_rows(rows, MAPS["quickbooks"])
        Traceback (most recent call last):
        ...
        receivables.errors.ExportRowError: row 1, column Due Date: cannot read '31/07/2026' as \
a date in the format %m/%d/%Y
        >>> load_rows(rows, MAPS["quickbooks"], errors="collect").rejected[0].code
        'adapters.bad_date'
    """
    return _load(rows, mapping, errors)


def _load(
    rows: Iterable[Mapping[str, str | None]],
    mapping: ColumnMap,
    errors: Literal["raise", "collect"],
) -> LoadResult:
    if not isinstance(mapping, ColumnMap):
        raise InvalidTypeError(f"mapping must be a ColumnMap, not {type(mapping).__name__}")
    if errors not in ("raise", "collect"):
        raise InvalidPolicyError(f"errors must be 'raise' or 'collect', got {shown(errors)}")
    if isinstance(rows, str | bytes | Mapping):
        raise InvalidTypeError(
            f"rows must be an iterable of dicts (one per row), not {type(rows).__name__}"
        )
    raising = errors == "raise"
    point, separator = number_symbols(mapping.locale)
    reader = Reader(mapping, point=point, group=separator)
    reader.fill = dict.fromkeys(mapping.fill_down, "")
    # By customer and document: one line, or a list when a document has several rows (one list
    # per document would be a million more objects for the garbage collector to walk).
    groups: dict[str, Line | list[Line]] = {}
    inputs: dict[Currency, list[Decimal]] = {}  # per currency: the entry rows' signed total
    input_rows: dict[Currency, int] = {}
    by_open = mapping.open_amount is not None or mapping.amount is None
    names: dict[str, str] = {}
    rejected: list[Rejection] = []
    skipped: list[Rejection] = []
    notes: list[RowNote] = []
    markers = frozenset(marker.casefold() for marker in mapping.summary_markers)
    row_number = 0
    resolved = False
    unreadable = 0

    def reject(row: int, column: str | None, code: str, reason: str, figure: Money | None) -> None:
        nonlocal unreadable
        if raising:
            raise ExportRowError(reason, row=row, column=column)
        if figure is None:
            unreadable += 1
        rejected.append(Rejection(row, column, code, reason, figure))

    try:
        iterator = iter(rows)
    except TypeError:
        raise InvalidTypeError(f"rows must be iterable, not {type(rows).__name__}") from None
    for cells in iterator:
        row_number += 1
        if type(cells) is not dict and not isinstance(cells, Mapping):
            reject(
                row_number, None, "adapters.not_a_row", f"not a row of cells: {shown(cells)}", None
            )
            continue
        if not resolved:
            reader.resolve(cells.keys())
            resolved = True
        try:
            line, note = _read(reader, cells, row_number, markers)
        except RejectError as problem:
            reject(row_number, problem.column, problem.code, problem.reason, figure(reader, cells))
            continue
        if isinstance(line, Rejection):
            skipped.append(line)
            continue
        if note is not None:
            notes.append(RowNote(row_number, mapping.terms or "", "terms.defaulted", note))
        if line.name and line.customer not in names:
            names[line.customer] = line.name
        currency = line.currency
        total = inputs.get(currency)
        if total is None:
            inputs[currency] = [line.open if by_open else line.whole]
            input_rows[currency] = 1
        else:
            total[0] = CONTEXT.add(total[0], line.open if by_open else line.whole)
            input_rows[currency] += 1
        key = f"{line.customer}\x1f{line.against or line.document}"
        group = groups.get(key)
        if group is None:
            groups[key] = line
        elif isinstance(group, list):
            group.append(line)
        else:
            groups[key] = [group, line]
    read_rejections = len(rejected)

    documents: list[Document] = []
    accepted_rows = 0
    accepted: dict[Currency, int] = {}
    entries = list(groups.values())
    groups.clear()
    entries.reverse()
    while entries:  # the lines go as their documents come
        entry = entries.pop()
        if type(entry) is Line and entry.against is None:
            single = single_document(entry, mapping)
            if single is not None:
                documents.append(single)
                accepted_rows += 1
                accepted[entry.currency] = accepted.get(entry.currency, 0) + 1
                continue
        lines = entry if isinstance(entry, list) else [entry]
        head = lines[0]
        try:
            documents.extend(build(lines, head.against or head.document, mapping))
        except (GroupRejectError, ReceivablesError) as problem:
            if isinstance(problem, GroupRejectError):
                column, code, reason = problem.column, problem.code, problem.reason
            else:
                column, code, reason = None, "adapters.bad_document", str(problem)
            for line in lines:
                reject(
                    line.row, column, code, reason, Money(_figure_of(line, mapping), line.currency)
                )
            continue
        accepted_rows += len(lines)
        accepted[head.currency] = accepted.get(head.currency, 0) + len(lines)
    return LoadResult(
        documents=tuple(documents),
        customers=_customers(documents, names),
        rejected=tuple(sorted(rejected, key=lambda r: r.row)),
        skipped=tuple(skipped),
        notes=tuple(notes),
        reconciliation=_reconcile(
            inputs, input_rows, accepted, documents, rejected, read_rejections
        ),
        rows_read=row_number,
        accepted_rows=accepted_rows,
        unreadable_rows=unreadable,
    )


def _figure_of(line: Line, mapping: ColumnMap) -> Decimal:
    return line.open if mapping.open_amount is not None or mapping.amount is None else line.whole


def _read(
    reader: Reader, cells: Mapping[str, object], row: int, markers: frozenset[str]
) -> tuple[Line | Rejection, str | None]:
    """One row read: the fast way (``_fast.fast_reader``) when it can be, else the careful way
    (:func:`_read_cells`)."""
    fast = reader.fast
    if fast is not None:
        found = fast(cells, row)
        if found is not None:
            return found
    return _read_cells(reader, cells, row, markers)


def _read_cells(
    reader: Reader, cells: Mapping[str, object], row: int, markers: frozenset[str]
) -> tuple[Line | Rejection, str | None]:
    mapping = reader.mapping
    customer = reader.cell(cells, mapping.customer)
    document = reader.cell(cells, mapping.document)
    date_text = reader.cell(cells, mapping.document_date)
    if not document:
        skipped = _skipped_row(reader, cells, row, customer, date_text, markers)
        if skipped is not None:
            return skipped, None
    if not customer:
        raise RejectError(mapping.customer, "adapters.blank_cell", "the customer is blank")
    kind = row_kind(reader, cells)
    if kind is RowKind.SUMMARY:
        return Rejection(row, mapping.kind, "adapters.summary_row", "a total row", None), None
    if not document:
        if kind is not RowKind.PAYMENT:
            raise RejectError(
                mapping.document, "adapters.blank_cell", "the document number is blank"
            )
        document = f"payment at row {row}"  # reports print unnumbered payments (QuickBooks)
    if not date_text:
        raise RejectError(
            mapping.document_date, "adapters.blank_cell", "the document date is blank"
        )
    issue = reader.date(date_text, mapping.document_date)
    due: dt.date | None = None
    if mapping.due_date is not None:
        due_text = reader.cell(cells, mapping.due_date)
        if due_text:
            due = reader.date(due_text, mapping.due_date)
    currency = row_currency(reader, cells)
    whole, open_ = row_amounts(reader, cells, currency, kind)
    terms: PaymentTerms | None = None
    note: str | None = None
    if mapping.terms is not None:
        terms_text = reader.cell(cells, mapping.terms, False)
        if terms_text:
            terms, note = reader.read_terms(terms_text)
    against: str | None = None
    if mapping.against is not None:
        against_text = reader.cell(cells, mapping.against, False)
        if against_text and against_text != document:
            against = against_text
    name = reader.cell(cells, mapping.customer_name, False) if mapping.customer_name else None
    references: tuple[str, ...] = ()
    if mapping.references:
        references = tuple(
            text for column in mapping.references if (text := reader.cell(cells, column, False))
        )
    line = Line(
        row,
        customer,
        name or None,
        document,
        against,
        kind,
        issue,
        due,
        currency,
        whole,
        open_,
        terms,
        references,
    )
    return line, note


def _skipped_row(
    reader: Reader,
    cells: Mapping[str, object],
    row: int,
    customer: str,
    date_text: str,
    markers: frozenset[str],
) -> Rejection | None:
    """A row without a document number that is no document: blank, a group heading (only the
    filled-down columns are set), or a heading or total of a report (see ``summary_markers``)."""
    if not any(isinstance(value, str) and value.strip() for value in cells.values()):
        return Rejection(row, None, "adapters.blank_row", "a blank row", None)
    fill = reader.mapping.fill_down
    filled = {reader.columns.get(column, column) for column in fill}
    others = any(
        isinstance(value, str) and value.strip()
        for key, value in cells.items()
        if key not in filled
    )
    if not others:
        return Rejection(row, None, "adapters.summary_row", "a group heading", None)
    if markers and (
        not customer
        or any(customer.casefold().startswith(m) for m in markers)
        or any(date_text.casefold().startswith(m) for m in markers)
    ):
        return Rejection(row, None, "adapters.summary_row", "a heading or total row", None)
    return None


def _customers(documents: list[Document], names: dict[str, str]) -> tuple[Customer, ...]:
    found: dict[str, Customer] = {}
    for document in documents:
        customer_id = document.customer_id
        if customer_id is None or customer_id in found:
            continue
        found[customer_id] = Customer(
            customer_id, names.get(customer_id, customer_id), document.amount.currency
        )
    return tuple(found.values())


def _reconcile(
    inputs: dict[Currency, list[Decimal]],
    input_rows: dict[Currency, int],
    accepted_rows: dict[Currency, int],
    documents: list[Document],
    rejected: list[Rejection],
    read_rejections: int,
) -> tuple[Reconciliation, ...]:
    """The per-currency totals, each side computed on its own: the input from the rows as they
    were read (``inputs``, plus the first ``read_rejections`` rejections, refused before they
    became lines), the accepted side from the documents built, the rejected side from the
    rejections."""
    totals: dict[Currency, list[Decimal]] = {}
    counts: dict[Currency, list[int]] = {}

    def add(currency: Currency, index: int, amount: Decimal, rows: int) -> None:
        if currency not in totals:
            totals[currency] = [ZERO, ZERO, ZERO]
            counts[currency] = [0, 0, 0]
        totals[currency][index] = CONTEXT.add(totals[currency][index], amount)
        counts[currency][index] += rows

    for currency, (total,) in inputs.items():
        add(currency, 0, total, input_rows[currency])
    for currency, rows in accepted_rows.items():
        counts[currency][1] += rows
    for position, rejection in enumerate(rejected):
        if rejection.amount is None:
            continue
        currency, amount = rejection.amount.currency, rejection.amount.amount
        if position < read_rejections:  # rejected before grouping: input all the same
            add(currency, 0, amount, 1)
        add(currency, 2, amount, 1)
    sums: dict[Currency, Decimal] = {}
    for document in documents:
        balance = document.open_balance
        sums[balance.currency] = CONTEXT.add(sums.get(balance.currency, ZERO), balance.amount)
    for currency, total in sums.items():
        add(currency, 1, total, 0)
    return tuple(
        Reconciliation(
            currency,
            Money(totals[currency][0], currency),
            Money(totals[currency][1], currency),
            Money(totals[currency][2], currency),
            *counts[currency],
        )
        for currency in sorted(totals)
    )
