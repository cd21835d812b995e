"""A TEST-ONLY BAI2 writer: accounts and details to BAI2 text with correct control totals.

It writes what the reader's round-trip property needs: groups of accounts with opening and closing
ledger balances and ``16`` details (any funds type), and, given ``width``, breaks every record
longer than that into ``88`` continuations: on a field boundary with ``/``, inside the text
without it (so that the reader must join the text back exactly).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Detail:
    """A ``16`` record; ``funds`` is the funds type and its extra fields (``("S", "1", "2")``)."""

    code: int
    units: int
    bank_reference: str = ""
    customer_reference: str = ""
    text: str = ""
    funds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Account:
    number: str
    currency: str = ""
    opening: int | None = None
    closing: int | None = None
    details: tuple[Detail, ...] = ()
    summaries: tuple[tuple[str, str, str, str], ...] = field(default=())


def _physical(code: str, head: Sequence[str], text: str | None, width: int | None) -> list[str]:
    """The physical records of one logical record."""
    lines: list[str] = []
    line = code
    for value in head:
        piece = "," + value
        if width is not None and len(line) > 2 and len(line) + len(piece) + 1 > width:
            lines.append(line + "/")
            line = "88" + piece
        else:
            line += piece
    if text is None:
        lines.append(line + "/")
        return lines
    line += ","
    rest = text
    while rest:
        room = len(rest) if width is None else max(1, width - 1 - len(line))
        cut = min(room, len(rest))
        # never stop a line on what the reader would take for the record's terminator
        while cut < len(rest) and (rest[:cut].rstrip(" ").endswith("/") or not rest[:cut]):
            cut += 1
        chunk, rest = rest[:cut], rest[cut:]
        line += chunk
        if rest:
            lines.append(line)
            line = "88,"
    lines.append(line + "/")
    return lines


def write_bai2(
    groups: Sequence[Sequence[Account]],
    *,
    sender: str = "BANKID",
    created: str = "260602",
    file_id: str = "1",
    as_of: str = "260601",
    currency: str = "USD",
    width: int | None = None,
) -> str:
    """BAI2 text for ``groups`` of accounts, every control total and count right."""
    out = _physical("01", [sender, "CUSTID", created, "0800", file_id, "", "", "2"], None, width)
    file_total = 0
    file_records = len(out)
    for accounts in groups:
        group = _physical("02", ["CUSTID", "021000021", "1", as_of, "", currency, "2"], None, width)
        group_total = 0
        for account in accounts:
            head = [account.number, account.currency]
            total = 0
            for code, units in (("010", account.opening), ("015", account.closing)):
                if units is not None:
                    head += [code, str(units), "", ""]
                    total += units
            for summary in account.summaries:
                head += list(summary)
                total += int(summary[1]) if summary[1] else 0
            lines = _physical("03", head, None, width)
            for detail in account.details:
                fields = [str(detail.code).zfill(3), str(detail.units), *(detail.funds or ("",))]
                fields += [detail.bank_reference, detail.customer_reference]
                lines += _physical("16", fields, detail.text, width)
                total += detail.units
            lines += _physical("49", [str(total), str(len(lines) + 1)], None, width)
            group += lines
            group_total += total
        group += _physical(
            "98", [str(group_total), str(len(accounts)), str(len(group) + 1)], None, width
        )
        out += group
        file_total += group_total
        file_records += len(group)
    out += _physical("99", [str(file_total), str(len(groups)), str(file_records + 1)], None, width)
    return "\n".join(out) + "\n"
