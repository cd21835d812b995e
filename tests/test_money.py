"""Money and Currency: construction, arithmetic, rounding, allocation, formatting."""

from __future__ import annotations

import copy
import decimal
import math
import pickle
from decimal import Decimal
from fractions import Fraction

import pytest
from babel.numbers import get_currency_precision
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    AmountRangeError,
    AmountTypeError,
    Currency,
    CurrencyMismatchError,
    InvalidAmountError,
    Money,
    ReceivablesError,
    UnknownCurrencyError,
)
from receivables.money import DEFAULT_ROUNDING, ROUNDING_MODES, to_decimal
from receivables.testing import currencies, money

ratios = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(any)


class TestCurrency:
    @pytest.mark.parametrize(
        ("code", "minor", "numeric"),
        [("JPY", 0, 392), ("USD", 2, 840), ("KWD", 3, 414), ("BHD", 3, 48), ("CLF", 4, 990)],
    )
    def test_iso_minor_units_and_numeric_codes(self, code: str, minor: int, numeric: int) -> None:
        currency = Currency.of(code)
        assert (currency.minor_units, currency.numeric) == (minor, numeric)

    def test_lookup_is_case_insensitive_and_canonical(self) -> None:
        assert Currency("usd") is Currency.of("USD") is Currency(" Usd ")
        assert Currency("usd").code == "USD"
        assert repr(Currency("usd")) == "Currency('USD')"

    def test_iso_wins_where_cldr_disagrees(self) -> None:
        # CLDR (babel) gives the Iraqi dinar 0 decimals; ISO 4217 gives 3. ISO wins.
        assert get_currency_precision("IQD") == 0
        assert Currency("IQD").minor_units == 3
        assert Money("1.2345", "IQD").round() == Money("1.235", "IQD")

    @pytest.mark.parametrize("code", ["XYZ", "", "US", "USDD", "XAU"])
    def test_unknown_code_is_a_value_error_not_a_key_error(self, code: str) -> None:
        with pytest.raises(UnknownCurrencyError, match="unknown ISO 4217") as info:
            Currency.of(code)
        assert isinstance(info.value, ValueError)
        assert not isinstance(info.value, KeyError)

    def test_non_string_code_is_a_type_error(self) -> None:
        with pytest.raises(AmountTypeError):
            Currency(840)  # type: ignore[arg-type]

    def test_immutable_picklable_copyable(self) -> None:
        usd = Currency("USD")
        with pytest.raises(AttributeError):
            usd.code = "EUR"
        assert pickle.loads(pickle.dumps(usd)) is usd
        assert copy.deepcopy(usd) is usd

    def test_codes_are_three_upper_letters_and_unique_numeric_where_active(self) -> None:
        codes = Currency.codes()
        assert len(codes) > 150
        assert all(len(c) == 3 and c.isupper() for c in codes)


class TestConstruction:
    @pytest.mark.parametrize("amount", [Decimal("1234.56"), "1234.56", " 1234.56 "])
    def test_amount_from_decimal_and_str(self, amount: Decimal | str) -> None:
        assert Money(amount, "USD").amount == Decimal("1234.56")

    def test_amount_from_int(self) -> None:
        assert Money(5, "JPY").amount == Decimal(5)

    @pytest.mark.parametrize("amount", [0.1, 1.0, True, False, None, [1], 1 + 0j])
    def test_floats_bools_and_others_are_type_errors(self, amount: object) -> None:
        with pytest.raises(AmountTypeError) as info:
            Money(amount, "USD")  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, ReceivablesError)

    @pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-inf", "abc", ""])
    def test_non_finite_and_unreadable_are_value_errors(self, amount: str) -> None:
        with pytest.raises(InvalidAmountError):
            Money(amount, "USD")

    def test_messages_name_the_value_and_its_type(self) -> None:
        with pytest.raises(AmountTypeError) as info:
            Money(0.5, "USD")  # type: ignore[arg-type]
        assert str(info.value) == (
            "amount must be Decimal, int or str, not float (0.5); use Decimal('0.5') or '0.5'"
        )
        with pytest.raises(AmountTypeError) as info:
            Money(True, "USD")
        assert str(info.value) == "amount must be Decimal, int or str, not bool (True)"
        with pytest.raises(InvalidAmountError) as unreadable:
            Money("abc", "USD")
        assert str(unreadable.value) == "amount 'abc' is not a number"
        with pytest.raises(InvalidAmountError) as long:
            Money("9" * 101, "USD")
        assert str(long.value) == f"amount {'9' * 20!r}... is longer than 100 characters"

    def test_subclasses_of_decimal_int_and_str_read_as_their_value(self) -> None:
        class Text(str):
            pass

        class Whole(int):
            pass

        class Exact(Decimal):
            pass

        assert to_decimal(Text("1.50")) == Decimal("1.50")
        assert to_decimal(Whole(7)) == Decimal(7)
        assert to_decimal(Exact("2.5")) == Decimal("2.5")
        with pytest.raises(InvalidAmountError) as info:
            to_decimal(Text("x"), what="rate")
        assert str(info.value) == "rate 'x' is not a number"
        with pytest.raises(InvalidAmountError, match="longer than 100 characters"):
            to_decimal(Text("1" * 101))

    def test_decimal_nan_is_rejected(self) -> None:
        with pytest.raises(InvalidAmountError, match="finite"):
            Money(Decimal("NaN"), "USD")

    def test_immutable_and_hashable(self) -> None:
        m = Money("1.00", "USD")
        with pytest.raises(AttributeError):
            m.amount = Decimal(2)  # type: ignore[misc]
        assert {Money("1", "USD"), Money("1.00", "USD")} == {m}

    def test_repr_round_trips(self) -> None:
        m = Money("-12.30", "EUR")
        assert repr(m) == "Money('-12.30', 'EUR')"
        assert eval(repr(m)) == m
        assert str(m) == "-12.30 EUR"

    def test_from_minor_units(self) -> None:
        assert Money.from_minor_units(-5, "USD") == Money("-0.05", "USD")
        assert Money.from_minor_units(5, "JPY") == Money("5", "JPY")
        with pytest.raises(AmountTypeError, match=r"^minor units must be an int, not Decimal$"):
            Money.from_minor_units(Decimal(5), "USD")  # type: ignore[arg-type]

    def test_from_minor_units_refuses_more_than_128_bits_before_converting(self) -> None:
        # 2**127 has 128 bits: converted, then out of range; 2**128 has 129: refused unread.
        with pytest.raises(AmountRangeError, match="outside the range Money holds exactly"):
            Money.from_minor_units(2**127, "USD")
        with pytest.raises(
            AmountRangeError, match=r"^129-bit minor units are outside Money's range$"
        ):
            Money.from_minor_units(2**128, "USD")

    def test_pickle(self) -> None:
        m = Money("1.23", "KWD")
        assert pickle.loads(pickle.dumps(m)) == m


class TestArithmetic:
    def test_add_subtract_negate_abs(self) -> None:
        a, b = Money("10.50", "USD"), Money("0.75", "USD")
        assert a + b == Money("11.25", "USD")
        assert a - b == Money("9.75", "USD")
        assert -a == Money("-10.50", "USD")
        assert abs(-a) == a
        assert +a is a

    def test_mixing_currencies_raises(self) -> None:
        usd, eur = Money("1", "USD"), Money("1", "EUR")
        for operation in (
            lambda: usd + eur,
            lambda: usd - eur,
            lambda: usd < eur,
            lambda: usd <= eur,
            lambda: usd > eur,
            lambda: usd >= eur,
        ):
            with pytest.raises(CurrencyMismatchError, match=r"USD.*EUR"):
                operation()

    def test_each_operation_names_its_verb(self) -> None:
        usd, eur = Money("1", "USD"), Money("1", "EUR")
        with pytest.raises(CurrencyMismatchError, match=r"^cannot add USD with EUR$"):
            usd + eur
        with pytest.raises(CurrencyMismatchError, match=r"^cannot subtract USD with EUR$"):
            usd - eur
        with pytest.raises(
            AmountTypeError, match=r"^cannot add Money and Decimal \(Decimal\('1'\)\)$"
        ):
            usd + Decimal(1)  # type: ignore[operator]
        for compare in (usd.__lt__, usd.__le__, usd.__gt__, usd.__ge__):
            with pytest.raises(CurrencyMismatchError, match=r"^cannot compare USD with EUR$"):
                compare(eur)
        with pytest.raises(AmountTypeError, match=r"^cannot subtract Money and int \(1\)$"):
            usd - 1  # type: ignore[operator]
        with pytest.raises(
            AmountTypeError,
            match=r"^cannot multiply Money by Money; use a Decimal or int factor "
            r"\(divide the amounts for a ratio\)$",
        ):
            usd * usd  # type: ignore[operator]
        with pytest.raises(AmountTypeError, match=r"^cannot divide Money by Money;"):
            usd / usd  # type: ignore[operator]
        with pytest.raises(AmountTypeError, match=r"^cannot divide Money by str '2'; use Decimal"):
            usd / "2"  # type: ignore[operator]
        with pytest.raises(AmountTypeError) as info:
            usd * "2"  # type: ignore[operator]
        assert str(info.value) == "cannot multiply Money by str '2'; use Decimal('2')"
        with pytest.raises(
            AmountTypeError, match=r"^factor must be Decimal, int or str, not float"
        ):
            usd * 0.5  # type: ignore[operator]
        with pytest.raises(InvalidAmountError) as nan:
            usd * Decimal("NaN")
        assert str(nan.value) == "factor must be a finite number, got Decimal('NaN')"

    def test_equality_across_currencies_is_false_not_an_error(self) -> None:
        assert Money("1", "USD") != Money("1", "EUR")
        assert Money("1", "USD") != Decimal(1)

    def test_adding_a_number_is_a_type_error(self) -> None:
        with pytest.raises(AmountTypeError):
            Money("1", "USD") + Decimal(1)  # type: ignore[operator]
        with pytest.raises(TypeError):
            Decimal(1) + Money("1", "USD")
        with pytest.raises(TypeError):
            1 + Money("1", "USD")

    def test_sum_starts_from_zero(self) -> None:
        items = [Money("0.10", "USD")] * 3
        assert sum(items) == Money("0.30", "USD")
        with pytest.raises(CurrencyMismatchError):
            sum([Money("1", "USD"), Money("1", "EUR")])

    def test_total_handles_empty_and_checks_currency(self) -> None:
        assert Money.total([], "KWD") == Money.zero("KWD")
        assert repr(Money.total([], "EUR")) == "Money('0', 'EUR')"
        with pytest.raises(CurrencyMismatchError, match=r"^cannot total USD into EUR$"):
            Money.total([Money("1", "USD")], "EUR")
        with pytest.raises(
            AmountTypeError, match=r"^expected Money, got Decimal \(Decimal\('1'\)\)$"
        ):
            Money.total([Decimal(1)], "EUR")  # type: ignore[list-item]

    def test_multiply_and_divide_by_numbers_only(self) -> None:
        m = Money("10.00", "USD")
        assert m * 3 == Money("30.00", "USD")
        assert 3 * m == Money("30.00", "USD")
        assert m * Decimal("0.5") == Money("5.00", "USD")
        assert m / 4 == Money("2.50", "USD")
        for bad in (0.5, True, m, "2"):
            with pytest.raises(AmountTypeError):
                m * bad  # type: ignore[operator]
            with pytest.raises(AmountTypeError):
                m / bad  # type: ignore[operator]
        with pytest.raises(InvalidAmountError, match="zero"):
            m / 0

    def test_ordering_within_a_currency(self) -> None:
        values = [Money("3", "USD"), Money("-1", "USD"), Money("2", "USD")]
        assert sorted(values) == [Money("-1", "USD"), Money("2", "USD"), Money("3", "USD")]

    def test_comparisons_at_equality_from_both_sides(self) -> None:
        one, same, two = Money("1", "USD"), Money("1.00", "USD"), Money("2", "USD")
        assert (one < same, one <= same, one > same, one >= same) == (False, True, False, True)
        assert (one < two, one <= two, one > two, one >= two) == (True, True, False, False)
        assert (two < one, two <= one, two > one, two >= one) == (False, False, True, True)
        assert not Currency("USD") < Currency("USD")
        assert Currency("EUR") < Currency("USD")
        assert not Currency("USD") < Currency("EUR")

    def test_global_decimal_context_does_not_change_amounts(self) -> None:
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            assert Money("12345.67", "USD") + Money("0.01", "USD") == Money("12345.68", "USD")

    def test_builtin_round_is_refused(self) -> None:
        with pytest.raises(
            AmountTypeError, match=r"^use money\.round\(mode=\.\.\.\) to round Money explicitly$"
        ):
            round(Money("1.005", "USD"), 2)

    @given(currencies().flatmap(lambda c: st.tuples(money(c), money(c, rounded=False))))
    def test_add_then_subtract_is_identity(self, ab: tuple[Money, Money]) -> None:
        a, b = ab
        assert a + b - b == a

    @given(currencies().flatmap(lambda c: st.tuples(money(c), money(c), money(c))))
    def test_addition_is_associative_and_commutative(self, abc: tuple[Money, ...]) -> None:
        a, b, c = abc
        assert (a + b) + c == a + (b + c)
        assert a + b == b + a


class TestRounding:
    def test_default_mode_is_half_up(self) -> None:
        assert DEFAULT_ROUNDING == decimal.ROUND_HALF_UP
        assert Money("0.125", "USD").round() == Money("0.13", "USD")
        assert Money("-0.125", "USD").round() == Money("-0.13", "USD")
        assert Money("0.5", "JPY").round() == Money("1", "JPY")
        assert Money("0.0005", "KWD").round() == Money("0.001", "KWD")

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (decimal.ROUND_HALF_EVEN, "0.12"),
            (decimal.ROUND_HALF_DOWN, "0.12"),
            (decimal.ROUND_UP, "0.13"),
            (decimal.ROUND_DOWN, "0.12"),
            (decimal.ROUND_CEILING, "0.13"),
            (decimal.ROUND_FLOOR, "0.12"),
        ],
    )
    def test_any_decimal_mode(self, mode: str, expected: str) -> None:
        assert Money("0.125", "USD").round(mode) == Money(expected, "USD")

    def test_unknown_mode(self) -> None:
        with pytest.raises(InvalidAmountError, match="rounding mode"):
            Money("1", "USD").round("HALF_UP")

    def test_minor_units_requires_a_rounded_amount(self) -> None:
        assert Money("12.30", "USD").minor_units == 1230
        assert Money("1.5", "KWD").minor_units == 1500
        with pytest.raises(InvalidAmountError, match="round it first"):
            _ = Money("0.001", "USD").minor_units
        with pytest.raises(
            InvalidAmountError, match=r"12\.345 USD is not a whole number of minor units \(2 dec"
        ):
            _ = Money("12.345", "USD").minor_units

    def test_half_even_rounds_an_odd_digit_up(self) -> None:
        assert Money("2.675", "USD").round(decimal.ROUND_HALF_EVEN) == Money("2.68", "USD")

    def test_rounds_to_zero_decimals_for_yen(self) -> None:
        assert repr(Money("1234.5", "JPY").round()) == "Money('1235', 'JPY')"

    @given(money(rounded=False), st.sampled_from(sorted(ROUNDING_MODES)))
    def test_round_is_idempotent_and_close(self, m: Money, mode: str) -> None:
        once = m.round(mode)
        assert once.round(mode) == once
        assert once.is_rounded
        assert abs(once.amount - m.amount) < m.currency.quantum


def _allocate_with_fractions(m: Money, weights: list[Decimal]) -> tuple[Money, ...]:
    """The largest-remainder rule written out with exact fractions, as the reference."""
    units = abs(m.minor_units)
    total = sum((Fraction(w) for w in weights), Fraction(0))
    exact = [units * Fraction(w) / total for w in weights]
    shares = [math.floor(share) for share in exact]
    leftover = units - sum(shares)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in order[:leftover]:
        shares[index] += 1
    sign = -1 if m.is_negative else 1
    return tuple(Money.from_minor_units(sign * share, m.currency) for share in shares)


class TestAllocation:
    def test_issue_example(self) -> None:
        parts = Money("10.00", "USD").allocate([1, 1, 1])
        assert [p.amount for p in parts] == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]

    def test_largest_remainder_not_first_part(self) -> None:
        # exact shares 0.8333.., 0.1666..: the second has the larger remainder.
        assert Money("0.05", "USD").allocate([5, 1]) == (Money("0.04", "USD"), Money("0.01", "USD"))
        assert Money("1.00", "USD").allocate([1, 2]) == (Money("0.33", "USD"), Money("0.67", "USD"))

    def test_zero_ratio_gets_zero(self) -> None:
        parts = Money("1.00", "USD").allocate([0, 1, 0, 1])
        assert parts[0].is_zero
        assert parts[2].is_zero
        assert parts[1] + parts[3] == Money("1.00", "USD")

    def test_negative_amount_is_symmetric(self) -> None:
        positive = Money("10.00", "USD").allocate([1, 1, 1])
        negative = Money("-10.00", "USD").allocate([1, 1, 1])
        assert negative == tuple(-p for p in positive)
        assert Money("-0.05", "EUR").allocate([Decimal("0.7"), Decimal("0.3")]) == (
            Money("-0.04", "EUR"),
            Money("-0.01", "EUR"),
        )

    def test_zero_ratio_in_a_currency_without_decimals(self) -> None:
        parts = Money("100", "JPY").allocate([0, 1, 2])
        assert [repr(part) for part in parts] == [
            "Money('0', 'JPY')",
            "Money('33', 'JPY')",
            "Money('67', 'JPY')",
        ]

    def test_bad_ratios(self) -> None:
        m = Money("1.00", "USD")
        for bad, message in (
            ([], "^cannot allocate over an empty list of ratios$"),
            ([0, 0], "^ratios must not all be zero$"),
            ([-1, 2], r"^ratios must not be negative, got \[-1, 2\]$"),
        ):
            with pytest.raises(InvalidAmountError, match=message):
                m.allocate(bad)
        with pytest.raises(AmountTypeError, match=r"^ratio must be Decimal, int or str, not float"):
            m.allocate([0.5, 0.5])  # type: ignore[list-item]

    def test_unrounded_amount_cannot_be_allocated(self) -> None:
        with pytest.raises(InvalidAmountError, match="round it first"):
            Money("1.005", "USD").allocate([1, 1])

    def test_split(self) -> None:
        assert Money("100", "JPY").split(3) == (
            Money("34", "JPY"),
            Money("33", "JPY"),
            Money("33", "JPY"),
        )
        with pytest.raises(InvalidAmountError):
            Money("1", "JPY").split(0)

    @given(money(), ratios)
    def test_allocate_sums_to_the_whole(self, m: Money, weights: list[int]) -> None:
        parts = m.allocate(weights)
        assert len(parts) == len(weights)
        assert Money.total(parts, m.currency) == m
        assert all(p.is_rounded and p.currency is m.currency for p in parts)
        for part, weight in zip(parts, weights, strict=True):
            if weight == 0:
                assert part.is_zero
            # every part is within one minor unit of its exact share
            exact = m.amount * weight / sum(weights)
            assert abs(part.amount - exact) < m.currency.quantum

    def test_exact_tie_goes_to_the_earlier_part(self) -> None:
        # 18932 * 12 / 22 and 18932 * 1 / 22 leave remainders 0.5454.. and 0.5454..: a tie
        # that 34-digit division used to break the wrong way (issue 11).
        parts = Money("18932", "JPY").allocate([9, 12, 1])
        assert parts == (Money("7745", "JPY"), Money("10327", "JPY"), Money("860", "JPY"))

    def test_decimal_ratios_of_different_scales(self) -> None:
        parts = Money("1.00", "USD").allocate([Decimal("0.5"), Decimal("25E-2"), 1])
        assert parts == (Money("0.29", "USD"), Money("0.14", "USD"), Money("0.57", "USD"))

    @given(
        money(),
        st.lists(
            st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False), min_size=1
        ).filter(any),
    )
    def test_allocate_equals_the_fraction_reference(self, m: Money, weights: list[Decimal]) -> None:
        assert m.allocate(weights) == _allocate_with_fractions(m, weights)

    @given(money(), st.integers(min_value=1, max_value=50))
    def test_split_parts_differ_by_at_most_one_unit(self, m: Money, n: int) -> None:
        parts = m.split(n)
        assert sum(parts) == m
        assert max(parts).amount - min(parts).amount <= m.currency.quantum


class TestFormat:
    @pytest.mark.parametrize(
        ("amount", "code", "locale", "expected"),
        [
            ("1234.5", "USD", "en_US", "$1,234.50"),
            ("1234.5", "EUR", "de_DE", "1.234,50\xa0€"),
            ("1234.5", "JPY", "ja_JP", "￥1,235"),
            ("1234.5", "EUR", "fr_FR", "1\u202f234,50\xa0€"),
            ("-1234.5", "USD", "en_US", "-$1,234.50"),
            ("1234.5678", "KWD", "en_US", "KWD1,234.568"),
            # ISO 4217 gives the Iraqi dinar 3 decimals where CLDR says 0.
            ("1234.5", "IQD", "en_US", "IQD1,234.500"),
        ],
    )
    def test_locales(self, amount: str, code: str, locale: str, expected: str) -> None:
        assert Money(amount, code).format(locale) == expected

    def test_uses_iso_digits(self) -> None:
        assert Money("1", "IQD").format("en_US").endswith("1.000")
        assert Money("1", "CLF").format("en_US").endswith("1.0000")

    def test_bad_locale_and_format_type(self) -> None:
        with pytest.raises(InvalidAmountError, match="locale"):
            Money("1", "USD").format("xx_NOPE")
        with pytest.raises(InvalidAmountError, match="format_type"):
            Money("1", "USD").format(format_type="fancy")


class TestPartLimits:
    """split and allocate refuse more than Money.MAX_PARTS parts at once, never hang."""

    def test_split_into_a_billion_parts_is_refused(self) -> None:
        with pytest.raises(InvalidAmountError, match="at most 10,000, got 1000000000"):
            Money("100.00", "USD").split(10**9)
        with pytest.raises(InvalidAmountError, match="an int of 16610 bits"):
            Money("100.00", "USD").split(10**5000)
        with pytest.raises(InvalidAmountError, match="an int of 16610 bits"):
            Money("100.00", "USD").split(-(10**5000))
        assert len(Money("100.00", "USD").split(Money.MAX_PARTS)) == 10_000

    def test_a_part_count_is_quoted_up_to_64_bits_and_sized_beyond(self) -> None:
        with pytest.raises(InvalidAmountError, match=f"got {2**64 - 1}$"):
            Money("1.00", "USD").split(2**64 - 1)
        with pytest.raises(InvalidAmountError, match=r"got an int of 65 bits$"):
            Money("1.00", "USD").split(2**64)
        with pytest.raises(InvalidAmountError, match=r"^parts must be a positive int, got 2.0$"):
            Money("1.00", "USD").split(2.0)  # type: ignore[arg-type]

    def test_allocate_over_a_billion_ratios_is_refused(self) -> None:
        with pytest.raises(InvalidAmountError, match="more than 10,000 ratios"):
            Money("100.00", "USD").allocate(range(1, 10**9))
        with pytest.raises(InvalidAmountError, match="more than 10,000 ratios"):
            Money("100.00", "USD").allocate([1] * (Money.MAX_PARTS + 1))
        assert len(Money("100.00", "USD").allocate([1] * Money.MAX_PARTS)) == 10_000

    @given(st.integers(-(10**12), 10**12))
    def test_split_is_parts_or_a_library_error(self, parts: int) -> None:
        try:
            result = Money("7.00", "EUR").split(parts)
        except ReceivablesError:
            return
        assert sum(result, Money.zero("EUR")) == Money("7.00", "EUR")


class TestHostileText:
    """Issue "Reliability: hostile input": amount and currency text have length limits."""

    def test_an_amount_text_of_100_characters_is_read(self) -> None:
        assert Money("1.00".rjust(100), "USD") == Money("1.00", "USD")

    @pytest.mark.parametrize("text", ["9" * 101, "9" * 10**6, " " * 101 + "1"])
    def test_an_amount_text_past_100_characters_is_refused(self, text: str) -> None:
        # Decimal('9' * 10**6) reads in more than linear time; it is refused before reading.
        with pytest.raises(InvalidAmountError, match="longer than 100 characters") as info:
            Money(text, "USD")
        assert len(str(info.value)) < 200

    def test_a_currency_text_past_20_characters_is_refused_with_a_short_message(self) -> None:
        with pytest.raises(UnknownCurrencyError, match="longer than 20 characters") as info:
            Currency("USD" * 100_000)
        assert len(str(info.value)) < 200
        assert Currency("USD".center(20)) is Currency("USD")

    @given(st.text())
    def test_any_text_is_an_amount_or_a_library_error(self, text: str) -> None:
        try:
            amount = Money(text, "USD")
        except ReceivablesError:
            return
        assert isinstance(amount.amount, Decimal)


class TestExactRange:
    """Issue 12: the range Money holds exactly, and a caller's decimal context changes nothing."""

    @pytest.mark.parametrize(
        "amount", ["9" * 35, "1E+18", "-1E+18", Decimal("1E+999999"), "1." + "1" * 40]
    )
    def test_outside_the_range_is_refused_at_construction(self, amount: str | Decimal) -> None:
        with pytest.raises(AmountRangeError, match="outside the range Money holds exactly"):
            Money(amount, "USD")

    def test_the_largest_amounts_in_range_round_and_count_minor_units(self) -> None:
        top = Money("999999999999999999.99", "USD")
        assert top.round() == top
        assert top.minor_units == 99999999999999999999
        assert Money.from_minor_units(top.minor_units, "USD") == top

    def test_no_cent_is_lost_next_to_the_largest_amount(self) -> None:
        big, cent = Money("99999999999999999.00", "USD"), Money("0.01", "USD")
        assert (big + cent) - big == cent

    def test_34_significant_digits_are_held_and_35_refused(self) -> None:
        assert Money("0." + "1" * 34, "USD").amount == Decimal("0." + "1" * 34)
        with pytest.raises(AmountRangeError) as info:
            Money("0." + "1" * 35, "USD")
        assert str(info.value) == (
            f"amount 0.{'1' * 35} is outside the range Money holds exactly (below 10**18 in "
            "absolute value, at most 34 significant digits)"
        )

    def test_a_result_of_exactly_10_to_the_18_is_refused_either_sign(self) -> None:
        six, four = Money("600000000000000000", "USD"), Money("400000000000000000", "USD")
        with pytest.raises(AmountRangeError) as info:
            _ = six + four
        assert str(info.value) == (
            "the result 1000000000000000000 is outside the range Money holds exactly (below "
            "10**18 in absolute value)"
        )
        with pytest.raises(AmountRangeError, match="the result -1000000000000000000 is outside"):
            _ = -six - four
        assert six + (four - Money("0.01", "USD")) == Money("999999999999999999.99", "USD")

    def test_a_long_amount_is_quoted_up_to_40_characters_and_shortened_beyond(self) -> None:
        with pytest.raises(AmountRangeError, match=f"^amount {'1' * 40} is outside"):
            Money("1" * 40, "USD")
        with pytest.raises(AmountRangeError, match=r"^amount 111111111111\.\.\. \(41 digits\) is"):
            Money("1" * 41, "USD")

    def test_a_sum_or_product_that_leaves_the_range_is_an_error(self) -> None:
        big = Money("600000000000000000", "USD")
        with pytest.raises(AmountRangeError, match="the result 1200000000000000000"):
            _ = big + big
        with pytest.raises(AmountRangeError):
            _ = big * 2
        with pytest.raises(AmountRangeError):
            Money.total([big, big], "USD")
        with pytest.raises(AmountRangeError):
            Money.from_minor_units(10**200, "USD")

    def test_a_hostile_global_context_changes_no_amount(self) -> None:
        hostile = decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR, traps=[decimal.Inexact])
        with decimal.localcontext(hostile):
            assert Money("100.00", "USD").split(3) == (
                Money("33.34", "USD"),
                Money("33.33", "USD"),
                Money("33.33", "USD"),
            )
            assert Money.from_minor_units(123456, "USD") == Money("1234.56", "USD")
            assert Money("10.00", "USD").allocate([1, 2]) == (
                Money("3.33", "USD"),
                Money("6.67", "USD"),
            )
            assert Money("1234.5", "USD").format() == "$1,234.50"
            assert Money("12345.675", "USD").round() == Money("12345.68", "USD")


def test_allocate_refuses_ratios_past_their_limits() -> None:
    """Found by the fuzz soak: a 5,000-digit int ratio failed in Python's int-from-text limit
    (ValueError) while the weights were scaled to integers; 1E+999999 next to 1E-999999 would
    have made an integer of two million digits."""
    ten = Money("10.00", "USD")
    cases: list[list[Decimal | int | str]] = [
        [10**5000],
        [1, Decimal("1E+999999")],
        [1, Decimal("1E-13")],
        [1, Decimal("1.00000000000000000000000000000000001")],
    ]
    for ratios in cases:
        with pytest.raises(InvalidAmountError, match="a ratio must be zero or from 1E-12"):
            ten.allocate(ratios)
    assert ten.allocate([10**17, 0, Decimal("1E-12")])[1] == Money("0.00", "USD")
    assert ten.allocate([Decimal(10**20) / 1000, 1])[0] == Money("10.00", "USD")
