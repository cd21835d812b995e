"""Evidence from amounts: one open item, or one smallest combination, that fits the payment."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from receivables.cashapp._ledger import Entry, Ledger, discount_units, to_units
from receivables.cashapp._settling import (
    ZERO,
    Plan,
    exception_plan,
    no_match_plan,
    settle,
)
from receivables.cashapp.model import MatchPolicy, MatchStatus, PayerMatch
from receivables.documents import Payment
from receivables.explain import Reason

__all__: list[str] = []


def match_by_amount(
    payment: Payment,
    ledger: Ledger,
    policy: MatchPolicy,
    match: PayerMatch | None = None,
) -> Plan:
    currency = payment.amount.currency
    paid = to_units(payment.amount)
    customer_id = payment.customer_id
    penalty = ZERO
    reasons: list[Reason] = []
    if customer_id is None and match is not None:
        customer_id = match.customer_id
        # A name or a heuristic is weaker evidence than the payment naming its customer.
        penalty = ZERO if match.certain else policy.confidence.name_penalty
        reasons.append(match.reason)
    if customer_id is None:
        same = [e for e in ledger.by_amount.get((currency, paid), []) if ledger.open(e, currency)]
        if same:
            ids = ", ".join(e.key_id for e in same[:5])
            return Plan(
                MatchStatus.EXCEPTION,
                (),
                policy.confidence.amount_only_unknown,
                (
                    Reason.of(
                        "cashapp.amount_only_unknown_payer",
                        f"an unknown payer's amount equals open items {ids}; amount alone is not "
                        "enough evidence across customers",
                        candidates=ids,
                    ),
                ),
            )
        return no_match_plan(payment)
    pool = [
        e
        for e in ledger.by_customer.get(customer_id, [])
        if ledger.open(e, currency) and e.remaining > 0
    ]
    if not pool:
        return no_match_plan(payment)
    paid_on = payment.received_date
    gross = [e for e in pool if e.remaining == paid]
    net = [e for e in pool if (d := discount_units(policy, e, paid_on)) and e.remaining - d == paid]
    singles = gross + [e for e in net if e not in gross]
    if len(singles) > 1 and not policy.prefer_oldest:
        ids = ", ".join(e.key_id for e in singles)
        return exception_plan(
            "cashapp.ambiguous_amount",
            f"{len(singles)} open items of {customer_id} fit the amount ({ids})",
            candidates=ids,
        )
    if singles:
        entry = min(singles, key=lambda e: e.order)
        reasons.append(
            Reason.of(
                "cashapp.amount_unique",
                f"{entry.key_id} is the only open item of {customer_id} for this amount"
                + (" (less its early-payment discount)" if entry not in gross else ""),
                item=entry.key_id,
            )
        )
        return settle(payment, [entry], policy.confidence.unique_amount - penalty, reasons, policy)
    for use_net in (False, True):
        values = {
            e.key_id: e.remaining - (discount_units(policy, e, paid_on) if use_net else 0)
            for e in pool
        }
        if use_net and all(values[e.key_id] == e.remaining for e in pool):
            break
        found, exhausted = _combinations(
            pool, values, paid, policy.max_combination_size, policy.search_budget
        )
        if exhausted and not found:
            return exception_plan(
                "cashapp.search_exhausted",
                "the search for invoices that sum to the payment ran out of budget",
                budget=policy.search_budget,
            )
        if not found:
            continue
        if len(found) > 1 and not policy.prefer_oldest:
            shown = "; ".join(", ".join(e.key_id for e in combo) for combo in found[:3])
            return exception_plan(
                "cashapp.ambiguous_amount",
                f"several combinations of {len(found[0])} open items fit the amount ({shown})",
                candidates=shown,
            )
        combo = min(found, key=lambda c: [e.order for e in c])
        size = len(combo)
        chance = _chance_fits(sorted(v for v in values.values() if 0 < v <= paid), size)
        if chance > policy.chance_fit_limit:
            # So many combinations of this size could be made from the payer's open items
            # that one fitting the amount is to be expected by chance: it is no evidence.
            return exception_plan(
                "cashapp.chance_fit",
                f"{', '.join(e.key_id for e in combo)} sum to the payment, but about "
                f"{chance:.2g} combinations of {size} of {customer_id}'s open items would fit "
                "an amount like it by chance",
                items=", ".join(e.key_id for e in combo),
                expected=f"{chance:.2g}",
            )
        reasons.append(
            Reason.of(
                "cashapp.combination",
                f"{', '.join(e.key_id for e in combo)} are the only {size} open items of "
                f"{customer_id} that sum to the payment",
                items=", ".join(e.key_id for e in combo),
                size=size,
            )
        )
        confidence = policy.confidence.combination(size) - penalty
        return settle(payment, sorted(combo, key=lambda e: e.order), confidence, reasons, policy)
    return no_match_plan(payment, customer_id)


def _chance_fits(amounts: Sequence[int], size: int) -> Decimal:
    """About how many combinations of ``size`` of ``amounts`` (sorted) fit one amount by chance.

    The combinations' sums spread over at most the range from nothing to the ``size`` largest
    amounts together (in minor units); spread evenly, the expected number at any one amount is
    their count over the width of that range. A rough estimate, and a generous one (sums
    cluster in the middle of the range), so that a limit on it errs towards a person.
    """
    if size > len(amounts):
        return Decimal(0)
    high = sum(amounts[len(amounts) - size :])
    return Decimal(math.comb(len(amounts), size)) / Decimal(high + 1)


def _combinations(
    pool: Sequence[Entry], values: Mapping[str, int], target: int, largest: int, budget: int
) -> tuple[list[list[Entry]], bool]:
    """The smallest combinations (size 2 and up) of ``pool`` whose values sum to ``target``.

    Returns at most two combinations of the smallest size found (two are enough to know it is
    ambiguous), and whether the search budget ran out.

    Amounts are sorted once. Pairs are found through a hash of amounts (linear); triples by two
    pointers per first item (quadratic, pruned by the smallest and largest sums still
    reachable); fours by meeting in the middle over a hash of pair sums; larger sizes by a
    depth-first search pruned with prefix sums. Before each size the work it may take is
    estimated, and a size that would overrun the budget is not started: a customer with
    hundreds of open items costs a bounded number of steps, and a search that stops short says
    so (``exhausted``) instead of claiming there is no fit.
    """
    entries = sorted(
        (e for e in pool if 0 < values[e.key_id] <= target),
        key=lambda e: (values[e.key_id], e.order),
    )
    amounts = [values[e.key_id] for e in entries]
    count = len(amounts)
    prefix = [0]
    for amount in amounts:
        prefix.append(prefix[-1] + amount)
    steps = 0
    for size in range(2, largest + 1):
        if size > count or prefix[size] > target:
            break  # even the smallest amounts overshoot
        if prefix[count] - prefix[count - size] < target:
            continue  # even the largest fall short
        if size == 2:
            cost = count
        elif size == 3:
            cost = count * count // 2
        elif size == 4:
            cost = count * count
        else:
            cost = math.comb(count, size)
        if steps + cost > budget:
            return [], True
        if size == 2:
            found = _pairs(amounts, target)
        elif size == 3:
            found = _triples(amounts, target)
        elif size == 4:
            found = _fours(amounts, target)
        else:
            found = _deeper(amounts, prefix, target, size)
        steps += cost
        if found:
            return [[entries[i] for i in combo] for combo in found[:2]], False
    return [], False


def _pairs(amounts: Sequence[int], target: int) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    seen: dict[int, list[int]] = {}
    for index, amount in enumerate(amounts):
        for other in seen.get(target - amount, ()):
            found.append((other, index))
            if len(found) > 1:
                return found
        seen.setdefault(amount, []).append(index)
    return found


def _triples(amounts: Sequence[int], target: int) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    count = len(amounts)
    for first in range(count - 2):
        head = amounts[first]
        if head + amounts[first + 1] + amounts[first + 2] > target:
            break
        if head + amounts[count - 2] + amounts[count - 1] < target:
            continue
        low, high = first + 1, count - 1
        rest = target - head
        while low < high:
            total = amounts[low] + amounts[high]
            if total < rest:
                low += 1
            elif total > rest:
                high -= 1
            else:
                found.append((first, low, high))
                # A second fit with this first item: the same sum one step in from either end.
                if amounts[low + 1] == amounts[low] and low + 1 < high:
                    found.append((first, low + 1, high))
                elif amounts[high - 1] == amounts[high] and high - 1 > low:
                    found.append((first, low, high - 1))
                if len(found) > 1:
                    return found
                low += 1
                high -= 1
    return found


def _fours(amounts: Sequence[int], target: int) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    count = len(amounts)
    sums: dict[int, list[tuple[int, int]]] = {}
    for third in range(count):
        for fourth in range(third + 1, count):
            total = amounts[third] + amounts[fourth]
            if total < target:
                sums.setdefault(total, []).append((third, fourth))
    for first in range(count):
        for second in range(first + 1, count):
            rest = target - amounts[first] - amounts[second]
            if rest <= 0:
                break
            for third, fourth in sums.get(rest, ()):
                if third > second:
                    found.append((first, second, third, fourth))
                    if len(found) > 1:
                        return found
    return found


def _deeper(
    amounts: Sequence[int], prefix: Sequence[int], target: int, size: int
) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    count = len(amounts)
    stack: list[tuple[int, int, tuple[int, ...]]] = [(0, target, ())]
    while stack:
        start, rest, chosen = stack.pop()
        need = size - len(chosen)
        if need == 0:
            if rest == 0:
                found.append(chosen)
                if len(found) > 1:
                    return found
            continue
        top = prefix[count] - prefix[count - need + 1] if need > 1 else 0
        children = []
        for index in range(start, count - need + 1):
            # Amounts ascend: the smallest sum from ``index`` is the next ``need`` amounts; the
            # largest is this amount plus the ``need - 1`` largest of all.
            if prefix[index + need] - prefix[index] > rest:
                break
            if amounts[index] + top < rest:
                continue
            children.append((index + 1, rest - amounts[index], (*chosen, index)))
        stack.extend(reversed(children))
    return found
