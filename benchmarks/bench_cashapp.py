"""Benchmark: cash application throughput and quality on a seeded scenario with ground truth.

Run:  python benchmarks/bench_cashapp.py [--invoices 50000] [--payments 10000] [--seed 0]

The scenario (receivables.samples.cashapp) mixes clean and dirty references, several invoices
in one field, typos, PO numbers, discounts taken, short and over payments, unknown payers,
parents paying for subsidiaries, remittance advices, credit memos netted off and payments with
nothing to go on. Printed: throughput, the share of payments matched automatically, the share
applied correctly, the invoice-level hit rate, the precision of MATCHED, and the same by kind.
Targets: >= 2,000 payments/s, >= 95% correctly applied, precision of MATCHED >= 99.5%.

For comparison it also runs what an open ERP does out of the box (the "exact reference, else
FIFO" rule: apply to the invoice whose number appears verbatim in the reference, else to the
payer's oldest open invoices), written in plain Python on the same data.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from receivables.cashapp import MatchStatus, apply_cash
from receivables.documents import Invoice
from receivables.samples.cashapp import Scenario, generate_scenario, score


def naive_fifo(scenario: Scenario) -> dict[str, frozenset[str]]:
    """Exact invoice number in the reference, else the payer's oldest invoices (FIFO)."""
    by_id = {i.document_id: i for i in scenario.open_items if isinstance(i, Invoice)}
    by_customer: dict[str, list[Invoice]] = {}
    for invoice in sorted(by_id.values(), key=lambda i: (i.due_date, i.id)):
        by_customer.setdefault(invoice.customer_id, []).append(invoice)
    taken: set[str] = set()
    applied: dict[str, frozenset[str]] = {}
    for payment in scenario.payments:
        named = [by_id[r] for r in payment.references if r in by_id and r not in taken]
        if not named and payment.customer_id is not None:
            left = payment.amount.amount
            for invoice in by_customer.get(payment.customer_id, []):
                if left <= 0:
                    break
                if invoice.id not in taken:
                    named.append(invoice)
                    left -= invoice.open_amount.amount
        taken.update(i.id for i in named)
        applied[payment.id] = frozenset(i.id for i in named)
    return applied


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f}%" if whole else "   n/a"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=50_000)
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    scenario = generate_scenario(seed=args.seed, invoices=args.invoices, payments=args.payments)
    built = time.perf_counter() - started
    print(
        f"scenario: {len(scenario.open_items):,} open items, {len(scenario.payments):,} payments, "
        f"{len(scenario.remittances):,} remittances (built in {built:.1f} s)"
    )
    best = float("inf")
    result = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = apply_cash(
            scenario.payments,
            scenario.open_items,
            remittances=scenario.remittances,
            customers=scenario.customers,
        )
        best = min(best, time.perf_counter() - started)
    assert result is not None
    report = score(scenario, result)
    rate = len(scenario.payments) / best
    print(f"\napply_cash: {best:.2f} s, {rate:,.0f} payments/s (best of {args.repeat})")
    print(f"  matched automatically   {share(report.matched, report.payments)}")
    print(f"  applied correctly       {share(report.correct, report.payments)}")
    print(f"  invoice-level hit rate  {share(report.items_hit, report.truth_items)}")
    print(f"  precision of MATCHED    {share(report.matched_correct, report.matched)}")
    counts = result.counts()
    print("  statuses: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print("\nby kind of payment:          n   correct   matched")
    for kind, (count, correct, matched) in report.by_kind.items():
        print(f"  {kind:26} {count:5} {share(correct, count)} {share(matched, count)}")

    started = time.perf_counter()
    naive = naive_fifo(scenario)
    naive_time = time.perf_counter() - started
    naive_correct = sum(naive[p.id] == scenario.truth[p.id] for p in scenario.payments)
    wrong_posted = sum(
        bool(naive[p.id]) and naive[p.id] != scenario.truth[p.id] for p in scenario.payments
    )
    print(
        f"\nexact-reference-else-FIFO (plain Python): {naive_time:.2f} s, applied correctly "
        f"{share(naive_correct, len(scenario.payments))}, posted to the wrong items "
        f"{share(wrong_posted, len(scenario.payments))}"
    )
    exceptions = [o for o in result.outcomes if o.status is MatchStatus.EXCEPTION]
    print(f"receivables sends {len(exceptions):,} payments to a person instead of guessing")


if __name__ == "__main__":
    main()
