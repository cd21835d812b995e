"""Allowance: published examples, and the invariants (balances, ties, no double reserves)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    Customer,
    Dispute,
    InvalidAmountError,
    InvalidDocumentError,
    InvalidPolicyError,
    Invoice,
    Money,
    ValidationError,
)
from receivables.aging import Buckets, age
from receivables.allowance import (
    AccountMap,
    AllowanceRollForward,
    ApprovalLevel,
    JournalEntry,
    JournalLine,
    LossPeriod,
    Overlay,
    OverlayKind,
    ProvisionMatrix,
    ReceivableHistory,
    RollMethod,
    SpecificReserve,
    WriteOffMethod,
    WriteOffPolicy,
    allowance_true_up,
    estimate_allowance,
    historical_loss_rate,
    loss_rates,
    provision,
    recommend_write_offs,
    recovery_entries,
    roll_rates,
    snapshot_balances,
    write_off_entry,
)
from receivables.documents import Portfolio
from receivables.testing import money, portfolios

D = dt.date
ACCOUNTS = AccountMap("1200", "1290", "6100", "1000", "7050")
IFRS_LABELS = ("Current", "1-30", "31-60", "61-90", "Over 90")


def usd(amount: str | int) -> Money:
    return Money(amount, "USD")


class TestReferenceExamples:
    def test_ifrs_9_illustrative_example_12(self) -> None:
        """IFRS 9 Illustrative Examples, Example 12 (IE74-IE77), Company M: a provision matrix of
        0.3%, 1.6%, 3.6%, 6.6% and 10.6% on trade receivables of 15.0, 7.5, 4.0, 2.5 and 1.0
        million gives lifetime expected credit losses of 45,000, 120,000, 144,000, 165,000 and
        106,000: 580,000 in all."""
        matrix = ProvisionMatrix(
            dict(zip(IFRS_LABELS, ["0.003", "0.016", "0.036", "0.066", "0.106"], strict=True))
        )
        balances = dict(
            zip(
                IFRS_LABELS,
                [usd("15000000"), usd("7500000"), usd("4000000"), usd("2500000"), usd("1000000")],
                strict=True,
            )
        )
        result = provision(balances, matrix)
        assert [line.allowance for line in result.lines] == [
            usd("45000"),
            usd("120000"),
            usd("144000"),
            usd("165000"),
            usd("106000"),
        ]
        assert result.total == usd("580000")
        assert result.balance == usd("30000000")

    def test_ifrscommunity_vintage_to_loss_rates(self) -> None:
        """IFRScommunity.com, "IFRS 9 example: lifetime ECL for trade receivables using a
        provision matrix": of 100,000 of January sales, 50,000 is outstanding 1-30 days past
        due, 23,000 at 31-60, 8,000 at 61-90 and 2,000 is never paid. Loss rates 2.0%, 4.0%,
        8.7%, 25% and 100%; on receivables of 300,000, 140,000, 60,000, 23,000 and 5,000 the
        allowance is 27,567."""
        labels = IFRS_LABELS
        path = [
            ("Current", 100000),
            ("1-30", 50000),
            ("31-60", 23000),
            ("61-90", 8000),
            ("Over 90", 2000),
        ]
        snapshots = []
        for step in range(len(path) + 1):
            snapshot = {label: usd(0) for label in labels}
            if step < len(path):
                label, amount = path[step]
                snapshot[label] = usd(amount)
            snapshots.append(snapshot)
        write_offs = [usd(0)] * len(path) + [usd(2000)]
        rolls = roll_rates(snapshots, write_offs=write_offs)
        matrix = loss_rates(rolls)
        assert [round(rate * 100, 1) for _, rate in matrix.rates] == [
            Decimal("2.0"),
            Decimal("4.0"),
            Decimal("8.7"),
            Decimal("25.0"),
            Decimal("100.0"),
        ]
        balances = dict(
            zip(labels, [usd(300000), usd(140000), usd(60000), usd(23000), usd(5000)], strict=True)
        )
        result = provision(balances, matrix)
        # The page shows whole units; to the cent the 31-60 line is 5,217.39.
        assert [line.allowance.amount.quantize(Decimal(1)) for line in result.lines] == [
            6000,
            5600,
            5217,
            5750,
            5000,
        ]
        assert result.total == usd("27567.39")


class TestMatrixAndOverlay:
    def test_missing_rate_is_an_error(self) -> None:
        with pytest.raises(ValidationError, match="no rate for bucket 'Over 90'"):
            provision({"Over 90": usd(1)}, ProvisionMatrix({"Current": "0.01"}))

    def test_rates_are_fractions(self) -> None:
        with pytest.raises(InvalidPolicyError):
            ProvisionMatrix({"Current": "1.5"})

    def test_overlay_shows_apart(self) -> None:
        matrix = ProvisionMatrix({"Current": "0.02", "Past due": "0.10"})
        overlay = Overlay(OverlayKind.ADD, "sector downturn", by_bucket={"Past due": "0.05"})
        result = provision({"Current": usd(1000), "Past due": usd(1000)}, matrix, overlay=overlay)
        assert [line.adjusted_rate for line in result.lines] == [Decimal("0.02"), Decimal("0.15")]
        assert result.overlay_total == usd("50.00")
        assert result.reasons[-1].code == "allowance.overlay"
        with pytest.raises(InvalidPolicyError):
            Overlay(OverlayKind.ADD, " ", overall="0.1")

    def test_from_an_aging_report(self) -> None:
        items = [Invoice("I-1", "C-1", D(2026, 1, 1), usd("1000"), due_date=D(2026, 5, 1))]
        report = age(items, D(2026, 6, 30))
        matrix = ProvisionMatrix(dict.fromkeys(report.labels, "0.1"))
        assert provision(report, matrix).total == usd("100.00")

    @given(
        st.lists(money("USD", min_value=-1000, max_value=10**7), min_size=1, max_size=6),
        st.lists(st.decimals(0, 1, places=4), min_size=6, max_size=6),
        st.decimals(-2, 3, places=3),
        st.sampled_from(list(OverlayKind)),
    )
    def test_allowance_never_exceeds_the_balance(
        self, balances: list[Money], rates: list[Decimal], factor: Decimal, kind: OverlayKind
    ) -> None:
        labels = [f"B{n}" for n in range(len(balances))]
        matrix = ProvisionMatrix(dict(zip(labels, rates, strict=False)))
        overlay = Overlay(kind, "stress", overall=factor)
        result = provision(dict(zip(labels, balances, strict=True)), matrix, overlay=overlay)
        for line in result.lines:
            assert Money.zero("USD") <= line.allowance <= max(line.balance, Money.zero("USD"))
            assert 0 <= line.adjusted_rate <= 1


class TestRollRates:
    def test_pooled_and_mean_of_ratios(self) -> None:
        snapshots = [
            {"A": 100, "B": 0},
            {"A": 200, "B": 50},
            {"A": 100, "B": 20},
        ]
        pooled = roll_rates(snapshots, write_offs=[0, 0, 10])
        # A -> B: (50 + 20) / (100 + 200); B -> write-off: (0 + 10) / (0 + 50)
        rate = pooled.rate("A")
        assert rate is not None
        assert round(rate, 20) == round(Decimal(70) / Decimal(300), 20)
        assert pooled.rate("B") == Decimal("0.2")
        mean = roll_rates(snapshots, write_offs=[0, 0, 10], method=RollMethod.MEAN_OF_RATIOS)
        assert mean.rate("A") == (Decimal("0.5") + Decimal("0.1")) / 2

    def test_inputs(self) -> None:
        with pytest.raises(ValidationError):
            roll_rates([{"A": 1}], write_offs=[0])
        with pytest.raises(ValidationError, match="one entry per snapshot"):
            roll_rates([{"A": 1}, {"A": 1}], write_offs=[0])
        with pytest.raises(ValidationError, match="buckets"):
            roll_rates([{"A": 1}, {"B": 1}], write_offs=[0, 0])

    @given(
        st.lists(st.lists(st.integers(0, 10**6), min_size=4, max_size=4), min_size=2, max_size=12),
        st.data(),
    )
    def test_loss_rates_are_fractions_and_fall_with_age_order(
        self, table: list[list[int]], data: st.DataObject
    ) -> None:
        labels = ["Current", "1-30", "31-60", "Over 60"]
        snapshots = [dict(zip(labels, row, strict=True)) for row in table]
        write_offs = data.draw(
            st.lists(st.integers(0, 10**6), min_size=len(table), max_size=len(table))
        )
        matrix = loss_rates(roll_rates(snapshots, write_offs=write_offs))
        rates = [rate for _, rate in matrix.rates]
        assert all(0 <= rate <= 1 for rate in rates)
        assert len(rates) == 4

    def test_snapshots_match_aging_the_open_items(self) -> None:
        history = [
            ReceivableHistory(
                "I-1", D(2026, 1, 10), D(2026, 2, 9), usd("100"), closed_on=D(2026, 3, 20)
            ),
            ReceivableHistory("I-2", D(2026, 2, 1), D(2026, 3, 3), usd("40")),
            ReceivableHistory(
                "I-3",
                D(2025, 11, 1),
                D(2025, 12, 1),
                usd("75"),
                closed_on=D(2026, 2, 15),
                written_off=True,
            ),
        ]
        ends = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]
        snapshots, written = snapshot_balances(history, ends, "USD")
        for end, snapshot in zip(ends, snapshots, strict=True):
            open_items = [
                Invoice(h.document_id, "C", h.issue_date, h.amount, due_date=h.due_date)
                for h in history
                if h.is_open_on(end)
            ]
            expected = age(open_items, end).bucket_totals("USD") if open_items else None
            if expected is not None:
                assert snapshot == expected
        assert written == (usd("0.00"), usd("75.00"), usd("0.00"))


class TestHistoricalLossRate:
    def test_window(self) -> None:
        periods = [
            LossPeriod(usd(500000), usd(9000), usd(1500)),
            LossPeriod(usd(500000), usd(2500), usd(0)),
        ]
        assert historical_loss_rate(periods) == Decimal("0.01")
        with pytest.raises(InvalidAmountError):
            historical_loss_rate([])


class TestSpecificReserves:
    def test_invoice_reserve_wins_and_nothing_is_reserved_twice(self) -> None:
        items = [
            Invoice("I-1", "C-9", D(2026, 6, 1), usd("1000"), due_date=D(2026, 6, 30)),
            Invoice("I-2", "C-9", D(2026, 6, 1), usd("500"), due_date=D(2026, 6, 30)),
            Invoice("I-3", "C-1", D(2026, 6, 1), usd("200"), due_date=D(2026, 6, 30)),
        ]
        matrix = ProvisionMatrix(dict.fromkeys(Buckets.standard().labels, "0.1"))
        estimate = estimate_allowance(
            items,
            D(2026, 6, 30),
            matrix,
            currency="USD",
            specific=[
                SpecificReserve(reason="litigation", invoice_id="I-2", amount=usd("9999")),
                SpecificReserve(reason="bankrupt", customer_id="C-9", rate="0.5"),
            ],
        )
        invoice_line, customer_line = estimate.specific
        assert (invoice_line.item_ids, invoice_line.allowance) == (("I-2",), usd("500"))
        assert (customer_line.item_ids, customer_line.allowance) == (("I-1",), usd("500.00"))
        assert estimate.pooled.balance == usd("200")
        assert estimate.total == usd("1020.00")

    def test_reserve_must_name_one_target(self) -> None:
        with pytest.raises(InvalidPolicyError):
            SpecificReserve(reason="x", rate="0.5")
        with pytest.raises(InvalidPolicyError):
            SpecificReserve(reason="x", customer_id="C", invoice_id="I", rate="0.5")
        with pytest.raises(InvalidPolicyError):
            SpecificReserve(reason="x", customer_id="C", rate="0.5", amount=usd(1))

    @given(portfolios(max_customers=4, max_invoices=15), st.data())
    def test_specific_and_pooled_never_overlap(self, book: Portfolio, data: st.DataObject) -> None:
        customers = [c.id for c in book.customers]
        reserved = data.draw(st.lists(st.sampled_from(customers), max_size=2, unique=True))
        for currency in {c.currency for c in book.customers}:
            matrix = ProvisionMatrix(dict.fromkeys(Buckets.standard().labels, "0.05"))
            estimate = estimate_allowance(
                book.open_items(),
                book.as_of,
                matrix,
                currency=currency,
                specific=[
                    SpecificReserve(reason="review", customer_id=c, rate="0.5") for c in reserved
                ],
            )
            specific_ids = {i for line in estimate.specific for i in line.item_ids}
            positive = [
                i
                for i in book.open_items()
                if i.open_balance.currency is currency and i.open_balance.is_positive
            ]
            pooled_ids = {i.document_id for i in positive} - specific_ids
            assert specific_ids.isdisjoint(pooled_ids)
            total = Money.total((i.open_balance for i in positive), currency)
            covered = estimate.pooled.balance + Money.total(
                (s.balance for s in estimate.specific), currency
            )
            assert covered == total
            assert estimate.total <= total


class TestRollForward:
    def test_ties_or_fails(self) -> None:
        with pytest.raises(InvalidAmountError, match="does not tie"):
            AllowanceRollForward(usd(100), usd(10), usd(5), usd(0), usd(100))

    @given(
        money("USD", min_value=0, max_value=10**7),
        money("USD", min_value=0, max_value=10**7),
        money("USD", min_value=0, max_value=10**7),
        money("USD", min_value=0, max_value=10**7),
    )
    def test_always_ties(
        self, beginning: Money, ending: Money, written: Money, recovered: Money
    ) -> None:
        roll = AllowanceRollForward.derive(
            beginning=beginning, ending=ending, write_offs=written, recoveries=recovered
        )
        assert (
            roll.beginning + roll.provision_expense - roll.write_offs + roll.recoveries
            == roll.ending
        )


class TestJournal:
    def test_true_up_both_ways(self) -> None:
        up = allowance_true_up(usd(100), usd(150), accounts=ACCOUNTS, on=D(2026, 6, 30))
        down = allowance_true_up(usd(150), usd(100), accounts=ACCOUNTS, on=D(2026, 6, 30))
        assert up is not None
        assert down is not None
        assert [(line.account, line.debit) for line in up.lines if line.debit] == [
            ("6100", usd(50))
        ]
        assert [(line.account, line.debit) for line in down.lines if line.debit] == [
            ("1290", usd(50))
        ]

    def test_direct_method(self) -> None:
        entry = write_off_entry(
            usd(80), accounts=ACCOUNTS, on=D(2026, 6, 30), method=WriteOffMethod.DIRECT
        )
        assert [(line.account, line.debit) for line in entry.lines if line.debit] == [
            ("6100", usd(80))
        ]
        reinstate, cash = recovery_entries(
            usd(80), accounts=ACCOUNTS, on=D(2026, 7, 1), method=WriteOffMethod.DIRECT
        )
        assert [(line.account, line.credit) for line in reinstate.lines if line.credit] == [
            ("7050", usd(80))
        ]
        assert [(line.account, line.credit) for line in cash.lines if line.credit] == [
            ("1200", usd(80))
        ]

    def test_unbalanced_and_odd_lines_are_impossible(self) -> None:
        with pytest.raises(InvalidDocumentError, match="does not balance"):
            JournalEntry(
                D(2026, 6, 30), [JournalLine("A", usd(2), usd(0)), JournalLine("B", usd(0), usd(1))]
            )
        with pytest.raises(InvalidAmountError):
            JournalLine("A", usd(1), usd(1))
        with pytest.raises(InvalidAmountError):
            JournalLine("A", usd(-1), usd(0))
        with pytest.raises(InvalidAmountError):
            write_off_entry(usd(0), accounts=ACCOUNTS, on=D(2026, 6, 30))

    @given(
        money("USD", min_value=0, max_value=10**8),
        money("USD", min_value=0, max_value=10**8),
        money("USD", min_value="0.01", max_value=10**8),
        st.sampled_from(list(WriteOffMethod)),
    )
    def test_every_entry_balances(
        self, current: Money, required: Money, amount: Money, method: WriteOffMethod
    ) -> None:
        entries = [
            allowance_true_up(current, required, accounts=ACCOUNTS, on=D(2026, 6, 30)),
            write_off_entry(amount, accounts=ACCOUNTS, on=D(2026, 6, 30), method=method),
            *recovery_entries(amount, accounts=ACCOUNTS, on=D(2026, 6, 30), method=method),
        ]
        for entry in entries:
            if entry is not None:
                assert entry.total_debits == entry.total_credits
                assert entry.reasons


class TestWriteOffs:
    policy = WriteOffPolicy(
        min_days_past_due=365,
        require_agency_return=True,
        small_balance=[usd("25")],
        approval_levels=[
            ApprovalLevel("collector", usd(1000)),
            ApprovalLevel("manager", usd(25000)),
            ApprovalLevel("controller"),
        ],
    )

    def test_rules(self) -> None:
        items = [
            Invoice("I-1", "C-1", D(2024, 1, 1), usd("30000"), due_date=D(2024, 1, 31)),
            Invoice("I-2", "C-2", D(2024, 1, 1), usd("5000"), due_date=D(2024, 1, 31)),
            Invoice("I-3", "C-3", D(2026, 1, 1), usd("20"), due_date=D(2026, 1, 31)),
            Invoice("I-4", "C-4", D(2024, 1, 1), usd("700"), due_date=D(2024, 1, 31)),
        ]
        disputes = [Dispute("I-4", usd(100), "quality", D(2024, 3, 1))]
        recs = recommend_write_offs(
            items,
            as_of=D(2026, 6, 30),
            policy=self.policy,
            agency_returned=["C-1"],
            disputes=disputes,
        )
        assert [(r.customer_id, r.approver) for r in recs] == [
            ("C-1", "controller"),
            ("C-3", "collector"),
        ]
        assert recs[0].reasons[-1].code == "allowance.approval_required"

    def test_policy_validation(self) -> None:
        with pytest.raises(InvalidPolicyError, match="last approval level"):
            WriteOffPolicy(approval_levels=[ApprovalLevel("collector", usd(10))])
        assert WriteOffPolicy.from_dict(self.policy.to_dict()) == self.policy


def test_customer_segment_pools() -> None:
    from receivables.allowance import pooled_estimates

    people = [Customer("C-1", "A", "USD", region="US"), Customer("C-2", "B", "USD", region="MX")]
    items = [
        Invoice("I-1", "C-1", D(2026, 6, 1), usd("100"), due_date=D(2026, 6, 30)),
        Invoice("I-2", "C-2", D(2026, 6, 1), usd("100"), due_date=D(2026, 6, 30)),
    ]
    labels = Buckets.standard().labels
    matrices = {
        "US": ProvisionMatrix(dict.fromkeys(labels, "0.01")),
        "MX": ProvisionMatrix(dict.fromkeys(labels, "0.03")),
    }
    pools = pooled_estimates(
        items, D(2026, 6, 30), matrices, currency="USD", customers=people, pool_by="region"
    )
    assert {k: v.total for k, v in pools.items()} == {"MX": usd("3.00"), "US": usd("1.00")}
    with pytest.raises(ValidationError, match="no provision matrix"):
        pooled_estimates(
            items,
            D(2026, 6, 30),
            {"US": matrices["US"]},
            currency="USD",
            customers=people,
            pool_by="region",
        )
