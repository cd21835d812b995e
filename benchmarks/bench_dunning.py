"""Benchmark: the dunning run and the collection worklist scale linearly in the ledger.

Run:  python benchmarks/bench_dunning.py [--sizes 100000,1000000] [--repeat 1]

Issue 17 measured ``run_dunning`` at 0.5 s for 100,000 open items and 55 s for a million (139 s
with history), ``collection_worklist`` at 0.7 s and 39 s: promises and history were scanned once
per account, so time grew with accounts x promises. Both now index their inputs once per run.

For each size, on the open items of ``receivables.samples.sample_portfolio`` (eight currencies,
with its disputes, promises and customers), this prints:
  1. ``run_dunning`` with no history;
  2. ``run_dunning`` with history: two earlier notices for every customer in each of its
     currencies (the shape of a ledger dunned every fortnight);
  3. ``collection_worklist(by_currency=True)`` (the ledger mixes currencies);
  4. the plain pure-Python way a script would do the core of a run: group by account, oldest
     days overdue, the level by thresholds (no disputes, promises, credits, interval or fees),
     as a floor for what the library's rules cost.
then the scaling exponent ``log(t_large / t_small) / log(n_large / n_small)`` for each (1.0 is
linear; the target is at most 1.05) and whether a million items run under 8 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import time
from collections.abc import Callable, Sequence, Sized

from receivables.documents import OpenItem, Portfolio
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    Fee,
    NoticeRecord,
    collection_worklist,
    run_dunning,
)
from receivables.money import Money
from receivables.samples import sample_portfolio

AS_OF = dt.date(2026, 6, 30)
POLICY = DunningPolicy(
    [
        DunningLevel(1, -5, Action.REMINDER),
        DunningLevel(2, 1, Action.REMINDER),
        DunningLevel(3, 30, Action.FINAL_NOTICE, fee=Fee(fixed=[Money("15.00", "USD")])),
        DunningLevel(4, 60, Action.DEMAND_LETTER, charge_interest=True),
    ],
    grace_days=3,
    interval_days=14,
    annual_interest_rate="0.08",
)


def build(target: int) -> tuple[Portfolio, Sequence[OpenItem], list[NoticeRecord]]:
    customers = max(1, round(target / 10.8))
    started = time.perf_counter()
    book = sample_portfolio(seed=0, customers=customers, as_of=AS_OF, include_paid=False)
    items = book.open_items()
    currencies: dict[str, set[str]] = {}
    for item in items:
        if item.customer_id is not None:
            currencies.setdefault(item.customer_id, set()).add(item.open_balance.currency.code)
    history = [
        NoticeRecord(customer, level, AS_OF - dt.timedelta(days=days), code)
        for customer, codes in sorted(currencies.items())
        for code in sorted(codes)
        for level, days in ((2, 40), (3, 20))
    ]
    print(
        f"sample_portfolio: {len(items):,} open items, {customers:,} customers, "
        f"{len(book.promises):,} promises, {len(history):,} history records "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return book, items, history


def plain_python(items: Sequence[OpenItem]) -> dict[tuple[str, str], int]:
    thresholds = [(level.number, level.days_overdue) for level in POLICY.levels]
    oldest: dict[tuple[str, str], int] = {}
    as_of = AS_OF.toordinal()
    for item in items:
        balance = item.open_balance
        if item.customer_id is None or balance.amount <= 0:
            continue
        key = (item.customer_id, balance.currency.code)
        days = as_of - item.due_date.toordinal()
        if days > oldest.get(key, -(10**9)):
            oldest[key] = days
    levels = {}
    for key, days in oldest.items():
        reached = 0
        for number, threshold in thresholds:
            if days >= threshold:
                reached = number
        levels[key] = reached
    return levels


def timed(label: str, call: Callable[[], Sized], repeat: int) -> tuple[float, float]:
    wall = cpu = math.inf
    size = 0
    for _ in range(repeat):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        size = len(call())
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    print(f"  {label:<28} {wall:7.2f} s wall {cpu:7.2f} s CPU   ({size:,} results)")
    return wall, cpu


def measure(target: int, repeat: int) -> tuple[int, dict[str, tuple[float, float]]]:
    book, items, history = build(target)
    print(f"{len(items):,} open items")

    def dun(records: list[NoticeRecord]) -> Sized:
        return run_dunning(
            POLICY,
            items,
            as_of=AS_OF,
            history=records,
            disputes=book.disputes,
            promises=book.promises,
            customers=book.customers,
        ).notices

    def worklist() -> Sized:
        return collection_worklist(
            items,
            as_of=AS_OF,
            customers=book.customers,
            disputes=book.disputes,
            promises=book.promises,
            by_currency=True,
        )

    cases: dict[str, Callable[[], Sized]] = {
        "run_dunning": lambda: dun([]),
        "run_dunning with history": lambda: dun(history),
        "collection_worklist": worklist,
        "plain Python (levels only)": lambda: plain_python(items),
    }
    return len(items), {label: timed(label, call, repeat) for label, call in cases.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    points = [measure(int(size), args.repeat) for size in args.sizes.split(",")]
    if len(points) < 2:
        return
    (n0, small), (n1, large) = points[0], points[-1]
    print(
        "scaling exponent on CPU time (1.0 = linear; target <= 1.05), and a million items "
        "under 8 s (wall and CPU, scaled to 10^6):"
    )
    for label in small:
        exponent = math.log(large[label][1] / small[label][1]) / math.log(n1 / n0)
        wall, cpu = (t * 1_000_000 / n1 for t in large[label])
        ok = "" if label.startswith("plain") else "ok" if exponent <= 1.05 and cpu < 8 else "OVER"
        print(f"  {label:<28} {exponent:5.2f}   {wall:5.1f} s wall {cpu:5.1f} s CPU  {ok}")


if __name__ == "__main__":
    main()
