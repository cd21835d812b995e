"""Credit decisions: release or hold an order, and review a request for terms or a higher limit."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import (
    amount_in,
    days_field,
    decimal_field,
    exact_number,
    fraction_field,
    money_tuple,
    points_field,
    rate_field,
    require_money,
    values_of,
)
from receivables.convert import DataForm, DictForm, PolicyData
from receivables.documents import Customer
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidTypeError,
)
from receivables.explain import Reason
from receivables.money import Currency, Money, to_decimal

__all__ = [
    "OrderAction",
    "OrderCheckPolicy",
    "OrderDecision",
    "TermsDecision",
    "TermsOutcome",
    "TermsPolicy",
    "TermsRequest",
    "check_order",
    "review_terms_extension",
]

_ZERO: Final = Decimal(0)


def _labels(value: Iterable[str]) -> tuple[str, ...]:
    labels = values_of(value, "review_risk_classes")
    for label in labels:
        if not isinstance(label, str):
            raise InvalidTypeError(f"risk classes are str, got {shown(label)}")
    return tuple(sorted(labels))


class OrderAction(enum.Enum):
    """Release an order or hold it for a credit analyst.

    Examples:
        >>> OrderAction.HOLD.value
        'hold'
    """

    RELEASE = "release"
    HOLD = "hold"


@attrs.frozen
class OrderCheckPolicy(PolicyData):
    """When an order is held.

    * ``over_limit_tolerance``: exposure may exceed the limit by this share before a hold.
    * ``past_due_days``: an amount past due by more than this many days holds the order, when
      it exceeds ``past_due_tolerance`` for the currency (none given: any amount).
    * ``review_risk_classes``: risk classes whose orders are always reviewed.
    * ``hold_without_limit``: hold orders of customers with no credit limit set.

    Ranges: ``over_limit_tolerance`` from 0 to 1 (nonzero: at least 1E-12),
    ``past_due_days`` from 0 to 36,600.

    Examples:
        >>> OrderCheckPolicy.from_dict({"over_limit_tolerance": "0.05",
        ...                             "review_risk_classes": ["D"]}).review_risk_classes
        ('D',)
    """

    over_limit_tolerance: Decimal = attrs.field(
        default=Decimal("0.10"), converter=exact_number, validator=fraction_field
    )
    past_due_days: int = attrs.field(default=30, validator=days_field())
    past_due_tolerance: tuple[Money, ...] = attrs.field(default=(), converter=money_tuple)
    review_risk_classes: tuple[str, ...] = attrs.field(default=(), converter=_labels)
    hold_without_limit: bool = True

    def tolerance_for(self, currency: Currency) -> Money:
        """The past-due amount tolerated in ``currency`` (zero when none is set).

        Examples:
            >>> OrderCheckPolicy().tolerance_for(Currency("USD"))
            Money('0', 'USD')
        """
        found = amount_in(self.past_due_tolerance, currency)
        return found if found is not None else Money.zero(currency)


@attrs.frozen
class OrderDecision(DictForm):
    """Release or hold, with the exposure, limit and headroom, and the reasons.

    ``exposure`` is open receivables plus open orders plus this order; ``headroom`` the limit
    less the exposure (negative when over).

    Examples:
        >>> c = Customer("C-1", "Acme", "USD", credit_limit=Money("10000", "USD"))
        >>> decision = check_order(Money("2000", "USD"), customer=c,
        ...                        open_receivables=Money("3000", "USD"))
        >>> decision.action, decision.exposure, decision.headroom
        (<OrderAction.RELEASE: 'release'>, Money('5000', 'USD'), Money('5000', 'USD'))
    """

    action: OrderAction
    exposure: Money
    limit: Money | None
    headroom: Money | None
    reasons: tuple[Reason, ...]


@in_context
def check_order(
    order: Money,
    *,
    customer: Customer,
    open_receivables: Money,
    open_orders: Money | None = None,
    past_due: Money | None = None,
    oldest_days_past_due: int = 0,
    on_credit_hold: bool = False,
    policy: OrderCheckPolicy | None = None,
) -> OrderDecision:
    """Release or hold an order against the customer's credit limit and payment record.

    Holds, each with its reason: a customer on credit hold; a risk class the policy always
    reviews; no credit limit (when the policy says so); exposure over the limit by more than the
    tolerance; an amount past due beyond the tolerance by more than the policy's days. An order
    that stays within the limit with nothing past due is released unless a flag says otherwise.

    Examples:
        >>> c = Customer("C-1", "Acme", "USD", credit_limit=Money("10000", "USD"))
        >>> held = check_order(Money("4000", "USD"), customer=c,
        ...                    open_receivables=Money("6000", "USD"),
        ...                    open_orders=Money("1500", "USD"))
        >>> held.action, [r.code for r in held.reasons]
        (<OrderAction.HOLD: 'hold'>, ['credit.over_limit'])
    """
    policy = OrderCheckPolicy() if policy is None else policy
    if not isinstance(customer, Customer):
        raise InvalidTypeError(f"customer must be a Customer, not {type(customer).__name__}")
    require_money(order, "order")
    currency = order.currency
    zero = Money.zero(currency)
    amounts = {
        "open_receivables": open_receivables,
        "open_orders": open_orders if open_orders is not None else zero,
        "past_due": past_due if past_due is not None else zero,
    }
    for name, amount in amounts.items():
        require_money(amount, name)
        if amount.currency is not currency:
            raise CurrencyMismatchError(f"{name} is in {amount.currency}, the order in {currency}")
    if order.is_negative:
        raise InvalidAmountError(f"an order cannot be negative, got {order}")
    if type(oldest_days_past_due) is not int or oldest_days_past_due < 0:
        raise InvalidAmountError("oldest_days_past_due must be a non-negative int")
    exposure = amounts["open_receivables"] + amounts["open_orders"] + order
    limit = customer.credit_limit
    if limit is not None and limit.currency is not currency:
        raise CurrencyMismatchError(
            f"the credit limit is in {limit.currency}, the order in {currency}"
        )
    headroom = limit - exposure if limit is not None else None
    reasons: list[Reason] = []
    if on_credit_hold:
        reasons.append(Reason.of("credit.hold_flag", f"{customer.id} is on credit hold"))
    if customer.risk_class is not None and customer.risk_class in policy.review_risk_classes:
        reasons.append(
            Reason.of(
                "credit.risk_class_review",
                f"risk class {customer.risk_class} orders are always reviewed",
                risk_class=customer.risk_class,
            )
        )
    if limit is None:
        if policy.hold_without_limit:
            reasons.append(Reason.of("credit.no_limit", f"{customer.id} has no credit limit set"))
    else:
        allowed = limit + limit * policy.over_limit_tolerance
        if exposure > allowed:
            reasons.append(
                Reason.of(
                    "credit.over_limit",
                    f"exposure {exposure} (open {amounts['open_receivables']}, orders "
                    f"{amounts['open_orders']}, this order {order}) exceeds the limit {limit} "
                    f"plus {policy.over_limit_tolerance} tolerance",
                    exposure=exposure,
                    limit=limit,
                    tolerance=policy.over_limit_tolerance,
                )
            )
    tolerated = policy.tolerance_for(currency)
    if amounts["past_due"] > tolerated and oldest_days_past_due > policy.past_due_days:
        reasons.append(
            Reason.of(
                "credit.past_due",
                f"{amounts['past_due']} past due, the oldest {oldest_days_past_due} days "
                f"(policy: {policy.past_due_days} days, tolerance {tolerated})",
                past_due=amounts["past_due"],
                oldest_days_past_due=oldest_days_past_due,
            )
        )
    if reasons:
        return OrderDecision(OrderAction.HOLD, exposure, limit, headroom, tuple(reasons))
    explanation = (
        f"exposure {exposure} within the limit {limit}" if limit is not None else "no limit needed"
    )
    return OrderDecision(
        OrderAction.RELEASE,
        exposure,
        limit,
        headroom,
        (
            Reason.of(
                "credit.within_limit",
                f"{explanation} and nothing past due beyond policy",
                exposure=exposure,
            ),
        ),
    )


class TermsOutcome(enum.Enum):
    """The answer to a request for longer terms or a higher limit.

    Examples:
        >>> TermsOutcome.APPROVE_WITH_CONDITIONS.value
        'approve_with_conditions'
    """

    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    DECLINE = "decline"


@attrs.frozen
class TermsRequest(DataForm):
    """A customer's request: longer terms (days), a higher limit, or both.

    Examples:
        >>> TermsRequest(current_terms_days=30, requested_terms_days=45).wants_longer_terms
        True
    """

    current_terms_days: int = 0
    requested_terms_days: int = 0
    current_limit: Money | None = None
    requested_limit: Money | None = None

    @property
    def wants_longer_terms(self) -> bool:
        """Whether the request asks for more days.

        Examples:
            >>> TermsRequest().wants_longer_terms
            False
        """
        return self.requested_terms_days > self.current_terms_days

    @property
    def wants_higher_limit(self) -> bool:
        """Whether the request asks for a higher limit.

        Examples:
            >>> TermsRequest(current_limit=Money("1", "USD"),
            ...              requested_limit=Money("2", "USD")).wants_higher_limit
            True
        """
        return self.requested_limit is not None and (
            self.current_limit is None or self.requested_limit > self.current_limit
        )


@attrs.frozen
class TermsPolicy(PolicyData):
    """When longer terms or a higher limit are granted.

    A request is approved when the score reaches ``approve_score``, the payment index reaches
    ``min_payment_index``, the past-due share of exposure is at most ``max_past_due_share``,
    the terms stay within ``max_terms_days`` and the limit grows by at most
    ``max_limit_increase``; approved with conditions when the score reaches
    ``conditional_score`` and nothing else fails (conditions: a personal guarantee or security,
    a review after ``review_after_days``); declined otherwise.

    Ranges: scores within +/- 1,000,000 points; ``min_payment_index`` 0 to 100 (the index's
    scale); ``max_past_due_share`` 0 to 1; ``max_limit_increase`` 0 to 100 (a limit may grow
    at most a hundredfold); days fields 0 to 36,600; nonzero numbers at least 1E-12.

    Examples:
        >>> TermsPolicy.from_dict({"approve_score": "620"}).approve_score
        Decimal('620')
    """

    approve_score: Decimal = attrs.field(
        default=Decimal(600), converter=to_decimal, validator=points_field
    )
    conditional_score: Decimal = attrs.field(
        default=Decimal(550), converter=to_decimal, validator=points_field
    )
    min_payment_index: Decimal = attrs.field(
        default=Decimal(70), converter=to_decimal, validator=decimal_field(0, 100)
    )
    max_past_due_share: Decimal = attrs.field(
        default=Decimal("0.10"), converter=exact_number, validator=fraction_field
    )
    max_terms_days: int = attrs.field(default=90, validator=days_field())
    max_limit_increase: Decimal = attrs.field(
        default=Decimal("0.5"), converter=to_decimal, validator=rate_field(high=100)
    )
    review_after_days: int = attrs.field(default=90, validator=days_field())


@attrs.frozen
class TermsDecision(DictForm):
    """The outcome, its conditions and the reasons.

    Examples:
        >>> TermsDecision(TermsOutcome.DECLINE, (), ()).outcome.value
        'decline'
    """

    outcome: TermsOutcome
    conditions: tuple[str, ...]
    reasons: tuple[Reason, ...]


@in_context
def review_terms_extension(
    request: TermsRequest,
    *,
    score: Decimal | int | str,
    payment_index: Decimal | int | str | None,
    exposure: Money,
    past_due: Money,
    policy: TermsPolicy | None = None,
) -> TermsDecision:
    """Approve, approve with conditions, or decline a request for longer terms or a higher
    limit, from the score, the payment history, the exposure and the policy.

    Examples:
        >>> request = TermsRequest(current_terms_days=30, requested_terms_days=45)
        >>> usd = lambda a: Money(a, "USD")
        >>> review_terms_extension(request, score=640, payment_index=82, exposure=usd("50000"),
        ...                        past_due=usd("1000")).outcome
        <TermsOutcome.APPROVE: 'approve'>
        >>> decision = review_terms_extension(request, score=570, payment_index=75,
        ...                                   exposure=usd("50000"), past_due=usd("1000"))
        >>> decision.outcome, decision.conditions
        (<TermsOutcome.APPROVE_WITH_CONDITIONS: 'approve_with_conditions'>, \
('personal guarantee or security', 'review after 90 days'))
    """
    policy = TermsPolicy() if policy is None else policy
    points = to_decimal(score, what="score")
    index = None if payment_index is None else to_decimal(payment_index, what="payment index")
    require_money(exposure, "exposure")
    require_money(past_due, "past_due")
    if past_due.currency is not exposure.currency:
        raise CurrencyMismatchError("past_due and exposure are in different currencies")
    failures: list[Reason] = []
    passes: list[Reason] = []
    if request.wants_longer_terms and request.requested_terms_days > policy.max_terms_days:
        failures.append(
            Reason.of(
                "credit.terms_too_long",
                f"{request.requested_terms_days} days exceeds the policy's {policy.max_terms_days}",
                requested_days=request.requested_terms_days,
                max_days=policy.max_terms_days,
            )
        )
    if request.wants_higher_limit and request.current_limit is not None:
        assert request.requested_limit is not None
        if request.current_limit.is_positive:
            growth = CONTEXT.divide(
                (request.requested_limit - request.current_limit).amount,
                request.current_limit.amount,
            )
            if growth > policy.max_limit_increase:
                failures.append(
                    Reason.of(
                        "credit.limit_increase_too_large",
                        f"the limit would grow by {growth * 100:.0f}%, above the policy's "
                        f"{policy.max_limit_increase * 100:.0f}%",
                        increase=growth,
                        max_increase=policy.max_limit_increase,
                    )
                )
    share = CONTEXT.divide(past_due.amount, exposure.amount) if exposure.is_positive else _ZERO
    if share > policy.max_past_due_share:
        failures.append(
            Reason.of(
                "credit.past_due",
                f"{share * 100:.1f}% of exposure is past due "
                f"(policy {policy.max_past_due_share * 100:.0f}%)",
                past_due_share=share,
            )
        )
    if index is None or index < policy.min_payment_index:
        failures.append(
            Reason.of(
                "credit.payment_index_low",
                f"payment index {index if index is not None else 'unavailable'} below "
                f"{policy.min_payment_index}",
                payment_index=index,
                minimum=policy.min_payment_index,
            )
        )
    else:
        passes.append(
            Reason.of(
                "credit.payment_index_ok",
                f"payment index {index} meets {policy.min_payment_index}",
                payment_index=index,
            )
        )
    if failures or points < policy.conditional_score:
        if points < policy.conditional_score:
            failures.append(
                Reason.of(
                    "credit.score_low",
                    f"score {points} below the {policy.conditional_score} needed even with "
                    "conditions",
                    score=points,
                    minimum=policy.conditional_score,
                )
            )
        return TermsDecision(TermsOutcome.DECLINE, (), tuple(failures))
    if points < policy.approve_score:
        conditions = (
            "personal guarantee or security",
            f"review after {policy.review_after_days} days",
        )
        reasons = (
            Reason.of(
                "credit.score_conditional",
                f"score {points} between {policy.conditional_score} and {policy.approve_score}: "
                "approved with conditions",
                score=points,
            ),
            *passes,
        )
        return TermsDecision(TermsOutcome.APPROVE_WITH_CONDITIONS, conditions, reasons)
    return TermsDecision(
        TermsOutcome.APPROVE,
        (),
        (
            Reason.of(
                "credit.score_ok",
                f"score {points} meets {policy.approve_score}",
                score=points,
            ),
            *passes,
        ),
    )
