"""The Dask recipe of docs/scale.md, run: shards on disk, workers that read their own shard and
build the documents, the engines per part, exact merges; the results equal the single run.

A ``LocalCluster`` of two workers (threads, ``processes=False``, so the suite stays light; the
benchmark runs two worker processes), and ``dask.bag`` on the synchronous scheduler.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from receivables.aging import AgingReport, age, past_due_report
from receivables.allowance import ReceivableHistory, combine_snapshots, snapshot_balances
from receivables.documents import Customer, Dispute, Portfolio
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    DunningRun,
    WorklistEntry,
    collection_worklist,
    run_dunning,
)
from receivables.samples import sample_portfolio
from receivables.scale import (
    merge_all,
    merge_dunning_runs,
    merge_worklists,
    partition_of,
    read_shard,
    write_shards,
)

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
bag = pytest.importorskip("dask.bag")

PARTS = 4
POLICY = DunningPolicy(
    [
        DunningLevel(1, 5, Action.REMINDER),
        DunningLevel(2, 30, Action.FINAL_NOTICE),
    ]
)


@pytest.fixture(scope="module")
def book() -> Portfolio:
    return sample_portfolio(seed=11, customers=120, as_of=dt.date(2026, 6, 30))


@pytest.fixture(scope="module")
def shards(book: Portfolio, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    return write_shards(book.open_items(), tmp_path_factory.mktemp("shards"), PARTS)


def _disputes_of(book: Portfolio, part: int) -> list[Dispute]:
    owner = {invoice.id: invoice.customer_id for invoice in book.invoices}
    return [d for d in book.disputes if partition_of(owner[d.invoice_id], PARTS) == part]


# What each worker runs: read its own shard, build the documents there, run the engine.


def _age_part(path: Path, as_of: dt.date, disputes: list[Dispute]) -> AgingReport:
    return age(read_shard(path), as_of, disputes=disputes)


def _dun_part(
    path: Path, as_of: dt.date, disputes: list[Dispute], customers: dict[str, Customer]
) -> DunningRun:
    return run_dunning(
        POLICY, read_shard(path), as_of=as_of, disputes=disputes, customers=customers
    )


def _rank_part(
    path: Path, as_of: dt.date, disputes: list[Dispute], customers: dict[str, Customer]
) -> tuple[WorklistEntry, ...]:
    return collection_worklist(
        read_shard(path), as_of=as_of, disputes=disputes, customers=customers, by_currency=True
    )


def test_shards_hold_every_open_item(book: Portfolio, shards: tuple[Path, ...]) -> None:
    back = [item for path in shards for item in read_shard(path)]
    assert sorted(i.document_id for i in back) == sorted(i.document_id for i in book.open_items())
    assert age(back, book.as_of) == age(book.open_items(), book.as_of)


def test_local_cluster_of_two_workers_ages_duns_and_ranks_exactly(
    book: Portfolio, shards: tuple[Path, ...]
) -> None:
    client_cls, cluster_cls = distributed.Client, distributed.LocalCluster
    people = {c.id: c for c in book.customers}
    parts = range(PARTS)
    with (
        cluster_cls(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        client_cls(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        disputes = [_disputes_of(book, k) for k in parts]
        aged = client.gather(
            [client.submit(_age_part, shards[k], book.as_of, disputes[k]) for k in parts]
        )
        runs = client.gather(
            [client.submit(_dun_part, shards[k], book.as_of, disputes[k], people) for k in parts]
        )
        lists = client.gather(
            [client.submit(_rank_part, shards[k], book.as_of, disputes[k], people) for k in parts]
        )
        # The merge can run on the cluster too: a tree of merges, one result back.
        merged_remotely = client.submit(AgingReport.combine, client.scatter(aged)).result()

    whole = age(book.open_items(), book.as_of, disputes=book.disputes)
    assert AgingReport.combine(aged) == whole
    assert merged_remotely == whole
    assert merge_all([past_due_report(r, top=5) for r in aged]) == past_due_report(whole, top=5)
    assert merge_dunning_runs(runs) == run_dunning(
        POLICY, book.open_items(), as_of=book.as_of, disputes=book.disputes, customers=people
    )
    assert merge_worklists(lists, by_currency=True) == collection_worklist(
        book.open_items(),
        as_of=book.as_of,
        disputes=book.disputes,
        customers=people,
        by_currency=True,
    )
    # Only small results travel back: a report is a row per account, not the items.
    travelled = sum(len(pickle.dumps(report)) for report in aged)
    shipped = sum(path.stat().st_size for path in shards)
    assert travelled < len(pickle.dumps(list(book.open_items())))
    assert shipped > 0


def _snapshots_part(
    histories: list[ReceivableHistory], ends: list[dt.date]
) -> tuple[tuple[dict[str, object], ...], tuple[object, ...]]:
    return snapshot_balances(histories, ends, "USD")  # type: ignore[return-value]


def test_dask_bag_on_the_synchronous_scheduler(book: Portfolio, shards: tuple[Path, ...]) -> None:
    paths = bag.from_sequence([str(path) for path in shards], npartitions=PARTS)
    reports = paths.map(lambda path: age(read_shard(path), book.as_of)).compute(
        scheduler="synchronous"
    )
    assert AgingReport.combine(reports) == age(book.open_items(), book.as_of)

    # The allowance snapshots: the ledger history partitioned the same way.
    usd = [i for i in book.invoices if i.currency.code == "USD"]
    history = [
        ReceivableHistory(
            i.id, i.issue_date, i.due_date, i.amount, closed_on=i.paid_on, written_off=False
        )
        for i in usd
    ]
    ends = [dt.date(2026, m, 28) for m in range(1, 7)]
    owner = {i.id: i.customer_id for i in usd}
    pieces = bag.from_sequence(
        [
            [h for h in history if partition_of(owner[h.document_id], PARTS) == k]
            for k in range(PARTS)
        ],
        npartitions=PARTS,
    )
    parts = pieces.map(_snapshots_part, ends).compute(scheduler="synchronous")
    assert combine_snapshots(parts) == snapshot_balances(history, ends, "USD")
