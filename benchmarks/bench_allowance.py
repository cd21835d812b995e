"""Benchmark: roll rates from 24 monthly aging snapshots of about 100,000 items each, and the
provision for the last snapshot.

Run:  python benchmarks/bench_allowance.py [--open 100000] [--months 24]

A seeded ledger history is simulated (invoices issued every day, paid on time or late, or
written off at the month-end close after they pass 240 days past due) so that about ``--open``
receivables are open at each month end.
Timed: rebuilding the 24 month-end snapshots and their write-offs from the history
(snapshot_balances), the roll rates, the loss rates and the provision on the last snapshot.
Target: under 2 s. For comparison, the same snapshots built the way one would without the
library's one-pass rebuild: aging the open items at each month end with receivables.aging.age.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal

from receivables.aging import Buckets, age
from receivables.allowance import (
    ReceivableHistory,
    loss_rates,
    provision,
    roll_rates,
    snapshot_balances,
)
from receivables.documents import Invoice
from receivables.money import Currency, trusted_money

END = dt.date(2026, 6, 30)


def month_ends(count: int) -> list[dt.date]:
    ends = []
    year, month = END.year, END.month
    for _ in range(count):
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(first_next - dt.timedelta(days=1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(ends)


def next_month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month, or of the next month when ``day`` is a month end."""
    first_next = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    end = first_next - dt.timedelta(days=1)
    if end != day:
        return end
    return next_month_end(first_next)


def simulate(open_target: int, months: int, seed: int) -> list[ReceivableHistory]:
    rng = random.Random(seed)
    usd = Currency("USD")
    start = month_ends(months)[0] - dt.timedelta(days=240)
    days = (END - start).days
    # About 45 days open on average: issue enough invoices a day to keep ~open_target open.
    per_day = max(1, open_target // 45)
    history = []
    number = 0
    for offset in range(days):
        issued = start + dt.timedelta(days=offset)
        due = issued + dt.timedelta(days=30)
        for _ in range(per_day):
            number += 1
            draw = rng.random()
            if draw < 0.02:
                # Written off at the close after the month end that first saw it over 240 days.
                closed, written = next_month_end(next_month_end(due + dt.timedelta(days=241))), True
            elif draw < 0.6:
                closed, written = due - dt.timedelta(days=rng.randint(0, 10)), False
            else:
                closed, written = due + dt.timedelta(days=int(rng.expovariate(1 / 25))), False
            if closed > END:
                closed, written = None, False
            amount = trusted_money(Decimal(rng.randint(5_000, 500_000)).scaleb(-2), usd)
            history.append(
                ReceivableHistory(
                    f"INV-{number}", issued, due, amount, closed_on=closed, written_off=written
                )
            )
    return history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    started = time.perf_counter()
    history = simulate(args.open, args.months, args.seed)
    ends = month_ends(args.months)
    built = time.perf_counter() - started
    print(f"ledger history: {len(history):,} receivables (built in {built:.1f} s)")

    started = time.perf_counter()
    # Roll rates want buckets one period wide up to write-off: an open-ended bucket holds
    # several months of stock, and its "roll" would not be a flow.
    buckets = Buckets.from_edges((30, 60, 90, 120, 150, 180, 210, 240))
    snapshots, written = snapshot_balances(history, ends, "USD", buckets=buckets)
    rebuilt = time.perf_counter() - started
    rolls = roll_rates(snapshots, write_offs=written)
    matrix = loss_rates(rolls)
    result = provision(snapshots[-1], matrix)
    total = time.perf_counter() - started
    open_counts = [sum(1 for h in history if h.is_open_on(end)) for end in (ends[0], ends[-1])]
    print(f"open at the first and last month end: {open_counts[0]:,} and {open_counts[-1]:,}")
    print(
        f"\nsnapshots rebuilt in {rebuilt:.2f} s; with roll rates, loss rates and provision "
        f"{total:.2f} s (target < 2 s)"
    )
    for (source, target, rate), (_, loss) in zip(rolls.rates, matrix.rates, strict=True):
        roll = float(rate or 0)
        print(f"  {source:>9} -> {target:<9} roll {roll:7.2%}   loss rate {float(loss):7.2%}")
    print(f"  allowance on {result.balance}: {result.total}")

    started = time.perf_counter()
    for end in ends:
        open_items = [
            Invoice._trusted(
                h.document_id, "C", h.issue_date, h.amount, h.due_date, None, h.amount, (), None
            )
            for h in history
            if h.is_open_on(end)
        ]
        age(open_items, end, buckets)
    print(
        f"\nfor comparison, filtering the open items and aging them at each month end: "
        f"{time.perf_counter() - started:.2f} s"
    )


if __name__ == "__main__":
    main()
