"""ERP exports in: each ready map on a realistic export, errors with row and column in both
modes, and the invariant that whatever loads reconciles to the input's total per currency.

The fixtures and where their columns come from are described in ``fixtures/FACTS.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import babel.numbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import CreditMemo, Currency, Invoice, Money, Payment, PaymentTerms
from receivables.adapters import MAPS, ColumnMap, LoadResult, RowKind, load_rows
from receivables.adapters.columns import MAX_CELL_LENGTH
from receivables.errors import ExportRowError, InvalidPolicyError, InvalidTypeError
from receivables.samples.exports import erpnext_export
from receivables.testing import export_rows

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str, *, delimiter: str = ",", skip: int = 0) -> list[dict[str, str | None]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()[skip:]
    return list(csv.DictReader(lines, delimiter=delimiter))


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def kinds(result: LoadResult) -> list[tuple[str, str, Money]]:
    return [(type(d).__name__, d.id, d.open_balance) for d in result.documents]


def total(result: LoadResult, code: str) -> Money:
    (line,) = [r for r in result.reconciliation if r.currency.code == code]
    assert line.balanced
    return line.accepted_total


# -- reference tests: one per ready map ----------------------------------------------------------


@pytest.mark.reference
def test_erpnext_accounts_receivable() -> None:
    """ERPNext "Accounts Receivable" report (columns of ``ReceivablePayableReport.get_columns``,
    frappe/erpnext ``accounts/report/accounts_receivable/accounts_receivable.py``): a voucher
    repeated per payment-schedule line ("Based On Payment Terms", the report's point 4) is one
    invoice on instalment terms; a return is a credit note; a Payment Entry's negative
    outstanding is unapplied cash. The report's own Total row (12,855.40) is what loads."""
    result = load_rows(read("erpnext_ar.csv"), MAPS["erpnext"])
    assert kinds(result) == [
        ("Invoice", "ACC-SINV-2026-00041", usd("3000.00")),
        ("Invoice", "ACC-SINV-2026-00057", usd("980.00")),
        ("CreditMemo", "ACC-SINV-2026-00071", usd("-150.00")),
        ("Invoice", "ACC-SINV-2026-00063", usd("7000.00")),
        ("Payment", "ACC-PAY-2026-00033", usd("-1500.00")),
        ("Invoice", "ACC-JV-2025-00912", usd("2400.00")),
        ("Invoice", "ACC-SINV-2026-00090", usd("1125.40")),
    ]
    assert total(result, "USD") == usd("12855.40")
    assert [s.row for s in result.skipped] == [9]
    assert result.reconciles
    assert result.rejected == ()
    split = result.invoices[2]
    assert split.due_date == dt.date(2026, 7, 29)
    assert split.terms is not None
    schedule = split.terms.instalment_schedule(split.amount, split.issue_date)
    assert schedule == (
        (dt.date(2026, 5, 30), usd("4000.00")),
        (dt.date(2026, 7, 29), usd("3000.00")),
    )
    names = {c.id: c.name for c in result.customers}
    assert names == {
        "CUST-00011": "Northwind Traders",
        "CUST-00019": "Contoso Pharmaceuticals",
        "CUST-00024": "Fabrikam Retail",
    }
    assert result.invoices[0].references == ("PO-7781",)


@pytest.mark.reference
def test_erpnext_general_ledger() -> None:
    """ERPNext "General Ledger" (``accounts/report/general_ledger/general_ledger.py``): Debit and
    Credit carry the company currency in brackets; payments and returns whose Against Voucher
    is an invoice net into it; an advance without one is unapplied cash; the 'Opening',
    'Total' and 'Closing (Opening + Total)' lines are totals, skipped."""
    mapping = MAPS["erpnext_gl"].using(default_terms=PaymentTerms.net(30))
    result = load_rows(read("erpnext_gl.csv"), mapping)
    assert kinds(result) == [
        ("Invoice", "ACC-SINV-2026-00044", usd("1300.00")),
        ("Invoice", "ACC-SINV-2026-00052", usd("0.00")),
        ("Payment", "ACC-PAY-2026-00035", usd("-750.00")),
        ("Invoice", "ACC-SINV-2026-00081", usd("1340.25")),
    ]
    assert result.invoices[0].amount == usd("2500.00")
    assert result.invoices[0].due_date == dt.date(2026, 5, 3)
    # The ledger's closing balance (3,690.25) less the opening line (1,800.00) that is no document.
    assert total(result, "USD") == usd("1890.25")
    assert [s.row for s in result.skipped] == [1, 9, 10]
    assert result.accepted_rows == 7


@pytest.mark.reference
def test_odoo_aged_receivable() -> None:
    """Odoo "Aged Receivable" lines (Invoice Date, Due Date, Amount Currency, Currency): the
    partner printed on a group line is filled down; credit lines are credit memos."""
    result = load_rows(read("odoo_aged.csv"), MAPS["odoo_aged"])
    assert [(t, i) for t, i, _ in kinds(result)] == [
        ("Invoice", "INV/2026/00112"),
        ("Invoice", "INV/2026/00131"),
        ("CreditMemo", "RINV/2026/00007"),
        ("Invoice", "INV/2026/00098"),
        ("CreditMemo", "PBNK1/2026/00044"),
    ]
    assert total(result, "EUR") == Money("2670.50", "EUR")
    assert total(result, "USD") == usd("740.00")
    assert {d.customer_id for d in result.documents} == {"Azure Interior", "Deco Addict"}
    assert result.invoices[0].due_date == dt.date(2026, 5, 10)


@pytest.mark.reference
def test_odoo_journal_items() -> None:
    """Odoo journal items (``account.move.line``: Date, Journal Entry, Journal, Partner, Due Date
    = date_maturity, Debit, Credit, Residual Amount = amount_residual): an invoice on payment
    terms writes one receivable line per instalment, read back as one invoice; the Bank journal
    is cash; the Opening journal is an opening balance."""
    result = load_rows(read("odoo_journal.csv"), MAPS["odoo_journal"])
    eur = Currency("EUR")
    assert [(t, i) for t, i, _ in kinds(result)] == [
        ("Invoice", "INV/2026/00140"),
        ("Invoice", "INV/2026/00148"),
        ("CreditMemo", "RINV/2026/00011"),
        ("Payment", "PBNK1/2026/00061"),
        ("Invoice", "MISC/2026/00001"),
    ]
    split = result.invoices[0]
    assert (split.amount, split.open_amount) == (Money("3000.00", eur), Money("2100.00", eur))
    assert split.terms == PaymentTerms.instalment_plan([("0.3", 0), ("0.7", 60)])
    assert result.invoices[2].references[0] == "opening"
    assert total(result, "EUR") == Money("3845.00", eur)


@pytest.mark.reference
def test_netsuite_open_invoices() -> None:
    """NetSuite saved search (Records Browser: ``amountremaining`` "Amount Remaining",
    ``duedate``, ``terms``): a company's own term name is kept as a note, the printed due
    date stands; ``1% 10 Net 30`` is read with its discount."""
    result = load_rows(read("netsuite.csv"), MAPS["netsuite"])
    assert [t for t, _, _ in kinds(result)] == [
        "Invoice",
        "Invoice",
        "CreditMemo",
        "Invoice",
        "Payment",
    ]
    assert total(result, "USD") == usd("15790.00")
    (note,) = result.notes
    assert (note.row, note.column, note.code) == (2, "Terms", "terms.defaulted")
    assert "Net 45 - Key Accounts" in note.message
    harbor = result.invoices[2]
    assert harbor.terms == PaymentTerms.net(30, discounts=[("0.01", 10)])
    assert result.invoices[1].terms is None
    assert result.invoices[1].due_date == dt.date(2026, 6, 2)


@pytest.mark.reference
def test_sap_fbl5n_german_export() -> None:
    """SAP FBL5N open items as a German installation exports them (``31.12.2026``,
    ``1.234,50-``; document types DR, RV, DG, DZ from BLART; subtotal lines ``*``/``**``)."""
    result = load_rows(read("sap_fbl5n.csv", delimiter=";"), MAPS["sap_fbl5n"])
    assert kinds(result) == [
        ("Invoice", "1800004711", Money("12400.00", "EUR")),
        ("Invoice", "1800004790", Money("3150.75", "EUR")),
        ("CreditMemo", "1600000212", Money("-450.00", "EUR")),
        ("Payment", "1400001033", Money("-2000.00", "EUR")),
        ("Invoice", "90004455", Money("8725.40", "CHF")),
    ]
    assert [s.row for s in result.skipped] == [4, 7]
    assert result.invoices[0].due_date == dt.date(2026, 4, 2)
    assert total(result, "EUR") == Money("13100.75", "EUR")


@pytest.mark.reference
def test_quickbooks_ar_aging_detail() -> None:
    """QuickBooks Online "A/R Aging Detail" (Date, Transaction Type, Num, Customer, Due Date,
    Past Due, Amount, Open Balance; aging headings and "Total for" lines). The report's TOTAL
    open balance is 3,845.00; an unnumbered payment gets an id naming its row."""
    result = load_rows(read("quickbooks.csv", skip=4), MAPS["quickbooks"])
    assert kinds(result) == [
        ("Invoice", "1187", usd("1450.00")),
        ("CreditMemo", "1191", usd("-75.00")),
        ("Invoice", "1172", usd("480.00")),
        ("Payment", "payment at row 7", usd("-250.00")),
        ("Invoice", "1160", usd("2240.00")),
    ]
    assert total(result, "USD") == usd("3845.00")
    assert len(result.skipped) == 7
    assert result.reconciles


@pytest.mark.reference
def test_dynamics_business_central_ledger_entries() -> None:
    """Business Central Customer Ledger Entries (query 262: Posting Date, Document Type,
    Document No., Customer No., Currency Code, Original Amount, Remaining Amount, Due Date): a
    blank Document Type is an opening entry; a blank Currency Code is the local currency."""
    rows = read("dynamics_bc.csv")
    with pytest.raises(ExportRowError) as raised:
        load_rows(rows, MAPS["dynamics_bc"])
    assert (raised.value.row, raised.value.column) == (1, "Currency Code")
    result = load_rows(rows, MAPS["dynamics_bc"].using(default_currency="USD"))
    assert kinds(result) == [
        ("Invoice", "OPEN-10000", usd("3200.00")),
        ("Invoice", "103021", usd("4870.50")),
        ("CreditMemo", "104006", usd("-560.00")),
        ("Invoice", "103044", Money("2750.00", "EUR")),
        ("Payment", "2606", usd("-400.00")),
    ]
    opening = result.invoices[0]
    assert opening.references[0] == "opening"
    payment = result.payments[0]
    assert (payment.amount, payment.unapplied_amount) == (usd("1000.00"), usd("400.00"))
    assert {c.id: c.name for c in result.customers}["20000"] == "Trey Research"


@pytest.mark.reference
def test_xero_aged_receivables_detail() -> None:
    """Xero "Aged Receivables Detail" (Xero Central; fields Date, Reference, Due Date, Total,
    Paid, Credited, Due, Currency): contacts on group lines, "Total <contact>" lines, dates
    as ``12 Mar 2026``; the report's totals (NZD 1,295.00, AUD 6,500.00) load."""
    result = load_rows(read("xero.csv"), MAPS["xero"])
    assert [(t, i) for t, i, _ in kinds(result)] == [
        ("Invoice", "INV-0187"),
        ("Invoice", "INV-0203"),
        ("CreditMemo", "CN-0019"),
        ("Invoice", "INV-0195"),
    ]
    assert total(result, "NZD") == Money("1295.00", "NZD")
    assert total(result, "AUD") == Money("6500.00", "AUD")
    assert result.invoices[0].issue_date == dt.date(2026, 3, 12)
    assert result.invoices[0].amount == Money("1200.00", "NZD")


def test_every_map_is_registered_under_its_name() -> None:
    assert len(MAPS) == 9
    for name, mapping in MAPS.items():
        assert mapping.name == name
        assert mapping.title
        assert ColumnMap.from_dict(mapping.to_dict()) == mapping


# -- errors: row and column, both modes ----------------------------------------------------------

GOOD = {
    "Posting Date": "2026-05-01",
    "Party": "C-1",
    "Voucher Type": "Sales Invoice",
    "Voucher No": "SINV-1",
    "Due Date": "2026-05-31",
    "Invoiced Amount": "1,200.00",
    "Outstanding Amount": "1,200.00",
    "Currency": "USD",
}


@pytest.mark.parametrize(
    ("column", "text", "code", "words"),
    [
        ("Due Date", "31/05/2026", "adapters.bad_date", "format %Y-%m-%d"),
        ("Posting Date", "2026-02-30", "adapters.bad_date", "'2026-02-30'"),
        ("Outstanding Amount", "1.200,00", "adapters.bad_amount", "1.200,00"),
        ("Outstanding Amount", "", "adapters.blank_cell", "blank"),
        ("Currency", "DOLLARS", "adapters.bad_currency", "DOLLARS"),
        ("Voucher Type", "Delivery Note", "adapters.bad_kind", "Delivery Note"),
        ("Party", "  ", "adapters.blank_cell", "customer"),
        ("Due Date", "x" * (MAX_CELL_LENGTH + 1), "adapters.long_cell", "1000"),
    ],
)
def test_a_bad_cell_names_its_row_and_column(column: str, text: str, code: str, words: str) -> None:
    rows = [dict(GOOD), dict(GOOD, **{"Voucher No": "SINV-2", column: text})]
    with pytest.raises(ExportRowError) as raised:
        load_rows(rows, MAPS["erpnext"])
    assert (raised.value.row, raised.value.column) == (2, column)
    assert words in str(raised.value)
    assert str(raised.value).startswith(f"row 2, column {column}")
    result = load_rows(rows, MAPS["erpnext"], errors="collect")
    (rejection,) = result.rejected
    assert (rejection.row, rejection.column, rejection.code) == (2, column, code)
    assert len(result.documents) == 1
    assert result.reconciles


def test_a_missing_column_is_named_in_both_modes() -> None:
    row = {k: v for k, v in GOOD.items() if k != "Due Date"}
    with pytest.raises(ExportRowError, match="row 1, column Due Date: the row has no column"):
        load_rows([row], MAPS["erpnext"])
    (rejection,) = load_rows([row], MAPS["erpnext"], errors="collect").rejected
    assert (rejection.row, rejection.column, rejection.code) == (
        1,
        "Due Date",
        "adapters.missing_column",
    )
    assert rejection.amount == usd("1200.00")


def test_unreadable_terms_are_rejected_strictly_and_noted_leniently() -> None:
    mapping = ColumnMap(
        name="t",
        customer="Party",
        document="Voucher No",
        document_date="Posting Date",
        date_format="%Y-%m-%d",
        open_amount="Outstanding Amount",
        currency="Currency",
        terms="Terms",
    )
    rows = [dict(GOOD, Terms="Net 30"), dict(GOOD, **{"Voucher No": "S-2", "Terms": "Pay soon"})]
    with pytest.raises(ExportRowError, match="row 2, column Terms: cannot read payment terms"):
        load_rows(rows, mapping)
    lenient = mapping.using(terms_mode="lenient", default_terms=PaymentTerms.net(45))
    result = load_rows(rows, lenient)
    assert [i.terms for i in result.invoices] == [PaymentTerms.net(30), PaymentTerms.net(45)]
    assert result.invoices[1].due_date == dt.date(2026, 6, 15)
    (note,) = result.notes
    assert (note.row, note.column, note.code) == (2, "Terms", "terms.defaulted")
    assert "Pay soon" in note.message
    assert "Net 45" in note.message


def test_an_amount_as_accounting_and_sap_print_it() -> None:
    rows = [
        dict(GOOD, **{"Invoiced Amount": "(150.00)", "Outstanding Amount": "(150.00)"}),
        dict(GOOD, **{"Voucher No": "S-2", "Outstanding Amount": "1,200.00-"}),
    ]
    result = load_rows(rows, MAPS["erpnext"], errors="collect")
    assert result.documents[0].open_balance == usd("-150.00")
    # A credit outstanding on an invoice of +1,200 is not between zero and the amount.
    (rejection,) = result.rejected
    assert (rejection.row, rejection.code, rejection.amount) == (
        2,
        "adapters.bad_balance",
        usd("-1200.00"),
    )
    assert result.reconciles


def test_a_voucher_repeated_with_one_due_date_is_refused() -> None:
    rows = [dict(GOOD), dict(GOOD)]
    with pytest.raises(ExportRowError, match=r"row 1, column Voucher No: .*appears twice"):
        load_rows(rows, MAPS["erpnext"])
    result = load_rows(rows, MAPS["erpnext"], errors="collect")
    assert [r.row for r in result.rejected] == [1, 2]
    assert result.documents == ()
    assert result.reconciliation[0].rejected_total == usd("2400.00")
    assert result.reconciles


def test_payments_beyond_an_invoice_become_unapplied_cash() -> None:
    mapping = MAPS["erpnext_gl"].using(default_terms=PaymentTerms.net(30))
    base = {"Posting Date": "2026-05-01", "Party": "C-1", "Remarks": ""}
    rows = [
        dict(
            base,
            **{
                "Voucher Type": "Sales Invoice",
                "Voucher No": "S-1",
                "Debit (EUR)": "100",
                "Credit (EUR)": "0",
                "Against Voucher": "S-1",
            },
        ),
        dict(
            base,
            **{
                "Voucher Type": "Payment Entry",
                "Voucher No": "P-1",
                "Debit (EUR)": "0",
                "Credit (EUR)": "130",
                "Against Voucher": "S-1",
            },
        ),
        dict(
            base,
            **{
                "Voucher Type": "Payment Entry",
                "Voucher No": "P-2",
                "Debit (EUR)": "0",
                "Credit (EUR)": "10",
                "Against Voucher": "S-404",
            },
        ),
    ]
    result = load_rows(rows, mapping, errors="collect")
    invoice, extra = result.documents
    assert isinstance(invoice, Invoice)
    assert invoice.open_amount == Money("0", "EUR")
    assert isinstance(extra, Payment)
    assert extra.unapplied_amount == Money("30", "EUR")
    (rejection,) = result.rejected
    assert (rejection.row, rejection.column, rejection.code) == (
        3,
        "Against Voucher",
        "adapters.unknown_target",
    )
    assert result.reconciliation[0].input_total == Money("-40", "EUR")
    assert result.reconciles


def test_rows_that_are_not_rows() -> None:
    with pytest.raises(InvalidTypeError):
        load_rows("Posting Date,Party", MAPS["erpnext"])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        load_rows(GOOD, MAPS["erpnext"])  # type: ignore[arg-type]
    result = load_rows([["a", "b"], dict(GOOD)], MAPS["erpnext"], errors="collect")  # type: ignore[list-item]
    assert [(r.row, r.code) for r in result.rejected] == [(1, "adapters.not_a_row")]
    assert result.unreadable_rows == 1
    assert result.reconciles
    with pytest.raises(InvalidPolicyError):
        load_rows([], MAPS["erpnext"], errors="ignore")  # type: ignore[arg-type]


def test_the_column_map_refuses_what_cannot_work() -> None:
    base = {
        "name": "x",
        "customer": "C",
        "document": "D",
        "document_date": "Date",
        "date_format": "%Y-%m-%d",
        "amount": "A",
        "default_currency": "USD",
    }
    assert ColumnMap.from_dict(base).columns() == ("C", "D", "Date", "A")
    changes: list[tuple[dict[str, object], str]] = [
        ({"date_format": "%Y"}, "the year, the month and the day"),
        ({"date_format": "%Y-%m-%d %Q"}, "not usable"),
        ({"amount": None}, "needs an amount"),
        ({"debit": "Dr"}, "come together"),
        ({"default_currency": "ZZZ"}, "unknown ISO 4217"),
        ({"sign": "by_kind"}, "needs a kind column"),
        ({"colour": "red"}, "extra fields"),
    ]
    for change, words in changes:
        with pytest.raises(InvalidPolicyError, match=words):
            ColumnMap.from_dict({**base, **change})
    with pytest.raises(InvalidPolicyError, match="no field colour"):
        MAPS["erpnext"].using(colour="red")
    assert MAPS["erpnext"].kind_of("  payment entry ") is RowKind.PAYMENT


# -- the invariant -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(export_rows())
def test_any_row_set_that_loads_reconciles_to_the_input_total(
    case: tuple[ColumnMap, list[dict[str, str | None]]],
) -> None:
    """Invariant: every row is accepted, rejected or skipped; per currency the documents' open
    balance plus the rejected rows' amounts is the sum of the rows' open amounts, computed here
    independently of the loader's own totals."""
    mapping, rows = case
    result = load_rows(rows, mapping, errors="collect")
    assert result.reconciles
    assert result.accepted_rows + len(result.rejected) + len(result.skipped) == len(rows)
    skipped = {s.row for s in result.skipped}
    expected: dict[Currency, Decimal] = {}
    for number, row in enumerate(rows, start=1):
        if number in skipped:
            continue
        try:
            currency = Currency(row.get("Currency") or "")
            amount = Money.parse(row.get("Open") or "", currency, locale=mapping.locale)
        except ValueError:
            continue
        expected[currency] = expected.get(currency, Decimal(0)) + amount.amount
    accepted: dict[Currency, Decimal] = {}
    for document in result.documents:
        balance = document.open_balance
        accepted[balance.currency] = accepted.get(balance.currency, Decimal(0)) + balance.amount
    for rejection in result.rejected:
        if rejection.amount is not None:
            money = rejection.amount
            accepted[money.currency] = accepted.get(money.currency, Decimal(0)) + money.amount
    assert {c: v for c, v in accepted.items() if v} == {c: v for c, v in expected.items() if v}
    for line in result.reconciliation:
        assert line.input_total.amount == expected.get(line.currency, Decimal(0))


def test_documents_are_the_library_types() -> None:
    result = load_rows(read("erpnext_ar.csv"), MAPS["erpnext"])
    assert {type(d) for d in result.documents} == {Invoice, CreditMemo, Payment}
    portfolio = result.portfolio(dt.date(2026, 6, 30))
    assert len(portfolio.open_items()) == 7


@settings(max_examples=80, deadline=None)
@given(
    st.integers(-(10**14), 10**14),
    st.sampled_from(["en_US", "de_DE", "fr_FR", "de_CH", "en_IN", "es_ES", "ja_JP"]),
    st.booleans(),
)
def test_amounts_read_as_money_parse_reads_them(cents: int, locale: str, grouped: bool) -> None:
    """The loader reads plain and grouped numbers itself (for speed) and everything else with
    ``Money.parse``: on every number both read, they agree."""
    amount = Decimal(cents).scaleb(-2)
    pattern = "#,##0.00" if grouped else "0.00"
    text = babel.numbers.format_decimal(amount, format=pattern, locale=locale)
    mapping = ColumnMap(
        name="n",
        customer="C",
        document="D",
        document_date="Date",
        date_format="%Y-%m-%d",
        open_amount="Open",
        default_currency="EUR",
        locale=locale,
        due_date="Due",
    )
    row = {"C": "c", "D": "d", "Date": "2026-01-01", "Due": "2026-01-31", "Open": text}
    result = load_rows([row], mapping, errors="collect")
    try:
        expected: Money | None = Money.parse(text, "EUR", locale=locale)
    except ValueError:
        expected = None
    if expected is None:
        assert result.rejected[0].code == "adapters.bad_amount"
    else:
        assert result.reconciliation[0].input_total == expected


def test_the_shipped_sample_export_loads_to_its_own_totals() -> None:
    """The embedded ERPNext sample (for the command line and the docs) loads without a
    rejection, and per currency to the 'Total' lines it prints."""
    text = erpnext_export(seed=7, customers=20)
    result = load_rows(csv.DictReader(text.splitlines()), MAPS["erpnext"])
    assert result.rejected == ()
    assert result.reconciles
    printed = {
        row["Currency"]: row["Outstanding Amount"]
        for row in csv.DictReader(text.splitlines())
        if row["Posting Date"] == "'Total'"
    }
    assert len(printed) == len(result.reconciliation) > 1
    for line in result.reconciliation:
        code = line.currency.code
        assert line.accepted_total == Money.parse(printed[code] or "", code)
