"""Cash application: the figures, reason codes, messages and boundaries a mutation run checks.

Each test asserts what a decision is (status, amounts per item, reason codes, their messages and
figures) on both sides of the boundary it is about: a tolerance met exactly and missed by one
cent, a confidence at the bar and just under it, one candidate and two. See docs/mutation.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from _cashapp_builders import JUNE_1, NET30, TODAY, TWO_TEN, D, credit, inv, pay, usd

from receivables import (
    CreditMemo,
    Customer,
    Invoice,
    Money,
    Payment,
    PaymentTerms,
    Reason,
    parse_terms,
)
from receivables.allowance.journal import AccountMap, JournalEntry
from receivables.cashapp import (
    Application,
    CashApplicationResult,
    MatchPolicy,
    MatchStatus,
    PaymentOutcome,
    Remittance,
    RemittanceLine,
    apply_cash,
)


def outcome(
    payments: list[Payment] | Payment,
    items: Sequence[Invoice | CreditMemo],
    **options: Any,
) -> PaymentOutcome:
    batch = payments if isinstance(payments, list) else [payments]
    return apply_cash(batch, items, **options).outcomes[0]


def applied(result: PaymentOutcome) -> dict[str, tuple[Money, Money, Money | None]]:
    """Per item: cash, discount, write-off."""
    return {a.invoice_id: (a.amount, a.discount, a.write_off) for a in result.applications}


def codes(result: PaymentOutcome) -> list[str]:
    return [r.code for r in result.reasons]


def reason(result: PaymentOutcome, code: str) -> Reason:
    found = [r for r in result.reasons if r.code == code]
    assert len(found) == 1, codes(result)
    return found[0]


# --- _settling: applying a payment known to pay some items, and deciding -----------------------

A = inv("INV-1001", "1000.00")
JUNE_5 = D(2026, 6, 5)


class TestSettlingExactAndDiscount:
    def test_exact_reference_pays_in_full(self) -> None:
        result = outcome(pay("1000.00", "INV-1001"), [A])
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {"INV-1001": (usd("1000.00"), usd("0.00"), None)}
        assert result.unapplied == usd("0.00")
        assert result.confidence == Decimal("0.99")
        (only,) = result.reasons
        assert only == Reason.of(
            "cashapp.reference_exact", "the references name INV-1001 exactly", items="INV-1001"
        )
        assert result.customer_id == "C-1"

    def test_discount_taken_within_the_window(self) -> None:
        item = inv("INV-1001", "1000.00", terms=TWO_TEN)
        result = outcome(pay("980.00", "INV-1001", on=JUNE_5), [item])
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {"INV-1001": (usd("980.00"), usd("20.00"), None)}
        assert codes(result) == ["cashapp.reference_exact", "cashapp.discount_taken"]
        taken = reason(result, "cashapp.discount_taken")
        assert taken.message == (
            "the payment takes the 20.00 USD early-payment discount the terms allow on 2026-06-05"
        )
        assert taken.figure("discount") == usd("20.00")
        assert result.confidence == Decimal("0.99")

    def test_the_gross_amount_in_the_window_takes_no_discount(self) -> None:
        item = inv("INV-1001", "1000.00", terms=TWO_TEN)
        result = outcome(pay("1000.00", "INV-1001", on=JUNE_5), [item])
        assert applied(result) == {"INV-1001": (usd("1000.00"), usd("0.00"), None)}
        assert codes(result) == ["cashapp.reference_exact"]


class TestSettlingOverpayment:
    def test_excess_stays_on_account(self) -> None:
        result = outcome(pay("1010.00", "INV-1001"), [A])
        assert result.status is MatchStatus.PARTIAL
        assert applied(result) == {"INV-1001": (usd("1000.00"), usd("0.00"), None)}
        assert result.unapplied == usd("10.00")
        assert result.confidence == Decimal("0.93")
        excess = reason(result, "cashapp.overpayment")
        assert excess.message == (
            "the payment exceeds the items named by 10.00 USD; the excess stays on account"
        )
        assert excess.figure("excess") == usd("10.00")

    def test_one_cent_over(self) -> None:
        result = outcome(pay("1000.01", "INV-1001"), [A])
        assert result.status is MatchStatus.PARTIAL
        assert result.unapplied == usd("0.01")

    @pytest.mark.parametrize(
        ("bar", "status"),
        [("0.93", MatchStatus.PARTIAL), ("0.931", MatchStatus.EXCEPTION)],
    )
    def test_the_confidence_bar_from_both_sides(self, bar: str, status: MatchStatus) -> None:
        policy = MatchPolicy(auto_match_confidence=Decimal(bar))
        result = outcome(pay("1010.00", "INV-1001"), [A], policy=policy)
        assert result.status is status
        assert result.confidence == Decimal("0.93")
        if status is MatchStatus.EXCEPTION:
            assert result.applications == ()
            assert result.unapplied == usd("1010.00")
            low = reason(result, "cashapp.low_confidence")
            assert low.message == (
                "confidence 0.93 is below the 0.931 needed to post without review"
            )
            assert low.figure("confidence") == Decimal("0.93")
            assert low.figure("needed") == Decimal("0.931")
        else:
            assert "cashapp.low_confidence" not in codes(result)

    def test_an_exception_claims_nothing_and_a_posted_partial_does(self) -> None:
        strict = MatchPolicy(auto_match_confidence=Decimal("0.95"))
        first = pay("1010.00", "INV-1001", id="PAY-1")
        second = pay("1000.00", "INV-1001", id="PAY-2")
        result = apply_cash([first, second], [A], policy=strict)
        assert [o.status for o in result.outcomes] == [MatchStatus.EXCEPTION, MatchStatus.MATCHED]
        assert result.outcomes[1].invoice_ids == ("INV-1001",)
        posted = apply_cash([first, second], [A])
        assert [o.status for o in posted.outcomes] == [MatchStatus.PARTIAL, MatchStatus.EXCEPTION]
        assert codes(posted.outcomes[1]) == ["cashapp.already_applied"]


class TestSettlingNettedCredit:
    def test_a_shortfall_of_exactly_one_credit_nets_it(self) -> None:
        memo = credit("CM-9", "50.00")
        result = outcome(pay("950.00", "INV-1001"), [A, memo])
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {
            "INV-1001": (usd("1000.00"), usd("0.00"), None),
            "CM-9": (usd("-50.00"), usd("0.00"), None),
        }
        assert result.unapplied == usd("0.00")
        assert result.confidence == Decimal("0.92")
        netted = reason(result, "cashapp.credit_memo_netted")
        assert netted.message == (
            "the payment is short by exactly the open credit memo CM-9: the payer netted it, so "
            "both apply"
        )
        assert netted.figures == (("credit", "CM-9"), ("amount", usd("50.00")))

    def test_a_credit_one_cent_off_is_not_netted(self) -> None:
        result = outcome(pay("950.00", "INV-1001"), [A, credit("CM-9", "49.99")])
        assert result.invoice_ids == ("INV-1001",)
        assert "cashapp.credit_memo_netted" not in codes(result)
        assert result.applications[0].deduction == usd("50.00")

    def test_two_credits_of_the_shortfall_are_not_netted(self) -> None:
        memos = [credit("CM-8", "50.00"), credit("CM-9", "50.00")]
        result = outcome(pay("950.00", "INV-1001"), [A, *memos])
        assert result.invoice_ids == ("INV-1001",)
        assert result.applications[0].deduction_reason == "short_payment"

    def test_another_customers_credit_is_not_netted(self) -> None:
        result = outcome(pay("950.00", "INV-1001"), [A, credit("CM-9", "50.00", "C-2")])
        assert result.invoice_ids == ("INV-1001",)

    def test_a_partial_payment_does_not_net(self) -> None:
        result = outcome(pay("950.00", "INV-1001 partial"), [A, credit("CM-9", "50.00")])
        assert result.invoice_ids == ("INV-1001",)
        assert result.applications[0].deduction_reason == "partial_payment"


def chf(amount: str) -> Money:
    return Money(amount, "CHF")


class TestSettlingShortPayments:
    def test_short_by_the_tolerance_exactly_is_written_off(self) -> None:
        result = outcome(pay("990.00", "INV-1001"), [A])
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {"INV-1001": (usd("990.00"), usd("0.00"), usd("10.00"))}
        assert result.applications[0].deduction is None
        assert result.applications[0].deduction_reason is None
        assert result.confidence == Decimal("0.96")
        short = reason(result, "cashapp.short_payment")
        assert short.message == "the payment is 10.00 USD short, within tolerance: written off"
        assert short.figures == (("short", usd("10.00")), ("written_off", True))

    def test_one_cent_more_is_a_deduction(self) -> None:
        result = outcome(pay("989.99", "INV-1001"), [A])
        assert result.status is MatchStatus.MATCHED
        (app,) = result.applications
        assert (app.amount, app.discount, app.write_off) == (usd("989.99"), usd("0.00"), None)
        assert (app.deduction_reason, app.deduction) == ("short_payment", usd("10.01"))
        assert result.confidence == Decimal("0.9")
        short = reason(result, "cashapp.short_payment")
        assert short.message == (
            "the payment is 10.01 USD short, beyond tolerance: applied oldest first, the rest "
            "left open as a deduction (an unexplained deduction to investigate)"
        )
        assert short.figures == (
            ("short", usd("10.01")),
            ("written_off", False),
            ("deduction", "short_payment"),
        )

    @pytest.mark.parametrize(("paid", "written_off"), [("990.00", True), ("989.99", False)])
    def test_the_rate_without_a_limit(self, paid: str, written_off: bool) -> None:
        # CHF has no absolute limit by default: only the 1% rate of 1,000.00 applies.
        item = inv("INV-1001", "1000.00", currency="CHF")
        result = outcome(pay(paid, "INV-1001", currency="CHF"), [item])
        (app,) = result.applications
        short = chf("1000.00") - chf(paid)
        if written_off:
            assert (app.write_off, app.deduction) == (short, None)
        else:
            assert (app.write_off, app.deduction) == (None, short)
        assert reason(result, "cashapp.short_payment").figure("written_off") is written_off

    @pytest.mark.parametrize(("paid", "written_off"), [("990.00", True), ("989.99", False)])
    def test_the_limit_under_a_generous_rate(self, paid: str, written_off: bool) -> None:
        policy = MatchPolicy(write_off_rate=Decimal("0.05"))
        result = outcome(pay(paid, "INV-1001"), [A], policy=policy)
        (app,) = result.applications
        assert (app.write_off is not None) is written_off
        assert (app.deduction is None) is written_off

    def test_a_lower_limit_is_the_one_applied(self) -> None:
        policy = MatchPolicy(write_off_limits=[usd("5.00")])
        assert outcome(pay("995.00", "INV-1001"), [A], policy=policy).applications[
            0
        ].write_off == usd("5.00")
        assert outcome(pay("994.99", "INV-1001"), [A], policy=policy).applications[
            0
        ].deduction == usd("5.01")

    @pytest.mark.parametrize(("paid", "written_off"), [("100.00", True), ("99.99", False)])
    def test_the_write_off_fits_on_the_last_item(self, paid: str, written_off: bool) -> None:
        # Rate 50%, no limit in CHF: only "the shortfall fits on the last item" decides.
        policy = MatchPolicy(write_off_rate=Decimal("0.5"))
        items = [
            inv("INV-2001", "100.00", currency="CHF"),
            inv("INV-2002", "10.00", currency="CHF", issued=D(2026, 6, 2)),
        ]
        result = outcome(pay(paid, "INV-2001, INV-2002", currency="CHF"), items, policy=policy)
        assert result.status is MatchStatus.MATCHED
        if written_off:
            assert applied(result) == {
                "INV-2001": (chf("100.00"), chf("0.00"), None),
                "INV-2002": (chf("0.00"), chf("0.00"), chf("10.00")),
            }
        else:
            # Beyond tolerance the cash goes oldest first; the item where it runs out keeps the
            # deduction, and the next is not touched.
            assert applied(result) == {"INV-2001": (chf("99.99"), chf("0.00"), None)}
            assert result.applications[0].deduction == chf("0.01")
            assert reason(result, "cashapp.short_payment").figure("short") == chf("10.01")

    def test_a_shortfall_across_three_items(self) -> None:
        items = [
            inv("INV-3001", "100.00"),
            inv("INV-3002", "200.00", issued=D(2026, 6, 2)),
            inv("INV-3003", "300.00", issued=D(2026, 6, 3)),
        ]
        result = outcome(pay("150.00", "INV-3001, INV-3002, INV-3003"), items)
        assert result.status is MatchStatus.MATCHED
        assert [(a.invoice_id, a.amount, a.deduction) for a in result.applications] == [
            ("INV-3001", usd("100.00"), None),
            ("INV-3002", usd("50.00"), usd("150.00")),
        ]
        assert result.applications[1].deduction_reason == "short_payment"
        assert result.unapplied == usd("0.00")

    def test_exactly_the_first_item_paid_leaves_the_rest(self) -> None:
        items = [inv("INV-3001", "100.00"), inv("INV-3002", "200.00", issued=D(2026, 6, 2))]
        result = outcome(pay("100.00", "INV-3001, INV-3002"), items)
        assert [(a.invoice_id, a.amount, a.deduction) for a in result.applications] == [
            ("INV-3001", usd("100.00"), None)
        ]


class TestSettlingWithDiscounts:
    item = inv("INV-1001", "1000.00", terms=TWO_TEN)

    @pytest.mark.parametrize(("paid", "written_off"), [("975.00", "5.00"), ("970.20", "9.80")])
    def test_short_of_the_net_within_tolerance(self, paid: str, written_off: str) -> None:
        result = outcome(pay(paid, "INV-1001", on=JUNE_5), [self.item])
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {"INV-1001": (usd(paid), usd("20.00"), usd(written_off))}
        assert result.confidence == Decimal("0.96")

    def test_short_of_the_net_one_cent_beyond(self) -> None:
        result = outcome(pay("970.19", "INV-1001", on=JUNE_5), [self.item])
        (app,) = result.applications
        # The discount is not granted on a payment left short: it is part of the deduction.
        assert (app.amount, app.discount, app.write_off) == (usd("970.19"), usd("0.00"), None)
        assert (app.deduction_reason, app.deduction) == ("short_payment", usd("29.81"))
        assert reason(result, "cashapp.short_payment").figure("short") == usd("9.81")

    def test_between_net_and_gross_is_short_of_the_gross(self) -> None:
        result = outcome(pay("985.00", "INV-1001", on=JUNE_5), [self.item])
        (app,) = result.applications
        assert (app.amount, app.discount) == (usd("985.00"), usd("0.00"))
        assert (app.deduction_reason, app.deduction) == ("bank_charges", usd("15.00"))
        assert reason(result, "cashapp.short_payment").message.endswith(
            "(the amount of a bank charge taken on the way (SHA/BEN))"
        )


class TestDeductionCodes:
    def test_a_discount_taken_after_its_window(self) -> None:
        item = inv("INV-1001", "1000.00", terms=TWO_TEN)
        result = outcome(pay("980.00", "INV-1001"), [item])
        (app,) = result.applications
        assert (app.deduction_reason, app.deduction) == ("unearned_discount", usd("20.00"))
        assert reason(result, "cashapp.short_payment").message.endswith(
            "(an early-payment discount the terms allow, taken after its window)"
        )

    @pytest.mark.parametrize(
        ("paid", "code"),
        [
            ("990.00", "unearned_discount"),  # the 1% tier
            ("980.00", "unearned_discount"),  # the 2% tier
            ("989.99", "short_payment"),
            ("979.99", "short_payment"),
        ],
    )
    def test_either_tier_of_a_late_discount(self, paid: str, code: str) -> None:
        item = inv("INV-1001", "1000.00", terms=parse_terms("2/10 1/20 Net 30"))
        policy = MatchPolicy(write_off_limits=[usd("1.00")])
        result = outcome(pay(paid, "INV-1001"), [item], policy=policy)
        assert result.applications[0].deduction_reason == code

    def test_a_late_discount_over_two_items_counts_both(self) -> None:
        items = [
            inv("INV-1001", "1000.00", terms=TWO_TEN),
            inv("INV-1002", "500.00", terms=TWO_TEN, issued=D(2026, 6, 2)),
        ]
        result = outcome(pay("1470.00", "INV-1001, INV-1002"), items)
        assert result.applications[-1].deduction_reason == "unearned_discount"
        other = outcome(pay("1480.00", "INV-1001, INV-1002"), items)
        assert other.applications[-1].deduction_reason == "bank_charges"  # 20.00, a charge

    @pytest.mark.parametrize(
        ("paid", "code"),
        [("965.00", "bank_charges"), ("964.99", "short_payment"), ("965.01", "short_payment")],
    )
    def test_bank_charges_exactly(self, paid: str, code: str) -> None:
        result = outcome(pay(paid, "INV-1001"), [A])
        assert result.applications[0].deduction_reason == code
        assert reason(result, "cashapp.short_payment").figure("deduction") == code

    def test_bank_charges_in_another_currency_do_not_count(self) -> None:
        policy = MatchPolicy(bank_charges=[Money("15.00", "EUR")])
        result = outcome(pay("985.00", "INV-1001"), [A], policy=policy)
        assert result.applications[0].deduction_reason == "short_payment"
        own = MatchPolicy(bank_charges=[Money("15.00", "EUR"), usd("15.00")])
        assert (
            outcome(pay("985.00", "INV-1001"), [A], policy=own).applications[0].deduction_reason
            == "bank_charges"
        )

    def test_a_partial_payment_is_never_written_off(self) -> None:
        result = outcome(pay("995.00", "INV-1001 PART PAYMENT"), [A])
        (app,) = result.applications
        assert (app.write_off, app.deduction_reason, app.deduction) == (
            None,
            "partial_payment",
            usd("5.00"),
        )
        assert reason(result, "cashapp.short_payment").message.endswith(
            "(the payer says it pays part: the rest is still owed)"
        )


class TestNoMatch:
    def test_a_known_payer_with_nothing_that_fits(self) -> None:
        result = outcome(pay("123.45"), [A])
        assert result.status is MatchStatus.UNAPPLIED
        assert result.applications == ()
        assert result.unapplied == usd("123.45")
        assert result.confidence == Decimal(0)
        (only,) = result.reasons
        assert only == Reason.of(
            "cashapp.no_match",
            "no reference, remittance or amount of C-1 identifies what PAY-1 pays",
            payment="PAY-1",
        )
        assert result.customer_id == "C-1"

    def test_a_payer_with_no_open_items(self) -> None:
        result = outcome(pay("123.45", customer="C-7"), [A])
        assert result.reasons == (
            Reason.of(
                "cashapp.no_match",
                "no reference, remittance or amount identifies what PAY-1 pays",
                payment="PAY-1",
            ),
        )
        assert result.customer_id == "C-7"


# --- match_by_amount: one open item, or one smallest combination, that fits the payment -----------


class _Strategy:
    def __init__(self, customer_id: str, *, certain: bool) -> None:
        self.customer_id, self.certain = customer_id, certain

    def identify(self, payment: Payment, customers: object) -> object:
        from receivables.cashapp import PayerMatch

        reason = Reason.of("cashapp.payer_identified", f"strategy says {self.customer_id}")
        return PayerMatch(self.customer_id, reason, certain=self.certain)


class TestAmountUniqueItem:
    def test_the_one_item_for_the_amount(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "250.00", issued=D(2026, 6, 2))]
        result = outcome(pay("250.00"), items)
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {"INV-2": (usd("250.00"), usd("0.00"), None)}
        assert result.confidence == Decimal("0.93")
        assert result.reasons == (
            Reason.of(
                "cashapp.amount_unique",
                "INV-2 is the only open item of C-1 for this amount",
                item="INV-2",
            ),
        )

    def test_the_one_item_for_the_amount_less_its_discount(self) -> None:
        items = [inv("INV-1", "1000.00", terms=TWO_TEN), inv("INV-2", "250.00")]
        result = outcome(pay("980.00", on=JUNE_5), items)
        assert applied(result) == {"INV-1": (usd("980.00"), usd("20.00"), None)}
        assert codes(result) == ["cashapp.amount_unique", "cashapp.discount_taken"]
        assert result.reasons[0].message == (
            "INV-1 is the only open item of C-1 for this amount (less its early-payment discount)"
        )

    def test_two_items_for_the_amount(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "100.00", issued=D(2026, 6, 2))]
        result = outcome(pay("100.00"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.confidence == Decimal(0)
        assert result.reasons == (
            Reason.of(
                "cashapp.ambiguous_amount",
                "2 open items of C-1 fit the amount (INV-1, INV-2)",
                candidates="INV-1, INV-2",
            ),
        )

    def test_prefer_oldest_takes_the_oldest_gross_or_net(self) -> None:
        policy = MatchPolicy(prefer_oldest=True)
        net_first = [
            inv("INV-1", "1000.00", terms=TWO_TEN),  # 980.00 net on June 5, due first
            inv("INV-2", "980.00", issued=D(2026, 6, 2)),
        ]
        result = outcome(pay("980.00", on=JUNE_5), net_first, policy=policy)
        assert applied(result) == {"INV-1": (usd("980.00"), usd("20.00"), None)}
        gross_first = [
            inv("INV-1", "1000.00", terms=TWO_TEN, issued=D(2026, 6, 3)),
            inv("INV-2", "980.00", issued=D(2026, 5, 20)),
        ]
        result = outcome(pay("980.00", on=JUNE_5), gross_first, policy=policy)
        assert applied(result) == {"INV-2": (usd("980.00"), usd("0.00"), None)}
        assert result.reasons[0].message == "INV-2 is the only open item of C-1 for this amount"

    def test_an_item_in_another_currency_or_taken_is_not_in_the_pool(self) -> None:
        items = [inv("INV-1", "100.00", currency="EUR"), inv("INV-2", "100.00")]
        assert outcome(pay("100.00"), items).invoice_ids == ("INV-2",)
        first = pay("100.00", "INV-2", id="PAY-1")
        second = pay("100.00", id="PAY-2")
        result = apply_cash([first, second], [inv("INV-2", "100.00")])
        assert result.outcomes[1].status is MatchStatus.UNAPPLIED

    @pytest.mark.parametrize(
        ("certain", "confidence", "status"),
        [(True, "0.93", MatchStatus.MATCHED), (False, "0.90", MatchStatus.MATCHED)],
    )
    def test_a_payer_identified_by_a_strategy(
        self, certain: bool, confidence: str, status: MatchStatus
    ) -> None:
        items = [inv("INV-2", "250.00")]
        strategy = _Strategy("C-1", certain=certain)
        result = outcome(pay("250.00", customer=None), items, payer_identification=[strategy])
        assert result.status is status
        assert result.confidence == Decimal(confidence)
        assert codes(result) == ["cashapp.payer_identified", "cashapp.amount_unique"]
        assert result.customer_id == "C-1"

    def test_the_name_penalty_is_policy(self) -> None:
        from receivables.cashapp import EvidenceConfidence

        policy = MatchPolicy(confidence=EvidenceConfidence(name_penalty=Decimal("0.04")))
        result = outcome(
            pay("250.00", customer=None),
            [inv("INV-2", "250.00")],
            payer_identification=[_Strategy("C-1", certain=False)],
            policy=policy,
        )
        assert result.status is MatchStatus.EXCEPTION
        assert result.confidence == Decimal("0.89")


class TestAmountUnknownPayer:
    def test_an_unknown_payers_amount_never_posts(self) -> None:
        items = [inv(f"INV-{n}", "100.00", f"C-{n}", issued=D(2026, 6, n)) for n in range(1, 8)]
        result = outcome(pay("100.00", customer=None), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.confidence == Decimal("0.75")
        assert result.reasons == (
            Reason.of(
                "cashapp.amount_only_unknown_payer",
                "an unknown payer's amount equals open items INV-1, INV-2, INV-3, INV-4, INV-5; "
                "amount alone is not enough evidence across customers",
                candidates="INV-1, INV-2, INV-3, INV-4, INV-5",
            ),
        )
        assert result.customer_id is None

    def test_taken_items_are_not_candidates(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "100.00", "C-2")]
        first = pay("100.00", "INV-1", id="PAY-1")
        result = apply_cash([first, pay("100.00", customer=None, id="PAY-2")], items)
        assert result.outcomes[1].reasons[0].figure("candidates") == "INV-2"

    def test_nothing_of_the_amount(self) -> None:
        result = outcome(pay("100.01", customer=None), [inv("INV-1", "100.00")])
        assert result.status is MatchStatus.UNAPPLIED
        assert result.reasons[0].message == (
            "no reference, remittance or amount identifies what PAY-1 pays"
        )


def items_of(
    *amounts: str, customer: str = "C-1", terms: PaymentTerms | None = NET30
) -> list[Invoice]:
    return [
        inv(f"INV-{n}", amount, customer, issued=D(2026, 6, n), terms=terms)
        for n, amount in enumerate(amounts, start=1)
    ]


class TestAmountCombinations:
    @pytest.mark.parametrize(
        ("paid", "ids", "confidence", "status"),
        [
            ("300.00", ("INV-1", "INV-2"), "0.92", MatchStatus.MATCHED),
            ("700.00", ("INV-1", "INV-2", "INV-3"), "0.9", MatchStatus.MATCHED),
            ("1500.00", ("INV-1", "INV-2", "INV-3", "INV-4"), "0.86", MatchStatus.EXCEPTION),
        ],
    )
    def test_each_size(
        self, paid: str, ids: tuple[str, ...], confidence: str, status: MatchStatus
    ) -> None:
        items = items_of("100.00", "200.00", "400.00", "800.00", "1600.00")
        result = outcome(pay(paid), items)
        assert result.confidence == Decimal(confidence)
        assert result.status is status
        combination = result.reasons[0]
        assert combination == Reason.of(
            "cashapp.combination",
            f"{', '.join(ids)} are the only {len(ids)} open items of C-1 that sum to the payment",
            items=", ".join(ids),
            size=len(ids),
        )
        if status is MatchStatus.MATCHED:
            assert result.invoice_ids == ids

    def test_a_five_item_combination_within_the_largest_size(self) -> None:
        items = items_of("1.00", "2.00", "4.00", "8.00", "16.00", "32.00")
        policy = MatchPolicy(max_combination_size=5, auto_match_confidence=Decimal("0.8"))
        result = outcome(pay("31.00"), items, policy=policy)
        assert result.invoice_ids == ("INV-1", "INV-2", "INV-3", "INV-4", "INV-5")
        assert outcome(pay("31.00"), items).status is MatchStatus.UNAPPLIED  # four at most

    def test_two_combinations_are_ambiguous(self) -> None:
        items = items_of("10.00", "20.00", "15.00", "15.00")
        result = outcome(pay("30.00"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.ambiguous_amount",
                "several combinations of 2 open items fit the amount (INV-3, INV-4; INV-1, INV-2)",
                candidates="INV-3, INV-4; INV-1, INV-2",
            ),
        )
        oldest = outcome(pay("30.00"), items, policy=MatchPolicy(prefer_oldest=True))
        assert oldest.invoice_ids == ("INV-1", "INV-2")

    def test_prefer_oldest_among_combinations_compares_by_due_date(self) -> None:
        items = [
            inv("INV-A", "15.00", issued=D(2026, 6, 1)),
            inv("INV-B", "15.00", issued=D(2026, 6, 2)),
            inv("INV-C", "10.00", issued=D(2026, 6, 3)),
            inv("INV-D", "20.00", issued=D(2026, 6, 4)),
        ]
        oldest = outcome(pay("30.00"), items, policy=MatchPolicy(prefer_oldest=True))
        assert oldest.invoice_ids == ("INV-A", "INV-B")

    def test_a_combination_net_of_discounts(self) -> None:
        items = items_of("1000.00", "500.00", terms=TWO_TEN)
        result = outcome(pay("1470.00", on=JUNE_5), items)
        assert result.status is MatchStatus.MATCHED
        assert applied(result) == {
            "INV-1": (usd("980.00"), usd("20.00"), None),
            "INV-2": (usd("490.00"), usd("10.00"), None),
        }
        assert codes(result) == ["cashapp.combination", "cashapp.discount_taken"]

    def test_no_combination_without_discounts(self) -> None:
        result = outcome(pay("1470.00", on=JUNE_5), items_of("1000.00", "500.00"))
        assert result.status is MatchStatus.UNAPPLIED
        assert result.reasons[0].message == (
            "no reference, remittance or amount of C-1 identifies what PAY-1 pays"
        )

    @pytest.mark.parametrize(("budget", "exhausted"), [(1, True), (2, False)])
    def test_the_search_budget_from_both_sides(self, budget: int, exhausted: bool) -> None:
        policy = MatchPolicy(search_budget=budget)
        result = outcome(pay("300.00"), items_of("100.00", "200.00"), policy=policy)
        if exhausted:
            assert result.status is MatchStatus.EXCEPTION
            assert result.reasons == (
                Reason.of(
                    "cashapp.search_exhausted",
                    "the search for invoices that sum to the payment ran out of budget",
                    budget=1,
                ),
            )
        else:
            assert result.invoice_ids == ("INV-1", "INV-2")

    @pytest.mark.parametrize(("limit", "fits"), [("0.25", True), ("0.2499", False)])
    def test_a_fit_expected_by_chance(self, limit: str, fits: bool) -> None:
        # Two items of 0.01 and 0.02: one pair over sums from 0 to 3 cents, 1/4 by chance.
        policy = MatchPolicy(chance_fit_limit=Decimal(limit))
        result = outcome(pay("0.03"), items_of("0.01", "0.02"), policy=policy)
        if fits:
            assert result.invoice_ids == ("INV-1", "INV-2")
        else:
            assert result.status is MatchStatus.EXCEPTION
            assert result.reasons == (
                Reason.of(
                    "cashapp.chance_fit",
                    "INV-1, INV-2 sum to the payment, but about 0.25 combinations of 2 of "
                    "C-1's open items would fit an amount like it by chance",
                    items="INV-1, INV-2",
                    expected="0.25",
                ),
            )


class TestChanceAndSearch:
    def test_chance_fits(self) -> None:
        from receivables.cashapp._by_amount import _chance_fits

        assert _chance_fits([1, 2], 3) == Decimal(0)
        assert _chance_fits([1, 2], 2) == Decimal(1) / Decimal(4)
        # C(4, 2) = 6 pairs over sums up to 30 + 40 = 70 (71 values).
        assert _chance_fits([10, 20, 30, 40], 2) == Decimal(6) / Decimal(71)
        assert _chance_fits([10, 20, 30, 40], 4) == Decimal(1) / Decimal(101)

    @pytest.mark.parametrize(
        ("amounts", "target", "largest", "budget", "expected"),
        [
            ([1, 2], 3, 4, 2, ([[0, 1]], False)),
            ([1, 2], 3, 4, 1, ([], True)),
            ([1, 2], 3, 1, 100, ([], False)),  # pairs not allowed
            # The pair search costs the count, the triple n * n // 2, four n * n, more C(n, k);
            # sizes whose smallest sum overshoots or largest falls short cost nothing.
            ([1, 2, 4, 7], 7, 3, 4 + 8, ([[0, 1, 2]], False)),
            ([1, 2, 4, 7], 7, 3, 4 + 8 - 1, ([], True)),
            ([1, 2, 4], 7, 3, 4, ([[0, 1, 2]], False)),  # no pair reaches 7: triples only
            ([1, 2, 4], 7, 3, 3, ([], True)),
            ([1, 2, 4, 8, 15], 15, 4, 5 + 12 + 25, ([[0, 1, 2, 3]], False)),
            ([1, 2, 4, 8, 15], 15, 4, 5 + 12 + 25 - 1, ([], True)),
            ([1, 2, 4, 8, 16, 31], 31, 5, 6 + 18 + 36 + 6, ([[0, 1, 2, 3, 4]], False)),
            ([1, 2, 4, 8, 16, 31], 31, 5, 6 + 18 + 36 + 6 - 1, ([], True)),
            ([1, 2, 4, 8, 16], 31, 5, 1, ([[0, 1, 2, 3, 4]], False)),  # only five can reach it
            ([1, 2, 4, 8, 16], 31, 5, 0, ([], True)),
            ([5, 6], 3, 4, 100, ([], False)),  # even the smallest overshoot
            ([1, 1, 1], 30, 4, 100, ([], False)),  # even the largest fall short
            ([1, 2, 0, 40], 3, 4, 100, ([[0, 1]], False)),  # nothing or over the target: out
        ],
    )
    def test_combinations_and_budget(
        self,
        amounts: list[int],
        target: int,
        largest: int,
        budget: int,
        expected: tuple[list[list[int]], bool],
    ) -> None:
        from receivables.cashapp._by_amount import _combinations
        from receivables.cashapp._ledger import Entry

        pool = [
            Entry(inv(f"I-{n}", "1.00"), f"I-{n}", amount, (JUNE_1, f"I-{n}"))
            for n, amount in enumerate(amounts)
        ]
        values = {e.key_id: e.remaining for e in pool}
        found, exhausted = _combinations(pool, values, target, largest, budget)
        ids = [[int(e.key_id[2:]) for e in combo] for combo in found]
        assert (sorted(sorted(c) for c in ids), exhausted) == expected


# --- journal: the entries of what posted -------------------------------------------------------


def _accounts() -> AccountMap:
    return AccountMap(
        "1200",
        "1290",
        "6100",
        "1000",
        discounts_allowed="4100",
        write_offs="6900",
        fx_differences="7900",
        unapplied_cash="2050",
    )


def _app(
    item: str,
    cash: str,
    discount: str = "0.00",
    write_off: str | None = None,
    fx: Money | None = None,
) -> Application:
    return Application(
        item,
        usd(cash),
        usd(discount),
        usd(write_off) if write_off is not None else None,
        fx_difference=fx,
    )


def _posted(
    status: MatchStatus,
    apps: list[Application],
    unapplied: str = "0.00",
    customer: str | None = "C-1",
) -> CashApplicationResult:
    result = PaymentOutcome(
        "P-1",
        status,
        tuple(apps),
        usd(unapplied),
        Decimal("0.99"),
        (),
        customer,
    )
    return CashApplicationResult((result,))


def _rows(entry: JournalEntry) -> list[tuple[str, str, str, str, str | None]]:
    return [
        (line.account, str(line.debit), str(line.credit), line.memo, line.party)
        for line in entry.lines
    ]


JOURNAL_ITEMS: list[Invoice | CreditMemo] = [
    inv("INV-1", "1000.00"),
    inv("INV-2", "200.00", "C-2"),
    credit("CM-1", "50.00"),
]


class TestJournal:
    def entries(self, result: CashApplicationResult) -> tuple[JournalEntry, ...]:
        from receivables.cashapp import cash_application_entries

        return cash_application_entries(
            result,
            JOURNAL_ITEMS,
            accounts=_accounts(),
            on=TODAY,
        )

    def test_every_kind_of_line(self) -> None:
        apps = [
            _app("INV-1", "970.00", "20.00", "10.00"),
            _app("CM-1", "-50.00"),
            _app("INV-2", "200.00"),
        ]
        (entry,) = self.entries(_posted(MatchStatus.PARTIAL, apps, unapplied="30.00"))
        assert _rows(entry) == [
            ("1000", "1150.00 USD", "0 USD", "payment P-1", "C-1"),
            ("4100", "20.00 USD", "0 USD", "INV-1", "C-1"),
            ("6900", "10.00 USD", "0 USD", "INV-1", "C-1"),
            ("1200", "50.00 USD", "0 USD", "CM-1", "C-1"),
            ("1200", "0 USD", "1000.00 USD", "INV-1", "C-1"),
            ("1200", "0 USD", "200.00 USD", "INV-2", "C-2"),
            ("2050", "0 USD", "30.00 USD", "on account", "C-1"),
        ]
        assert entry.posted_on == TODAY
        assert entry.memo == "cash application P-1"
        assert entry.reasons == (
            Reason.of("cashapp.posted", "payment P-1 applied to INV-1, CM-1, INV-2", payment="P-1"),
        )

    def test_nothing_left_over_and_nothing_taken_off(self) -> None:
        (entry,) = self.entries(
            _posted(MatchStatus.MATCHED, [_app("INV-1", "1000.00", write_off="0.00")])
        )
        assert _rows(entry) == [
            ("1000", "1000.00 USD", "0 USD", "payment P-1", "C-1"),
            ("1200", "0 USD", "1000.00 USD", "INV-1", "C-1"),
        ]

    def test_a_zero_application_posts_no_receivable_line(self) -> None:
        (entry,) = self.entries(
            _posted(
                MatchStatus.MATCHED,
                [_app("INV-1", "0.00", write_off="10.00"), _app("INV-2", "200.00")],
            )
        )
        assert [row[0] for row in _rows(entry)] == ["1000", "6900", "1200", "1200"]
        assert _rows(entry)[2] == ("1200", "0 USD", "10.00 USD", "INV-1", "C-1")

    @pytest.mark.parametrize(
        ("fx", "rows"),
        [
            (
                Money("20.00", "EUR"),
                [
                    ("1200", "20.00 EUR", "0 EUR", "INV-1", "C-1"),
                    ("7900", "0 EUR", "20.00 EUR", "INV-1", "C-1"),
                ],
            ),
            (
                Money("-20.00", "EUR"),
                [
                    ("1200", "0 EUR", "20.00 EUR", "INV-1", "C-1"),
                    ("7900", "20.00 EUR", "0 EUR", "INV-1", "C-1"),
                ],
            ),
        ],
    )
    def test_exchange_differences_in_their_own_entry(
        self, fx: Money, rows: list[tuple[str, str, str, str, str]]
    ) -> None:
        cash, exchange = self.entries(
            _posted(MatchStatus.MATCHED, [_app("INV-1", "1000.00", fx=fx)])
        )
        assert _rows(exchange) == rows
        assert exchange.memo == "exchange differences P-1"
        assert exchange.posted_on == TODAY
        assert exchange.reasons == cash.reasons

    def test_a_zero_exchange_difference_posts_nothing(self) -> None:
        result = _posted(MatchStatus.MATCHED, [_app("INV-1", "1000.00", fx=Money("0.00", "EUR"))])
        assert len(self.entries(result)) == 1

    @pytest.mark.parametrize("status", [MatchStatus.UNAPPLIED, MatchStatus.EXCEPTION])
    def test_what_did_not_post_gives_no_entry(self, status: MatchStatus) -> None:
        assert self.entries(_posted(status, [_app("INV-1", "1000.00")])) == ()

    def test_a_posted_outcome_without_applications_gives_no_entry(self) -> None:
        assert self.entries(_posted(MatchStatus.PARTIAL, [], unapplied="5.00")) == ()

    def test_an_item_not_given(self) -> None:
        from receivables import InvalidDocumentError

        with pytest.raises(InvalidDocumentError) as error:
            self.entries(_posted(MatchStatus.MATCHED, [_app("INV-9", "5.00")]))
        assert str(error.value) == (
            "payment P-1 was applied to INV-9, which is not among the open items given"
        )

    def test_bad_arguments(self) -> None:
        from receivables import InvalidTypeError
        from receivables.cashapp import cash_application_entries

        with pytest.raises(InvalidTypeError) as error:
            cash_application_entries(
                "x",  # type: ignore[arg-type]
                JOURNAL_ITEMS,
                accounts=_accounts(),
                on=TODAY,
            )
        assert str(error.value) == "result must be a CashApplicationResult, not str"
        with pytest.raises(InvalidTypeError) as error:
            cash_application_entries(
                _posted(MatchStatus.MATCHED, []),
                JOURNAL_ITEMS,
                accounts="1000",  # type: ignore[arg-type]
                on=TODAY,
            )
        assert str(error.value) == "accounts must be an AccountMap, not str"


# --- engine: the entry point, the two passes, and outcomes -----------------------------------


class TestEngine:
    def test_refusals_name_what_is_wrong(self) -> None:
        from receivables import InvalidDocumentError, InvalidTypeError

        items = [inv("INV-1", "100.00")]
        cases: list[tuple[dict[str, object], type[Exception], str]] = [
            ({"policy": "strict"}, InvalidTypeError, "policy must be a MatchPolicy, not str"),
            (
                {"payer_identification": "bank"},
                InvalidTypeError,
                "payer_identification must be an iterable of strategies, not str",
            ),
            (
                {"history": "INV-0"},
                InvalidTypeError,
                "history must be an iterable of invoices and payments, not str",
            ),
        ]
        for options, error, message in cases:
            with pytest.raises(error) as raised:
                apply_cash([pay("100.00")], items, **options)  # type: ignore[arg-type]
            assert str(raised.value) == message
        with pytest.raises(InvalidDocumentError) as raised:
            apply_cash([pay("1.00"), pay("2.00", id="PAY-2"), pay("3.00", id="PAY-2")], items)
        assert str(raised.value) == "payment PAY-2 appears twice"
        with pytest.raises(InvalidDocumentError) as raised:
            apply_cash([pay("1.00"), pay("1.005", id="PAY-2")], items)
        assert str(raised.value) == "payment PAY-2 is not in whole minor units"

    def test_references_are_worked_before_amounts(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "100.00", issued=D(2026, 6, 2))]
        by_amount = pay("100.00", id="PAY-1")
        by_reference = pay("100.00", "INV-2", id="PAY-2")
        result = apply_cash([by_amount, by_reference], items)
        assert [o.invoice_ids for o in result.outcomes] == [("INV-1",), ("INV-2",)]
        assert [o.status for o in result.outcomes] == [MatchStatus.MATCHED] * 2
        assert [o.payment_id for o in result.outcomes] == ["PAY-1", "PAY-2"]

    def test_no_exchange_difference_without_both_rates_and_a_functional_currency(self) -> None:
        from receivables import ExchangeRate, RateTable

        item = inv("INV-1", "1000.00", currency="EUR", issued=D(2026, 5, 1))
        payment = pay("1000.00", "INV-1", currency="EUR")
        rates = RateTable(
            [
                ExchangeRate("EUR", "USD", "1.10", D(2026, 5, 1)),
                ExchangeRate("EUR", "USD", "1.12", D(2026, 6, 1)),
            ]
        )
        with_both = outcome(payment, [item], rates=rates, functional_currency="USD")
        assert with_both.applications[0].fx_difference == usd("20.00")
        assert outcome(payment, [item], rates=rates).applications[0].fx_difference is None
        assert (
            outcome(payment, [item], functional_currency="USD").applications[0].fx_difference
            is None
        )
        same = outcome(payment, [item], rates=rates, functional_currency="EUR")
        assert same.applications[0].fx_difference is None

    def test_the_fx_difference_uses_the_issue_and_payment_dates(self) -> None:
        from receivables import ExchangeRate, RateTable

        item = inv("INV-1", "1000.00", currency="EUR", issued=D(2026, 5, 1))
        rates = RateTable(
            [
                ExchangeRate("EUR", "USD", "1.10", D(2026, 5, 1)),
                ExchangeRate("EUR", "USD", "1.11", D(2026, 5, 15)),
                ExchangeRate("EUR", "USD", "1.15", D(2026, 6, 20)),
            ]
        )
        early = pay("1000.00", "INV-1", currency="EUR", on=D(2026, 6, 1))
        late = pay("1000.00", "INV-1", currency="EUR", on=D(2026, 6, 25))
        fx = [
            outcome(p, [item], rates=rates, functional_currency="USD").applications[0].fx_difference
            for p in (early, late)
        ]
        assert fx == [usd("10.00"), usd("50.00")]

    def test_whom_an_outcome_is_for(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "200.00", "C-2")]
        # An unknown payer naming one customer's item: that customer.
        assert outcome(pay("200.00", "INV-2", customer=None), items).customer_id == "C-2"
        # Items of two customers, no payer known: nobody in particular.
        both = outcome(pay("300.00", "INV-1, INV-2", customer=None), items)
        assert both.status is MatchStatus.MATCHED
        assert both.customer_id is None
        # ... unless the payer was identified.
        known = outcome(
            pay("300.00", "INV-1, INV-2", customer=None),
            items,
            payer_identification=[_Strategy("C-1", certain=False)],
        )
        assert known.customer_id == "C-1"
        # Nothing applied, no payer known.
        assert outcome(pay("1.23", customer=None), items).customer_id is None

    def test_the_payer_reason_comes_first_once(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "200.00", "C-2")]
        strategy = _Strategy("C-1", certain=False)
        by_reference = outcome(
            pay("100.00", "INV-1", customer=None), items, payer_identification=[strategy]
        )
        assert codes(by_reference) == ["cashapp.payer_identified", "cashapp.reference_exact"]
        assert by_reference.reasons[0].message == "strategy says C-1"
        by_amount = outcome(pay("100.00", customer=None), items, payer_identification=[strategy])
        assert codes(by_amount) == ["cashapp.payer_identified", "cashapp.amount_unique"]
        # The payer identified is not whom the cash went to: its reason is not shown.
        other = outcome(
            pay("200.00", "INV-2", customer=None), items, payer_identification=[strategy]
        )
        assert other.customer_id == "C-2"
        assert "cashapp.payer_identified" not in codes(other)

    def test_unapplied_is_the_rest_of_the_payment(self) -> None:
        result = outcome(pay("123.45", "INV-1"), [inv("INV-1", "100.00")])
        assert result.unapplied == usd("23.45")
        assert result.applied == usd("100.00")


# --- match_by_reference: remittance advices and references ----------------------------------------


def advice(*lines: tuple[str, str | None] | tuple[str, str | None, str]) -> list[Remittance]:
    made = []
    for line in lines:
        reference, amount = line[0], line[1]
        discount = usd(line[2]) if len(line) == 3 else None
        made.append(RemittanceLine(reference, usd(amount) if amount else None, discount))
    return [Remittance("PAY-1", made)]


REF_ITEMS = [
    inv("INV-1001", "1000.00"),
    inv("INV-1002", "200.00", issued=D(2026, 6, 2)),
    inv("INV-1003", "300.00", issued=D(2026, 6, 3)),
]


class TestRemittanceAdvice:
    def test_every_line_found(self) -> None:
        result = outcome(
            pay("1200.00"),
            REF_ITEMS,
            remittances=advice(("INV-1001", "1000.00"), ("INV-1002", "200.00")),
        )
        assert result.status is MatchStatus.MATCHED
        assert result.confidence == Decimal("0.99")
        assert result.reasons == (
            Reason.of(
                "cashapp.remittance",
                "the remittance advice names 2 of its 2 lines' items",
                lines=2,
                matched=2,
            ),
            Reason.of(
                "cashapp.reference_exact",
                "the references name INV-1001, INV-1002 exactly",
                items="INV-1001, INV-1002",
            ),
        )

    def test_a_line_not_found_makes_it_partial(self) -> None:
        result = outcome(
            pay("1000.00"),
            REF_ITEMS,
            remittances=advice(("INV-1001", "1000.00"), ("X-77", "50.00")),
        )
        assert result.status is MatchStatus.PARTIAL
        assert result.invoice_ids == ("INV-1001",)
        assert result.reasons[0].figures == (("lines", 2), ("matched", 1))
        assert reason(result, "cashapp.no_match") == Reason.of(
            "cashapp.no_match",
            "remittance lines not found among open items: X-77",
            references="X-77",
        )

    def test_cash_beyond_the_lines_stays_on_account(self) -> None:
        result = outcome(pay("1010.00"), REF_ITEMS, remittances=advice(("INV-1001", "1000.00")))
        assert result.status is MatchStatus.PARTIAL
        assert result.unapplied == usd("10.00")
        assert reason(result, "cashapp.overpayment") == Reason.of(
            "cashapp.overpayment",
            "10.00 USD of the payment is not on the advice's matched lines and stays on account",
            excess=usd("10.00"),
        )

    @pytest.mark.parametrize(
        ("paid", "code"), [("1185.00", "bank_charges"), ("1189.00", "short_payment")]
    )
    def test_the_bank_paid_less_than_the_advice(self, paid: str, code: str) -> None:
        result = outcome(
            pay(paid),
            REF_ITEMS,
            remittances=advice(("INV-1001", "1000.00"), ("INV-1002", "200.00")),
        )
        short = usd("1200.00") - usd(paid)
        assert result.status is MatchStatus.MATCHED
        assert result.confidence == Decimal("0.9")
        # The difference comes off the newest line.
        assert [
            (a.invoice_id, a.amount, a.deduction, a.deduction_reason) for a in result.applications
        ] == [
            ("INV-1001", usd("1000.00"), None, None),
            ("INV-1002", usd("200.00") - short, short, code),
        ]
        assert reason(result, "cashapp.short_payment") == Reason.of(
            "cashapp.short_payment",
            f"the bank paid {usd(paid)}, less than the advice's 1200.00 USD: the difference "
            f"stays open as a deduction ({code})",
            short=short,
            written_off=False,
            deduction=code,
        )

    def test_a_shortfall_larger_than_the_newest_line(self) -> None:
        result = outcome(
            pay("950.00"),
            REF_ITEMS,
            remittances=advice(("INV-1001", "1000.00"), ("INV-1002", "200.00")),
        )
        # 250.00 short: the newest line (200.00) is used up and dropped, 50.00 off the older.
        assert [(a.invoice_id, a.amount, a.deduction) for a in result.applications] == [
            ("INV-1001", usd("950.00"), usd("50.00")),
        ]
        assert result.unapplied == usd("0.00")

    def test_a_line_paying_less_than_its_item(self) -> None:
        result = outcome(pay("900.00"), REF_ITEMS, remittances=advice(("INV-1001", "900.00")))
        (app,) = result.applications
        assert (app.amount, app.deduction, app.deduction_reason) == (
            usd("900.00"),
            usd("100.00"),
            "short_payment",
        )
        assert result.confidence == Decimal("0.9")
        assert reason(result, "cashapp.short_payment") == Reason.of(
            "cashapp.short_payment",
            "some lines pay less than their item (or claim a discount the terms do not allow): "
            "the rest stays open as a deduction",
            short=usd("100.00"),
            written_off=False,
        )

    def test_a_discount_claimed_beyond_the_terms(self) -> None:
        items = [inv("INV-1001", "1000.00", terms=TWO_TEN)]
        late = outcome(pay("980.00"), items, remittances=advice(("INV-1001", "980.00", "20.00")))
        (app,) = late.applications
        assert (app.amount, app.discount, app.deduction, app.deduction_reason) == (
            usd("980.00"),
            usd("0.00"),
            usd("20.00"),
            "unearned_discount",
        )
        early = outcome(
            pay("980.00", on=JUNE_5), items, remittances=advice(("INV-1001", "980.00", "20.00"))
        )
        (app,) = early.applications
        assert (app.amount, app.discount, app.deduction) == (usd("980.00"), usd("20.00"), None)
        assert early.status is MatchStatus.MATCHED

    def test_a_line_without_an_amount_pays_the_item_less_its_discount(self) -> None:
        items = [inv("INV-1001", "1000.00", terms=TWO_TEN)]
        result = outcome(
            pay("980.00", on=JUNE_5), items, remittances=advice(("INV-1001", None, "20.00"))
        )
        assert applied(result) == {"INV-1001": (usd("980.00"), usd("20.00"), None)}
        whole = outcome(pay("1000.00"), items, remittances=advice(("INV-1001", None)))
        assert applied(whole) == {"INV-1001": (usd("1000.00"), usd("0.00"), None)}
        assert codes(whole)[0] == "cashapp.remittance"
        assert codes(result)[0] == "cashapp.remittance"

    def test_a_line_in_another_currency(self) -> None:
        from receivables import CurrencyMismatchError

        lines = [Remittance("PAY-1", [RemittanceLine("INV-1001", Money("1.00", "EUR"))])]
        with pytest.raises(CurrencyMismatchError) as error:
            apply_cash([pay("1000.00")], REF_ITEMS, remittances=lines)
        assert str(error.value) == ("remittance for PAY-1 has a line in EUR, the payment is in USD")
        discount = [
            Remittance(
                "PAY-1",
                [RemittanceLine("INV-1001", usd("1.00"), Money("1.00", "EUR"))],
            )
        ]
        with pytest.raises(CurrencyMismatchError):
            apply_cash([pay("1000.00")], REF_ITEMS, remittances=discount)

    def test_a_keying_error_on_a_line(self) -> None:
        items = [inv("INV-1861", "80.00"), inv("INV-1881", "534.01", issued=D(2026, 6, 2))]
        result = outcome(pay("534.01"), items, remittances=advice(("INV-1861", "534.01")))
        assert result.invoice_ids == ("INV-1881",)
        assert reason(result, "cashapp.keying_error") == Reason.of(
            "cashapp.keying_error",
            "the advice line 'INV-1861' names an item whose open amount disagrees, while "
            "INV-1881, one keystroke away, is open for exactly the line's amount: a keying "
            "error, not a short payment",
            written="INV-1861",
            item="INV-1881",
        )
        assert result.confidence == Decimal("0.92")
        off = outcome(
            pay("534.01"),
            items,
            remittances=advice(("INV-1861", "534.01")),
            policy=MatchPolicy(near_misses=False),
        )
        assert off.invoice_ids == ("INV-1861",)
        assert off.applications[0].amount == usd("80.00")


class TestReferenceReasons:
    def test_normalised(self) -> None:
        result = outcome(pay("1000.00", "inv 1001"), REF_ITEMS)
        assert result.confidence == Decimal("0.98")
        assert result.reasons == (
            Reason.of(
                "cashapp.reference_normalised",
                "the references name INV-1001 once normalised (case, spaces, prefixes, leading "
                "zeros)",
                items="INV-1001",
            ),
        )

    def test_near_miss(self) -> None:
        result = outcome(pay("300.00", "INV-1008"), REF_ITEMS[2:])
        assert result.invoice_ids == ("INV-1003",)
        assert result.confidence == Decimal("0.92")
        assert result.reasons == (
            Reason.of(
                "cashapp.reference_near_miss",
                "a reference one character off names INV-1003, the only candidate, and the "
                "amount agrees",
                items="INV-1003",
            ),
        )

    def test_stray_number(self) -> None:
        result = outcome(pay("300.00", "ORDER 1003 THANKS"), REF_ITEMS)
        assert result.invoice_ids == ("INV-1003",)
        assert result.confidence == Decimal("0.92")
        assert result.reasons == (
            Reason.of(
                "cashapp.stray_number",
                "a number in the text that was not written as a reference names INV-1003; it "
                "counts only because the amount agrees",
                items="INV-1003",
            ),
        )

    def test_on_account(self) -> None:
        result = outcome(pay("300.00", "DEPOSIT FOR JULY"), REF_ITEMS)
        assert result.status is MatchStatus.UNAPPLIED
        assert result.reasons == (
            Reason.of(
                "cashapp.on_account",
                "the narrative says 'DEPOSIT' and names no open item: the cash stays on account "
                "(no amount matching)",
                word="DEPOSIT",
            ),
        )
        partial = outcome(pay("300.00", "PART PAYMENT"), REF_ITEMS)
        assert partial.reasons[0].figure("word") == "PART PAYMENT"

    def test_already_applied(self) -> None:
        first = pay("1000.00", "INV-1001", id="PAY-1")
        again = pay("1000.00", "INV 1001", id="PAY-2")
        result = apply_cash([first, again], REF_ITEMS)
        assert result.outcomes[1].reasons == (
            Reason.of(
                "cashapp.already_applied",
                "the references name INV-1001, already paid by another payment in this run: a "
                "duplicate payment, or a reference to check",
                items="INV-1001",
            ),
        )

    def test_ambiguous_reference(self) -> None:
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "200.00", refs=("PO-77",), issued=D(2026, 6, 2)),
        ]
        result = outcome(pay("150.00", "PO-77"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.ambiguous_reference",
                "a reference names several open items (INV-1, INV-2) and the amount does not "
                "single one out",
                candidates="INV-1, INV-2",
            ),
        )
        assert outcome(pay("200.00", "PO-77"), items).invoice_ids == ("INV-2",)
        assert outcome(pay("300.00", "PO-77"), items).invoice_ids == ("INV-1", "INV-2")

    def test_conflicting_evidence(self) -> None:
        items = [inv("INV-1001", "1000.00"), inv("INV-2002", "450.00", issued=D(2026, 6, 2))]
        result = outcome(pay("450.00", "INV-1001"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name INV-1001 but the amount fits INV-2002 exactly",
                candidates="INV-2002",
            ),
        )

    def test_a_set_aside_reference(self) -> None:
        result = outcome(pay("1200.00", "INV-1001, INV-1002, INV-1003"), REF_ITEMS)
        assert result.invoice_ids == ("INV-1001", "INV-1002")
        assert result.confidence == Decimal("0.93")  # 0.98 less 0.05
        assert codes(result) == ["cashapp.reference_normalised", "cashapp.reference_ignored"]
        assert reason(result, "cashapp.reference_ignored") == Reason.of(
            "cashapp.reference_ignored",
            "references to INV-1003 were set aside: without them the amounts agree exactly",
            items="INV-1003",
        )

    def test_another_customers_items_with_agreeing_amounts(self) -> None:
        items = [*REF_ITEMS, inv("INV-5005", "500.00", "C-2")]
        result = outcome(pay("500.00", "INV-5005"), items)
        assert result.status is MatchStatus.MATCHED
        assert result.confidence == Decimal("0.94")  # 0.99 less 0.05
        assert reason(result, "cashapp.other_customer") == Reason.of(
            "cashapp.other_customer",
            "the payment pays items of another customer; the amounts agree",
            payer="C-1",
        )

    def test_another_customers_items_with_disagreeing_amounts(self) -> None:
        items = [*REF_ITEMS, inv("INV-5005", "500.00", "C-2")]
        result = outcome(pay("450.00", "INV-5005"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.other_customer",
                "the references name items of another customer (C-2) and the amount does not agree",
                payer="C-1",
            ),
        )


# --- _ledger: open items, history, and who paid --------------------------------------------------

IBAN_1 = "DE89370400440532013000"


class TestLedger:
    def test_an_item_not_in_whole_minor_units(self) -> None:
        from receivables import InvalidDocumentError

        odd = inv("INV-9", "1.005")
        with pytest.raises(InvalidDocumentError) as error:
            apply_cash([pay("1.00")], [odd])
        assert str(error.value) == (
            "open item INV-9 has 1.005 USD, not a whole number of minor units"
        )

    def test_an_item_twice(self) -> None:
        from receivables import InvalidDocumentError

        with pytest.raises(InvalidDocumentError) as error:
            apply_cash([pay("1.00")], [A, inv("INV-1001", "5.00")])
        assert str(error.value) == "open item INV-1001 appears twice"

    def test_a_settled_item_is_not_open(self) -> None:
        paid = Invoice("INV-7", "C-1", JUNE_1, usd("100.00"), terms=NET30, open_amount=usd("0"))
        # A settled item may appear beside an open one of the same id only once: it is skipped.
        result = outcome(pay("100.00", "INV-7"), [paid])
        assert result.status is MatchStatus.UNAPPLIED
        assert result.applications == ()

    def test_history_of_something_else(self) -> None:
        from receivables import InvalidTypeError

        with pytest.raises(InvalidTypeError) as error:
            apply_cash([pay("1.00")], [A], history=[credit("CM-1", "5.00")])  # type: ignore[list-item]
        assert str(error.value) == (
            "history holds paid invoices and earlier payments, not CreditMemo"
        )

    def test_history_skips_unpaid_and_still_open_invoices(self) -> None:
        unpaid = inv("INV-77", "310.00")
        result = outcome(pay("310.00", "INV-77"), [A], history=[unpaid])
        assert result.status is MatchStatus.UNAPPLIED
        assert "cashapp.duplicate_payment" not in codes(result)
        # Cleared in the history but open in the ledger: the ledger is the later word.
        cleared_before = Invoice(
            "INV-1001", "C-1", JUNE_1, usd("1000.00"), terms=NET30, open_amount=usd("0")
        )
        again = outcome(pay("1000.00", "INV-1001"), [A], history=[cleared_before])
        assert again.status is MatchStatus.MATCHED
        cleared = Invoice("INV-77", "C-1", JUNE_1, usd("310.00"), terms=NET30, open_amount=usd("0"))
        dup = outcome(pay("310.00", "INV-77"), [A], history=[cleared])
        assert codes(dup) == ["cashapp.duplicate_payment"]
        assert dup.reasons[0] == Reason.of(
            "cashapp.duplicate_payment",
            "the references name INV-77, cleared before for this same amount: a duplicate "
            "payment; a person decides (refund, or hold on account)",
            items="INV-77",
            same_amount=True,
        )
        other_amount = outcome(pay("300.00", "INV-77"), [A], history=[cleared])
        assert other_amount.reasons[0].message == (
            "the references name INV-77, cleared before; a person decides (refund, or hold on "
            "account)"
        )
        assert other_amount.reasons[0].figure("same_amount") is False
        assert other_amount.customer_id == "C-1"

    def test_a_repeated_payment(self) -> None:
        earlier = Payment(
            "P-0", D(2026, 6, 10), usd("77.00"), customer_id="C-1", references=["ORDER 555"]
        )
        result = outcome(pay("77.00", "order  555"), [A], history=[earlier])
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.duplicate_payment",
                "the payment repeats P-0 of 2026-06-10 (same amount and reference) and names "
                "nothing open: a duplicate payment; a person decides (refund, or hold on account)",
                items="P-0",
                same_amount=True,
            ),
        )
        assert outcome(pay("77.01", "ORDER 555"), [A], history=[earlier]).status is (
            MatchStatus.UNAPPLIED
        )
        assert outcome(
            pay("77.00", "ORDER 555", customer="C-2"), [A], history=[earlier]
        ).status is (MatchStatus.UNAPPLIED)
        words = Payment(
            "P-0", D(2026, 6, 10), usd("77.00"), customer_id="C-1", references=["THANKS"]
        )
        assert outcome(pay("77.00", "THANKS"), [A], history=[words]).status is (
            MatchStatus.UNAPPLIED
        )


def people(*customers: Customer) -> list[Customer]:
    return list(customers)


class TestPayerIdentification:
    def test_by_the_account_on_file(self) -> None:
        customers = [Customer("C-1", "Acme Corp.", "USD", bank_accounts=[IBAN_1])]
        payment = Payment("PAY-1", TODAY, usd("250.00"), payer_account=IBAN_1)
        result = outcome(payment, [inv("INV-2", "250.00")], customers=customers)
        assert result.confidence == Decimal("0.93")
        assert result.reasons[0] == Reason.of(
            "cashapp.payer_identified",
            f"the account {IBAN_1} is on file for customer C-1",
            customer="C-1",
            by="bank_account",
        )
        shared = [*customers, Customer("C-2", "Other", "USD", bank_accounts=[IBAN_1])]
        unknown = outcome(payment, [inv("INV-2", "250.00")], customers=shared)
        assert unknown.status is MatchStatus.EXCEPTION
        assert codes(unknown) == ["cashapp.amount_only_unknown_payer"]

    def test_by_a_name_only_one_customer_has(self) -> None:
        customers = [Customer("C-1", "Acme Corp.", "USD"), Customer("C-2", "Globex", "USD")]
        payment = Payment("PAY-1", TODAY, usd("250.00"), payer_name="ACME CORPORATION")
        result = outcome(payment, [inv("INV-2", "250.00")], customers=customers)
        assert result.confidence == Decimal("0.90")
        assert result.reasons[0] == Reason.of(
            "cashapp.payer_identified",
            "the payer name 'ACME CORPORATION' matches customer C-1 only",
            customer="C-1",
            by="name",
        )

    @pytest.mark.parametrize(
        ("written", "found"),
        [
            ("ABCDEFGHIJ", True),  # ten characters: the shortest start that may identify
            ("ABCDEFGHI", False),
            ("ABCDEFGHIJXYZ", True),  # the bank spelt the end its way
            ("ABCDEFGHIXYZ", False),
            ("ABCDEFGHIJKLM", True),
        ],
    )
    def test_a_name_cut_short(self, written: str, found: bool) -> None:
        customers = [Customer("C-1", "Abcdefghijklm Ltd", "USD"), Customer("C-2", "Zeta", "USD")]
        payment = Payment("PAY-1", TODAY, usd("250.00"), payer_name=written)
        result = outcome(payment, [inv("INV-2", "250.00")], customers=customers)
        assert (result.customer_id == "C-1") is found
        assert (result.status is MatchStatus.MATCHED) is found

    def test_a_start_two_customers_share(self) -> None:
        customers = [
            Customer("C-1", "Abcdefghijklm", "USD"),
            Customer("C-2", "Abcdefghijkxx", "USD"),
        ]
        payment = Payment("PAY-1", TODAY, usd("250.00"), payer_name="ABCDEFGHIJKQQ")
        result = outcome(payment, [inv("INV-2", "250.00")], customers=customers)
        assert result.customer_id is None

    def test_a_bank_spelling_of_an_umlaut(self) -> None:
        customers = [Customer("C-1", "Müller Bau", "USD"), Customer("C-2", "Zeta", "USD")]
        payment = Payment("PAY-1", TODAY, usd("250.00"), payer_name="MUELLER BAU")
        result = outcome(payment, [inv("INV-2", "250.00")], customers=customers)
        assert result.customer_id == "C-1"

    def test_a_parent_pays_its_subsidiary(self) -> None:
        customers = [
            Customer("C-P", "Parent", "USD"),
            Customer("C-S", "Subsidiary", "USD", parent_id="C-P"),
        ]
        items = [inv("INV-5", "500.00", "C-S")]
        result = outcome(pay("500.00", "INV-5", customer="C-P"), items, customers=customers)
        assert result.confidence == Decimal("0.99")
        assert "cashapp.other_customer" not in codes(result)
        up = outcome(
            pay("500.00", "INV-6", customer="C-S"),
            [inv("INV-6", "500.00", "C-P")],
            customers=customers,
        )
        assert up.confidence == Decimal("0.99")


class TestSetAsideOnlyWhenTheAmountsDisagree:
    """``acceptable``: several references are kept as written when their amounts agree, or
    differ by no more than a write-off the policy allows; otherwise the one largest subset that
    fits exactly is kept and the rest set aside."""

    def run(
        self, paid: str, amounts: list[str], currency: str = "USD", **options: object
    ) -> PaymentOutcome:
        items: list[Invoice | CreditMemo] = []
        for n, amount in enumerate(amounts, start=1):
            if amount.startswith("-"):
                items.append(
                    CreditMemo(f"CM-{4000 + n}", "C-1", D(2026, 6, n), Money(amount[1:], currency))
                )
            else:
                items.append(
                    inv(f"INV-{4000 + n}", amount, issued=D(2026, 6, n), currency=currency)
                )
        refs = [i.document_id for i in items]
        return outcome(pay(paid, *refs, currency=currency), items, **options)

    def test_agreeing_with_a_credit_keeps_everything(self) -> None:
        result = self.run("100.00", ["100.00", "50.00", "-50.00"])
        assert result.invoice_ids == ("CM-4003", "INV-4001", "INV-4002")  # by due date
        assert "cashapp.reference_ignored" not in codes(result)

    def test_overpaid_with_a_credit_sets_the_credit_aside(self) -> None:
        result = self.run("100.00", ["100.00", "-50.00"])
        assert result.invoice_ids == ("INV-4001",)
        assert result.status is MatchStatus.MATCHED
        assert reason(result, "cashapp.reference_ignored").figure("items") == "CM-4002"

    def test_one_cent_short_is_written_off_not_set_aside(self) -> None:
        result = self.run("100.00", ["100.00", "0.01"])
        assert result.invoice_ids == ("INV-4001", "INV-4002")
        assert result.applications[1].write_off == usd("0.01")

    @pytest.mark.parametrize(("second", "kept"), [("10.00", 2), ("10.01", 1)])
    def test_the_rate_exactly(self, second: str, kept: int) -> None:
        # CHF: no absolute limit; 1% of 990.00 + 10.00 is 10.00.
        first = f"{Decimal('1000.00') - Decimal(second):.2f}"
        result = self.run(first, [first, second], currency="CHF")
        assert len(result.invoice_ids) == kept
        assert ("cashapp.reference_ignored" in codes(result)) is (kept == 1)

    @pytest.mark.parametrize(("second", "kept"), [("10.00", 2), ("10.01", 1), ("15.00", 1)])
    def test_the_limit_exactly(self, second: str, kept: int) -> None:
        policy = MatchPolicy(write_off_rate=Decimal("0.05"))
        result = self.run("1000.00", ["1000.00", second], policy=policy)
        assert len(result.invoice_ids) == kept
        # Set aside, not merely left unpaid when the cash ran out.
        assert ("cashapp.reference_ignored" in codes(result)) is (kept == 1)
        if kept == 2:
            assert result.applications[1].write_off == usd(second)


@pytest.mark.parametrize(
    ("size", "amounts", "target"),
    [
        (2, [1, 2, 3, 4, 5, 6], 7),  # three pairs
        (3, [1, 2, 3, 4, 5, 6], 10),  # several triples
        (4, [1, 2, 3, 4, 5, 6, 7], 16),
        (5, [1, 2, 3, 4, 5, 6, 7], 20),
    ],
)
def test_each_search_stops_at_two_fits(size: int, amounts: list[int], target: int) -> None:
    """Two fits of the smallest size are enough to know an amount is ambiguous."""
    from receivables.cashapp._by_amount import _deeper, _fours, _pairs, _triples

    prefix = [0]
    for amount in amounts:
        prefix.append(prefix[-1] + amount)
    search = {2: _pairs, 3: _triples, 4: _fours}.get(size)
    found = search(amounts, target) if search else _deeper(amounts, prefix, target, size)
    assert len(found) == 2
    assert all(len(set(combo)) == size for combo in found)
    assert all(sum(amounts[i] for i in combo) == target for combo in found)


def test_a_late_discount_counts_a_one_cent_item() -> None:
    """``deduction_code`` counts every item the payment owes, down to one minor unit: a 99%
    tier (paid late) comes to 0.99 + 0.01 + 1.98 on items of 1.00, 0.01 and 2.00."""
    from receivables import DiscountTier

    terms = PaymentTerms(net_days=30, discounts=[DiscountTier(Decimal("0.99"), 10)])
    items = [
        inv("INV-4001", "1.00", terms=terms),
        inv("INV-4002", "0.01", terms=terms, issued=D(2026, 6, 2)),
        inv("INV-4003", "2.00", terms=terms, issued=D(2026, 6, 3)),
    ]
    policy = MatchPolicy(write_off_rate=Decimal(0), bank_charges=[])
    refs = ("INV-4001", "INV-4002", "INV-4003")
    result = outcome(pay("0.03", *refs), items, policy=policy)
    assert result.applications[-1].deduction_reason == "unearned_discount"
    assert (
        outcome(pay("0.04", *refs), items, policy=policy).applications[-1].deduction_reason
        == "short_payment"
    )


@pytest.mark.parametrize(
    ("paid", "rows", "unapplied"),
    [
        # One cent left after the first item: it goes to the next, which keeps the deduction.
        ("100.01", [("INV-3001", "100.00", None), ("INV-3002", "0.01", "199.99")], "0.00"),
        ("100.00", [("INV-3001", "100.00", None)], "0.00"),
        ("99.99", [("INV-3001", "99.99", "0.01")], "0.00"),
    ],
)
def test_cash_runs_out_on_an_item_boundary(
    paid: str, rows: list[tuple[str, str, str | None]], unapplied: str
) -> None:
    items = [inv("INV-3001", "100.00"), inv("INV-3002", "200.00", issued=D(2026, 6, 2))]
    result = outcome(pay(paid, "INV-3001", "INV-3002"), items)
    assert [
        (a.invoice_id, str(a.amount.amount), str(a.deduction.amount) if a.deduction else None)
        for a in result.applications
    ] == rows
    assert result.unapplied == usd(unapplied)


def test_an_item_of_one_cent_after_the_cash_ran_out_is_left_alone() -> None:
    items = [inv("INV-3001", "100.00"), inv("INV-3002", "0.01", issued=D(2026, 6, 2))]
    result = outcome(pay("99.00", "INV-3001", "INV-3002"), items)
    assert [(a.invoice_id, a.amount, a.deduction) for a in result.applications] == [
        ("INV-3001", usd("99.00"), usd("1.00"))
    ]
    assert reason(result, "cashapp.short_payment").figure("short") == usd("1.01")


def test_the_chance_of_a_fit_counts_only_items_that_could_take_part() -> None:
    # An item larger than the payment cannot be in a combination for it: 0.25 stays 0.25.
    policy = MatchPolicy(chance_fit_limit=Decimal("0.2499"))
    items = items_of("0.01", "0.02", "5.00")
    result = outcome(pay("0.03"), items, policy=policy)
    assert codes(result) == ["cashapp.chance_fit"]
    assert result.reasons[0].figure("expected") == "0.25"


def test_a_combination_is_applied_oldest_first() -> None:
    items = [
        inv("INV-9", "200.00", issued=D(2026, 6, 1)),
        inv("INV-8", "100.00", issued=D(2026, 6, 5)),
    ]
    result = outcome(pay("300.00"), items)
    assert result.invoice_ids == ("INV-9", "INV-8")
    assert result.reasons[0].figure("items") == "INV-8, INV-9"  # as found: by amount


def test_a_combination_for_a_payer_known_by_name_only() -> None:
    result = outcome(
        pay("300.00", customer=None),
        items_of("100.00", "200.00"),
        payer_identification=[_Strategy("C-1", certain=False)],
    )
    assert result.confidence == Decimal("0.89")  # 0.92 less 0.03
    assert result.status is MatchStatus.EXCEPTION
    assert codes(result)[:2] == ["cashapp.payer_identified", "cashapp.combination"]


def test_an_item_paid_in_full_net_of_its_discount_keeps_it_in_a_shortfall() -> None:
    """Beyond tolerance the cash goes oldest first: an item it covers (net of the discount the
    terms allow) keeps its discount and no deduction; the item where it runs out loses its
    discount to the deduction."""
    items = items_of("1000.00", "500.00", terms=TWO_TEN)
    result = outcome(pay("1100.00", "INV-1", "INV-2", on=JUNE_5), items)
    assert [
        (a.invoice_id, a.amount, a.discount, a.deduction, a.deduction_reason)
        for a in result.applications
    ] == [
        ("INV-1", usd("980.00"), usd("20.00"), None, None),
        ("INV-2", usd("120.00"), usd("0.00"), usd("380.00"), "short_payment"),
    ]
    assert reason(result, "cashapp.short_payment").figure("short") == usd("370.00")


def test_references_agreeing_net_of_their_discounts_set_a_stray_aside() -> None:
    """``amount_agrees``: amounts agree gross, or net of the discount the terms allow that day."""
    items = [
        inv("INV-4001", "1000.00", terms=TWO_TEN),
        inv("INV-4002", "500.00", terms=TWO_TEN, issued=D(2026, 6, 2)),
        inv("INV-4003", "300.00", issued=D(2026, 6, 3)),
    ]
    refs = ("INV-4001", "INV-4002", "INV-4003")
    result = outcome(pay("1470.00", *refs, on=JUNE_5), items)
    assert applied(result) == {
        "INV-4001": (usd("980.00"), usd("20.00"), None),
        "INV-4002": (usd("490.00"), usd("10.00"), None),
    }
    assert reason(result, "cashapp.reference_ignored").figure("items") == "INV-4003"
    # Late, the discount is not allowed: 1,470.00 agrees with nothing, all three are kept and
    # the cash runs out on the second.
    late = outcome(pay("1470.00", *refs), items)
    assert "cashapp.reference_ignored" not in codes(late)
    assert [(a.invoice_id, a.amount, a.deduction) for a in late.applications] == [
        ("INV-4001", usd("1000.00"), None),
        ("INV-4002", usd("470.00"), usd("30.00")),
    ]


class TestAdviceLineNamingSeveralItems:
    """``_line_hit``: the one item an advice line pays, cross-checked against its amount."""

    memo = CreditMemo("CM-5001", "C-1", D(2026, 6, 5), usd("31.00"), references=["INV-5000"])
    items: tuple[Invoice | CreditMemo, ...] = (
        inv("INV-5000", "300.00"),
        memo,
        inv("INV-5002", "100.00"),
    )

    @pytest.mark.parametrize(
        ("amount", "item", "cash"),
        [
            ("300.00", "INV-5000", "300.00"),  # the amount fits the invoice
            ("-31.00", "CM-5001", "-31.00"),  # ... or the credit
            ("250.00", "INV-5000", "250.00"),  # neither: the sign decides
            ("-20.00", "CM-5001", "-20.00"),
        ],
    )
    def test_the_amount_or_its_sign_decides(self, amount: str, item: str, cash: str) -> None:
        # A credit line is consumed next to an invoice the advice pays: a credit alone is no
        # payment of anything (see ``test_an_advice_of_credits_alone_posts_nothing``).
        lines = [("INV-5000", amount)]
        if amount.startswith("-"):
            lines.append(("INV-5002", "100.00"))
        paid = str(sum(Decimal(a) for _, a in lines))
        result = outcome(pay(paid), self.items, remittances=advice(*lines))
        assert result.applications[0].invoice_id == item
        assert result.applications[0].amount == usd(cash)

    def test_an_advice_of_credits_alone_posts_nothing(self) -> None:
        result = outcome(pay("5.00"), self.items, remittances=advice(("INV-5000", "-31.00")))
        assert result.applications == ()

    def test_a_shared_po_and_a_line_fitting_one_item(self) -> None:
        items = [
            inv("INV-6001", "300.00", refs=("PO-9",)),
            inv("INV-6002", "250.00", refs=("PO-9",), issued=D(2026, 6, 2)),
        ]
        result = outcome(pay("250.00"), items, remittances=advice(("PO-9", "250.00")))
        assert result.invoice_ids == ("INV-6002",)
        assert codes(result) == ["cashapp.remittance", "cashapp.reference_normalised"]
        assert result.confidence == Decimal("0.98")
        unclear = outcome(pay("260.00"), items, remittances=advice(("PO-9", "260.00")))
        assert "cashapp.remittance" not in codes(unclear)


class TestAdviceLineGuesses:
    items = (inv("INV-1003", "300.00"),)

    def test_a_near_miss_without_an_amount_is_not_taken(self) -> None:
        result = outcome(pay("300.00"), self.items, remittances=advice(("INV-1008", None)))
        assert "cashapp.remittance" not in codes(result)
        assert codes(result) == ["cashapp.amount_unique"]

    @pytest.mark.parametrize(("amount", "taken"), [("300.00", True), ("250.00", False)])
    def test_a_near_miss_needs_the_lines_amount(self, amount: str, taken: bool) -> None:
        result = outcome(pay(amount), self.items, remittances=advice(("INV-1008", amount)))
        assert ("cashapp.remittance" in codes(result)) is taken
        if taken:
            assert codes(result)[:2] == ["cashapp.remittance", "cashapp.reference_near_miss"]
            assert "cashapp.keying_error" not in codes(result)

    @pytest.mark.parametrize(("amount", "taken"), [("500.00", True), ("450.00", False)])
    def test_another_customers_item_needs_the_lines_amount(self, amount: str, taken: bool) -> None:
        items = [*self.items, inv("INV-5005", "500.00", "C-2")]
        result = outcome(pay(amount), items, remittances=advice(("INV-5005", amount)))
        assert (result.invoice_ids == ("INV-5005",)) is taken
        if not taken:
            assert result.status is MatchStatus.UNAPPLIED

    def test_another_customers_item_net_of_its_discount(self) -> None:
        items = [inv("INV-7007", "1000.00", "C-2", terms=TWO_TEN)]
        result = outcome(
            pay("980.00", on=JUNE_5), items, remittances=advice(("INV-7007", "980.00"))
        )
        # Taken (the line fits the item net of its discount), though the line claims none.
        assert result.invoice_ids == ("INV-7007",)
        assert result.applications[0].deduction == usd("20.00")
        assert (
            outcome(pay("980.00"), items, remittances=advice(("INV-7007", "980.00"))).status
            is MatchStatus.UNAPPLIED
        )  # late: the line fits nothing


class TestAdviceKeyingErrors:
    def test_a_line_that_fits_its_item_is_not_a_keying_error(self) -> None:
        items = [inv("INV-1861", "80.00"), inv("INV-1881", "80.00", issued=D(2026, 6, 2))]
        result = outcome(pay("80.00"), items, remittances=advice(("INV-1861", "80.00")))
        assert result.invoice_ids == ("INV-1861",)
        assert "cashapp.keying_error" not in codes(result)

    @pytest.mark.parametrize("payer", ["C-1", None])
    def test_only_the_payers_own_items_are_rivals(self, payer: str | None) -> None:
        items = [inv("INV-1861", "80.00"), inv("INV-1881", "534.01", "C-2")]
        result = outcome(
            pay("534.01", customer=payer), items, remittances=advice(("INV-1861", "534.01"))
        )
        assert result.invoice_ids == ("INV-1861",)
        assert result.status is MatchStatus.PARTIAL
        assert result.unapplied == usd("454.01")


@pytest.mark.parametrize(
    ("amounts", "target", "expected"),
    [
        # Repeated amounts: after a fit the pointers move inwards, never back over an item.
        ([1, 3, 3, 4, 4, 5, 5, 5], 15, [(5, 6, 7)]),
        ([1, 1, 1, 2, 3, 3, 3, 4, 4, 5, 6, 6], 3, [(0, 1, 2)]),
    ],
)
def test_triples_never_reuse_an_item(
    amounts: list[int], target: int, expected: list[tuple[int, ...]]
) -> None:
    from receivables.cashapp._by_amount import _triples

    assert _triples(amounts, target) == expected


# --- match_by_reference helpers: fixed-width narratives, confidence per hit, subsets --------------


@pytest.mark.parametrize("width", [27, 35, 65, 70, 80, 140])
def test_a_narrative_cut_at_a_format_width_is_read_as_one(width: int) -> None:
    from receivables.cashapp._by_reference import _narrative

    first = "X" * (width - 4) + "INV-"
    assert _narrative([first, "4711 THANKS"]) == [first + "4711 THANKS"]
    assert _narrative([first, "A" * width, "B"]) == [first + "A" * width + "B"]
    assert _narrative([first[1:], "4711"]) == [first[1:], "4711"]  # one short of the width
    assert _narrative([first + "4", "711"]) == [first + "4", "711"]  # one over
    assert _narrative([first]) == [first]
    assert _narrative(["4711", first]) == ["4711", first]  # only the last may be shorter


def test_a_reference_cut_across_two_fields_is_found() -> None:
    items = [inv("INV-4711", "300.00"), inv("INV-4712", "310.00", issued=D(2026, 6, 2))]
    first = "PAYMENT FOR INV-47".rjust(27, "X")
    result = outcome(pay("300.00", first, "11 THANKS"), items)
    assert result.invoice_ids == ("INV-4711",)
    assert codes(result) == ["cashapp.reference_normalised"]


def test_the_confidence_of_each_kind_of_hit() -> None:
    from receivables.cashapp import EvidenceConfidence
    from receivables.cashapp._by_reference import _Hit, _hit_confidence
    from receivables.cashapp._ledger import Entry

    ladder = EvidenceConfidence(
        exact_reference=Decimal("0.97"),
        normalised_reference=Decimal("0.96"),
        unique_amount=Decimal("0.91"),
        near_miss=Decimal("0.92"),
    )
    policy = MatchPolicy(confidence=ladder)
    entry = Entry(A, "INV-1001", 100_000, (JUNE_1, "INV-1001"))
    assert _hit_confidence(_Hit(entry, exact=True), policy) == Decimal("0.97")
    assert _hit_confidence(_Hit(entry, exact=False), policy) == Decimal("0.96")
    assert _hit_confidence(_Hit(entry, exact=True, near_miss=True), policy) == Decimal("0.92")
    assert _hit_confidence(_Hit(entry, exact=False, loose=True), policy) == Decimal("0.91")
    lower = MatchPolicy(confidence=EvidenceConfidence(near_miss=Decimal("0.5")))
    assert _hit_confidence(_Hit(entry, exact=False, loose=True), lower) == Decimal("0.5")


@pytest.mark.parametrize(("count", "searched"), [(10, True), (11, False)])
def test_subsets_are_searched_for_at_most_ten_references(count: int, searched: bool) -> None:
    from receivables.cashapp._by_reference import _agreeing_subsets, _Hit
    from receivables.cashapp._ledger import Entry

    hits = [
        _Hit(Entry(A, f"I-{n}", 100 * (n + 1), (JUNE_1, f"I-{n}")), exact=True)
        for n in range(count)
    ]
    found = _agreeing_subsets(hits, 100, TODAY, MatchPolicy())
    assert (found == [[hits[0]]]) is searched
    assert (found == []) is not searched


def test_the_largest_agreeing_subsets_are_all_returned() -> None:
    from receivables.cashapp._by_reference import _agreeing_subsets, _Hit
    from receivables.cashapp._ledger import Entry

    hits = [
        _Hit(Entry(A, f"I-{n}", amount, (JUNE_1, f"I-{n}")), exact=True)
        for n, amount in enumerate([100, 200, 300, 600])
    ]
    # 100 + 200 + 300 = 600 = 600: two subsets fit 600, the larger (three items) only once.
    assert _agreeing_subsets(hits, 600, TODAY, MatchPolicy()) == [hits[:3]]
    # 300: 100 + 200 and 300 alone; the pair is the largest.
    assert _agreeing_subsets(hits, 300, TODAY, MatchPolicy()) == [hits[:2]]
    assert _agreeing_subsets(hits, 301, TODAY, MatchPolicy()) == []


def test_a_gross_combination_in_the_discount_window_is_found_first() -> None:
    items = items_of("1000.00", "500.00", terms=TWO_TEN)
    result = outcome(pay("1500.00", on=JUNE_5), items)
    assert result.status is MatchStatus.MATCHED
    assert applied(result) == {
        "INV-1": (usd("1000.00"), usd("0.00"), None),
        "INV-2": (usd("500.00"), usd("0.00"), None),
    }


class TestAnotherCustomersItems:
    items = (inv("INV-1003", "300.00"), inv("INV-5005", "500.00", "C-2"))

    def test_a_payer_known_by_name_naming_another_customers_item(self) -> None:
        result = outcome(
            pay("450.00", "INV-5005", customer=None),
            self.items,
            payer_identification=[_Strategy("C-1", certain=False)],
        )
        assert result.status is MatchStatus.EXCEPTION
        assert reason(result, "cashapp.other_customer") == Reason.of(
            "cashapp.other_customer",
            "the references name items of another customer (C-2) than the payer's name says "
            "(C-1), and the amount does not agree",
            payer="C-1",
        )

    def test_a_known_payers_rewritten_reference_to_another_customer_falls_to_the_amount(
        self,
    ) -> None:
        result = outcome(pay("450.00", "inv 5005"), self.items)
        assert result.status is MatchStatus.UNAPPLIED
        assert result.reasons[0].message == (
            "no reference, remittance or amount of C-1 identifies what PAY-1 pays"
        )
        as_written = outcome(pay("450.00", "INV-5005"), self.items)
        assert codes(as_written) == ["cashapp.other_customer"]


def test_an_ambiguous_amount_names_two_combinations() -> None:
    """Two combinations are enough to show an amount is ambiguous: the triple search may find
    a third (here 5 + 12 + 25 with either 12.00), which is not shown."""
    items = items_of("3.00", "5.00", "12.00", "12.00", "13.00", "16.00", "23.00", "24.00", "25.00")
    result = outcome(pay("42.00"), items)
    assert result.reasons == (
        Reason.of(
            "cashapp.ambiguous_amount",
            "several combinations of 3 open items fit the amount "
            "(INV-1, INV-6, INV-7; INV-2, INV-3, INV-9)",
            candidates="INV-1, INV-6, INV-7; INV-2, INV-3, INV-9",
        ),
    )


class TestAdviceLines:
    def test_two_lines_cannot_pay_one_item_twice(self) -> None:
        result = outcome(
            pay("2000.00"),
            REF_ITEMS,
            remittances=advice(("INV-1001", "1000.00"), ("INV-1001", "1000.00")),
        )
        assert result.invoice_ids == ("INV-1001",)
        assert result.status is MatchStatus.PARTIAL
        assert reason(result, "cashapp.no_match").figure("references") == "INV-1001"
        assert result.reasons[0].figures == (("lines", 2), ("matched", 1))

    def test_a_line_not_found_does_not_stop_the_next(self) -> None:
        result = outcome(
            pay("1000.00"),
            REF_ITEMS,
            remittances=advice(("X-77", "50.00"), ("INV-1001", "1000.00")),
        )
        assert result.invoice_ids == ("INV-1001",)
        assert codes(result)[0] == "cashapp.remittance"

    def test_a_taken_item_is_no_keying_rival(self) -> None:
        items = [inv("INV-1861", "80.00"), inv("INV-1881", "534.01", issued=D(2026, 6, 2))]
        result = outcome(
            pay("1068.02"),
            items,
            remittances=advice(("INV-1881", "534.01"), ("INV-1861", "534.01")),
        )
        assert result.invoice_ids == ("INV-1881", "INV-1861")
        assert "cashapp.keying_error" not in codes(result)

    def test_two_keying_rivals_are_no_keying_error(self) -> None:
        items = [
            inv("INV-1861", "80.00"),
            inv("INV-1881", "534.01", issued=D(2026, 6, 2)),
            inv("INV-1871", "534.01", issued=D(2026, 6, 3)),
        ]
        result = outcome(pay("534.01"), items, remittances=advice(("INV-1861", "534.01")))
        assert result.invoice_ids == ("INV-1861",)
        assert "cashapp.keying_error" not in codes(result)

    def test_a_shared_number_is_narrowed_to_the_payers_item(self) -> None:
        items = [
            inv("INV-6001", "300.00", refs=("PO-9",)),
            inv("INV-6002", "300.00", "C-2", refs=("PO-9",)),
        ]
        result = outcome(pay("300.00"), items, remittances=advice(("PO-9", "300.00")))
        assert result.invoice_ids == ("INV-6001",)
        assert codes(result)[0] == "cashapp.remittance"


class TestAdviceFigures:
    item = (inv("INV-1001", "1000.00", terms=TWO_TEN),)

    def test_a_late_discount_claimed_on_a_line_without_an_amount(self) -> None:
        result = outcome(pay("980.00"), self.item, remittances=advice(("INV-1001", None, "20.00")))
        (app,) = result.applications
        assert (app.amount, app.discount, app.deduction, app.deduction_reason) == (
            usd("980.00"),
            usd("0.00"),
            usd("20.00"),
            "unearned_discount",
        )

    def test_a_line_is_never_applied_beyond_its_item_net_of_the_discount(self) -> None:
        result = outcome(
            pay("1000.00", on=JUNE_5),
            self.item,
            remittances=advice(("INV-1001", "1000.00", "20.00")),
        )
        assert applied(result) == {"INV-1001": (usd("980.00"), usd("20.00"), None)}
        assert result.unapplied == usd("20.00")
        assert result.status is MatchStatus.PARTIAL

    def test_a_line_one_cent_short(self) -> None:
        result = outcome(pay("999.99"), REF_ITEMS, remittances=advice(("INV-1001", "999.99")))
        (app,) = result.applications
        assert (app.amount, app.deduction, app.deduction_reason, app.write_off) == (
            usd("999.99"),
            usd("0.01"),
            "short_payment",
            None,
        )

    def test_the_lines_not_found_are_listed(self) -> None:
        result = outcome(
            pay("1000.00"),
            REF_ITEMS,
            remittances=advice(("INV-1001", "1000.00"), ("X-77", "1.00"), ("Y-88", "2.00")),
        )
        assert reason(result, "cashapp.no_match") == Reason.of(
            "cashapp.no_match",
            "remittance lines not found among open items: X-77, Y-88",
            references="X-77, Y-88",
        )

    def test_the_bank_one_cent_short_of_the_advice(self) -> None:
        result = outcome(pay("999.99"), REF_ITEMS, remittances=advice(("INV-1001", "1000.00")))
        (app,) = result.applications
        assert (app.amount, app.deduction, app.write_off) == (usd("999.99"), usd("0.01"), None)
        assert result.unapplied == usd("0.00")

    def test_a_newest_line_of_one_cent_takes_the_first_cut(self) -> None:
        items = [inv("INV-1001", "1000.00"), inv("INV-1002", "0.01", issued=D(2026, 6, 2))]
        result = outcome(
            pay("1000.00"),
            items,
            remittances=advice(("INV-1001", "1000.00"), ("INV-1002", "0.01")),
        )
        assert applied(result) == {"INV-1001": (usd("1000.00"), usd("0.00"), None)}

    def test_a_credit_line_last_is_passed_over_by_the_cut(self) -> None:
        memo = CreditMemo("CM-5001", "C-1", D(2026, 6, 5), usd("31.00"))
        items: list[Invoice | CreditMemo] = [inv("INV-5000", "300.00"), memo]
        result = outcome(
            pay("259.00"),
            items,
            remittances=advice(("INV-5000", "300.00"), ("CM-5001", "-31.00")),
        )
        assert [(a.invoice_id, a.amount, a.deduction) for a in result.applications] == [
            ("INV-5000", usd("290.00"), usd("10.00")),
            ("CM-5001", usd("-31.00"), None),
        ]
        assert result.applications[0].deduction_reason == "bank_charges"
        assert result.unapplied == usd("0.00")


class TestCutReference:
    """``_cut_reference``: a field exactly a format's width that ends inside a number."""

    items = (inv("INV-1003", "300.00"), inv("INV-4711", "250.00", issued=D(2026, 6, 2)))

    @staticmethod
    def field(end: str, width: int = 35) -> str:
        return ("PAYMENT INV-1003 " + end).rjust(width, "X")

    def test_completed_by_the_one_item_for_the_rest(self) -> None:
        result = outcome(pay("550.00", self.field("INV-47")), self.items)
        assert result.invoice_ids == ("INV-1003", "INV-4711")
        assert codes(result) == ["cashapp.reference_near_miss"]
        assert result.confidence == Decimal("0.92")

    @pytest.mark.parametrize(
        "text",
        [
            ("PAYMENT INV-1003 INV-47").rjust(34, "X"),  # not a format's width
            ("PAYMENT INV-1003 INV-47.").rjust(35, "X"),  # ends after the number
        ],
    )
    def test_not_completed(self, text: str) -> None:
        result = outcome(pay("550.00", text), self.items)
        assert result.invoice_ids == ("INV-1003",)
        assert result.status is MatchStatus.PARTIAL

    def test_an_item_already_named_is_not_the_completion(self) -> None:
        items = [inv("INV-4710", "250.00"), inv("INV-4711", "250.00", issued=D(2026, 6, 2))]
        text = "PAYMENT INV-4710 INV-471".rjust(35, "X")
        result = outcome(pay("500.00", text), items)
        assert result.invoice_ids == ("INV-4710", "INV-4711")

    def test_a_payer_with_no_open_items(self) -> None:
        # Another customer's items, named as rewritten: the payer's identity outranks them, and
        # nothing of the payer's completes the cut reference.
        result = outcome(pay("550.00", self.field("INV-47"), customer="C-9"), self.items)
        assert result.status is MatchStatus.UNAPPLIED
        assert codes(result) == ["cashapp.no_match"]
