"""BAI2 (Cash Management Balance Reporting Specifications, Version 2) to bank statements.

A BAI2 file is a file header ``01``, groups (``02`` ... ``98``) of accounts (``03`` ... ``49``) with
their transaction details ``16``, and a file trailer ``99``; a continuation ``88`` carries on the
record before it. :func:`read` gives one :class:`~receivables.bankfiles.BankStatement` per ``03``
account, in file order.

The rules this reader follows, from the specification, and its own choices where the specification
leaves one:

* **Records and fields.** One physical record a line (``\\n`` or ``\\r\\n``); fields are
  separated by commas; a record ends with ``/``. Spaces after the final ``/`` are padding
  (fixed-length records) and are dropped. A non-text record without its ``/`` is accepted (the line
  ends it).
* **Continuations.** An ``88`` continues the logical record before it. A physical record that ends
  with ``/`` ended on a field boundary, so the ``88`` starts the next field; one that ends without
  ``/`` stopped inside a field, so the ``88`` continues that same field *exactly where it stopped*,
  adding nothing: ``16,...,ACC`` then ``88,-SINV-2026-00825`` is the text ``ACC-SINV-2026-00825``
  (a space between words must be sent by the bank; none is invented). This is what the
  specification requires of senders: a ``16`` that stops within its text must not end with ``/``.
* **The text field** of a ``16`` is the last field and runs to the end of the logical record, commas
  and slashes included; one final ``/`` is the record's terminator and is not part of the text.
* **Amounts** are whole numbers of the currency's minor units (ISO 4217: ``125000`` is 1250.00 USD,
  125.000 KWD, 125000 JPY): a decimal point is an error; a sign is allowed only on status amounts
  (type codes 001-099, 700-719 and 900-919 in the ``03``) and on trailer control totals.
* **Currency**: the ``03``'s, else the group's, else USD, as the specification defaults it.
* **Dates**: two-digit years are 2000-2099. Each entry's booking date is the group's as-of date; its
  value date is the date of a funds type ``V`` (value dated), else none. The statement's
  ``created`` is the file creation date; ``from_date`` and ``to_date`` the as-of date.
* **Balances**: opening balance from status 010 (opening ledger), closing balance from 015 (closing
  ledger), signed; available balances (040, 045) and other status codes only count in the control
  total. An account without 010 or 015 has ``None`` there (an intraday report).
* **Funds types** ``0``, ``1``, ``2``, ``Z`` and empty have no further fields; ``S`` has three
  (immediate, one-day and two-or-more-day amounts), ``V`` two (value date, time), ``D`` a count and
  that many (days, amount) pairs. They are read so that the fields after them are not shifted, and
  are checked for form; availability is not otherwise used.
* **Credit or debit** from the type code: 100-399 credits, 400-699 debits, 720-728 (loan payments
  applied) credits, 760 (loan disbursement) a debit, 920-959 custom credits, 960-999 custom debits;
  890 (non-monetary information) is an entry of status ``information`` with amount zero unless one
  is given. A status code (001-099, 700-719, 900-919) or an undefined code (729-759, 761-889,
  891-899) in a ``16`` is an error.
* **Batches.** A deposit followed directly by the items in it is one entry with one transaction per
  item: 116 items after a 115 lockbox deposit, 136 after a 135 DTC concentration credit, 143 after a
  142 ACH credit received or a 145 ACH concentration credit, 156 after a 155 preauthorized draft
  credit. The items must add up to the deposit (else an error with the difference). The entry keeps
  the deposit's type code, bank and customer references, and the deposit's text as the entry's
  ``text``; each transaction has its item's customer and bank references (in that order) and its
  item's text as remittance text. The deposit's text and references describe the deposit, not
  an item, so they are not copied into the items' references (a lockbox number such as
  ``LOCKBOX 12`` would otherwise be a reference of every cheque in it). An item not after its
  deposit is an entry of its own.
* **Transactions** carry the customer reference as a reference and the text as the remittance text;
  the bank reference is the entry's, and so is the customer reference (``customer_reference``).
  BAI2 has no structured counterparty: it is ``None`` (banks that
  write ``ORIG:`` or ``B/O`` into the text keep it in the text).
* **Statement id**: ``<sender>.<creation date YYMMDD>.<file id>/<group number>/<account>``, the
  group counted from 1 in the file: the specification makes the file id unique per sender and
  creation date.
* **Group status** 1 (update) and 3 (correction) give booked entries; 2 (deletion) and 4 (test
  only) give entries of status ``information``, which are not applied.
* **Intraday and end-of-day reports.** The group's as-of-date modifier 1 (interim previous-day)
  or 3 (interim same-day, an intraday report) makes its statements ``interim``: the bank reports
  the same entries again in the final report (modifier 2 or 4, or none), with other ids, so an
  interim report's credits are skipped with the reason ``bankfiles.interim`` and only the final
  report's are payments. Reading both files then posts each payment once. A group without the
  modifier makes no claim to be interim and is read as final.
* **Control totals.** The ``49`` total is the algebraic sum of every amount field of the ``03``
  (status and summary amounts, not item counts or availability) and of every ``16``; its record
  count counts the physical records from the ``03`` to the ``49``, both included, ``88`` s too.
  The ``98`` total is the sum of its accounts' totals, with the number of ``03`` and of records
  from the ``02`` to the ``98``; the ``99`` the sum of the groups', the number of groups and of all
  records. A mismatch is a :class:`~receivables.errors.StatementError` that names the total, both
  figures, the difference and the line.

Limits: a physical record of at most :data:`MAX_LINE_CHARS` characters; amounts of at most
:data:`MAX_AMOUNT_DIGITS` digits. The reader runs in time linear in the text (continuations are
gathered and joined once).

Examples:
    >>> text = '''01,BANKID,CUSTID,260602,0800,1,,,2/
    ... 02,CUSTID,021000021,1,260601,,USD,2/
    ... 03,123456789,USD,010,100000,,,015,125000,,/
    ... 16,175,25000,,B1,CR-77,ACC
    ... 88,-SINV-2026-00825/
    ... 49,250000,4/
    ... 98,250000,1,6/
    ... 99,250000,1,8/'''
    >>> (statement,) = read(text)
    >>> statement.statement_id, str(statement.closing_balance)
    ('BANKID.260602.1/1/123456789', '1250.00 USD')
    >>> [(p.id, str(p.amount), p.references) for p in statement.payments()]
    [('BANKID.260602.1/1/123456789/1', '250.00 USD', ('ACC-SINV-2026-00825', 'CR-77'))]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

import attrs

from receivables._text import shown
from receivables.accounts import account_number
from receivables.bankfiles.model import (
    BankAccount,
    BankStatement,
    EntryStatus,
    StatementEntry,
    StatementFormat,
    Transaction,
)
from receivables.errors import InvalidTypeError, ReceivablesError, StatementError
from receivables.money import Currency, Money

__all__ = ["MAX_AMOUNT_DIGITS", "MAX_LINE_CHARS", "read"]

MAX_LINE_CHARS: Final = 10_000
"""The longest physical record (line) the reader takes, in characters."""

MAX_AMOUNT_DIGITS: Final = 18
"""The most digits an amount, total or count may have."""

_DEFAULT_CURRENCY: Final = "USD"
_DIGITS: Final = re.compile(r"[0-9]+")
_SIGNED: Final = re.compile(r"[+-]?[0-9]+")
_CODE: Final = re.compile(r"[0-9]{2}")

_NAMES: Final = {
    "01": "file header",
    "02": "group header",
    "03": "account identifier",
    "16": "transaction detail",
    "49": "account trailer",
    "88": "continuation",
    "98": "group trailer",
    "99": "file trailer",
}

# The item type code that details each deposit type code (a batch the bank split).
_ITEM_OF: Final = {115: 116, 135: 136, 142: 143, 145: 143, 155: 156}
_ITEM_CODES: Final = frozenset(_ITEM_OF.values())
_NON_MONETARY: Final = 890


@attrs.define
class _Record:
    """A logical record: the physical record that starts it and its ``88`` continuations."""

    code: str
    line: int
    parts: list[str]
    slashed: bool
    physical: int = 1

    @property
    def where(self) -> str:
        return f"BAI2 line {self.line} ({self.code} {_NAMES.get(self.code, 'record')})"

    def error(self, message: str) -> StatementError:
        return StatementError(f"{self.where}: {message}")

    def data(self) -> str:
        return "".join(self.parts)


class _Fields:
    """The comma-separated fields of a record, taken one at a time (the text takes the rest)."""

    __slots__ = ("_data", "_pos", "record")

    def __init__(self, record: _Record) -> None:
        self.record = record
        self._data = record.data()
        self._pos = 0

    @property
    def exhausted(self) -> bool:
        return self._pos > len(self._data)

    def take(self) -> str | None:
        """The next field, or ``None`` when the record has no more."""
        if self._pos > len(self._data):
            return None
        end = self._data.find(",", self._pos)
        if end < 0:
            end = len(self._data)
        field = self._data[self._pos : end]
        self._pos = end + 1
        return field

    def need(self, what: str) -> str:
        """The next field, which the record must have (it may be empty)."""
        field = self.take()
        if field is None:
            raise self.record.error(f"the record ends before its {what}")
        return field

    def rest(self) -> str | None:
        """Everything after the fields taken, commas included (the text of a ``16``)."""
        if self._pos > len(self._data):
            return None
        rest = self._data[self._pos :]
        self._pos = len(self._data) + 1
        return rest

    def end(self) -> None:
        """Check that no field is left over."""
        extra = self.rest()
        if extra is not None:
            raise self.record.error(f"unexpected fields after the last one: {extra[:40]!r}")


def _records(text: str) -> list[_Record]:
    """The logical records of the file, continuations folded in, in one pass."""
    records: list[_Record] = []
    blank: int | None = None
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if len(line) > MAX_LINE_CHARS:
            raise StatementError(
                f"BAI2 line {number} has {len(line):,} characters, over the limit of "
                f"{MAX_LINE_CHARS:,}"
            )
        if not line.strip():
            blank = number if blank is None else blank
            continue
        if blank is not None:
            raise StatementError(f"BAI2 line {blank} is empty: a BAI2 file has no empty records")
        code = line[:2]
        if not _CODE.fullmatch(code) or line[2:3] != ",":
            raise StatementError(
                f"BAI2 line {number} does not start with a two-digit record code and a comma: "
                f"{line[:20]!r}"
            )
        body = line[3:]
        stripped = body.rstrip(" ")
        slashed = stripped.endswith("/")
        if slashed:
            body = stripped[:-1]
        if code == "88":
            if not records:
                raise StatementError(f"BAI2 line {number}: a continuation with no record before it")
            previous = records[-1]
            if previous.slashed:
                previous.parts.append(",")
            previous.parts.append(body)
            previous.slashed = slashed
            previous.physical += 1
        else:
            records.append(_Record(code, number, [body], slashed))
    return records


def _number(
    field: str, record: _Record, what: str, *, signed: bool = False, required: bool = True
) -> int | None:
    """A whole number (minor units, a count); ``None`` for an empty optional field."""
    if field == "":
        if required:
            raise record.error(f"the {what} is missing")
        return None
    pattern = _SIGNED if signed else _DIGITS
    if not pattern.fullmatch(field):
        kind = "a whole number" + ("" if signed else " without a sign")
        raise record.error(
            f"the {what} {shown(field)} is not {kind} (BAI2 amounts have no decimal point: the "
            "currency's minor units are implied)"
        )
    if len(field.lstrip("+-")) > MAX_AMOUNT_DIGITS:
        raise record.error(f"the {what} has more than {MAX_AMOUNT_DIGITS} digits")
    return int(field)


def _count(field: str, record: _Record, what: str) -> int:
    value = _number(field, record, what)
    assert value is not None  # required
    return value


def _date(field: str, record: _Record, what: str) -> dt.date:
    if not (len(field) == 6 and _DIGITS.fullmatch(field)):
        raise record.error(f"the {what} {shown(field)} is not a date YYMMDD")
    try:
        return dt.date(2000 + int(field[:2]), int(field[2:4]), int(field[4:]))
    except ValueError:
        raise record.error(f"the {what} {shown(field)} is not a calendar date") from None


def _time(field: str, record: _Record, what: str) -> None:
    """Check a time HHMM (0000 to 2400, or 9999 for the end of the day); empty is allowed."""
    if field == "" or field == "9999":
        return
    if len(field) == 4 and _DIGITS.fullmatch(field):
        hours, minutes = int(field[:2]), int(field[2:])
        if (hours < 24 and minutes < 60) or field == "2400":
            return
    raise record.error(f"the {what} {shown(field)} is not a time HHMM (0000 to 2400, or 9999)")


def _funds(fields: _Fields, what: str) -> dt.date | None:
    """Read a funds type and its extra fields; the value date of type ``V``, else ``None``."""
    record = fields.record
    kind = fields.take()
    if kind is None or kind in ("", "0", "1", "2", "Z"):
        return None
    if kind == "S":
        for part in ("immediate", "one-day", "two-or-more-day"):
            _number(fields.need(f"{part} availability"), record, f"{part} availability amount",
                    required=False)  # fmt: skip
        return None
    if kind == "V":
        value = fields.need("value date")
        _time(fields.need("value time"), record, "value time")
        return _date(value, record, "value date") if value else None
    if kind == "D":
        count = _count(fields.need("number of distributions"), record, "number of distributions")
        for number in range(1, count + 1):
            if fields.exhausted:
                raise record.error(
                    f"funds type D announces {count} distributions, the record has {number - 1}"
                )
            _count(fields.need("distribution days"), record, f"days of distribution {number}")
            _count(fields.need("distribution amount"), record, f"amount of distribution {number}")
        return None
    raise record.error(
        f"the funds type of the {what} is {shown(kind)}: BAI2 knows 0, 1, 2, S, V, D and Z"
    )


def _is_status(code: int) -> bool:
    return code < 100 or 700 <= code < 720 or 900 <= code < 920


def _direction(code: int, record: _Record) -> bool | None:
    """True for a credit, False for a debit, None for non-monetary information."""
    if 100 <= code < 400 or 720 <= code <= 728 or 920 <= code < 960:
        return True
    if 400 <= code < 700 or code == 760 or 960 <= code <= 999:
        return False
    if code == _NON_MONETARY:
        return None
    if _is_status(code):
        raise record.error(f"type code {code:03d} is an account status code, not a transaction")
    raise record.error(f"type code {code:03d} is not a BAI2 transaction type code")


def _type_code(field: str, record: _Record) -> int:
    if not (len(field) == 3 and _DIGITS.fullmatch(field)):
        raise record.error(f"the type code {shown(field)} is not three digits")
    return int(field)


def _money(units: int, currency: Currency, record: _Record) -> Money:
    try:
        return Money.from_minor_units(units, currency)
    except ReceivablesError as error:
        raise record.error(str(error)) from None


@attrs.frozen
class _Detail:
    record: _Record
    code: int
    units: int
    credit: bool | None
    value_date: dt.date | None
    bank_reference: str
    customer_reference: str
    text: str


def _detail(record: _Record) -> _Detail:
    fields = _Fields(record)
    code = _type_code(fields.need("type code"), record)
    credit = _direction(code, record)
    amount = _number(fields.need("amount"), record, "amount", required=credit is not None)
    value_date = _funds(fields, "detail")
    bank = (fields.take() or "").strip()
    customer = (fields.take() or "").strip()
    return _Detail(record, code, amount or 0, credit, value_date, bank, customer,
                   fields.rest() or "")  # fmt: skip


@attrs.frozen
class _Group:
    number: int
    originator: str
    as_of: dt.date
    currency: str
    status: EntryStatus
    interim: bool


@attrs.frozen
class _File:
    sender: str
    created: dt.date
    file_id: str


def _transaction(item: _Detail, currency: Currency, *, in_batch: bool = False) -> Transaction:
    references = [item.customer_reference, *([item.bank_reference] if in_batch else [])]
    return Transaction(
        _money(item.units, currency, item.record),
        references=tuple(ref for ref in references if ref.strip()),
        remittance_text=item.text,
    )


def _entries(
    details: list[_Detail], currency: Currency, group: _Group
) -> tuple[StatementEntry, ...]:
    entries: list[StatementEntry] = []
    position = 0
    while position < len(details):
        head = details[position]
        following = position + 1
        item_code = _ITEM_OF.get(head.code)
        if item_code is not None:
            while following < len(details) and details[following].code == item_code:
                following += 1
        items = details[position + 1 : following]
        if items:
            total = sum(item.units for item in items)
            if total != head.units:
                raise head.record.error(
                    f"the deposit of {head.units} (type code {head.code:03d}) is detailed by "
                    f"{len(items)} items that add up to {total}: a difference of "
                    f"{head.units - total} minor units"
                )
            transactions = tuple(_transaction(item, currency, in_batch=True) for item in items)
        else:
            transactions = (_transaction(head, currency),)
        status = group.status
        if head.credit is None:
            status = EntryStatus.INFORMATION
        try:
            entries.append(
                StatementEntry(
                    index=len(entries),
                    amount=_money(head.units, currency, head.record),
                    credit=head.credit is not False,
                    booking_date=group.as_of,
                    value_date=head.value_date,
                    status=status,
                    bank_reference=head.bank_reference or None,
                    transaction_code=f"{head.code:03d}",
                    transactions=transactions,
                    text=head.text if items else None,
                    customer_reference=head.customer_reference or None,
                )
            )
        except StatementError:
            raise
        except ReceivablesError as error:
            raise head.record.error(str(error)) from None
        position = following
    return tuple(entries)


class _Reader:
    """The file's structure: a file of groups of accounts, each closed by its trailer."""

    def __init__(self, records: list[_Record]) -> None:
        self._records = records
        self._next = 0

    def _peek(self) -> _Record | None:
        return self._records[self._next] if self._next < len(self._records) else None

    def _expect(self, codes: str, context: str) -> _Record:
        record = self._peek()
        if record is None:
            last = self._records[-1].line if self._records else 0
            raise StatementError(f"BAI2: the file ends after line {last} {context}")
        if record.code not in codes.split():
            wanted = " or ".join(f"{c} ({_NAMES[c]})" for c in codes.split())
            raise StatementError(
                f"{record.where}: expected {wanted} {context}, found record code {record.code}"
            )
        self._next += 1
        return record

    def file(self) -> tuple[BankStatement, ...]:
        header = self._expect("01", "at the start of the file")
        fields = _Fields(header)
        sender = fields.need("sender identification").strip()
        fields.need("receiver identification")
        created = _date(fields.need("file creation date"), header, "file creation date")
        _time(fields.need("file creation time"), header, "file creation time")
        file_id = fields.need("file identification number").strip()
        _number(fields.need("physical record length"), header, "physical record length",
                required=False)  # fmt: skip
        _number(fields.need("block size"), header, "block size", required=False)
        version = fields.need("version number")
        fields.end()
        if not sender or not file_id:
            raise header.error("the sender and the file identification number are required")
        if version != "2":
            raise header.error(f"version {shown(version)}: this reader reads BAI version 2")
        info = _File(sender, created, file_id)
        statements: list[BankStatement] = []
        total = groups = 0
        physical = header.physical
        while True:
            record = self._expect("02 99", "where a group header or the file trailer belongs")
            if record.code == "99":
                break
            self._next -= 1
            groups += 1
            group_total, group_records = self._group(info, groups, statements)
            total += group_total
            physical += group_records
        physical += record.physical
        fields = _Fields(record)
        _check(record, "file control total", fields.need("file control total"), total)
        _check(record, "number of groups", fields.need("number of groups"), groups)
        _check(record, "number of records", fields.need("number of records"), physical)
        fields.end()
        extra = self._peek()
        if extra is not None:
            raise extra.error("a record after the file trailer")
        return tuple(statements)

    def _group(self, info: _File, number: int, statements: list[BankStatement]) -> tuple[int, int]:
        header = self._expect("02", "")
        fields = _Fields(header)
        fields.need("ultimate receiver identification")
        originator = fields.need("originator identification").strip()
        status_field = fields.need("group status")
        if status_field not in ("1", "2", "3", "4"):
            raise header.error(
                f"the group status {shown(status_field)} is not 1 (update), 2 (deletion), "
                "3 (correction) or 4 (test only)"
            )
        as_of = _date(fields.need("as-of date"), header, "as-of date")
        _time(fields.take() or "", header, "as-of time")
        currency = (fields.take() or "").strip() or _DEFAULT_CURRENCY
        modifier = fields.take() or ""
        if modifier not in ("", "1", "2", "3", "4"):
            raise header.error(f"the as-of-date modifier {shown(modifier)} is not 1, 2, 3 or 4")
        fields.end()
        status = EntryStatus.BOOKED if status_field in ("1", "3") else EntryStatus.INFORMATION
        group = _Group(number, originator, as_of, currency, status, modifier in ("1", "3"))
        total = accounts = 0
        physical = header.physical
        while True:
            record = self._expect("03 98", "where an account or the group trailer belongs")
            if record.code == "98":
                break
            self._next -= 1
            accounts += 1
            account_total, account_records = self._account(info, group, statements)
            total += account_total
            physical += account_records
        physical += record.physical
        fields = _Fields(record)
        _check(record, "group control total", fields.need("group control total"), total)
        _check(record, "number of accounts", fields.need("number of accounts"), accounts)
        _check(record, "number of records", fields.need("number of records"), physical)
        fields.end()
        return total, physical

    def _account(
        self, info: _File, group: _Group, statements: list[BankStatement]
    ) -> tuple[int, int]:
        header = self._expect("03", "")
        fields = _Fields(header)
        number = fields.need("customer account number").strip()
        code = (fields.need("currency code")).strip() or group.currency
        try:
            currency = Currency(code)
            account = BankAccount(account_number(number), bank=group.originator or None,
                                  currency=currency)  # fmt: skip
        except ReceivablesError as error:
            raise header.error(str(error)) from None
        total = 0
        balances: dict[int, int] = {}
        while not fields.exhausted:
            type_field = fields.need("type code")
            if type_field == "":
                # A defaulted summary (or a lone trailing comma): every field of it is empty.
                rest = [fields.take() for _ in range(3)]
                if any(rest):
                    raise header.error("a summary with an amount but no type code")
                continue
            type_code = _type_code(type_field, header)
            status = _is_status(type_code)
            amount = _number(fields.need("amount"), header, f"amount of {type_field}",
                             signed=status, required=False)  # fmt: skip
            _number(fields.need("item count"), header, f"item count of {type_field}",
                    required=False)  # fmt: skip
            _funds(fields, f"summary {type_field}")
            if amount is not None:
                total += amount
                balances.setdefault(type_code, amount)
        physical = header.physical
        details: list[_Detail] = []
        while (record := self._peek()) is not None and record.code == "16":
            self._next += 1
            physical += record.physical
            detail = _detail(record)
            total += detail.units
            details.append(detail)
        trailer = self._expect("49", f"to close the account that starts on line {header.line}")
        physical += trailer.physical
        fields = _Fields(trailer)
        _check(trailer, "account control total", fields.need("account control total"), total)
        _check(trailer, "number of records", fields.need("number of records"), physical)
        fields.end()
        opening = balances.get(10)
        closing = balances.get(15)
        statements.append(
            BankStatement(
                StatementFormat.BAI2,
                f"{info.sender}.{info.created:%y%m%d}.{info.file_id}/{group.number}/"
                f"{account.number}",
                account,
                _entries(details, currency, group),
                created=info.created,
                from_date=group.as_of,
                to_date=group.as_of,
                opening_balance=None if opening is None else _money(opening, currency, header),
                closing_balance=None if closing is None else _money(closing, currency, header),
                interim=group.interim,
            )
        )
        return total, physical


def _check(record: _Record, what: str, field: str, actual: int) -> None:
    signed = what.endswith("control total")
    stated = _number(field, record, what, signed=signed)
    if stated != actual:
        assert stated is not None  # required
        unit = " minor units" if signed else ""
        raise record.error(
            f"the {what} says {stated}, the file has {actual}: a difference of "
            f"{stated - actual}{unit}"
        )


def read(text: str) -> tuple[BankStatement, ...]:
    """Every account of a BAI2 file as a :class:`~receivables.bankfiles.BankStatement`.

    The rules are those of the module: amounts in minor units, continuations joined without
    added characters, deposits with their items as one entry, and every control total (``49``,
    ``98``, ``99``, amounts and record counts) checked. Anything malformed is a
    :class:`~receivables.errors.StatementError` naming the line.

    Examples:
        >>> text = '''01,BANK,CUST,260602,0800,7,,,2/
        ... 02,CUST,BANK,1,260601,,USD,2/
        ... 03,555,,110,30000,2,/
        ... 16,115,30000,,LBX-1,,LOCKBOX 12/
        ... 16,116,10000,,CHK-101,,INV-1/
        ... 16,116,20000,,CHK-102,,INV-2 INV-3/
        ... 49,90000,5/
        ... 98,90000,1,7/
        ... 99,90000,1,9/'''
        >>> (statement,) = read(text)
        >>> [(p.id, str(p.amount), p.references[0]) for p in statement.payments()]
        [('BANK.260602.7/1/555/1.1', '100.00 USD', 'INV-1'), \
('BANK.260602.7/1/555/1.2', '200.00 USD', 'INV-2 INV-3')]
        >>> read(text.replace("49,90000", "49,90100"))
        Traceback (most recent call last):
        ...
        receivables.errors.StatementError: BAI2 line 7 (49 account trailer): the account control \
total says 90100, the file has 90000: a difference of 100 minor units
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"BAI2 text must be a str, not {type(text).__name__}")
    return _Reader(_records(text)).file()
