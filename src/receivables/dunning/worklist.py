"""The collector's worklist: accounts ranked by a documented, configurable priority score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import all_of, by_id, days_field, require_date
from receivables.convert import DataForm, DictForm
from receivables.documents import (
    Customer,
    Dispute,
    OpenItem,
    PromiseToPay,
    open_items,
    open_items_by_instalment,
)
from receivables.errors import CurrencyMismatchError, InvalidPolicyError, InvalidTypeError
from receivables.explain import Reason
from receivables.forecast.behaviour import PaymentBehaviour
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
class WorklistWeights(DataForm):
    """How the worklist score is built: five factors, each between 0 and 1, times its weight.

    * ``amount``: past-due amount, on a log scale up to ``amount_cap`` (in ``base_currency``; with
      no rate table, accounts in other currencies are scaled against the cap's number as is):
      ``log10(1 + past_due) / log10(1 + cap)``, capped at 1.
    * ``age``: days past due of the oldest item over ``age_cap_days``, capped at 1.
      (``amount_cap`` must be positive and ``age_cap_days`` from 1 to 36,600: both divide.)
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
    amount_cap: Money = attrs.field(default=_DEFAULT_CAP)
    age_cap_days: int = attrs.field(default=180, validator=days_field(1))
    risk_factors: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(("A", Decimal("0.1")), ("B", Decimal("0.35")), ("C", Decimal("0.7")), ("D", _ONE)),
        converter=_risk_points,
    )

    @amount_cap.validator
    def _positive_cap(self, attribute: attrs.Attribute[Any], value: object) -> None:
        # Zero would divide by a zero log10(1 + cap) in every score.
        if not isinstance(value, Money):
            raise InvalidTypeError(f"amount_cap must be Money, not {type(value).__name__}")
        if not value.is_positive:
            raise InvalidPolicyError(f"amount_cap must be positive, got {value}")

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
class WorklistEntry(DictForm):
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
    by_currency: bool = False,
    behaviour: PaymentBehaviour | None = None,
) -> tuple[WorklistEntry, ...]:
    """Rank accounts (customer and currency) with something past due for the collectors.

    The score is the weighted sum of the factors in :class:`WorklistWeights`; ties break by
    past-due amount, then customer id. ``rates`` (optional) converts past-due amounts into the
    cap's currency for the amount factor and the tie-break, so accounts in different currencies
    compare fairly. Accounts past due in more than one currency are never ranked by their raw
    numbers: without ``rates`` that is a :class:`~receivables.errors.CurrencyMismatchError`,
    unless ``by_currency=True`` asks for one ranking per currency (entries grouped by currency
    code, ranks and ``top`` per currency). Each entry's reasons give every factor's figure and
    contribution. Time is linear in the items and promises.

    Given a ``behaviour`` (:class:`~receivables.forecast.PaymentBehaviour` fitted on the ledger's
    history), accounts rank first by their expected loss of delay: the sum over their undisputed
    open items of amount x the chance it is paid after its due date (1 for what is already past
    due), converted like the amount factor; the score breaks ties. The figure is in the reason
    ``dunning.worklist_expected_delay``.

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
        >>> yen = Invoice("I-3", "C-3", dt.date(2026, 1, 1), Money("90000", "JPY"),
        ...               due_date=dt.date(2026, 2, 1))
        >>> [(e.currency.code, e.rank) for e in collection_worklist(
        ...     items + [yen], as_of=dt.date(2026, 3, 1), by_currency=True)]
        [('JPY', 1), ('USD', 1), ('USD', 2)]
    """
    require_date(as_of, "as_of")
    weights = WorklistWeights() if weights is None else weights
    if not isinstance(weights, WorklistWeights):
        raise InvalidTypeError(f"weights must be WorklistWeights, not {type(weights).__name__}")
    if type(by_currency) is not bool:
        raise InvalidTypeError(f"by_currency must be a bool, not {shown(by_currency)}")
    if rates is not None and not isinstance(rates, RateTable):
        raise InvalidTypeError(f"rates must be a RateTable, not {type(rates).__name__}")
    if behaviour is not None and not isinstance(behaviour, PaymentBehaviour):
        raise InvalidTypeError(
            f"behaviour must be a PaymentBehaviour or None, not {type(behaviour).__name__}"
        )
    delays: dict[tuple[str, Currency], Decimal] = {}
    people = by_id(Customer, "customers", customers)
    open_disputes = {
        d.invoice_id for d in all_of(Dispute, "disputes", disputes) if d.is_open(as_of)
    }
    # Promises are indexed once by account: scanning them per account made the list quadratic.
    promised: dict[tuple[str, Currency], list[PromiseToPay]] = {}
    for promise in all_of(PromiseToPay, "promises", promises):
        promised.setdefault((promise.customer_id, promise.amount.currency), []).append(promise)

    accounts: dict[tuple[str, Currency], list[OpenItem]] = {}
    balances: dict[str, dict[Currency, Decimal]] = {}
    # An invoice on instalment terms counts by its instalments: only the overdue ones are late.
    for item in open_items_by_instalment(open_items(items)):
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
        late_ids = {i.document_id for i in late}
        broken = sum(
            1
            for p in promised.get((customer_id, currency), ())
            if as_of > p.promised_date
            and (not p.invoice_ids or any(i in late_ids for i in p.invoice_ids))
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
        if behaviour is not None:
            expected = _expected_delay(behaviour, account, open_disputes, as_of, currency)
            delays[customer_id, currency] = (
                rates.convert(expected, cap.currency, on=as_of).amount.amount
                if rates is not None and currency is not cap.currency
                else expected.amount
            )
            reasons = (
                *reasons,
                Reason.of(
                    "dunning.worklist_expected_delay",
                    f"expected loss of delay {expected}: open amounts x the chance each is paid "
                    "after its due date",
                    expected_delay=expected,
                ),
            )
        entries.append(
            _Ranked(
                score,
                scaled.amount,
                customer_id,
                currency,
                breakdown,
                past_due,
                oldest,
                broken,
                reasons,
            )
        )
    currencies = {entry.currency for entry in entries}
    if len(currencies) > 1 and rates is None and not by_currency:
        shown_codes = ", ".join(sorted(c.code for c in currencies))
        raise CurrencyMismatchError(
            f"accounts are past due in {len(currencies)} currencies ({shown_codes}): ranking "
            "them needs rates=RateTable(...) to convert, or by_currency=True for one ranking "
            "per currency; raw amounts in different currencies are not comparable"
        )
    # The tie-break compares amounts: converted ones when rates are given, otherwise amounts of
    # one currency (the check above, or a ranking per currency).
    if behaviour is not None:
        entries.sort(
            key=lambda e: (
                -delays[e.customer_id, e.currency],
                -e.score,
                -e.scaled,
                e.customer_id,
                e.currency.code,
            )
        )
    else:
        entries.sort(key=lambda e: (-e.score, -e.scaled, e.customer_id, e.currency.code))
    groups: dict[str, list[_Ranked]] = {}
    for entry in entries:
        groups.setdefault(entry.currency.code if by_currency else "", []).append(entry)
    ranked: list[WorklistEntry] = []
    for key in sorted(groups):
        group = groups[key] if top is None else groups[key][:top]
        ranked.extend(
            WorklistEntry(
                rank,
                e.customer_id,
                e.currency,
                e.score,
                e.breakdown,
                e.past_due,
                e.oldest,
                e.broken,
                e.reasons,
            )
            for rank, e in enumerate(group, start=1)
        )
    return tuple(ranked)


def _expected_delay(
    behaviour: PaymentBehaviour,
    account: list[OpenItem],
    open_disputes: set[str],
    as_of: dt.date,
    currency: Currency,
) -> Money:
    """Amount x probability of late payment, summed over the account's undisputed items."""
    total = _ZERO
    for item in account:
        if item.document_id in open_disputes:
            continue
        chance = behaviour.probability_late(item, as_of=as_of)
        total = CONTEXT.add(total, CONTEXT.multiply(item.open_balance.amount, chance))
    return Money(total, currency).round()


@attrs.frozen
class _Ranked:
    score: Decimal
    scaled: Decimal
    customer_id: str
    currency: Currency
    breakdown: tuple[tuple[str, Decimal], ...]
    past_due: Money
    oldest: int
    broken: int
    reasons: tuple[Reason, ...]
