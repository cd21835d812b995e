"""receivables.frames.documents_from_arrow: Arrow tables through the ERP adapters' column maps."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pytest

from receivables import Money
from receivables.adapters import MAPS, load_rows
from receivables.errors import AmountTypeError, ExportRowError, InvalidTypeError, ValidationError
from receivables.frames import documents_from_arrow

FIXTURES = Path(__file__).parent.parent / "adapters" / "fixtures"


def _as_text(name: str, delimiter: str = ",") -> pa.Table:
    """A fixture read by pyarrow with every column as text (as an export prints it)."""
    path = FIXTURES / name
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle, delimiter=delimiter))
    return pa_csv.read_csv(
        path,
        parse_options=pa_csv.ParseOptions(delimiter=delimiter),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    )


def _rows(name: str, delimiter: str = ",") -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.mark.parametrize(
    ("fixture", "name", "delimiter"),
    [
        ("erpnext_ar.csv", "erpnext", ","),
        ("erpnext_gl.csv", "erpnext_gl", ","),
        ("odoo_aged.csv", "odoo_aged", ","),
        ("netsuite.csv", "netsuite", ","),
        ("sap_fbl5n.csv", "sap_fbl5n", ";"),
        ("xero.csv", "xero", ","),
    ],
)
def test_a_text_table_loads_as_load_rows_loads_the_csv(
    fixture: str, name: str, delimiter: str
) -> None:
    expected = load_rows(_rows(fixture, delimiter), MAPS[name], errors="collect")
    got = documents_from_arrow(_as_text(fixture, delimiter), MAPS[name], errors="collect")
    assert got.documents == expected.documents
    assert got.rejected == expected.rejected
    assert got.reconciliation == expected.reconciliation


def _typed_erpnext() -> pa.Table:
    """The ERPNext fixture's documents (not its total row) with dates as date32 and amounts
    as decimal128."""
    table = _as_text("erpnext_ar.csv")
    table = table.filter(pc.match_substring_regex(table["Posting Date"], r"^\d{4}-"))
    for name in ("Posting Date", "Due Date"):
        index = table.column_names.index(name)
        table = table.set_column(index, name, pc.strptime(table[name], "%Y-%m-%d", "s"))
        table = table.set_column(index, name, table[name].cast(pa.date32()))
    for name in ("Invoiced Amount", "Outstanding Amount"):
        index = table.column_names.index(name)
        plain = pc.replace_substring(table[name], ",", "")
        table = table.set_column(index, name, plain.cast(pa.decimal128(18, 2)))
    return table


def test_typed_columns_load_the_same_documents() -> None:
    typed = _typed_erpnext()
    assert typed.schema.field("Due Date").type == pa.date32()
    expected = load_rows(_rows("erpnext_ar.csv"), MAPS["erpnext"], errors="collect")
    got = documents_from_arrow(typed, MAPS["erpnext"], errors="collect")
    assert got.documents == expected.documents
    # Typed dates are read by value, whatever date format the map names.
    other_format = MAPS["erpnext"].using(date_format="%d/%m/%Y")
    assert documents_from_arrow(typed, other_format, errors="collect").documents == got.documents


def test_integer_amounts_are_whole_units_not_minor_units() -> None:
    table = pa.table(
        {
            "Posting Date": pa.array([dt.date(2026, 4, 1)]),
            "Party": ["C-1"],
            "Voucher Type": ["Sales Invoice"],
            "Voucher No": ["SINV-1"],
            "Due Date": pa.array([dt.date(2026, 5, 1)]),
            "Invoiced Amount": pa.array([1200], pa.int64()),
            "Outstanding Amount": pa.array([1200], pa.int64()),
            "Currency": ["USD"],
        }
    )
    document = documents_from_arrow(table, MAPS["erpnext"]).documents[0]
    assert document.open_balance == Money("1200", "USD")


def test_numbers_are_read_in_arrow_notation_whatever_the_maps_locale() -> None:
    table = pa.table(
        {
            "Posting Date": pa.array([dt.date(2026, 4, 1)]),
            "Party": ["C-1"],
            "Voucher Type": ["Sales Invoice"],
            "Voucher No": ["SINV-1"],
            "Due Date": pa.array([dt.date(2026, 5, 1)]),
            "Invoiced Amount": pa.array([Decimal("1234.50")]),
            "Outstanding Amount": pa.array([Decimal("1234.50")]),
            "Currency": ["EUR"],
        }
    )
    german = MAPS["erpnext"].using(locale="de_DE")
    assert documents_from_arrow(table, german).documents[0].open_balance == Money("1234.50", "EUR")


def test_float_amounts_and_mixed_columns_are_refused() -> None:
    typed = _typed_erpnext()
    index = typed.column_names.index("Outstanding Amount")
    floats = typed.set_column(
        index, "Outstanding Amount", typed["Outstanding Amount"].cast(pa.float64())
    )
    with pytest.raises(AmountTypeError, match="floats"):
        documents_from_arrow(floats, MAPS["erpnext"])
    text_due = typed.set_column(
        typed.column_names.index("Due Date"), "Due Date", typed["Due Date"].cast(pa.string())
    )
    with pytest.raises(ValidationError, match="all typed dates or all text"):
        documents_from_arrow(text_due, MAPS["erpnext"])
    text_amount = typed.set_column(
        index, "Outstanding Amount", typed["Outstanding Amount"].cast(pa.string())
    )
    with pytest.raises(ValidationError, match="all numbers or all text"):
        documents_from_arrow(text_amount, MAPS["erpnext"])


def test_errors_name_the_row_and_the_column() -> None:
    table = _as_text("erpnext_ar.csv")
    index = table.column_names.index("Due Date")
    broken = table.set_column(
        index, "Due Date", pa.array(["not a date", *table["Due Date"].to_pylist()[1:]])
    )
    with pytest.raises(ExportRowError, match="row 1, column Due Date"):
        documents_from_arrow(broken, MAPS["erpnext"])
    with pytest.raises(InvalidTypeError):
        documents_from_arrow(_rows("erpnext_ar.csv"), MAPS["erpnext"])
    with pytest.raises(InvalidTypeError):
        documents_from_arrow(table, "erpnext")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        documents_from_arrow(table, MAPS["erpnext"], errors="ignore")  # type: ignore[arg-type]
