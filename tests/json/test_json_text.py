"""``receivables.json``: numbers as Decimal, strict reading, documented limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables import InvalidDataError, InvalidTypeError, Invoice, Money, Payment
from receivables import json as rjson
from receivables.cashapp import MatchPolicy
from receivables.dunning import DunningPolicy


def test_numbers_are_decimal_never_float() -> None:
    data = rjson.loads('{"a": 0.1, "b": 1e-7, "c": 12, "d": [2.50]}')
    assert data == {"a": Decimal("0.1"), "b": Decimal("1e-7"), "c": 12, "d": [Decimal("2.50")]}
    assert type(data["c"]) is int


def test_a_policy_sent_with_json_numbers_loads_exactly() -> None:
    policy = rjson.loads('{"auto_match_confidence": 0.95}', MatchPolicy)
    assert policy.auto_match_confidence == Decimal("0.95")


def test_bytes_and_typed_lists_load() -> None:
    payments = rjson.loads(
        b'[{"id": "P-1", "received_date": "2026-03-02", '
        b'"amount": {"amount": "10.00", "currency": "EUR"}}]',
        list[Payment],
    )
    assert payments == [Payment("P-1", dt.date(2026, 3, 2), Money("10.00", "EUR"))]


def test_dumps_writes_the_plain_form() -> None:
    invoice = Invoice(
        "I-1", "C-1", dt.date(2026, 1, 2), Money("100.1", "USD"), due_date=dt.date(2026, 2, 1)
    )
    text = rjson.dumps(invoice, sort_keys=True)
    assert '"amount": {"amount": "100.10", "currency": "USD"}' in text
    assert rjson.loads(text, Invoice) == invoice
    assert rjson.dumps([Money("1", "JPY")]) == '[{"amount": "1", "currency": "JPY"}]'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"a": NaN}', "NaN is not a number"),
        ('{"a": Infinity}', "Infinity is not a number"),
        ('{"a": ', "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('"\\ud800', "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ("1" * 5000, "not JSON"),
    ],
    ids=["duplicate", "nan", "infinity", "cut", "deep", "bad-escape", "bytes", "huge-int"],
)
def test_bad_text_is_a_library_error(text: str | bytes, message: str) -> None:
    with pytest.raises(InvalidDataError, match=message):
        rjson.loads(text)


def test_nesting_within_the_limit_reads() -> None:
    assert rjson.loads("[" * 200 + "]" * 200) is not None
    assert rjson.loads('{"a": "' + "[" * 5000 + '"}') == {"a": "[" * 5000}


def test_text_over_the_limit_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rjson, "MAX_TEXT_CHARS", 10)
    with pytest.raises(InvalidDataError, match="longer than the limit"):
        rjson.loads("[1, 2, 3, 4, 5]")


def test_not_text_is_refused() -> None:
    with pytest.raises(InvalidDataError, match="str or bytes"):
        rjson.loads(123)  # type: ignore[call-overload]


def test_dumps_refuses_floats_and_unknown_objects() -> None:
    with pytest.raises(InvalidTypeError, match="never a float"):
        rjson.dumps({"amount": 1.5})
    with pytest.raises(InvalidTypeError, match="no plain-data form for object"):
        rjson.dumps(object())
    with pytest.raises(InvalidTypeError, match="mapping key must be text"):
        rjson.dumps({(1, 2): "x"})


def test_errors_from_typed_loads_name_the_path() -> None:
    text = '{"levels": [{"number": 1, "days_overdue": 1, "action": "shout"}]}'
    with pytest.raises(InvalidDataError, match=r"@ \$\.levels\[0\]\.action"):
        rjson.loads(text, DunningPolicy)


def test_dumps_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(InvalidDataError, match="cannot write as JSON"):
        rjson.dumps({"n": 10**5000})
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(InvalidDataError, match="nested too deeply"):
        rjson.dumps(deep)


def test_keys_that_are_not_text_are_named_in_errors() -> None:
    with pytest.raises(InvalidDataError, match=r"extra fields found \(1\)"):
        Payment.from_dict({1: 2})  # type: ignore[dict-item]
    with pytest.raises(InvalidDataError, match=r"extra fields found \(1, a\) @ \$"):
        DunningPolicy.from_dict({1: 2, "a": 3})  # type: ignore[dict-item]


def test_dumps_refuses_an_indent_past_its_limit() -> None:
    """Found by the fuzz soak: a 5,000-digit indent raised OverflowError, and a billion would
    have written a gigabyte of blanks per line."""
    max_indent = rjson.MAX_INDENT

    for indent in (10**5000, 10**9, max_indent + 1, -1):
        with pytest.raises(InvalidDataError, match=r"indent must be a whole number from 0 to 32"):
            rjson.dumps([1], indent=indent)
    assert rjson.dumps([1], indent=max_indent) == "[\n" + " " * max_indent + "1\n]"
    assert rjson.dumps([1], indent=0) == "[\n1\n]"
