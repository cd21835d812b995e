"""Format detection and dispatch (``detect_format``, ``read_statement``, ``read_statements``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from receivables.bankfiles import (
    StatementFormat,
    detect_format,
    read_statement,
    read_statements,
)
from receivables.errors import StatementError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("camt053_a_plain_v02.xml", StatementFormat.CAMT_053),
        ("camt053_b_structured_v08.xml", StatementFormat.CAMT_053),
        ("camt053_c_batch_v04.xml", StatementFormat.CAMT_053),
        ("camt053_d_exceptions_v08.xml", StatementFormat.CAMT_053),
        ("camt054_a_lockbox_v04.xml", StatementFormat.CAMT_054),
    ],
)
def test_camt_files_are_detected_and_read(name: str, kind: StatementFormat) -> None:
    data = (FIXTURES / name).read_bytes()
    assert detect_format(data) is kind
    assert detect_format(data.decode()) is kind
    assert detect_format(b"\xef\xbb\xbf" + data) is kind
    statement = read_statement(data)
    assert statement.format is kind
    assert read_statement(data, format=kind.value) == statement


def test_xml_that_is_not_camt_is_an_error() -> None:
    with pytest.raises(StatementError, match=r"without a camt\.053 or camt\.054 namespace"):
        detect_format(b'<?xml version="1.0"?><Document xmlns="urn:other"/>')


def test_a_named_format_that_disagrees_with_the_file_is_an_error() -> None:
    data = (FIXTURES / "camt053_a_plain_v02.xml").read_bytes()
    with pytest.raises(StatementError, match=r"is a camt\.053, not a camt\.054"):
        read_statement(data, format="camt.054")


def test_a_file_with_two_statements_needs_read_statements() -> None:
    text = (FIXTURES / "camt053_a_plain_v02.xml").read_text()
    start, end = text.index("<Stmt>"), text.index("</Stmt>") + len("</Stmt>")
    stmt = text[start:end]
    second = stmt.replace("DE89370400440532013000-2026-03-16", "SECOND")
    doubled = text[:end] + second + text[end:]
    assert [s.statement_id for s in read_statements(doubled)] == [
        "DE89370400440532013000-2026-03-16",
        "SECOND",
    ]
    with pytest.raises(StatementError, match="holds 2 statements"):
        read_statement(doubled)


@pytest.mark.parametrize(
    ("name", "statements"), [("bai2_a_spec_layout.txt", 1), ("bai2_b_multi_group.txt", 3)]
)
def test_bai2_files_are_detected_and_read(name: str, statements: int) -> None:
    data = (FIXTURES / name).read_bytes()
    assert detect_format(data) is StatementFormat.BAI2
    assert detect_format(data.decode()) is StatementFormat.BAI2
    read = read_statements(data)
    assert len(read) == statements
    assert all(s.format is StatementFormat.BAI2 for s in read)
    assert read_statements(b"\xef\xbb\xbf" + data) == read
    assert read_statements(data.decode(), format="bai2") == read
    if statements == 1:
        assert read_statement(data) == read[0]
    else:
        with pytest.raises(StatementError, match=f"holds {statements} statements"):
            read_statement(data)


@pytest.mark.parametrize("name", ["", "camt.052", "MT942"])
def test_an_unknown_format_name_is_a_statement_error(name: str) -> None:
    with pytest.raises(StatementError, match=r"unknown format .*; the formats are 'camt\.053'"):
        read_statements(":20:X\n", format=name)
