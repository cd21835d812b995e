"""Benchmark: the plain form and JSON text of a large aging report and of a ledger's invoices.

Run:  python benchmarks/bench_json.py [--customers 2000] [--repeat 3]

Printed (best of ``--repeat`` runs each): ``age()`` on the sample ledger's open items, then for
the report ``to_dict()`` and ``receivables.json.dumps``, and the plain-Python way for
comparison (``json.dumps(report.to_records(), default=str)``: flat rows, decimals as text, no
nesting); then for the invoices ``to_dict()`` of each, ``Invoice.from_dict`` of each (strict,
through the constructor), and ``receivables.json.loads(text, list[Invoice])``.

No target is set by the issue for JSON; the figures show where the time goes (the walker is
pure Python over attrs fields, about the cost of building the values).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

from receivables import json as rjson
from receivables.aging import age
from receivables.documents import Invoice
from receivables.samples import sample_portfolio


def _best(repeat: int, function: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    as_of = dt.date(2026, 3, 31)
    book = sample_portfolio(seed=0, customers=args.customers, as_of=as_of)
    items = book.open_items()
    took, report = _best(args.repeat, lambda: age(items, as_of))
    print(f"{len(items):,} open items -> {len(report.rows):,} aging rows")
    print(f"  age()                                   {took * 1000:9.1f} ms")
    took, _ = _best(args.repeat, report.to_dict)
    print(f"  report.to_dict()                        {took * 1000:9.1f} ms")
    took, text = _best(args.repeat, lambda: rjson.dumps(report))
    print(f"  receivables.json.dumps(report)          {took * 1000:9.1f} ms ({len(text):,} chars)")
    took, flat = _best(args.repeat, lambda: json.dumps(report.to_records(), default=str))
    print(f"  json.dumps(to_records(), default=str)   {took * 1000:9.1f} ms ({len(flat):,} chars)")
    invoices = list(book.invoices)
    took, dicts = _best(args.repeat, lambda: [i.to_dict() for i in invoices])
    print(f"{len(invoices):,} invoices")
    print(f"  to_dict() each                          {took * 1000:9.1f} ms")
    took, back = _best(args.repeat, lambda: [Invoice.from_dict(d) for d in dicts])
    assert back == invoices
    print(f"  Invoice.from_dict() each                {took * 1000:9.1f} ms")
    text = rjson.dumps(invoices)
    took, loaded = _best(args.repeat, lambda: rjson.loads(text, list[Invoice]))
    assert loaded == invoices
    print(f"  json.loads(text, list[Invoice])         {took * 1000:9.1f} ms ({len(text):,} chars)")
    took, _ = _best(args.repeat, lambda: json.loads(text))
    print(f"  plain json.loads(text) (floats, dicts)  {took * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
