"""Buckets: labels, edges, lookup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidTypeError, ValidationError
from receivables.aging import Buckets


def test_standard_and_from_edges_labels() -> None:
    assert Buckets.standard().labels == ("Current", "1-30", "31-60", "61-90", "91-120", "Over 120")
    assert Buckets.from_edges((30, 60, 90)).labels == (
        "Current",
        "1-30",
        "31-60",
        "61-90",
        "Over 90",
    )


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (-400, "Current"),
        (0, "Current"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "91-120"),
        (120, "91-120"),
        (121, "Over 120"),
        (10_000, "Over 120"),
    ],
)
def test_boundaries(age: int, label: str) -> None:
    assert Buckets.standard().label_for(age) == label


def test_index_for_at_the_edges() -> None:
    ages = (0, 1, 30, 31, 120, 121)
    assert [Buckets.standard().index_for(age) for age in ages] == [0, 1, 1, 2, 4, 5]


def test_custom_labels() -> None:
    buckets = Buckets.from_edges([10], labels=["Not due", "Grace", "Late"])
    assert [buckets.label_for(age) for age in (0, 10, 11)] == ["Not due", "Grace", "Late"]


@pytest.mark.parametrize(
    ("edges", "labels"),
    [
        ((30, 30), None),  # overlap
        ((60, 30), None),  # out of order
        ((0, 30), None),  # zero edge would leave 1-0
        ((30,), ["a", "b"]),  # wrong count
        ((30,), ["a", "a", "b"]),  # duplicate
        ((30,), ["a", " ", "b"]),  # blank
    ],
)
def test_impossible_buckets(edges: tuple[int, ...], labels: list[str] | None) -> None:
    with pytest.raises(ValidationError):
        Buckets(edges, labels)


def test_edges_must_be_ints() -> None:
    with pytest.raises(InvalidTypeError):
        Buckets((30.0,))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        Buckets("30")  # type: ignore[arg-type]


def test_range_of() -> None:
    buckets = Buckets.from_edges((30, 60))
    assert buckets.range_of("Current") == (None, 0)
    assert buckets.range_of("1-30") == (1, 30)
    assert buckets.range_of("31-60") == (31, 60)
    assert buckets.range_of("Over 60") == (61, None)
    with pytest.raises(ValidationError, match="no bucket"):
        buckets.range_of("61-90")


@given(
    st.lists(st.integers(1, 400), min_size=0, max_size=8, unique=True).map(sorted),
    st.integers(-1000, 1000),
)
def test_every_age_falls_in_exactly_the_bucket_whose_range_holds_it(
    edges: list[int], age: int
) -> None:
    buckets = Buckets(edges)
    label = buckets.label_for(age)
    low, high = buckets.range_of(label)
    assert low is None or age >= low
    assert high is None or age <= high
    # and the index never decreases as the age grows
    assert buckets.index_for(age) <= buckets.index_for(age + 1)


def test_edges_are_bounded() -> None:
    from receivables import ValidationError

    with pytest.raises(ValidationError, match="from 1 to 36600"):
        Buckets([10**8])
    with pytest.raises(ValidationError, match="at most 100 bucket edges"):
        Buckets(range(1, 102))


def test_edge_limits_from_both_sides_and_messages() -> None:
    assert len(Buckets(range(1, 101)).edges) == 100
    assert Buckets([36600]).labels == ("Current", "1-36600", "Over 36600")
    assert Buckets(()).labels == ("Current", "Past due")
    cases: list[tuple[object, type[Exception], str]] = [
        ("30", InvalidTypeError, "bucket edges must be whole numbers of days, not text"),
        ([30.0], InvalidTypeError, "bucket edges must be ints, got 30.0"),
        ([36601], ValidationError, "bucket edges must be day counts from 1 to 36600, got (36601,)"),
        ([60, 30], ValidationError, "bucket edges must strictly increase, got (60, 30)"),
        (range(1, 102), ValidationError, "at most 100 bucket edges, got 101"),
    ]
    for edges, error, message in cases:
        with pytest.raises(error) as info:
            Buckets(edges)  # type: ignore[arg-type]
        assert str(info.value) == message


def test_label_messages() -> None:
    cases: list[tuple[list[object], str]] = [
        (["a", "b"], "1 edges make 3 buckets, but 2 labels were given"),
        (["a", "", "c"], "bucket labels must be non-blank strings, got ''"),
        (["a", "b", 5], "bucket labels must be non-blank strings, got 5"),
    ]
    for labels, message in cases:
        with pytest.raises(ValidationError) as info:
            Buckets([30], labels)  # type: ignore[arg-type]
        assert str(info.value) == message
    with pytest.raises(ValidationError) as unknown:
        Buckets.standard().range_of("Later")
    assert str(unknown.value) == (
        "no bucket 'Later'; the buckets are "
        "('Current', '1-30', '31-60', '61-90', '91-120', 'Over 120')"
    )
