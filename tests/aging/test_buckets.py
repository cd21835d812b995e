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
