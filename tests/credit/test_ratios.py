"""Financial ratios and Altman's Z-scores, against published coefficients and examples."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import CurrencyMismatchError, InvalidAmountError, Money, ValidationError
from receivables._decimal import CONTEXT
from receivables.credit import (
    FinancialStatements,
    altman_z,
    altman_z_double_prime,
    altman_z_prime,
)


def usd(amount: str | int) -> Money:
    return Money(amount, "USD")


def statements(**figures: str) -> FinancialStatements:
    return FinancialStatements(**{name: usd(value) for name, value in figures.items()})


WIZEDU = statements(
    current_assets="500",
    current_liabilities="160",
    total_assets="1000",
    retained_earnings="150",
    ebit="0",
    market_value_of_equity="400",
    total_liabilities="500",
    sales="1600",
    book_equity="500",
)


@pytest.mark.reference
def test_wizedu_worked_example() -> None:
    """WizEdu, "Calculate the Z-score of the firm": X1 0.34, X2 0.15, X3 0.00, X4 0.80, X5 1.6
    give Z = 2.70 (Altman 1968 coefficients 1.2, 1.4, 3.3, 0.6, 1.0)."""
    z = altman_z(WIZEDU)
    assert [ratio for _, ratio, _ in z.components] == [
        Decimal("0.34"),
        Decimal("0.15"),
        Decimal("0"),
        Decimal("0.8"),
        Decimal("1.6"),
    ]
    assert z.value.quantize(Decimal("0.01"), context=CONTEXT) == Decimal("2.70")
    assert z.zone == "grey"


@pytest.mark.reference
def test_coefficients_and_cutoffs_as_published() -> None:
    """Altman (1968) Z: 1.2, 1.4, 3.3, 0.6, 1.0, zones 1.81 / 2.99; Z' (1983, private firms):
    0.717, 0.847, 3.107, 0.420, 0.998, zones 1.23 / 2.9; Z'' (1995, non-manufacturers and
    emerging markets): 6.56, 3.26, 6.72, 1.05, zones 1.1 / 2.6."""
    assert [c for _, _, c in altman_z(WIZEDU).components] == [
        Decimal(x) for x in ("1.2", "1.4", "3.3", "0.6", "1.0")
    ]
    assert altman_z(WIZEDU).cutoffs == (Decimal("1.81"), Decimal("2.99"))
    assert [c for _, _, c in altman_z_prime(WIZEDU).components] == [
        Decimal(x) for x in ("0.717", "0.847", "3.107", "0.420", "0.998")
    ]
    assert altman_z_prime(WIZEDU).cutoffs == (Decimal("1.23"), Decimal("2.9"))
    assert [c for _, _, c in altman_z_double_prime(WIZEDU).components] == [
        Decimal(x) for x in ("6.56", "3.26", "6.72", "1.05")
    ]
    assert altman_z_double_prime(WIZEDU).cutoffs == (Decimal("1.1"), Decimal("2.6"))


@pytest.mark.parametrize(
    ("sales", "zone"), [("100", "distress"), ("1230", "grey"), ("2000", "safe")]
)
def test_zones(sales: str, zone: str) -> None:
    fs = statements(
        current_assets="500",
        current_liabilities="160",
        total_assets="1000",
        retained_earnings="150",
        ebit="0",
        market_value_of_equity="400",
        total_liabilities="500",
        sales=sales,
    )
    assert altman_z(fs).zone == zone


def test_missing_inputs_are_errors_not_zeros() -> None:
    fs = statements(current_assets="500", current_liabilities="160", total_assets="1000")
    with pytest.raises(InvalidAmountError, match="retained_earnings"):
        altman_z(fs)
    with pytest.raises(InvalidAmountError, match="market_value_of_equity"):
        altman_z(
            statements(
                current_assets="1",
                current_liabilities="1",
                total_assets="1",
                retained_earnings="1",
                ebit="1",
                total_liabilities="1",
                sales="1",
            )
        )


def test_need_names_the_missing_figure_and_its_purpose() -> None:
    with pytest.raises(
        InvalidAmountError, match="net margin needs sales, which the statements do not give"
    ):
        FinancialStatements().need("sales", "net margin")


@pytest.mark.parametrize("name", ["C-1", "need", "currency", "_ratio", "__class__"])
def test_need_refuses_a_name_that_is_not_a_figure(name: str) -> None:
    """Regression: an unknown name escaped as AttributeError, and a method's name (``need``,
    ``currency``) was returned as if it were a figure."""
    with pytest.raises(
        ValidationError, match=rf"'net margin' needs '{name}', which is not a figure"
    ):
        FinancialStatements(sales=Money("1", "EUR")).need(name, "net margin")


def test_ratios() -> None:
    fs = statements(
        current_assets="600",
        current_liabilities="300",
        inventory="150",
        total_liabilities="800",
        book_equity="400",
        intangible_assets="100",
        net_income="50",
        sales="1000",
        ebit="90",
        interest_expense="30",
    )
    assert fs.current_ratio() == 2
    assert fs.quick_ratio() == Decimal("1.5")
    assert fs.debt_to_equity() == 2
    assert fs.working_capital() == usd("300")
    assert fs.tangible_net_worth() == usd("300")
    assert fs.net_margin() == Decimal("0.05")
    assert fs.interest_coverage() == 3


def test_validation() -> None:
    with pytest.raises(CurrencyMismatchError):
        FinancialStatements(current_assets=usd("1"), current_liabilities=Money("1", "EUR"))
    with pytest.raises(InvalidAmountError, match="negative"):
        FinancialStatements(total_assets=usd("-1"))
    with pytest.raises(InvalidAmountError, match="zero"):
        statements(current_assets="1", current_liabilities="0").current_ratio()
    # Retained earnings and EBIT may be negative: losses are real.
    FinancialStatements(retained_earnings=usd("-5"), ebit=usd("-1"))


@given(st.integers(1, 10**6), st.integers(0, 10**6), st.integers(-(10**6), 10**6))
def test_z_is_the_sum_of_its_components(total: int, sales: int, earnings: int) -> None:
    fs = statements(
        current_assets=str(total),
        current_liabilities="0",
        total_assets=str(total),
        retained_earnings=str(earnings),
        ebit=str(earnings),
        market_value_of_equity="5",
        total_liabilities="10",
        sales=str(sales),
        book_equity="7",
    )
    for model in (altman_z, altman_z_prime, altman_z_double_prime):
        z = model(fs)
        assert abs(z.value - sum(r * c for _, r, c in z.components)) <= abs(z.value) * Decimal(
            "1e-25"
        ) + Decimal("1e-25")
        lower, upper = z.cutoffs
        expected = "safe" if z.value > upper else "distress" if z.value < lower else "grey"
        assert z.zone == expected
