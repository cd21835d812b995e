"""Sample ERP exports: the seeded sample portfolio printed as an ERP prints its AR report.

:func:`erpnext_export` is the embedded sample the command line and the docs read with
``MAPS["erpnext"]``: a fresh machine has an export to try without any file. It is generated
(pure, deterministic), not read from disk.

Examples:
    >>> import csv
    >>> from receivables.adapters import MAPS, load_rows
    >>> text = erpnext_export(seed=3, customers=5)
    >>> text.splitlines()[0].split(",")[:3]
    ['Posting Date', 'Party Type', 'Party']
    >>> load_rows(csv.DictReader(text.splitlines()), MAPS["erpnext"]).reconciles
    True
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from receivables._decimal import in_context
from receivables._validate import require_date, require_int_in
from receivables.documents import CreditMemo, Invoice, Payment
from receivables.money import Money
from receivables.samples.portfolio import MAX_CUSTOMERS, sample_portfolio

__all__ = ["ERPNEXT_COLUMNS", "erpnext_export"]

ERPNEXT_COLUMNS: tuple[str, ...] = (
    "Posting Date",
    "Party Type",
    "Party",
    "Customer Name",
    "Voucher Type",
    "Voucher No",
    "Due Date",
    "Invoiced Amount",
    "Paid Amount",
    "Credit Note",
    "Outstanding Amount",
    "Currency",
    "Customer LPO",
)
"""The columns :func:`erpnext_export` writes: those of ERPNext's "Accounts Receivable" report
that :data:`receivables.adapters.MAPS` ``["erpnext"]`` reads, in the report's order.

Examples:
    >>> ERPNEXT_COLUMNS[5]
    'Voucher No'
"""


def _amount(money: Money) -> str:
    """An amount as ERPNext prints it in a CSV export: grouped thousands, the currency's digits."""
    return f"{money.amount:,.{money.currency.minor_units}f}"


@in_context
def erpnext_export(
    seed: int = 7,
    customers: int = 20,
    as_of: dt.date = dt.date(2026, 6, 30),
) -> str:
    """The open items of :func:`~receivables.samples.sample_portfolio` as the CSV text of an
    ERPNext "Accounts Receivable" export (with its closing ``'Total'`` row, per currency).

    Open invoices print their invoiced, paid and outstanding amounts; open credit memos print as
    returns (a negative outstanding) and unapplied payments of known customers as Payment
    Entries (cash from a payer not yet identified is on no customer's ledger, so not here).
    Amounts use ``1,234.50`` grouping; dates are ISO.

    Examples:
        >>> lines = erpnext_export(seed=1, customers=3).splitlines()
        >>> lines[-1].startswith("'Total'")
        True
    """
    require_int_in(customers, "customers", 1, MAX_CUSTOMERS)
    require_date(as_of, "as_of")
    book = sample_portfolio(seed, customers, as_of, include_paid=False)
    names = {customer.id: customer.name for customer in book.customers}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ERPNEXT_COLUMNS)
    totals: dict[str, Money] = {}
    for item in book.open_items():
        if item.customer_id is None:  # cash from a payer not yet known: not on a party's ledger
            continue
        customer = item.customer_id
        balance = item.open_balance
        if isinstance(item, Invoice):
            invoiced, paid = item.amount, item.amount - item.open_amount
            credit = Money.zero(balance.currency)
            voucher = "Sales Invoice"
            lpo = next((ref for ref in item.references if ref != item.id), "")
        elif isinstance(item, CreditMemo):
            invoiced, paid, credit = (
                balance,
                Money.zero(balance.currency),
                Money.zero(balance.currency),
            )
            voucher, lpo = "Sales Invoice", ""
        elif isinstance(item, Payment):
            invoiced, paid = Money.zero(balance.currency), -balance
            credit = Money.zero(balance.currency)
            voucher, lpo = "Payment Entry", ""
        else:  # pragma: no cover - the portfolio holds only the library's types
            continue
        code = balance.currency.code
        totals[code] = totals.get(code, Money.zero(code)) + balance
        writer.writerow(
            (
                item.document_date.isoformat(),
                "Customer",
                customer,
                names.get(customer, customer),
                voucher,
                item.document_id,
                item.due_date.isoformat(),
                _amount(invoiced),
                _amount(paid),
                _amount(credit),
                _amount(balance),
                code,
                lpo,
            )
        )
    for code in sorted(totals):  # the report's closing line, one per currency here
        writer.writerow(("'Total'", *[""] * 9, _amount(totals[code]), code, ""))
    return buffer.getvalue()
