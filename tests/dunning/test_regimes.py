"""The national late-payment regimes against published figures, their rules, and contractual
interest from the rate agreed with a customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    CurrencyMismatchError,
    Customer,
    InvalidTypeError,
    Invoice,
    MissingRateError,
    Money,
)
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    Fixing,
    ReferenceRate,
    Regime,
    customer_interest,
    late_payment_claim,
    regime_rule,
    run_dunning,
    statutory_claims,
)
from receivables.errors import InvalidDateError, InvalidDocumentError, InvalidRateError
from receivables.testing import money

D = dt.date
EUR = "EUR"

# The ECB's main refinancing operations rate from November 2013, each with the day it took
# effect (the ECB's table of key interest rates).
ECB_2014_2024 = tuple(
    ReferenceRate(dt.date.fromisoformat(day), rate)
    for day, rate in (
        ("2013-11-13", "0.0025"),
        ("2014-06-11", "0.0015"),
        ("2014-09-10", "0.0005"),
        ("2016-03-16", "0.00"),
        ("2022-07-27", "0.0050"),
        ("2022-09-14", "0.0125"),
        ("2022-11-02", "0.0200"),
        ("2022-12-21", "0.0250"),
        ("2023-02-08", "0.0300"),
        ("2023-03-22", "0.0350"),
        ("2023-05-10", "0.0375"),
        ("2023-06-21", "0.0400"),
        ("2023-08-02", "0.0425"),
        ("2023-09-20", "0.0450"),
        ("2024-06-12", "0.0425"),
        ("2024-09-18", "0.0365"),
        ("2024-10-23", "0.0340"),
        ("2024-12-18", "0.0315"),
        ("2025-02-05", "0.0290"),
        ("2025-03-12", "0.0265"),
        ("2025-04-23", "0.0240"),
        ("2025-06-11", "0.0215"),
    )
)


def _rate_for(regime: Regime, due: dt.date, rates: tuple[ReferenceRate, ...]) -> Decimal:
    """The statutory rate of a claim's first period, for a debt late from the day after ``due``."""
    return late_payment_claim(
        Money("1000.00", EUR),
        due,
        due + dt.timedelta(days=10),
        regime=regime,
        reference_rates=rates,
    ).rate


class TestGermany:
    @pytest.mark.reference
    def test_basiszinssatz_plus_nine_points_and_the_40_euro_pauschale(self) -> None:
        """rechtsanwalt-kerner.de, "Neuer Verzugszinssatz bei Zahlungsverzug unter Unternehmern"
        (October 2014): since 29 July 2014 nine points over the Basiszinssatz between businesses;
        with the Basiszinssatz at -0.73% that is 8.27%. bauprofessor.de, "Verzugszinsen": the
        Basiszinssatz was -0.83% from 1 January 2015 to 30 June 2016 and -0.88% from 1 July
        2016; a creditor who is not a consumer has a EUR 40 Verzugspauschale (BGB section
        288(5)). Interest on the Tageszinsformel, capital x days x rate / 365 (anleiter.de)."""
        basis = (
            ReferenceRate(D(2014, 7, 1), "-0.0073"),
            ReferenceRate(D(2015, 1, 1), "-0.0083"),
            ReferenceRate(D(2016, 7, 1), "-0.0088"),
        )
        assert _rate_for(Regime.DE_BGB_288, D(2014, 10, 14), basis) == Decimal("0.0827")
        claim = late_payment_claim(
            Money("10000.00", EUR),
            D(2016, 5, 31),
            D(2016, 8, 31),
            regime=Regime.DE_BGB_288,
            reference_rates=basis,
        )
        assert [(p.days, p.rate) for p in claim.periods] == [
            (30, Decimal("0.0817")),
            (62, Decimal("0.0812")),
        ]
        # 10,000 x 8.17% x 30/365 = 67.15; 10,000 x 8.12% x 62/365 = 137.93
        assert [p.interest for p in claim.periods] == [
            Money("67.15", EUR),
            Money("137.93", EUR),
        ]
        assert claim.fixed_compensation == Money("40.00", EUR)
        assert claim.total == Money("245.08", EUR)


class TestFrance:
    @pytest.mark.reference
    def test_ecb_rate_plus_ten_points(self) -> None:
        """lexing.law, "Pénalités de retard" (25 March 2014): the ECB refinancing rate, 0.25%
        since 13 November 2013, plus 10 points gives 10.25% from 1 January to 30 June 2014 (the
        rate in force on 1 January governs the first half-year); three months late on a EUR
        10,000 invoice cost EUR 256 at that rate. bpifrance-creation.fr, "Taux des pénalités de
        retard": ECB 4.25% for the second half of 2024, 14.25% in all; interest = unpaid amount
        x rate x days late / 365; EUR 40 indemnité forfaitaire per invoice (D441-5)."""
        claim = late_payment_claim(
            Money("10000.00", EUR),
            D(2013, 12, 31),
            D(2014, 4, 1),  # 91 days: a quarter of a year
            regime=Regime.FR_CODE_DE_COMMERCE_L441_10,
            reference_rates=ECB_2014_2024,
        )
        assert claim.rate == Decimal("0.1025")
        assert claim.interest == Money("255.55", EUR)
        assert round(claim.interest.amount) == 256  # "256 EUR", to whole euros
        assert claim.fixed_compensation == Money("40.00", EUR)
        assert _rate_for(
            Regime.FR_CODE_DE_COMMERCE_L441_10, D(2024, 8, 1), ECB_2014_2024
        ) == Decimal("0.1425")


class TestNetherlands:
    @pytest.mark.reference
    def test_wettelijke_handelsrente(self) -> None:
        """flib.nl, "Wettelijke (handels)rente naar hoogste niveau" (16 January 2023): the
        wettelijke handelsrente rose from 8% to 10.5% on 1 January 2023; mijn.metaalunie.nl:
        12.25% from 1 July 2024. administratienetschoonmaak.nl: the rate of the most recent
        main refinancing operation before 1 January or 1 July, plus the margin (8 points since
        2013). wrente.nl, "Uitleg": unless agreed otherwise the interest is compound, added to
        the principal after each year."""
        assert _rate_for(Regime.NL_BW_6_119A, D(2022, 12, 31), ECB_2014_2024) == Decimal("0.1050")
        assert _rate_for(Regime.NL_BW_6_119A, D(2024, 6, 30), ECB_2014_2024) == Decimal("0.1225")
        assert _rate_for(Regime.NL_BW_6_119A, D(2022, 6, 30), ECB_2014_2024) == Decimal("0.0800")

    def test_interest_of_a_year_bears_interest_the_next(self) -> None:
        flat = (ReferenceRate(D(2016, 3, 16), "0.00"),)
        claim = late_payment_claim(
            Money("10000.00", EUR),
            D(2019, 12, 31),
            D(2021, 12, 31),
            regime=Regime.NL_BW_6_119A,
            reference_rates=flat,
        )
        # 2020: 366 days at 8% on 10,000 (=802.19, over 365); 2021 on 10,802.19.
        first_year = [p for p in claim.periods if p.last_day <= D(2020, 12, 31)]
        second_year = [p for p in claim.periods if p.first_day >= D(2021, 1, 1)]
        assert sum(p.days for p in first_year) == 366
        assert Money.total((p.interest for p in first_year), EUR) == Money("802.19", EUR)
        assert {p.principal for p in second_year} == {Money("10802.19", EUR)}
        assert Money.total((p.interest for p in second_year), EUR) == Money("864.18", EUR)
        simple = late_payment_claim(
            Money("10000.00", EUR),
            D(2019, 12, 31),
            D(2021, 12, 31),
            regime=Regime.IT_DLGS_231_2002,
            reference_rates=flat,
        )
        assert claim.interest - simple.interest == Money("64.18", EUR)


class TestAustria:
    @pytest.mark.reference
    def test_basiszinssatz_plus_9_2_points_from_the_last_day_of_the_half_year(self) -> None:
        """LexisNexis Österreich, ZAK 2022/1, "Verzugszinssatz zwischen Unternehmern": 8.58% from
        1 January to 30 June 2022 under UGB section 456 (base rate -0.62% plus 9.2 points).
        junia.at, Klienten-Info "Stundungszinsen": the base rate in force on the last day of a
        half-year governs the next half-year."""
        base = (ReferenceRate(D(2016, 3, 16), "-0.0062"),)
        assert _rate_for(Regime.AT_UGB_456, D(2022, 1, 31), base) == Decimal("0.0858")
        # A base rate changed on 1 January (an illustrative change) governs only from the next
        # half-year on.
        moved = (*base, ReferenceRate(D(2023, 1, 1), "0.0188"))
        claim = late_payment_claim(
            Money("1000.00", EUR),
            D(2023, 5, 31),
            D(2023, 7, 10),
            regime=Regime.AT_UGB_456,
            reference_rates=moved,
        )
        assert [(p.reference_day, p.rate) for p in claim.periods] == [
            (D(2022, 12, 31), Decimal("0.0858")),
            (D(2023, 6, 30), Decimal("0.1108")),
        ]
        assert claim.fixed_compensation == Money("40.00", EUR)


class TestItaly:
    @pytest.mark.reference
    def test_reference_rate_plus_eight_points(self) -> None:
        """studiozanotelli.it (July 2018): the Ministry of Economy and Finance set the reference
        rate at 0.00% for the second half of 2018, to which D.Lgs. 231/2002 adds 8 points: 8.00%.
        notiziedellascuola.it, D.Lgs. 231/2002 art. 5(2): the rate in force on 1 January governs
        the first half-year, the one on 1 July the second."""
        assert _rate_for(Regime.IT_DLGS_231_2002, D(2018, 7, 31), ECB_2014_2024) == Decimal(
            "0.0800"
        )


class TestSpain:
    @pytest.mark.reference
    def test_most_recent_operation_before_the_half_year_plus_eight_points(self) -> None:
        """tax.es (24 November 2021): the tipo legal de interés de demora of Ley 3/2004 for the
        second half of 2021 is 8.00%; solarodriguez.com: 8% for the first half of 2017, the ECB
        rate of its most recent main refinancing operation before the first day of the
        half-year plus eight points (art. 7)."""
        assert _rate_for(Regime.ES_LEY_3_2004, D(2021, 8, 1), ECB_2014_2024) == Decimal("0.0800")
        assert _rate_for(Regime.ES_LEY_3_2004, D(2017, 2, 1), ECB_2014_2024) == Decimal("0.0800")
        assert regime_rule(Regime.ES_LEY_3_2004).fixing is Fixing.HALF_YEARLY_PRIOR_DAY


class TestIreland:
    @pytest.mark.reference
    def test_one_rate_for_the_whole_delay_and_banded_compensation(self) -> None:
        """gov.ie, "Rights and obligations arising under contract law, including late payment
        interest": from 1 January 2022 the rate is 8.00% (ECB 0.00% plus 8); only one ECB rate
        applies to a late payment, the one in force on the payment date; interest = debt x days
        late x the daily rate. irelandtogether.ie: compensation EUR 40 for a debt not exceeding
        EUR 1,000, EUR 70 up to EUR 10,000, EUR 100 above."""
        claim = late_payment_claim(
            Money("5000.00", EUR),
            D(2022, 5, 31),
            D(2022, 9, 28),  # 120 days, across the ECB's rise of 27 July 2022
            regime=Regime.IE_SI_580_2012,
            reference_rates=ECB_2014_2024,
        )
        assert [(p.days, p.rate) for p in claim.periods] == [(120, Decimal("0.0800"))]
        assert claim.interest == Money("131.51", EUR)  # 5,000 x 8% x 120/365
        assert claim.fixed_compensation == Money("70.00", EUR)
        rule = regime_rule(Regime.IE_SI_580_2012)
        assert rule.fixed_compensation(Money("1000.00", EUR)) == Money("40.00", EUR)
        assert rule.fixed_compensation(Money("1000.01", EUR)) == Money("70.00", EUR)
        assert rule.fixed_compensation(Money("10000.00", EUR)) == Money("70.00", EUR)
        assert rule.fixed_compensation(Money("10000.01", EUR)) == Money("100.00", EUR)


class TestBelgium:
    @pytest.mark.reference
    def test_rounded_up_to_the_next_half_percent(self) -> None:
        """mondaq.com, "Increases in the legal interest rate and the interest rate for late
        payment in commercial transactions" (2023): the reference rate plus 8 points, rounded up
        to the next half percentage point, 10.5% for the first half of 2023. lexgo.be (September
        2014): 8.5% for the second half of 2014 (contracts from 16 March 2013)."""
        assert _rate_for(Regime.BE_WET_2_AUGUST_2002, D(2023, 1, 31), ECB_2014_2024) == Decimal(
            "0.105"
        )
        assert _rate_for(Regime.BE_WET_2_AUGUST_2002, D(2014, 8, 31), ECB_2014_2024) == Decimal(
            "0.085"
        )

    @given(st.decimals("-0.05", "0.2", places=4))
    def test_a_multiple_of_half_a_percent_within_half_a_point(self, reference: Decimal) -> None:
        rate = regime_rule(Regime.BE_WET_2_AUGUST_2002).statutory_rate(reference)
        assert rate % Decimal("0.005") == 0
        assert reference + Decimal("0.08") <= rate < reference + Decimal("0.085")


class TestCzechRepublic:
    @pytest.mark.reference
    def test_repo_rate_of_the_half_year_the_delay_began_for_the_whole_delay(self) -> None:
        """conto-servis.cz, "Výše úroku": the ČNB repo rate was 3.75% from 23 December 2021,
        4.50% from 4 February 2022, 5.00% from 1 April, 5.75% from 6 May and 7.00% from
        23 June 2022; with the 8 points of nařízení vlády č. 351/2013 Sb., section 2, that is
        11.75% ... 15.00%. judrkazda.cz, "Zákonný úrok z prodlení": the repo rate for the first
        day of the half-year in which the delay began governs, and the rate stays the same when
        the repo rate changes later. Section 3: CZK 1,200 for the costs of each claim."""
        repo = (
            ReferenceRate(D(2021, 12, 23), "0.0375"),
            ReferenceRate(D(2022, 2, 4), "0.045"),
            ReferenceRate(D(2022, 4, 1), "0.05"),
            ReferenceRate(D(2022, 5, 6), "0.0575"),
            ReferenceRate(D(2022, 6, 23), "0.07"),
        )
        late_in_june = late_payment_claim(
            Money("100000.00", "CZK"),
            D(2022, 6, 10),
            D(2022, 9, 10),
            regime=Regime.CZ_NV_351_2013,
            reference_rates=repo,
        )
        assert [(p.reference_day, p.days, p.rate) for p in late_in_june.periods] == [
            (D(2022, 1, 1), 92, Decimal("0.1175"))
        ]
        assert late_in_june.interest == Money("2961.64", "CZK")  # 100,000 x 11.75% x 92/365
        assert late_in_june.fixed_compensation == Money("1200.00", "CZK")
        late_in_august = late_payment_claim(
            Money("100000.00", "CZK"),
            D(2022, 8, 10),
            D(2022, 9, 10),
            regime=Regime.CZ_NV_351_2013,
            reference_rates=repo,
        )
        assert late_in_august.rate == Decimal("0.15")


class TestDenmark:
    @pytest.mark.reference
    def test_official_lending_rate_plus_eight_points_and_dkk_310(self) -> None:
        """advokatavisen.dk, "Renteloven ændres 1. marts 2013": the morarente is the reference
        rate plus 8 points, the reference rate being Nationalbanken's official lending rate
        fixed each half-year on 1 January and 1 July; the compensation for recovery costs is
        DKK 310, for business debtors only. pav.medst.dk, "Oversigt over morarente af krav
        forfaldet fra og med 1/3 2013": the lending rate per 1/1 and 1/7 plus 8 per cent
        (renteloven section 5(1)). The sources give the rule, not a figure: the two lending
        rates below are illustrative round values, not Nationalbanken's."""
        rates = (ReferenceRate(D(2023, 1, 1), "0.02"), ReferenceRate(D(2023, 7, 1), "0.03"))
        claim = late_payment_claim(
            Money("10000.00", "DKK"),
            D(2023, 6, 15),
            D(2023, 7, 15),
            regime=Regime.DK_RENTELOVEN_5,
            reference_rates=rates,
        )
        assert [(p.days, p.rate) for p in claim.periods] == [
            (15, Decimal("0.10")),
            (15, Decimal("0.11")),
        ]
        assert claim.fixed_compensation == Money("310.00", "DKK")


class TestSweden:
    @pytest.mark.reference
    def test_referensranta_plus_eight_points_and_sek_450(self) -> None:
        """inkop24.se, "Nu blir det dyrare att betala för sent" (2013): dröjsmålsränta is the
        referensränta plus eight points, "at present nine per cent in all" (referensränta 1%);
        sergel.se, "Förseningsersättning" and prop. 2012/13:36: a business creditor paid late
        is always entitled to förseningsersättning of SEK 450."""
        claim = late_payment_claim(
            Money("10000.00", "SEK"),
            D(2013, 3, 31),
            D(2013, 4, 30),
            regime=Regime.SE_RANTELAGEN_6,
            reference_rates=[ReferenceRate(D(2013, 1, 1), "0.01")],
        )
        assert claim.rate == Decimal("0.09")
        assert claim.interest == Money("73.97", "SEK")  # 10,000 x 9% x 30/365
        assert claim.fixed_compensation == Money("450.00", "SEK")


ALL = list(Regime)
_CURRENCY = {regime: regime_rule(regime).currency for regime in ALL}


class TestEveryRegime:
    @given(
        st.sampled_from(ALL),
        st.integers(1, 10**7),
        st.integers(0, 1200),
        st.dates(D(2015, 1, 1), D(2024, 12, 31)),
    )
    def test_periods_add_up_and_nothing_is_negative(
        self, regime: Regime, cents: int, days: int, due: dt.date
    ) -> None:
        amount = Money(Decimal(cents) / 100, _CURRENCY[regime])
        claim = late_payment_claim(
            amount,
            due,
            due + dt.timedelta(days=days),
            regime=regime,
            reference_rates=ECB_2014_2024,
        )
        assert sum(p.days for p in claim.periods) == claim.days == days
        assert claim.interest == Money.total((p.interest for p in claim.periods), amount.currency)
        assert not claim.interest.is_negative
        assert claim.fixed_compensation.is_positive == (days > 0)
        for earlier, later in zip(claim.periods, claim.periods[1:], strict=False):
            assert later.first_day == earlier.last_day + dt.timedelta(days=1)

    @given(money(EUR, min_value=1, max_value=10**7), st.integers(1, 900))
    def test_ten_points_claim_more_than_eight(self, amount: Money, days: int) -> None:
        due = D(2023, 3, 31)
        args = (amount, due, due + dt.timedelta(days=days))
        france = late_payment_claim(
            *args, regime=Regime.FR_CODE_DE_COMMERCE_L441_10, reference_rates=ECB_2014_2024
        )
        italy = late_payment_claim(
            *args, regime=Regime.IT_DLGS_231_2002, reference_rates=ECB_2014_2024
        )
        assert france.interest >= italy.interest

    def test_each_regime_claims_in_its_currency(self) -> None:
        for regime in ALL:
            other = "USD"
            with pytest.raises(CurrencyMismatchError, match=regime.value):
                late_payment_claim(
                    Money("1", other),
                    D(2025, 1, 1),
                    D(2025, 2, 1),
                    regime=regime,
                    reference_rates=ECB_2014_2024,
                )

    def test_the_reason_cites_the_statute_and_the_rates(self) -> None:
        claim = late_payment_claim(
            Money("1000.00", EUR),
            D(2025, 5, 31),
            D(2025, 8, 31),
            regime=Regime.AT_UGB_456,
            reference_rates=ECB_2014_2024,
        )
        (reason,) = claim.reasons
        assert reason.code == "dunning.statutory_interest"
        assert "UGB section 456" in reason.message
        assert "0.0315 in force on 2024-12-31 for 2025-06-01 to 2025-06-30" in reason.message

    def test_no_day_before_the_first_date(self) -> None:
        with pytest.raises(InvalidDateError, match="has no day before it"):
            late_payment_claim(
                Money("1", EUR),
                dt.date.min,
                D(1, 1, 5),
                regime=Regime.ES_LEY_3_2004,
                reference_rates=[ReferenceRate(dt.date.min, "0.01")],
            )

    def test_a_compounding_claim_runs_to_the_last_date(self) -> None:
        claim = late_payment_claim(
            Money("1", EUR),
            D(9998, 6, 1),
            dt.date.max,
            regime=Regime.NL_BW_6_119A,
            reference_rates=[ReferenceRate(D(9997, 1, 1), "0.01")],
        )
        assert claim.periods[-1].last_day == dt.date.max

    def test_regime_rule_wants_a_regime(self) -> None:
        with pytest.raises(InvalidTypeError, match="regime must be a Regime"):
            regime_rule("de_bgb_288")  # type: ignore[arg-type]


class TestContractualRate:
    def test_customer_carries_an_agreed_rate_and_a_locale(self) -> None:
        acme = Customer("C-1", "Acme GmbH", EUR, late_payment_rate="0.12", locale="de-DE")
        assert acme.late_payment_rate == Decimal("0.12")
        assert acme.locale == "de_DE"
        assert Customer.from_dict(acme.to_dict()) == acme
        with pytest.raises(InvalidRateError, match="late_payment_rate must be from 0 to 1"):
            Customer("C-1", "Acme", EUR, late_payment_rate="1.5")
        with pytest.raises(InvalidDocumentError, match="locale must be a locale identifier"):
            Customer("C-1", "Acme", EUR, locale="<script>")

    def test_customer_interest(self) -> None:
        acme = Customer("C-1", "Acme", EUR, late_payment_rate="0.12")
        assert customer_interest(
            Money("3650.00", EUR), acme, D(2026, 1, 1), D(2026, 2, 1)
        ) == Money("37.20", EUR)
        with pytest.raises(MissingRateError, match="customer 'C-2' has no agreed"):
            customer_interest(
                Money("1", EUR), Customer("C-2", "B", EUR), D(2026, 1, 1), D(2026, 2, 1)
            )

    def test_the_run_charges_the_agreed_rate(self) -> None:
        policy = DunningPolicy(
            [DunningLevel(1, 1, Action.REMINDER, charge_interest=True)],
            annual_interest_rate="0.05",
        )
        inv = Invoice("INV-1", "C-1", D(2026, 1, 1), Money("3650.00", EUR), due_date=D(2026, 1, 1))
        agreed = Customer("C-1", "Acme", EUR, late_payment_rate="0.12")
        with_rate = run_dunning(policy, [inv], as_of=D(2026, 2, 1), customers=[agreed])
        without = run_dunning(
            policy, [inv], as_of=D(2026, 2, 1), customers=[Customer("C-1", "Acme", EUR)]
        )
        assert with_rate.notices[0].interest == Money("37.20", EUR)
        assert without.notices[0].interest == Money("15.50", EUR)
        assert any("agreed with the customer" in r.message for r in with_rate.notices[0].reasons)


class TestStatutoryClaimsOfANotice:
    def test_one_claim_per_overdue_line(self) -> None:
        items = [
            Invoice(f"INV-{n}", "C-1", D(2025, 1, 1), Money(amount, EUR), due_date=due)
            for n, (amount, due) in enumerate(
                [("500.00", D(2025, 1, 31)), ("2000.00", D(2025, 2, 28))]
            )
        ]
        notice = run_dunning(
            DunningPolicy([DunningLevel(1, 1, Action.DEMAND_LETTER)]), items, as_of=D(2025, 4, 1)
        ).notices[0]
        claims = statutory_claims(
            notice, regime=Regime.IE_SI_580_2012, reference_rates=ECB_2014_2024
        )
        assert [c.amount for c in claims] == [line.open_amount for line in notice.items]
        assert [c.fixed_compensation for c in claims] == [Money("40.00", EUR), Money("70.00", EUR)]
        with pytest.raises(InvalidTypeError, match="notice must be a DunningNotice"):
            statutory_claims(
                "notice",  # type: ignore[arg-type]
                regime=Regime.IE_SI_580_2012,
                reference_rates=ECB_2014_2024,
            )
