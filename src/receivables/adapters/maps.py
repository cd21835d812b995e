"""Ready column maps for the AR exports people have, and :data:`MAPS`, their registry by name.

Each map's column names were checked against the vendor's documentation or source; the
sources are cited in each map's entry below and in ``tests/adapters/fixtures/FACTS.md``. Where
a vendor prints a column in the user's own date format or language, the map takes the
default of an English (US) installation, and :meth:`ColumnMap.using` changes it.

Examples:
    >>> sorted(MAPS)[:4]
    ['dynamics_bc', 'erpnext', 'erpnext_gl', 'netsuite']
    >>> MAPS["sap_fbl5n"].locale, MAPS["sap_fbl5n"].date_format
    ('de_DE', '%d.%m.%Y')
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from receivables.adapters.columns import ColumnMap, RowKind

__all__ = [
    "DYNAMICS_BC",
    "ERPNEXT",
    "ERPNEXT_GL",
    "MAPS",
    "NETSUITE",
    "ODOO_AGED",
    "ODOO_JOURNAL",
    "QUICKBOOKS",
    "SAP_FBL5N",
    "XERO",
]

_I, _C, _P, _A, _O = (
    RowKind.INVOICE,
    RowKind.CREDIT_MEMO,
    RowKind.PAYMENT,
    RowKind.AUTO,
    RowKind.OPENING,
)

ERPNEXT: Final = ColumnMap(
    name="erpnext",
    title='ERPNext "Accounts Receivable" report',
    customer="Party",
    customer_name="Customer Name",
    document="Voucher No",
    kind="Voucher Type",
    kinds=(("Sales Invoice", _I), ("Journal Entry", _A), ("Payment Entry", _P)),
    document_date="Posting Date",
    due_date="Due Date",
    date_format="%Y-%m-%d",
    currency="Currency",
    amount="Invoiced Amount",
    open_amount="Outstanding Amount",
    references=("Customer LPO",),
    summary_markers=("Total", "'Total'"),
)
"""ERPNext's "Accounts Receivable" script report exported as CSV.

Columns as ``ReceivablePayableReport.get_columns`` in ``erpnext/accounts/report/
accounts_receivable/accounts_receivable.py`` (frappe/erpnext) labels them: Posting Date, Party,
Customer Name, Voucher Type, Voucher No, Due Date, Invoiced Amount, Paid Amount, Credit Note,
Outstanding Amount, Currency, Customer LPO. With "Based On Payment Terms" the report repeats a
voucher once per payment-schedule line, each with its own Due Date and Invoiced Amount: one
invoice on instalment terms here. Returns are Sales Invoices with a negative outstanding
(credit notes); a Payment Entry's unallocated part shows as a negative outstanding (an
unapplied payment). Dates: ISO as in the fixture; a site whose System Settings print another
format sets it with ``ERPNEXT.using(date_format=...)``.

Examples:
    >>> ERPNEXT.kind_of("Sales Invoice")
    <RowKind.INVOICE: 'invoice'>
"""

ERPNEXT_GL: Final = ColumnMap(
    name="erpnext_gl",
    title='ERPNext "General Ledger" report (receivable account, party type Customer)',
    customer="Party",
    document="Voucher No",
    kind="Voucher Type",
    kinds=(("Sales Invoice", _I), ("Journal Entry", _A), ("Payment Entry", _P)),
    document_date="Posting Date",
    date_format="%Y-%m-%d",
    debit="Debit",
    credit="Credit",
    against="Against Voucher",
    references=("Remarks",),
    summary_markers=("'Opening'", "'Total'", "'Closing (Opening + Total)'", "Opening", "Total"),
)
"""ERPNext's "General Ledger" report, filtered to the receivable account, exported as CSV.

Columns as ``erpnext/accounts/report/general_ledger/general_ledger.py`` labels them: Posting
Date, Account, ``Debit (USD)`` and ``Credit (USD)`` (the company currency in brackets: the
loader reads it as the rows' currency), Voucher Type, Voucher No, Against Account, Party Type,
Party, Against Voucher Type, Against Voucher, Remarks. A payment row whose Against Voucher is an
invoice nets into that invoice; one without is unapplied cash. The report's 'Opening',
'Total' and 'Closing (Opening + Total)' rows are totals, listed as skipped. No due dates are
printed: invoices take the map's ``default_terms`` (set one with ``using``) or are rejected.

Examples:
    >>> ERPNEXT_GL.against
    'Against Voucher'
"""

ODOO_AGED: Final = ColumnMap(
    name="odoo_aged",
    title='Odoo "Aged Receivable" report, one line per journal item',
    customer="Partner",
    document="Entry",
    document_date="Invoice Date",
    due_date="Due Date",
    date_format="%m/%d/%Y",
    currency="Currency",
    open_amount="Amount Currency",
    fill_down=("Partner",),
    summary_markers=("Total",),
)
"""Odoo's "Aged Receivable" report (Accounting > Reporting), expanded to its lines.

The line columns are the report's: Invoice Date, Due Date, Amount Currency and Currency (the
open amount in the document's currency), then the aging periods and Total. The report prints
the partner on a group line and the journal entry as each line's label; the map expects them
in a "Partner" column (filled down from the group line) and an "Entry" column. Credit lines
(credit notes, unreconciled payments) print negative and become credit memos: the report has no
document-kind column. Dates in the en_US format (``%m/%d/%Y``).

Examples:
    >>> ODOO_AGED.fill_down
    ('Partner',)
"""

ODOO_JOURNAL: Final = ColumnMap(
    name="odoo_journal",
    title="Odoo journal items (account.move.line) export, receivable account",
    customer="Partner",
    document="Journal Entry",
    kind="Journal",
    kinds=(("Customer Invoices", _A), ("Bank", _P), ("Cash", _P), ("Opening", _O)),
    unknown_kind=_A,
    document_date="Date",
    due_date="Due Date",
    date_format="%Y-%m-%d",
    currency="Currency",
    debit="Debit",
    credit="Credit",
    open_amount="Residual Amount",
    references=("Label", "Reference"),
)
"""Odoo journal items (``account.move.line``) exported from the list view, receivable lines.

Field labels of ``account.move.line``: Date, Journal Entry (``move_id``), Journal, Partner,
Label (``name``), Due Date (``date_maturity``), Debit, Credit, Residual Amount
(``amount_residual``), Currency; the OCA ``account_move_line_report_xls`` module lists the same
fields (date_maturity, debit, credit, amount_residual, currency). Odoo writes one receivable line
per instalment of an invoice's payment terms, so a journal entry repeated with different due
dates is one invoice on instalment terms. Bank and Cash journal lines are payments; other
journals (named by each company) are read by their sign. Dates ISO, as Odoo's export writes them.

Examples:
    >>> ODOO_JOURNAL.kind_of("Bank"), ODOO_JOURNAL.kind_of("My own journal")
    (<RowKind.PAYMENT: 'payment'>, <RowKind.AUTO: 'auto'>)
"""

NETSUITE: Final = ColumnMap(
    name="netsuite",
    title="NetSuite transaction saved search: open customer invoices, credits and payments",
    customer="Name",
    document="Document Number",
    kind="Type",
    kinds=(("Invoice", _I), ("Credit Memo", _C), ("Payment", _P), ("Journal", _A)),
    document_date="Date",
    due_date="Due Date/Receive By",
    date_format="%m/%d/%Y",
    currency="Currency",
    amount="Amount (Foreign Currency)",
    open_amount="Amount Remaining",
    terms="Terms",
    terms_mode="lenient",
    references=("PO/Check Number", "Memo"),
    summary_markers=("Total",),
)
"""A NetSuite transaction saved search (open AR) exported as CSV.

The invoice record's fields (NetSuite Records Browser): ``amountremaining`` "Amount Remaining",
``duedate`` "Due Date", ``currency`` "Currency", ``terms`` "Terms", ``otherrefnum`` "PO/Check
Number"; a search's results add Date, Type, Document Number, Name, Memo, Amount (Foreign
Currency). Terms are read leniently: a company's own term names are kept as notes, and the
printed due date stands. Dates in the default M/D/YYYY preference.

Examples:
    >>> NETSUITE.terms_mode
    'lenient'
"""

SAP_FBL5N: Final = ColumnMap(
    name="sap_fbl5n",
    title="SAP FBL5N customer line items (open items), spreadsheet export",
    customer="Customer",
    document="Document Number",
    kind="Document Type",
    kinds=(("DR", _I), ("RV", _I), ("DG", _C), ("DZ", _P), ("DA", _A), ("AB", _A)),
    document_date="Document Date",
    due_date="Net Due Date",
    date_format="%d.%m.%Y",
    currency="Document currency",
    open_amount="Amount in Doc. Curr.",
    locale="de_DE",
    references=("Reference", "Assignment"),
    summary_markers=("*", "**"),
)
"""SAP FBL5N (customer line item display), open items, exported to a spreadsheet.

Fields of the line item (BSID/RFPOSX): Customer (KUNNR), Document Number (BELNR), Document
Type (BLART: DR customer invoice, RV billing document, DG credit memo, DZ payment, DA customer
document, AB accounting document), Document Date (BLDAT), Net Due Date (the due date FBL5N
computes), Amount in Doc. Curr. (WRSHB, signed), Document currency (WAERS), Reference (XBLNR),
Assignment (ZUONR). Open items carry no separate open amount: the amount is open. A German
installation prints ``31.12.2026`` and ``1.234,50-``; the subtotal lines start with ``*``.

Examples:
    >>> SAP_FBL5N.kind_of("dz")
    <RowKind.PAYMENT: 'payment'>
"""

QUICKBOOKS: Final = ColumnMap(
    name="quickbooks",
    title='QuickBooks Online "A/R Aging Detail" report, exported as CSV',
    customer="Customer",
    document="Num",
    kind="Transaction Type",
    kinds=(
        ("Invoice", _I),
        ("Credit Memo", _C),
        ("Payment", _P),
        ("Journal Entry", _A),
        ("Statement Charge", _I),
    ),
    document_date="Date",
    due_date="Due Date",
    date_format="%m/%d/%Y",
    default_currency="USD",
    amount="Amount",
    open_amount="Open Balance",
    summary_markers=("Total", "TOTAL"),
)
"""QuickBooks Online's "A/R Aging Detail" report exported as CSV.

Columns as the report prints them: Date, Transaction Type, Num, Customer, Due Date, Past Due,
Amount, Open Balance, grouped under aging headings ("Current", "1 - 30 days past due", ...) with
"Total for ..." lines: headings and totals are skipped. Credit memos and unapplied payments
print negative. Single-currency companies print no currency: USD unless
``QUICKBOOKS.using(default_currency=...)`` says otherwise.

Examples:
    >>> QUICKBOOKS.default_currency
    'USD'
"""

DYNAMICS_BC: Final = ColumnMap(
    name="dynamics_bc",
    title="Dynamics 365 Business Central: Customer Ledger Entries (Open), exported to Excel",
    customer="Customer No.",
    customer_name="Customer Name",
    document="Document No.",
    kind="Document Type",
    kinds=(
        ("Invoice", _I),
        ("Credit Memo", _C),
        ("Payment", _P),
        ("Finance Charge Memo", _I),
        ("Reminder", _I),
        ("", _O),
    ),
    document_date="Posting Date",
    due_date="Due Date",
    date_format="%m/%d/%Y",
    currency="Currency Code",
    amount="Original Amount",
    open_amount="Remaining Amount",
    references=("External Document No.", "Description"),
)
"""Business Central's Customer Ledger Entries page (open entries) exported to Excel/CSV.

Fields of the Cust. Ledger Entry table (query 262 "Cust. Ledger Entries" and the
customerLedgerEntry API): Posting Date, Document Type, Document No., Customer No., Currency
Code, Original Amount, Amount, Remaining Amount, Due Date, Open, External Document No.,
Description. A blank Document Type is an opening entry. A blank Currency Code is the local
currency (LCY), which the export does not name: set it with
``DYNAMICS_BC.using(default_currency=...)``.

Examples:
    >>> DYNAMICS_BC.kind_of("")
    <RowKind.OPENING: 'opening'>
"""

XERO: Final = ColumnMap(
    name="xero",
    title='Xero "Aged Receivables Detail" report, exported',
    customer="Contact",
    document="Invoice Number",
    document_date="Invoice Date",
    due_date="Due Date",
    date_format="%d %b %Y",
    currency="Currency",
    amount="Total",
    open_amount="Due",
    references=("Reference",),
    fill_down=("Contact",),
    summary_markers=("Total",),
)
"""Xero's "Aged Receivables Detail" report, exported.

Each line is an unpaid invoice, credit note or overpayment (Xero Central); the report's
fields, as Xero's reporting API gives them per contact: Date, Reference, Due Date, Total,
Paid, Credited, Due, Currency. The contact prints on a group line (filled down here). Credit
notes and overpayments print negative and become credit memos (no kind column). Dates as Xero
prints them: ``1 Jul 2026``.

Examples:
    >>> XERO.date_format
    '%d %b %Y'
"""

MAPS: Final = MappingProxyType(
    {
        m.name: m
        for m in (
            DYNAMICS_BC,
            ERPNEXT,
            ERPNEXT_GL,
            NETSUITE,
            ODOO_AGED,
            ODOO_JOURNAL,
            QUICKBOOKS,
            SAP_FBL5N,
            XERO,
        )
    }
)
"""Every ready map by its name (``--format erpnext`` on the command line reads ``MAPS["erpnext"]``).

Examples:
    >>> MAPS["erpnext"].title
    'ERPNext "Accounts Receivable" report'
"""
