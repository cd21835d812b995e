"""The small values of a camt file: amounts, dates, numbers, flags and the joined ``Ustrd``.

Dates and amounts already read are kept in small bounded caches (a statement repeats a few dates,
and a detail repeats its entry's amount), so each is parsed and checked once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from receivables._text import shown
from receivables.bankfiles._xmlstream import Record
from receivables.bankfiles.model import Transaction
from receivables.errors import ReceivablesError, StatementError
from receivables.money import Money

_AMOUNT: Final = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,5})?\Z")
_DECIMAL: Final = re.compile(r"-?[0-9]{1,18}(?:\.[0-9]{1,17})?\Z")
_ZONE: Final = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})" + _ZONE + r"\Z")
_DATETIME: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
    + _ZONE
    + r"\Z"
)
_USTRD_LENGTH: Final = 140
"""``Max140Text``: a ``Ustrd`` piece this long was cut by the field, not ended by the sender."""
_CACHE: Final = 4096
"""Bound of the small caches of values already read (dates, amounts)."""


def text(record: Record, path: str) -> str | None:
    """The (stripped) text at ``path``; ``None`` when absent or empty."""
    found: str | None = record.get(path)
    return found or None


def transaction(at: str, amount: Money, **fields: object) -> Transaction:
    try:
        return Transaction(amount, **fields)  # type: ignore[arg-type]
    except ReceivablesError as error:
        raise StatementError(f"{at}: {error}") from None


def joined(pieces: Iterable[str]) -> str | None:
    """The ``Ustrd`` pieces as one text: a full 140-character piece runs on into the next, a
    shorter one ends a line (see the module docstring for why)."""
    text = ""
    previous: str | None = None
    for piece in pieces:
        if (
            previous is not None
            and len(previous) < _USTRD_LENGTH
            and previous[-1:].strip()
            and piece[:1].strip()
        ):
            text += "\n"
        text += piece
        previous = piece
    return text or None


AMOUNTS_: Final[dict[tuple[str, str | None], Money]] = {}
"""Amounts already read: (text, Ccy) -> Money (a detail repeats its entry's amount), bounded."""


def money(record: Record, path: str, at: str) -> Money:
    if path not in record:
        raise StatementError(f"{at}: no {path}")
    key = (record[path], record.get(path + "@Ccy"))
    found = AMOUNTS_.get(key)
    if found is None:
        found = new_money(key[0], key[1], at if path == "." else f"{at}: {path}")
        if len(AMOUNTS_) >= _CACHE:
            AMOUNTS_.clear()
        AMOUNTS_[key] = found
    return found


def new_money(text: str, code: str | None, where: str) -> Money:
    if not _AMOUNT.match(text):
        raise StatementError(f"{where}: {text[:40]!r} is not an amount (digits, up to 5 decimals)")
    if code is None:
        raise StatementError(f"{where}: the amount has no Ccy")
    try:
        return Money(Decimal(text), code)
    except ReceivablesError as error:
        raise StatementError(f"{where}: {error}") from None


def optional_money(record: Record, path: str, at: str) -> Money | None:
    return money(record, path, at) if path in record else None


def credit_indicator(record: Record, at: str) -> bool:
    indicator = text(record, "CdtDbtInd")
    if indicator == "CRDT":
        return True
    if indicator == "DBIT":
        return False
    raise StatementError(f"{at}: CdtDbtInd {shown(indicator)} is not CRDT or DBIT")


def date_choice(record: Record, path: str, at: str) -> dt.date | None:
    if path not in record:
        return None
    if f"{path}/Dt" in record:
        return date(text(record, f"{path}/Dt"), f"{at}: {path}/Dt")
    if f"{path}/DtTm" in record:
        return datetime_date(text(record, f"{path}/DtTm"), f"{at}: {path}/DtTm")
    raise StatementError(f"{at}: {path} has neither Dt nor DtTm")


def decimal(text: str | None, at: str) -> Decimal | None:
    if text is None:
        return None
    if not _DECIMAL.match(text):
        raise StatementError(f"{at}: {text[:40]!r} is not a number")
    return Decimal(text)


def boolean(text: str | None, at: str) -> bool:
    if text is None or text in ("false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise StatementError(f"{at}: {text[:40]!r} is not true or false")


def calendar(found: re.Match[str] | None, text: str, at: str) -> dt.date:
    if found is None:
        raise StatementError(f"{at}: {text[:40]!r} is not an ISO 8601 date (YYYY-MM-DD)")
    try:
        return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        raise StatementError(f"{at}: {text[:40]!r} is not a calendar date") from None


DATES_: Final[dict[str, dt.date]] = {}
"""Dates already read (a statement has few distinct ones): text -> date, bounded."""


def date(text: str | None, at: str) -> dt.date:
    text = text or ""
    found = DATES_.get(text)
    if found is None:
        found = calendar(_DATE.match(text), text, at)
        if len(DATES_) >= _CACHE:
            DATES_.clear()
        DATES_[text] = found
    return found


def datetime_date(text: str | None, at: str) -> dt.date:
    text = text or ""
    return calendar(_DATETIME.match(text), text, at)
