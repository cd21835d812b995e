"""Credit: financial ratios and Z-scores, scorecards, credit limits, order and terms decisions.

Examples:
    >>> from receivables import Customer, Money
    >>> customer = Customer("C-1", "Acme", "USD", credit_limit=Money("20000", "USD"))
    >>> check_order(Money("5000", "USD"), customer=customer,
    ...             open_receivables=Money("9000", "USD")).action
    <OrderAction.RELEASE: 'release'>
"""

from __future__ import annotations

from receivables.credit.decisions import (
    OrderAction,
    OrderCheckPolicy,
    OrderDecision,
    TermsDecision,
    TermsOutcome,
    TermsPolicy,
    TermsRequest,
    check_order,
    review_terms_extension,
)
from receivables.credit.limits import (
    CombineRule,
    CreditLimitPolicy,
    CreditLimitRecommendation,
    MethodFigure,
    recommend_credit_limit,
    sales_based_need,
    tangible_net_worth_limit,
    trade_reference_limit,
    working_capital_limit,
)
from receivables.credit.ratios import (
    FinancialStatements,
    ZScore,
    altman_z,
    altman_z_double_prime,
    altman_z_prime,
)
from receivables.credit.scorecard import (
    Characteristic,
    Contribution,
    PdoScaling,
    RiskClass,
    Scorecard,
    ScoreResult,
    payment_index,
)

__all__ = [
    "Characteristic",
    "CombineRule",
    "Contribution",
    "CreditLimitPolicy",
    "CreditLimitRecommendation",
    "FinancialStatements",
    "MethodFigure",
    "OrderAction",
    "OrderCheckPolicy",
    "OrderDecision",
    "PdoScaling",
    "RiskClass",
    "ScoreResult",
    "Scorecard",
    "TermsDecision",
    "TermsOutcome",
    "TermsPolicy",
    "TermsRequest",
    "ZScore",
    "altman_z",
    "altman_z_double_prime",
    "altman_z_prime",
    "check_order",
    "payment_index",
    "recommend_credit_limit",
    "review_terms_extension",
    "sales_based_need",
    "tangible_net_worth_limit",
    "trade_reference_limit",
    "working_capital_limit",
]
