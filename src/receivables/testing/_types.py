"""The value types that have a registered strategy (no hypothesis import here).

The bank-file types, the adapters' ``ColumnMap`` and the letters' ``Creditor`` and
``LetterTemplate`` (the edge) are left out, so that importing hypothesis never imports the edge;
:func:`receivables.testing.type_strategies` has them too.
"""

from __future__ import annotations

from typing import Final

from receivables.aging import Buckets
from receivables.allowance import (
    AccountMap,
    ApprovalLevel,
    LossPeriod,
    Overlay,
    ProvisionMatrix,
    ReceivableHistory,
    RollRates,
    SpecificReserve,
    WriteOffPolicy,
)
from receivables.calendar import HolidayCalendar, WeekendCalendar
from receivables.cashapp import EvidenceConfidence, MatchPolicy, Remittance, RemittanceLine
from receivables.credit import (
    Characteristic,
    CreditLimitPolicy,
    FinancialStatements,
    OrderCheckPolicy,
    PdoScaling,
    RiskClass,
    Scorecard,
    TermsPolicy,
    TermsRequest,
)
from receivables.documents import (
    Adjustment,
    CreditMemo,
    Customer,
    Dispute,
    Invoice,
    Payment,
    Portfolio,
    PromiseToPay,
)
from receivables.dunning import (
    DunningLevel,
    DunningPolicy,
    Fee,
    NoticeRecord,
    PolicyAssignment,
    ReferenceRate,
    ReferenceRates,
    ReferralPolicy,
    WorklistWeights,
)
from receivables.fx import ExchangeRate, RateTable
from receivables.money import Currency, Money
from receivables.terms import DiscountTier, Instalment, PaymentTerms

STRATEGY_TYPES: Final[tuple[type, ...]] = (
    Currency,
    Money,
    ExchangeRate,
    PaymentTerms,
    Customer,
    Invoice,
    CreditMemo,
    Payment,
    Portfolio,
    AccountMap,
    Adjustment,
    ApprovalLevel,
    Buckets,
    Characteristic,
    CreditLimitPolicy,
    DiscountTier,
    Dispute,
    DunningLevel,
    DunningPolicy,
    EvidenceConfidence,
    Fee,
    FinancialStatements,
    HolidayCalendar,
    Instalment,
    LossPeriod,
    MatchPolicy,
    NoticeRecord,
    OrderCheckPolicy,
    Overlay,
    PdoScaling,
    PolicyAssignment,
    PromiseToPay,
    ProvisionMatrix,
    RateTable,
    ReceivableHistory,
    ReferenceRate,
    ReferenceRates,
    ReferralPolicy,
    Remittance,
    RemittanceLine,
    RiskClass,
    RollRates,
    Scorecard,
    SpecificReserve,
    TermsPolicy,
    TermsRequest,
    WeekendCalendar,
    WorklistWeights,
    WriteOffPolicy,
)
