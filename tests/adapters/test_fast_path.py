"""``load_rows`` reads plain rows the fast way (every mapped cell at once) and the rest the
careful way (cell by cell); both must give the same result for every row set.

The careful way alone is had by switching off the reader's plan (``_Reader._plan``), which
is what a map with ``fill_down`` does anyway.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.adapters import MAPS, ColumnMap, LoadResult, load_rows
from receivables.adapters._reader import Reader
from receivables.adapters.columns import MAX_CELL_LENGTH
from receivables.errors import ExportRowError
from receivables.samples.exports import erpnext_export
from receivables.testing import export_rows

FIXTURES = Path(__file__).parent / "fixtures"

Rows = list[dict[str, Any]]


def _careful(rows: Rows, mapping: ColumnMap, monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    with monkeypatch.context() as patch:
        patch.setattr(Reader, "_plan", lambda self, keys: None)
        return load_rows(rows, mapping, errors="collect")


def _same(rows: Rows, mapping: ColumnMap, monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    fast = load_rows(rows, mapping, errors="collect")
    careful = _careful(rows, mapping, monkeypatch)
    assert fast == careful
    return fast


def _fixture(name: str, *, delimiter: str = ",", skip: int = 0) -> Rows:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()[skip:]
    return list(csv.DictReader(lines, delimiter=delimiter))


@pytest.mark.parametrize(
    ("name", "map_name", "delimiter", "skip"),
    [
        ("erpnext_ar.csv", "erpnext", ",", 0),
        ("odoo_aged.csv", "odoo_aged", ",", 0),
        ("odoo_journal.csv", "odoo_journal", ",", 0),
        ("netsuite.csv", "netsuite", ",", 0),
        ("sap_fbl5n.csv", "sap_fbl5n", ";", 0),
        ("quickbooks.csv", "quickbooks", ",", 4),
        ("xero.csv", "xero", ",", 0),
    ],
)
def test_every_fixture_loads_the_same_both_ways(
    name: str, map_name: str, delimiter: str, skip: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _same(_fixture(name, delimiter=delimiter, skip=skip), MAPS[map_name], monkeypatch)
    assert result.documents


def test_the_shipped_sample_loads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    text = erpnext_export(seed=0, customers=12, as_of=dt.date(2026, 6, 30))
    rows: Rows = list(csv.DictReader(text.splitlines()))
    assert _same(rows, MAPS["erpnext"], monkeypatch).reconciles


_SPOILS = st.sampled_from(["drop", "none", "long", "int", "blank", "spaces", "bytes"])


@st.composite
def _spoiled(draw: Any) -> tuple[ColumnMap, Rows]:
    """An export with some cells spoiled in ways only the careful reader reports: a column
    gone from one row, a ``None``, an over-long cell, a number or bytes for text."""
    mapping, rows = draw(export_rows(max_rows=12))
    rows = [dict(row) for row in rows]
    if rows:
        for _ in range(draw(st.integers(0, 4))):
            row = rows[draw(st.integers(0, len(rows) - 1))]
            if not row:
                continue
            key = draw(st.sampled_from(sorted(row)))
            spoil = draw(_SPOILS)
            if spoil == "drop":
                del row[key]
            elif spoil == "none":
                row[key] = None
            elif spoil == "long":
                row[key] = "9" * (MAX_CELL_LENGTH + 1)
            elif spoil == "int":
                row[key] = 12
            elif spoil == "bytes":
                row[key] = b"12"
            elif spoil == "blank":
                row[key] = ""
            else:
                row[key] = f"  {row[key]}  " if isinstance(row[key], str) else row[key]
    return mapping, rows


@settings(max_examples=80, deadline=None)
@given(_spoiled())
def test_fast_and_careful_reading_agree(case: tuple[ColumnMap, Rows]) -> None:
    """Invariant: whatever the rows, the fast reader gives what the careful one gives: the
    same documents, rejections (row, column, code, reason), skipped rows, notes and totals."""
    mapping, rows = case
    with pytest.MonkeyPatch.context() as patch:
        _same(rows, mapping, patch)


def test_an_optional_column_only_later_rows_have_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first row lacks the map's reference column; a later row has it: the fast reader
    must not ignore it."""
    first = {
        "Posting Date": "2026-05-01",
        "Party": "C-1",
        "Voucher Type": "Sales Invoice",
        "Voucher No": "SINV-1",
        "Due Date": "2026-05-31",
        "Invoiced Amount": "100.00",
        "Outstanding Amount": "100.00",
        "Currency": "USD",
    }
    second = first | {"Voucher No": "SINV-2", "Customer LPO": "PO-9"}
    result = _same([first, second], MAPS["erpnext"], monkeypatch)
    assert [d.references for d in result.documents] == [(), ("PO-9",)]


def test_a_row_missing_a_required_column_is_rejected_with_its_column() -> None:
    row = {
        "Posting Date": "2026-05-01",
        "Party": "C-1",
        "Voucher Type": "Sales Invoice",
        "Voucher No": "SINV-1",
        "Due Date": "2026-05-31",
        "Invoiced Amount": "100.00",
        "Outstanding Amount": "100.00",
        "Currency": "USD",
    }
    broken = {k: v for k, v in row.items() if k != "Due Date"} | {"Voucher No": "SINV-2"}
    with pytest.raises(ExportRowError) as caught:
        load_rows([row, broken], MAPS["erpnext"])
    assert (caught.value.row, caught.value.column) == (2, "Due Date")


def test_an_invoice_due_before_its_date_is_rejected_not_raised() -> None:
    """The one-row fast build gives way to the general one, which rejects with a reason."""
    row = {
        "Posting Date": "2026-05-01",
        "Party": "C-1",
        "Voucher Type": "Sales Invoice",
        "Voucher No": "SINV-1",
        "Due Date": "2026-04-01",
        "Invoiced Amount": "10.00",
        "Outstanding Amount": "10.00",
        "Currency": "USD",
    }
    result = load_rows([row], MAPS["erpnext"], errors="collect")
    assert [r.code for r in result.rejected] == ["adapters.bad_document"]
    assert result.reconciles


def test_a_summary_kind_row_is_skipped_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind column that marks subtotal rows (which carry a number): skipped, whether the kind
    is read for the first time (careful reader) or from the cache (fast reader)."""
    from receivables.adapters import RowKind

    mapping = ColumnMap.from_dict(
        {
            "name": "sheet",
            "customer": "Client",
            "document": "No",
            "kind": "Type",
            "kinds": [["Invoice", "invoice"], ["Subtotal", "summary"]],
            "document_date": "Date",
            "due_date": "Due",
            "date_format": "%Y-%m-%d",
            "amount": "Amount",
            "default_currency": "EUR",
        }
    )
    assert mapping.kind_of("Subtotal") is RowKind.SUMMARY
    invoice = {"Client": "C", "No": "1", "Type": "Invoice", "Date": "2026-01-01",
               "Due": "2026-01-31", "Amount": "10.00"}  # fmt: skip
    rows = [
        invoice,
        invoice | {"No": "S1", "Type": "Subtotal"},
        invoice | {"No": "2"},
        invoice | {"No": "S2", "Type": "Subtotal"},
    ]
    result = _same(rows, mapping, monkeypatch)
    assert [s.row for s in result.skipped] == [2, 4]
    assert len(result.documents) == 2
