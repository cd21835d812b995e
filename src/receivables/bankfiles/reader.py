"""Reading a bank file: detect its format with certainty, then hand it to the format's reader.

Limits: at most :data:`MAX_BYTES` of input. Text formats (BAI2, MT940) are decoded as UTF-8 unless
the caller names another ``encoding`` (MT940 files of German banks are often ISO 8859-1:
``encoding="latin-1"``); bytes that do not decode are an error that says so, never a guess.

Examples:
    >>> detect_format(b"01,BANKID,CUSTID,260602,0800,1,,,2/")
    <StatementFormat.BAI2: 'bai2'>
"""

from __future__ import annotations

import re
from typing import Final

from receivables._text import shown
from receivables.bankfiles import bai2, camt, mt940
from receivables.bankfiles.model import BankStatement, StatementFormat
from receivables.errors import InvalidTypeError, StatementError

__all__ = ["MAX_BYTES", "detect_format", "read_statement", "read_statements"]

MAX_BYTES: Final = 512 * 1024 * 1024
"""The largest bank file the readers take: 512 MiB (a 100,000-entry camt.053 is about 100 MiB)."""

_CAMT: Final = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.\d{3}\.\d{2}")
_SNIFF: Final = 4096
# ABN AMRO writes its BIC, "940" and its BIC on three lines before each MT940 message.
_ABN_AMRO_HEADER: Final = re.compile(
    rb"\A[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\r?\n940\r?\n[A-Z0-9]{8,11}\r?\n"
)


def _head(data: bytes | str) -> bytes:
    head = data[:_SNIFF]
    raw = head.encode("utf-8", "replace") if isinstance(head, str) else head
    return raw.lstrip(b"\xef\xbb\xbf").lstrip()


def detect_format(data: bytes | str) -> StatementFormat:
    """The format of a bank file from its first bytes; a file not certainly one is an error.

    camt is recognised by its ISO 20022 namespace (camt.053 or camt.054, any version), BAI2 by its
    file header record ``01,``, MT940 by a first field ``:20:`` (after an optional SWIFT
    ``{1:...}`` block header, or ABN AMRO's three header lines: BIC, ``940``, BIC).

    Examples:
        >>> detect_format(":20:STARTUMSE\\n:25:10020030/1234567\\n")
        <StatementFormat.MT940: 'mt940'>
    """
    if not isinstance(data, bytes | str):
        raise InvalidTypeError(f"a bank file is bytes or str, not {type(data).__name__}")
    head = _head(data)
    if head.startswith(b"<"):
        found = _CAMT.search(head)
        if found is None:
            raise StatementError(
                "an XML file without a camt.053 or camt.054 namespace "
                "(urn:iso:std:iso:20022:tech:xsd:camt.05x.001.nn) in its first 4 KiB"
            )
        return StatementFormat(found.group(1).decode("ascii"))
    if head.startswith(b"01,"):
        return StatementFormat.BAI2
    body = _ABN_AMRO_HEADER.sub(b"", head, count=1)
    if body.startswith(b"{1:"):
        start = body.find(b"{4:")
        body = body[start + 3 :].lstrip() if start >= 0 else b""
    if body.startswith(b":20:"):
        return StatementFormat.MT940
    opening = head[:20].decode("utf-8", "replace")
    raise StatementError(
        "not a bank statement the library reads (camt.053, camt.054, BAI2 or MT940): "
        f"the text starts with {opening!r}"
    )


def read_statements(
    data: bytes | str,
    *,
    format: str | StatementFormat | None = None,
    encoding: str = "utf-8",
) -> tuple[BankStatement, ...]:
    """Every statement in a bank file (a BAI2 file has one per account, an MT940 file one per
    message, a camt.053 one per ``Stmt``), in file order.

    ``format`` is detected when not given. ``encoding`` applies to the text formats (XML says its
    own encoding).

    Examples:
        >>> bai = '''01,BANKID,CUSTID,260602,0800,1,,,2/
        ... 02,CUSTID,BANKID,1,260601,,USD,2/
        ... 03,123456789,USD,010,100000,,,015,125000,,/
        ... 16,175,25000,,B1,ACC-SINV-2026-00825,LUMEN ENERGY/
        ... 49,250000,3/
        ... 98,250000,1,5/
        ... 99,250000,1,7/'''
        >>> [s.account.number for s in read_statements(bai)]
        ['123456789']
    """
    if not isinstance(data, bytes | str):
        raise InvalidTypeError(f"a bank file is bytes or str, not {type(data).__name__}")
    if len(data) > MAX_BYTES:
        raise StatementError(f"a bank file of {len(data):,} bytes is over the {MAX_BYTES:,} limit")
    kind = detect_format(data) if format is None else _format(format)
    if kind in (StatementFormat.CAMT_053, StatementFormat.CAMT_054):
        return camt.read(data, kind)
    text = _decoded(data, encoding)
    if kind is StatementFormat.BAI2:
        return bai2.read(text)
    return mt940.read(text)


def read_statement(
    data: bytes | str,
    *,
    format: str | StatementFormat | None = None,
    encoding: str = "utf-8",
) -> BankStatement:
    """The one statement in a bank file; a file with several is an error (use
    :func:`read_statements`).

    Examples:
        >>> mt = "\\n".join([":20:1", ":25:NL91ABNA0417164300", ":28C:1",
        ...                  ":60F:C260601EUR0,00", ":62F:C260601EUR0,00", "-"])
        >>> read_statement(mt).closing_balance
        Money('0.00', 'EUR')
    """
    statements = read_statements(data, format=format, encoding=encoding)
    if len(statements) != 1:
        raise StatementError(
            f"the file holds {len(statements)} statements; read them with read_statements()"
        )
    return statements[0]


def _format(value: str | StatementFormat) -> StatementFormat:
    if isinstance(value, StatementFormat):
        return value
    try:
        return StatementFormat(value)
    except ValueError:
        known = ", ".join(repr(kind.value) for kind in StatementFormat)
        raise StatementError(f"unknown format {shown(value)}; the formats are {known}") from None


def _decoded(data: bytes | str, encoding: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise StatementError(
            f"the file is not valid {encoding} at byte {error.start}; name its encoding "
            "(for example encoding='latin-1')"
        ) from None
    except LookupError:
        raise StatementError(f"unknown encoding {shown(encoding)}") from None
