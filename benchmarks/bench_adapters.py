"""Benchmark: ``load_rows`` against building the same documents directly from the rows.

Run:  python benchmarks/bench_adapters.py [--rows 1000000] [--repeat 2]

``--rows`` rows of an ERPNext "Accounts Receivable" export are made in memory as
``csv.DictReader`` gives them (strings; amounts printed ``1,234.50``; ISO dates; 90% invoices,
8% returns with a negative outstanding, 2% unapplied Payment Entries; 2,000 customers).
Compared, on the same rows:
  1. ``load_rows(rows, MAPS["erpnext"])``: every cell checked (length, date format, amount
     in the locale, currency, kind), rows grouped by document (payment schedules), documents
     built, customers, and the per-currency reconciliation.
  2. The direct way a user would write: per row, ``date.fromisoformat``, ``Decimal`` of the
     amount with the commas removed, the sign deciding ``Invoice``/``CreditMemo``/``Payment``,
     built with the library's constructors (which validate) and nothing else: no grouping, no
     row or column in errors, no reconciliation.
Both run with Python's cyclic garbage collector in its default state (``load_rows`` does not
touch it: a library leaves process-wide state alone). Times are CPU seconds of this process
(``time.process_time``: the machine the benchmark was written on is shared, and wall-clock
times there varied by a factor of two between runs), the best of ``--repeat`` runs.
The goal (issue 15): (1) costs at most twice (2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from receivables import CreditMemo, Currency, Invoice, Money, Payment
from receivables.adapters import MAPS, load_rows


def generate(count: int, seed: int = 15) -> list[dict[str, str | None]]:
    """``count`` rows of an ERPNext AR export, as csv.DictReader gives them."""
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1).toordinal()
    rows: list[dict[str, str | None]] = []
    for n in range(count):
        posted = dt.date.fromordinal(start + rng.randrange(540))
        due = posted + dt.timedelta(days=30)
        cents = rng.randrange(1_000, 5_000_000)
        amount = Decimal(cents).scaleb(-2)
        roll = rng.random()
        if roll < 0.90:
            kind, invoiced, outstanding = "Sales Invoice", amount, amount
        elif roll < 0.98:
            kind, invoiced, outstanding = "Sales Invoice", -amount, -amount
        else:
            kind, invoiced, outstanding = "Payment Entry", Decimal(0), -amount
        party = f"CUST-{rng.randrange(2000):05d}"
        rows.append(
            {
                "Posting Date": posted.isoformat(),
                "Party Type": "Customer",
                "Party": party,
                "Customer Name": f"Customer {party}",
                "Voucher Type": kind,
                "Voucher No": f"ACC-{n:08d}",
                "Due Date": due.isoformat(),
                "Invoiced Amount": f"{invoiced:,.2f}",
                "Paid Amount": "0.00",
                "Credit Note": "0.00",
                "Outstanding Amount": f"{outstanding:,.2f}",
                "Currency": "USD",
                "Customer LPO": "",
            }
        )
    return rows


def direct(rows: list[dict[str, str | None]]) -> list[Any]:
    """The documents built straight from the rows, as a user's own loop would."""
    usd = Currency("USD")
    documents: list[Any] = []
    for row in rows:
        issued = dt.date.fromisoformat(row["Posting Date"] or "")
        invoiced = Decimal((row["Invoiced Amount"] or "").replace(",", ""))
        outstanding = Decimal((row["Outstanding Amount"] or "").replace(",", ""))
        number, party = row["Voucher No"] or "", row["Party"] or ""
        if row["Voucher Type"] == "Payment Entry":
            documents.append(
                Payment(
                    number,
                    issued,
                    Money(-outstanding, usd),
                    customer_id=party,
                    unapplied_amount=Money(-outstanding, usd),
                )
            )
        elif outstanding < 0:
            documents.append(
                CreditMemo(
                    number,
                    party,
                    issued,
                    Money(-invoiced, usd),
                    open_amount=Money(-outstanding, usd),
                )
            )
        else:
            documents.append(
                Invoice(
                    number,
                    party,
                    issued,
                    Money(invoiced, usd),
                    due_date=dt.date.fromisoformat(row["Due Date"] or ""),
                    open_amount=Money(outstanding, usd),
                )
            )
    return documents


def best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        result = None  # the previous run's documents are freed before the next is timed
        gc.collect()
        began = time.process_time()
        result = run()
        times.append(time.process_time() - began)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    rows = generate(args.rows)
    print(f"{args.rows:,} ERPNext AR rows (in memory, as csv.DictReader gives them)")
    loaded_time, loaded = best(lambda: load_rows(rows, MAPS["erpnext"]), args.repeat)
    assert loaded.reconciles
    built = len(loaded.documents)
    del loaded  # each way runs on the same heap: the rows only
    direct_time, documents = best(lambda: direct(rows), args.repeat)
    assert built == len(documents), "both ways build every document"
    del documents
    print(
        f"  load_rows          {loaded_time:8.2f} s  ({loaded_time / args.rows * 1e6:5.1f} µs/row)"
    )
    print(
        f"  direct build       {direct_time:8.2f} s  ({direct_time / args.rows * 1e6:5.1f} µs/row)"
    )
    print(f"  ratio load_rows / direct: {loaded_time / direct_time:.2f} (goal: at most 2.00)")


if __name__ == "__main__":
    main()
