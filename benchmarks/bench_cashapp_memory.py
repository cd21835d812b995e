"""Benchmark: the memory ``apply_cash`` uses per payment, against a plain Python result.

Run:  python benchmarks/bench_cashapp_memory.py [--payments 1000 10000 100000] [--items 5]
      python benchmarks/bench_cashapp_memory.py --noisy --payments 3000 30000

The data is the library's own sample scenario (``receivables.samples.cashapp``): by default
``generate_scenario`` with ``--items`` open invoices per payment (the ledger grows with the
payments), with ``--noisy`` the heavy-tailed ``generate_noisy_scenario`` with one customer per
ten payments. The scenario is built before tracing starts, so the inputs are not counted.

Printed, for each number of payments, with tracemalloc (bytes, so the figures do not depend on
the machine's load; tracemalloc slows the code, so nothing here is timed):
  * peak: the most memory traced at any moment of one ``apply_cash`` call;
  * result: what is still held when it returns (the result, nothing else survives the call);
  * ledger: what the call's index of the open items holds (built alone, per open item), the
    part of the peak that grows with the ledger rather than with the payments;
  * working: peak less the ledger, per payment: what the call holds for the payments;
  * baseline: a plain dict per payment of matched invoice id -> Decimal cash, the least a user
    would keep (``{payment_id: {invoice_id: Decimal}}``), and the result's size over it.
Per-payment figures that stay flat as the count grows show memory is linear (bounded per
payment). Then, at the smallest size: one typical outcome (MATCHED, one application) broken
down into its own objects (outcome, applications, reasons, unapplied; objects shared with the
inputs or with other outcomes are not charged to it), the mean over all outcomes by part, and
the top allocation sites (tracemalloc, by line) of the result and of the ledger.
"""

from __future__ import annotations

import argparse
import enum
import gc
import sys
import tracemalloc
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from receivables.cashapp import CashApplicationResult, MatchStatus, PaymentOutcome, apply_cash
from receivables.cashapp._ledger import Ledger
from receivables.samples.cashapp import Scenario, generate_noisy_scenario, generate_scenario

_PARTS = ("outcome", "applications", "reasons", "unapplied", "confidence", "customer_id")


def build(payments: int, items: int, noisy: bool, seed: int) -> Scenario:
    if noisy:
        return generate_noisy_scenario(
            seed=seed, customers=max(2, min(5_000, payments // 10)), payments=payments
        )
    return generate_scenario(seed=seed, invoices=max(20, items * payments), payments=payments)


def run(scenario: Scenario) -> CashApplicationResult:
    return apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
        history=scenario.history,
    )


def baseline(result: CashApplicationResult) -> dict[str, dict[str, Decimal]]:
    """What a user would keep: per payment, the matched invoice ids and the cash (new numbers)."""
    return {
        outcome.payment_id: {
            a.invoice_id: Decimal(str(a.amount.amount)) for a in outcome.applications
        }
        for outcome in result.outcomes
    }


def measure(scenario: Scenario) -> dict[str, int]:
    """Peak and retained bytes of one call, the ledger's bytes, the baseline's bytes."""
    gc.collect()
    tracemalloc.start()
    result = run(scenario)
    peak = tracemalloc.get_traced_memory()[1]
    # The collection empties the interpreter's free lists (blocks freed but kept for reuse, which
    # tracemalloc still counts), so what is left is what the result holds.
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0]
    plain = baseline(result)
    plain_bytes = tracemalloc.get_traced_memory()[0] - retained
    del plain, result
    gc.collect()
    start = tracemalloc.get_traced_memory()[0]
    ledger = Ledger(scenario.open_items, {c.id: c for c in scenario.customers})
    ledger.add_history(scenario.history)
    gc.collect()
    ledger_bytes = tracemalloc.get_traced_memory()[0] - start
    del ledger
    tracemalloc.stop()
    return {"peak": peak, "result": retained, "ledger": ledger_bytes, "baseline": plain_bytes}


def reachable(roots: Iterable[object]) -> set[int]:
    """Ids of every object reachable from ``roots`` (classes and modules not entered)."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if not isinstance(obj, type):
            stack.extend(gc.get_referents(obj))
    return seen


def own_objects(root: object, skip: set[int]) -> list[object]:
    """Objects reachable from ``root`` that are not in ``skip`` nor static (None, enums, types,
    small ints, bools): what was allocated for it."""
    found: list[object] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in skip:
            continue
        seen.add(id(obj))
        if obj is None or isinstance(obj, bool | enum.Enum | type):
            continue
        if isinstance(obj, int) and -5 <= obj <= 256:
            continue
        found.append(obj)
        stack.extend(gc.get_referents(obj))
    return found


def part_of(outcome: PaymentOutcome, name: str) -> object:
    return outcome if name == "outcome" else getattr(outcome, name)


def breakdown(scenario: Scenario, result: CashApplicationResult) -> None:
    inputs = reachable((scenario.payments, scenario.open_items, scenario.customers))
    inputs |= reachable(scenario.history)
    # Objects more than one outcome holds (reason codes, shared zeros, ...) are charged to none.
    users: Counter[int] = Counter()
    sizes_of: dict[int, int] = {}
    for outcome in result.outcomes:
        objects = own_objects(outcome, inputs)
        users.update({id(o) for o in objects})
        sizes_of.update((id(o), sys.getsizeof(o)) for o in objects)
    between = {key for key, count in users.items() if count > 1}
    shared = inputs | between

    def sizes(outcome: PaymentOutcome) -> dict[str, Counter[str]]:
        taken = set(shared)
        by_part: dict[str, Counter[str]] = {}
        for name in _PARTS:
            part = part_of(outcome, name)
            counter: Counter[str] = Counter()
            if name == "outcome":
                counter["PaymentOutcome"] += sys.getsizeof(outcome)
                taken.add(id(outcome))
            else:
                for obj in own_objects(part, taken):
                    counter[type(obj).__name__] += sys.getsizeof(obj)
                    taken.add(id(obj))
            by_part[name] = counter
        return by_part

    typical = next(
        (
            o
            for o in result.outcomes
            if o.status is MatchStatus.MATCHED and len(o.applications) == 1 and len(o.reasons) == 1
        ),
        result.outcomes[0],
    )
    codes = [reason.code for reason in typical.reasons]
    print(f"\none typical outcome ({typical.status.value}, one application, reasons {codes}),")
    print("  its own objects in bytes:")
    total = 0
    for name, counter in sizes(typical).items():
        size = sum(counter.values())
        total += size
        detail = ", ".join(f"{kind} {n}" for kind, n in counter.most_common())
        print(f"  {name:13} {size:6,}  {detail}")
    print(f"  {'total':13} {total:6,}")

    mean: Counter[str] = Counter()
    for outcome in result.outcomes:
        for name, counter in sizes(outcome).items():
            mean[name] += sum(counter.values())
    count = len(result.outcomes)
    held_by_several = sum(sizes_of[key] for key in between)
    print(f"mean over all {count:,} outcomes, bytes per payment (sys.getsizeof of own objects):")
    for name in _PARTS:
        print(f"  {name:13} {mean[name] / count:8.1f}")
    print(f"  {'shared':13} {held_by_several / count:8.1f}  (held by several outcomes)")
    total_mean = (sum(mean.values()) + held_by_several) / count
    print(f"  {'total':13} {total_mean:8.1f}  (tracemalloc adds allocator rounding)")


def top_sites(label: str, snapshot: tracemalloc.Snapshot, per: int, top: int) -> None:
    print(f"\ntop allocation sites, {label} (bytes per payment, blocks):")
    snapshot = snapshot.filter_traces((tracemalloc.Filter(False, tracemalloc.__file__),))
    for stat in snapshot.statistics("lineno")[:top]:
        frame = stat.traceback[0]
        where = frame.filename.split("/src/")[-1]
        print(f"  {stat.size / per:8.1f} {stat.count:9,}  {where}:{frame.lineno}")


def sites(scenario: Scenario, top: int) -> None:
    payments = len(scenario.payments)
    gc.collect()
    tracemalloc.start()
    result = run(scenario)
    gc.collect()
    top_sites("the result", tracemalloc.take_snapshot(), payments, top)
    del result
    gc.collect()
    tracemalloc.clear_traces()
    ledger = Ledger(scenario.open_items, {c.id: c for c in scenario.customers})
    ledger.add_history(scenario.history)
    top_sites("the ledger", tracemalloc.take_snapshot(), payments, top)
    del ledger
    tracemalloc.stop()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--payments", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--items", type=int, default=5, help="open invoices per payment")
    parser.add_argument("--noisy", action="store_true", help="the heavy-tailed noisy scenario")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=8, help="allocation sites shown (0: none)")
    args = parser.parse_args(argv)

    print(
        f"{'payments':>9} {'open items':>10} | {'peak/pay':>9} {'result/pay':>10} "
        f"{'ledger/item':>11} {'working/pay':>11} | {'baseline/pay':>12} {'result/baseline':>15}"
    )
    rows = []
    for payments in sorted(args.payments):
        scenario = build(payments, args.items, args.noisy, args.seed)
        items = len(scenario.open_items)
        m = measure(scenario)
        row = (
            m["peak"] / payments,
            m["result"] / payments,
            m["ledger"] / items,
            (m["peak"] - m["ledger"]) / payments,
        )
        rows.append(row)
        print(
            f"{payments:9,} {items:10,} | {row[0]:9,.0f} {row[1]:10,.0f} {row[2]:11,.0f} "
            f"{row[3]:11,.0f} | {m['baseline'] / payments:12,.0f} "
            f"{m['result'] / m['baseline']:14.2f}x",
            flush=True,
        )
        del scenario
    if len(rows) > 1:
        spread = [max(r[k] for r in rows) / min(r[k] for r in rows) for k in range(4)]
        print(
            "largest over smallest per-payment figure (1.00 = flat): peak {:.2f}, result {:.2f}, "
            "ledger per item {:.2f}, working {:.2f}".format(*spread)
        )

    smallest = min(args.payments)
    scenario = build(smallest, args.items, args.noisy, args.seed)
    breakdown(scenario, run(scenario))
    if args.top:
        sites(scenario, args.top)


if __name__ == "__main__":
    main()
