"""Reading references the way payers write them: normalising, splitting, near misses.

A reference is reduced to a *key*: upper case, letters and digits only, a leading word prefix
such as ``INV`` or ``PO`` and leading zeros dropped from the number behind it, so that
``"INV-000123"``, ``"inv 123"``, ``"#123"`` and ``"123"`` all read as ``"123"``. A free-text
field is split into candidate tokens (``"Inv 123, 124 & 130"`` gives ``123``, ``124`` and
``130``). A *near miss* is one wrong or two swapped neighbouring characters.

Examples:
    >>> reference_key("INV-000123"), reference_key("inv 123"), reference_key("#123")
    ('123', '123', '123')
    >>> candidate_keys("Inv 123, 124 & 130")
    ('123', '124', '130')
    >>> is_near_miss("10234", "10324"), is_near_miss("10234", "10235"), is_near_miss("1", "2")
    (True, True, False)
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Final

from receivables.errors import InvalidTypeError, ValidationError

__all__ = [
    "candidate_keys",
    "is_near_miss",
    "name_key",
    "reference_key",
    "reference_keys",
]

_NON_ALNUM: Final = re.compile(r"[^0-9A-Z]+")
_MAX_PREFIX: Final = 10
"""Longest word prefix (``INV``, ``PO``, ...) dropped in front of a reference number."""
_MAX_TEXT_LENGTH: Final = 10_000
"""Longest reference or free text read (a remittance memo is some hundreds of characters)."""
_QUOTED_LENGTH: Final = 60
# Words payers put around references that are never references themselves.
_NOISE: Final = frozenset(
    [
        "INV",
        "INVOICE",
        "INVOICES",
        "INVS",
        "NO",
        "NR",
        "NUM",
        "NUMBER",
        "REF",
        "REFERENCE",
        "PO",
        "PURCHASE",
        "ORDER",
        "ORDERS",
        "AND",
        "THE",
        "FOR",
        "PAYMENT",
        "PAYMENTS",
        "PMT",
        "PAY",
        "OF",
        "TO",
        "RE",
        "ACCT",
        "ACCOUNT",
        "CUST",
        "CUSTOMER",
        "THANKS",
        "THANK",
        "YOU",
        "DOC",
        "DOCUMENT",
        "BILL",
        "BILLS",
        "REMIT",
        "REMITTANCE",
    ]
)
_LEGAL_SUFFIXES: Final = frozenset(
    [
        "INC",
        "INCORPORATED",
        "LLC",
        "LLP",
        "LP",
        "LTD",
        "LIMITED",
        "CORP",
        "CORPORATION",
        "CO",
        "COMPANY",
        "PLC",
        "GMBH",
        "AG",
        "SA",
        "SAS",
        "SARL",
        "BV",
        "NV",
        "SPA",
        "SRL",
        "KK",
        "LTDA",
        "DE",
        "CV",
        "WLL",
        "PTY",
        "AB",
        "AS",
        "OY",
        "THE",
    ]
)
_MIN_DIGITS: Final = 3


def _checked(text: str, what: str) -> str:
    if not isinstance(text, str):
        raise InvalidTypeError(f"{what} must be a str, not {type(text).__name__}")
    if len(text) > _MAX_TEXT_LENGTH:
        raise ValidationError(
            f"{what} {text[:_QUOTED_LENGTH]!r}... is longer than {_MAX_TEXT_LENGTH} characters"
        )
    return text


def _unprefixed(compact: str) -> str | None:
    # This was ``^([A-Z]{0,10}?)0*(\d+)$``, whose adjacent ``0*`` and ``\d+`` retried every split
    # of a long run of zeros (quadratic time). ``compact`` holds only A-Z and 0-9, so the lazy
    # prefix is exactly the leading letters, and ``0*(\d+)`` drops leading zeros but one.
    number = compact.lstrip(string.ascii_uppercase)
    if not number or len(compact) - len(number) > _MAX_PREFIX or not number.isdigit():
        return None
    return number.lstrip("0") or "0"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def reference_key(reference: str) -> str:
    """The normalised key of one reference (empty when nothing is left).

    Limits: at most 10,000 characters, else :class:`~receivables.errors.ValidationError`; time
    linear in the length.

    Examples:
        >>> reference_key("PO-0077123"), reference_key("AB-0012"), reference_key("X12Y")
        ('77123', '12', 'X12Y')
    """
    compact = _NON_ALNUM.sub("", _fold(_checked(reference, "reference")))
    number = _unprefixed(compact)
    return compact if number is None else number


def reference_keys(reference: str) -> tuple[str, ...]:
    """Every key a document reference should be found under: its key, and its full compact
    form when that differs (so ``"AB-0012"`` is found as ``"12"`` and as ``"AB0012"``).
    An all-zero number keeps one zero.

    Limits: as :func:`reference_key`.

    Examples:
        >>> reference_keys("INV-000123")
        ('123', 'INV000123')
    """
    compact = _NON_ALNUM.sub("", _fold(_checked(reference, "reference")))
    key = reference_key(reference)
    return (key, compact) if compact and compact != key else ((key,) if key else ())


def candidate_keys(text: str) -> tuple[str, ...]:
    """Keys of the references a free-text field may hold, in order, without repeats.

    Tokens are split on spaces and punctuation; a lone prefix word joins the number after it
    (``"INV 123"``); words that are never references (``INV``, ``PO``, ``AND``, ``THANKS``, ...)
    and numbers of fewer than three digits are dropped.

    Limits: at most 10,000 characters, else :class:`~receivables.errors.ValidationError`; time
    linear in the length.

    Examples:
        >>> candidate_keys("Payment for INV-000123 and inv#124; PO 55512 thanks")
        ('123', '124', '55512')
    """
    folded = _fold(_checked(text, "reference text"))
    tokens = [t for t in _NON_ALNUM.split(folded) if t]
    # A dict keeps the order and finds repeats in constant time (a list made this quadratic).
    keys: dict[str, None] = {}
    for token in tokens:
        if token in _NOISE:
            continue
        number = _unprefixed(token)
        key = token if number is None else number
        digits = sum(c.isdigit() for c in key)
        if digits < _MIN_DIGITS:
            continue
        keys.setdefault(key, None)
    return tuple(keys)


def is_near_miss(first: str, second: str) -> bool:
    """Whether two keys of equal length differ by one character, or by two neighbouring
    characters swapped (the typing errors people make copying references).

    Examples:
        >>> is_near_miss("123456", "123465"), is_near_miss("123456", "124456")
        (True, True)
    """
    if len(first) != len(second) or first == second or len(first) < _MIN_DIGITS:
        return False
    differences = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    if len(differences) == 1:
        return True
    if len(differences) == 2:
        i, j = differences
        return j == i + 1 and first[i] == second[j] and first[j] == second[i]
    return False


def name_key(name: str) -> str:
    """A payer or customer name reduced for comparison: upper case, letters and digits, legal
    suffixes (Inc., LLC, GmbH, S.A. de C.V., ...) dropped.

    Limits: at most 10,000 characters, else :class:`~receivables.errors.ValidationError`; time
    linear in the length.

    Examples:
        >>> name_key("Acme Corp."), name_key("ACME CORP"), name_key("Zenith Foods S.A. de C.V.")
        ('ACME', 'ACME', 'ZENITH FOODS')
    """
    folded = _fold(_checked(name, "name")).replace(".", "")
    words = [w for w in _NON_ALNUM.split(folded) if w]
    kept = [w for w in words if w not in _LEGAL_SUFFIXES]
    return " ".join(kept or words)
