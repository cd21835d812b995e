"""The statutory late-payment regimes: each country's rule as data.

A :class:`RegimeRule` says how one statute turns an official reference rate (which the caller
supplies as dated values) into the rate of statutory interest, and what fixed compensation it
grants. :func:`~receivables.dunning.late_payment_claim` applies the rule of the :class:`Regime`
it is given; :func:`regime_rule` shows it. The rules, with their sources, are listed in
docs/dunning.md ("Statutory regimes").

Examples:
    >>> rule = regime_rule(Regime.DE_BGB_288)
    >>> rule.margin, rule.fixing.value, rule.currency
    (Decimal('0.09'), 'half_yearly', 'EUR')
    >>> from receivables import Money
    >>> rule.fixed_compensation(Money("250.00", "EUR"))
    Money('40.00', 'EUR')
"""

from __future__ import annotations

import enum
from decimal import ROUND_CEILING, Decimal
from typing import Final

import attrs

from receivables._decimal import in_context
from receivables._text import shown
from receivables._validate import reference_rate as checked_reference_rate
from receivables._validate import require_decimal_in, require_money
from receivables.convert import DictForm
from receivables.errors import CurrencyMismatchError, InvalidPolicyError, InvalidTypeError
from receivables.money import Money

__all__ = ["Fixing", "Regime", "RegimeRule", "regime_rule"]


class Regime(enum.Enum):
    """The statutory late-payment regimes :func:`~receivables.dunning.late_payment_claim`
    computes: the UK Act, the bare EU Directive and the national laws that implement it.

    Examples:
        >>> Regime.UK_LATE_PAYMENT_ACT_1998.value
        'uk_late_payment_act_1998'
        >>> Regime("fr_code_de_commerce_l441_10")
        <Regime.FR_CODE_DE_COMMERCE_L441_10: 'fr_code_de_commerce_l441_10'>
    """

    UK_LATE_PAYMENT_ACT_1998 = "uk_late_payment_act_1998"
    EU_LATE_PAYMENT_DIRECTIVE = "eu_late_payment_directive"
    DE_BGB_288 = "de_bgb_288"
    FR_CODE_DE_COMMERCE_L441_10 = "fr_code_de_commerce_l441_10"
    NL_BW_6_119A = "nl_bw_6_119a"
    AT_UGB_456 = "at_ugb_456"
    IT_DLGS_231_2002 = "it_dlgs_231_2002"
    ES_LEY_3_2004 = "es_ley_3_2004"
    IE_SI_580_2012 = "ie_si_580_2012"
    BE_WET_2_AUGUST_2002 = "be_wet_2_august_2002"
    CZ_NV_351_2013 = "cz_nv_351_2013"
    DK_RENTELOVEN_5 = "dk_renteloven_5"
    SE_RANTELAGEN_6 = "se_rantelagen_6"


class Fixing(enum.Enum):
    """Which day's reference rate a regime charges, and for how long.

    * ``HALF_YEARLY``: each half-year at the rate in force on its first day (1 January or
      1 July); a claim spanning half-years is computed period by period.
    * ``HALF_YEARLY_PRIOR_DAY``: each half-year at the rate in force on the day before it
      (31 December or 30 June): "the most recent operation before the first day of the
      half-year", "the base rate on the last day of a half-year governs the next".
    * ``FIXED_PRIOR_HALF_YEAR_END``: one rate for the whole claim, the one in force on the
      31 December or 30 June before interest starts (the UK Act).
    * ``FIXED_HALF_YEAR_START``: one rate for the whole claim, the one in force on the first day
      of the half-year in which the debt became late (Ireland).

    Examples:
        >>> Fixing("half_yearly_prior_day")
        <Fixing.HALF_YEARLY_PRIOR_DAY: 'half_yearly_prior_day'>
    """

    HALF_YEARLY = "half_yearly"
    HALF_YEARLY_PRIOR_DAY = "half_yearly_prior_day"
    FIXED_PRIOR_HALF_YEAR_END = "fixed_prior_half_year_end"
    FIXED_HALF_YEAR_START = "fixed_half_year_start"


_HALF_POINT: Final = Decimal("0.005")


@attrs.frozen
class RegimeRule(DictForm):
    """One statute's rule: currency, margin over the reference rate, which reference rate,
    rounding, compounding and fixed compensation.

    ``statutory_rate`` adds ``margin`` to a reference rate and rounds it up to a multiple of
    ``round_up_to`` when the statute says so (Belgium: "rounded up to the next half percent").
    ``compound_yearly``: interest unpaid at the end of each year of delay is added to the sum
    that bears interest (the Netherlands, art. 6:119 para. 2 BW). ``compensation`` holds the
    fixed sums as ``(limit, sum)`` pairs, the first whose limit the debt does not reach (or,
    with ``limit_inclusive``, does not exceed) applies, and a ``None`` limit catches the rest.
    ``citation`` names the provisions.

    Examples:
        >>> be = regime_rule(Regime.BE_WET_2_AUGUST_2002)
        >>> be.statutory_rate(Decimal("0.0425"))
        Decimal('0.125')
        >>> regime_rule(Regime.IE_SI_580_2012).fixed_compensation(Money("1000.00", "EUR"))
        Money('40.00', 'EUR')
    """

    regime: Regime
    currency: str
    margin: Decimal
    fixing: Fixing
    compensation: tuple[tuple[Decimal | None, Money], ...]
    citation: str
    limit_inclusive: bool = False
    round_up_to: Decimal | None = None
    compound_yearly: bool = False

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.regime, Regime):
            raise InvalidTypeError(f"regime must be a Regime, not {shown(self.regime)}")
        if not isinstance(self.fixing, Fixing):
            raise InvalidTypeError(f"fixing must be a Fixing, not {shown(self.fixing)}")
        if not isinstance(self.currency, str):
            raise InvalidTypeError(f"currency must be a str, not {shown(self.currency)}")
        require_decimal_in(self.margin, "margin", 0, 1)
        if self.round_up_to is not None:
            require_decimal_in(self.round_up_to, "round_up_to", Decimal("0.0001"), 1)
        for name in ("limit_inclusive", "compound_yearly"):
            if type(getattr(self, name)) is not bool:
                raise InvalidTypeError(f"{name} must be a bool, not {shown(getattr(self, name))}")
        bands = self.compensation
        if not isinstance(bands, tuple) or not bands:
            raise InvalidPolicyError("compensation must be a non-empty tuple of (limit, sum) pairs")
        for position, band in enumerate(bands):
            if not (isinstance(band, tuple) and len(band) == 2):
                raise InvalidPolicyError(f"compensation[{position}] must be a (limit, sum) pair")
            limit, fixed = band
            last = position == len(bands) - 1
            if (limit is None) != last:
                raise InvalidPolicyError(
                    "compensation must end with a band whose limit is None, and only that one"
                )
            if limit is not None:
                require_decimal_in(limit, f"compensation[{position}] limit", 0, 10**15)
            if not isinstance(fixed, Money) or fixed.currency.code != self.currency:
                raise InvalidPolicyError(
                    f"compensation[{position}] must be Money in {self.currency}, got {shown(fixed)}"
                )

    @in_context
    def statutory_rate(self, reference_rate: Decimal) -> Decimal:
        """The rate of statutory interest over ``reference_rate`` (both fractions).

        Examples:
            >>> regime_rule(Regime.AT_UGB_456).statutory_rate(Decimal("-0.0062"))
            Decimal('0.0858')
        """
        if not isinstance(reference_rate, Decimal) or not reference_rate.is_finite():
            raise InvalidTypeError(
                f"reference_rate must be a finite Decimal, not {shown(reference_rate)}"
            )
        rate = checked_reference_rate(reference_rate) + self.margin
        if self.round_up_to is not None:
            rate = (rate / self.round_up_to).to_integral_value(ROUND_CEILING) * self.round_up_to
        return rate

    def fixed_compensation(self, amount: Money) -> Money:
        """The fixed compensation for a late debt of ``amount`` (in the regime's currency).

        Examples:
            >>> uk = regime_rule(Regime.UK_LATE_PAYMENT_ACT_1998)
            >>> uk.fixed_compensation(Money("999.99", "GBP")), uk.fixed_compensation(
            ...     Money("10000", "GBP"))
            (Money('40.00', 'GBP'), Money('100.00', 'GBP'))
        """
        require_money(amount, "amount")
        if amount.currency.code != self.currency:
            raise CurrencyMismatchError(
                f"{self.regime.value} claims are computed in {self.currency}, "
                f"the debt is in {amount.currency}"
            )
        for limit, fixed in self.compensation:
            if (
                limit is None
                or amount.amount < limit
                or (self.limit_inclusive and amount.amount == limit)
            ):
                return fixed
        raise AssertionError("unreachable: the last band has no limit")  # pragma: no cover


def _flat(amount: str, currency: str) -> tuple[tuple[Decimal | None, Money], ...]:
    return ((None, Money(amount, currency)),)


def _bands(currency: str) -> tuple[tuple[Decimal | None, Money], ...]:
    return (
        (Decimal(1000), Money("40.00", currency)),
        (Decimal(10000), Money("70.00", currency)),
        (None, Money("100.00", currency)),
    )


_EIGHT: Final = Decimal("0.08")
_EUR40: Final = _flat("40.00", "EUR")

_RULES: Final[dict[Regime, RegimeRule]] = {
    rule.regime: rule
    for rule in (
        RegimeRule(
            Regime.UK_LATE_PAYMENT_ACT_1998,
            "GBP",
            _EIGHT,
            Fixing.FIXED_PRIOR_HALF_YEAR_END,
            _bands("GBP"),
            "Late Payment of Commercial Debts (Interest) Act 1998, s.4 and s.5A; Late Payment of "
            "Commercial Debts (Rate of Interest) (No. 3) Order 2002",
        ),
        RegimeRule(
            Regime.EU_LATE_PAYMENT_DIRECTIVE,
            "EUR",
            _EIGHT,
            Fixing.HALF_YEARLY,
            _EUR40,
            "Directive 2011/7/EU, Art. 2(6), 3 and 6",
        ),
        RegimeRule(
            Regime.DE_BGB_288,
            "EUR",
            Decimal("0.09"),
            Fixing.HALF_YEARLY,
            _EUR40,
            "BGB section 288(2) and (5), section 247 (Basiszinssatz, changing on 1 January and "
            "1 July)",
        ),
        RegimeRule(
            Regime.FR_CODE_DE_COMMERCE_L441_10,
            "EUR",
            Decimal("0.10"),
            Fixing.HALF_YEARLY,
            _EUR40,
            "Code de commerce, art. L441-10 II and D441-5 (indemnite forfaitaire)",
        ),
        RegimeRule(
            Regime.NL_BW_6_119A,
            "EUR",
            _EIGHT,
            Fixing.HALF_YEARLY_PRIOR_DAY,
            _EUR40,
            "Burgerlijk Wetboek, art. 6:119a (wettelijke handelsrente), 6:119 para. 2 (yearly "
            "compounding) and 6:96 para. 4",
            compound_yearly=True,
        ),
        RegimeRule(
            Regime.AT_UGB_456,
            "EUR",
            Decimal("0.092"),
            Fixing.HALF_YEARLY_PRIOR_DAY,
            _EUR40,
            "UGB section 456 and section 458",
        ),
        RegimeRule(
            Regime.IT_DLGS_231_2002,
            "EUR",
            _EIGHT,
            Fixing.HALF_YEARLY,
            _EUR40,
            "Decreto legislativo 9 ottobre 2002 n. 231, art. 2, 5 and 6",
        ),
        RegimeRule(
            Regime.ES_LEY_3_2004,
            "EUR",
            _EIGHT,
            Fixing.HALF_YEARLY_PRIOR_DAY,
            _EUR40,
            "Ley 3/2004, de 29 de diciembre, art. 7 and 8",
        ),
        RegimeRule(
            Regime.IE_SI_580_2012,
            "EUR",
            _EIGHT,
            Fixing.FIXED_HALF_YEAR_START,
            _bands("EUR"),
            "European Communities (Late Payment in Commercial Transactions) Regulations 2012 "
            "(S.I. No. 580 of 2012), reg. 5 and 6",
            limit_inclusive=True,
        ),
        RegimeRule(
            Regime.BE_WET_2_AUGUST_2002,
            "EUR",
            _EIGHT,
            Fixing.HALF_YEARLY_PRIOR_DAY,
            _EUR40,
            "Wet van 2 augustus 2002 / Loi du 2 aout 2002, art. 5 and 6",
            round_up_to=_HALF_POINT,
        ),
        RegimeRule(
            Regime.CZ_NV_351_2013,
            "CZK",
            _EIGHT,
            Fixing.FIXED_HALF_YEAR_START,
            _flat("1200.00", "CZK"),
            "Narizeni vlady c. 351/2013 Sb., section 2 (the CNB repo rate for the first day of the "
            "half-year the delay began in, for the whole delay) and section 3 (CZK 1,200)",
        ),
        RegimeRule(
            Regime.DK_RENTELOVEN_5,
            "DKK",
            _EIGHT,
            Fixing.HALF_YEARLY,
            _flat("310.00", "DKK"),
            "Renteloven section 5 (Nationalbanken's official lending rate on 1 January and 1 July) "
            "and section 9 a (kompensationsbeloeb DKK 310)",
        ),
        RegimeRule(
            Regime.SE_RANTELAGEN_6,
            "SEK",
            _EIGHT,
            Fixing.HALF_YEARLY,
            _flat("450.00", "SEK"),
            "Raentelagen (1975:635) sections 6 and 9 (the Riksbank's referensraenta for each "
            "half-year); lag (1981:739) section 4 a (foerseningsersaettning SEK 450)",
        ),
    )
}


def regime_rule(regime: Regime) -> RegimeRule:
    """The rule :func:`~receivables.dunning.late_payment_claim` applies for ``regime``.

    Examples:
        >>> regime_rule(Regime.NL_BW_6_119A).compound_yearly
        True
    """
    if not isinstance(regime, Regime):
        raise InvalidTypeError(f"regime must be a Regime, not {shown(regime)}")
    return _RULES[regime]
