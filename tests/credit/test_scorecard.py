"""Scorecards: PDO scaling against the published convention, contributions, reason codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidAmountError, InvalidPolicyError, Invoice, Money, ValidationError
from receivables._decimal import CONTEXT
from receivables.credit import Characteristic, PdoScaling, RiskClass, Scorecard, payment_index


class TestPdoScaling:
    @pytest.mark.reference
    def test_siddiqi_reference_scaling(self) -> None:
        """Siddiqi, Credit Risk Scorecards (2006), ch. 6 (and optbinning's pdo_odds defaults):
        600 points at 50:1 odds with 20 points to double the odds gives factor 20 / ln 2 =
        28.8539 and offset 600 - 28.8539 x ln 50 = 487.1229."""
        scaling = PdoScaling(600, 50, 20)
        four_places = Decimal("0.0001")
        assert scaling.factor.quantize(four_places, context=CONTEXT) == Decimal("28.8539")
        assert scaling.offset.quantize(four_places, context=CONTEXT) == Decimal("487.1229")

    @given(st.decimals("0.01", "10000", places=2))
    def test_doubling_the_odds_adds_pdo_points(self, odds: Decimal) -> None:
        scaling = PdoScaling(600, 50, 20)
        gap = scaling.points_for_odds(odds * 2) - scaling.points_for_odds(odds)
        assert abs(gap - 20) < Decimal("1e-25")

    @given(st.decimals("0.01", "10000", places=2), st.decimals("0.01", "10000", places=2))
    def test_higher_odds_never_give_fewer_points(self, a: Decimal, b: Decimal) -> None:
        scaling = PdoScaling(600, 50, 20)
        low, high = min(a, b), max(a, b)
        assert scaling.points_for_odds(low) <= scaling.points_for_odds(high)

    @given(st.decimals(300, 900, places=3))
    def test_points_and_odds_invert(self, points: Decimal) -> None:
        scaling = PdoScaling(600, 50, 20)
        back = scaling.points_for_odds(scaling.odds_for_points(points))
        assert abs(back - points) < Decimal("1e-20")

    def test_validation(self) -> None:
        with pytest.raises(InvalidPolicyError):
            PdoScaling(600, 0, 20)
        with pytest.raises(InvalidAmountError):
            PdoScaling(600, 50, 20).points_for_odds(0)


CARD = Scorecard(
    [
        Characteristic("paydex", edges=[50, 70, 80], points=[0, 30, 60, 80], missing_points=20),
        Characteristic("years_in_business", edges=[2, 5, 10], points=[5, 20, 35, 50]),
        Characteristic(
            "industry",
            categories={"retail": 30, "construction": 5, "healthcare": 40},
            other_points=20,
            missing_points=10,
        ),
    ],
    base_points=400,
    scaling=PdoScaling(600, 50, 20),
    risk_classes=[RiskClass("A", 600), RiskClass("B", 540), RiskClass("C", 480)],
    floor_class="D",
    reason_count=2,
)


class TestScorecard:
    def test_contributions_and_class(self) -> None:
        result = CARD.score({"paydex": 75, "years_in_business": 12, "industry": "construction"})
        assert [(c.characteristic, c.bin, c.points) for c in result.contributions] == [
            ("paydex", "[70, 80)", Decimal(60)),
            ("years_in_business", "[10, inf)", Decimal(50)),
            ("industry", "construction", Decimal(5)),
        ]
        assert result.total == 515
        assert result.risk_class == "C"
        assert [r.figure("characteristic") for r in result.reasons] == ["industry", "paydex"]
        assert result.odds is not None
        assert result.probability_of_default is not None
        assert abs(result.probability_of_default - 1 / (1 + result.odds)) < Decimal("1e-25")

    def test_missing_and_other(self) -> None:
        result = CARD.score({"industry": "mining"})
        points = {c.characteristic: (c.bin, c.points) for c in result.contributions}
        assert points["paydex"] == ("missing", Decimal(20))
        assert points["years_in_business"] == ("missing", Decimal(0))
        assert points["industry"] == ("other", Decimal(20))
        assert result.risk_class == "D"

    def test_unknown_names_and_categories(self) -> None:
        with pytest.raises(ValidationError, match="no characteristic 'paydx'"):
            CARD.score({"paydx": 80})
        card = Scorecard([Characteristic("x", edges=[1], points=[0, 10])])
        with pytest.raises(
            ValidationError, match=r"the scorecard has no characteristic 'y' \(it has: x\)"
        ):
            card.score({"y": 1})
        strict = Characteristic("industry", categories={"retail": 1})
        with pytest.raises(ValidationError, match="mining"):
            strict.bin_for("mining")

    def test_an_int_too_long_to_write_out_is_an_unlisted_category(self) -> None:
        """Regression: ``bin_for(10**5000)`` raised ValueError from ``str()`` past 4,300 digits."""
        strict = Characteristic("industry", categories={"retail": 1, "7": 3})
        with pytest.raises(ValidationError, match=r"category <int of 16610 bits> is not one of"):
            strict.bin_for(10**5000)
        lenient = Characteristic("industry", categories={"7": 3}, other_points=2)
        assert lenient.bin_for(10**5000) == ("other", Decimal(2))
        assert lenient.bin_for(7) == ("7", Decimal(3))

    def test_invalid_characteristics(self) -> None:
        with pytest.raises(InvalidPolicyError):
            Characteristic("x", edges=[1, 2], points=[1, 2])
        with pytest.raises(InvalidPolicyError):
            Characteristic("x", edges=[2, 1], points=[1, 2, 3])
        with pytest.raises(InvalidPolicyError):
            Characteristic("x")

    def test_dict_round_trip(self) -> None:
        assert Scorecard.from_dict(CARD.to_dict()) == CARD

    @given(
        st.one_of(st.none(), st.integers(0, 100)),
        st.one_of(st.none(), st.decimals(0, 40, places=1)),
        st.one_of(st.none(), st.sampled_from(["retail", "construction", "healthcare", "x"])),
    )
    def test_score_is_the_sum_of_contributions(self, paydex, years, industry) -> None:  # type: ignore[no-untyped-def]
        result = CARD.score({"paydex": paydex, "years_in_business": years, "industry": industry})
        assert result.total == CARD.base_points + sum(c.points for c in result.contributions)
        assert all(c.points <= c.max_points for c in result.contributions)
        assert len(result.reasons) <= CARD.reason_count


class TestPaymentIndex:
    @staticmethod
    def paid(amount: str, days_late: int) -> Invoice:
        due = dt.date(2026, 4, 30)
        return Invoice(
            f"I-{amount}-{days_late}",
            "C",
            dt.date(2026, 2, 1),
            Money(amount, "USD"),
            due_date=due,
            open_amount=Money("0", "USD"),
            paid_on=due + dt.timedelta(days=days_late),
        )

    @pytest.mark.parametrize(
        ("days", "index"),
        [
            (-30, 100),
            (-10, 90),
            (0, 80),
            (15, 70),
            (22, 60),
            (30, 50),
            (45, 45),
            (120, 20),
            (400, 1),
        ],
    )
    def test_key_points(self, days: int, index: int) -> None:
        assert payment_index([self.paid("100", days)]) == index

    @given(st.integers(-60, 400), st.integers(-60, 400))
    def test_paying_later_never_raises_the_index(self, a: int, b: int) -> None:
        early, late = min(a, b), max(a, b)
        assert payment_index([self.paid("10", early)]) >= payment_index([self.paid("10", late)])

    def test_needs_paid_invoices(self) -> None:
        with pytest.raises(InvalidAmountError):
            payment_index([])


class TestHostileInput:
    def test_from_dict_of_a_list_names_the_type(self) -> None:
        from receivables import InvalidPolicyError

        with pytest.raises(InvalidPolicyError, match=r"expected a mapping .* got list"):
            Scorecard.from_dict([])  # type: ignore[arg-type]

    def test_odds_for_points_refuses_scores_that_would_overflow(self) -> None:
        from receivables.errors import InvalidAmountError

        with pytest.raises(InvalidAmountError, match="points must be within"):
            PdoScaling(600, 50, 20).odds_for_points(10**9)
        assert PdoScaling(600, 50, 20).odds_for_points(10**6) > 0

    @pytest.mark.parametrize("pdo", ["1E-40", "0.5", "1E+999999"])
    def test_pdo_out_of_range(self, pdo: str) -> None:
        from receivables import InvalidPolicyError

        with pytest.raises(InvalidPolicyError, match="pdo"):
            PdoScaling(600, 50, pdo)
