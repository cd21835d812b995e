"""Notices a collections team can send (issue 17): credits on the notice, pay-by dates and the
figures a letter prints, pre-due reminders, where the first run starts, and the properties that
hold whatever the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    CreditMemo,
    Dispute,
    DocumentKind,
    HolidayCalendar,
    InvalidPolicyError,
    InvalidTypeError,
    Invoice,
    Money,
    Payment,
    PromiseToPay,
)
from receivables.calendar import DayCount
from receivables.documents import OpenItem, Portfolio, open_items_by_instalment
from receivables.dunning import (
    Action,
    CreditHandling,
    DunningLevel,
    DunningPolicy,
    DunningRun,
    EscalationMode,
    Fee,
    FirstRun,
    NoticeRecord,
    run_dunning,
    simple_interest,
)
from receivables.testing import portfolios

D = dt.date
AS_OF = D(2026, 6, 30)  # a Tuesday

LEVELS = (
    DunningLevel(1, 1, Action.REMINDER, days_to_pay=10),
    DunningLevel(2, 30, Action.FINAL_NOTICE, fee=Fee(fixed=[Money("15.00", "USD")])),
    DunningLevel(3, 60, Action.DEMAND_LETTER, charge_interest=True, days_to_pay=7),
)
POLICY = DunningPolicy(LEVELS, grace_days=3, interval_days=14, annual_interest_rate="0.10")


def inv(
    id: str,
    due: dt.date,
    amount: str = "100.00",
    customer: str = "C-1",
    currency: str = "USD",
    open_amount: str | None = None,
) -> Invoice:
    return Invoice(
        id,
        customer,
        due - dt.timedelta(days=30),
        Money(amount, currency),
        due_date=due,
        open_amount=None if open_amount is None else Money(open_amount, currency),
    )


def memo(id: str, amount: str, customer: str = "C-1", currency: str = "USD") -> CreditMemo:
    return CreditMemo(id, customer, D(2026, 6, 1), Money(amount, currency))


class TestCredits:
    def test_net_lists_and_deducts(self) -> None:
        items: list[OpenItem] = [
            inv("I-1", D(2026, 6, 1), "300.00"),
            memo("CM-1", "50.00"),
            Payment("P-1", D(2026, 6, 5), Money("30.00", "USD"), customer_id="C-1"),
        ]
        notice = run_dunning(POLICY, items, as_of=AS_OF).notices[0]
        assert [(c.document_id, c.kind, c.amount) for c in notice.credits] == [
            ("CM-1", DocumentKind.CREDIT_MEMO, Money("50.00", "USD")),
            ("P-1", DocumentKind.PAYMENT, Money("30.00", "USD")),
        ]
        assert notice.credit_total == Money("80.00", "USD")
        assert notice.credits_applied == Money("80.00", "USD")
        assert notice.amount_demanded == Money("220.00", "USD")
        assert notice.total_due == Money("220.00", "USD")
        netted = next(r for r in notice.reasons if r.code == "dunning.credits_netted")
        assert netted.figure("credits") == Money("80.00", "USD")

    def test_credits_that_cover_stop_the_demand(self) -> None:
        # Issue 17: a third of the notices went to customers holding credit notes.
        items: list[OpenItem] = [inv("I-1", D(2026, 6, 1), "300.00"), memo("CM-1", "300.00")]
        run = run_dunning(POLICY, items, as_of=AS_OF)
        assert run.notices == ()
        skipped = run.skipped[0]
        assert skipped.codes == ("dunning.credits_cover",)
        assert skipped.reasons[0].figure("credits") == Money("300.00", "USD")

    def test_credits_in_another_currency_do_not_count(self) -> None:
        items: list[OpenItem] = [inv("I-1", D(2026, 6, 1)), memo("CM-1", "500.00", currency="EUR")]
        notice = run_dunning(POLICY, items, as_of=AS_OF).notices[0]
        assert notice.credits == ()
        assert notice.total_due == Money("100.00", "USD")

    def test_credits_weigh_against_what_is_asked_for(self) -> None:
        # The disputed item is off the notice, so 100 of credit covers the 100 left.
        items: list[OpenItem] = [
            inv("I-1", D(2026, 6, 1), "500.00"),
            inv("I-2", D(2026, 6, 1), "100.00"),
            memo("CM-1", "100.00"),
        ]
        dispute = Dispute("I-1", Money("500.00", "USD"), "quality", D(2026, 6, 10))
        run = run_dunning(POLICY, items, as_of=AS_OF, disputes=[dispute])
        assert run.skipped[0].codes == ("dunning.credits_cover",)

    def test_list_and_ignore(self) -> None:
        items: list[OpenItem] = [inv("I-1", D(2026, 6, 1), "300.00"), memo("CM-1", "300.00")]
        listed = DunningPolicy(LEVELS, grace_days=3, credits="list")
        notice = run_dunning(listed, items, as_of=AS_OF).notices[0]
        assert notice.credit_total == Money("300.00", "USD")
        assert notice.credits_applied == Money("0.00", "USD")
        assert notice.total_due == Money("300.00", "USD")
        assert "dunning.credits_listed" in [r.code for r in notice.reasons]
        ignored = DunningPolicy(LEVELS, grace_days=3, credits=CreditHandling.IGNORE)
        notice = run_dunning(ignored, items, as_of=AS_OF).notices[0]
        assert notice.credits == ()
        assert notice.total_due == Money("300.00", "USD")

    def test_minimum_and_fee_on_the_amount_demanded(self) -> None:
        levels = (
            DunningLevel(
                1,
                1,
                Action.REMINDER,
                minimum_overdue=[Money("50.00", "USD")],
                fee=Fee(rate="0.10"),
            ),
        )
        policy = DunningPolicy(levels)
        small: list[OpenItem] = [inv("I-1", D(2026, 6, 1), "100.00"), memo("CM-1", "60.00")]
        assert run_dunning(policy, small, as_of=AS_OF).skipped[0].codes == (
            "dunning.below_minimum",
        )
        enough: list[OpenItem] = [inv("I-1", D(2026, 6, 1), "100.00"), memo("CM-1", "20.00")]
        notice = run_dunning(policy, enough, as_of=AS_OF).notices[0]
        assert notice.fees == Money("8.00", "USD")  # 10% of the 80.00 demanded
        assert notice.total_due == Money("88.00", "USD")

    def test_item_mode_rechecks_cover_after_items_leave(self) -> None:
        # Item mode takes I-2 off (it has not reached level 1), leaving 40 against 50 of credit.
        levels = (DunningLevel(1, 10, Action.REMINDER),)
        policy = DunningPolicy(levels, escalation=EscalationMode.ITEM)
        items: list[OpenItem] = [
            inv("I-1", D(2026, 6, 1), "40.00"),
            inv("I-2", D(2026, 6, 28), "100.00"),
            memo("CM-1", "50.00"),
        ]
        assert run_dunning(policy, items, as_of=AS_OF).skipped[0].codes == (
            "dunning.credits_cover",
        )


class TestLetterFigures:
    def test_lines_carry_what_a_letter_prints(self) -> None:
        history = [NoticeRecord("C-1", 2, D(2026, 6, 1), "USD", ["I-1"])]
        items = [inv("I-1", D(2026, 3, 1), "1000.00", open_amount="600.00")]
        notice = run_dunning(POLICY, items, as_of=AS_OF, history=history).notices[0]
        line = notice.items[0]
        assert (line.document_id, line.kind, line.document_date, line.due_date) == (
            "I-1",
            DocumentKind.INVOICE,
            D(2026, 1, 30),
            D(2026, 3, 1),
        )
        assert line.original_amount == Money("1000.00", "USD")
        assert line.open_amount == Money("600.00", "USD")
        assert line.days_overdue == 121
        # 600 x 10% x 121/365 = 19.890... -> 19.89
        assert line.interest == Money("19.89", "USD")
        assert notice.interest == line.interest
        assert notice.previous == history[0]
        assert notice.pay_by == D(2026, 7, 7)

    def test_pay_by_rolls_to_a_business_day(self) -> None:
        # 30 June + 10 days is Friday 10 July, a holiday here: the customer pays on Monday 13th.
        calendar = HolidayCalendar({D(2026, 7, 10)})
        items = [inv("I-1", D(2026, 6, 1))]
        plain = run_dunning(POLICY, items, as_of=AS_OF).notices[0]
        assert plain.pay_by == D(2026, 7, 10)
        rolled = run_dunning(POLICY, items, as_of=AS_OF, calendar=calendar).notices[0]
        assert rolled.pay_by == D(2026, 7, 13)
        with pytest.raises(InvalidTypeError):
            run_dunning(POLICY, items, as_of=AS_OF, calendar="TARGET")  # type: ignore[arg-type]

    def test_to_dict_carries_the_letter_figures(self) -> None:
        history = [NoticeRecord("C-1", 1, D(2026, 6, 1), "USD", ["I-1"])]
        items: list[OpenItem] = [inv("I-1", D(2026, 5, 1), "300.00"), memo("CM-1", "50.00")]
        data = run_dunning(POLICY, items, as_of=AS_OF, history=history).notices[0].to_dict()
        assert data["pay_by"] == "2026-07-14"
        assert data["credits"][0]["document_id"] == "CM-1"
        assert data["credits_applied"] == {"amount": "50.00", "currency": "USD"}
        assert data["previous"]["sent_on"] == "2026-06-01"
        assert data["items"][0]["original_amount"] == {"amount": "300.00", "currency": "USD"}

    def test_first_notice_has_no_previous(self) -> None:
        notice = run_dunning(POLICY, [inv("I-1", D(2026, 6, 1))], as_of=AS_OF).notices[0]
        assert notice.previous is None


PRE_DUE = DunningPolicy(
    (
        DunningLevel(1, -5, Action.REMINDER, template="friendly"),
        DunningLevel(2, 1, Action.REMINDER),
        DunningLevel(3, 30, Action.FINAL_NOTICE),
    ),
    interval_days=14,
)


class TestPreDue:
    def test_reminder_before_the_due_date(self) -> None:
        items = [inv("I-1", D(2026, 7, 3)), inv("I-2", D(2026, 7, 20))]
        notice = run_dunning(PRE_DUE, items, as_of=AS_OF).notices[0]
        assert notice.is_pre_due
        assert notice.level.number == 1
        assert [(line.document_id, line.days_overdue) for line in notice.items] == [("I-1", -3)]
        assert notice.pay_by == D(2026, 7, 3)
        assert notice.reasons[0].code == "dunning.pre_due"
        assert notice.reasons[0].figure("days_before_due") == 3

    def test_sent_once_per_item(self) -> None:
        items = [inv("I-1", D(2026, 7, 3)), inv("I-2", D(2026, 7, 20))]
        first = run_dunning(PRE_DUE, items, as_of=AS_OF)
        again = run_dunning(PRE_DUE, items, as_of=D(2026, 7, 1), history=first.records())
        assert again.notices == ()
        assert again.skipped[0].codes == ("dunning.not_overdue",)
        # I-2 comes into the window on 15 July, past the interval: its own reminder.
        later = run_dunning(PRE_DUE, items[1:], as_of=D(2026, 7, 16), history=first.records())
        assert [line.document_id for line in later.notices[0].items] == ["I-2"]

    def test_pre_due_stands_outside_the_ladder(self) -> None:
        # The pre-due reminder went on 30 June; on 5 July I-1 is two days overdue and gets the
        # first overdue level at once: no interval wait, no step skipped.
        items = [inv("I-1", D(2026, 7, 3))]
        first = run_dunning(PRE_DUE, items, as_of=AS_OF)
        overdue = run_dunning(PRE_DUE, items, as_of=D(2026, 7, 5), history=first.records())
        notice = overdue.notices[0]
        assert (notice.level.number, notice.is_pre_due) == (2, False)
        assert notice.reasons[0].figure("previous_level") == 0

    def test_disputed_items_get_no_pre_due_reminder(self) -> None:
        items = [inv("I-1", D(2026, 7, 3))]
        dispute = Dispute("I-1", Money("100.00", "USD"), "pricing", D(2026, 6, 20))
        assert run_dunning(PRE_DUE, items, as_of=AS_OF, disputes=[dispute]).notices == ()

    def test_pre_due_levels_charge_nothing(self) -> None:
        with pytest.raises(InvalidPolicyError, match="before the due date"):
            DunningLevel(1, -5, Action.REMINDER, fee=Fee(fixed=[Money("5", "USD")]))
        with pytest.raises(InvalidPolicyError, match="before the due date"):
            DunningLevel(1, -5, Action.REMINDER, charge_interest=True)
        with pytest.raises(InvalidPolicyError):
            DunningLevel(1, -400, Action.REMINDER)


class TestFirstRun:
    def test_by_age_starts_where_the_age_puts_the_account(self) -> None:
        # Issue 17: the first run sent level-1 reminders for debts 389 days old.
        items = [inv("I-1", AS_OF - dt.timedelta(days=389), "500.00")]
        by_age = DunningPolicy(LEVELS, first_run="by_age", annual_interest_rate="0.10")
        notice = run_dunning(by_age, items, as_of=AS_OF).notices[0]
        assert notice.level.number == 3
        assert [r.code for r in notice.reasons][:2] == [
            "dunning.level_reached",
            "dunning.first_run_by_age",
        ]
        assert run_dunning(POLICY, items, as_of=AS_OF).notices[0].level.number == 1

    def test_accounts_with_history_still_climb_one_step(self) -> None:
        items = [inv("I-1", AS_OF - dt.timedelta(days=389), "500.00")]
        by_age = DunningPolicy(LEVELS, first_run=FirstRun.BY_AGE)
        history = [NoticeRecord("C-1", 1, D(2026, 6, 1))]
        notice = run_dunning(by_age, items, as_of=AS_OF, history=history).notices[0]
        assert notice.level.number == 2
        assert "dunning.first_run_by_age" not in [r.code for r in notice.reasons]

    def test_by_age_in_item_mode(self) -> None:
        policy = DunningPolicy(LEVELS, first_run="by_age", escalation=EscalationMode.ITEM)
        items = [inv("I-1", D(2026, 3, 1)), inv("I-2", D(2026, 6, 20))]
        notice = run_dunning(policy, items, as_of=AS_OF).notices[0]
        assert {line.document_id: line.level for line in notice.items} == {"I-1": 3, "I-2": 1}


class TestPolicyData:
    def test_new_options_load_from_dicts(self) -> None:
        policy = DunningPolicy.from_dict(
            {
                "levels": [
                    {"number": 1, "days_overdue": -5, "action": "reminder"},
                    {"number": 2, "days_overdue": 1, "action": "reminder", "days_to_pay": 10},
                ],
                "credits": "list",
                "first_run": "by_age",
            }
        )
        assert policy.credits is CreditHandling.LIST
        assert policy.first_run is FirstRun.BY_AGE
        assert policy.pre_due_levels == 1
        assert policy.levels[1].days_to_pay == 10
        assert DunningPolicy.from_dict(policy.to_dict()) == policy

    def test_bad_options_are_refused(self) -> None:
        with pytest.raises(InvalidPolicyError, match=r"credits"):
            DunningPolicy.from_dict({"levels": LEVELS_DATA, "credits": "subtract"})
        with pytest.raises(InvalidPolicyError, match=r"first_run"):
            DunningPolicy(LEVELS, first_run="oldest")
        with pytest.raises(InvalidPolicyError):
            DunningPolicy(LEVELS, credits=3)  # type: ignore[arg-type]


LEVELS_DATA = [{"number": 1, "days_overdue": 1, "action": "reminder"}]


class TestBrokenPromiseAtTheTop:
    def test_interval_holds_when_there_is_nothing_to_raise(self) -> None:
        # Changed by issue 17: a broken promise used to override the interval even at the top
        # level, repeating it days after the last notice.
        history = [NoticeRecord("C-1", 3, D(2026, 6, 25))]
        promise = PromiseToPay("C-1", Money("100.00", "USD"), D(2026, 6, 27), D(2026, 6, 26))
        run = run_dunning(
            POLICY, [inv("I-1", D(2026, 1, 1))], as_of=AS_OF, history=history, promises=[promise]
        )
        assert run.skipped[0].codes == ("dunning.too_soon",)


def _overdue_totals(book: Portfolio, grace: int) -> dict[tuple[str, str], Money]:
    totals: dict[tuple[str, str], Money] = {}
    # The run dunns an invoice on instalment terms per instalment (each by its own due date).
    for item in open_items_by_instalment(book.open_items()):
        balance = item.open_balance
        if item.customer_id is None or not balance.is_positive:
            continue
        if (book.as_of - item.due_date).days > grace:
            key = (item.customer_id, balance.currency.code)
            totals[key] = totals.get(key, Money.zero(balance.currency)) + balance
    return totals


def _replay(
    policy: DunningPolicy,
    book: Portfolio,
    days: list[int],
    extra: tuple[OpenItem, ...] = (),
) -> list[DunningRun]:
    runs: list[DunningRun] = []
    history: list[NoticeRecord] = []
    for offset in sorted(set(days)):
        run = run_dunning(
            policy,
            book.open_items() + extra,
            as_of=book.as_of + dt.timedelta(days=offset),
            history=history,
            disputes=book.disputes,
            promises=book.promises,
            customers=book.customers,
        )
        history.extend(run.records())
        runs.append(run)
    return runs


policies = st.builds(
    DunningPolicy,
    st.just(
        (
            DunningLevel(1, -7, Action.REMINDER),
            DunningLevel(2, 1, Action.REMINDER),
            DunningLevel(3, 20, Action.FINAL_NOTICE),
            DunningLevel(4, 45, Action.DEMAND_LETTER),
        )
    )
    | st.just(LEVELS),
    grace_days=st.integers(0, 5),
    interval_days=st.integers(0, 20),
    escalation=st.sampled_from(list(EscalationMode)),
    first_run=st.sampled_from(list(FirstRun)),
    skip_levels=st.booleans(),
    annual_interest_rate=st.sampled_from([Decimal(0), Decimal("0.08"), Decimal("0.115")]),
    day_count=st.sampled_from(list(DayCount)),
)


fresh_invoices = st.lists(
    st.tuples(st.integers(1, 3), st.integers(-40, 60), st.integers(1, 5000)), max_size=6
)


class TestProperties:
    @given(portfolios(max_customers=3, max_invoices=10), st.data())
    def test_credits_that_cover_the_overdue_total_never_get_a_demand(
        self, book: Portfolio, data: st.DataObject
    ) -> None:
        totals = _overdue_totals(book, POLICY.grace_days)
        extra: list[OpenItem] = []
        for number, ((customer, _code), total) in enumerate(sorted(totals.items())):
            share = data.draw(st.sampled_from(["0", "0.5", "1", "1.5"]))
            amount = (total * Decimal(share)).round()
            if amount.is_positive:
                extra.append(CreditMemo(f"XCM-{number}", customer, book.as_of, amount))
        items = list(book.open_items()) + extra
        run = run_dunning(
            POLICY, items, as_of=book.as_of, disputes=book.disputes, promises=book.promises
        )
        credits: dict[tuple[str, str], Money] = {}
        for item in items:
            balance = item.open_balance
            if item.customer_id is not None and balance.is_negative:
                key = (item.customer_id, balance.currency.code)
                credits[key] = credits.get(key, Money.zero(balance.currency)) - balance
        for notice in run.notices:
            key = (notice.customer_id, notice.currency.code)
            held = credits.get(key, Money.zero(notice.currency))
            assert held < totals[key]
            assert notice.credit_total == held
            assert notice.amount_demanded.is_positive
            assert notice.total_due == (
                notice.overdue - notice.credits_applied + notice.fees + notice.interest
            )

    @given(portfolios(max_customers=3, max_invoices=10), policies)
    def test_a_disputed_item_never_appears_on_a_notice(
        self, book: Portfolio, policy: DunningPolicy
    ) -> None:
        run = run_dunning(policy, book.open_items(), as_of=book.as_of, disputes=book.disputes)
        disputed = {d.invoice_id for d in book.disputes if d.is_open(book.as_of)}
        for notice in run.notices:
            assert not disputed & {line.document_id for line in notice.items}
            if notice.is_pre_due:
                assert all(line.days_overdue <= 0 for line in notice.items)
            else:
                assert all(line.days_overdue > policy.grace_days for line in notice.items)
            # The run computes interest inline; it must be what ``simple_interest`` says.
            charged = notice.level.charge_interest and policy.annual_interest_rate > 0
            for line in notice.items:
                expected = (
                    simple_interest(
                        line.open_amount,
                        policy.annual_interest_rate,
                        line.due_date,
                        notice.as_of,
                        policy.day_count,
                    )
                    if charged
                    else Money.zero(notice.currency).round()
                )
                assert line.interest == expected

    @given(
        portfolios(max_customers=3, max_invoices=10),
        policies,
        st.lists(st.integers(-30, 200), min_size=1, max_size=8),
        fresh_invoices,
    )
    def test_replaying_never_repeats_a_level_within_the_interval(
        self,
        book: Portfolio,
        policy: DunningPolicy,
        days: list[int],
        fresh: list[tuple[int, int, int]],
    ) -> None:
        # Besides the portfolio's own (mostly old) invoices, a few falling due around the run
        # dates under new customer ids, so that pre-due reminders and first levels occur.
        extra = tuple(
            inv(f"NEW-{n}", book.as_of + dt.timedelta(days=due), f"{amount}.00", f"N-{who}")
            for n, (who, due, amount) in enumerate(fresh)
        )
        sent: dict[tuple[str, str, int], list[dt.date]] = {}
        reminded: set[tuple[str, int]] = set()
        for run in _replay(policy, book, days, extra):
            for notice in run.notices:
                key = (notice.customer_id, notice.currency.code, notice.level.number)
                dates = sent.setdefault(key, [])
                if dates:
                    assert (notice.as_of - dates[-1]).days >= policy.interval_days
                dates.append(notice.as_of)
                if notice.is_pre_due:
                    # A pre-due reminder names each item once per level.
                    for line in notice.items:
                        assert (line.document_id, notice.level.number) not in reminded
                        reminded.add((line.document_id, notice.level.number))
