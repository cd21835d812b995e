"""Benchmark: what aging invoices per instalment costs in ``receivables.aging.age()``.

Run:  python benchmarks/bench_instalments.py [--customers 30000] [--share 0.1] [--repeat 5]

On the open items of ``receivables.samples`` (no invoice there is on instalment terms), three
timings, each the best of ``--repeat`` runs:
  1. ``age(items)`` as it is: the instalment check costs each item a type check and a field read.
  2. ``age(items)`` with ``--share`` of the invoices put on a 30/30/40 plan: those invoices are
     expanded into their open instalments (``instalment_items``) and aged one by one.
  3. The pure-Python way a user would otherwise write for (2): expand the invoices beforehand
     with ``instalment_items`` and age the expanded list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable

from receivables import Invoice, PaymentTerms
from receivables.aging import age
from receivables.documents import OpenItem, instalment_items
from receivables.samples import sample_portfolio

AS_OF = dt.date(2026, 6, 30)
PLAN = PaymentTerms.instalment_plan([("0.3", 0), ("0.3", 30), ("0.4", 60)])


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def expand(items: list[OpenItem]) -> list[OpenItem]:
    expanded: list[OpenItem] = []
    for item in items:
        if type(item) is Invoice and item.terms is PLAN:
            expanded.extend(instalment_items(item))
        else:
            expanded.append(item)
    return expanded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--customers", type=int, default=30_000)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    book = sample_portfolio(seed=0, customers=args.customers, as_of=AS_OF, include_paid=False)
    items = list(book.open_items())
    step = max(1, round(1 / args.share)) if args.share > 0 else 0
    mixed: list[OpenItem] = []
    planned = 0
    for number, item in enumerate(items):
        if step and type(item) is Invoice and number % step == 0:
            planned += 1
            item = Invoice(
                item.id, item.customer_id, item.issue_date, item.amount,
                terms=PLAN, open_amount=item.open_amount,
            )  # fmt: skip
        mixed.append(item)
    plain = best(lambda: age(items, AS_OF), args.repeat)
    split = best(lambda: age(mixed, AS_OF), args.repeat)
    by_hand = best(lambda: age(expand(mixed), AS_OF), args.repeat)
    print(f"{len(items):,} open items; {planned:,} invoices put on a 3-instalment plan")
    print(f"age(), no instalments:                      {plain * 1000:8.0f} ms")
    print(f"age(), the instalment invoices aged by age(): {split * 1000:8.0f} ms")
    print(f"expanded by hand (instalment_items), aged:  {by_hand * 1000:8.0f} ms")
    assert age(mixed, AS_OF).rows == age(expand(mixed), AS_OF).rows


if __name__ == "__main__":
    main()
