"""Reference normalisation, tokenising, near misses and name keys."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import ReceivablesError
from receivables.cashapp.references import (
    candidate_keys,
    is_near_miss,
    name_key,
    reference_key,
    reference_keys,
)


@pytest.mark.parametrize(
    "text", ["INV-000123", "inv 123", "123", "#123", "Inv.123", "INV000123", " inv-0123 ", "№123"]
)
def test_issue_spellings_share_one_key(text: str) -> None:
    assert reference_key(text) == "123"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Inv 123, 124 & 130", ("123", "124", "130")),
        ("INV-000123/INV-000124", ("123", "124")),
        ("Payment of invoice no 4471 thank you", ("4471",)),
        ("PO 55512; INV 8890", ("55512", "8890")),
        ("invoices 1001 and 1002", ("1001", "1002")),
        ("12 boxes", ()),
        ("12 pcs", ()),
        ("", ()),
    ],
)
def test_candidate_keys(text: str, keys: tuple[str, ...]) -> None:
    assert candidate_keys(text) == keys


def test_document_keys_include_the_compact_form() -> None:
    assert reference_keys("AB-0012") == ("12", "AB0012")
    assert reference_keys("123") == ("123",)


@given(st.from_regex(r"[0-9]{3,9}", fullmatch=True), st.data())
def test_near_miss_is_symmetric_and_rejects_equal(key: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(key) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != key[position]]))
    typo = key[:position] + digit + key[position + 1 :]
    assert is_near_miss(key, typo)
    assert is_near_miss(typo, key)
    assert not is_near_miss(key, key)


def test_transpositions_only_of_neighbours() -> None:
    assert is_near_miss("12345", "12435")
    assert not is_near_miss("12345", "14325")
    assert not is_near_miss("12345", "21354")


def test_near_miss_needs_one_edit_between_keys_of_one_length() -> None:
    assert not is_near_miss("123456", "654321")
    assert not is_near_miss("123", "1234")


def test_name_keys() -> None:
    assert name_key("Acme Corp.") == name_key("ACME CORPORATION") == "ACME"
    assert name_key("Société Générale S.A.") == "SOCIETE GENERALE"
    assert name_key("Inc.") == "INC"  # a name of suffixes only keeps them


class TestHostileReferences:
    """Issue "Reliability: hostile input": reading references is linear, with a length limit."""

    # The old expression, kept as the oracle for the hand-written reading that replaced it.
    _OLD_PREFIXED = re.compile(r"^([A-Z]{0,10}?)0*(\d+)$")

    @given(st.text(alphabet="0123456789ABCIOZ-# ", max_size=30))
    def test_keys_are_those_of_the_old_expression(self, text: str) -> None:
        compact = re.sub(r"[^0-9A-Z]+", "", text)
        match = self._OLD_PREFIXED.match(compact)
        assert reference_key(text) == (match.group(2) if match else compact)

    @pytest.mark.parametrize(
        "text",
        [
            "0" * 10_000,  # ``0*(\d+)`` retried every split of the zeros: quadratic
            "0" * 9_999 + "X",
            "INV" + "0" * 9_997,
            "ABCDEFGHIJK" + "0" * 9_989,
        ],
    )
    def test_a_reference_at_the_limit_is_read_at_once(self, text: str) -> None:
        reference_key(text)
        reference_keys(text)
        candidate_keys(text)
        name_key(text)

    def test_free_text_at_the_limit_with_thousands_of_references_is_read_at_once(self) -> None:
        text = " ".join(f"INV-{n:05d}" for n in range(1_000, 2_000)).ljust(10_000)
        assert len(candidate_keys(text)) == 1_000

    @pytest.mark.parametrize("read", [reference_key, reference_keys, candidate_keys, name_key])
    def test_text_past_10000_characters_is_refused_with_a_short_message(self, read: object) -> None:
        with pytest.raises(ReceivablesError, match="longer than 10000 characters") as info:
            read("inv 123 " * 12_500)  # type: ignore[operator]
        assert len(str(info.value)) < 200

    def test_a_prefix_of_more_than_ten_letters_is_kept(self) -> None:
        assert reference_key("ABCDEFGHIJK0012") == "ABCDEFGHIJK0012"
        assert reference_key("ABCDEFGHIJ0012") == "12"
        assert reference_key("000") == "0"
