"""Amounts as people and ERP exports print them, read in a locale's conventions: the
machinery of :meth:`receivables.Money.parse` (the decimal sign, group separators and grouping
sizes, minus signs and accounting brackets, currency codes and symbols, from babel's CLDR data).

Reading is one pass over the text (linear in its length, at most
:data:`~receivables.money.MAX_AMOUNT_TEXT_LENGTH` characters); nothing is guessed: an ambiguous
or unreadable amount is an :class:`~receivables.errors.AmountParseError` that says why."""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT
from receivables._iso4217 import ISO_4217
from receivables._text import shown
from receivables.errors import AmountParseError, AmountTypeError
from receivables.money import MAX_AMOUNT_TEXT_LENGTH, Currency, Money

_MAX_LOCALE_LENGTH: Final = 50
"""Longest locale name :meth:`Money.parse` looks up (CLDR names are some 10 characters)."""
_SPACES: Final = frozenset(" \u00a0\u202f\u2009")
_APOSTROPHES: Final = frozenset("'\u2019")
_MINUS: Final = frozenset("-\u2212")
_MARKS: Final = str.maketrans("", "", "\u200e\u200f\u061c")
"""Bidirectional marks CLDR puts around numbers in right-to-left locales; they carry no value."""
_EDGE: Final = "".join(_SPACES) + "()+" + "".join(_MINUS)


@attrs.frozen
class _Conventions:
    """What a locale prints amounts with: separators, grouping sizes and currency symbols."""

    name: str
    decimal: str
    groups: frozenset[str]
    grouping: tuple[int, int]
    minus: str
    symbols: dict[str, tuple[str, ...]]
    """Each symbol the locale prints, with the ISO 4217 codes (known here) that print as it."""
    language_symbols: dict[str, str]
    """Each currency's symbol in the locale's language alone (``en`` for ``en_GB``)."""
    plain: re.Pattern[str]
    """A bare number in the locale (``-1234.50``, no groups, no currency): the fast path."""


def _symbol_key(symbol: str) -> str:
    """A symbol as compared: without bidirectional marks, compatibility forms folded (NFKC),
    so that the full-width yen sign CLDR gives ``ja_JP`` matches the ``¥`` people type."""
    return unicodedata.normalize("NFKC", symbol.translate(_MARKS)).strip()


@functools.lru_cache(maxsize=64)
def _conventions(locale: str) -> _Conventions:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import (
        get_decimal_symbol,
        get_group_symbol,
        get_minus_sign_symbol,
        parse_pattern,
    )

    try:
        loc = Locale.parse(locale)
        language = Locale(loc.language)
    except (ValueError, TypeError, LookupError, UnknownLocaleError) as error:
        raise AmountParseError(f"unknown locale {shown(locale)}: {error}") from None
    group = get_group_symbol(loc).translate(_MARKS)
    groups = {group}
    if group in _SPACES:
        groups |= _SPACES
    if group in _APOSTROPHES:
        groups |= _APOSTROPHES
    pattern = parse_pattern(loc.currency_formats["standard"].pattern)
    symbols: dict[str, list[str]] = {}
    for code in ISO_4217:
        symbol = _symbol_key(loc.currency_symbols.get(code, code))
        symbols.setdefault(symbol, []).append(code)
    point = get_decimal_symbol(loc).translate(_MARKS)
    return _Conventions(
        name=str(loc),
        decimal=point,
        groups=frozenset(groups),
        grouping=(int(pattern.grouping[0]), int(pattern.grouping[1])),
        minus=get_minus_sign_symbol(loc).translate(_MARKS),
        symbols={symbol: tuple(codes) for symbol, codes in symbols.items()},
        language_symbols={
            code: _symbol_key(symbol)
            for code, symbol in language.currency_symbols.items()
            if code in ISO_4217
        },
        plain=re.compile(rf"(-?)([0-9]+)(?:{re.escape(point)}([0-9]+))?", re.ASCII),
    )


def _currency_named(
    token: str, given: Currency | None, conventions: _Conventions, text: str
) -> Currency:
    """The currency a code or symbol ``token`` of the text stands for in the locale."""
    token = _symbol_key(token)
    codes = conventions.symbols.get(token, ())
    if not codes and token.upper() in ISO_4217:
        codes = (token.upper(),)
    if given is not None and (
        given.code in codes or conventions.language_symbols.get(given.code) == token
    ):
        return given
    if len(codes) == 1:
        return Currency(codes[0])
    if codes:
        raise AmountParseError(
            f"amount {shown(text)} is ambiguous: {token!r} stands for several currencies in "
            f"{conventions.name} ({', '.join(codes)}); give currency= or write the ISO code"
        )
    raise AmountParseError(
        f"amount {shown(text)}: {token!r} is neither an ISO 4217 code nor a currency symbol of "
        f"{conventions.name}; give currency= or write the ISO code"
    )


def _sign_and_token(part: str, opening: str, text: str) -> tuple[int, int, str]:
    """Minus signs and parentheses at the edges of ``part``, and the currency token between."""
    token = part.strip(_EDGE)
    edges = part.replace(token, " ", 1) if token else part
    parens = edges.count(opening)
    minus = sum(edges.count(sign) for sign in _MINUS)
    wrong = ")" if opening == "(" else "("
    if parens > 1 or minus > 1 or wrong in edges or edges.count("+") > 1:
        raise AmountParseError(f"amount {shown(text)} has stray signs or parentheses")
    return parens, minus, token


def parse_money(text: str, currency: str | Currency | None, locale: str) -> Money:
    if not isinstance(text, str):
        raise AmountTypeError(f"amount text must be a str, not {type(text).__name__}")
    if len(text) > MAX_AMOUNT_TEXT_LENGTH:
        raise AmountParseError(
            f"amount {text[:20]!r}... is longer than {MAX_AMOUNT_TEXT_LENGTH} characters"
        )
    if not isinstance(locale, str):
        raise AmountTypeError(f"locale must be a str, not {type(locale).__name__}")
    if len(locale) > _MAX_LOCALE_LENGTH:
        raise AmountParseError(
            f"locale {locale[:20]!r}... is longer than {_MAX_LOCALE_LENGTH} characters"
        )
    given = None if currency is None else Currency(currency)
    conventions = _conventions(locale)
    if given is not None:
        # The fast path: a bare number with a currency given (most cells of an export). A
        # fraction of three digits goes the long way, which says why when it is ambiguous.
        bare = conventions.plain.fullmatch(text)
        if bare is not None:
            sign, whole, fraction = bare.groups()
            if fraction is None:
                return Money(Decimal(sign + whole), given)
            if len(fraction) <= given.minor_units and len(fraction) != 3:
                return Money(Decimal(f"{sign}{whole}.{fraction}"), given)
    clean = text.translate(_MARKS)
    if conventions.minus != "-":
        clean = clean.replace(conventions.minus, "-")
    digits_at = [index for index, char in enumerate(clean) if char.isdecimal()]
    if not digits_at:
        raise AmountParseError(f"amount {shown(text)} has no digits")
    first, last = digits_at[0], digits_at[-1]
    open_parens, lead_minus, before = _sign_and_token(clean[:first], "(", text)
    close_parens, trail_minus, after = _sign_and_token(clean[last + 1 :], ")", text)
    if open_parens != close_parens or open_parens + lead_minus + trail_minus > 1:
        raise AmountParseError(
            f"amount {shown(text)} has unbalanced parentheses or more than one minus sign"
        )
    separators = {conventions.decimal, *conventions.groups, ".", ","}
    if any(token and set(token) <= separators for token in (before, after)):
        raise AmountParseError(
            f"amount {shown(text)} cannot be read in {conventions.name}: a decimal sign or group "
            "separator needs digits on both sides"
        )
    found = [_currency_named(token, given, conventions, text) for token in (before, after) if token]
    if len(found) == 2 and found[0] is not found[1]:
        raise AmountParseError(
            f"amount {shown(text)} names two currencies, {found[0]} and {found[1]}"
        )
    if found and given is not None and found[0] is not given:
        raise AmountParseError(
            f"amount {shown(text)} is in {found[0]}, but currency {given} was given"
        )
    if not found and given is None:
        raise AmountParseError(
            f"amount {shown(text)} names no currency; give currency= or write the ISO code"
        )
    cur = found[0] if found else given
    assert cur is not None
    negative = bool(open_parens or lead_minus or trail_minus)
    amount = _read_number(clean[first : last + 1], cur, conventions, text)
    return Money(CONTEXT.minus(amount) if negative else amount, cur)


def _read_number(core: str, cur: Currency, conventions: _Conventions, text: str) -> Decimal:
    """The value of the digits and separators of an amount (no sign), in the locale's rules."""
    point = conventions.decimal
    integer: list[str] = []
    fraction: list[str] = []
    groups: list[int] = []
    separator = ""
    run = 0
    seen_point = False
    for char in core:
        if char.isdecimal():
            (fraction if seen_point else integer).append(str(unicodedata.decimal(char)))
            run += 1
        elif char == point and not seen_point:
            if not run:
                break
            seen_point = True
            groups.append(run)
            run = 0
        elif (char in conventions.groups or char in _SPACES) and not seen_point:
            kind = "space" if char in _SPACES else char
            if not run or (separator and kind != separator):
                break
            separator = kind
            groups.append(run)
            run = 0
        else:
            break
    else:
        if not seen_point:
            groups.append(run)
        return _checked_number(integer, fraction, groups, separator, cur, conventions, text)
    raise AmountParseError(
        f"amount {shown(text)} cannot be read in {conventions.name}: the decimal sign there is "
        f"{point!r} and the group separator {_group_name(conventions)}"
    )


def _group_name(conventions: _Conventions) -> str:
    group = min(conventions.groups)
    return "a space" if group in _SPACES else repr(group)


def _checked_number(
    integer: list[str],
    fraction: list[str],
    groups: list[int],
    separator: str,
    cur: Currency,
    conventions: _Conventions,
    text: str,
) -> Decimal:
    point = conventions.decimal
    if separator and not _well_grouped(groups, conventions.grouping):
        raise AmountParseError(
            f"amount {shown(text)} is not grouped as {conventions.name} groups digits "
            f"(groups of {conventions.grouping[0]} before the decimal sign {point!r})"
        )
    decimals, allowed = len(fraction), cur.minor_units
    if (
        decimals == 3
        and allowed != 3
        and not separator
        and point in ",."
        and integer[0] != "0"
        and len(integer) <= 3
    ):
        other = "." if point == "," else ","
        raise AmountParseError(
            f"amount {shown(text)} is ambiguous in {conventions.name}: {point!r} is the decimal "
            "sign there, but the three digits after it read as a thousands group, and "
            f"{cur} has {allowed} decimals; write the thousands as "
            f"'{''.join(integer)}{other}{''.join(fraction)}{point}{'0' * allowed}'"
            if allowed
            else f"amount {shown(text)} is ambiguous in {conventions.name}: {point!r} is the "
            f"decimal sign there, but {cur} has no decimals and the three digits after it read "
            f"as a thousands group; write '{''.join(integer)}{''.join(fraction)}'"
        )
    if decimals > allowed:
        raise AmountParseError(
            f"amount {shown(text)} has {decimals} decimals but {cur} has {allowed}; "
            "Money.parse does not round"
        )
    digits = "".join(integer) + ("." + "".join(fraction) if fraction else "")
    return Decimal(digits)


def _well_grouped(groups: list[int], grouping: tuple[int, int]) -> bool:
    """Whether digit runs between group separators have the sizes a grouping allows.

    The run after the last separator has ``primary`` digits, the runs between separators
    ``secondary`` (3, 3 for most locales; 3, 2 for India's 12,34,567); a uniform grouping by
    ``primary`` is accepted too (1,234,567 in ``en_IN``). The run before the first separator may
    be longer: babel prints a billion francs as ``1000000'000.00`` in ``de_CH``, and a value
    with one kind of separator is not ambiguous for it.
    """
    primary, secondary = grouping
    for size in {secondary, primary}:
        if groups[-1] == primary and all(run == size for run in groups[1:-1]):
            return True
    return False
