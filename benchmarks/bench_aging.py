"""Benchmark: receivables.aging.age() against the pandas pipeline a notebook user would write.

Run:  python benchmarks/bench_aging.py [--items 1000000] [--repeat 3]
Needs the ``bench`` extra (pandas): pip install -e ".[bench]"

What is compared, on the same open items from ``receivables.samples``:
  1. ``age(items, as_of, disputes=...)``: exact Decimal money, credits apart, disputed column.
  2. pandas on a ready DataFrame (float64 amounts): ``pd.cut`` on days past due + ``groupby`` sum.
     This is the notebook pipeline; it is fast because the data is already columnar, and inexact
     because float64 cannot hold most cent amounts.
  3. The same pandas pipeline, counting the DataFrame's construction from the open items.
  4. pandas with exact amounts (Decimal objects in an object column), as an exact answer needs.
Each is timed as the best of ``--repeat`` runs; peak memory is measured once per pipeline with
tracemalloc (which slows the code down, so it is not part of the timings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
import tracemalloc
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from receivables.aging import age
from receivables.documents import OpenItem
from receivables.samples import sample_portfolio

AS_OF = dt.date(2026, 6, 30)
BINS = [-float("inf"), 0, 30, 60, 90, 120, float("inf")]
LABELS = ["Current", "1-30", "31-60", "61-90", "91-120", "Over 120"]


def build_items(target: int) -> tuple[Sequence[OpenItem], Any]:
    customers = max(1, round(target / 10.8))
    started = time.perf_counter()
    book = sample_portfolio(seed=0, customers=customers, as_of=AS_OF, include_paid=False)
    items = book.open_items()
    print(
        f"sample_portfolio: {len(items):,} open items for {customers:,} customers "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return items, book.disputes


def to_frame(items: Sequence[OpenItem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [i.customer_id for i in items],
            "currency": [i.open_balance.currency.code for i in items],
            "due_date": pd.to_datetime([i.due_date for i in items]),
            "amount": [float(i.open_balance.amount) for i in items],
        }
    )


def pandas_aging(frame: pd.DataFrame) -> pd.DataFrame:
    days = (pd.Timestamp(AS_OF) - frame["due_date"]).dt.days
    debit = frame[frame["amount"] > 0]
    bucket = pd.cut(days[debit.index], bins=BINS, labels=LABELS)
    table = debit.groupby(
        [debit["customer_id"], debit["currency"], bucket], observed=True, dropna=False
    )["amount"].sum()
    aged = table.unstack(fill_value=0.0)
    credits = (
        frame[frame["amount"] < 0]
        .groupby(["customer_id", "currency"], dropna=False)["amount"]
        .sum()
    )
    return aged.join(credits.rename("credits"), how="outer").fillna(0.0)


def pandas_aging_exact(frame: pd.DataFrame, exact: list[Decimal]) -> pd.DataFrame:
    frame = frame.assign(amount=pd.Series(exact, dtype=object, index=frame.index))
    days = (pd.Timestamp(AS_OF) - frame["due_date"]).dt.days
    positive = frame["amount"].map(lambda value: value > 0)
    debit = frame[positive]
    bucket = pd.cut(days[debit.index], bins=BINS, labels=LABELS)
    table = debit.groupby(
        [debit["customer_id"], debit["currency"], bucket], observed=True, dropna=False
    )["amount"].sum()
    aged = table.unstack(fill_value=Decimal(0))
    credit = frame[~positive].groupby(["customer_id", "currency"], dropna=False)["amount"].sum()
    return aged.join(credit.rename("credits"), how="outer").fillna(Decimal(0))


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def peak_mib(run: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = parser.parse_args()

    items, disputes = build_items(args.items)
    frame = to_frame(items)
    exact = [i.open_balance.amount for i in items]

    runs: dict[str, Callable[[], object]] = {
        "receivables.age (exact, disputes, credits apart)": lambda: age(
            items, AS_OF, disputes=disputes
        ),
        "pandas, ready float64 frame": lambda: pandas_aging(frame),
        "pandas, frame built from the items": lambda: pandas_aging(to_frame(items)),
        "pandas, exact Decimal object column": lambda: pandas_aging_exact(frame, exact),
    }
    print(f"\n{len(items):,} open items, best of {args.repeat}:")
    timings: dict[str, float] = {}
    results: dict[str, object] = {}
    for name, run in runs.items():
        timings[name], results[name] = best_of(args.repeat, run)
        print(f"  {name:52} {timings[name]:7.3f} s")

    ours = timings["receivables.age (exact, disputes, credits apart)"]
    print("\nratio of receivables.age to each pandas pipeline (below 1 is faster):")
    for name, seconds in timings.items():
        if not name.startswith("receivables"):
            print(f"  {name:52} {ours / seconds:7.2f}x")

    # The two must agree: compare USD totals (pandas in float64, so to the cent).
    report = results["receivables.age (exact, disputes, credits apart)"]
    table = results["pandas, ready float64 frame"]
    assert isinstance(table, pd.DataFrame)
    usd = table.xs("USD", level="currency")
    pandas_total = round(float(usd.to_numpy().sum()), 2)
    ours_total = float(report.total("USD").amount)  # type: ignore[attr-defined]
    print(f"\nUSD open balance: receivables {ours_total:,.2f}, pandas {pandas_total:,.2f}")
    assert abs(pandas_total - ours_total) < 0.01 * len(items), "the pipelines disagree"

    if not args.no_memory:
        print("\npeak traced memory (tracemalloc, one run each):")
        for name, run in runs.items():
            print(f"  {name:52} {peak_mib(run):8.1f} MiB")


if __name__ == "__main__":
    main()
