"""Strategies for the input types that are not documents of the ledger's core: the smaller
documents (adjustments, disputes, promises), rate tables, terms' parts, calendars, buckets, and
every policy and history the engines read (import them from :mod:`receivables.testing`).

Each draws values the constructor accepts across the whole documented range, edges included:
zero rates and amounts, the longest day counts (36,600), the smallest nonzero policy number
(``1E-12``), 34 significant digits, and currencies of 0, 2, 3 and 4 minor units.
The bank-file types are the edge: :mod:`receivables.bankfiles` is imported only when one of
their strategies is asked for.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
from hypothesis import strategies as st

from receivables._decimal import CONTEXT
from receivables._validate import MAX_DAYS, MAX_POINTS, MIN_POINTS
from receivables.aging import Buckets
from receivables.allowance import (
    AccountMap,
    ApprovalLevel,
    LossPeriod,
    Overlay,
    OverlayKind,
    ProvisionMatrix,
    ReceivableHistory,
    RollMethod,
    RollRates,
    SpecificReserve,
    WriteOffPolicy,
)
from receivables.calendar import DayCount, HolidayCalendar, WeekendCalendar
from receivables.cashapp import EvidenceConfidence, MatchPolicy, Remittance, RemittanceLine
from receivables.credit import (
    Characteristic,
    CombineRule,
    CreditLimitPolicy,
    FinancialStatements,
    OrderCheckPolicy,
    PdoScaling,
    RiskClass,
    Scorecard,
    TermsPolicy,
    TermsRequest,
)
from receivables.documents import Adjustment, Customer, Dispute, PromiseToPay
from receivables.dunning import (
    Action,
    CreditHandling,
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    Fee,
    FirstRun,
    NoticeRecord,
    PolicyAssignment,
    ReferenceRate,
    ReferenceRates,
    ReferralPolicy,
    WorklistWeights,
)
from receivables.fx import RateTable
from receivables.money import Currency, Money
from receivables.terms import DiscountTier, Instalment
from receivables.testing._strategies import currencies, exchange_rates, money

if TYPE_CHECKING:
    from receivables.bankfiles import (
        BankAccount,
        BankStatement,
        Party,
        ReferredDocument,
        StatementEntry,
        Transaction,
    )

# Currencies of every size of minor unit: 0 (JPY), 2 (USD), 3 (KWD, BHD), 4 (CLF).
_CODES: Final = ("USD", "EUR", "GBP", "JPY", "KWD", "BHD", "CLF", "CHF", "MXN", "BRL")
_SMALLEST: Final = Decimal("1E-12")
_LONG: Final = Decimal("0.1234567890123456789012345678901234")  # 34 significant digits
_DATES: Final = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)) | st.sampled_from(
    [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]
)
_WORDS: Final = ("pricing", "damaged", "not_received", "short-pay", "duplicate", "freight")


def _ids() -> st.SearchStrategy[str]:
    """Mostly ``INV-123`` and the like; sometimes any non-blank text (quotes, accents, CJK)."""
    plain = st.builds(
        "{}-{}".format, st.sampled_from(["C", "INV", "PO", "CM", "X"]), st.integers(1, 999_999)
    )
    return st.one_of(plain, plain, st.text(min_size=1, max_size=24).filter(str.strip))


def _labels() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["A", "B", "C", "D", "enterprise", "smb", "Current", "1-30"]),
        st.text(min_size=1, max_size=12).filter(str.strip),
    )


def _days(low: int = 0, high: int = MAX_DAYS) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(sorted({low, high})), st.integers(low, high))


def _decimals(
    low: Decimal | int | str,
    high: Decimal | int | str,
    *,
    places: int = 6,
    edges: Sequence[Decimal | int | str] = (),
) -> st.SearchStrategy[Decimal]:
    """Decimals from ``low`` to ``high`` with 0 to ``places`` decimals, and the edges."""
    lowest, highest = Decimal(low), Decimal(high)

    @st.composite
    def build(draw: st.DrawFn) -> Decimal:
        exponent = draw(st.integers(0, places))
        scale = 10**exponent
        # The library's context, not the caller's: the same draws whatever a test sets.
        first = int(CONTEXT.multiply(lowest, scale).to_integral_value(ROUND_CEILING, CONTEXT))
        last = int(CONTEXT.multiply(highest, scale).to_integral_value(ROUND_FLOOR, CONTEXT))
        return CONTEXT.scaleb(Decimal(draw(st.integers(first, last))), -exponent)

    fixed = sorted({Decimal(e) for e in (low, high, *edges) if lowest <= Decimal(e) <= highest})
    return st.one_of(st.sampled_from(fixed), build())


def _fractions(*, zero: bool = True, one: bool = True) -> st.SearchStrategy[Decimal]:
    """Rates from 0 to 1 (``zero``/``one``: whether the ends are allowed)."""
    found = _decimals(0, 1, places=12, edges=(_SMALLEST, _LONG, "0.05", "0.999999"))
    if not zero or not one:
        found = found.filter(lambda d: (zero or d > 0) and (one or d < 1))
    return found


def _currency(currency: str | Currency | None) -> st.SearchStrategy[Currency]:
    return currencies(_CODES) if currency is None else st.just(Currency(currency))


def _positive(currency: Currency, high: Decimal | int = 10**9) -> st.SearchStrategy[Money]:
    return money(currency, min_value=currency.quantum, max_value=high)


def _per_currency(
    *, min_size: int = 0, max_size: int = 4, high: Decimal | int = 10**6
) -> st.SearchStrategy[list[Money]]:
    """Non-negative amounts, at most one per currency (as policies give them)."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Money]:
        codes = draw(
            st.lists(st.sampled_from(_CODES), min_size=min_size, max_size=max_size, unique=True)
        )
        return [draw(money(code, min_value=0, max_value=high)) for code in codes]

    return build()


def _optional_text() -> st.SearchStrategy[str | None]:
    return st.none() | st.text(min_size=1, max_size=30).filter(str.strip).map(str.strip)


# -- documents, terms, rates, calendars, buckets ---------------------------------------------


def adjustments(currency: str | Currency | None = None) -> st.SearchStrategy[Adjustment]:
    """Adjustments: a nonzero amount of either sign, a reason code, maybe the invoice adjusted.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(adjustments("JPY"))
        ... def check(a):
        ...     assert not a.amount.is_zero and a.amount.currency.code == "JPY"
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Adjustment:
        cur = draw(_currency(currency))
        amount = draw(money(cur, min_value=-(10**7), max_value=10**7).filter(lambda m: m.amount))
        return Adjustment(
            draw(_ids()),
            draw(_ids()),
            draw(_DATES),
            amount,
            draw(st.sampled_from(_WORDS)),
            invoice_id=draw(st.none() | _ids()),
        )

    return build()


def disputes(currency: str | Currency | None = None) -> st.SearchStrategy[Dispute]:
    """Disputes: a positive disputed amount, opened on a day, resolved on or after it or open.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(disputes())
        ... def check(d):
        ...     assert d.amount.is_positive
        ...     assert d.resolved_on is None or d.resolved_on >= d.opened_on
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Dispute:
        cur = draw(_currency(currency))
        opened = draw(_DATES)
        resolved = draw(st.none() | st.dates(opened, dt.date(9999, 12, 31)))
        return Dispute(
            draw(_ids()),
            draw(_positive(cur)),
            draw(st.sampled_from(_WORDS)),
            opened,
            resolved_on=resolved,
            id=draw(st.none() | _ids()),
        )

    return build()


def promises_to_pay(currency: str | Currency | None = None) -> st.SearchStrategy[PromiseToPay]:
    """Promises to pay: a positive amount promised for a day on or after the promise was made.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(promises_to_pay("KWD"))
        ... def check(p):
        ...     assert p.promised_date >= p.made_on and p.amount.is_positive
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> PromiseToPay:
        cur = draw(_currency(currency))
        made = draw(_DATES)
        return PromiseToPay(
            draw(_ids()),
            draw(_positive(cur)),
            draw(st.dates(made, dt.date(9999, 12, 31))),
            made,
            invoice_ids=draw(st.lists(_ids(), max_size=4)),
        )

    return build()


def rate_tables(*, max_rates: int = 8) -> st.SearchStrategy[RateTable]:
    """Rate tables: exchange rates with at most one rate per pair and day, and maybe a pivot.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(rate_tables())
        ... def check(table):
        ...     assert len({(r.base, r.quote, r.as_of) for r in table.rates}) == len(table.rates)
        >>> check()
    """
    rates = st.lists(
        exchange_rates(dates=st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 5))),
        max_size=max_rates,
        unique_by=lambda r: (r.base, r.quote, r.as_of),
    )
    return st.builds(RateTable, rates, pivot=st.none() | currencies(_CODES))


def discount_tiers() -> st.SearchStrategy[DiscountTier]:
    """Early-payment discount tiers: a rate strictly between 0 and 1, and the days it lasts.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(discount_tiers())
        ... def check(tier):
        ...     assert 0 < tier.rate < 1 and tier.days >= 0
        >>> check()
    """
    return st.builds(DiscountTier, _fractions(zero=False, one=False), _days())


def instalments() -> st.SearchStrategy[Instalment]:
    """Instalments of a plan: a share in (0, 1] due so many days after issue.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(instalments())
        ... def check(part):
        ...     assert 0 < part.share <= 1 and part.days >= 0
        >>> check()
    """
    return st.builds(Instalment, _fractions(zero=False), _days())


_WEEKENDS: Final = st.frozensets(st.integers(0, 6), max_size=6)


def weekend_calendars() -> st.SearchStrategy[WeekendCalendar]:
    """Weekend calendars of any weekend from none to six days (never all seven).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(weekend_calendars())
        ... def check(calendar):
        ...     assert len(calendar.weekend) < 7
        >>> check()
    """
    return st.builds(WeekendCalendar, _WEEKENDS)


def holiday_calendars(*, max_holidays: int = 12) -> st.SearchStrategy[HolidayCalendar]:
    """Holiday calendars: a set of holidays and a weekend.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(holiday_calendars())
        ... def check(calendar):
        ...     assert all(not calendar.is_business_day(day) for day in calendar.holidays)
        >>> check()
    """
    return st.builds(HolidayCalendar, st.frozensets(_DATES, max_size=max_holidays), _WEEKENDS)


def aging_buckets(*, max_edges: int = 8) -> st.SearchStrategy[Buckets]:
    """Aging buckets: strictly rising edges from 1 to 36,600 days, default or own labels.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(aging_buckets())
        ... def check(buckets):
        ...     assert len(buckets.labels) == len(buckets.edges) + 2
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Buckets:
        edges = sorted(draw(st.sets(_days(1, MAX_DAYS), max_size=max_edges)))
        if draw(st.booleans()):
            return Buckets(edges)
        labels = draw(
            st.lists(_labels(), min_size=len(edges) + 2, max_size=len(edges) + 2, unique=True)
        )
        return Buckets(edges, labels)

    return build()


# -- dunning ---------------------------------------------------------------------------------


def fees() -> st.SearchStrategy[Fee]:
    """Dunning fees: fixed amounts per currency, or a rate of the overdue amount with caps.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(fees())
        ... def check(fee):
        ...     assert 0 <= fee.rate <= 1
        >>> check()
    """
    return st.one_of(
        st.just(Fee()),
        st.builds(Fee, fixed=_per_currency(min_size=1)),
        st.builds(Fee, rate=_fractions(), cap=_per_currency()),
    )


def dunning_levels(
    number: int = 1, days_overdue: st.SearchStrategy[int] | None = None
) -> st.SearchStrategy[DunningLevel]:
    """Dunning levels numbered ``number``: pre-due reminders (negative days, no charges) or
    overdue steps with minimums, fees, interest, a template and the days given to pay.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(dunning_levels(2))
        ... def check(level):
        ...     assert level.number == 2
        ...     assert not level.is_pre_due or not level.charge_interest
        >>> check()
    """
    day_strategy = days_overdue if days_overdue is not None else _days(-366, MAX_DAYS)

    @st.composite
    def build(draw: st.DrawFn) -> DunningLevel:
        days = draw(day_strategy)
        pre_due = days < 0
        return DunningLevel(
            number,
            days,
            draw(st.sampled_from(list(Action))),
            minimum_overdue=draw(_per_currency()),
            fee=Fee() if pre_due else draw(fees()),
            charge_interest=False if pre_due else draw(st.booleans()),
            template=draw(st.sampled_from(["", "friendly", "firm", "final"])),
            days_to_pay=draw(_days()),
        )

    return build()


def dunning_policies(*, max_levels: int = 6) -> st.SearchStrategy[DunningPolicy]:
    """Dunning policies: 1 to ``max_levels`` levels on strictly rising days (pre-due ones
    first), and every option of escalation, scope, interest, credits and first runs.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(dunning_policies())
        ... def check(policy):
        ...     assert [level.number for level in policy.levels] == list(
        ...         range(1, len(policy.levels) + 1))
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> DunningPolicy:
        count = draw(st.integers(1, max_levels))
        days = sorted(draw(st.sets(_days(-366, MAX_DAYS), min_size=count, max_size=count)))
        levels = [draw(dunning_levels(n, st.just(d))) for n, d in enumerate(days, start=1)]
        return DunningPolicy(
            levels,
            grace_days=draw(_days()),
            interval_days=draw(_days()),
            escalation=draw(st.sampled_from(list(EscalationMode))),
            scope=draw(st.sampled_from(list(DunningScope))),
            skip_levels=draw(st.booleans()),
            annual_interest_rate=draw(_decimals(0, 10, places=6, edges=(_SMALLEST, "0.0825"))),
            day_count=draw(st.sampled_from(list(DayCount))),
            name=draw(st.sampled_from(["", "standard", "gentle", "strict"])),
            credits=draw(st.sampled_from(list(CreditHandling))),
            first_run=draw(st.sampled_from(list(FirstRun))),
        )

    return build()


_ASSIGNABLE: Final = ("risk_class", "segment", "region", "collector", "locale")


def policy_assignments(*, max_policies: int = 3) -> st.SearchStrategy[PolicyAssignment]:
    """Policy assignments: a customer attribute, a policy per value of it, and a default.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(policy_assignments())
        ... def check(assignment):
        ...     assert assignment.policy_for(None) == assignment.default
        >>> check()
    """
    attributes = [name for name in _ASSIGNABLE if name in attrs.fields_dict(Customer)]
    small = dunning_policies(max_levels=3)
    return st.builds(
        PolicyAssignment,
        st.sampled_from(attributes),
        st.dictionaries(_labels(), small, max_size=max_policies),
        small,
    )


def notice_records(currency: str | Currency | None = None) -> st.SearchStrategy[NoticeRecord]:
    """Notices already sent (the dunning history): customer, level, day, currency, items.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(notice_records())
        ... def check(record):
        ...     assert record.level >= 1
        >>> check()
    """
    currency_strategy = st.none() | _currency(currency)
    return st.builds(
        NoticeRecord,
        _ids(),
        st.integers(1, 100),
        _DATES,
        currency=currency_strategy,
        item_ids=st.lists(_ids(), max_size=5),
    )


def reference_rates() -> st.SearchStrategy[ReferenceRate]:
    """Central-bank reference rates from -5% (they have been negative) to 100%.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(reference_rates())
        ... def check(rate):
        ...     assert -1 < rate.rate <= 1
        >>> check()
    """
    return st.builds(
        ReferenceRate, _DATES, _decimals("-0.05", 1, places=6, edges=("-0.0088", "0.0362"))
    )


def reference_rate_sets(*, max_rates: int = 8) -> st.SearchStrategy[ReferenceRates]:
    """Series of reference rates, one per effective date (held in date order).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(reference_rate_sets())
        ... def check(series):
        ...     days = [r.effective_from for r in series.rates]
        ...     assert days == sorted(days)
        >>> check()
    """
    return st.builds(
        ReferenceRates,
        st.lists(reference_rates(), max_size=max_rates, unique_by=lambda r: r.effective_from),
    )


def referral_policies() -> st.SearchStrategy[ReferralPolicy]:
    """Agency referral policies across their ranges (days up to 36,600, levels 1 to 100).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(referral_policies())
        ... def check(policy):
        ...     assert policy.required_level is None or 1 <= policy.required_level <= 100
        >>> check()
    """
    return st.builds(
        ReferralPolicy,
        min_days_past_due=_days(),
        required_level=st.none() | _days(1, 100),
        days_after_notice=_days(),
        minimum_balance=_per_currency(),
        days_without_payment=_days(),
    )


def worklist_weights() -> st.SearchStrategy[WorklistWeights]:
    """Worklist weights: non-negative weights, a cap in any currency, risk-class factors.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(worklist_weights())
        ... def check(weights):
        ...     assert weights.amount >= 0 and weights.amount_cap.is_positive
        >>> check()
    """
    weight = _decimals(0, 1000, places=4, edges=(_SMALLEST,))

    @st.composite
    def build(draw: st.DrawFn) -> WorklistWeights:
        cur = draw(_currency(None))
        return WorklistWeights(
            amount=draw(weight),
            age=draw(weight),
            risk=draw(weight),
            broken_promises=draw(weight),
            exposure=draw(weight),
            amount_cap=draw(_positive(cur, 10**12)),
            age_cap_days=draw(_days(1)),
            risk_factors=draw(st.dictionaries(_labels(), _fractions(), max_size=5)),
        )

    return build()


# -- credit ----------------------------------------------------------------------------------

_POINTS: Final = _decimals(MIN_POINTS, MAX_POINTS, places=4, edges=(0, "0.0001"))


def pdo_scalings() -> st.SearchStrategy[PdoScaling]:
    """Points-to-double-odds scalings: target points, odds above zero, and the PDO (1 to 10,000).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(pdo_scalings())
        ... def check(scaling):
        ...     assert scaling.odds > 0 and scaling.pdo >= 1
        >>> check()
    """
    return st.builds(
        PdoScaling,
        _POINTS,
        _decimals(0, "1E+12", places=4, edges=(_SMALLEST, 50)).filter(lambda d: d > 0),
        _decimals(1, 10_000, places=4, edges=(20,)),
    )


def risk_classes() -> st.SearchStrategy[RiskClass]:
    """Risk classes: a label and the least score that earns it.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(risk_classes())
        ... def check(risk):
        ...     assert -1_000_000 <= risk.min_points <= 1_000_000
        >>> check()
    """
    return st.builds(RiskClass, _labels(), _POINTS)


def characteristics(name: str | None = None) -> st.SearchStrategy[Characteristic]:
    """Scorecard characteristics: numeric bins (rising edges, one more points than edges) or
    categories with points, maybe points for other values, and points for a missing value.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(characteristics())
        ... def check(c):
        ...     assert bool(c.points) != bool(c.categories)
        >>> check()
    """
    edge = _decimals("-1E+18", "1E+18", places=4, edges=(0,))

    @st.composite
    def build(draw: st.DrawFn) -> Characteristic:
        called = name if name is not None else draw(_labels())
        missing = draw(_POINTS)
        if draw(st.booleans()):
            edges = sorted(draw(st.sets(edge, max_size=5)))
            points = draw(st.lists(_POINTS, min_size=len(edges) + 1, max_size=len(edges) + 1))
            return Characteristic(called, edges, points, missing_points=missing)
        categories = draw(st.dictionaries(_labels(), _POINTS, min_size=1, max_size=5))
        return Characteristic(
            called,
            categories=categories,
            other_points=draw(st.none() | _POINTS),
            missing_points=missing,
        )

    return build()


def scorecards(*, max_characteristics: int = 4) -> st.SearchStrategy[Scorecard]:
    """Scorecards: characteristics of unique names, base points, maybe a PDO scaling, risk
    classes and a floor class, and how many reasons to give.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(scorecards())
        ... def check(card):
        ...     assert len({c.name for c in card.characteristics}) == len(card.characteristics)
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Scorecard:
        names = draw(st.lists(_labels(), min_size=1, max_size=max_characteristics, unique=True))
        return Scorecard(
            [draw(characteristics(n)) for n in names],
            base_points=draw(_POINTS),
            scaling=draw(st.none() | pdo_scalings()),
            risk_classes=draw(st.lists(risk_classes(), max_size=4)),
            floor_class=draw(st.none() | _labels()),
            reason_count=draw(_days(0, 100)),
            name=draw(st.sampled_from(["", "sample", "trade credit"])),
        )

    return build()


def credit_limit_policies() -> st.SearchStrategy[CreditLimitPolicy]:
    """Credit limit policies: rates, the combining rule, caps per risk class (in one or more
    currencies each) and the rounding increment.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(credit_limit_policies())
        ... def check(policy):
        ...     assert policy.increment > 0
        >>> check()
    """

    @st.composite
    def caps(draw: st.DrawFn) -> list[tuple[str, Money]]:
        keys = draw(
            st.lists(st.tuples(_labels(), st.sampled_from(_CODES)), max_size=4, unique=True)
        )
        return [(key, draw(_positive(Currency(code)))) for key, code in keys]

    return st.builds(
        CreditLimitPolicy,
        tnw_rate=_fractions(),
        working_capital_rate=_fractions(),
        combine=st.sampled_from(list(CombineRule)),
        risk_class_caps=caps(),
        increment=_decimals(0, "1E+12", places=4, edges=(_SMALLEST, 1000)).filter(lambda d: d > 0),
    )


_NON_NEGATIVE_FIGURES: Final = (
    "current_assets",
    "current_liabilities",
    "inventory",
    "cash",
    "total_assets",
    "total_liabilities",
    "intangible_assets",
    "interest_expense",
    "sales",
    "market_value_of_equity",
)
_SIGNED_FIGURES: Final = ("retained_earnings", "ebit", "net_income", "book_equity")


def financial_statements(
    currency: str | Currency | None = None,
) -> st.SearchStrategy[FinancialStatements]:
    """Financial statements in one currency, any figure missing; losses may be negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(financial_statements("EUR"))
        ... def check(figures):
        ...     assert figures.cash is None or not figures.cash.is_negative
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> FinancialStatements:
        cur = draw(_currency(currency))
        figures: dict[str, Money | None] = {}
        for name in _NON_NEGATIVE_FIGURES:
            figures[name] = draw(st.none() | money(cur, min_value=0, max_value=10**12))
        for name in _SIGNED_FIGURES:
            figures[name] = draw(st.none() | money(cur, min_value=-(10**12), max_value=10**12))
        return FinancialStatements(**figures)

    return build()


def order_check_policies() -> st.SearchStrategy[OrderCheckPolicy]:
    """Order-check policies: over-limit tolerance, past-due days and tolerances, review classes.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(order_check_policies())
        ... def check(policy):
        ...     assert list(policy.review_risk_classes) == sorted(policy.review_risk_classes)
        >>> check()
    """
    return st.builds(
        OrderCheckPolicy,
        over_limit_tolerance=_fractions(),
        past_due_days=_days(),
        past_due_tolerance=_per_currency(),
        review_risk_classes=st.lists(_labels(), max_size=4, unique=True),
        hold_without_limit=st.booleans(),
    )


def terms_policies() -> st.SearchStrategy[TermsPolicy]:
    """Terms-extension policies: score thresholds (conditional at most approve), payment
    index, past-due share, longest terms, largest limit increase, review interval.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(terms_policies())
        ... def check(policy):
        ...     assert policy.conditional_score <= policy.approve_score
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> TermsPolicy:
        scores = sorted([draw(_POINTS), draw(_POINTS)])
        return TermsPolicy(
            approve_score=scores[1],
            conditional_score=scores[0],
            min_payment_index=draw(_decimals(0, 100, places=4)),
            max_past_due_share=draw(_fractions()),
            max_terms_days=draw(_days()),
            max_limit_increase=draw(_decimals(0, 100, places=6, edges=(_SMALLEST,))),
            review_after_days=draw(_days()),
        )

    return build()


def terms_requests(currency: str | Currency | None = None) -> st.SearchStrategy[TermsRequest]:
    """Requests to extend terms or raise a limit (limits in one currency, either may be absent).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(terms_requests())
        ... def check(request):
        ...     assert request.requested_terms_days >= 0
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> TermsRequest:
        cur = draw(_currency(currency))
        limit = st.none() | money(cur, min_value=0, max_value=10**12)
        return TermsRequest(draw(_days()), draw(_days()), draw(limit), draw(limit))

    return build()


# -- cash application ------------------------------------------------------------------------


def evidence_confidences() -> st.SearchStrategy[EvidenceConfidence]:
    """The confidence each kind of matching evidence earns, every one a fraction.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(evidence_confidences())
        ... def check(confidence):
        ...     assert 0 <= confidence.exact_reference <= 1
        >>> check()
    """
    names = [field.name for field in attrs.fields(EvidenceConfidence)]
    return st.fixed_dictionaries({name: _fractions() for name in names}).map(
        lambda found: EvidenceConfidence(**found)
    )


_NARRATIVE: Final = st.one_of(
    st.sampled_from(["ON ACCOUNT", "Deposit", "  part   payment ", "ACOMPTE", "Teilzahlung"]),
    st.text(min_size=1, max_size=60).filter(str.strip),
)


def match_policies() -> st.SearchStrategy[MatchPolicy]:
    """Cash-application policies across their ranges: confidence, grace days (up to 366),
    write-off rate and limits, search sizes (up to 12 and 10,000,000), charges and words.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(match_policies())
        ... def check(policy):
        ...     assert 0 <= policy.max_combination_size <= 12
        >>> check()
    """
    amounts = st.lists(
        st.sampled_from(_CODES).flatmap(lambda code: money(code, min_value=0, max_value=10**4)),
        max_size=6,
    )
    return st.builds(
        MatchPolicy,
        auto_match_confidence=_fractions(),
        discount_grace_days=_days(0, 366),
        write_off_rate=_fractions(),
        write_off_limits=amounts,
        max_combination_size=_days(0, 12),
        search_budget=_days(0, 10_000_000),
        near_misses=st.booleans(),
        prefer_oldest=st.booleans(),
        confidence=evidence_confidences(),
        bank_charges=amounts,
        on_account_words=st.lists(_NARRATIVE, max_size=4),
        partial_words=st.lists(_NARRATIVE, max_size=4),
        chance_fit_limit=_fractions(),
    )


def remittance_lines(currency: str | Currency | None = None) -> st.SearchStrategy[RemittanceLine]:
    """Remittance advice lines: a reference, maybe the amount paid against it and a discount.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(remittance_lines("USD"))
        ... def check(line):
        ...     assert line.amount is None or line.amount.currency.code == "USD"
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> RemittanceLine:
        cur = draw(_currency(currency))
        return RemittanceLine(
            draw(_ids()),
            draw(st.none() | _positive(cur, 10**7)),
            draw(st.none() | money(cur, min_value=0, max_value=10**4)),
        )

    return build()


def remittances(
    currency: str | Currency | None = None, *, max_lines: int = 5
) -> st.SearchStrategy[Remittance]:
    """Remittance advices: the payment they explain and their lines, in one currency.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(remittances())
        ... def check(advice):
        ...     assert len(advice.lines) <= 5
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Remittance:
        cur = draw(_currency(currency))
        lines = draw(st.lists(remittance_lines(cur), max_size=max_lines))
        return Remittance(draw(_ids()), lines)

    return build()


# -- allowance -------------------------------------------------------------------------------

_ACCOUNT: Final = st.one_of(
    st.sampled_from(["1200", "1290", "6100", "1000", "bad debt recoveries"]),
    st.text(min_size=1, max_size=30).filter(str.strip),
)


def account_maps() -> st.SearchStrategy[AccountMap]:
    """General-ledger account maps: a non-blank account for every posting.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(account_maps())
        ... def check(accounts):
        ...     assert accounts.receivables.strip()
        >>> check()
    """
    names = [field.name for field in attrs.fields(AccountMap)]
    return st.fixed_dictionaries(dict.fromkeys(names, _ACCOUNT)).map(
        lambda found: AccountMap(**found)
    )


def approval_levels(currency: str | Currency | None = None) -> st.SearchStrategy[ApprovalLevel]:
    """Write-off approval levels: an approver and the most they may approve (or no limit).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(approval_levels())
        ... def check(level):
        ...     assert level.approver
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> ApprovalLevel:
        cur = draw(_currency(currency))
        approver = draw(st.sampled_from(["collector", "credit manager", "controller", "cfo"]))
        return ApprovalLevel(approver, draw(st.none() | money(cur, min_value=0, max_value=10**9)))

    return build()


def write_off_policies() -> st.SearchStrategy[WriteOffPolicy]:
    """Write-off policies: days past due, small balances per currency, and approval levels of
    rising limits ending with one without a limit.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(write_off_policies())
        ... def check(policy):
        ...     assert policy.approval_levels[-1].up_to is None
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> WriteOffPolicy:
        cur = draw(_currency(None))
        limits = sorted(draw(st.lists(money(cur, min_value=0, max_value=10**9), max_size=3)))
        approvers = ["collector", "credit manager", "controller", "cfo"]
        levels = [ApprovalLevel(approvers[n], limit) for n, limit in enumerate(limits)]
        levels.append(ApprovalLevel(draw(st.sampled_from(approvers)), None))
        return WriteOffPolicy(
            min_days_past_due=draw(_days()),
            require_agency_return=draw(st.booleans()),
            small_balance=draw(_per_currency()),
            small_balance_days=draw(_days()),
            approval_levels=levels,
        )

    return build()


def loss_periods(currency: str | Currency | None = None) -> st.SearchStrategy[LossPeriod]:
    """A period's credit sales, write-offs and recoveries (one currency, none negative).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(loss_periods("BHD"))
        ... def check(period):
        ...     assert period.write_offs.currency == period.credit_sales.currency
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> LossPeriod:
        cur = draw(_currency(currency))
        figure = money(cur, min_value=0, max_value=10**12)
        return LossPeriod(draw(figure), draw(figure), draw(figure))

    return build()


def overlays() -> st.SearchStrategy[Overlay]:
    """Forward-looking overlays: multiply or add, overall and/or by bucket (factors +/- 100).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(overlays())
        ... def check(overlay):
        ...     assert overlay.overall is not None or overlay.by_bucket
        >>> check()
    """
    factor = _decimals(-100, 100, places=6, edges=(0, 1, _SMALLEST))

    @st.composite
    def build(draw: st.DrawFn) -> Overlay:
        overall = draw(st.none() | factor)
        by_bucket = draw(
            st.dictionaries(_labels(), factor, min_size=0 if overall is not None else 1, max_size=4)
        )
        return Overlay(
            draw(st.sampled_from(list(OverlayKind))),
            draw(st.sampled_from(["recession outlook", "sector stress", "recovery"])),
            overall,
            by_bucket,
        )

    return build()


def provision_matrices(*, max_buckets: int = 7) -> st.SearchStrategy[ProvisionMatrix]:
    """Provision matrices: a loss rate (0 to 1) for each bucket label.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(provision_matrices())
        ... def check(matrix):
        ...     assert all(0 <= rate <= 1 for _, rate in matrix.rates)
        >>> check()
    """
    return st.builds(
        ProvisionMatrix, st.dictionaries(_labels(), _fractions(), max_size=max_buckets)
    )


def receivable_histories(
    currency: str | Currency | None = None,
) -> st.SearchStrategy[ReceivableHistory]:
    """Receivable histories: issued, due on or after, maybe closed (or written off) later.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(receivable_histories())
        ... def check(h):
        ...     assert h.due_date >= h.issue_date
        ...     assert not h.written_off or h.closed_on is not None
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> ReceivableHistory:
        cur = draw(_currency(currency))
        issued = draw(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
        later = st.dates(issued, dt.date(2199, 12, 31))
        closed = draw(st.none() | later)
        return ReceivableHistory(
            draw(_ids()),
            issued,
            draw(later),
            draw(_positive(cur)),
            closed,
            written_off=closed is not None and draw(st.booleans()),
        )

    return build()


def roll_rate_sets(*, max_buckets: int = 6) -> st.SearchStrategy[RollRates]:
    """Roll rates between consecutive buckets (a rate, or none where nothing was there to roll).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(roll_rate_sets())
        ... def check(roll):
        ...     assert all(a[1] == b[0] for a, b in zip(roll.rates, roll.rates[1:]))
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> RollRates:
        labels = draw(st.lists(_labels(), min_size=1, max_size=max_buckets, unique=True))
        chain = [*labels, "write-off"] if "write-off" not in labels else labels
        rates = [(a, b, draw(st.none() | _fractions())) for a, b in itertools.pairwise(chain)]
        return RollRates(
            tuple(rates), draw(st.sampled_from(list(RollMethod))), draw(st.integers(1, 120))
        )

    return build()


def specific_reserves(
    currency: str | Currency | None = None,
) -> st.SearchStrategy[SpecificReserve]:
    """Specific reserves on one customer or one invoice, as a rate or an amount.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(specific_reserves())
        ... def check(reserve):
        ...     assert (reserve.rate is None) != (reserve.amount is None)
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> SpecificReserve:
        cur = draw(_currency(currency))
        who = draw(_ids())
        on_invoice = draw(st.booleans())
        by_rate = draw(st.booleans())
        return SpecificReserve(
            draw(st.sampled_from(["administration", "dispute", "fraud"])),
            customer_id=None if on_invoice else who,
            invoice_id=who if on_invoice else None,
            rate=draw(_fractions()) if by_rate else None,
            amount=None if by_rate else draw(money(cur, min_value=0, max_value=10**9)),
        )

    return build()


# -- bank statements (the edge: bankfiles is imported when a strategy is asked for) ----------

_IBANS: Final = ("GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606")


def _account_numbers() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_IBANS), st.text("0123456789", min_size=1, max_size=20))


def bank_accounts(currency: str | Currency | None = None) -> st.SearchStrategy[BankAccount]:
    """Bank accounts: an IBAN or a local number, maybe the bank and the currency.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(bank_accounts())
        ... def check(account):
        ...     assert account.number.isalnum()
        >>> check()
    """
    from receivables.bankfiles import BankAccount

    return st.builds(
        BankAccount,
        _account_numbers(),
        _optional_text(),
        st.none() | _currency(currency),
    )


def parties() -> st.SearchStrategy[Party]:
    """Counterparties named on a bank statement: name, account and bank, each optional.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(parties())
        ... def check(party):
        ...     assert party.name is None or party.name == party.name.strip()
        >>> check()
    """
    from receivables.bankfiles import Party

    return st.builds(Party, _optional_text(), st.none() | _account_numbers(), _optional_text())


def referred_documents(
    currency: str | Currency | None = None,
) -> st.SearchStrategy[ReferredDocument]:
    """Documents a structured remittance refers to, with the amounts it states for each.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(referred_documents())
        ... def check(document):
        ...     assert document.number
        >>> check()
    """
    from receivables.bankfiles import ReferredDocument, ReferredKind

    @st.composite
    def build(draw: st.DrawFn) -> ReferredDocument:
        cur = draw(_currency(currency))
        amount = st.none() | money(cur, min_value=0, max_value=10**7)
        return ReferredDocument(
            draw(_ids()),
            draw(st.sampled_from(list(ReferredKind))),
            draw(st.none() | _DATES),
            draw(amount),
            draw(amount),
            draw(amount),
            draw(amount),
        )

    return build()


def _transaction(draw: st.DrawFn, amount: Money) -> Transaction:
    from receivables.bankfiles import Transaction

    return Transaction(
        amount,
        references=draw(st.lists(_ids(), max_size=3)),
        end_to_end_id=draw(st.none() | st.just("NOTPROVIDED") | _ids()),
        counterparty=draw(st.none() | parties()),
        remittance_text=draw(_optional_text()),
        creditor_references=draw(st.lists(st.just("RF18539007547034"), max_size=1)),
        referred_documents=draw(st.lists(referred_documents(amount.currency), max_size=2)),
        return_reason=draw(st.none() | st.sampled_from(["AC04", "MD06"])),
        ultimate_counterparty=draw(st.none() | parties()),
    )


def bank_transactions(currency: str | Currency | None = None) -> st.SearchStrategy[Transaction]:
    """Transactions within a statement entry: amount, references, parties, remittance.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(bank_transactions("EUR"))
        ... def check(t):
        ...     assert t.amount.currency.code == "EUR"
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Transaction:
        cur = draw(_currency(currency))
        return _transaction(draw, draw(money(cur, min_value=0, max_value=10**7)))

    return build()


def statement_entries(
    currency: str | Currency | None = None, *, index: int | None = None
) -> st.SearchStrategy[StatementEntry]:
    """Statement entries: a non-negative amount split into transactions that add up to it.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(statement_entries("JPY"))
        ... def check(entry):
        ...     total = Money.total((t.amount for t in entry.transactions), entry.amount.currency)
        ...     assert total == entry.amount
        >>> check()
    """
    from receivables.bankfiles import EntryStatus, StatementEntry

    @st.composite
    def build(draw: st.DrawFn) -> StatementEntry:
        cur = draw(_currency(currency))
        parts = draw(st.lists(money(cur, min_value=0, max_value=10**6), max_size=3))
        amount = (
            Money.total(parts, cur) if parts else draw(money(cur, min_value=0, max_value=10**6))
        )
        return StatementEntry(
            index if index is not None else draw(st.integers(0, 10_000)),
            amount,
            draw(st.booleans()),
            booking_date=draw(st.none() | _DATES),
            value_date=draw(st.none() | _DATES),
            status=draw(st.sampled_from(list(EntryStatus))),
            reversal=draw(st.booleans()),
            bank_reference=draw(_optional_text()),
            transaction_code=draw(st.none() | st.sampled_from(["PMNT/RCDT/ESCT", "195", "NTRF"])),
            transactions=[_transaction(draw, part) for part in parts],
            text=draw(_optional_text()),
            customer_reference=draw(_optional_text()),
        )

    return build()


def bank_statements(
    currency: str | Currency | None = None, *, max_entries: int = 4
) -> st.SearchStrategy[BankStatement]:
    """Bank statements of every format: an account, entries in its currency, dates, balances.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(bank_statements("USD"))
        ... def check(statement):
        ...     assert all(e.amount.currency.code == "USD" for e in statement.entries)
        >>> check()
    """
    from receivables.bankfiles import BankStatement, StatementFormat

    @st.composite
    def build(draw: st.DrawFn) -> BankStatement:
        cur = draw(_currency(currency))
        count = draw(st.integers(0, max_entries))
        entries = [draw(statement_entries(cur, index=n)) for n in range(count)]
        balance = st.none() | money(cur, min_value=-(10**9), max_value=10**9)
        start = draw(st.none() | _DATES)
        return BankStatement(
            draw(st.sampled_from(list(StatementFormat))),
            draw(_ids()),
            draw(bank_accounts(cur)),
            entries,
            created=draw(st.none() | _DATES),
            from_date=start,
            to_date=None if start is None else draw(st.none() | st.dates(start)),
            opening_balance=draw(balance),
            closing_balance=draw(balance),
            interim=draw(st.booleans()),
        )

    return build()


def input_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each input type defined here (bank-file types included).

    Examples:
        >>> from receivables.dunning import DunningPolicy
        >>> DunningPolicy in input_strategies()
        True
    """
    from receivables.bankfiles import (
        BankAccount,
        BankStatement,
        Party,
        ReferredDocument,
        StatementEntry,
        Transaction,
    )

    return {
        **core_input_strategies(),
        BankAccount: bank_accounts(),
        BankStatement: bank_statements(),
        Party: parties(),
        ReferredDocument: referred_documents(),
        StatementEntry: statement_entries(),
        Transaction: bank_transactions(),
    }


def core_input_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each input type defined here outside the edge (no bank-file type), as
    registered for ``st.from_type``.

    Examples:
        >>> from receivables.bankfiles import BankStatement
        >>> BankStatement in core_input_strategies()
        False
    """
    return {
        AccountMap: account_maps(),
        Adjustment: adjustments(),
        ApprovalLevel: approval_levels(),
        Buckets: aging_buckets(),
        Characteristic: characteristics(),
        CreditLimitPolicy: credit_limit_policies(),
        DiscountTier: discount_tiers(),
        Dispute: disputes(),
        DunningLevel: dunning_levels(),
        DunningPolicy: dunning_policies(),
        EvidenceConfidence: evidence_confidences(),
        Fee: fees(),
        FinancialStatements: financial_statements(),
        HolidayCalendar: holiday_calendars(),
        Instalment: instalments(),
        LossPeriod: loss_periods(),
        MatchPolicy: match_policies(),
        NoticeRecord: notice_records(),
        OrderCheckPolicy: order_check_policies(),
        Overlay: overlays(),
        PdoScaling: pdo_scalings(),
        PolicyAssignment: policy_assignments(),
        PromiseToPay: promises_to_pay(),
        ProvisionMatrix: provision_matrices(),
        RateTable: rate_tables(),
        ReceivableHistory: receivable_histories(),
        ReferenceRate: reference_rates(),
        ReferenceRates: reference_rate_sets(),
        ReferralPolicy: referral_policies(),
        Remittance: remittances(),
        RemittanceLine: remittance_lines(),
        RiskClass: risk_classes(),
        RollRates: roll_rate_sets(),
        Scorecard: scorecards(),
        SpecificReserve: specific_reserves(),
        TermsPolicy: terms_policies(),
        TermsRequest: terms_requests(),
        WeekendCalendar: weekend_calendars(),
        WorklistWeights: worklist_weights(),
        WriteOffPolicy: write_off_policies(),
    }
