"""Exact merges: results built per part of a partition by customer, merged, equal the single run.

The invariants (docs/scale.md): every merge is associative and commutative, and for any
partition of the items by customer, merging the parts' results equals the result on all items,
row for row and to the cent.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import ExchangeRate, Invoice, MergeError, Money, PaymentTerms, RateTable
from receivables.aging import (
    AgingBasis,
    AgingReport,
    Buckets,
    CreditHandling,
    PastDueReport,
    age,
    past_due_report,
)
from receivables.allowance import (
    ProvisionMatrix,
    ReceivableHistory,
    combine_snapshots,
    provision,
    roll_rates,
    snapshot_balances,
)
from receivables.documents import Dispute, OpenItem, Portfolio
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    WorklistEntry,
    collection_worklist,
    run_dunning,
)
from receivables.errors import InvalidTypeError
from receivables.scale import (
    MetricInputs,
    merge_all,
    merge_dunning_runs,
    merge_worklists,
    metric_inputs,
    partition_of,
    split_by_customer,
)
from receivables.testing import aging_buckets, dunning_policies, portfolios

AS_OF = dt.date(2026, 6, 30)


@st.composite
def partitioned(draw: st.DrawFn) -> tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]]:
    """A portfolio and a partition of its open items (and disputes) by customer, drawn freely:
    any number of parts, any assignment of customers to them, empty parts allowed."""
    book = draw(portfolios(max_customers=6, max_invoices=20))
    parts = draw(st.integers(1, 4))
    place = {c.id: draw(st.integers(0, parts - 1)) for c in book.customers}
    items: list[list[OpenItem]] = [[] for _ in range(parts)]
    for item in book.open_items():
        items[place[item.customer_id] if item.customer_id is not None else 0].append(item)
    owner = {i.id: i.customer_id for i in book.invoices}
    disputes: list[list[Dispute]] = [[] for _ in range(parts)]
    for dispute in book.disputes:
        disputes[place[owner[dispute.invoice_id]]].append(dispute)
    return book, items, disputes


@settings(max_examples=60)
@given(
    partitioned(),
    aging_buckets(max_edges=5),
    st.sampled_from(AgingBasis),
    st.sampled_from(CreditHandling),
)
def test_ageing_the_parts_and_merging_equals_ageing_all(
    case: tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]],
    buckets: Buckets,
    basis: AgingBasis,
    credits: CreditHandling,
) -> None:
    book, parts, disputes = case
    whole = age(
        book.open_items(), book.as_of, buckets, basis, credits=credits, disputes=book.disputes
    )
    reports = [
        age(items, book.as_of, buckets, basis, credits=credits, disputes=part_disputes)
        for items, part_disputes in zip(parts, disputes, strict=True)
    ]
    merged = AgingReport.combine(reports)
    assert merged == whole
    # Row for row and to the cent, said explicitly (== on the report already compares both).
    assert merged.to_records() == whole.to_records()
    for currency in whole.currencies:
        assert merged.total(currency) == whole.total(currency)
    # The same by pairwise merges, in reverse order.
    folded = reports[-1]
    for report in reversed(reports[:-1]):
        folded = folded.merge(report)
    assert folded == whole


@settings(max_examples=40)
@given(partitioned())
def test_segmented_reports_and_their_rollups_merge(
    case: tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]],
) -> None:
    book, parts, _ = case
    whole = age(book.open_items(), book.as_of, customers=book.customers, segment_by="region")
    reports = [
        age(items, book.as_of, customers=book.customers, segment_by="region") for items in parts
    ]
    assert AgingReport.combine(reports) == whole
    assert AgingReport.combine(r.rollup() for r in reports) == whole.rollup()


@settings(max_examples=40)
@given(portfolios(max_customers=6, max_invoices=20), st.data())
def test_aging_merge_is_associative_and_commutative(book: Portfolio, data: st.DataObject) -> None:
    items = book.open_items()
    cut = sorted(data.draw(st.lists(st.integers(0, len(items)), min_size=2, max_size=2)))
    # Any split of the items (not only by customer): rows that meet add up.
    a, b, c = (
        age(chunk, book.as_of)
        for chunk in (items[: cut[0]], items[cut[0] : cut[1]], items[cut[1] :])
    )
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    # Totals are exact for any split; rows and counts too, as no item is split.
    assert a.merge(b).merge(c) == age(items, book.as_of)


def test_reports_built_differently_do_not_merge() -> None:
    day = dt.date(2026, 1, 1)
    item = Invoice("I-1", "C-1", day, Money("10", "USD"), due_date=day)
    report = age([item], AS_OF)
    with pytest.raises(MergeError, match="as_of"):
        report.merge(age([item], AS_OF - dt.timedelta(days=1)))
    with pytest.raises(MergeError, match="basis"):
        report.merge(age([item], AS_OF, basis=AgingBasis.INVOICE_DATE))
    with pytest.raises(MergeError, match="at least one"):
        AgingReport.combine([])
    with pytest.raises(InvalidTypeError):
        AgingReport.combine([report, "report"])  # type: ignore[list-item]


def test_an_instalment_invoice_counts_once_and_merges() -> None:
    plan = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])
    day = dt.date(2026, 3, 1)
    split = Invoice("I-1", "C-1", day, Money("100.00", "USD"), terms=plan)
    plain = Invoice("I-2", "C-2", day, Money("40.00", "USD"), due_date=day)
    whole = age([split, plain], AS_OF)
    merged = age([split], AS_OF).merge(age([plain], AS_OF))
    assert merged == whole
    assert [row.item_count for row in merged.rows] == [1, 1]


@settings(max_examples=40)
@given(partitioned(), st.integers(1, 4), st.sampled_from(["0", "0.3", "0.5", "1"]))
def test_past_due_reports_merge_to_the_whole(
    case: tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]],
    top: int,
    alert: str,
) -> None:
    book, parts, disputes = case
    whole = past_due_report(
        age(book.open_items(), book.as_of, disputes=book.disputes),
        top=top,
        concentration_alert=alert,
    )
    reports = [
        past_due_report(age(items, book.as_of, disputes=d), top=top, concentration_alert=alert)
        for items, d in zip(parts, disputes, strict=True)
    ]
    assert merge_all(reports) == whole
    assert merge_all(reversed(reports)) == whole


def test_past_due_reports_refuse_overlapping_accounts() -> None:
    day = dt.date(2026, 1, 1)
    item = Invoice("I-1", "C-1", day, Money("10", "USD"), due_date=day)
    report = past_due_report(age([item], AS_OF))
    with pytest.raises(MergeError, match="C-1"):
        report.merge(report)
    with pytest.raises(MergeError, match="top"):
        report.merge(past_due_report(age([item], AS_OF), top=3))
    assert isinstance(report, PastDueReport)


# -- dunning and the worklist ------------------------------------------------------------------


@settings(max_examples=40)
@given(partitioned(), dunning_policies(max_levels=3))
def test_dunning_runs_per_part_merge_to_the_single_run(
    case: tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]],
    policy: DunningPolicy,
) -> None:
    book, parts, disputes = case
    people = {c.id: c for c in book.customers}
    whole = run_dunning(
        policy, book.open_items(), as_of=book.as_of, disputes=book.disputes, customers=people
    )
    runs = [
        run_dunning(policy, items, as_of=book.as_of, disputes=d, customers=people)
        for items, d in zip(parts, disputes, strict=True)
    ]
    assert merge_dunning_runs(runs) == whole
    assert merge_dunning_runs(reversed(runs)) == whole


def test_dunning_runs_refuse_an_account_in_two_runs() -> None:
    policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
    day = dt.date(2026, 1, 1)
    run = run_dunning(
        policy, [Invoice("I-1", "C-1", day, Money("5", "EUR"), due_date=day)], as_of=AS_OF
    )
    with pytest.raises(MergeError, match="C-1"):
        merge_dunning_runs([run, run])


@settings(max_examples=40)
@given(partitioned(), st.none() | st.integers(1, 4))
def test_worklists_per_part_merge_to_the_single_list(
    case: tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]],
    top: int | None,
) -> None:
    book, parts, disputes = case
    people = {c.id: c for c in book.customers}

    def ranked(items: list[OpenItem], disputes: list[Dispute]) -> tuple[WorklistEntry, ...]:
        return collection_worklist(
            items,
            as_of=book.as_of,
            customers=people,
            disputes=disputes,
            promises=book.promises,
            top=top,
            by_currency=True,
        )

    whole = ranked(list(book.open_items()), list(book.disputes))
    lists = [ranked(items, d) for items, d in zip(parts, disputes, strict=True)]
    assert merge_worklists(lists, top=top, by_currency=True) == whole


def test_worklists_in_several_currencies_need_rates_or_by_currency() -> None:
    day = dt.date(2026, 1, 1)
    usd = collection_worklist(
        [Invoice("I-1", "C-1", day, Money("5", "USD"), due_date=day)], as_of=AS_OF
    )
    eur = collection_worklist(
        [Invoice("I-2", "C-2", day, Money("5", "EUR"), due_date=day)], as_of=AS_OF
    )
    with pytest.raises(ValueError, match="currencies"):
        merge_worklists([usd, eur])
    assert [e.currency.code for e in merge_worklists([usd, eur], by_currency=True)] == [
        "EUR",
        "USD",
    ]
    with pytest.raises(MergeError):
        merge_worklists([usd, usd])


# -- the AR metrics' inputs and the allowance snapshots -------------------------------------------

_START = dt.date(2025, 12, 31)
_ENDS = (dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30))


@st.composite
def histories(draw: st.DrawFn) -> list[ReceivableHistory]:
    """Receivables of one currency around the periods: issued before, in or after them, closed
    (paid or written off) in, between or after them, or still open."""
    found = []
    for number in range(draw(st.integers(0, 25))):
        issued = draw(st.dates(dt.date(2025, 10, 1), dt.date(2026, 5, 15)))
        due = issued + dt.timedelta(days=draw(st.integers(0, 60)))
        closed = draw(st.none() | st.dates(issued, dt.date(2026, 6, 30)))
        cents = draw(st.integers(1, 10**9))
        found.append(
            ReceivableHistory(
                f"I-{number}",
                issued,
                due,
                Money(Decimal(cents).scaleb(-2), "USD"),
                closed_on=closed,
                written_off=closed is not None and draw(st.booleans()),
            )
        )
    return found


@settings(max_examples=60)
@given(histories(), st.data())
def test_metric_inputs_merge_to_the_whole_and_roll_forward(
    history: list[ReceivableHistory], data: st.DataObject
) -> None:
    parts = data.draw(st.integers(1, 3))
    place = [data.draw(st.integers(0, parts - 1)) for _ in history]
    chunks = [[h for h, p in zip(history, place, strict=True) if p == k] for k in range(parts)]
    whole = metric_inputs(history, _START, _ENDS, "USD")
    pieces = [metric_inputs(chunk, _START, _ENDS, "USD") for chunk in chunks]
    assert merge_all(pieces) == whole
    assert merge_all(reversed(pieces)) == whole
    for period in range(len(_ENDS)):
        rolled = (
            whole.beginning(period)
            + whole.credit_sales[period]
            - whole.collections[period]
            - whole.write_offs[period]
        )
        assert rolled == whole.receivables[period]
        assert whole.current_receivables[period] <= whole.receivables[period]
        # Against a direct count of the definition, receivable by receivable.
        end = _ENDS[period]
        open_then = [h for h in history if h.is_open_on(end)]
        assert whole.receivables[period] == Money.total((h.amount for h in open_then), "USD")
        assert whole.current_receivables[period] == Money.total(
            (h.amount for h in open_then if h.due_date >= end), "USD"
        )


def test_metric_inputs_feed_the_metrics() -> None:
    def usd(amount: str) -> Money:
        return Money(amount, "USD")

    history = [
        ReceivableHistory("I-1", dt.date(2026, 1, 10), dt.date(2026, 2, 9), usd("3100.00")),
        ReceivableHistory(
            "I-2",
            dt.date(2026, 1, 12),
            dt.date(2026, 1, 20),
            usd("900.00"),
            closed_on=dt.date(2026, 1, 25),
        ),
    ]
    inputs = metric_inputs(history, _START, _ENDS[:1], "USD")
    # Sales 4,000.00 in January, 3,100.00 still open: DSO = 3100 / 4000 x 31 = 24.025 days.
    assert inputs.dso(0) == Decimal("24.025")
    assert inputs.countback_dso(0) == Decimal("24.025")
    # CEI: (0 + 4000 - 3100) / (0 + 4000 - 3100 current) x 100 = 100.
    assert inputs.collection_effectiveness_index(0) == Decimal(100)
    with pytest.raises(MergeError, match="ends"):
        inputs.merge(metric_inputs(history, _START, _ENDS[:2], "USD"))
    assert isinstance(inputs, MetricInputs)


@settings(max_examples=60)
@given(histories(), st.data())
def test_allowance_snapshots_combine_to_the_whole(
    history: list[ReceivableHistory], data: st.DataObject
) -> None:
    parts = data.draw(st.integers(1, 3))
    place = [data.draw(st.integers(0, parts - 1)) for _ in history]
    chunks = [[h for h, p in zip(history, place, strict=True) if p == k] for k in range(parts)]
    whole = snapshot_balances(history, _ENDS, "USD")
    pieces = [snapshot_balances(chunk, _ENDS, "USD") for chunk in chunks]
    assert combine_snapshots(pieces) == whole
    assert combine_snapshots(reversed(pieces)) == whole
    snapshots, written = combine_snapshots(pieces)
    assert roll_rates(snapshots, write_offs=written) == roll_rates(whole[0], write_offs=whole[1])


@settings(max_examples=30)
@given(partitioned())
def test_provision_on_merged_reports_equals_provision_on_the_whole(
    case: tuple[Portfolio, list[list[OpenItem]], list[list[Dispute]]],
) -> None:
    book, parts, _ = case
    matrix = ProvisionMatrix(
        {
            "Current": "0.003",
            "1-30": "0.016",
            "31-60": "0.036",
            "61-90": "0.066",
            "91-120": "0.09",
            "Over 120": "0.2",
        }
    )
    whole = age(book.open_items(), book.as_of)
    merged = AgingReport.combine(age(items, book.as_of) for items in parts)
    for currency in whole.currencies:
        assert provision(merged, matrix, currency=currency) == provision(
            whole, matrix, currency=currency
        )


def test_snapshots_of_different_shapes_do_not_combine() -> None:
    history = [
        ReceivableHistory("I-1", dt.date(2026, 1, 5), dt.date(2026, 2, 4), Money("1", "USD"))
    ]
    with pytest.raises(MergeError):
        combine_snapshots(
            [snapshot_balances(history, _ENDS, "USD"), snapshot_balances(history, _ENDS[:2], "USD")]
        )
    with pytest.raises(MergeError):
        combine_snapshots([])


# -- partitioning ----------------------------------------------------------------------------


@given(st.text(min_size=1, max_size=30), st.integers(1, 64))
def test_partition_of_is_in_range_and_stable(customer_id: str, partitions: int) -> None:
    place = partition_of(customer_id, partitions)
    assert 0 <= place < partitions
    assert place == partition_of(customer_id, partitions)


@settings(max_examples=30)
@given(portfolios(max_customers=6, max_invoices=20), st.integers(1, 5))
def test_split_by_customer_keeps_every_item_and_no_account_straddles(
    book: Portfolio, partitions: int
) -> None:
    parts = split_by_customer(book.open_items(), partitions)
    assert sorted(map(id, (i for p in parts for i in p))) == sorted(map(id, book.open_items()))
    owners: dict[str | None, int] = {}
    for index, part in enumerate(parts):
        for item in part:
            assert owners.setdefault(item.customer_id, index) == index


@settings(max_examples=30)
@given(
    st.lists(st.tuples(st.integers(1, 10**7), st.sampled_from(["USD", "EUR", "GBP"])), max_size=12),
    st.integers(1, 3),
)
def test_worklists_ranked_with_rates_merge_to_the_single_list(
    accounts: list[tuple[int, str]], parts: int
) -> None:
    day = dt.date(2026, 1, 1)
    items = [
        Invoice(f"I-{n}", f"C-{n}", day, Money(Decimal(cents).scaleb(-2), code), due_date=day)
        for n, (cents, code) in enumerate(accounts)
    ]
    rates = RateTable(
        [
            ExchangeRate("EUR", "USD", "1.0850", day),
            ExchangeRate("GBP", "USD", "1.2700", day),
        ]
    )
    whole = collection_worklist(items, as_of=AS_OF, rates=rates)
    lists = [
        collection_worklist(p, as_of=AS_OF, rates=rates) for p in split_by_customer(items, parts)
    ]
    assert merge_worklists(lists, rates=rates, as_of=AS_OF) == whole


@settings(max_examples=40)
@given(portfolios(max_customers=6, max_invoices=20), st.booleans())
def test_a_report_pickles_packed_and_comes_back_equal(book: Portfolio, segmented: bool) -> None:
    # What a cluster worker sends back: the packed form must lose nothing (amounts keep their
    # exponent: 10.50 stays 10.50).
    report = age(
        book.open_items(),
        book.as_of,
        customers=book.customers,
        segment_by="region" if segmented else None,
    )
    back = pickle.loads(pickle.dumps(report))
    assert back == report
    assert [str(v) for row in back.rows for v in row._sums] == [
        str(v) for row in report.rows for v in row._sums
    ]
    assert copy.deepcopy(report) == report
