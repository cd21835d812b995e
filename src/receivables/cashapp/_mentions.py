"""Mentions of documents in reference text, and the keys documents are indexed under.

A reference field is read as a row of tokens (runs of letters and digits). Consecutive tokens
that carry digits, joined by a short separator (``-``, ``/``, a space, ...), form a *group*; a
mention is a span of up to four tokens of a group, tried longest first, so that
``ACC-SINV-2026-01241`` inside "Payment ACC-SINV-2026-01241 thanks" is read as one reference
and not as the numbers 2026 and 1241. Each mention has keys (see :func:`document_keys`) and a
strength:

* ``STRONG``: written as a reference: several number segments (``2026/1241``), letters and digits
  in one token (``IN00123``), a number after an invoice word (``INV 123``, ``#123``), or a
  number that is the whole field (a lockbox stub's invoice-number field).
* ``LOOSE``: a lone number among other words in free text: a date, a PO, a bank's own
  reference may equal an invoice number by chance, so it is weak evidence and never posts alone.
* ``MISREAD``: a token that reads as a number only once the usual OCR confusions are undone
  (``O``/``0``, ``I``/``1``, ``S``/``5``); like a near miss it needs the amount to agree.

Everything here runs in time linear in the text (spans are bounded at four tokens).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator
from typing import Final

import attrs

__all__: list[str] = []

_TOKEN: Final = re.compile(r"[0-9A-Z]+")
_JOINERS: Final = frozenset(" -/._:#")
# Between an invoice word and its number, an ASC X12 element separator too ("RMR*IV*128").
_CUE_JOINERS: Final = _JOINERS | frozenset("*")
_MAX_SPAN: Final = 4
_MAX_PREFIX: Final = 10
_MIN_DIGITS: Final = 3
_OCR: Final = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5"})
_OCR_LETTERS: Final = frozenset("OILS")
# Words after which a number is written as an invoice reference.
_CUES: Final = frozenset(
    [
        "INV",
        "INVOICE",
        "INVOICES",
        "IV",  # ASC X12 RMR01 "IV": seller's invoice number (NACHA CCD+/CTX addenda)
        "INVS",
        "INVNO",
        "IN",
        "BILL",
        "BILLS",
        "NO",
        "NR",
        "NUM",
        "NUMBER",
        "RE",
        "DOC",
        "DOCUMENT",
        "RECHNUNG",
        "RECHNUNGSNR",
        "RG",
        "RGNR",
        "FACTURE",
        "FACTURA",
        "FAKTURA",
        "FATTURA",
        "FACT",
        "SINV",
        "SI",
        "PO",
        "PAYMENT",
        "PMT",
    ]
)
# Words that join the numbers of a list ("INV 123, 124 AND 130").
_LIST_WORDS: Final = frozenset(["AND", "UND", "ET", "Y", "E", "PLUS"])
_LIST_MARKS: Final = frozenset(" ,;&/+-._:#")


class Strength(enum.Enum):
    STRONG = "strong"
    LOOSE = "loose"
    MISREAD = "misread"


@attrs.frozen
class Mention:
    """A span of a reference text that may name a document."""

    keys: tuple[str, ...]  # strongest first
    strength: Strength
    text: str  # the span as written, upper case
    serial: str | None = None  # the last number of a multi-segment span
    start: int = 0  # the span's first and last token
    end: int = 0
    digits: str = ""  # all its digits as one number: what a near miss is measured on


def fold(text: str) -> str:
    if text.isascii():
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _number(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _unprefixed(compact: str) -> str | None:
    number = compact.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if not number or len(compact) - len(number) > _MAX_PREFIX or not number.isdigit():
        return None
    return _number(number)


def document_keys(document_id: str) -> tuple[tuple[str, ...], str | None]:
    """The keys a document is found under, and its serial (weak key) when it has one.

    Keys: the compact form (letters and digits), the number behind a letter prefix without
    leading zeros, and for a number in segments (``ACC-SINV-2026-01632``) the segments joined
    (``2026-1632``) and all its digits as one number. The serial is the last segment.
    """
    tokens = _TOKEN.findall(fold(document_id))
    compact = "".join(tokens)
    if not compact:
        return (), None
    keys = [compact]
    number = _unprefixed(compact)
    if number is not None and number != compact:
        keys.append(number)
    # The numbers after the leading letter tokens, when everything after them is digits.
    index = 0
    while index < len(tokens) and tokens[index].isalpha():
        index += 1
    numeric = tokens[index:]
    serial = None
    if len(numeric) >= 2 and "".join(numeric).isdigit():
        segmented = "-".join([n.lstrip("0") or "0" for n in numeric])
        keys.append(segmented)
        serial = segmented.rsplit("-", 1)[1]
    return tuple(dict.fromkeys(keys)), serial


def _read(token: str, inner: bool = False) -> tuple[str, bool] | None:
    """A digit-bearing token as a number reference, and whether OCR confusions were undone.

    Letters in front of the digits are a prefix (``IN00123``), unless the token continues a
    number (``inner``: ``2026-O1241``), where a leading O, I, L or S is a misread digit.
    """
    if any(c.isdigit() for c in token):
        first = next(i for i, c in enumerate(token) if c.isdigit())
        head, tail = token[:first], token[first:]
        if inner and head and all(c in _OCR_LETTERS for c in head):
            head, tail = "", token
        if tail.isdigit():
            return head + tail, False
        if all(c.isdigit() or c in _OCR_LETTERS for c in tail):
            return head + tail.translate(_OCR), True
        return token, False
    return None


def mentions(text: str) -> Iterator[Mention]:
    """The possible mentions of a reference text, left to right, longest span first at each
    place. A caller takes the first span at a place that names something and skips the places
    it covers: a span of several numbers counts only when the ledger knows it as one number."""
    folded = fold(text)
    found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    words = [t for t, _, _ in found]
    digit_tokens = [i for i, t in enumerate(words) if any(c.isdigit() for c in t)]
    # A field that is one number (with invoice words around it at most) is a reference field.
    whole_field = bool(digit_tokens) and all(
        i in digit_tokens or words[i] in _CUES or words[i] in _LIST_WORDS for i in range(len(words))
    )
    listed_until = -1  # a number listed right after a reference is one too
    index = 0
    while index < len(found):
        token = words[index]
        read = _read(token)
        if read is None:
            index += 1
            continue
        # The group of digit-bearing tokens that starts here, joined by short separators.
        group = [index]
        while (
            len(group) < _MAX_SPAN
            and group[-1] + 1 < len(found)
            and _read(words[group[-1] + 1]) is not None
            and _joined(folded, found[group[-1]][2], found[group[-1] + 1][1])
        ):
            group.append(group[-1] + 1)
        together = len(group) > 1 or (
            index > 0
            and _read(words[index - 1]) is not None
            and _joined(folded, found[index - 1][2], found[index][1])
        )
        prefix = _prefix(words, found, folded, index)
        for size in range(len(group), 0, -1):
            span = group[:size]
            readings = [_read(words[i], inner=i != span[0]) for i in span]
            numbers = [r[0] for r in readings if r is not None]
            misread = any(r[1] for r in readings if r is not None)
            if size > 1 and not all(n.isdigit() for n in numbers[1:]):
                continue
            raw = folded[found[span[0]][1] : found[span[-1]][2]]
            keys: dict[str, None] = {}
            if prefix:
                keys.setdefault(prefix + "".join(numbers), None)
            if size > 1:
                first = _unprefixed(numbers[0])
                if first is None:
                    continue
                parts = [first, *(_number(n) for n in numbers[1:])]
                # Segments are compared as segments: "2026-06-02" is a date, not SI-2026-0602.
                keys.setdefault("-".join(parts), None)
                # Part of a longer run of numbers ("2026-06" of the date "2026-06-02") is a
                # guess; the whole run, written together, is a reference.
                partial = size < len(group) or (
                    index > 0
                    and _read(words[index - 1]) is not None
                    and _joined(folded, found[index - 1][2], found[index][1])
                )
                if partial or _amount_shaped(folded, found, span, numbers):
                    strength = Strength.LOOSE
                else:
                    strength = Strength.MISREAD if misread else Strength.STRONG
                serial = _number(numbers[-1])
            else:
                keys.setdefault(numbers[0], None)
                number = _unprefixed(numbers[0])
                if number is None:
                    continue
                keys.setdefault(number, None)
                lettered = not numbers[0].isdigit()
                cued = (
                    index > 0
                    and words[index - 1] in _CUES
                    and _joined(folded, found[index - 1][2], found[index][1], _CUE_JOINERS)
                )
                hashed = found[index][1] > 0 and folded[found[index][1] - 1] == "#"
                listed = listed_until >= 0 and _listed(words, found, folded, listed_until, index)
                cued = cued or listed
                if together:
                    # One number out of several written together ("2026-01241", "884431
                    # 260602"): when the whole is not a known number, a part is a guess.
                    strength = Strength.LOOSE
                elif misread:
                    strength = Strength.MISREAD
                elif lettered or cued or hashed or whole_field:
                    strength = Strength.STRONG
                else:
                    strength = Strength.LOOSE
                if sum(c.isdigit() for c in number) < _MIN_DIGITS and not (
                    whole_field or lettered or cued or hashed
                ):
                    continue
                serial = None
            if size == 1:
                listed_until = span[-1] if strength is Strength.STRONG else -1
            digits = _number("".join(c for n in numbers for c in n if c.isdigit()))
            yield Mention(tuple(keys), strength, raw, serial, span[0], span[-1], digits)
        index += 1


def _listed(
    words: list[str], found: list[tuple[str, int, int]], folded: str, last: int, index: int
) -> bool:
    """Whether only list separators stand between token ``last`` and token ``index``."""
    if any(words[i] not in _LIST_WORDS for i in range(last + 1, index)):
        return False
    gap = folded[found[last][2] : found[index][1]]
    return all(c in _LIST_MARKS or c.isalpha() for c in gap) and len(gap) <= 8


def _amount_shaped(
    folded: str, found: list[tuple[str, int, int]], span: list[int], numbers: list[str]
) -> bool:
    """Whether a span reads as an amount ("2026.041", "1 187,63"): two numbers joined by a
    decimal point or comma, the second of two or three digits (the minor units of nearly every
    currency). Written so, it is a guess at a reference, not a reference."""
    if len(span) != 2 or not numbers[0].isdigit() or len(numbers[1]) not in (2, 3):
        return False
    gap = folded[found[span[0]][2] : found[span[1]][1]]
    return gap in (".", ",")


def _joined(folded: str, end: int, start: int, joiners: frozenset[str] = _JOINERS) -> bool:
    gap = folded[end:start]
    return 0 < len(gap) <= 2 and all(c in joiners for c in gap)


def _prefix(words: list[str], found: list[tuple[str, int, int]], folded: str, index: int) -> str:
    """The letter tokens written right before a number, joined (``ACC-SINV-`` gives ACCSINV)."""
    letters: list[str] = []
    at = index - 1
    while at >= 0 and words[at].isalpha() and len(letters) < 3:
        if not _joined(folded, found[at][2], found[at + 1][1]):
            break
        letters.insert(0, words[at])
        at -= 1
    return "".join(letters)


def deletions(key: str) -> Iterator[str]:
    """``key`` and every string one character shorter: the deletion neighbourhood of ``key``."""
    yield key
    seen = {key}
    for index in range(len(key)):
        variant = key[:index] + key[index + 1 :]
        if variant not in seen:
            seen.add(variant)
            yield variant


def one_edit(first: str, second: str) -> bool:
    """Whether two keys differ by one substitution, insertion, deletion or adjacent swap."""
    if first == second:
        return False
    if len(first) == len(second):
        diffs = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        if len(diffs) == 2:
            i, j = diffs
            return j == i + 1 and first[i] == second[j] and first[j] == second[i]
        return False
    if abs(len(first) - len(second)) != 1:
        return False
    short, long = (first, second) if len(first) < len(second) else (second, first)
    return any(long[:index] + long[index + 1 :] == short for index in range(len(long)))


def says(text: str, phrases: tuple[str, ...], name: str | None = None) -> str | None:
    """The first of ``phrases`` (upper case, words separated by one space) that ``text`` holds
    as whole words in order, or ``None``. ``name`` is the payer's: where the text writes it (or
    its first two words, as banks cut names), its words are a name, not a narrative word
    ("ADVANCE PRINT LTD" does not say ADVANCE)."""
    words = _TOKEN.findall(fold(text))
    if name is not None:
        words = _without_name(words, _TOKEN.findall(fold(name)))
    if not words:
        return None
    joined = f" {' '.join(words)} "
    for phrase in phrases:
        if f" {phrase} " in joined:
            return phrase
    return None


def _without_name(words: list[str], name: list[str]) -> list[str]:
    """``words`` less the first place that writes ``name`` (at least its first two words)."""
    need = min(2, len(name))
    if need == 0:
        return words
    for start, word in enumerate(words):
        if word != name[0]:
            continue
        length = 1
        while (
            length < len(name)
            and start + length < len(words)
            and words[start + length] == name[length]
        ):
            length += 1
        if length >= need:
            return words[:start] + words[start + length :]
    return words
