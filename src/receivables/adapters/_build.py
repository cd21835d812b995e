"""Building documents: the lines of one customer and document number into an invoice (on
instalment terms when a voucher repeats per payment-schedule line), a credit memo or a
payment, with the lines applied against it netted in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from receivables._decimal import CONTEXT
from receivables.adapters._cells import ONE, ZERO, Line
from receivables.adapters.columns import ColumnMap, RowKind
from receivables.documents import CreditMemo, Invoice, Payment
from receivables.errors import ReceivablesError
from receivables.money import Currency, Money
from receivables.terms import PaymentTerms

Document = Invoice | CreditMemo | Payment


class GroupRejectError(Exception):
    def __init__(self, column: str | None, code: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.code = code
        self.reason = reason


def _schedule(lines: list[Line], mapping: ColumnMap) -> tuple[dt.date, PaymentTerms]:
    """A voucher repeated per payment-schedule line: its last due date and instalment terms."""
    column = mapping.due_date
    by_due: dict[dt.date, Decimal] = {}
    for line in lines:
        if line.due is None:
            raise GroupRejectError(
                column, "adapters.bad_schedule", "a repeated document without due dates"
            )
        by_due[line.due] = CONTEXT.add(by_due.get(line.due, ZERO), line.whole)
    if len(by_due) < 2:
        raise GroupRejectError(
            mapping.document,
            "adapters.conflicting_rows",
            "the document appears twice with one due date",
        )
    total = sum(by_due.values(), ZERO)
    issue = lines[0].issue
    parts: list[tuple[Decimal, int]] = []
    allocated = ZERO
    dues = sorted(by_due)
    for position, due in enumerate(dues):
        amount = by_due[due]
        if amount <= 0 or total <= 0:
            raise GroupRejectError(
                mapping.amount or mapping.open_amount,
                "adapters.bad_schedule",
                f"schedule line due {due} has no positive amount ({amount})",
            )
        days = (due - issue).days
        if days < 0:
            raise GroupRejectError(
                column, "adapters.bad_schedule", f"schedule line due {due} precedes {issue}"
            )
        if position == len(dues) - 1:
            share = CONTEXT.subtract(ONE, allocated)
        else:
            share = CONTEXT.divide(amount, total)
            allocated = CONTEXT.add(allocated, share)
        parts.append((share, days))
    try:
        return dues[-1], PaymentTerms.instalment_plan(parts)
    except ReceivablesError as error:
        raise GroupRejectError(column, "adapters.bad_schedule", str(error)) from None


def single_document(line: Line, mapping: ColumnMap) -> Invoice | None:
    """The common case, a document of one invoice row with a due date and its open amount
    within its amount: the invoice :func:`build` would make of it; ``None`` for any other row
    (then :func:`build` decides, and explains a rejection)."""
    kind, whole, open_, due = line.kind, line.whole, line.open, line.due
    if (
        (kind is RowKind.INVOICE or kind is RowKind.AUTO)
        and due is not None
        and whole > ZERO
        and ZERO <= open_ <= whole
    ):
        currency = line.currency
        try:
            return Invoice(
                line.document,
                line.customer,
                line.issue,
                Money(whole, currency),
                due_date=due,
                terms=line.terms if line.terms is not None else mapping.default_terms,
                open_amount=Money(open_, currency),
                references=line.references,
            )
        except ReceivablesError:  # a due date before the issue date: build rejects the row
            return None
    return None


def build(lines: list[Line], target: str, mapping: ColumnMap) -> list[Document]:
    """The documents of one group: the rows of one document and the rows applied to it."""
    first = lines[0]
    if len(lines) == 1 and first.document == target:
        own = lines
        applied: list[Line] = []
    else:
        own = [line for line in lines if line.document == target]
        applied = [line for line in lines if line.document != target]
    if not own:
        raise GroupRejectError(
            mapping.against,
            "adapters.unknown_target",
            f"applies to {target!r}, which is not in the export",
        )
    head = own[0]
    currency = head.currency
    for line in lines:
        if line.currency is not currency:
            raise GroupRejectError(
                mapping.currency,
                "adapters.conflicting_rows",
                f"rows of {target!r} are in {currency} and {line.currency}",
            )
    for line in own[1:]:
        if line.issue != head.issue:
            raise GroupRejectError(
                mapping.document_date,
                "adapters.conflicting_rows",
                f"rows of {target!r} are dated {head.issue} and {line.issue}",
            )
        if line.kind is not head.kind:
            raise GroupRejectError(
                mapping.kind,
                "adapters.conflicting_rows",
                f"rows of {target!r} are of kinds {head.kind.value} and {line.kind.value}",
            )
    if len(own) == 1:
        whole = head.whole
        open_ = head.open
    else:
        whole = sum((line.whole for line in own), ZERO)
        open_ = sum((line.open for line in own), ZERO)
    for line in applied:
        open_ = CONTEXT.add(open_, line.open)
    kind = head.kind
    if not whole:  # reports that print a credit only as its open amount (ERPNext's payments)
        whole = sum((line.open for line in own), ZERO)
    direction = whole if whole else open_
    references = head.references if len(own) == 1 else _merged_references(own)
    if kind is RowKind.OPENING:
        references = ("opening", *references)
    if kind in (RowKind.INVOICE, RowKind.AUTO, RowKind.OPENING) and direction >= 0:
        return _invoice(own, applied, target, whole, open_, currency, references, mapping)
    if direction >= 0:
        raise GroupRejectError(
            mapping.amount or mapping.open_amount or mapping.debit,
            "adapters.bad_balance",
            f"a {kind.value.replace('_', ' ')} with a debit balance ({whole}) is no receivable "
            "document the library models (a refund?)",
        )
    amount = Money(-whole, currency)
    open_money = Money(-open_, currency)
    if open_money.is_negative or open_money > amount:
        raise GroupRejectError(
            mapping.open_amount or mapping.against,
            "adapters.bad_balance",
            f"the open credit {open_money} is not between zero and the credit {amount}",
        )
    if kind is RowKind.PAYMENT:
        return [
            Payment(
                target,
                head.issue,
                amount,
                customer_id=head.customer,
                references=references,
                unapplied_amount=open_money,
            )
        ]
    return [
        CreditMemo(
            target,
            head.customer,
            head.issue,
            amount,
            open_amount=open_money,
            references=references,
        )
    ]


def _merged_references(lines: list[Line]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ref for line in lines for ref in line.references))


def _invoice(
    own: list[Line],
    applied: list[Line],
    target: str,
    whole: Decimal,
    open_: Decimal,
    currency: Currency,
    references: tuple[str, ...],
    mapping: ColumnMap,
) -> list[Document]:
    head = own[0]
    due = head.due
    terms = head.terms if head.terms is not None else mapping.default_terms
    if len(own) > 1:
        due, terms = _schedule(own, mapping)
    elif due is None and terms is None:
        raise GroupRejectError(
            mapping.due_date or mapping.terms,
            "adapters.blank_cell",
            "the invoice has no due date and no terms (and the map no default_terms)",
        )
    extra: list[Document] = []
    if open_ < 0 and applied:  # paid beyond its amount: the excess is unapplied cash
        last = max(applied, key=lambda line: (line.issue, line.row)) if applied else head
        extra.append(
            Payment(
                f"{target}/overpaid",
                last.issue,
                Money(-open_, currency),
                customer_id=head.customer,
                references=(target,),
            )
        )
        open_ = ZERO
    if open_ > whole or open_ < 0:
        raise GroupRejectError(
            mapping.open_amount,
            "adapters.bad_balance",
            f"the open amount {open_} is not between zero and the invoice amount {whole}",
        )
    invoice = Invoice(
        target,
        head.customer,
        head.issue,
        Money(whole, currency),
        due_date=due,
        terms=terms,
        open_amount=Money(open_, currency),
        references=references,
    )
    return [invoice, *extra]
