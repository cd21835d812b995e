"""The shared validators of ``receivables._validate``: argument lists, customers by id, messages."""

from __future__ import annotations

import pytest

from receivables import Customer, InvalidTypeError
from receivables._text import shown
from receivables._validate import all_of, by_id, require_date, require_money, str_tuple


class TestAllOf:
    def test_returns_the_values_as_a_tuple(self) -> None:
        assert all_of(int, "counts", iter([1, 2])) == (1, 2)

    def test_names_the_argument_and_the_stranger(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"counts must hold int values, got str \('x'\)"):
            all_of(int, "counts", [1, "x"])

    @pytest.mark.parametrize("lone", ["abc", b"abc"])
    def test_a_lone_string_is_not_a_list_of_values(self, lone: object) -> None:
        with pytest.raises(InvalidTypeError, match="must be an iterable of str values"):
            all_of(str, "names", lone)  # type: ignore[arg-type]


class TestById:
    def test_from_a_list_and_from_a_mapping(self) -> None:
        a, b = Customer("C-1", "Acme", "USD"), Customer("C-2", "Bolt", "EUR")
        assert by_id(Customer, "customers", [a, b]) == {"C-1": a, "C-2": b}
        assert by_id(Customer, "customers", {"C-1": a}) == {"C-1": a}

    def test_refuses_other_values_either_way(self) -> None:
        with pytest.raises(InvalidTypeError, match="customers must hold Customer values"):
            by_id(Customer, "customers", ["C-1"])  # type: ignore[type-var]
        with pytest.raises(InvalidTypeError, match="customers must hold Customer values"):
            by_id(Customer, "customers", {"C-1": "Acme"})  # type: ignore[type-var]


class TestShown:
    def test_short_values_are_their_repr(self) -> None:
        assert shown("abc") == "'abc'"

    def test_long_values_are_cut(self) -> None:
        text = shown("x" * 500, limit=20)
        assert len(text) == 20
        assert text.endswith("...")

    def test_a_huge_int_is_described_not_printed(self) -> None:
        # repr() of an int past 4,300 digits raises ValueError: the message must not crash.
        assert shown(10**5000) == "<int of 16610 bits>"

    def test_a_failing_repr_does_not_hide_the_error(self) -> None:
        class Broken:
            def __repr__(self) -> str:
                raise RuntimeError("no repr")

        assert shown(Broken()) == "<Broken>"


class TestMessagesShowTheValueSafely:
    """Found by the fuzz suite: the validators' messages used ``repr()``, which raises
    ``ValueError`` for an int past 4,300 digits instead of the validator's own error."""

    def test_require_date(self) -> None:
        with pytest.raises(InvalidTypeError, match="<int of 16610 bits>"):
            require_date(10**5000, "as_of")

    def test_require_money(self) -> None:
        with pytest.raises(InvalidTypeError, match="<int of 16610 bits>"):
            require_money(10**5000, "amount")

    def test_str_tuple(self) -> None:
        with pytest.raises(InvalidTypeError, match="<int of 16610 bits>"):
            str_tuple(10**5000)
        with pytest.raises(InvalidTypeError, match="<int of 16610 bits>"):
            str_tuple([10**5000])
