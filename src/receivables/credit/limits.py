"""Credit-limit recommendations: each method a credit department uses, and how they combine."""

from __future__ import annotations

import decimal
import enum
import statistics
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import (
    exact_number,
    fraction_field,
    pairs_of,
    require_decimal_in,
    require_money,
)
from receivables.convert import DictForm, PolicyData
from receivables.credit.ratios import FinancialStatements
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidPolicyError,
    InvalidTypeError,
)
from receivables.explain import Reason
from receivables.money import Currency, Money, to_decimal, trusted_money

__all__ = [
    "CombineRule",
    "CreditLimitPolicy",
    "CreditLimitRecommendation",
    "MethodFigure",
    "recommend_credit_limit",
    "sales_based_need",
    "tangible_net_worth_limit",
    "trade_reference_limit",
    "working_capital_limit",
]

_ZERO: Final = Decimal(0)
_THIRTY: Final = Decimal(30)
MAX_INCREMENT: Final = Decimal("1E+12")
"""The largest rounding ``increment`` of a credit limit: one trillion."""


def _fraction(value: Decimal | int | str) -> Decimal:
    share = to_decimal(value, what="rate")
    if not _ZERO <= share <= 1:
        raise InvalidPolicyError(f"a rate is a fraction between 0 and 1, got {shown(share)}")
    return share


@in_context
def tangible_net_worth_limit(statements: FinancialStatements, rate: Decimal | int | str) -> Money:
    """``rate`` of tangible net worth (book equity less intangibles), never below zero.

    Examples:
        >>> fs = FinancialStatements(book_equity=Money("500000", "USD"),
        ...                          intangible_assets=Money("100000", "USD"))
        >>> tangible_net_worth_limit(fs, "0.10")
        Money('40000.00', 'USD')
    """
    worth = statements.tangible_net_worth()
    return _floor_zero(worth * _fraction(rate))


@in_context
def working_capital_limit(statements: FinancialStatements, rate: Decimal | int | str) -> Money:
    """``rate`` of working capital (current assets less current liabilities), never below zero.

    Examples:
        >>> fs = FinancialStatements(current_assets=Money("300000", "USD"),
        ...                          current_liabilities=Money("200000", "USD"))
        >>> working_capital_limit(fs, "0.2")
        Money('20000.00', 'USD')
    """
    return _floor_zero(statements.working_capital() * _fraction(rate))


@in_context
def sales_based_need(
    monthly_purchases: Money, terms_days: int, expected_days_beyond_terms: int = 0
) -> Money:
    """What the customer needs to buy on its terms: ``monthly purchases x (terms + expected days
    beyond terms) / 30``.

    Examples:
        >>> sales_based_need(Money("60000", "USD"), 30, 15)
        Money('90000.00', 'USD')
    """
    require_money(monthly_purchases, "monthly_purchases")
    if monthly_purchases.is_negative:
        raise InvalidAmountError(f"monthly purchases cannot be negative, got {monthly_purchases}")
    for name, days in (
        ("terms_days", terms_days),
        ("expected_days_beyond_terms", expected_days_beyond_terms),
    ):
        if type(days) is not int or days < 0:
            raise InvalidAmountError(f"{name} must be a non-negative int, got {shown(days)}")
    days_total = Decimal(terms_days + expected_days_beyond_terms)
    return (monthly_purchases * CONTEXT.divide(days_total, _THIRTY)).round()


@in_context
def trade_reference_limit(highest_credits: Iterable[Money]) -> Money:
    """The highest credit any trade reference reports extending.

    Examples:
        >>> trade_reference_limit([Money("25000", "USD"), Money("40000", "USD")])
        Money('40000.00', 'USD')
    """
    credits = [require_money(m, "highest credit") for m in highest_credits]
    if not credits:
        raise InvalidAmountError("no trade references given")
    first = credits[0].currency
    for credit in credits:
        if credit.currency is not first:
            raise CurrencyMismatchError("trade references in several currencies")
    return max(credits).round()


def _floor_zero(money: Money) -> Money:
    rounded = money.round()
    return rounded if not rounded.is_negative else Money.zero(money.currency).round()


class CombineRule(enum.Enum):
    """How the methods' figures become one limit.

    Examples:
        >>> CombineRule("median")
        <CombineRule.MEDIAN: 'median'>
    """

    MINIMUM = "minimum"
    """The most conservative figure."""
    AVERAGE = "average"
    """The mean of the figures."""
    MEDIAN = "median"
    """The middle figure (the mean of the two middle ones for an even count)."""
    NEED_CAPPED_BY_FINANCIALS = "need_capped_by_financials"
    """The sales-based need, but no more than the smaller of the financial methods (TNW and
    working capital); without financials, the need capped by the bureau and trade figures."""


def _caps(
    value: Mapping[str, Money] | Iterable[tuple[str, Money]],
) -> tuple[tuple[str, Money], ...]:
    pairs = pairs_of(value, "risk_class_caps")
    for key, cap in pairs:
        if not isinstance(key, str):
            raise InvalidTypeError(f"risk classes are str, got {shown(key)}")
        if not isinstance(cap, Money):
            raise InvalidTypeError(f"the cap for {shown(key)} must be Money")
    return tuple(sorted(pairs, key=lambda pair: (pair[0], pair[1].currency.code)))


def _increment(value: Decimal | int | str) -> Decimal:
    step = to_decimal(value, what="rounding increment")
    if step <= 0:
        raise InvalidPolicyError(f"the rounding increment must be positive, got {shown(step)}")
    return require_decimal_in(step, "increment", 0, MAX_INCREMENT)


@attrs.frozen
class CreditLimitPolicy(PolicyData):
    """The credit department's rules for limits.

    ``tnw_rate`` and ``working_capital_rate`` are the shares of tangible net worth and working
    capital a limit may reach; ``combine`` the :class:`CombineRule`; ``risk_class_caps`` the most
    a risk class may get (per class, in the limit's currency); ``increment`` the step the final
    limit is rounded *down* to (1,000 by default).

    Ranges: the rates from 0 to 1 and ``increment`` above 0 up to one trillion, each with at
    most 34 significant digits and, unless zero, at least 1E-12.

    Examples:
        >>> policy = CreditLimitPolicy.from_dict({"tnw_rate": "0.1", "combine": "median",
        ...                                       "risk_class_caps": [["D", "10000 USD"]]})
        >>> policy.cap_for("D", Currency("USD"))
        Money('10000', 'USD')
    """

    tnw_rate: Decimal = attrs.field(
        default=Decimal("0.10"), converter=exact_number, validator=fraction_field
    )
    working_capital_rate: Decimal = attrs.field(
        default=Decimal("0.20"), converter=exact_number, validator=fraction_field
    )
    combine: CombineRule = CombineRule.NEED_CAPPED_BY_FINANCIALS
    risk_class_caps: tuple[tuple[str, Money], ...] = attrs.field(default=(), converter=_caps)
    increment: Decimal = attrs.field(default=Decimal(1000), converter=_increment)

    def cap_for(self, risk_class: str | None, currency: Currency) -> Money | None:
        """The cap for a risk class in ``currency``, if the policy sets one.

        Examples:
            >>> CreditLimitPolicy().cap_for("A", Currency("USD")) is None
            True
        """
        for key, cap in self.risk_class_caps:
            if key == risk_class and cap.currency is currency:
                return cap
        return None


@attrs.frozen
class MethodFigure(DictForm):
    """One method's figure (``None`` when its inputs were not given) and how it was reached.

    Examples:
        >>> MethodFigure("bureau", Money("5000", "USD"), "bureau recommendation").amount
        Money('5000', 'USD')
    """

    method: str
    amount: Money | None
    explanation: str


@attrs.frozen
class CreditLimitRecommendation(DictForm):
    """A recommended limit with every method's figure and why the final figure was chosen.

    Examples:
        >>> rec = recommend_credit_limit(Currency("USD"), bureau_limit=Money("12500", "USD"))
        >>> rec.limit, [m.method for m in rec.methods if m.amount is not None]
        (Money('12000', 'USD'), ['bureau'])
    """

    currency: Currency
    limit: Money
    methods: tuple[MethodFigure, ...]
    rule: CombineRule
    reasons: tuple[Reason, ...]


@in_context
def recommend_credit_limit(
    currency: str | Currency,
    *,
    statements: FinancialStatements | None = None,
    monthly_purchases: Money | None = None,
    terms_days: int = 30,
    expected_days_beyond_terms: int = 0,
    bureau_limit: Money | None = None,
    trade_references: Sequence[Money] = (),
    risk_class: str | None = None,
    policy: CreditLimitPolicy | None = None,
) -> CreditLimitRecommendation:
    """Recommend a credit limit from whatever the credit file holds.

    Methods, each used when its inputs are given: a share of tangible net worth and of working
    capital (from ``statements``), the sales-based need (``monthly_purchases`` on
    ``terms_days`` plus the expected days beyond terms), the bureau's recommendation and the
    highest credit from trade references. They combine by the policy's rule, then the risk class
    cap applies, then the figure is rounded down to the policy's increment. The result is never
    negative, and names every figure and each step.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> fs = FinancialStatements(
        ...     book_equity=usd("900000"), intangible_assets=usd("100000"),
        ...     current_assets=usd("600000"), current_liabilities=usd("350000"))
        >>> rec = recommend_credit_limit("USD", statements=fs, monthly_purchases=usd("40000"),
        ...                              terms_days=30, expected_days_beyond_terms=10,
        ...                              bureau_limit=usd("75000"))
        >>> [(m.method, str(m.amount)) for m in rec.methods]
        [('tangible_net_worth', '80000.00 USD'), ('working_capital', '50000.00 USD'), \
('sales_based_need', '53333.33 USD'), ('bureau', '75000 USD'), ('trade_references', 'None')]
        >>> rec.limit
        Money('50000', 'USD')
    """
    cur = Currency(currency)
    policy = CreditLimitPolicy() if policy is None else policy
    methods: list[MethodFigure] = []

    def add(name: str, amount: Money | None, explanation: str) -> None:
        if amount is not None and amount.currency is not cur:
            raise CurrencyMismatchError(f"{name} is in {amount.currency}, the limit in {cur}")
        methods.append(MethodFigure(name, amount, explanation))

    tnw = working = None
    if statements is not None:
        try:
            tnw = tangible_net_worth_limit(statements, policy.tnw_rate)
        except InvalidAmountError as error:
            add("tangible_net_worth", None, str(error))
        else:
            add("tangible_net_worth", tnw, f"{policy.tnw_rate} of tangible net worth")
        try:
            working = working_capital_limit(statements, policy.working_capital_rate)
        except InvalidAmountError as error:
            add("working_capital", None, str(error))
        else:
            add("working_capital", working, f"{policy.working_capital_rate} of working capital")
    else:
        add("tangible_net_worth", None, "no financial statements")
        add("working_capital", None, "no financial statements")
    need = None
    if monthly_purchases is not None:
        need = sales_based_need(monthly_purchases, terms_days, expected_days_beyond_terms)
        add(
            "sales_based_need",
            need,
            f"{monthly_purchases} a month x ({terms_days} + {expected_days_beyond_terms}) "
            "days / 30",
        )
    else:
        add("sales_based_need", None, "no expected purchases")
    add("bureau", bureau_limit, "bureau recommendation" if bureau_limit else "no bureau figure")
    trade = trade_reference_limit(trade_references) if trade_references else None
    add(
        "trade_references",
        trade,
        "highest credit from trade references" if trade else "no references",
    )

    figures = [m.amount for m in methods if m.amount is not None]
    if not figures:
        raise InvalidAmountError("no method has the inputs it needs: nothing to recommend from")
    reasons: list[Reason] = []
    rule = policy.combine
    if rule is CombineRule.MINIMUM:
        combined = min(figures)
    elif rule is CombineRule.AVERAGE:
        combined = (Money.total(figures, cur) / len(figures)).round()
    elif rule is CombineRule.MEDIAN:
        combined = trusted_money(statistics.median(m.amount for m in figures), cur).round()
    else:
        financial = [f for f in (tnw, working) if f is not None]
        caps = financial or [f for f in (bureau_limit, trade) if f is not None]
        base = need if need is not None else max(figures)
        combined = min([base, *caps]) if caps else base
    reasons.append(
        Reason.of(
            "credit.limit_methods",
            f"{len(figures)} methods combined by {rule.value}: {combined}",
            methods=len(figures),
            combined=combined,
        )
    )
    cap = policy.cap_for(risk_class, cur)
    if cap is not None and combined > cap:
        reasons.append(
            Reason.of(
                "credit.limit_capped",
                f"risk class {risk_class} is capped at {cap}",
                risk_class=risk_class,
                cap=cap,
            )
        )
        combined = cap
    step = policy.increment
    units = CONTEXT.divide(max(combined.amount, _ZERO), step).to_integral_value(
        rounding=decimal.ROUND_FLOOR
    )
    limit = trusted_money(CONTEXT.multiply(units, step), cur)
    reasons.append(
        Reason.of(
            "credit.limit_rounded",
            f"rounded down to a multiple of {step}: {limit}",
            increment=step,
            limit=limit,
        )
    )
    return CreditLimitRecommendation(cur, limit, tuple(methods), rule, tuple(reasons))
