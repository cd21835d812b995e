"""The command line's output, pure: rows of the aging, dunning and cash-application views,
amounts as figures for a terminal or for CSV, and aligned tables as lines of text.

Nothing here reads or writes a file, a stream or the clock: :mod:`receivables.cli` prints what
these functions return."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

from receivables.aging import AgingReport
from receivables.dunning import DunningRun
from receivables.money import Money


def _figure(value: Decimal, places: int) -> str:
    """An amount for a terminal table: grouped thousands, the currency's decimals."""
    return f"{value:,.{places}f}"


def aligned_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]
) -> list[str]:
    """Aligned columns: numbers (columns in ``numeric``) to the right, text to the left."""
    body = [list(row) for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in body)]


def plain_figure(value: Decimal, places: int) -> str:
    """An amount in plain digits with ``places`` decimals (more only if it has more)."""
    text = f"{value:.{places}f}"
    return text if Decimal(text) == value else f"{value:f}"


def age_rows(
    report: AgingReport, names: Mapping[str, str], by: str
) -> tuple[list[str], list[list[Decimal | str]], list[list[Decimal | str]]]:
    """Headers, the rows, and the table-only total rows of the aging view."""
    labels = list(report.labels)
    if by == "customer":
        headers = ["customer", "name", "currency", *labels, "credits", "total"]
        rows: list[list[Decimal | str]] = []
        totals: list[list[Decimal | str]] = []
        for row in report.rows:
            customer = row.customer_id or "(unidentified)"
            rows.append(
                [
                    customer,
                    names.get(row.customer_id or "", ""),
                    row.currency.code,
                    *(m.amount for m in row.amounts),
                    row.credits.amount,
                    row.total.amount,
                ]
            )
        for currency in report.currencies:
            sums = report.bucket_totals(currency)
            totals.append(
                [
                    "Total",
                    "",
                    currency.code,
                    *(sums[label].amount for label in labels),
                    report.credits(currency).amount,
                    report.total(currency).amount,
                ]
            )
        return headers, rows, totals
    headers = ["currency", *labels, "credits", "total", "past due"]
    rows = []
    for currency in report.currencies:
        sums = report.bucket_totals(currency)
        rows.append(
            [
                currency.code,
                *(sums[label].amount for label in labels),
                report.credits(currency).amount,
                report.total(currency).amount,
                report.past_due(currency).amount,
            ]
        )
    return headers, rows, []


def render_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[Decimal | str]],
    places: Callable[[Sequence[Decimal | str]], int],
) -> list[list[str]]:
    return [
        [_figure(cell, places(row)) if isinstance(cell, Decimal) else cell for cell in row]
        for row in rows
    ]


def places_by_currency(column: int) -> Callable[[Sequence[Decimal | str]], int]:
    def places(row: Sequence[Decimal | str]) -> int:
        return Money.zero(str(row[column])).currency.minor_units

    return places


def notice_rows(run: DunningRun) -> list[list[Decimal | str]]:
    return [
        [
            notice.customer_id,
            notice.currency.code,
            str(notice.level.number),
            notice.level.action.value,
            str(len(notice.items)),
            notice.overdue.amount,
            notice.credits_applied.amount,
            notice.fees.amount,
            notice.interest.amount,
            notice.total_due.amount,
            notice.pay_by.isoformat() if notice.pay_by is not None else "",
        ]
        for notice in run.notices
    ]


NOTICE_HEADERS: Final = (
    "customer",
    "currency",
    "level",
    "action",
    "items",
    "overdue",
    "credits",
    "fees",
    "interest",
    "total due",
    "pay by",
)
APPLY_HEADERS: Final = (
    "statement",
    "payment",
    "date",
    "currency",
    "amount",
    "status",
    "customer",
    "invoices",
    "applied",
    "unapplied",
    "reasons",
)


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"
