"""The dunning run: scenarios for each rule, and hypothesis properties over portfolios."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import Customer, Dispute, InvalidTypeError, Invoice, Money, PromiseToPay
from receivables.documents import OpenItem, Portfolio
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    Fee,
    NoticeRecord,
    PolicyAssignment,
    run_dunning,
)
from receivables.testing import portfolios

D = dt.date
AS_OF = D(2026, 6, 30)


def inv(
    id: str, due: dt.date, amount: str = "100.00", customer: str = "C-1", currency: str = "USD"
) -> Invoice:
    return Invoice(id, customer, due - dt.timedelta(days=30), Money(amount, currency), due_date=due)


POLICY = DunningPolicy(
    [
        DunningLevel(1, 1, Action.REMINDER),
        DunningLevel(2, 30, Action.FINAL_NOTICE, fee=Fee(fixed=[Money("15.00", "USD")])),
        DunningLevel(
            3,
            60,
            Action.DEMAND_LETTER,
            minimum_overdue=[Money("50.00", "USD")],
            charge_interest=True,
        ),
    ],
    grace_days=3,
    interval_days=14,
    annual_interest_rate=Decimal("0.10"),
)


class TestLevels:
    def test_first_notice_starts_at_level_one_even_when_very_late(self) -> None:
        run = run_dunning(POLICY, [inv("I-1", D(2026, 1, 1))], as_of=AS_OF)
        notice = run.notices[0]
        assert notice.level.number == 1
        assert notice.reasons[0].code == "dunning.level_reached"
        assert notice.reasons[0].figure("previous_level") == 0

    def test_climbs_one_level_per_notice(self) -> None:
        history = [NoticeRecord("C-1", 1, D(2026, 6, 1))]
        run = run_dunning(POLICY, [inv("I-1", D(2026, 1, 1))], as_of=AS_OF, history=history)
        assert run.notices[0].level.number == 2
        assert run.notices[0].fees == Money("15.00", "USD")

    def test_skip_levels_when_the_policy_says_so(self) -> None:
        skipping = DunningPolicy(POLICY.levels, skip_levels=True, annual_interest_rate="0.10")
        run = run_dunning(skipping, [inv("I-1", D(2026, 1, 1))], as_of=AS_OF)
        assert run.notices[0].level.number == 3

    def test_grace_days(self) -> None:
        within = run_dunning(POLICY, [inv("I-1", D(2026, 6, 27))], as_of=AS_OF)
        assert within.skipped[0].codes == ("dunning.not_overdue",)
        beyond = run_dunning(POLICY, [inv("I-1", D(2026, 6, 26))], as_of=AS_OF)
        assert beyond.notices[0].items[0].days_overdue == 4

    def test_interval_blocks_repeat_and_escalation(self) -> None:
        history = [NoticeRecord("C-1", 1, D(2026, 6, 20))]
        run = run_dunning(POLICY, [inv("I-1", D(2026, 1, 1))], as_of=AS_OF, history=history)
        skipped = run.skipped[0]
        assert skipped.codes == ("dunning.too_soon",)
        assert skipped.reasons[0].figure("days_since_last") == 10

    def test_repeat_at_the_same_level_after_the_interval(self) -> None:
        history = [NoticeRecord("C-1", 1, D(2026, 6, 1))]
        run = run_dunning(POLICY, [inv("I-1", D(2026, 6, 10))], as_of=AS_OF, history=history)
        assert run.notices[0].level.number == 1
        assert run.notices[0].reasons[0].code == "dunning.level_repeated"

    def test_future_history_is_ignored(self) -> None:
        history = [NoticeRecord("C-1", 2, D(2026, 7, 5))]
        run = run_dunning(POLICY, [inv("I-1", D(2026, 1, 1))], as_of=AS_OF, history=history)
        assert run.notices[0].level.number == 1

    def test_minimum_and_interest(self) -> None:
        history = [NoticeRecord("C-1", 2, D(2026, 6, 1))]
        small = run_dunning(
            POLICY, [inv("I-1", D(2026, 1, 1), "40.00")], as_of=AS_OF, history=history
        )
        assert small.skipped[0].codes == ("dunning.below_minimum",)
        big = run_dunning(
            POLICY, [inv("I-1", D(2026, 1, 1), "1000.00")], as_of=AS_OF, history=history
        )
        notice = big.notices[0]
        # 1000 x 10% x 180/365 = 49.32
        assert notice.interest == Money("49.32", "USD")
        assert notice.total_due == Money("1049.32", "USD")
        assert "dunning.interest" in [r.code for r in notice.reasons]


class TestExclusions:
    def test_customer_block(self) -> None:
        run = run_dunning(
            POLICY,
            [inv("I-1", D(2026, 1, 1))],
            as_of=AS_OF,
            customers=[Customer("C-1", "Acme", "USD", dunning_block=True)],
        )
        assert run.skipped[0].codes == ("dunning.customer_blocked",)

    def test_disputed_items_are_left_out(self) -> None:
        items = [inv("I-1", D(2026, 5, 1)), inv("I-2", D(2026, 5, 2))]
        dispute = Dispute("I-1", Money("100.00", "USD"), "pricing", D(2026, 5, 10))
        run = run_dunning(POLICY, items, as_of=AS_OF, disputes=[dispute])
        notice = run.notices[0]
        assert [line.document_id for line in notice.items] == ["I-2"]
        assert "dunning.items_left_out" in [r.code for r in notice.reasons]
        all_disputed = run_dunning(POLICY, items[:1], as_of=AS_OF, disputes=[dispute])
        assert all_disputed.skipped[0].codes == ("dunning.disputed",)
        resolved = Dispute(
            "I-1", Money("100.00", "USD"), "pricing", D(2026, 5, 10), resolved_on=D(2026, 6, 1)
        )
        assert run_dunning(POLICY, items[:1], as_of=AS_OF, disputes=[resolved]).notices

    def test_pending_promise_covers_the_account(self) -> None:
        promise = PromiseToPay("C-1", Money("150.00", "USD"), D(2026, 7, 10), D(2026, 6, 25))
        run = run_dunning(POLICY, [inv("I-1", D(2026, 5, 1))], as_of=AS_OF, promises=[promise])
        assert run.skipped[0].codes == ("dunning.promise_pending",)
        short = PromiseToPay("C-1", Money("50.00", "USD"), D(2026, 7, 10), D(2026, 6, 25))
        assert run_dunning(
            POLICY, [inv("I-1", D(2026, 5, 1))], as_of=AS_OF, promises=[short]
        ).notices

    def test_pending_promise_on_named_items(self) -> None:
        items = [inv("I-1", D(2026, 5, 1)), inv("I-2", D(2026, 5, 2))]
        promise = PromiseToPay(
            "C-1", Money("100.00", "USD"), D(2026, 7, 10), D(2026, 6, 25), invoice_ids=["I-1"]
        )
        notice = run_dunning(POLICY, items, as_of=AS_OF, promises=[promise]).notices[0]
        assert [line.document_id for line in notice.items] == ["I-2"]

    def test_broken_promise_escalates_at_once(self) -> None:
        history = [NoticeRecord("C-1", 1, D(2026, 6, 20))]
        promise = PromiseToPay(
            "C-1", Money("100.00", "USD"), D(2026, 6, 25), D(2026, 6, 21), invoice_ids=["I-1"]
        )
        run = run_dunning(
            POLICY, [inv("I-1", D(2026, 5, 1))], as_of=AS_OF, history=history, promises=[promise]
        )
        notice = run.notices[0]
        assert notice.level.number == 2
        assert "dunning.promise_broken" in [r.code for r in notice.reasons]

    def test_unidentified_cash_and_credits_are_not_dunned(self) -> None:
        from receivables import CreditMemo, Payment

        items: list[OpenItem] = [
            Payment("P-1", D(2026, 1, 1), Money("10", "USD")),
            CreditMemo("CM-1", "C-1", D(2026, 1, 1), Money("10", "USD")),
        ]
        run = run_dunning(POLICY, items, as_of=AS_OF)
        assert run.notices == ()
        assert run.skipped == ()


class TestModes:
    def test_item_mode_keeps_levels_per_item(self) -> None:
        policy = DunningPolicy(POLICY.levels, escalation=EscalationMode.ITEM, interval_days=0)
        items = [inv("I-1", D(2026, 1, 1)), inv("I-2", D(2026, 6, 20))]
        history = [NoticeRecord("C-1", 1, D(2026, 6, 1), item_ids=["I-1"])]
        notice = run_dunning(policy, items, as_of=AS_OF, history=history).notices[0]
        levels = {line.document_id: line.level for line in notice.items}
        assert levels == {"I-1": 2, "I-2": 1}
        assert notice.level.number == 2

    def test_currency_scope(self) -> None:
        items = [inv("I-1", D(2026, 1, 1)), inv("I-2", D(2026, 1, 1), currency="EUR")]
        history = [NoticeRecord("C-1", 1, D(2026, 6, 1), currency="USD")]
        shared = run_dunning(POLICY, items, as_of=AS_OF, history=history)
        assert [(n.currency.code, n.level.number) for n in shared.notices] == [
            ("EUR", 2),
            ("USD", 2),
        ]
        apart = DunningPolicy(POLICY.levels, scope=DunningScope.CURRENCY)
        separate = run_dunning(apart, items, as_of=AS_OF, history=history)
        assert [(n.currency.code, n.level.number) for n in separate.notices] == [
            ("EUR", 1),
            ("USD", 2),
        ]

    def test_policy_assignment(self) -> None:
        gentle = DunningPolicy([DunningLevel(1, 45, Action.REMINDER)])
        assignment = PolicyAssignment("risk_class", {"D": POLICY}, default=gentle)
        customers = [
            Customer("C-1", "Risky", "USD", risk_class="D"),
            Customer("C-2", "Safe", "USD", risk_class="A"),
        ]
        items = [inv("I-1", D(2026, 6, 10)), inv("I-2", D(2026, 6, 10), customer="C-2")]
        run = run_dunning(assignment, items, as_of=AS_OF, customers=customers)
        assert [n.customer_id for n in run.notices] == ["C-1"]
        assert [s.customer_id for s in run.skipped] == ["C-2"]

    def test_records_feed_the_next_run(self) -> None:
        items = [inv("I-1", D(2026, 1, 1))]
        first = run_dunning(POLICY, items, as_of=D(2026, 6, 1))
        second = run_dunning(POLICY, items, as_of=D(2026, 6, 20), history=first.records())
        third = run_dunning(
            POLICY, items, as_of=D(2026, 7, 10), history=first.records() + second.records()
        )
        assert [r.notices[0].level.number for r in (first, second, third)] == [1, 2, 3]

    def test_bad_inputs(self) -> None:
        with pytest.raises(InvalidTypeError):
            run_dunning("policy", [], as_of=AS_OF)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            run_dunning(POLICY, [], as_of=AS_OF, history=[("C-1", 1)])  # type: ignore[list-item]


history_records = st.lists(
    st.builds(
        NoticeRecord,
        st.sampled_from(["C-1", "C-2", "C-3"]),
        st.integers(1, 3),
        st.dates(D(2019, 1, 1), D(2031, 1, 1)),
    ),
    max_size=6,
)


class TestProperties:
    @given(
        portfolios(max_customers=3, max_invoices=12),
        history_records,
        st.sampled_from(list(EscalationMode)),
    )
    def test_notice_invariants(
        self, book: Portfolio, history: list[NoticeRecord], mode: EscalationMode
    ) -> None:
        policy = DunningPolicy(
            POLICY.levels, grace_days=3, escalation=mode, annual_interest_rate="0.1"
        )
        run = run_dunning(
            policy,
            book.open_items(),
            as_of=book.as_of,
            history=history,
            disputes=book.disputes,
            promises=book.promises,
            customers=book.customers,
        )
        disputed = {d.invoice_id for d in book.disputes if d.is_open(book.as_of)}
        items = {i.document_id: i for i in book.open_items()}
        for notice in run.notices:
            last = max(
                (
                    r.level
                    for r in history
                    if r.customer_id == notice.customer_id and r.sent_on <= book.as_of
                ),
                default=0,
            )
            assert notice.level.number <= last + 1
            assert not notice.fees.is_negative
            assert not notice.interest.is_negative
            # Credits are netted by default (issue 17): the demand is what the credits leave.
            assert notice.credits_applied < notice.overdue
            assert notice.total_due == (
                notice.overdue - notice.credits_applied + notice.fees + notice.interest
            )
            for line in notice.items:
                assert line.document_id not in disputed
                assert line.days_overdue > policy.grace_days
                item = items[line.document_id]
                assert item.customer_id == notice.customer_id
                assert line.open_amount.currency is notice.currency
                assert not line.interest.is_negative
        for account in run.skipped:
            assert account.reasons

    @given(
        portfolios(max_customers=3, max_invoices=12),
        history_records,
        st.randoms(use_true_random=False),
    )
    def test_deterministic_and_order_free(
        self, book: Portfolio, history: list[NoticeRecord], rng: random.Random
    ) -> None:
        items = list(book.open_items())
        first = run_dunning(
            POLICY, items, as_of=book.as_of, history=history, disputes=book.disputes
        )
        rng.shuffle(items)
        rng.shuffle(history)
        again = run_dunning(
            POLICY, items, as_of=book.as_of, history=history, disputes=book.disputes
        )
        assert first == again
