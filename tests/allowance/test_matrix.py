"""Provision matrix (``receivables.allowance.matrix``): IFRS 9 Illustrative Example 12, missing
and out-of-range rates, overlays, aging reports as input, and the allowance never exceeding the
balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _allowance_helpers import IFRS_LABELS, usd
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidPolicyError, Invoice, Money, ValidationError
from receivables.aging import age
from receivables.allowance import Overlay, OverlayKind, ProvisionMatrix, provision
from receivables.testing import money

D = dt.date


@pytest.mark.reference
class TestReferenceExamples:
    def test_ifrs_9_illustrative_example_12(self) -> None:
        """IFRS 9 Illustrative Examples, Example 12 (IE74-IE77), Company M: a provision matrix of
        0.3%, 1.6%, 3.6%, 6.6% and 10.6% on trade receivables of 15.0, 7.5, 4.0, 2.5 and 1.0
        million gives lifetime expected credit losses of 45,000, 120,000, 144,000, 165,000 and
        106,000: 580,000 in all."""
        matrix = ProvisionMatrix(
            dict(zip(IFRS_LABELS, ["0.003", "0.016", "0.036", "0.066", "0.106"], strict=True))
        )
        balances = dict(
            zip(
                IFRS_LABELS,
                [usd("15000000"), usd("7500000"), usd("4000000"), usd("2500000"), usd("1000000")],
                strict=True,
            )
        )
        result = provision(balances, matrix)
        assert [line.allowance for line in result.lines] == [
            usd("45000"),
            usd("120000"),
            usd("144000"),
            usd("165000"),
            usd("106000"),
        ]
        assert result.total == usd("580000")
        assert result.balance == usd("30000000")


class TestMatrixAndOverlay:
    def test_missing_rate_is_an_error(self) -> None:
        with pytest.raises(ValidationError, match="no rate for bucket 'Over 90'"):
            provision({"Over 90": usd(1)}, ProvisionMatrix({"Current": "0.01"}))
        matrix = ProvisionMatrix({"Current": "0.003", "1-30": "0.016", "Over 30": "0.05"})
        with pytest.raises(
            ValidationError,
            match=r"no rate for bucket '91-120' \(it has: Current, 1-30, Over 30\)",
        ):
            matrix.rate("91-120")

    def test_rates_are_fractions(self) -> None:
        with pytest.raises(InvalidPolicyError):
            ProvisionMatrix({"Current": "1.5"})

    def test_overlay_shows_apart(self) -> None:
        matrix = ProvisionMatrix({"Current": "0.02", "Past due": "0.10"})
        overlay = Overlay(OverlayKind.ADD, "sector downturn", by_bucket={"Past due": "0.05"})
        result = provision({"Current": usd(1000), "Past due": usd(1000)}, matrix, overlay=overlay)
        assert [line.adjusted_rate for line in result.lines] == [Decimal("0.02"), Decimal("0.15")]
        assert result.overlay_total == usd("50.00")
        assert result.reasons[-1].code == "allowance.overlay"
        with pytest.raises(InvalidPolicyError):
            Overlay(OverlayKind.ADD, " ", overall="0.1")

    def test_overlay_factor_only_where_given(self) -> None:
        overlay = Overlay(OverlayKind.ADD, "why", by_bucket={"1-30": "0.01"})
        assert overlay.factor_for("Current") is None

    def test_overlay_rate_is_capped_at_one(self) -> None:
        overlay = Overlay(OverlayKind.ADD, "why", overall="0.995")
        assert overlay.adjust("Current", Decimal("0.02")) == Decimal("1")

    def test_from_an_aging_report(self) -> None:
        items = [Invoice("I-1", "C-1", D(2026, 1, 1), usd("1000"), due_date=D(2026, 5, 1))]
        report = age(items, D(2026, 6, 30))
        matrix = ProvisionMatrix(dict.fromkeys(report.labels, "0.1"))
        assert provision(report, matrix).total == usd("100.00")

    @given(
        st.lists(money("USD", min_value=-1000, max_value=10**7), min_size=1, max_size=6),
        st.lists(st.decimals(0, 1, places=4), min_size=6, max_size=6),
        st.decimals(-2, 3, places=3),
        st.sampled_from(list(OverlayKind)),
    )
    def test_allowance_never_exceeds_the_balance(
        self, balances: list[Money], rates: list[Decimal], factor: Decimal, kind: OverlayKind
    ) -> None:
        labels = [f"B{n}" for n in range(len(balances))]
        matrix = ProvisionMatrix(dict(zip(labels, rates, strict=False)))
        overlay = Overlay(kind, "stress", overall=factor)
        result = provision(dict(zip(labels, balances, strict=True)), matrix, overlay=overlay)
        for line in result.lines:
            assert Money.zero("USD") <= line.allowance <= max(line.balance, Money.zero("USD"))
            assert 0 <= line.adjusted_rate <= 1


def test_a_lone_string_is_not_pairs() -> None:
    from receivables import InvalidPolicyError

    with pytest.raises(InvalidPolicyError, match="rates must be a list or tuple"):
        ProvisionMatrix("ab")  # type: ignore[arg-type]
    with pytest.raises(InvalidPolicyError, match="at least 1E-12"):
        ProvisionMatrix({"Current": "1E-40"})
