"""The text parsers under arbitrary text and under mutations of valid input.

Each parser returns a value of its type or raises :class:`receivables.ReceivablesError`, within
the fuzz deadline (``_fuzz_support.DEADLINE``: a super-linear case fails as ``DeadlineExceeded``).
Nothing is excused here: every argument is a ``str`` (or JSON-like data for ``from_dict``), which
is what the parameters are typed as.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from _fuzz_soak import CALLS
from _fuzz_support import POLICY_CLASSES, fuzz_settings, instances
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    Currency,
    Money,
    PaymentTerms,
    Reason,
    ReceivablesError,
    parse_terms,
)
from receivables.cashapp import references
from receivables.convert import PolicyData, structure
from receivables.explain import REASON_CODES, describe

VALID_TERMS = [
    "Net 30",
    "NET30",
    "n/30",
    "2/10 Net 30",
    "2% 10 Net 30",
    "2/10 1/20 Net 30",
    "Net 30 EOM",
    "EOM Net 30",
    "Due on receipt",
    "10th prox",
    "Day 10 of next month, cut-off 25",
    "Instalments 50%/30 50%/60",
]
VALID_AMOUNTS = ["12.50", "-0.01", "1000000", "0", "1E+3", "999999999999999999.99"]
VALID_REFERENCES = ["INV-1001", "inv 1001", "PO#77/2026", "Invoice no. 000123", "CM-9 / INV-10"]


@st.composite
def mutations(draw: st.DrawFn, seeds: list[str]) -> str:
    """A valid input with a few edits: characters inserted, deleted or replaced, a slice
    repeated many times, digits made huge."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "repeat", "digits"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        elif kind == "replace" and text:
            at = min(at, len(text) - 1)
            text = text[:at] + draw(st.characters()) + text[at + 1 :]
        elif kind == "repeat":
            end = draw(st.integers(at, len(text)))
            text = text[:at] + text[at:end] * draw(st.integers(2, 2000)) + text[end:]
        else:
            text = text[:at] + "9" * draw(st.integers(1, 6000)) + text[at:]
    return text


def _text_or_mutation(seeds: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(), mutations(seeds), st.text(min_size=1000, max_size=20_000))


def _value_or_error(parse: Callable[[], object], kind: type | tuple[type, ...]) -> None:
    CALLS.add()
    try:
        value = parse()
    except ReceivablesError:
        return
    assert isinstance(value, kind)


@fuzz_settings(share=3)
@given(_text_or_mutation(VALID_TERMS))
def test_parse_terms(text: str) -> None:
    _value_or_error(lambda: parse_terms(text), PaymentTerms)
    _value_or_error(lambda: PaymentTerms.parse(text), PaymentTerms)


@fuzz_settings(share=3)
@given(_text_or_mutation(VALID_AMOUNTS), st.one_of(st.sampled_from(["USD", "JPY"]), st.text()))
def test_money_from_text(amount: str, currency: str) -> None:
    _value_or_error(lambda: Money(amount, currency), Money)


@fuzz_settings(share=3)
@given(_text_or_mutation(["USD", "usd", " EUR ", "BHD", "CLF"]))
def test_currency_from_text(code: str) -> None:
    _value_or_error(lambda: Currency(code), Currency)
    _value_or_error(lambda: Currency.of(code), Currency)


@fuzz_settings(share=3)
@given(_text_or_mutation(VALID_REFERENCES), _text_or_mutation(VALID_REFERENCES))
def test_reference_normalisation(first: str, second: str) -> None:
    _value_or_error(lambda: references.reference_key(first), str)
    _value_or_error(lambda: references.reference_keys(first), tuple)
    _value_or_error(lambda: references.candidate_keys(first), tuple)
    _value_or_error(lambda: references.name_key(first), str)
    _value_or_error(lambda: references.is_near_miss(first, second), bool)


@fuzz_settings(share=3)
@given(_text_or_mutation(sorted(REASON_CODES)), st.text(max_size=50))
def test_reason_codes(code: str, message: str) -> None:
    _value_or_error(lambda: Reason(code, message), Reason)
    _value_or_error(lambda: Reason.of(code, message), Reason)
    _value_or_error(lambda: describe(code), str)


JSON: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(-(10**40), 10**40),
        st.floats(),
        st.text(max_size=20),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(["12.50 USD", "0.05", "2026-01-31", "reminder", "USD", "1E+999999"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def mutated_policy_data(draw: st.DrawFn, cls: type[PolicyData]) -> Any:
    """A valid policy's ``to_dict``, with one field dropped, replaced or added."""
    data: Any = json.loads(json.dumps(draw(instances(cls)).to_dict(), default=str))
    if not isinstance(data, dict):
        return data
    key = draw(st.sampled_from(sorted(data) or ["extra"]))
    action = draw(st.sampled_from(["drop", "replace", "add", "none"]))
    if action == "drop":
        data.pop(key, None)
    elif action == "replace":
        data[key] = draw(JSON)
    elif action == "add":
        data[draw(st.text(max_size=10))] = draw(JSON)
    return data


POLICIES = [cls for cls in POLICY_CLASSES if issubclass(cls, PolicyData)]


def test_every_policy_class_is_here() -> None:
    assert len(POLICIES) >= 10


POLICY_PARAMS = [pytest.param(cls, id=cls.__name__) for cls in POLICIES]


@pytest.mark.parametrize("cls", POLICY_PARAMS)
@fuzz_settings(share=10)
@given(data=st.data())
def test_policy_from_dict(cls: type[PolicyData], data: st.DataObject) -> None:
    raw = data.draw(st.one_of(JSON, mutated_policy_data(cls)), label="data")
    _value_or_error(lambda: cls.from_dict(raw), cls)
    _value_or_error(lambda: structure(raw, cls), cls)


@fuzz_settings(share=3)
@given(st.decimals(allow_nan=True, allow_infinity=True), st.sampled_from(["USD", "JPY", "BHD"]))
def test_money_from_any_decimal(amount: Decimal, currency: str) -> None:
    _value_or_error(lambda: Money(amount, currency), Money)
    _value_or_error(lambda: Money(str(amount), currency), Money)
