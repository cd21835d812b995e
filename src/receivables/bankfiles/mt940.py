"""SWIFT MT940 customer statements: one :class:`~receivables.bankfiles.BankStatement` per message.

References: SWIFT MT940 (Customer Statement Message, field specifications of fields 20, 21, 25,
28C, 60a, 61, 86, 62a, 64, 65); the German DFÜ-Abkommen, Anlage 3, chapter 8 (structured field 86
with ``?nn`` subfields and the SEPA identifiers ``EREF+``, ``SVWZ+``, ...); the Dutch banks'
"MT940 structured" field 86 (``/EREF/``, ``/CNTP/``, ``/REMI/``, ``/ORDP/``, ...). Why the library
reads MT940 itself instead of using a registry parser is written in ``docs/architecture.md``.

Messages are separated by a line ``-`` or framed by SWIFT blocks (``{1:...}{2:...}{4:`` up to
``-}``); a new ``:20:`` also starts a new message. Blank lines are allowed between messages only
(inside one, a line of spaces is a continuation of its field); so are the lines ABN AMRO writes
before each message (its BIC, ``940``, its BIC).

Rules (each written down because the format leaves it open):

- Two-digit years are 20YY. An entry date (MMDD) takes the year that puts it nearest its value
  date: an entry date ``0102`` for the value date ``261231`` is 2 January 2027.
- Amounts have a decimal comma (``250,`` and ``250,5`` are read; a point is an error) and at most
  the currency's minor units of decimals.
- ``RC`` (reversal of credit) is a debit entry, ``RD`` (reversal of debit) a credit entry; both
  are ``reversal=True``. A funds code (``CR250,00``: ``R``, the third letter of EUR) must match
  the statement currency.
- Field 86 lines (65 characters each) and German ``?nn`` subfields (27 characters each) are cut
  where the bank's length limit falls, so they are joined **without** adding any character: an
  invoice number cut at a line end is whole again. A bank that cut between two words and dropped
  the space gives the two words joined; adding a space would instead break every number cut in
  two, which the matcher needs whole.
- German field 86 (``NNN?00...``): ``?20``-``?29`` and ``?60``-``?63`` are the remittance; a
  SEPA identifier (``EREF+``, ``KREF+``, ``MREF+``, ``SVWZ+``, ``IBAN+``, ``BIC+``, ...) counts
  only at the start of a subfield, as the DFÜ-Abkommen requires, and runs on through the next
  subfields until another identifier. ``EREF+`` is the end-to-end id, ``SVWZ+`` the remittance
  text (without identifiers the whole remittance is), ``KREF+`` and ``MREF+`` are references;
  ``?30`` bank code or BIC, ``?31`` account or IBAN, ``?32`` + ``?33`` name are the counterparty;
  ``ABWA+`` (of a credit) or ``ABWE+`` (of a debit) names the ultimate counterparty.
- Dutch field 86 (``/EREF/.../REMI/...``): a keyword counts only between slashes, its value runs
  to the next keyword, and one ``/`` closing the value is the field's terminator, not data.
  ``/REMI/USTD//`` is remittance text, ``/REMI/STRD/CUR/`` a creditor reference; ``/CNTP/`` (or
  ``/ORDP/`` for a credit, ``/BENM/`` for a debit, or top-level ``/IBAN/ /BIC/ /NAME/``) the
  counterparty; ``/ULTD/`` (credit) or ``/ULTC/`` (debit) ``/NAME/`` the ultimate counterparty;
  ``/RTRN/`` a return reason; ``/MARF/`` and ``/PREF/`` references.
- Any other field 86 is remittance text, whole.
- Field 25: ``BLZ/account`` or ``BIC/account`` gives the part before the slash as the account's
  ``bank``; an IBAN followed by its currency (``NL91ABNA0417164300EUR``) gives the IBAN.
- The statement id is ``:20:`` and ``:28C:`` joined by ``/`` (``STARTUMSE/00001/001``): banks
  reuse ``:20:`` (German statements all say ``STARTUMSE``), the statement number tells them apart.
- :61: references ``NONREF``, ``NOTPROVIDED`` and the placeholders ``EREF``, ``PREF``, ``MARF``
  (which point at field 86) are not kept as references.
- Not kept (the model has no place for them): ``:21:``, ``:64:``, ``:65:`` (checked only), the
  German ``?00`` posting text, ``?10`` prima nota, ``?34`` and other subfields, the SEPA ``CRED+``
  ``DEBT+`` ``COAM+`` ``OAMT+`` values, the Dutch ``/TRTP/`` and other codes,
  the GVC code before ``?00``, and a statement-level field 86.

Control total: opening balance plus the signed entries equals the closing balance, per message;
otherwise a :class:`~receivables.errors.StatementError` names the statement and the difference.
Every malformed input is a :class:`~receivables.errors.StatementError` with its line number.

Limits: at most :data:`MAX_TEXT_CHARS` characters, :data:`MAX_LINE_CHARS` per line,
:data:`MAX_FIELD_LINES` lines per field and :data:`MAX_MESSAGE_LINES` lines per message. Reading
is one pass over the lines and one over each field: linear in the input.

Examples:
    >>> text = "\\n".join([":20:STARTUMSE", ":25:10020030/1234567", ":28C:00001/001",
    ...     ":60F:C261231EUR0,00", ":61:2612310102CR250,00NTRFNONREF//B1",
    ...     ":86:166?00GUTSCHRIFT?20EREF+E2E-7?21SVWZ+ACC-SINV-2026-0?220825",
    ...     ":62F:C261231EUR250,00", "-"])
    >>> (statement,) = read(text)
    >>> entry = statement.entries[0]
    >>> entry.booking_date, entry.transactions[0].remittance_text, statement.account.bank
    (datetime.date(2027, 1, 2), 'ACC-SINV-2026-00825', '10020030')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

import attrs

from receivables._text import shown
from receivables.accounts import account_number, is_iban
from receivables.bankfiles._mt940_details import DUTCH_KEYS, Details, dutch, german
from receivables.bankfiles.model import (
    BankAccount,
    BankStatement,
    EntryStatus,
    Party,
    StatementEntry,
    StatementFormat,
    Transaction,
)
from receivables.errors import ReceivablesError, StatementError
from receivables.money import Currency, Money

__all__ = ["MAX_FIELD_LINES", "MAX_LINE_CHARS", "MAX_MESSAGE_LINES", "MAX_TEXT_CHARS", "read"]

MAX_TEXT_CHARS: Final = 512 * 1024 * 1024
"""The longest MT940 text read: 512 Mi characters (the bank file limit of the reader)."""

MAX_LINE_CHARS: Final = 2000
"""The longest line: SWIFT lines have 65 characters, bank exports of an unwrapped field 86 more."""

MAX_FIELD_LINES: Final = 100
"""The most lines in one field (SWIFT field 86 has 6 lines of 65; some banks send more)."""

MAX_MESSAGE_LINES: Final = 2_000_000
"""The most lines in one message (about 250,000 entries with a field 86 each)."""

_CONTROL: Final = re.compile("[\x00-\x1f\x7f]")
_DIGITS: Final = frozenset("0123456789")
_UPPER: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM: Final = _DIGITS | _UPPER
_AMOUNT: Final = _DIGITS | {","}
_KNOWN_TAGS: Final = frozenset(
    {"20", "21", "25", "28", "28C", "60F", "60M", "61", "86", "62F", "62M", "64", "65"}
)
_PLACEHOLDERS: Final = frozenset({"NONREF", "NOTPROVIDED", "EREF", "PREF", "MARF"})


def _fail(line: int, message: str) -> StatementError:
    return StatementError(f"MT940 line {line}: {message}")


def _is_digits(text: str) -> bool:
    return bool(text) and all(char in _DIGITS for char in text)


@attrs.frozen
class _Field:
    tag: str
    line: int
    lines: tuple[str, ...]


def read(text: str) -> tuple[BankStatement, ...]:
    """Every statement (one per MT940 message) in ``text``, in order.

    Examples:
        >>> text = "\\n".join([":20:940-1", ":25:NL91ABNA0417164300EUR", ":28C:1",
        ...     ":60F:C260601EUR100,00", ":61:260602C25,NTRFNONREF",
        ...     ":86:/EREF/E2E-9//CNTP/DE89370400440532013000/COBADEFFXXX/LUMEN ENERGY//"
        ...     "/REMI/USTD//INV-7/",
        ...     ":62F:C260602EUR125,00", "-"])
        >>> (statement,) = read(text)
        >>> t = statement.entries[0].transactions[0]
        >>> t.end_to_end_id, t.counterparty.name, t.remittance_text, statement.statement_id
        ('E2E-9', 'LUMEN ENERGY', 'INV-7', '940-1/1')
    """
    if not isinstance(text, str):
        raise StatementError(f"MT940 is read from text, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise StatementError(
            f"an MT940 text of {len(text):,} characters is over the {MAX_TEXT_CHARS:,} limit"
        )
    statements = tuple(_statement(fields) for fields in _messages(text))
    if not statements:
        raise StatementError("MT940: the text holds no message (no :20: field)")
    return statements


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    number = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        number += 1
        line = text[start:end]
        if line.endswith("\r"):
            line = line[:-1]
        if len(line) > MAX_LINE_CHARS:
            raise _fail(number, f"a line of {len(line):,} characters (at most {MAX_LINE_CHARS})")
        control = _CONTROL.search(line)
        if control is not None:
            raise _fail(
                number,
                f"control character {shown(control.group())} at column {control.start() + 1}",
            )
        yield number, line
        start = end + 1


def _tag_of(line: str) -> str | None:
    """The field tag a line starts (``:61:`` gives ``61``), or ``None`` for a continuation."""
    if not line.startswith(":"):
        return None
    end = line.find(":", 1)
    if end not in (3, 4):
        return None
    tag = line[1:end]
    if not _is_digits(tag[:2]) or (len(tag) == 3 and tag[2] not in _UPPER):
        return None
    return tag


class _Splitter:
    """Cuts the lines into messages, each a list of fields."""

    def __init__(self) -> None:
        self.messages: list[tuple[_Field, ...]] = []
        self.fields: list[_Field] = []
        self.tag: str | None = None
        self.tag_line = 0
        self.lines: list[str] = []
        self.block = False
        self.count = 0

    def close_field(self) -> None:
        if self.tag is not None:
            self.fields.append(_Field(self.tag, self.tag_line, tuple(self.lines)))
        self.tag = None
        self.lines = []

    def close_message(self) -> None:
        self.close_field()
        if self.fields:
            self.messages.append(tuple(self.fields))
        self.fields = []
        self.count = 0
        self.block = False

    @property
    def open(self) -> bool:
        return self.tag is not None or bool(self.fields)

    def body(self, number: int, line: str) -> None:
        tag = _tag_of(line)
        if tag is not None:
            if tag not in _KNOWN_TAGS:
                raise _fail(number, f"field :{tag}: is not an MT940 field")
            if tag == "20" and self.open:
                if self.block:
                    raise _fail(number, "a new :20: before the end of the message ('-}')")
                self.close_message()
            self.close_field()
            self.tag, self.tag_line, self.lines = tag, number, [line[len(tag) + 2 :]]
            return
        if self.tag is None:
            raise _fail(number, f"text outside a field: {line[:20]!r}")
        if len(self.lines) >= MAX_FIELD_LINES:
            raise _fail(number, f"field :{self.tag}: has more than {MAX_FIELD_LINES} lines")
        self.lines.append(line)


def _is_preamble(line: str) -> bool:
    """ABN AMRO's file header before each message: its BIC, ``940``, its BIC, a line each."""
    text = line.strip()
    return text == "940" or (
        len(text) in (8, 11) and all(char in _ALNUM for char in text) and text[:6].isalpha()
    )


def _messages(text: str) -> list[tuple[_Field, ...]]:
    split = _Splitter()
    last = 0
    for number, line in _lines(text):
        last = number
        if split.open or split.block:
            split.count += 1
            if split.count > MAX_MESSAGE_LINES:
                raise _fail(number, f"a message of more than {MAX_MESSAGE_LINES:,} lines")
        if line.startswith("-}"):
            rest = line[2:].strip()
            if not split.block:
                raise _fail(number, "'-}' ends a SWIFT block that was not opened with '{1:'")
            if rest and not rest.startswith("{"):
                raise _fail(number, f"unexpected text after '-}}': {rest[:20]!r}")
            split.close_message()
        elif line.rstrip() == "-":
            if split.block:
                raise _fail(number, "a message opened with '{1:' ends with '-}', not '-'")
            if not split.open:
                raise _fail(number, "'-' ends a message that has no fields")
            split.close_message()
        elif line.startswith("{1:"):
            if split.open or split.block:
                raise _fail(number, "a new SWIFT block header before the end of the message")
            start = line.find("{4:")
            if start < 0:
                raise _fail(number, "a SWIFT block header without the text block '{4:'")
            split.block = True
            rest = line[start + 3 :]
            if rest.strip():
                split.body(number, rest)
        elif not line:
            if split.open:
                raise _fail(number, "an empty line inside a message")
        elif (not line.strip() and not split.open) or (
            not split.open and not split.block and _is_preamble(line)
        ):
            continue
        else:
            split.body(number, line)
    if split.block:
        raise _fail(last, "the text ends inside a SWIFT block (no '-}')")
    split.close_message()
    return split.messages


# --- one message -----------------------------------------------------------------------------


def _one_line(field: _Field) -> str:
    if len(field.lines) != 1:
        raise _fail(field.line, f"field :{field.tag}: has {len(field.lines)} lines, not one")
    return field.lines[0]


def _date(line: int, text: str, what: str) -> dt.date:
    if len(text) != 6 or not _is_digits(text):
        raise _fail(line, f"{what} {shown(text)} is not a date YYMMDD")
    try:
        return dt.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        raise _fail(line, f"{what} {shown(text)} is not a calendar date") from None


def _entry_date(line: int, text: str, value: dt.date) -> dt.date:
    """The MMDD entry date in the year that puts it nearest the value date."""
    month, day = int(text[:2]), int(text[2:])
    best: dt.date | None = None
    for year in (value.year - 1, value.year, value.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - value).days) < abs((best - value).days):
            best = candidate
    if best is None:
        raise _fail(line, f"entry date {shown(text)} is not a calendar date near the value date")
    return best


def _amount(line: int, text: str, currency: Currency, what: str) -> Money:
    if not text or len(text) > 15 or any(char not in _AMOUNT for char in text):
        raise _fail(line, f"{what} {shown(text)} is not an amount (digits with a decimal comma)")
    whole, comma, decimals = text.partition(",")
    if not comma or not whole or "," in decimals:
        raise _fail(line, f"{what} {shown(text)} needs digits before one decimal comma")
    if len(decimals) > currency.minor_units:
        raise _fail(
            line,
            f"{what} {shown(text)} has {len(decimals)} decimals; {currency.code} has "
            f"{currency.minor_units}",
        )
    return Money(Decimal(f"{whole}.{decimals or '0'}"), currency)


@attrs.frozen
class _Balance:
    amount: Money
    date: dt.date


def _balance(field: _Field, currency: Currency | None) -> _Balance:
    text = _one_line(field)
    what = f"balance :{field.tag}:"
    mark = text[:1]
    if mark not in ("C", "D"):
        raise _fail(field.line, f"{what} starts with {shown(mark)}, not C or D")
    date = _date(field.line, text[1:7], f"{what} date")
    code = text[7:10]
    if len(code) != 3 or any(char not in _UPPER for char in code):
        raise _fail(field.line, f"{what} currency {shown(code)} is not a currency code")
    try:
        found = Currency(code)
    except ReceivablesError:
        raise _fail(field.line, f"{what} currency {shown(code)} is not an ISO 4217 code") from None
    if currency is not None and found != currency:
        raise _fail(field.line, f"{what} is in {code}, the statement in {currency.code}")
    amount = _amount(field.line, text[10:], found, f"{what} amount")
    return _Balance(amount if mark == "C" else -amount, date)


def _account(field: _Field) -> tuple[str, str | None, str | None]:
    """The account number, the bank before a slash, and a currency after an IBAN."""
    text = _one_line(field).strip()
    bank: str | None = None
    suffix: str | None = None
    number = text
    if "/" in text:
        bank, _, number = text.partition("/")
        bank = bank.strip()
        if not bank:
            raise _fail(field.line, f"account :25: {shown(text)} has nothing before its '/'")
    elif is_iban(text) and len(text) > 3 and all(char in _UPPER for char in text[-3:]):
        try:
            account_number(text)
        except ReceivablesError:
            number, suffix = text[:-3], text[-3:]
    try:
        return account_number(number), bank, suffix
    except ReceivablesError as error:
        raise _fail(field.line, f"account :25: {shown(text)}: {error}") from None


class _Cursor:
    def __init__(self, fields: tuple[_Field, ...]) -> None:
        self.fields = fields
        self.position = 0

    def peek(self) -> _Field | None:
        return self.fields[self.position] if self.position < len(self.fields) else None

    def take(self, *tags: str) -> _Field | None:
        field = self.peek()
        if field is None or field.tag not in tags:
            return None
        self.position += 1
        return field

    def need(self, *tags: str) -> _Field:
        field = self.take(*tags)
        if field is None:
            found = self.peek()
            wanted = " or ".join(f":{tag}:" for tag in tags)
            if found is None:
                last = self.fields[-1]
                raise _fail(last.line, f"the message ends without {wanted}")
            raise _fail(found.line, f"expected {wanted}, found :{found.tag}:")
        return field


def _statement(fields: tuple[_Field, ...]) -> BankStatement:
    cursor = _Cursor(fields)
    reference = _one_line(cursor.need("20")).strip()
    first = fields[0].line
    if not reference or len(reference) > 16:
        raise _fail(
            first, f"transaction reference :20: {shown(reference)} must have 1 to 16 characters"
        )
    related = cursor.take("21")
    if related is not None:
        _one_line(related)
    account_field = cursor.need("25")
    number_field = cursor.need("28C", "28")
    sequence = _one_line(number_field).strip()
    parts = sequence.split("/")
    if len(parts) > 2 or not all(_is_digits(part) and len(part) <= 5 for part in parts):
        raise _fail(number_field.line, f"statement number {shown(sequence)} is not NNNNN[/NNNNN]")
    statement_id = f"{reference}/{sequence}"
    opening = _balance(cursor.need("60F", "60M"), None)
    currency = opening.amount.currency
    number, bank, suffix = _account(account_field)
    if suffix is not None and suffix != currency.code:
        raise _fail(
            account_field.line, f"account :25: ends in {suffix}, the balances are in {currency}"
        )
    entries: list[StatementEntry] = []
    while (line_field := cursor.take("61")) is not None:
        info = cursor.take("86")
        entries.append(_entry(len(entries), line_field, info, currency))
    closing_field = cursor.need("62F", "62M")
    closing = _balance(closing_field, currency)
    if (available := cursor.take("64")) is not None:
        _balance(available, currency)
    while (forward := cursor.take("65")) is not None:
        _balance(forward, currency)
    cursor.take("86")
    extra = cursor.peek()
    if extra is not None:
        raise _fail(extra.line, f"field :{extra.tag}: after the closing balance")
    total = Money.total((entry.signed_amount for entry in entries), currency)
    if opening.amount + total != closing.amount:
        difference = closing.amount - opening.amount - total
        raise StatementError(
            f"MT940 statement {statement_id} (line {closing_field.line}): the opening balance "
            f"{opening.amount} plus the entries {total} is {opening.amount + total}, the closing "
            f"balance :{closing_field.tag}: says {closing.amount} (a difference of {difference})"
        )
    return BankStatement(
        StatementFormat.MT940,
        statement_id,
        BankAccount(number, bank=bank, currency=currency),
        tuple(entries),
        from_date=opening.date,
        to_date=closing.date,
        opening_balance=opening.amount,
        closing_balance=closing.amount,
    )


# --- field 61 ------------------------------------------------------------------------------------


@attrs.frozen
class _Line61:
    value_date: dt.date
    entry_date: dt.date | None
    mark: str
    amount: Money
    code: str
    customer_reference: str
    bank_reference: str | None
    supplementary: str | None


def _line61(field: _Field, currency: Currency) -> _Line61:
    at = field.line
    if len(field.lines) > 2:
        raise _fail(at, f"statement line :61: has {len(field.lines)} lines (at most 2)")
    text = field.lines[0]
    value = _date(at, text[:6], "value date")
    position = 6
    entry: dt.date | None = None
    if _is_digits(text[6:10]) and len(text[6:10]) == 4:
        entry = _entry_date(at, text[6:10], value)
        position = 10
    if text[position : position + 2] in ("RC", "RD"):
        mark = text[position : position + 2]
    elif text[position : position + 1] in ("C", "D"):
        mark = text[position]
    else:
        raise _fail(
            at, f"debit/credit mark {text[position : position + 2]!r} is not C, D, RC or RD"
        )
    position += len(mark)
    if text[position : position + 1] in _UPPER:
        funds = text[position]
        if funds != currency.code[2]:
            raise _fail(
                at, f"funds code {shown(funds)} is not the third letter of the currency {currency}"
            )
        position += 1
    end = position
    while end < len(text) and end - position < 16 and text[end] in _AMOUNT:
        end += 1
    amount = _amount(at, text[position:end], currency, "amount")
    code = text[end : end + 4]
    if len(code) != 4 or code[0] not in "NFS" or any(char not in _ALNUM for char in code[1:]):
        raise _fail(at, f"transaction type {shown(code)} is not N, F or S and three characters")
    rest = text[end + 4 :]
    customer, slashes, bank = rest.partition("//")
    if len(customer) > 16:
        raise _fail(at, f"reference {shown(customer)} is longer than 16 characters")
    if slashes and (not bank or len(bank) > 16):
        raise _fail(at, f"bank reference {shown(bank)} must have 1 to 16 characters")
    supplementary = field.lines[1] if len(field.lines) == 2 else None
    if supplementary is not None and len(supplementary) > 34:
        raise _fail(at + 1, f"supplementary details of {len(supplementary)} characters (max 34)")
    return _Line61(value, entry, mark, amount, code, customer, bank or None, supplementary or None)


# --- field 86: see _mt940_details ----------------------------------------------------------


def _details(field: _Field, credit: bool) -> Details:
    text = "".join(field.lines)
    if len(text) >= 4 and _is_digits(text[:3]) and text[3] == "?":
        return german(field.line, text, credit)
    if text.startswith("/") and text[1:].partition("/")[0] in DUTCH_KEYS and "/" in text[1:]:
        return dutch(text, credit)
    return Details(remittance_text=text.strip() or None)


def _entry(index: int, field: _Field, info: _Field | None, currency: Currency) -> StatementEntry:
    line = _line61(field, currency)
    credit = line.mark in ("C", "RD")
    details = _details(info, credit) if info is not None else Details()
    references: list[str] = []
    customer: str | None = line.customer_reference.strip()
    if customer and customer.upper() not in _PLACEHOLDERS:
        references.append(customer)
    else:
        customer = None
    references.extend(details.references)
    if line.supplementary is not None and line.supplementary.strip():
        references.append(line.supplementary.strip())
    at = info.line if info is not None else field.line
    try:
        counterparty = (
            Party(details.name, account=details.account, bank=details.bank)
            if details.name or details.account or details.bank
            else None
        )
        transaction = Transaction(
            line.amount,
            references=tuple(references),
            end_to_end_id=details.end_to_end_id,
            counterparty=counterparty,
            remittance_text=details.remittance_text,
            creditor_references=tuple(details.creditor_references),
            return_reason=details.return_reason,
            ultimate_counterparty=Party(details.ultimate) if details.ultimate else None,
        )
    except ReceivablesError as error:
        raise _fail(at, f"statement line {index + 1}: {error}") from None
    return StatementEntry(
        index=index,
        amount=line.amount,
        credit=credit,
        booking_date=line.entry_date,
        value_date=line.value_date,
        status=EntryStatus.BOOKED,
        reversal=line.mark.startswith("R"),
        bank_reference=line.bank_reference,
        transaction_code=line.code,
        transactions=(transaction,),
        customer_reference=customer,
    )
