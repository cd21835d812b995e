"""``Money.parse``: amounts as ERP exports and people print them, never a guess."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import AmountParseError, AmountTypeError, Currency, Money, ReceivablesError
from receivables.testing import currencies, money

# A dozen locales and more, chosen for their differences: the decimal sign (. , and the
# Arabic-script locales' marks), the group separator (, . ' no-break and narrow no-break spaces),
# India's 2-digit secondary groups, the symbol before or after, and negatives in parentheses, with
# a leading minus, or a minus between the symbol and the digits.
LOCALES = [
    "en_US", "en_GB", "en_IN", "en_CA", "de_DE", "de_CH", "fr_FR", "fr_CH", "es_ES", "es_MX",
    "it_IT", "nl_NL", "ja_JP", "pt_BR", "sv_SE", "pl_PL", "zh_CN", "ar_EG", "he_IL", "fi_FI",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "currency", "locale", "expected"),
    [
        ("1,234.50", "USD", "en_US", Money("1234.50", "USD")),
        ("1.234,50 €", None, "de_DE", Money("1234.50", "EUR")),
        ("1.234,50\u00a0€", None, "de_DE", Money("1234.50", "EUR")),
        ("1 234,50", "EUR", "fr_FR", Money("1234.50", "EUR")),
        ("1\u00a0234,50", "EUR", "fr_FR", Money("1234.50", "EUR")),
        ("1\u202f234,50", "EUR", "fr_FR", Money("1234.50", "EUR")),
        ("1 234,50", "EUR", "de_DE", Money("1234.50", "EUR")),
        ("(1,234.50)", "USD", "en_US", Money("-1234.50", "USD")),
        ("($1,234.50)", None, "en_US", Money("-1234.50", "USD")),
        ("1,234.50-", "USD", "en_US", Money("-1234.50", "USD")),
        ("1.234,50-", "EUR", "de_DE", Money("-1234.50", "EUR")),
        ("-1.234,50 EUR", None, "de_DE", Money("-1234.50", "EUR")),
        ("USD 1,234.50", None, "en_US", Money("1234.50", "USD")),
        ("1,234.50 usd", None, "en_US", Money("1234.50", "USD")),
        ("$1,234.50", None, "en_US", Money("1234.50", "USD")),
        ("-$1,234.50", None, "en_US", Money("-1234.50", "USD")),
        ("€1.234,50", None, "de_DE", Money("1234.50", "EUR")),
        ("CHF 1'234.50", None, "de_CH", Money("1234.50", "CHF")),
        ("CHF 1\u2019234.50", None, "de_CH", Money("1234.50", "CHF")),
        ("12,34,567.50", "INR", "en_IN", Money("1234567.50", "INR")),
        ("1,234,567.50", "INR", "en_IN", Money("1234567.50", "INR")),
        ("1,234", "USD", "en_US", Money("1234", "USD")),
        ("1234.5", "USD", "en_US", Money("1234.5", "USD")),
        ("$5", None, "en_CA", Money("5", "CAD")),
        ("$5", "USD", "en_GB", Money("5", "USD")),
        ("US$5", None, "en_GB", Money("5", "USD")),
        ("1,234 KWD", None, "de_DE", Money("1.234", "KWD")),
        ("¥1,234", None, "ja_JP", Money("1234", "JPY")),
        ("1\u00a0234,50\u00a0kr", None, "sv_SE", Money("1234.50", "SEK")),
        ("\u22121\u00a0234,50 kr", None, "sv_SE", Money("-1234.50", "SEK")),
        ("  +12.00 USD  ", None, "en_US", Money("12.00", "USD")),
    ],
)
def test_reads_amounts_as_erps_print_them(
    text: str, currency: str | None, locale: str, expected: Money
) -> None:
    parsed = Money.parse(text, currency, locale=locale)
    assert parsed == expected
    assert parsed.currency is expected.currency
    # The amount is kept as written: no rounding, no added decimals.
    assert parsed.amount.as_tuple() == expected.amount.as_tuple()


@pytest.mark.parametrize(
    ("text", "currency", "locale", "why"),
    [
        ("1,234", "EUR", "de_DE", "ambiguous in de_DE"),
        ("1.234", "USD", "en_US", "ambiguous in en_US"),
        ("1,234", "JPY", "de_DE", "JPY has no decimals"),
        ("$5", None, "en_GB", "neither an ISO 4217 code nor a currency symbol of en_GB"),
        ("$5", "CAD", "en_GB", "neither an ISO 4217 code nor a currency symbol of en_GB"),
        ("EUR 5 USD", None, "en_US", "two currencies"),
        ("€5", "USD", "en_US", "in EUR, but currency USD was given"),
        ("1,234.50", None, "en_US", "names no currency"),
        ("1.2345", "USD", "en_US", "4 decimals but USD has 2"),
        ("1.5", "JPY", "en_US", "1 decimals but JPY has 0"),
        ("1,23", "USD", "en_US", "not grouped"),
        ("1,2345.00", "USD", "en_US", "not grouped"),
        ("1,23,456.00", "USD", "en_US", "not grouped"),
        ("1.234.50", "USD", "en_US", "cannot be read in en_US"),
        ("1,234 567.00", "USD", "en_US", "cannot be read in en_US"),
        ("1.234,50", "USD", "en_US", "cannot be read in en_US"),
        ("1,234.50", "EUR", "fr_FR", "cannot be read in fr_FR"),
        ("12.", "USD", "en_US", "cannot be read"),
        ("-(5)", "USD", "en_US", "more than one minus"),
        ("(5", "USD", "en_US", "unbalanced parentheses"),
        ("--5", "USD", "en_US", "stray signs"),
        ("5)(", "USD", "en_US", "stray signs"),
        ("USD", None, "en_US", "no digits"),
        ("", "USD", "en_US", "no digits"),
        ("5", "USD", "xx_YY", "unknown locale"),
        ("5", "USD", "", "unknown locale"),
        ("1" * 101, "USD", "en_US", "longer than 100 characters"),
        ("5", "USD", "x" * 51, "longer than 50 characters"),
        ("1 2 USD 3", "USD", "en_US", "cannot be read"),
    ],
)
def test_refuses_with_the_reason(text: str, currency: str | None, locale: str, why: str) -> None:
    with pytest.raises(AmountParseError, match=why):
        Money.parse(text, currency, locale=locale)


def test_refuses_wrong_types() -> None:
    with pytest.raises(AmountTypeError):
        Money.parse(12.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(AmountTypeError):
        Money.parse("12.50", "USD", locale=None)  # type: ignore[arg-type]


def test_an_amount_beyond_money_range_is_a_library_error() -> None:
    with pytest.raises(ReceivablesError):
        Money.parse("1" + "0" * 18, "USD")


@given(
    money(currencies(), min_value="-999999999999", max_value="999999999999"),
    st.sampled_from(LOCALES),
    st.sampled_from(["standard", "accounting"]),
)
def test_format_reads_back_for_every_currency_and_locale(
    amount: Money, locale: str, format_type: str
) -> None:
    text = amount.format(locale, format_type=format_type)
    assert Money.parse(text, locale=locale) == amount
    assert Money.parse(text, amount.currency, locale=locale) == amount


@pytest.mark.parametrize("locale", LOCALES)
def test_every_currency_reads_back_in_every_locale(locale: str) -> None:
    # Exhaustive over currencies, so no code's symbol is left to chance: each is either its own
    # symbol in the locale or the ISO code, never shared with another currency.
    for code in Currency.codes():
        for amount in (Money("1234567.891", code).round(), Money("-0.1", code).round()):
            assert Money.parse(amount.format(locale), locale=locale) == amount, (code, locale)


@given(st.text(max_size=100), st.sampled_from(["en_US", "de_DE", "fr_FR", "en_IN"]))
def test_any_text_is_an_amount_or_a_library_error(text: str, locale: str) -> None:
    try:
        parsed = Money.parse(text, "EUR", locale=locale)
    except ReceivablesError:
        return
    assert parsed.currency is Currency("EUR")
    assert any(char.isdecimal() for char in text)


@given(money("USD", min_value=0, max_value="1000000"))
def test_a_three_digit_fraction_is_never_read_as_cents(amount: Money) -> None:
    whole = int(amount.amount)
    text = f"{whole:,}"
    # en_US groups; a comma-decimal locale must refuse what it would otherwise read as 1.234.
    assert Money.parse(text, "USD") == Money(whole, "USD")
    if 1000 <= whole < 1_000_000:
        with pytest.raises(AmountParseError, match=r"ambiguous|cannot be read"):
            Money.parse(text, "EUR", locale="de_DE")


def test_kept_decimals_are_exact() -> None:
    assert Money.parse("0.10", "USD").amount == Decimal("0.10")
    assert Money.parse("0,125 KWD", locale="de_DE").amount == Decimal("0.125")


def _read(text: str, currency: Currency, locale: str) -> Money | str:
    try:
        return Money.parse(text, currency, locale=locale)
    except AmountParseError as error:
        return "ambiguous" if "ambiguous" in str(error) else "refused"


@given(money(currencies(), min_value="-999999999", max_value="999999999"), st.sampled_from(LOCALES))
def test_the_bare_number_fast_path_agrees_with_the_full_reader(amount: Money, locale: str) -> None:
    from babel.numbers import get_decimal_symbol

    text = str(amount.amount).replace(".", get_decimal_symbol(locale).replace("\u200e", ""))
    fast = _read(text, amount.currency, locale)
    # A space around the number takes the full reader.
    assert fast == _read(f" {text} ", amount.currency, locale)
    # Only the ambiguity of a three-digit fraction (which the fast path never takes) may refuse.
    assert fast in (amount, "ambiguous")
