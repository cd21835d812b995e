"""A TEST-ONLY MT940 writer: a statement to the text a German bank would send (field 86 in the
DFÜ-Abkommen's ``?nn`` structure), so that reading it back can be compared with what was written.

It writes what the reader keeps: the first reference as the :61: customer reference, the
end-to-end id as ``EREF+``, the remittance text as ``SVWZ+`` (or bare ``?2x`` subfields), the
counterparty as ``?30``/``?31``/``?32``+``?33``. Lines are cut at 65 characters, subfields at 27.
"""

from __future__ import annotations

import datetime as dt

from receivables.bankfiles import BankStatement, StatementEntry
from receivables.money import Money

_PURPOSE_CODES = [f"{n}" for n in range(20, 30)] + [f"{n}" for n in range(60, 64)]


def _date(day: dt.date) -> str:
    return day.strftime("%y%m%d")


def _amount(money: Money) -> str:
    text = f"{abs(money.amount):f}"
    return text.replace(".", ",") if "." in text else text + ","


def _balance(tag: str, money: Money, day: dt.date) -> str:
    mark = "D" if money.amount < 0 else "C"
    return f":{tag}:{mark}{_date(day)}{money.currency.code}{_amount(money)}"


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _wrapped(first: str, width: int = 65) -> list[str]:
    """Cut a field's text into lines; a line that would be exactly '-' is avoided."""
    lines: list[str] = []
    rest = first
    while rest:
        cut = width
        if len(rest) == width + 1 and rest[-1] == "-":
            cut = width - 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


def _field86(entry: StatementEntry, plain: bool) -> str:
    transaction = entry.transactions[0]
    pieces: list[str] = []
    if transaction.end_to_end_id:
        pieces += _chunks("EREF+" + transaction.end_to_end_id, 27)
    if transaction.remittance_text:
        if plain and not pieces:
            pieces += _chunks(transaction.remittance_text, 27)
        else:
            pieces += _chunks("SVWZ+" + transaction.remittance_text, 27)
    assert len(pieces) <= len(_PURPOSE_CODES), "too much remittance for field 86"
    text = "166?00GUTSCHRIFT?109310"
    text += "".join(f"?{code}{piece}" for code, piece in zip(_PURPOSE_CODES, pieces, strict=False))
    party = transaction.counterparty
    if party is not None:
        if party.bank:
            text += f"?30{party.bank}"
        if party.account:
            text += f"?31{party.account}"
        if party.name:
            names = _chunks(party.name, 27)
            text += f"?32{names[0]}" + (f"?33{names[1]}" if len(names) > 1 else "")
    return text


def write_mt940(statement: BankStatement, *, funds_code: bool = False, plain: bool = False) -> str:
    """The MT940 text of ``statement`` (its id is ``reference/number``, as the reader makes it)."""
    reference, _, number = statement.statement_id.partition("/")
    account = statement.account
    opening, closing = statement.opening_balance, statement.closing_balance
    assert opening is not None
    assert closing is not None
    assert statement.from_date is not None
    assert statement.to_date is not None
    lines = [
        f":20:{reference}",
        f":25:{account.bank + '/' if account.bank else ''}{account.number}",
        f":28C:{number}",
        _balance("60F", opening, statement.from_date),
    ]
    for entry in statement.entries:
        assert entry.value_date is not None
        assert entry.transaction_code is not None
        mark = ("R" if entry.reversal else "") + (
            ("D" if entry.credit else "C") if entry.reversal else ("C" if entry.credit else "D")
        )
        booked = entry.booking_date.strftime("%m%d") if entry.booking_date else ""
        funds = entry.amount.currency.code[2] if funds_code else ""
        transaction = entry.transactions[0]
        customer = transaction.references[0] if transaction.references else "NONREF"
        bank = f"//{entry.bank_reference}" if entry.bank_reference else ""
        lines.append(
            f":61:{_date(entry.value_date)}{booked}{mark}{funds}{_amount(entry.amount)}"
            f"{entry.transaction_code}{customer}{bank}"
        )
        lines += _wrapped(":86:" + _field86(entry, plain))
    lines += [_balance("62F", closing, statement.to_date), "-"]
    return "\r\n".join(lines) + "\r\n"
