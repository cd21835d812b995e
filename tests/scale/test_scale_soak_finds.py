"""Defects the fuzz soak found in receivables.scale, each with its regression test."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables import Money
from receivables.errors import InvalidDataError, ReceivablesError, ValidationError
from receivables.money import Currency
from receivables.scale import MetricInputs, read_shard, split_by_customer

USD = Currency("USD")


def _inputs(periods: int, sales: int) -> MetricInputs:
    zero = Money("0.00", "USD")
    ends = tuple(dt.date(2026, month, 28) for month in range(1, periods + 1))
    return MetricInputs(USD, dt.date(2025, 12, 31), ends, zero, (zero,) * sales,
                        (zero,) * periods, (zero,) * periods, (zero,) * periods,
                        (zero,) * periods)  # fmt: skip


def test_metric_inputs_need_one_figure_per_period() -> None:
    """Inputs with more sales than periods failed later, in merge or a metric (zip's
    ValueError)."""
    with pytest.raises(ValidationError, match="have 0 periods but 1 credit_sales"):
        _inputs(0, 1)
    with pytest.raises(ValidationError, match="have 2 periods but 1 credit_sales"):
        _inputs(2, 1)
    good = _inputs(2, 2)
    assert good.merge(good) == good  # zeros add to zeros


def test_metric_inputs_are_in_their_one_currency() -> None:
    zero = Money("0.00", "USD")
    with pytest.raises(ValidationError, match="opening must be Money in USD"):
        MetricInputs(USD, dt.date(2025, 12, 31), (), Money("0", "EUR"), (), (), (), (), ())
    with pytest.raises(ValidationError, match="collections must be Money in USD"):
        MetricInputs(USD, dt.date(2025, 12, 31), (dt.date(2026, 1, 31),), zero, (zero,),
                     (Money("1", "EUR"),), (zero,), (zero,), (zero,))  # fmt: skip


@pytest.mark.parametrize("path", ["", "\x00", "x" * 5000, "/no/such/shard.parquet"])
def test_read_shard_names_a_path_it_cannot_read(path: str) -> None:
    """A missing, empty or impossible path raised FileNotFoundError, OSError or ValueError."""
    with pytest.raises(InvalidDataError, match="cannot read the shard"):
        read_shard(path)


def test_split_by_customer_checks_the_count_before_making_the_parts() -> None:
    """With no items, a count of 10**18 parts was never checked: the list of empty parts ran
    the machine out of memory."""
    for count in (10**18, 0, -1):
        with pytest.raises(ReceivablesError, match="partitions must be an int from 1 to 100000"):
            split_by_customer([], count)
    assert split_by_customer([], 3) == [[], [], []]
