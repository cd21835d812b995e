"""Dunning and collections: policies, the dunning run, interest and fees, and the collector's
tools around them.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=3, customers=40, as_of=dt.date(2026, 6, 30))
    >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER),
    ...                         DunningLevel(2, 30, Action.FINAL_NOTICE)])
    >>> run = run_dunning(policy, book.open_items(), as_of=book.as_of, disputes=book.disputes,
    ...                   promises=book.promises, customers=book.customers)
    >>> all(n.total_due >= n.amount_demanded for n in run.notices)
    True
"""

from __future__ import annotations

from receivables.dunning.interest import (
    InterestPeriod,
    LatePaymentClaim,
    ReferenceRate,
    ReferenceRates,
    ReferenceRateSource,
    Regime,
    contractual_interest,
    customer_interest,
    late_payment_claim,
    regime_rule,
    simple_interest,
    statutory_claims,
)
from receivables.dunning.plans import (
    Frequency,
    PaymentPlan,
    PlanLine,
    SettlementOffer,
    payment_plan,
    settlement_offer,
)
from receivables.dunning.policy import (
    Action,
    CreditHandling,
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    Fee,
    FirstRun,
    PolicyAssignment,
)
from receivables.dunning.referral import (
    AgencyPacket,
    AgencyReferral,
    PacketItem,
    ReferralPolicy,
    recommend_agency_referrals,
)
from receivables.dunning.regimes import Fixing, RegimeRule
from receivables.dunning.run import (
    DunningNotice,
    DunningRun,
    NoticeCredit,
    NoticeLine,
    NoticeRecord,
    SkippedAccount,
    run_dunning,
)
from receivables.dunning.worklist import WorklistEntry, WorklistWeights, collection_worklist

__all__ = [
    "Action",
    "AgencyPacket",
    "AgencyReferral",
    "CreditHandling",
    "DunningLevel",
    "DunningNotice",
    "DunningPolicy",
    "DunningRun",
    "DunningScope",
    "EscalationMode",
    "Fee",
    "FirstRun",
    "Fixing",
    "Frequency",
    "InterestPeriod",
    "LatePaymentClaim",
    "NoticeCredit",
    "NoticeLine",
    "NoticeRecord",
    "PacketItem",
    "PaymentPlan",
    "PlanLine",
    "PolicyAssignment",
    "ReferenceRate",
    "ReferenceRateSource",
    "ReferenceRates",
    "ReferralPolicy",
    "Regime",
    "RegimeRule",
    "SettlementOffer",
    "SkippedAccount",
    "WorklistEntry",
    "WorklistWeights",
    "collection_worklist",
    "contractual_interest",
    "customer_interest",
    "late_payment_claim",
    "payment_plan",
    "recommend_agency_referrals",
    "regime_rule",
    "run_dunning",
    "settlement_offer",
    "simple_interest",
    "statutory_claims",
]
