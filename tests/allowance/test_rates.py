"""Roll rates, loss rates and historical loss rates (``receivables.allowance.rates``): the
IFRScommunity vintage example, pooled and mean-of-ratios roll rates, loss rates that are
fractions, snapshots that match aging the open items, and the historical loss-rate window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _allowance_helpers import IFRS_LABELS, usd
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidAmountError, Invoice, Money, ValidationError
from receivables._decimal import CONTEXT
from receivables.aging import age
from receivables.allowance import (
    LossPeriod,
    ReceivableHistory,
    RollMethod,
    historical_loss_rate,
    loss_rates,
    provision,
    roll_rates,
    snapshot_balances,
)

D = dt.date


@pytest.mark.reference
class TestReferenceExamples:
    def test_ifrscommunity_vintage_to_loss_rates(self) -> None:
        """IFRScommunity.com, "IFRS 9 example: lifetime ECL for trade receivables using a
        provision matrix": of 100,000 of January sales, 50,000 is outstanding 1-30 days past
        due, 23,000 at 31-60, 8,000 at 61-90 and 2,000 is never paid. Loss rates 2.0%, 4.0%,
        8.7%, 25% and 100%; on receivables of 300,000, 140,000, 60,000, 23,000 and 5,000 the
        allowance is 27,567."""
        labels = IFRS_LABELS
        path = [
            ("Current", 100000),
            ("1-30", 50000),
            ("31-60", 23000),
            ("61-90", 8000),
            ("Over 90", 2000),
        ]
        snapshots = []
        for step in range(len(path) + 1):
            snapshot = {label: usd(0) for label in labels}
            if step < len(path):
                label, amount = path[step]
                snapshot[label] = usd(amount)
            snapshots.append(snapshot)
        write_offs = [usd(0)] * len(path) + [usd(2000)]
        rolls = roll_rates(snapshots, write_offs=write_offs)
        matrix = loss_rates(rolls)
        percent = Decimal(100)
        assert [
            CONTEXT.multiply(rate, percent).quantize(Decimal("0.1"), context=CONTEXT)
            for _, rate in matrix.rates
        ] == [
            Decimal("2.0"),
            Decimal("4.0"),
            Decimal("8.7"),
            Decimal("25.0"),
            Decimal("100.0"),
        ]
        balances = dict(
            zip(labels, [usd(300000), usd(140000), usd(60000), usd(23000), usd(5000)], strict=True)
        )
        result = provision(balances, matrix)
        # The page shows whole units; to the cent the 31-60 line is 5,217.39.
        assert [
            line.allowance.amount.quantize(Decimal(1), context=CONTEXT) for line in result.lines
        ] == [
            6000,
            5600,
            5217,
            5750,
            5000,
        ]
        assert result.total == usd("27567.39")


class TestRollRates:
    def test_pooled_and_mean_of_ratios(self) -> None:
        snapshots = [
            {"A": 100, "B": 0},
            {"A": 200, "B": 50},
            {"A": 100, "B": 20},
        ]
        pooled = roll_rates(snapshots, write_offs=[0, 0, 10])
        # A -> B: (50 + 20) / (100 + 200); B -> write-off: (0 + 10) / (0 + 50)
        rate = pooled.rate("A")
        assert rate is not None
        assert round(rate, 20) == round(Decimal(70) / Decimal(300), 20)
        assert pooled.rate("B") == Decimal("0.2")
        mean = roll_rates(snapshots, write_offs=[0, 0, 10], method=RollMethod.MEAN_OF_RATIOS)
        assert mean.rate("A") == (Decimal("0.5") + Decimal("0.1")) / 2

    def test_inputs(self) -> None:
        with pytest.raises(ValidationError):
            roll_rates([{"A": 1}], write_offs=[0])
        with pytest.raises(ValidationError, match="one entry per snapshot"):
            roll_rates([{"A": 1}, {"A": 1}], write_offs=[0])
        with pytest.raises(ValidationError, match="buckets"):
            roll_rates([{"A": 1}, {"B": 1}], write_offs=[0, 0])

    @given(
        st.lists(st.lists(st.integers(0, 10**6), min_size=4, max_size=4), min_size=2, max_size=12),
        st.data(),
    )
    def test_loss_rates_are_fractions_and_fall_with_age_order(
        self, table: list[list[int]], data: st.DataObject
    ) -> None:
        labels = ["Current", "1-30", "31-60", "Over 60"]
        snapshots = [dict(zip(labels, row, strict=True)) for row in table]
        write_offs = data.draw(
            st.lists(st.integers(0, 10**6), min_size=len(table), max_size=len(table))
        )
        matrix = loss_rates(roll_rates(snapshots, write_offs=write_offs))
        rates = [rate for _, rate in matrix.rates]
        assert all(0 <= rate <= 1 for rate in rates)
        assert len(rates) == 4

    def test_not_open_before_it_was_issued(self) -> None:
        history = ReceivableHistory("I", D(2026, 1, 1), D(2026, 1, 1), usd(1))
        assert not history.is_open_on(D(2025, 12, 31))

    def test_snapshots_match_aging_the_open_items(self) -> None:
        history = [
            ReceivableHistory(
                "I-1", D(2026, 1, 10), D(2026, 2, 9), usd("100"), closed_on=D(2026, 3, 20)
            ),
            ReceivableHistory("I-2", D(2026, 2, 1), D(2026, 3, 3), usd("40")),
            ReceivableHistory(
                "I-3",
                D(2025, 11, 1),
                D(2025, 12, 1),
                usd("75"),
                closed_on=D(2026, 2, 15),
                written_off=True,
            ),
        ]
        ends = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]
        snapshots, written = snapshot_balances(history, ends, "USD")
        for end, snapshot in zip(ends, snapshots, strict=True):
            open_items = [
                Invoice(h.document_id, "C", h.issue_date, h.amount, due_date=h.due_date)
                for h in history
                if h.is_open_on(end)
            ]
            expected = age(open_items, end).bucket_totals("USD") if open_items else None
            if expected is not None:
                assert snapshot == expected
        assert written == (usd("0.00"), usd("75.00"), usd("0.00"))


class TestHistoricalLossRate:
    def test_window(self) -> None:
        periods = [
            LossPeriod(usd(500000), usd(9000), usd(1500)),
            LossPeriod(usd(500000), usd(2500), usd(0)),
        ]
        assert historical_loss_rate(periods) == Decimal("0.01")
        eur = LossPeriod(Money("1", "EUR"), Money("0", "EUR"), Money("0", "EUR"))
        assert repr(eur.net_loss) == "Money('0', 'EUR')"
        with pytest.raises(InvalidAmountError):
            historical_loss_rate([])
