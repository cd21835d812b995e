"""The collector's worklist: accounts ranked by a documented, configurable priority score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._validate import by_id, require_date
from receivables.documents import Customer, Dispute, OpenItem, PromiseToPay, open_items
from receivables.errors import InvalidPolicyError, InvalidTypeError
from receivables.explain import Reason
from receivables.fx import RateTable
from receivables.money import Currency, Money, to_decimal

__all__ = ["WorklistEntry", "WorklistWeights", "collection_worklist"]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_DEFAULT_CAP: Final = Money("1000000", "USD")


def _weight(value: Decimal | int | str) -> Decimal:
    weight = to_decimal(value, what="weight")
    if weight < 0:
        raise InvalidPolicyError(f"weights must not be negative, got {weight}")
    return weight


def _risk_points(value: Mapping[str, Decimal | int | str]) -> tuple[tuple[str, Decimal], ...]:
    pairs = []
    for key, points in sorted(dict(value).items()):
        share = to_decimal(points, what=f"risk class {key!r} factor")
        if not _ZERO <= share <= _ONE:
            raise InvalidPolicyError(f"risk class factors are fractions 0 to 1, got {key}={share}")
        pairs.append((key, share))
    return tuple(pairs)


@attrs.frozen
class WorklistWeights:
    """How the worklist score is built: five factors, each between 0 and 1, times its weight.

    * ``amount``: past-due amount, on a log scale up to ``amount_cap`` (in ``base_currency``; with
      no rate table, accounts in other currencies are scaled against the cap's number as is):
      ``log10(1 + past_due) / log10(1 + cap)``, capped at 1.
    * ``age``: days past due of the oldest item over ``age_cap_days``, capped at 1.
    * ``risk``: the customer's risk class factor from ``risk_factors`` (unknown classes 0.5).
    * ``broken_promises``: broken promises to pay, a third each, capped at 1.
    * ``exposure``: open balance over the credit limit, capped at 1 (0 without a limit).

    Disputed amounts do not count as past due for the score.

    Examples:
        >>> WorklistWeights().amount
        Decimal('40')
    """

    amount: Decimal = attrs.field(default=Decimal(40), converter=_weight)
    age: Decimal = attrs.field(default=Decimal(25), converter=_weight)
    risk: Decimal = attrs.field(default=Decimal(15), converter=_weight)
    broken_promises: Decimal = attrs.field(default=Decimal(10), converter=_weight)
    exposure: Decimal = attrs.field(default=Decimal(10), converter=_weight)
    amount_cap: Money = _DEFAULT_CAP
    age_cap_days: int = 180
    risk_factors: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(("A", Decimal("0.1")), ("B", Decimal("0.35")), ("C", Decimal("0.7")), ("D", _ONE)),
        converter=_risk_points,
    )

    def risk_factor(self, risk_class: str | None) -> Decimal:
        """The factor for a risk class (0.5 when unknown or missing).

        Examples:
            >>> WorklistWeights().risk_factor("D"), WorklistWeights().risk_factor(None)
            (Decimal('1'), Decimal('0.5'))
        """
        for key, factor in self.risk_factors:
            if key == risk_class:
                return factor
        return Decimal("0.5")


@attrs.frozen
class WorklistEntry:
    """An account on the worklist: its rank, score, the factors behind it, and the figures.

    ``breakdown`` holds each factor's contribution (factor x weight); they sum to ``score``.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> inv = Invoice("I", "C-1", dt.date(2026, 1, 1), Money("900", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> entry = collection_worklist([inv], as_of=dt.date(2026, 3, 2))[0]
        >>> entry.rank, entry.customer_id, [name for name, _ in entry.breakdown][:2]
        (1, 'C-1', ['amount', 'age'])
    """

    rank: int
    customer_id: str
    currency: Currency
    score: Decimal
    breakdown: tuple[tuple[str, Decimal], ...]
    past_due: Money
    oldest_days_past_due: int
    broken_promises: int
    reasons: tuple[Reason, ...]


@in_context
def collection_worklist(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    customers: Iterable[Customer] | Mapping[str, Customer] = (),
    disputes: Iterable[Dispute] = (),
    promises: Iterable[PromiseToPay] = (),
    weights: WorklistWeights | None = None,
    rates: RateTable | None = None,
    top: int | None = None,
) -> tuple[WorklistEntry, ...]:
    """Rank accounts (customer and currency) with something past due for the collectors.

    The score is the weighted sum of the factors in :class:`WorklistWeights`; ties break by
    past-due amount, then customer id. ``rates`` (optional) converts past-due amounts into the
    cap's currency for the amount factor, so accounts in different currencies compare fairly.
    Each entry's reasons give every factor's figure and contribution.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> items = [
        ...     Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("50000", "USD"),
        ...             due_date=dt.date(2026, 2, 1)),
        ...     Invoice("I-2", "C-2", dt.date(2026, 1, 1), Money("500", "USD"),
        ...             due_date=dt.date(2026, 2, 1)),
        ... ]
        >>> [e.customer_id for e in collection_worklist(items, as_of=dt.date(2026, 3, 1))]
        ['C-1', 'C-2']
    """
    require_date(as_of, "as_of")
    weights = WorklistWeights() if weights is None else weights
    if not isinstance(weights, WorklistWeights):
        raise InvalidTypeError(f"weights must be WorklistWeights, not {type(weights).__name__}")
    people = by_id(Customer, "customers", customers)
    open_disputes = {d.invoice_id for d in disputes if d.is_open(as_of)}
    promise_list = list(promises)

    accounts: dict[tuple[str, Currency], list[OpenItem]] = {}
    balances: dict[str, dict[Currency, Decimal]] = {}
    for item in open_items(items):
        if item.customer_id is None:
            continue
        balance = item.open_balance
        per_currency = balances.setdefault(item.customer_id, {})
        per_currency[balance.currency] = per_currency.get(balance.currency, _ZERO) + balance.amount
        if balance.is_positive:
            accounts.setdefault((item.customer_id, balance.currency), []).append(item)

    entries = []
    cap = weights.amount_cap
    log_cap = CONTEXT.log10(_ONE + cap.amount)
    for (customer_id, currency), account in accounts.items():
        late = [
            i
            for i in account
            if (as_of - i.due_date).days > 0 and i.document_id not in open_disputes
        ]
        if not late:
            continue
        past_due = Money.total((i.open_balance for i in late), currency)
        oldest = max((as_of - i.due_date).days for i in late)
        scaled = past_due
        if rates is not None and currency is not cap.currency:
            scaled = rates.convert(past_due, cap.currency, on=as_of).amount
        amount_factor = min(
            _ONE, CONTEXT.divide(CONTEXT.log10(_ONE + max(scaled.amount, _ZERO)), log_cap)
        )
        age_factor = min(_ONE, CONTEXT.divide(Decimal(oldest), Decimal(weights.age_cap_days)))
        customer = people.get(customer_id)
        risk_factor = weights.risk_factor(customer.risk_class if customer else None)
        broken = sum(
            1
            for p in promise_list
            if p.customer_id == customer_id
            and p.amount.currency is currency
            and as_of > p.promised_date
            and (not p.invoice_ids or any(i.document_id in p.invoice_ids for i in late))
        )
        broken_factor = min(_ONE, CONTEXT.divide(Decimal(broken), Decimal(3)))
        exposure_factor = _ZERO
        if customer is not None and customer.credit_limit is not None:
            open_balance = balances[customer_id].get(customer.credit_limit.currency, _ZERO)
            if customer.credit_limit.is_positive:
                exposure_factor = min(
                    _ONE, max(_ZERO, CONTEXT.divide(open_balance, customer.credit_limit.amount))
                )
            elif open_balance > 0:
                exposure_factor = _ONE
        factors = (
            ("amount", "dunning.worklist_amount", amount_factor, weights.amount),
            ("age", "dunning.worklist_age", age_factor, weights.age),
            ("risk", "dunning.worklist_risk", risk_factor, weights.risk),
            (
                "broken_promises",
                "dunning.worklist_broken_promises",
                broken_factor,
                weights.broken_promises,
            ),
            ("exposure", "dunning.worklist_exposure", exposure_factor, weights.exposure),
        )
        breakdown = tuple(
            (name, CONTEXT.multiply(factor, weight)) for name, _, factor, weight in factors
        )
        score = sum((value for _, value in breakdown), _ZERO)
        reasons = tuple(
            Reason.of(
                code,
                f"{name}: factor {factor:.3f} x weight {weight} = {value:.2f}",
                factor=factor,
                weight=weight,
            )
            for (name, code, factor, weight), (_, value) in zip(factors, breakdown, strict=True)
        )
        entries.append((score, past_due, customer_id, currency, breakdown, oldest, broken, reasons))
    entries.sort(key=lambda e: (-e[0], -e[1].amount, e[2], e[3].code))
    if top is not None:
        entries = entries[:top]
    return tuple(
        WorklistEntry(
            rank, customer_id, currency, score, breakdown, past_due, oldest, broken, reasons
        )
        for rank, (
            score,
            past_due,
            customer_id,
            currency,
            breakdown,
            oldest,
            broken,
            reasons,
        ) in enumerate(entries, start=1)
    )
