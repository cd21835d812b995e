"""Settling and deciding: how a payment known to pay some items is applied, and whether it posts.

The evidence modules find *which* items a payment pays and how sure they are; this module turns
that into lines (cash, discount, write-off, deduction per item) and a status: ``MATCHED`` or
``PARTIAL`` when the confidence reaches the policy's bar, ``EXCEPTION`` below it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables.cashapp._ledger import Entry, discount_units, from_units, to_units
from receivables.cashapp.model import MatchPolicy, MatchStatus
from receivables.documents import Invoice, Payment
from receivables.explain import Reason
from receivables.money import Currency
from receivables.terms import DiscountTier

__all__: list[str] = []

ZERO: Final = Decimal(0)


@attrs.frozen
class Line:
    entry: Entry
    cash: int
    discount: int = 0
    write_off: int = 0
    deduction: int = 0
    deduction_reason: str | None = None


@attrs.frozen
class Plan:
    status: MatchStatus
    lines: tuple[Line, ...]
    confidence: Decimal
    reasons: tuple[Reason, ...]
    customer_id: str | None = None  # the payer, when identified without applying anything


def commit(plan: Plan) -> None:
    if plan.status in (MatchStatus.MATCHED, MatchStatus.PARTIAL):
        for line in plan.lines:
            line.entry.claimed = True


def amount_agrees(
    entries: Sequence[Entry], paid: int, paid_on: dt.date, policy: MatchPolicy
) -> bool:
    # Exact to the minor unit, gross or net of the discount the terms allow on the payment date:
    # an amount is independent evidence only when it fits exactly, since roughly right is what
    # any payment looks like.
    total = sum(e.remaining for e in entries)
    if total == paid:
        return True
    discount = sum(discount_units(policy, e, paid_on) for e in entries)
    return bool(discount) and total - discount == paid


def acceptable(entries: Sequence[Entry], paid: int, payment: Payment, policy: MatchPolicy) -> bool:
    """Whether the amounts agree, or differ by no more than a write-off the policy allows."""
    if amount_agrees(entries, paid, payment.received_date, policy):
        return True
    total = sum(e.remaining for e in entries)
    short = total - paid
    # Only a shortfall can be written off. Cash beyond what the references name is left to the
    # checks that follow: another item may fit the amount, or the excess stays on account.
    if short <= 0:
        return False
    # The tolerance is relative and absolute at once, so a small rate of a large invoice does
    # not write off a large sum.
    limit = policy.write_off_limit(payment.amount.currency)
    return Decimal(short) <= policy.write_off_rate * Decimal(total) and (
        limit is None or short <= to_units(limit)
    )


def exception_plan(code: str, message: str, **figures: str | int) -> Plan:
    return Plan(MatchStatus.EXCEPTION, (), ZERO, (Reason.of(code, message, **figures),))


def no_match_plan(payment: Payment, customer_id: str | None = None) -> Plan:
    whose = f" of {customer_id}" if customer_id else ""
    return Plan(
        MatchStatus.UNAPPLIED,
        (),
        ZERO,
        (
            Reason.of(
                "cashapp.no_match",
                f"no reference, remittance or amount{whose} identifies what {payment.id} pays",
                payment=payment.id,
            ),
        ),
        customer_id,
    )


def settle(
    payment: Payment,
    entries: Sequence[Entry],
    confidence: Decimal,
    reasons: list[Reason],
    policy: MatchPolicy,
    *,
    credits: Sequence[Entry] = (),
    partial_payment: bool = False,
) -> Plan:
    """Apply a payment to items it is known to pay, handling discounts and differences.

    ``credits`` are the payer's open credit memos not already in ``entries``: a shortfall equal
    to exactly one of them is that credit netted without a word. ``partial_payment`` is a payer
    who said so ("PARTIAL"): a shortfall is then the rest still owed, not a deduction.
    """
    currency = payment.amount.currency
    paid = to_units(payment.amount)
    total = sum(e.remaining for e in entries)
    discounts = {e.key_id: discount_units(policy, e, payment.received_date) for e in entries}
    net = total - sum(discounts.values())
    if paid == total:
        lines = [Line(e, e.remaining) for e in entries]
        return decide(lines, confidence, reasons, policy)
    if any(discounts.values()) and paid == net:
        lines = [Line(e, e.remaining - discounts[e.key_id], discounts[e.key_id]) for e in entries]
        taken = from_units(sum(discounts.values()), currency)
        reasons.append(
            Reason.of(
                "cashapp.discount_taken",
                f"the payment takes the {taken} early-payment discount the terms allow on "
                f"{payment.received_date}",
                discount=taken,
            )
        )
        return decide(lines, confidence, reasons, policy)
    if paid > total:
        lines = [Line(e, e.remaining) for e in entries]
        excess = from_units(paid - total, currency)
        reasons.append(
            Reason.of(
                "cashapp.overpayment",
                f"the payment exceeds the items named by {excess}; the excess stays on account",
                excess=excess,
            )
        )
        return decide(
            lines, min(confidence, policy.confidence.overpayment), reasons, policy, partial=True
        )
    # A shortfall equal to exactly one open credit memo of the payer: the payer netted it.
    netted = [
        c for c in credits if c.remaining == paid - total and all(c is not e for e in entries)
    ]
    if len(netted) == 1 and not partial_payment:
        credit = netted[0]
        lines = [Line(e, e.remaining) for e in entries]
        lines.append(Line(credit, credit.remaining))
        reasons.append(
            Reason.of(
                "cashapp.credit_memo_netted",
                f"the payment is short by exactly the open credit memo {credit.key_id}: the payer "
                "netted it, so both apply",
                credit=credit.key_id,
                amount=from_units(-credit.remaining, currency),
            )
        )
        return decide(lines, min(confidence, policy.confidence.netted_credit_memo), reasons, policy)
    # Short: against the net amount when a discount applies, else the gross.
    use_discount = any(discounts.values()) and paid < net
    owed = net if use_discount else total
    short = owed - paid
    last = entries[-1]
    limit = policy.write_off_limit(currency)
    within = (
        not partial_payment
        and last.remaining > 0
        and short <= last.remaining
        and Decimal(short) <= policy.write_off_rate * Decimal(owed)
        and (limit is None or short <= to_units(limit))
    )
    lines = []
    for entry in entries:
        discount = discounts[entry.key_id] if use_discount else 0
        lines.append(Line(entry, entry.remaining - discount, discount))
    shortfall = from_units(short, currency)
    if within:
        final = lines[-1]
        lines[-1] = Line(final.entry, final.cash - short, final.discount, short)
        reasons.append(
            Reason.of(
                "cashapp.short_payment",
                f"the payment is {shortfall} short, within tolerance: written off",
                short=shortfall,
                written_off=True,
            )
        )
        return decide(
            lines, min(confidence, policy.confidence.short_within_tolerance), reasons, policy
        )
    # Beyond tolerance: cash oldest first; the item where it runs out keeps the deduction.
    code = deduction_code(short, entries, policy, currency, partial_payment)
    remaining_cash = paid
    applied_lines = []
    for line in lines:
        if remaining_cash <= 0 and line.entry.remaining > 0:
            break
        cash = line.cash if line.entry.remaining < 0 else min(line.cash, remaining_cash)
        remaining_cash -= cash
        gap = line.cash - cash
        applied_lines.append(
            Line(
                line.entry,
                cash,
                line.discount if gap == 0 else 0,
                0,
                gap + (line.discount if gap else 0),
                code if gap else None,
            )
        )
    reasons.append(
        Reason.of(
            "cashapp.short_payment",
            f"the payment is {shortfall} short, beyond tolerance: applied oldest first, the "
            f"rest left open as a deduction ({_DEDUCTIONS[code]})",
            short=shortfall,
            written_off=False,
            deduction=code,
        )
    )
    return decide(
        applied_lines, min(confidence, policy.confidence.short_deduction), reasons, policy
    )


_DEDUCTIONS: Final = {
    "short_payment": "an unexplained deduction to investigate",
    "bank_charges": "the amount of a bank charge taken on the way (SHA/BEN)",
    "unearned_discount": "an early-payment discount the terms allow, taken after its window",
    "partial_payment": "the payer says it pays part: the rest is still owed",
}
"""Deduction reason codes an application may carry, with what each means."""


def deduction_code(
    short: int,
    entries: Sequence[Entry],
    policy: MatchPolicy,
    currency: Currency,
    partial_payment: bool,
) -> str:
    """Why a payment is short, as far as the figures tell (see ``_DEDUCTIONS``)."""
    if partial_payment:
        return "partial_payment"
    for rate in sorted({t.rate for e in entries for t in _tiers(e)}):
        taken = sum(
            to_units((from_units(e.remaining, currency) * rate).round())
            for e in entries
            if e.remaining > 0
        )
        if taken == short:
            return "unearned_discount"
    # The terms' own discount is the more specific explanation, so it is tried first.
    charges = {to_units(c) for c in policy.bank_charges if c.currency is currency}
    if short in charges:
        return "bank_charges"
    return "short_payment"


def _tiers(entry: Entry) -> tuple[DiscountTier, ...]:
    item = entry.item
    if isinstance(item, Invoice) and item.terms is not None:
        return item.terms.discounts
    return ()


def decide(
    lines: Sequence[Line],
    confidence: Decimal,
    reasons: list[Reason],
    policy: MatchPolicy,
    *,
    partial: bool = False,
) -> Plan:
    # The last guard before anything is applied, whatever evidence built the lines: cash goes to
    # an item only with the sign of its open amount (an invoice takes positive cash, a credit
    # memo is consumed with its negative amount) and never beyond it. A line that breaks this is
    # evidence read wrongly (a positive advice line resolved to a credit, say): nothing posts.
    wrong = [line for line in lines if not _within(line)]
    if wrong:
        line = wrong[0]
        currency = line.entry.item.open_balance.currency
        return exception_plan(
            "cashapp.conflicting_evidence",
            f"the evidence would apply {from_units(line.cash, currency)} to {line.entry.key_id}, "
            f"open for {from_units(line.entry.remaining, currency)}: against its sign or "
            "beyond it, so nothing is applied; a person decides",
            candidates=line.entry.key_id,
        )
    if confidence < policy.auto_match_confidence:
        reasons.append(
            Reason.of(
                "cashapp.low_confidence",
                f"confidence {confidence} is below the {policy.auto_match_confidence} "
                "needed to post without review",
                confidence=confidence,
                needed=policy.auto_match_confidence,
            )
        )
        return Plan(MatchStatus.EXCEPTION, tuple(lines), confidence, tuple(reasons))
    status = MatchStatus.PARTIAL if partial else MatchStatus.MATCHED
    return Plan(status, tuple(lines), confidence, tuple(reasons))


def _within(line: Line) -> bool:
    """Whether a line applies cash with its item's sign and no more than its open amount."""
    remaining = line.entry.remaining
    if remaining > 0:
        parts = (line.cash, line.discount, line.write_off)
        return min(parts) >= 0 and sum(parts) <= remaining
    return remaining <= line.cash <= 0 and line.discount == 0 and line.write_off == 0
