"""Benchmark: receivables.frames against the pandas pipeline and against age() itself.

Run:  python benchmarks/bench_frames.py [--items 1000000] [--rows 1000000] [--repeat 3]
Needs the ``arrow`` extra and pandas (both in ``dev``): pip install -e ".[dev]"

Two comparisons, each measured in the same run and printed as a ratio:

1. ``age_table`` (the Arrow fast path) on a ready Arrow table of the open items (int64 minor
   units, and decimal128), against the pandas ``cut`` + ``groupby`` pipeline on a ready float64
   DataFrame of the same items (the pipeline of benchmarks/bench_aging.py) and against ``age()``
   on the items. Target (issue 19): age_table at most 1/3 of the pandas time. The report of
   ``age_table`` is checked equal to ``age()``'s (no disputes: the table has none).
   ``age_table_to_arrow`` (the same table as ``to_arrow`` of that report, without the report's
   Python objects) is timed beside them.
2. ``to_arrow`` of an aging report of ``--rows`` rows (one per customer; the customers owe 1 to
   ``--per-row`` items, alternately: 1.5 items per row by default, so the report is as large
   as the items allow), against ``age()`` on the same items. Target (issue 16): to_arrow at
   most 25% of age(). The Arrow totals are checked equal to the report's, to the cent.

Times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa

from receivables.aging import age
from receivables.documents import OpenItem, open_items_by_instalment, trusted_invoice
from receivables.frames import age_table, age_table_to_arrow, to_arrow
from receivables.money import Currency, Money
from receivables.samples import sample_portfolio

AS_OF = dt.date(2026, 6, 30)
BINS = [-float("inf"), 0, 30, 60, 90, 120, float("inf")]
LABELS = ["Current", "1-30", "31-60", "61-90", "91-120", "Over 120"]


CPU: dict[int, float] = {}
"""The least CPU time of each ``best_of`` call's runs, by the id of its result (printed beside
the wall time: on a shared machine the CPU seconds are the fair figure)."""


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    best = cpu = float("inf")
    result: object = None
    for _ in range(repeat):
        gc.collect()
        started, began = time.perf_counter(), time.process_time()
        result = run()
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - began)
    CPU[id(result)] = cpu
    return best, result


def cpu_of(result: object) -> float:
    """The CPU seconds of the ``best_of`` call that gave ``result``."""
    return CPU[id(result)]


def float_frame(items: Sequence[OpenItem]) -> pd.DataFrame:
    """The ready float64 DataFrame of benchmarks/bench_aging.py (inexact: floats)."""
    return pd.DataFrame(
        {
            "customer_id": [i.customer_id for i in items],
            "currency": [i.open_balance.currency.code for i in items],
            "due_date": pd.to_datetime([i.due_date for i in items]),
            "amount": [float(i.open_balance.amount) for i in items],
        }
    )


def pandas_aging(frame: pd.DataFrame) -> pd.DataFrame:
    """The cut + groupby pipeline of benchmarks/bench_aging.py."""
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


def arrow_table(items: Sequence[OpenItem], *, minor_units: bool) -> Any:
    """The items as the Arrow table age_table reads (a document_id column, so that an invoice
    on instalments, one row per instalment, counts as one item as in age())."""
    balances = [i.open_balance for i in items]
    amounts = (
        pa.array([m.minor_units for m in balances], pa.int64())
        if minor_units
        else pa.array([m.amount for m in balances], pa.decimal128(38, 3))
    )
    return pa.table(
        {
            "document_id": [i.document_id for i in items],
            "customer_id": [i.customer_id for i in items],
            "currency": [m.currency.code for m in balances],
            "due_date": pa.array([i.due_date for i in items], pa.date32()),
            "amount": amounts,
        }
    )


def compare_age_table(target: int, repeat: int) -> None:
    customers = max(1, round(target / 10.8))
    started = time.perf_counter()
    book = sample_portfolio(seed=0, customers=customers, as_of=AS_OF, include_paid=False)
    items = book.open_items()
    rows = list(open_items_by_instalment(items))
    print(
        f"sample_portfolio: {len(items):,} open items ({len(rows):,} rows with instalments) "
        f"for {customers:,} customers in {time.perf_counter() - started:.1f} s"
    )
    frame = float_frame(rows)
    ints = arrow_table(rows, minor_units=True)
    decimals = arrow_table(rows, minor_units=False)
    if len(rows) == len(items):  # no instalments: every row is an item, as in the pandas frame
        ints, decimals = (t.drop_columns(["document_id"]) for t in (ints, decimals))
    t_pandas, by_pandas = best_of(repeat, lambda: pandas_aging(frame))
    t_int, by_int = best_of(repeat, lambda: age_table(ints, AS_OF))
    t_dec, by_dec = best_of(repeat, lambda: age_table(decimals, AS_OF))
    t_direct, direct = best_of(repeat, lambda: age_table_to_arrow(ints, AS_OF))
    t_age, exact = best_of(repeat, lambda: age(items, AS_OF))
    same_table = direct.equals(to_arrow(exact), check_metadata=True)  # type: ignore[attr-defined,arg-type]
    print("\nAging one table of open items (best of", repeat, "runs)")
    print(f"  pandas cut+groupby, ready float64 frame  {t_pandas:8.3f} s   (inexact)")
    print(f"  age_table, int64 minor units             {t_int:8.3f} s   (an AgingReport)")
    print(f"  age_table, decimal128                    {t_dec:8.3f} s   (an AgingReport)")
    print(f"  age_table_to_arrow, int64 minor units    {t_direct:8.3f} s   (the report's table)")
    print(f"  age() on the open items                  {t_age:8.3f} s")
    print(f"  age_table(int64) / pandas          = {t_int / t_pandas:.2f}   (target <= 0.33)")
    print(f"  age_table(decimal128) / pandas     = {t_dec / t_pandas:.2f}")
    print(f"  age_table_to_arrow(int64) / pandas = {t_direct / t_pandas:.2f}")
    print(f"  age() / age_table(int64)           = {t_age / t_int:.1f}x")
    c_pandas, c_int, c_direct = cpu_of(by_pandas), cpu_of(by_int), cpu_of(direct)
    print(
        f"  CPU seconds: pandas {c_pandas:.3f}, age_table(int64) {c_int:.3f} "
        f"({c_int / c_pandas:.2f}), age_table_to_arrow {c_direct:.3f} ({c_direct / c_pandas:.2f}), "
        f"age() {cpu_of(exact):.3f}"
    )
    print(
        f"  equal to age(): int64 {by_int == exact}, decimal128 {by_dec == exact}, "
        f"table {same_table}"
    )


def million_row_items(rows: int, per_row: int = 2) -> list[OpenItem]:
    """``rows`` customers owing 1 to ``per_row`` invoices each (alternately), in USD, EUR or
    JPY."""
    rng = random.Random(7)
    currencies = [Currency("USD"), Currency("EUR"), Currency("JPY")]
    items: list[OpenItem] = []
    for number in range(rows):
        currency = currencies[number % 3]
        customer = f"C-{number:07d}"
        for k in range(1 + number % per_row):
            due = AS_OF - dt.timedelta(days=rng.randint(-30, 200))
            units = rng.randint(100, 10**7)
            amount = Money(Decimal(units).scaleb(-currency.minor_units), currency)
            items.append(
                trusted_invoice(
                    f"I-{number}-{k}",
                    customer,
                    due - dt.timedelta(days=30),
                    amount,
                    due,
                    None,
                    amount,
                    (),
                    None,
                )
            )
    return items


def compare_to_arrow(rows: int, repeat: int, per_row: int = 2) -> None:
    items = million_row_items(rows, per_row)
    t_age, report = best_of(repeat, lambda: age(items, AS_OF))
    t_arrow, table = best_of(repeat, lambda: to_arrow(report))  # type: ignore[arg-type]
    assert isinstance(table, pa.Table)
    equal = all(
        table.filter(pa.compute.equal(table["currency"], code))["total"].to_pylist()
        == [row.total.amount for row in report.rows_in(code)]  # type: ignore[attr-defined]
        for code in ("USD", "EUR", "JPY")
    )
    t_pandas, _ = best_of(1, table.to_pandas)
    print(f"\nto_arrow of a {table.num_rows:,}-row aging report ({len(items):,} items)")
    print(f"  age() on the items         {t_age:8.3f} s")
    print(f"  to_arrow(report)           {t_arrow:8.3f} s")
    print(f"  table.to_pandas()          {t_pandas:8.3f} s   (Decimal objects: pandas' own cost)")
    print(f"  to_arrow / age()  = {t_arrow / t_age:.2f}   (target <= 0.25)")
    c_age, c_arrow = cpu_of(report), cpu_of(table)
    print(f"  CPU seconds: age() {c_age:.3f}, to_arrow {c_arrow:.3f} ({c_arrow / c_age:.2f})")
    print(f"  totals equal to the report's, to the cent: {equal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--per-row", type=int, default=2, help="customers owe 1 to this many items (alternately)"
    )
    args = parser.parse_args()
    compare_age_table(args.items, args.repeat)
    compare_to_arrow(args.rows, args.repeat, args.per_row)


if __name__ == "__main__":
    main()
