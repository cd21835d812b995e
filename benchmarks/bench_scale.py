"""Benchmark: ageing open items in one process against two Dask workers, exactly.

Run:  python benchmarks/bench_scale.py [--items 10000000] [--shards 8] [--check-whole 1000000]
Needs the ``dask`` extra: pip install -e ".[dask]"

What is measured, on the same generated open items (deterministic, numpy-generated columns in
int64 minor units, written once as Parquet shards partitioned by customer; the generation and
the writing are not timed):
  1. One process: read every shard, build the documents, age them, merge the partial reports
     (the documents of one shard at a time are in memory, so ten million items fit).
  2. Two worker processes (``dask.distributed.LocalCluster``): each reads its own shards, builds
     the documents and ages them locally; only the partial reports travel back to be merged.
The two reports must be equal, and equal to an independent exact count of the bucket totals per
currency done with numpy on the int64 columns. With ``--check-whole N`` (default 1,000,000, 0 to
skip) the first N items are also aged by one ``age()`` call on all of them and compared with the
merge of their shards, the "merge equals whole" property at size. The speed-up, the sizes of
what travelled back and the checks are printed; nothing is asserted against a fixed time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from receivables.aging import AgingReport, Buckets, age
from receivables.money import Currency
from receivables.scale import partition_of, read_shard

AS_OF = dt.date(2026, 6, 30)
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CAD")
EPOCH = dt.date(1970, 1, 1).toordinal()


def generate(items: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Open items as columns: about ten per customer, a few percent credit memos."""
    rng = np.random.default_rng(seed)
    customers = max(1, items // 10)
    customer = np.sort(rng.integers(0, customers, size=items))
    currency = rng.integers(0, len(CURRENCIES), size=customers)[customer]
    issued = AS_OF.toordinal() - EPOCH - rng.integers(0, 540, size=items)
    terms = np.array([0, 30, 45, 60])[rng.integers(0, 4, size=items)]
    credit = rng.random(items) < 0.03
    due = np.where(credit, issued, issued + terms)
    scale = np.where(currency == CURRENCIES.index("JPY"), 1, 100)
    amount = np.maximum(1, (rng.lognormal(6.0, 1.2, size=items) * scale).astype(np.int64))
    partial = rng.random(items) < 0.05
    open_units = np.where(partial, amount * rng.integers(10, 90, size=items) // 100, amount)
    open_units = np.maximum(open_units, 1)
    return {
        "customer": customer,
        "currency": currency,
        "issued": issued.astype(np.int32),
        "due": due.astype(np.int32),
        "credit": credit,
        "amount": amount,
        "open": open_units,
    }


def write(columns: dict[str, np.ndarray], folder: Path, shards: int) -> list[Path]:
    customers = int(columns["customer"].max()) + 1
    ids = np.array([f"C-{n:08d}" for n in range(customers)], dtype=object)
    place = np.array([partition_of(str(cid), shards) for cid in ids])[columns["customer"]]
    number = np.arange(len(place))
    paths = []
    for shard in range(shards):
        rows = np.nonzero(place == shard)[0]
        kind = np.where(columns["credit"][rows], "credit_memo", "invoice")
        prefix = np.where(columns["credit"][rows], "CM-", "INV-")
        table = pa.table(
            {
                "kind": pa.array(kind, pa.string()),
                "document_id": pa.array(
                    [f"{p}{n:09d}" for p, n in zip(prefix, number[rows], strict=True)], pa.string()
                ),
                "customer_id": pa.array(ids[columns["customer"][rows]], pa.string()),
                "document_date": pa.array(columns["issued"][rows], pa.int32()).cast(pa.date32()),
                "due_date": pa.array(columns["due"][rows], pa.int32()).cast(pa.date32()),
                "currency": pa.array(
                    np.array(CURRENCIES, dtype=object)[columns["currency"][rows]], pa.string()
                ),
                "amount_units": pa.array(columns["amount"][rows], pa.int64()),
                "open_units": pa.array(columns["open"][rows], pa.int64()),
                "terms": pa.nulls(len(rows), pa.string()),
            }
        )
        path = folder / f"part-{shard:05d}.parquet"
        pq.write_table(table, path)
        paths.append(path)
    return paths


def numpy_totals(columns: dict[str, np.ndarray]) -> dict[str, list[int]]:
    """Bucket totals per currency in minor units, credits apart: the independent exact check."""
    days = AS_OF.toordinal() - EPOCH - columns["due"].astype(np.int64)
    edges = Buckets.standard().edges
    bucket = np.where(days <= 0, 0, 1 + np.searchsorted(np.array(edges), days, side="left"))
    sign = np.where(columns["credit"], -1, 1)
    found: dict[str, list[int]] = {}
    for index, code in enumerate(CURRENCIES):
        rows = columns["currency"] == index
        debit = rows & ~columns["credit"]
        sums = [int(columns["open"][debit & (bucket == b)].sum()) for b in range(len(edges) + 2)]
        sums.append(int((sign * columns["open"])[rows & columns["credit"]].sum()))
        found[code] = sums
    return found


def age_shard(path: str) -> AgingReport:
    """What a worker runs: read its own shard, build the documents there, age them."""
    return age(read_shard(path), AS_OF)


def _warm() -> None:
    """Import everything a task needs and run one tiny task, before the clock starts: the
    first read in a fresh worker process imports pyarrow's compute and Parquet modules."""
    table = pa.table(
        {
            "kind": ["invoice"],
            "document_id": ["I-0"],
            "customer_id": ["C-0"],
            "document_date": pa.array([AS_OF], pa.date32()),
            "due_date": pa.array([AS_OF], pa.date32()),
            "currency": ["USD"],
            "amount_units": pa.array([100], pa.int64()),
            "open_units": pa.array([100], pa.int64()),
            "terms": pa.nulls(1, pa.string()),
        }
    )
    age(read_shard(table), AS_OF)


def single_process(paths: list[Path]) -> AgingReport:
    reports = []
    for path in paths:
        reports.append(age_shard(str(path)))
        gc.collect()
    return AgingReport.combine(reports)


def two_workers(paths: list[Path]) -> tuple[AgingReport, float, int]:
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,  # a worker's heartbeat at shutdown is not news
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        client.run(_warm)  # workers up, the library imported, before the clock starts
        started = time.perf_counter()
        futures = client.map(age_shard, [str(p) for p in paths])
        reports: list[AgingReport] = client.gather(futures)
        merged = AgingReport.combine(reports)
        seconds = time.perf_counter() - started
    travelled = sum(len(pickle.dumps(r)) for r in reports)
    return merged, seconds, travelled


def rolled_up_size(report: AgingReport) -> int:
    return len(pickle.dumps(report.rollup()))


def report_units(report: AgingReport) -> dict[str, list[int]]:
    found = {}
    for code in CURRENCIES:
        cur = Currency(code)
        totals = [m.minor_units for m in report.bucket_totals(cur).values()]
        totals.append(report.credits(cur).minor_units)
        found[code] = totals
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000_000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--check-whole", type=int, default=1_000_000)
    args = parser.parse_args()

    started = time.perf_counter()
    columns = generate(args.items)
    with tempfile.TemporaryDirectory() as folder:
        paths = write(columns, Path(folder), args.shards)
        size = sum(p.stat().st_size for p in paths)
        print(
            f"{args.items:,} open items, {int(columns['customer'].max()) + 1:,} customers, "
            f"{args.shards} Parquet shards of {size / 2**20:.0f} MiB in all "
            f"(generated and written in {time.perf_counter() - started:.1f} s, not timed)"
        )

        gc.collect()
        started = time.perf_counter()
        one = single_process(paths)
        single = time.perf_counter() - started
        print(f"  one process (read shards, build documents, age, merge) {single:8.2f} s")

        two, parallel, travelled = two_workers(paths)
        print(f"  two Dask workers (each reads its own shards)            {parallel:8.2f} s")
        print(f"  speed-up: {single / parallel:.2f}x on two workers")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"  (load average of the machine now: {load}, on {os.cpu_count()} cores)")
        print(
            f"  what travelled back: {len(paths)} partial reports, {travelled / 2**20:.1f} MiB "
            f"pickled ({len(one.rows):,} rows), against {size / 2**20:.0f} MiB of shards read "
            "in the workers"
        )
        print(
            f"  (a worker that needs only the totals sends its rollup: "
            f"{rolled_up_size(one) / 1024:.1f} KiB per report)"
        )

        exact = report_units(two) == numpy_totals(columns)
        print(f"  two workers == one process, row for row: {two == one}")
        print(f"  bucket totals == numpy's exact int64 count, per currency: {exact}")

        if args.check_whole:
            small = min(args.check_whole, args.items)
            subset = {name: values[:small] for name, values in columns.items()}
            with tempfile.TemporaryDirectory() as other:
                parts = write(subset, Path(other), args.shards)
                merged = single_process(parts)
                everything: list[Any] = [i for p in parts for i in read_shard(p)]
                whole = age(everything, AS_OF)
            print(
                f"  merge of the shards' reports == one age() of all {small:,} items: "
                f"{merged == whole}"
            )


if __name__ == "__main__":
    main()
