"""The cash application engine: one scenario per kind of evidence, and the invariants."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import (
    CreditMemo,
    CurrencyMismatchError,
    Customer,
    ExchangeRate,
    InvalidDocumentError,
    InvalidPolicyError,
    InvalidTypeError,
    Invoice,
    Money,
    Payment,
    PaymentTerms,
    RateTable,
    Reason,
    parse_terms,
)
from receivables.cashapp import (
    CashApplicationResult,
    MatchPolicy,
    MatchStatus,
    PayerMatch,
    Remittance,
    RemittanceLine,
    apply_cash,
)
from receivables.samples.cashapp import generate_scenario, score

D = dt.date
TODAY = D(2026, 6, 30)
NET30 = parse_terms("Net 30")
TWO_TEN = parse_terms("2/10 Net 30")


JUNE_1 = D(2026, 6, 1)


def inv(
    id: str,
    amount: str,
    customer: str = "C-1",
    issued: dt.date = JUNE_1,
    terms: PaymentTerms = NET30,
    refs: tuple[str, ...] = (),
) -> Invoice:
    return Invoice(id, customer, issued, Money(amount, "USD"), terms=terms, references=refs)


def pay(
    amount: str,
    *refs: str,
    customer: str | None = "C-1",
    name: str | None = None,
    on: dt.date = TODAY,
    id: str = "PAY-1",
) -> Payment:
    return Payment(
        id, on, Money(amount, "USD"), customer_id=customer, references=refs, payer_name=name
    )


class _ByAccount:
    """A payer-identification strategy as a user would write one: a bank account on file."""

    def __init__(self, accounts: dict[str, str], *, certain: bool = True) -> None:
        self.accounts, self.certain = accounts, certain
        self.asked: list[str] = []

    def identify(self, payment: Payment, customers: Mapping[str, Customer]) -> PayerMatch | None:
        self.asked.append(payment.id)
        customer_id = self.accounts.get(payment.payer_name or "")
        if customer_id is None:
            return None
        reason = Reason.of("cashapp.payer_identified", f"IBAN on file for {customer_id}")
        return PayerMatch(customer_id, reason, certain=self.certain)


def one(result: CashApplicationResult) -> tuple[MatchStatus, dict[str, Money], list[str]]:
    outcome = result.outcomes[0]
    return (
        outcome.status,
        {a.invoice_id: a.amount for a in outcome.applications},
        [r.code for r in outcome.reasons],
    )


LEDGER = [
    inv("INV-000123", "1000.00"),
    inv("INV-000124", "250.00", issued=D(2026, 6, 2)),
    inv("INV-000130", "80.00", issued=D(2026, 6, 3)),
    inv("INV-000555", "310.00", customer="C-2", refs=("PO-7788",)),
]


class TestReferences:
    @pytest.mark.parametrize("reference", ["INV-000123", "inv 123", "123", "#123", "INV000123"])
    def test_spellings(self, reference: str) -> None:
        status, applied, codes = one(apply_cash([pay("1000.00", reference)], LEDGER))
        assert status is MatchStatus.MATCHED
        assert applied == {"INV-000123": Money("1000.00", "USD")}
        assert codes[0] in ("cashapp.reference_exact", "cashapp.reference_normalised")

    def test_several_in_one_field(self) -> None:
        status, applied, _ = one(apply_cash([pay("1330.00", "Inv 123, 124 & 130")], LEDGER))
        assert status is MatchStatus.MATCHED
        assert set(applied) == {"INV-000123", "INV-000124", "INV-000130"}

    def test_po_number(self) -> None:
        status, applied, _ = one(apply_cash([pay("310.00", "PO 7788", customer="C-2")], LEDGER))
        assert (status, list(applied)) == (MatchStatus.MATCHED, ["INV-000555"])

    def test_near_miss_needs_the_amount(self) -> None:
        typo = "INV-000180"  # 130 with one wrong digit, and no other invoice one digit away
        matched = one(apply_cash([pay("80.00", typo)], LEDGER))
        assert matched[0] is MatchStatus.MATCHED
        assert "cashapp.reference_near_miss" in matched[2]
        wrong_amount = one(apply_cash([pay("90.00", typo)], LEDGER))
        assert wrong_amount[0] is not MatchStatus.MATCHED or wrong_amount[1] != {
            "INV-000130": Money("90.00", "USD")
        }

    def test_unknown_payer_by_reference(self) -> None:
        status, applied, _ = one(apply_cash([pay("310.00", "INV-000555", customer=None)], LEDGER))
        assert (status, list(applied)) == (MatchStatus.MATCHED, ["INV-000555"])

    def test_other_customer_needs_agreeing_amounts(self) -> None:
        agree = one(apply_cash([pay("310.00", "INV-000555", customer="C-1")], LEDGER))
        assert agree[0] is MatchStatus.MATCHED
        assert "cashapp.other_customer" in agree[2]
        disagree = one(apply_cash([pay("200.00", "INV-000555", customer="C-1")], LEDGER))
        assert disagree[0] is MatchStatus.EXCEPTION

    def test_parent_pays_for_subsidiary(self) -> None:
        customers = [
            Customer("C-1", "Parent", "USD"),
            Customer("C-2", "Child", "USD", parent_id="C-1"),
        ]
        status, applied, codes = one(
            apply_cash([pay("200.00", "INV-000555", customer="C-1")], LEDGER, customers=customers)
        )
        # Related customers: a short payment on the child's invoice is a deduction, not a refusal.
        assert status is MatchStatus.MATCHED
        assert applied == {"INV-000555": Money("200.00", "USD")}
        assert "cashapp.other_customer" not in codes

    def test_stray_token_is_set_aside(self) -> None:
        # "2026" is not a reference here, but invoice 2026 of another customer exists.
        ledger = [*LEDGER, inv("INV-2026", "999.00", customer="C-9")]
        status, applied, _ = one(apply_cash([pay("1000.00", "INV-000123 paid 2026-06-29")], ledger))
        assert (status, list(applied)) == (MatchStatus.MATCHED, ["INV-000123"])

    def test_one_po_over_several_invoices(self) -> None:
        ledger = [
            inv("INV-1", "100.00", refs=("PO-4400",)),
            inv("INV-2", "150.00", refs=("PO-4400",)),
            inv("INV-3", "75.00", refs=("PO-4400",)),
        ]
        status, applied, _ = one(apply_cash([pay("325.00", "PO-4400")], ledger))
        assert (status, set(applied)) == (MatchStatus.MATCHED, {"INV-1", "INV-2", "INV-3"})
        status, applied, _ = one(apply_cash([pay("150.00", "PO-4400")], ledger))
        assert (status, set(applied)) == (MatchStatus.MATCHED, {"INV-2"})
        status, _, codes = one(apply_cash([pay("60.00", "PO-4400")], ledger))
        assert status is MatchStatus.EXCEPTION
        assert codes == ["cashapp.ambiguous_reference"]

    def test_duplicate_payment_is_an_exception(self) -> None:
        ledger = [inv("INV-1", "100.00"), inv("INV-9", "100.00", issued=D(2026, 6, 5))]
        result = apply_cash(
            [pay("100.00", "INV-1", id="PAY-1"), pay("100.00", "INV-1", id="PAY-2")], ledger
        )
        assert result.outcomes[0].status is MatchStatus.MATCHED
        second = result.outcomes[1]
        assert second.status is MatchStatus.EXCEPTION
        assert [r.code for r in second.reasons] == ["cashapp.already_applied"]


class TestAmounts:
    def test_discount_taken(self) -> None:
        ledger = [inv("INV-1", "500.00", terms=TWO_TEN, issued=D(2026, 6, 25))]
        outcome = apply_cash([pay("490.00", "INV-1")], ledger).outcomes[0]
        assert outcome.status is MatchStatus.MATCHED
        (application,) = outcome.applications
        assert (application.amount, application.discount) == (
            Money("490.00", "USD"),
            Money("10.00", "USD"),
        )
        assert application.settled == Money("500.00", "USD")

    def test_discount_grace_days(self) -> None:
        ledger = [inv("INV-1", "500.00", terms=TWO_TEN, issued=D(2026, 6, 16))]  # deadline 26th
        assert apply_cash([pay("490.00", "INV-1")], ledger).outcomes[0].applications[
            0
        ].discount == Money("10.00", "USD")
        strict = MatchPolicy(discount_grace_days=0)
        outcome = apply_cash([pay("490.00", "INV-1")], ledger, policy=strict).outcomes[0]
        assert outcome.applications[0].discount == Money("0.00", "USD")
        # Short by exactly the discount the terms allow, taken after its window.
        assert outcome.applications[0].deduction_reason == "unearned_discount"

    def test_short_within_tolerance_is_written_off(self) -> None:
        outcome = apply_cash([pay("995.00", "INV-000123")], LEDGER).outcomes[0]
        assert outcome.status is MatchStatus.MATCHED
        assert outcome.applications[0].write_off == Money("5.00", "USD")
        assert outcome.applications[0].settled == Money("1000.00", "USD")

    def test_short_beyond_tolerance_leaves_a_deduction(self) -> None:
        outcome = apply_cash([pay("1100.00", "INV-000123", "INV-000124")], LEDGER).outcomes[0]
        assert outcome.status is MatchStatus.MATCHED
        first, second = outcome.applications
        assert first.amount == Money("1000.00", "USD")
        assert second.amount == Money("100.00", "USD")
        assert second.deduction == Money("150.00", "USD")
        assert second.deduction_reason == "short_payment"
        assert outcome.unapplied.is_zero

    def test_overpayment_stays_on_account(self) -> None:
        outcome = apply_cash([pay("1200.00", "INV-000123")], LEDGER).outcomes[0]
        assert outcome.status is MatchStatus.PARTIAL
        assert outcome.unapplied == Money("200.00", "USD")

    def test_unique_amount_and_combination(self) -> None:
        assert one(apply_cash([pay("250.00")], LEDGER))[1] == {"INV-000124": Money("250.00", "USD")}
        status, applied, codes = one(apply_cash([pay("330.00")], LEDGER))
        assert (status, set(applied)) == (MatchStatus.MATCHED, {"INV-000124", "INV-000130"})
        assert "cashapp.combination" in codes

    def test_ambiguous_amounts_are_exceptions(self) -> None:
        ledger = [inv("INV-1", "100.00"), inv("INV-2", "100.00", issued=D(2026, 6, 2))]
        assert one(apply_cash([pay("100.00")], ledger))[0] is MatchStatus.EXCEPTION
        oldest = MatchPolicy(prefer_oldest=True)
        assert one(apply_cash([pay("100.00")], ledger, policy=oldest))[1] == {
            "INV-1": Money("100.00", "USD")
        }
        combos = [
            inv("A-1", "10.00"),
            inv("A-2", "20.00"),
            inv("A-3", "15.00"),
            inv("A-4", "15.00"),
        ]
        assert one(apply_cash([pay("30.00")], combos))[0] is MatchStatus.EXCEPTION

    def test_payer_identified_by_name(self) -> None:
        customers = [Customer("C-1", "Acme Corp.", "USD"), Customer("C-2", "Globex Ltd", "USD")]
        status, applied, codes = one(
            apply_cash(
                [pay("250.00", customer=None, name="ACME CORPORATION")], LEDGER, customers=customers
            )
        )
        assert (status, list(applied)) == (MatchStatus.MATCHED, ["INV-000124"])
        assert codes[0] == "cashapp.payer_identified"

    def test_a_plugged_in_strategy_identifies_the_payer_before_the_name(self) -> None:
        accounts = _ByAccount({"DE89370400440532013000": "C-1"})
        payment = pay("250.00", customer=None, name="DE89370400440532013000")
        outcome = apply_cash([payment], LEDGER, payer_identification=[accounts]).outcomes[0]
        assert outcome.status is MatchStatus.MATCHED
        assert outcome.invoice_ids == ("INV-000124",)
        assert outcome.reasons[0].message == "IBAN on file for C-1"
        # Certain evidence carries no penalty: the same confidence as a payment naming C-1.
        named = apply_cash([pay("250.00")], LEDGER).outcomes[0]
        assert outcome.confidence == named.confidence
        assert accounts.asked == ["PAY-1"]

    def test_an_uncertain_strategy_costs_confidence_like_a_name(self) -> None:
        accounts = _ByAccount({"X": "C-1"}, certain=False)
        outcome = apply_cash(
            [pay("250.00", customer=None, name="X")], LEDGER, payer_identification=[accounts]
        ).outcomes[0]
        named = apply_cash([pay("250.00")], LEDGER).outcomes[0]
        assert outcome.confidence < named.confidence

    def test_a_strategy_that_does_not_know_falls_back_to_the_name(self) -> None:
        customers = [Customer("C-1", "Acme Corp.", "USD")]
        outcome = apply_cash(
            [pay("250.00", customer=None, name="ACME CORP")],
            LEDGER,
            customers=customers,
            payer_identification=[_ByAccount({})],
        ).outcomes[0]
        assert outcome.invoice_ids == ("INV-000124",)
        assert outcome.reasons[0].message.startswith("the payer name")

    def test_a_strategy_is_not_asked_when_the_payment_names_its_customer(self) -> None:
        accounts = _ByAccount({"X": "C-2"})
        apply_cash([pay("250.00", name="X")], LEDGER, payer_identification=[accounts])
        assert accounts.asked == []

    def test_a_strategy_returning_something_else_is_refused(self) -> None:
        class Wrong:
            def identify(self, payment: Payment, customers: Mapping[str, Customer]) -> Any:
                return "C-1"

        with pytest.raises(InvalidTypeError, match="must return a PayerMatch or None, not str"):
            apply_cash([pay("250.00", customer=None)], LEDGER, payer_identification=[Wrong()])

    def test_unknown_payer_amount_only_is_never_posted(self) -> None:
        status, applied, codes = one(
            apply_cash([pay("310.00", customer=None, name="WHO?")], LEDGER)
        )
        assert (status, applied) == (MatchStatus.EXCEPTION, {})
        assert codes == ["cashapp.amount_only_unknown_payer"]

    def test_nothing_to_go_on(self) -> None:
        status, applied, codes = one(apply_cash([pay("12.34", customer=None)], LEDGER))
        assert (status, applied, codes) == (MatchStatus.UNAPPLIED, {}, ["cashapp.no_match"])


class TestRemittanceAndCredits:
    def test_remittance_lines(self) -> None:
        ledger = [
            inv("INV-1", "500.00", terms=TWO_TEN, issued=D(2026, 6, 25)),
            inv("INV-2", "300.00"),
        ]
        advice = Remittance(
            "PAY-1",
            [
                RemittanceLine("inv 1", Money("490.00", "USD"), Money("10.00", "USD")),
                RemittanceLine("INV-2", Money("250.00", "USD")),
            ],
        )
        outcome = apply_cash(
            [pay("740.00", customer="C-1")], ledger, remittances=[advice]
        ).outcomes[0]
        assert outcome.status is MatchStatus.MATCHED
        first, second = outcome.applications
        assert (first.amount, first.discount) == (Money("490.00", "USD"), Money("10.00", "USD"))
        assert (second.amount, second.deduction) == (Money("250.00", "USD"), Money("50.00", "USD"))

    def test_unearned_discount(self) -> None:
        ledger = [inv("INV-1", "500.00", terms=NET30)]
        advice = Remittance(
            "PAY-1", [RemittanceLine("INV-1", Money("490.00", "USD"), Money("10.00", "USD"))]
        )
        outcome = apply_cash([pay("490.00")], ledger, remittances=[advice]).outcomes[0]
        assert outcome.applications[0].deduction_reason == "unearned_discount"
        assert outcome.applications[0].deduction == Money("10.00", "USD")

    def test_credit_memo_netted(self) -> None:
        ledger: list[Invoice | CreditMemo] = [
            *LEDGER,
            CreditMemo("CM-77", "C-1", D(2026, 6, 10), Money("50.00", "USD")),
        ]
        outcome = apply_cash([pay("950.00", "INV-000123", "CM-77")], ledger).outcomes[0]
        assert outcome.status is MatchStatus.MATCHED
        amounts = {a.invoice_id: a.amount for a in outcome.applications}
        assert amounts == {"CM-77": Money("-50.00", "USD"), "INV-000123": Money("1000.00", "USD")}


class TestFxAndInputs:
    def test_realised_fx_difference(self) -> None:
        ledger = [Invoice("INV-1", "C-1", D(2026, 5, 1), Money("1000.00", "EUR"), terms=NET30)]
        rates = RateTable(
            [
                ExchangeRate("EUR", "USD", "1.10", D(2026, 5, 1)),
                ExchangeRate("EUR", "USD", "1.12", D(2026, 6, 1)),
            ]
        )
        payment = Payment(
            "PAY-1", TODAY, Money("1000.00", "EUR"), customer_id="C-1", references=["INV-1"]
        )
        outcome = apply_cash([payment], ledger, rates=rates, functional_currency="USD").outcomes[0]
        assert outcome.applications[0].fx_difference == Money("20.00", "USD")

    def test_currencies_never_mix(self) -> None:
        payment = Payment(
            "PAY-1", TODAY, Money("1000.00", "EUR"), customer_id="C-1", references=["INV-000123"]
        )
        outcome = apply_cash([payment], LEDGER).outcomes[0]
        assert outcome.applications == ()
        advice = Remittance("PAY-1", [RemittanceLine("INV-000123", Money("1", "USD"))])
        with pytest.raises(CurrencyMismatchError):
            apply_cash([payment], LEDGER, remittances=[advice])

    def test_bad_inputs(self) -> None:
        with pytest.raises(InvalidDocumentError, match="twice"):
            apply_cash([pay("1"), pay("1")], LEDGER)
        with pytest.raises(InvalidDocumentError, match="twice"):
            apply_cash([], [*LEDGER, LEDGER[0]])
        with pytest.raises(InvalidTypeError):
            apply_cash(["PAY-1"], LEDGER)  # type: ignore[list-item]
        with pytest.raises(InvalidPolicyError):
            MatchPolicy(auto_match_confidence="1.5")


@st.composite
def cash_day(draw: st.DrawFn) -> tuple[list[Invoice | CreditMemo], list[Payment]]:
    """Open items and payments that name them (or not) in every way the engine reads."""
    customers = [f"C-{n}" for n in range(draw(st.integers(1, 4)))]
    items: list[Invoice | CreditMemo] = []
    for number in range(draw(st.integers(1, 14))):
        units = draw(st.integers(1, 200_000))
        customer = draw(st.sampled_from(customers))
        issued = TODAY - dt.timedelta(days=draw(st.integers(0, 60)))
        terms = draw(st.sampled_from([NET30, TWO_TEN]))
        if draw(st.integers(0, 9)) == 0:
            items.append(
                CreditMemo(f"CM-{number}", customer, issued, Money(Decimal(units) / 100, "USD"))
            )
        else:
            items.append(
                Invoice(
                    f"INV-{1000 + number}",
                    customer,
                    issued,
                    Money(Decimal(units) / 100, "USD"),
                    terms=terms,
                    references=(f"PO-{draw(st.integers(100, 105))}",),
                )
            )
    payments = []
    for number in range(draw(st.integers(1, 8))):
        chosen = draw(st.lists(st.sampled_from(items), max_size=3, unique=True))
        base = sum((i.open_balance.amount for i in chosen), Decimal(0))
        if draw(st.booleans()):
            amount = base + Decimal(draw(st.integers(-500, 500))) / 100
        else:
            amount = Decimal(draw(st.integers(1, 300_000))) / 100
        if amount <= 0:
            amount = Decimal("1.00")
        refs = [
            draw(st.sampled_from([i.document_id, i.document_id.lower(), f"# {i.document_id[4:]}"]))
            for i in chosen
        ]
        refs += draw(
            st.lists(st.sampled_from(["PO-101", "2026-06-01", "thanks", "INV 10O1"]), max_size=2)
        )
        payer: str | None = draw(st.none() | st.sampled_from(customers))
        payments.append(
            Payment(
                f"PAY-{number}",
                TODAY - dt.timedelta(days=draw(st.integers(0, 20))),
                Money(amount, "USD"),
                customer_id=payer,
                references=refs,
            )
        )
    return items, payments


class TestInvariants:
    @settings(max_examples=150)
    @given(cash_day())
    def test_conservation_and_never_over_applying(
        self, day: tuple[list[Invoice | CreditMemo], list[Payment]]
    ) -> None:
        items, payments = day
        result = apply_cash(payments, items)
        assert [o.payment_id for o in result.outcomes] == [p.id for p in payments]
        open_amounts = {i.document_id: i.open_balance for i in items}
        touched: set[str] = set()
        for payment, outcome in zip(payments, result.outcomes, strict=True):
            total = Money.total((a.amount for a in outcome.applications), "USD")
            assert total + outcome.unapplied == payment.amount
            assert outcome.unapplied.currency is payment.amount.currency
            if outcome.status in (MatchStatus.UNAPPLIED, MatchStatus.EXCEPTION):
                assert outcome.applications == ()
            assert 0 <= outcome.confidence <= 1
            for application in outcome.applications:
                assert application.invoice_id not in touched
                touched.add(application.invoice_id)
                open_amount = open_amounts[application.invoice_id]
                assert application.amount.currency is open_amount.currency
                assert not application.discount.is_negative
                if open_amount.is_positive:
                    assert application.settled <= open_amount
                    assert not application.amount.is_negative
                else:
                    assert open_amount <= application.amount <= Money.zero("USD")

    @settings(max_examples=80)
    @given(cash_day(), st.randoms(use_true_random=False))
    def test_open_item_order_does_not_matter(
        self, day: tuple[list[Invoice | CreditMemo], list[Payment]], rng: random.Random
    ) -> None:
        items, payments = day
        shuffled = items[:]
        rng.shuffle(shuffled)
        assert apply_cash(payments, items) == apply_cash(payments, shuffled)


def test_quality_on_a_generated_scenario() -> None:
    """A seeded scenario of every kind of payment: precision first, then coverage. These floors
    guard against regressions; the benchmark measures the full-size run."""
    scenario = generate_scenario(seed=11, invoices=3000, payments=600)
    result = apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
    )
    report = score(scenario, result)
    assert report.precision_of_matched >= Decimal("0.995")
    assert report.correct_share >= Decimal("0.95")
    assert report.matched_share >= Decimal("0.85")


def test_an_item_whose_id_is_also_among_its_references_is_found_once() -> None:
    ledger = [inv("INV-42", "10.00", refs=("INV-42", "PO-1"))]
    status, applied, _ = one(apply_cash([pay("10.00", "INV-42")], ledger))
    assert (status, list(applied)) == (MatchStatus.MATCHED, ["INV-42"])
