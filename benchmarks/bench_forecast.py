"""Benchmark: payment behaviour and the cash forecast, quality and speed, beside the baseline.

Run:  python benchmarks/bench_forecast.py [--history 1000000] [--months 24]
Needs the ``bench`` extra (pandas) for the speed comparison: pip install -e ".[bench]"

Quality: on a generated ledger whose customers have payment habits of their own
(``sample_portfolio(payment_habits=True)``), :func:`receivables.forecast.backtest` fits at each
cutoff on what was known then and scores the invoices open at the cutoff against what happened:
late-payment accuracy and AUC, the expected date's mean absolute error, the weekly WAPE of the
cash forecast and the band's coverage, each beside the "paid on its due date" baseline. The
first cutoff is a time split: a year of history to fit on, the next months to predict.

Speed: ``PaymentBehaviour.fit`` on the whole history (about ``--history`` invoices), against the
pandas way a notebook user would get a per-customer rhythm (median days late of the paid
invoices by customer: it drops the open ones, so it is biased early, and has no curve, no
shrinkage, no censoring); then ``predict`` per invoice and ``cash_forecast`` on the open items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from receivables.forecast import PaymentBehaviour, backtest, cash_forecast
from receivables.samples import sample_portfolio

AS_OF = dt.date(2026, 6, 30)
# Invoices per customer over 24 months at the sample defaults (measured: about 160).
_PER_CUSTOMER_PER_MONTH = 6.7


def _month_end(index: int) -> dt.date:
    """The last day of the month ``index`` (year * 12 + month - 1)."""
    following = index + 1
    return dt.date(following // 12, following % 12 + 1, 1) - dt.timedelta(days=1)


def _row(name: str, model: object, baseline: object) -> str:
    return f"  {name:<28} {model!s:>10} {baseline!s:>12}"


def quality(months: int, customers: int, weeks: int) -> None:
    book = sample_portfolio(
        seed=42, customers=customers, as_of=AS_OF, months=months, payment_habits=True
    )
    # The history starts on the first of the month ``months - 1`` before AS_OF's; the first
    # cutoff leaves a year of it to fit on, then one every two months while the horizon fits.
    start_index = AS_OF.year * 12 + AS_OF.month - 1 - (months - 1)
    cutoffs = []
    index = start_index + 11
    while _month_end(index) + dt.timedelta(days=7 * weeks + 7) <= AS_OF:
        cutoffs.append(_month_end(index))
        index += 2
    started = time.perf_counter()
    result = backtest(
        book.invoices, cutoffs=cutoffs, weeks=weeks, segments=book.customers, disputes=book.disputes
    )
    elapsed = time.perf_counter() - started
    print(
        f"backtest: {len(book.invoices):,} invoices, {customers:,} customers, {weeks}-week "
        f"horizon, cutoffs {', '.join(str(c) for c in cutoffs)} ({elapsed:.1f} s)"
    )
    print(f"  {'cutoff':<28} {'model':>10} {'due-date':>12}")
    for score in result.cutoffs:
        print(f"  {score.cutoff} ({score.open_invoices:,} open, {score.late_scored:,} scored late)")
        print(_row("late accuracy", score.accuracy, score.baseline_accuracy))
        print(_row("late AUC", score.auc, score.baseline_auc))
        print(_row("expected date MAE (days)", score.mae_days, score.baseline_mae_days))
        print(_row("weekly WAPE", score.wape, score.baseline_wape))
        print(_row("band coverage (nominal 0.8)", score.band_coverage, "-"))
    print("  mean over cutoffs")
    print(_row("late accuracy", result.accuracy, result.baseline_accuracy))
    print(_row("late AUC", result.auc, result.baseline_auc))
    print(_row("expected date MAE (days)", result.mae_days, result.baseline_mae_days))
    print(_row("weekly WAPE", result.wape, result.baseline_wape))
    if result.wape is not None and result.baseline_wape:
        print(
            f"  WAPE ratio model / baseline: {result.wape / result.baseline_wape:.3f} "
            "(issue target on real ledgers: <= 0.6)"
        )


def speed(history_target: int, months: int) -> None:
    customers = max(1, round(history_target / (_PER_CUSTOMER_PER_MONTH * months)))
    started = time.perf_counter()
    book = sample_portfolio(
        seed=7, customers=customers, as_of=AS_OF, months=months, payment_habits=True
    )
    print(
        f"\nsample_portfolio: {len(book.invoices):,} invoices, {customers:,} customers in "
        f"{time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    behaviour = PaymentBehaviour.fit(
        book.invoices, as_of=AS_OF, segments=book.customers, disputes=book.disputes
    )
    fit_seconds = time.perf_counter() - started
    print(
        f"  PaymentBehaviour.fit: {fit_seconds:.2f} s ({behaviour.invoices_seen:,} invoices, "
        f"{behaviour.payments_seen:,} payments)"
    )
    try:
        import pandas as pd
    except ImportError:
        print("  pandas not installed: no comparison (pip install -e '.[bench]')")
    else:
        started = time.perf_counter()
        frame = pd.DataFrame(
            {
                "customer": [i.customer_id for i in book.invoices],
                "due": [i.due_date for i in book.invoices],
                "paid": [i.paid_on for i in book.invoices],
            }
        )
        built = time.perf_counter() - started
        started = time.perf_counter()
        paid = frame.dropna(subset=["paid"])
        late = (pd.to_datetime(paid["paid"]) - pd.to_datetime(paid["due"])).dt.days
        medians = late.groupby(paid["customer"]).median()
        grouped = time.perf_counter() - started
        print(
            f"  pandas median days late by customer (open invoices dropped): {grouped:.2f} s "
            f"(+ {built:.2f} s building the DataFrame), {len(medians):,} customers"
        )
    open_invoices = [i for i in book.invoices if i.is_open]
    sample = open_invoices[:100_000]
    started = time.perf_counter()
    for invoice in sample:
        behaviour.predict(invoice, as_of=AS_OF)
    per = (time.perf_counter() - started) / max(1, len(sample))
    print(f"  predict: {per * 1e6:.1f} us per invoice ({len(sample):,} invoices)")
    items = book.open_items()
    started = time.perf_counter()
    forecast = cash_forecast(
        items, behaviour, as_of=AS_OF, weeks=13, promises=book.promises, disputes=book.disputes
    )
    print(
        f"  cash_forecast (13 weeks): {time.perf_counter() - started:.2f} s for "
        f"{len(items):,} open items in {len(forecast.currencies)} currencies"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", type=int, default=1_000_000, help="invoices to fit on")
    parser.add_argument("--months", type=int, default=24, help="months of history")
    parser.add_argument("--customers", type=int, default=1_500, help="customers in the backtest")
    parser.add_argument("--weeks", type=int, default=8, help="backtest horizon in weeks")
    arguments = parser.parse_args()
    quality(arguments.months, arguments.customers, arguments.weeks)
    speed(arguments.history, arguments.months)


if __name__ == "__main__":
    main()
