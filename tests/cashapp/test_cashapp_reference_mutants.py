"""Cash application by reference: what a mutation run of the reference modules checks.

The reference side of the engine (``_by_reference``, ``_mentions``, ``_ledger``, ``model`` and
``references``) decides from the text a payer wrote. Each test states an outcome the docs or the
code's own comments give a reason for (status, items and amounts, reason codes, messages and
figures) and checks it on both sides of the condition it is about: a payer known and unknown, one
candidate and two, an amount that agrees and one a cent off. See docs/mutation.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from _cashapp_builders import JUNE_1, TODAY, TWO_TEN, D, credit, inv, pay, usd

from receivables import (
    CreditMemo,
    Customer,
    Invoice,
    Money,
    Payment,
    Reason,
)
from receivables.cashapp import (
    MatchPolicy,
    MatchStatus,
    PaymentOutcome,
    Remittance,
    RemittanceLine,
    apply_cash,
)

JUNE_10 = D(2026, 6, 10)


def cleared(id: str, amount: str, customer: str = "C-1") -> Invoice:
    """An invoice of the history, paid in full."""
    return inv(id, amount, customer, open_amount="0")


def earlier(
    id: str, amount: str, *refs: str, customer: str | None = "C-1", on: dt.date = JUNE_10
) -> Payment:
    """A payment of the history."""
    return pay(amount, *refs, customer=customer, on=on, id=id)


def outcome(
    payments: list[Payment] | Payment,
    items: Sequence[Invoice | CreditMemo],
    **options: Any,
) -> PaymentOutcome:
    """The outcome of the last payment given."""
    batch = payments if isinstance(payments, list) else [payments]
    return apply_cash(batch, items, **options).outcomes[-1]


def codes(result: PaymentOutcome) -> list[str]:
    return [r.code for r in result.reasons]


def reason(result: PaymentOutcome, code: str) -> Reason:
    found = [r for r in result.reasons if r.code == code]
    assert len(found) == 1, codes(result)
    return found[0]


def advice(
    *lines: tuple[str, str | None] | tuple[str, str | None, str], payment: str = "PAY-1"
) -> list[Remittance]:
    """One remittance advice: (reference, amount or None[, discount claimed]) per line."""
    made = []
    for line in lines:
        reference, amount = line[0], line[1]
        discount = usd(line[2]) if len(line) == 3 else None
        made.append(RemittanceLine(reference, None if amount is None else usd(amount), discount))
    return [Remittance(payment, made)]


def paid(result: PaymentOutcome) -> dict[str, tuple[Money, Money, Money | None]]:
    """Per item: cash, discount, deduction left open."""
    return {a.invoice_id: (a.amount, a.discount, a.deduction) for a in result.applications}


OPEN = inv("INV-1001", "1000.00")


# --- duplicates: references to cleared invoices, repeats of earlier payments ---------------


class TestDuplicateOfClearedInvoices:
    def test_another_payers_cleared_invoice_is_no_duplicate(self) -> None:
        # The payer is known and the cleared invoice is another, unrelated customer's: no
        # evidence of a repeat, so nothing is held for a person on that account.
        history = [cleared("INV-77", "310.00", "C-2")]
        result = outcome(pay("310.00", "INV-77"), [OPEN], history=history)
        assert result.status is MatchStatus.UNAPPLIED
        assert "cashapp.duplicate_payment" not in codes(result)
        # The same payment from the invoice's own customer is the duplicate.
        same = outcome(pay("310.00", "INV-77", customer="C-2"), [OPEN], history=history)
        assert codes(same) == ["cashapp.duplicate_payment"]

    def test_an_invoice_named_twice_is_listed_once(self) -> None:
        history = [cleared("INV-77", "310.00")]
        result = outcome(pay("310.00", "INV-77", "inv 77"), [OPEN], history=history)
        assert result.reasons[0].figure("items") == "INV-77"

    def test_two_cleared_invoices_are_listed_in_order(self) -> None:
        history = [cleared("INV-78", "200.00"), cleared("INV-77", "110.00")]
        result = outcome(pay("310.00", "INV-78", "INV-77"), [OPEN], history=history)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.duplicate_payment",
                "the references name INV-77, INV-78, cleared before; a person decides (refund, "
                "or hold on account)",
                items="INV-77, INV-78",
                same_amount=False,
            ),
        )
        assert result.confidence == Decimal(0)
        assert result.applications == ()
        assert result.unapplied == usd("310.00")

    def test_an_earlier_payment_of_the_amount_with_the_reference_is_a_repeat(self) -> None:
        # The cleared invoice was 310.00; an earlier payment of 300.00 quoting it, and this one
        # of 300.00 quoting it again: the same amount paid twice.
        history: list[Invoice | Payment] = [
            cleared("INV-77", "310.00"),
            earlier("P-0", "300.00", "inv-77"),
        ]
        result = outcome(pay("300.00", " INV-77 "), [OPEN], history=history)
        assert result.reasons[0].figure("same_amount") is True
        assert result.reasons[0].message == (
            "the references name INV-77, cleared before for this same amount: a duplicate "
            "payment; a person decides (refund, or hold on account)"
        )

    def test_an_earlier_payment_needs_both_the_amount_and_the_reference(self) -> None:
        for before in (
            earlier("P-0", "300.00", "ORDER 12345"),  # the amount, another reference
            earlier("P-0", "250.00", "INV-77"),  # the reference, another amount
        ):
            history = [cleared("INV-77", "310.00"), before]
            result = outcome(pay("300.00", "INV-77"), [OPEN], history=history)
            assert codes(result) == ["cashapp.duplicate_payment"]
            assert result.reasons[0].figure("same_amount") is False

    def test_an_unknown_payer_is_the_cleared_invoices_customer(self) -> None:
        history = [cleared("INV-77", "310.00", "C-7")]
        result = outcome(pay("310.00", "INV-77", customer=None), [OPEN], history=history)
        assert result.status is MatchStatus.EXCEPTION
        assert result.customer_id == "C-7"
        assert result.confidence == Decimal(0)

    def test_an_unknown_payer_naming_two_customers_invoices_is_nobodys(self) -> None:
        history = [cleared("INV-77", "110.00", "C-7"), cleared("INV-78", "200.00", "C-8")]
        result = outcome(pay("310.00", "INV-77", "INV-78", customer=None), [OPEN], history=history)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons[0].figure("items") == "INV-77, INV-78"
        assert result.customer_id is None
        assert result.applications == ()


class TestRepeatedPayment:
    def test_an_earlier_payment_of_another_amount_first(self) -> None:
        history = [earlier("P-A", "50.00", "ORDER 555"), earlier("P-0", "77.00", "ORDER 555")]
        result = outcome(pay("77.00", "ORDER 555"), [OPEN], history=history)
        assert result.reasons[0].figure("items") == "P-0"

    def test_an_earlier_payment_of_another_payer_first(self) -> None:
        history = [
            earlier("P-A", "77.00", "ORDER 555", customer="C-2"),
            earlier("P-0", "77.00", "ORDER 555"),
        ]
        result = outcome(pay("77.00", "ORDER 555"), [OPEN], history=history)
        assert result.reasons[0].figure("items") == "P-0"

    def test_another_reference_is_no_repeat(self) -> None:
        history = [earlier("P-0", "77.00", "ORDER 999")]
        result = outcome(pay("77.00", "ORDER 555"), [OPEN], history=history)
        assert result.status is MatchStatus.UNAPPLIED
        assert "cashapp.duplicate_payment" not in codes(result)

    def test_an_unknown_payer_is_the_earlier_payments(self) -> None:
        history = [earlier("P-0", "77.00", "ORDER 555", customer="C-7")]
        result = outcome(pay("77.00", "ORDER 555", customer=None), [OPEN], history=history)
        assert codes(result) == ["cashapp.duplicate_payment"]
        assert result.customer_id == "C-7"
        assert result.confidence == Decimal(0)

    def test_neither_payer_known(self) -> None:
        history = [earlier("P-0", "77.00", "ORDER 555", customer=None)]
        result = outcome(pay("77.00", "ORDER 555", customer=None), [OPEN], history=history)
        assert codes(result) == ["cashapp.duplicate_payment"]
        assert result.customer_id is None
        assert result.applications == ()


class TestAlreadyApplied:
    def test_an_id_without_digits_as_written(self) -> None:
        # "ALPHA" names an item only as written (no number in it to normalise).
        items = [inv("ALPHA", "100.00")]
        first = pay("100.00", "alpha", id="PAY-1")
        again = pay("100.00", "ALPHA", id="PAY-2")
        result = apply_cash([first, again], items)
        assert result.outcomes[0].invoice_ids == ("ALPHA",)
        assert result.outcomes[1].reasons == (
            Reason.of(
                "cashapp.already_applied",
                "the references name ALPHA, already paid by another payment in this run: a "
                "duplicate payment, or a reference to check",
                items="ALPHA",
            ),
        )

    def test_an_item_in_another_currency_is_not_the_one_paid_again(self) -> None:
        items = [inv("INV-5", "100.00", currency="EUR")]
        first = pay("100.00", "INV-5", id="PAY-1", currency="EUR")
        again = pay("100.00", "INV-5", id="PAY-2")
        result = apply_cash([first, again], items)
        assert result.outcomes[0].invoice_ids == ("INV-5",)
        assert result.outcomes[1].status is MatchStatus.UNAPPLIED
        assert "cashapp.already_applied" not in codes(result.outcomes[1])


# --- remittance advice lines ------------------------------------------------------------------


class TestAdviceLines:
    def test_a_line_of_one_cent_for_an_item_of_one_cent(self) -> None:
        # The smallest invoice there is, paid by the smallest line: a positive item and a
        # positive line agree in sign.
        items = [inv("INV-1", "0.01")]
        result = outcome(pay("0.01"), items, remittances=advice(("INV-1", "0.01")))
        assert result.status is MatchStatus.MATCHED
        assert codes(result) == ["cashapp.remittance", "cashapp.reference_exact"]
        assert paid(result) == {"INV-1": (usd("0.01"), usd("0.00"), None)}

    def test_a_line_without_an_amount_naming_two_items_is_not_found(self) -> None:
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "200.00", refs=("PO-77",), issued=D(2026, 6, 2)),
        ]
        result = outcome(
            pay("1100.00"),
            [*items, OPEN],
            remittances=advice(("INV-1001", "1000.00"), ("PO-77", None)),
        )
        assert result.invoice_ids == ("INV-1001",)
        assert reason(result, "cashapp.no_match").figure("references") == "PO-77"

    def test_an_item_taken_by_one_line_is_no_candidate_of_the_next(self) -> None:
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "200.00", refs=("PO-77",), issued=D(2026, 6, 2)),
        ]
        result = outcome(
            pay("250.00"), items, remittances=advice(("PO-77", "100.00"), ("PO-77", "150.00"))
        )
        assert paid(result) == {
            "INV-1": (usd("100.00"), usd("0.00"), None),
            "INV-2": (usd("150.00"), usd("0.00"), usd("50.00")),
        }

    def test_an_unearned_discount_on_a_line_without_an_amount(self) -> None:
        # Net 30 allows no discount: the line pays the item less what it claims, and the claim
        # stays open; the rest of the payment is on account.
        result = outcome(pay("1000.00"), [OPEN], remittances=advice(("INV-1001", None, "20.00")))
        assert paid(result) == {"INV-1001": (usd("980.00"), usd("0.00"), usd("20.00"))}
        assert result.applications[0].deduction_reason == "unearned_discount"
        assert result.unapplied == usd("20.00")
        assert result.status is MatchStatus.PARTIAL

    def test_a_line_of_nothing_applies_nothing(self) -> None:
        items = [OPEN, inv("INV-1002", "200.00", issued=D(2026, 6, 2))]
        result = outcome(
            pay("1000.00"), items, remittances=advice(("INV-1001", "1000.00"), ("INV-1002", "0.00"))
        )
        # The second line pays nothing: its item stays open in full, as a deduction.
        assert paid(result) == {
            "INV-1001": (usd("1000.00"), usd("0.00"), None),
            "INV-1002": (usd("0.00"), usd("0.00"), usd("200.00")),
        }
        assert result.unapplied == usd("0.00")

    def test_an_unknown_payers_mistyped_line_is_found_by_its_amount(self) -> None:
        items = [inv("INV-10234", "500.00", "C-7")]
        result = outcome(
            pay("500.00", customer=None), items, remittances=advice(("INV-10243", "500.00"))
        )
        assert result.invoice_ids == ("INV-10234",)
        assert codes(result)[:2] == ["cashapp.remittance", "cashapp.reference_near_miss"]

    def test_lines_naming_items_another_payment_took(self) -> None:
        items: list[Invoice | CreditMemo] = [
            inv("INV-1", "100.00"),
            inv("INV-2", "200.00", issued=D(2026, 6, 2)),
            credit("CM-1", "50.00"),
        ]
        first = pay("300.00", "INV-1", "INV-2", id="PAY-1")
        again = pay("250.00", id="PAY-2")
        result = apply_cash(
            [first, again],
            items,
            remittances=advice(
                ("CM-1", "-50.00"), ("INV-2", "200.00"), ("INV-1", "100.00"), payment="PAY-2"
            ),
        )
        assert result.outcomes[0].invoice_ids == ("INV-1", "INV-2")
        assert result.outcomes[1].status is MatchStatus.EXCEPTION
        assert result.outcomes[1].reasons == (
            Reason.of(
                "cashapp.already_applied",
                "the remittance advice names INV-1, INV-2, already paid by another payment in "
                "this run: a duplicate payment, or a reference to check",
                items="INV-1, INV-2",
            ),
        )


class TestAdviceKeyingErrorsOfOneCent:
    def test_the_line_pays_one_cent_and_the_neighbour_is_open_for_it(self) -> None:
        items = [inv("INV-10234", "100.00"), inv("INV-10243", "0.01", issued=D(2026, 6, 2))]
        result = outcome(pay("0.01"), items, remittances=advice(("INV-10234", "0.01")))
        assert result.invoice_ids == ("INV-10243",)
        assert "cashapp.keying_error" in codes(result)

    def test_the_item_named_is_open_for_one_cent(self) -> None:
        items = [inv("INV-10234", "0.01"), inv("INV-10243", "5.00", issued=D(2026, 6, 2))]
        result = outcome(pay("5.00"), items, remittances=advice(("INV-10234", "5.00")))
        assert result.invoice_ids == ("INV-10243",)
        assert reason(result, "cashapp.keying_error") == Reason.of(
            "cashapp.keying_error",
            "the advice line 'INV-10234' names an item whose open amount disagrees, while "
            "INV-10243, one keystroke away, is open for exactly the line's amount: a keying "
            "error, not a short payment",
            written="INV-10234",
            item="INV-10243",
        )


# --- narratives: fields, cut references, words ------------------------------------------------


class TestNarrative:
    def test_fields_are_rejoined_only_when_all_but_the_last_are_a_formats_width(self) -> None:
        items = [
            inv("INV-1002", "200.00", issued=D(2026, 6, 2)),
            inv("INV-1003", "300.00", issued=D(2026, 6, 3)),
        ]
        head = "PAYMENT FOR THE INVOICES BELOW".ljust(35)
        # The second field is not 35 wide: three separate references.
        result = outcome(pay("500.00", head, "INV-1002", "1003"), items)
        assert result.invoice_ids == ("INV-1002", "INV-1003")
        assert result.status is MatchStatus.MATCHED
        assert codes(result) == ["cashapp.reference_normalised"]


class TestCutReferenceEdges:
    items = (inv("INV-1003", "300.00"), inv("INV-4711", "250.00", issued=D(2026, 6, 2)))

    def test_a_tail_without_digits_completes_nothing(self) -> None:
        items = (inv("INV-1003", "300.00"), inv("ABC-4711", "250.00", issued=D(2026, 6, 2)))
        text = "PAYMENT INV-1003 ABC".rjust(35, "X")
        result = outcome(pay("550.00", text), items)
        assert result.invoice_ids == ("INV-1003",)
        assert result.status is MatchStatus.PARTIAL

    def test_an_unknown_payer_is_the_owner_of_the_items_named(self) -> None:
        text = "PAYMENT INV-1003 INV-47".rjust(35, "X")
        result = outcome(pay("550.00", text, customer=None), self.items)
        assert result.invoice_ids == ("INV-1003", "INV-4711")

    def test_a_rest_of_one_cent(self) -> None:
        items = (inv("INV-1003", "300.00"), inv("INV-4711", "0.01", issued=D(2026, 6, 2)))
        text = "PAYMENT INV-1003 INV-47".rjust(35, "X")
        result = outcome(pay("300.01", text), items)
        assert result.invoice_ids == ("INV-1003", "INV-4711")
        assert result.unapplied == usd("0.00")


class TestOnAccountWords:
    def test_an_unknown_payers_deposit(self) -> None:
        result = outcome(pay("300.00", "DEPOSIT FOR JULY", customer=None), [OPEN])
        assert result.status is MatchStatus.UNAPPLIED
        assert codes(result) == ["cashapp.on_account"]
        assert result.customer_id is None
        assert result.confidence == Decimal(0)
        assert result.applications == ()

    def test_a_partial_word_in_the_payers_name_is_a_name(self) -> None:
        customers = [Customer("C-1", "Partial Systems", "USD")]
        item = inv("INV-1001", "300.00")
        result = outcome(pay("300.00", "PARTIAL SYSTEMS"), [item], customers=customers)
        assert result.invoice_ids == ("INV-1001",)
        assert codes(result) == ["cashapp.amount_unique"]
        said = outcome(pay("300.00", "PARTIAL SYSTEMS PARTIAL"), [item], customers=customers)
        assert codes(said) == ["cashapp.on_account"]


# --- rivals: what else the amount fits ----------------------------------------------------------


class TestRivals:
    def test_a_rival_fitting_net_of_its_discount(self) -> None:
        items = [OPEN, inv("INV-2002", "500.00", terms=TWO_TEN, issued=D(2026, 6, 25))]
        result = outcome(pay("490.00", "INV-1001"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name INV-1001 but the amount fits INV-2002 exactly",
                candidates="INV-2002",
            ),
        )

    def test_a_rival_fitting_gross_within_its_discount_window(self) -> None:
        items = [OPEN, inv("INV-2002", "500.00", terms=TWO_TEN, issued=D(2026, 6, 25))]
        result = outcome(pay("500.00", "INV-1001"), items)
        assert codes(result) == ["cashapp.conflicting_evidence"]

    def test_a_shared_number_set_aside_for_the_payers_own_item(self) -> None:
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "200.00", "C-2", refs=("PO-77",)),
        ]
        result = outcome(pay("200.00", "PO-77"), items)
        assert result.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name INV-1 but the amount fits INV-2 exactly",
                candidates="INV-2",
            ),
        )
        # The amount of the payer's own item: no conflict.
        assert outcome(pay("100.00", "PO-77"), items).invoice_ids == ("INV-1",)
        # The same, with the number rewritten.
        assert codes(outcome(pay("200.00", "PO 77"), items)) == ["cashapp.conflicting_evidence"]
        assert outcome(pay("100.00", "PO 77"), items).invoice_ids == ("INV-1",)

    def test_a_stray_number_naming_two_items_is_no_evidence(self) -> None:
        items = [inv("INV-1003", "300.00"), inv("INV-5000", "450.00", refs=("ORD-1003",))]
        result = outcome(pay("300.00", "ORDER 1003 THANKS"), items)
        # Not a reference: the amount alone finds the item.
        assert result.invoice_ids == ("INV-1003",)
        assert codes(result) == ["cashapp.amount_unique"]

    def test_a_parents_mistyped_reference_to_its_subsidiarys_item(self) -> None:
        customers = [
            Customer("C-P", "Parent", "USD"),
            Customer("C-S", "Subsidiary", "USD", parent_id="C-P"),
        ]
        items = [inv("INV-10234", "500.00", "C-S")]
        result = outcome(pay("500.00", "INV-10243", customer="C-P"), items, customers=customers)
        assert result.invoice_ids == ("INV-10234",)
        assert codes(result) == ["cashapp.reference_near_miss"]


# --- _mentions: keys, edits and words (private helpers, checked directly) -------------------------


class TestDocumentKeys:
    def test_a_segmented_number(self) -> None:
        from receivables.cashapp._mentions import document_keys

        # The compact form, the number behind the letters, the segments joined; the serial is
        # the last segment without its zeros.
        assert document_keys("ACC-SINV-2026-01632") == (
            ("ACCSINV202601632", "202601632", "2026-1632"),
            "1632",
        )

    def test_a_prefixed_number(self) -> None:
        from receivables.cashapp._mentions import document_keys

        assert document_keys("inv-000123") == (("INV000123", "123"), None)
        assert document_keys("123") == (("123",), None)
        assert document_keys("0000") == (("0000", "0"), None)
        assert document_keys("2026-0") == (("20260", "2026-0"), "0")

    def test_the_longest_letter_prefix(self) -> None:
        from receivables.cashapp._mentions import document_keys

        assert document_keys("ABCDEFGHIJ123") == (("ABCDEFGHIJ123", "123"), None)
        assert document_keys("ABCDEFGHIJK123") == (("ABCDEFGHIJK123",), None)

    def test_nothing_to_index(self) -> None:
        from receivables.cashapp._mentions import document_keys

        assert document_keys("") == ((), None)
        assert document_keys(" -/ ") == ((), None)
        assert document_keys("ALPHA") == (("ALPHA",), None)
        # Letters after the number: no number key, no segments.
        assert document_keys("INV-12A") == (("INV12A",), None)
        assert document_keys("A 1 B 2") == (("A1B2",), None)

    def test_accents_are_folded(self) -> None:
        from receivables.cashapp._mentions import document_keys, fold

        assert fold("Müller straße") == "MULLER STRASSE"
        assert fold("abc") == "ABC"
        assert document_keys("Rechnung-Nº-5") == (("RECHNUNGNO5", "5"), None)


class TestOneEdit:
    def test_one_keystroke(self) -> None:
        from receivables.cashapp._mentions import one_edit

        assert one_edit("10234", "10235")  # wrong
        assert one_edit("10234", "10243")  # swapped
        assert one_edit("10234", "01234")  # swapped at the start
        assert one_edit("1234", "123")  # dropped
        assert one_edit("123", "1234")  # extra
        assert one_edit("123", "0123")  # extra at the start
        assert one_edit("12", "21")

    def test_more_than_one(self) -> None:
        from receivables.cashapp._mentions import one_edit

        assert not one_edit("123", "123")
        assert not one_edit("1234", "1432")  # two apart
        assert not one_edit("1234", "1256")  # two neighbours, not swapped
        assert not one_edit("1234", "1243" + "5")
        assert not one_edit("123", "456")
        assert not one_edit("123", "12345")
        assert not one_edit("123", "1245")
        assert not one_edit("12345", "123")

    def test_deletions(self) -> None:
        from receivables.cashapp._mentions import deletions

        assert list(deletions("112")) == ["112", "12", "11"]
        assert list(deletions("123")) == ["123", "23", "13", "12"]
        assert list(deletions("")) == [""]


class TestSays:
    def test_whole_words_in_order(self) -> None:
        from receivables.cashapp._mentions import says

        words = ("ON ACCOUNT", "DEPOSIT")
        assert says("Deposit for July", words) == "DEPOSIT"
        assert says("deposit, on   account", words) == "ON ACCOUNT"  # the phrases' order
        assert says("on-account", words) == "ON ACCOUNT"
        assert says("DEPOSITS", words) is None
        assert says("ACCOUNT ON", words) is None
        assert says("", words) is None
        assert says("!!!", words) is None
        assert says("Anzahlung für Juli", ("ANZAHLUNG",)) == "ANZAHLUNG"

    def test_the_payers_name_is_not_read(self) -> None:
        from receivables.cashapp._mentions import says

        words = ("ADVANCE",)
        assert says("ADVANCE PRINT LTD", words, "Advance Print Ltd") is None
        assert says("ADVANCE PRINT LTD ADVANCE", words, "Advance Print Ltd") == "ADVANCE"
        # Banks cut names: the first two words are the name.
        assert says("ADVANCE PRINT", words, "Advance Print Works Ltd") is None
        # One word of a longer name is not the name.
        assert says("ADVANCE PAYMENT", words, "Advance Print") == "ADVANCE"
        assert says("ADVANCE", words, "Advance") is None
        assert says("ADVANCE", words, "") == "ADVANCE"
        assert says("ADVANCE", words, "!!!") == "ADVANCE"
        # The place that writes the name, not the first word that starts it.
        assert says("ADVANCE PAYMENT FROM ADVANCE PRINT", words, "Advance Print") == "ADVANCE"
        assert says("PAYMENT FROM ADVANCE PRINT", words, "Advance Print") is None


# --- _resolve: what a reference text names ------------------------------------------------------


class TestResolve:
    def test_an_id_as_written_that_is_another_customers_number(self) -> None:
        # "12" is C-1's invoice as written (an acquired business's numbering) and the short
        # form of C-2's INV-0012: the amount fitting C-2's item exactly contradicts the choice.
        # (Two digits: too short to be read as a typo of the other number as well.)
        items = [inv("12", "100.00"), inv("INV-0012", "250.00", "C-2")]
        result = outcome(pay("250.00", "12"), items)
        assert result.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name 12 but the amount fits INV-0012 exactly",
                candidates="INV-0012",
            ),
        )
        assert outcome(pay("100.00", "12"), items).invoice_ids == ("12",)

    def test_an_id_as_written_that_is_the_same_customers_number(self) -> None:
        items = [inv("123", "100.00"), inv("INV-00123", "250.00", issued=D(2026, 6, 2))]
        result = outcome(pay("250.00", "123"), items)
        assert result.invoice_ids == ("INV-00123",)
        assert codes(result) == ["cashapp.reference_normalised"]
        assert outcome(pay("175.00", "123"), items).status is MatchStatus.EXCEPTION

    def test_an_id_without_letters_or_digits(self) -> None:
        items = [inv("--", "100.00"), inv("XXXX", "250.00", issued=D(2026, 6, 2))]
        result = outcome(pay("250.00", "--"), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons[0].figure("candidates") == "XXXX"
        assert outcome(pay("100.00", "--"), items).invoice_ids == ("--",)

    def test_the_last_number_of_a_span_is_not_read_again(self) -> None:
        # The whole span names the first item; its last segment, read alone, would be a stray
        # number naming the second, which the amount would then seem to confirm.
        items = [inv("ACC-SINV-2026-01241", "500.00"), inv("INV-1241", "300.00")]
        result = outcome(pay("800.00", "PAYMENT ACC-SINV-2026-01241"), items)
        assert result.invoice_ids == ("ACC-SINV-2026-01241",)
        assert result.unapplied == usd("300.00")
        assert codes(result) == ["cashapp.reference_normalised", "cashapp.overpayment"]

    def test_a_bare_serial_counts_when_the_amount_agrees(self) -> None:
        items = [inv("ACC-SINV-2026-01632", "500.00")]
        result = outcome(pay("500.00", "PAYMENT 1632"), items)
        assert result.invoice_ids == ("ACC-SINV-2026-01632",)
        assert codes(result) == ["cashapp.stray_number"]

    def test_a_stray_number_is_not_a_mistyped_reference(self) -> None:
        items = [inv("INV-10234", "500.00")]
        result = outcome(pay("500.00", "ORDER 10243 THANKS"), items)
        assert codes(result) == ["cashapp.amount_unique"]
        typed = outcome(pay("500.00", "INV 10243"), items)
        assert codes(typed) == ["cashapp.reference_near_miss"]

    def test_a_known_payers_own_item_with_the_serial_of_another_customers_number(self) -> None:
        items = [
            inv("INV-1632", "700.00", "C-2"),
            inv("ACC-SINV-2026-01632", "300.00"),
            inv("X-2025-1632", "300.00", "C-3"),
        ]
        result = outcome(pay("300.00", "INV 1632"), items)
        assert result.invoice_ids == ("ACC-SINV-2026-01632",)
        assert codes(result) == ["cashapp.stray_number"]


class TestEvidenceAgainstTheReference:
    def test_a_bank_charge_in_another_currency_explains_nothing(self) -> None:
        items = [inv("INV-10234", "1000.00"), inv("INV-10243", "985.00", issued=D(2026, 6, 2))]
        euro_fees = MatchPolicy(bank_charges=(Money("15.00", "EUR"),))
        result = outcome(pay("985.00", "INV-10234"), items, policy=euro_fees)
        assert result.invoice_ids == ("INV-10243",)
        assert codes(result) == ["cashapp.reference_near_miss"]
        dollar_fees = MatchPolicy(bank_charges=(usd("15.00"),))
        charged = outcome(pay("985.00", "INV-10234"), items, policy=dollar_fees)
        assert codes(charged) == ["cashapp.conflicting_evidence"]

    def test_a_stray_number_is_no_typo_rival(self) -> None:
        items = [OPEN, inv("INV-5555", "450.00", "C-2")]
        result = outcome(pay("450.00", "INV-1001 ORDER 5555"), items)
        assert "cashapp.conflicting_evidence" not in codes(result)
        assert result.applications[0].invoice_id == "INV-1001"
        written = outcome(pay("450.00", "INV-1001 INV-5556"), items)
        assert written.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name INV-1001 but the amount fits INV-5555 exactly",
                candidates="INV-5555",
            ),
        )

    def test_an_unknown_payer_naming_two_customers_has_no_rivals(self) -> None:
        items = [
            inv("INV-1001", "100.00"),
            inv("INV-2002", "200.00", "C-2"),
            inv("INV-7777", "250.00"),
            inv("INV-8888", "250.00", "C-2"),
        ]
        result = outcome(pay("250.00", "INV-1001 INV-2002", customer=None), items)
        assert result.status is MatchStatus.EXCEPTION
        assert result.reasons == (
            Reason.of(
                "cashapp.other_customer",
                "the references name items of another customer (C-1, C-2) and the amount does "
                "not agree",
                payer="unknown",
            ),
        )


def read(text: str) -> list[tuple[tuple[str, ...], str, str, str | None, int, int, str]]:
    """``mentions(text)`` as (keys, strength, text, serial, start, end, digits)."""
    from receivables.cashapp._mentions import mentions

    return [
        (m.keys, m.strength.value, m.text, m.serial, m.start, m.end, m.digits)
        for m in mentions(text)
    ]


class TestMentions:
    """What the module docstring of ``_mentions`` says each kind of writing is."""

    def test_a_number_after_an_invoice_word(self) -> None:
        assert read("INV 123") == [(("INV123", "123"), "strong", "123", None, 1, 1, "123")]
        assert read("INV 12 TODAY") == [(("INV12", "12"), "strong", "12", None, 1, 1, "12")]
        # X12 remittance: an element separator between the word and the number.
        assert read("RMR*IV*128 X") == [(("128",), "strong", "128", None, 2, 2, "128")]

    def test_a_lone_number_among_words(self) -> None:
        assert read("ORDER 1003 THANKS") == [
            (("ORDER1003", "1003"), "loose", "1003", None, 1, 1, "1003")
        ]
        assert read("PAID 123 TODAY") == [(("PAID123", "123"), "loose", "123", None, 1, 1, "123")]
        # Fewer than three digits, not written as a reference: no mention at all.
        assert read("PAID 12 TODAY") == []

    def test_a_number_that_is_the_whole_field(self) -> None:
        assert read("12") == [(("12",), "strong", "12", None, 0, 0, "12")]
        assert read("0") == [(("0",), "strong", "0", None, 0, 0, "0")]
        assert read("INV 123 AND 124") == [
            (("INV123", "123"), "strong", "123", None, 1, 1, "123"),
            (("AND124", "124"), "strong", "124", None, 3, 3, "124"),
        ]

    def test_a_hash_right_before_the_number(self) -> None:
        assert read("NOTE #123 X") == [(("NOTE123", "123"), "strong", "123", None, 1, 1, "123")]
        # Three characters between the word and the number: neither prefix nor hash.
        assert read("NOTE # 123 X") == [(("123",), "loose", "123", None, 1, 1, "123")]
        assert read("#123") == [(("123",), "strong", "123", None, 0, 0, "123")]

    def test_letters_and_digits_in_one_token(self) -> None:
        assert read("PAID IN00123 X") == [
            (("PAIDIN00123", "IN00123", "123"), "strong", "IN00123", None, 1, 1, "123")
        ]

    def test_ocr_confusions(self) -> None:
        assert read("PAID INV 1O23 X") == [
            (("PAIDINV1023", "1023"), "misread", "1O23", None, 2, 2, "1023")
        ]
        assert read("2026-O1241 X")[0] == (
            ("2026-1241",),
            "misread",
            "2026-O1241",
            "1241",
            0,
            1,
            "202601241",
        )

    def test_numbers_listed_after_a_reference(self) -> None:
        assert read("PAID INV 123, 124 AND 130 THANKS") == [
            (("PAIDINV123", "123"), "strong", "123", None, 2, 2, "123"),
            (("124",), "strong", "124", None, 3, 3, "124"),
            (("AND130", "130"), "strong", "130", None, 5, 5, "130"),
        ]
        assert read("PAID INV 123 REF 124")[1] == (
            ("REF124", "124"),
            "loose",
            "124",
            None,
            4,
            4,
            "124",
        )
        # At most eight characters of separators between listed numbers.
        assert read("PAID INV 123 ;;;;;; 124")[1][1] == "strong"
        assert read("PAID INV 123 ;;;;;;; 124")[1][1] == "loose"
        # A stray number does not start a list.
        assert read("PAID 123, 124 X")[1][1] == "loose"

    def test_an_amount_is_a_guess(self) -> None:
        assert read("PAID 2026.04 TODAY") == [
            (("PAID202604", "2026-4"), "loose", "2026.04", "4", 1, 2, "202604"),
            (("PAID2026", "2026"), "loose", "2026", None, 1, 1, "2026"),
        ]
        assert read("PAID 2026.041 TODAY")[0][1] == "loose"
        assert read("PAID 2026.0412 TODAY")[0][1] == "strong"
        # Letters in front: a document number, not an amount.
        assert read("PAID AB2026.04 X")[0][:2] == (("PAIDAB202604", "2026-4"), "strong")
        # Joined by a hyphen, it is a number in segments.
        assert read("PAID 2026-04 TODAY")[0][1] == "strong"

    def test_a_date_and_its_parts(self) -> None:
        assert read("2026-06-02") == [
            (("2026-6-2",), "strong", "2026-06-02", "2", 0, 2, "20260602"),
            (("2026-6",), "loose", "2026-06", "6", 0, 1, "202606"),
            (("2026",), "loose", "2026", None, 0, 0, "2026"),
            (("6-2",), "loose", "06-02", "2", 1, 2, "602"),
            (("06", "6"), "loose", "06", None, 1, 1, "6"),
            (("02", "2"), "loose", "02", None, 2, 2, "2"),
        ]

    def test_a_segmented_reference_with_its_prefix(self) -> None:
        found = read("Payment ACC-SINV-2026-01241 thanks")
        assert found[0] == (
            ("PAYMENTACCSINV202601241", "2026-1241"),
            "strong",
            "2026-01241",
            "1241",
            3,
            4,
            "202601241",
        )
        assert [m[1] for m in found[1:]] == ["loose", "loose"]

    def test_at_most_four_tokens_and_three_prefix_words(self) -> None:
        assert [m[:2] for m in read("1-2-3-4-5")][:2] == [
            (("1-2-3-4",), "strong"),
            (("1-2-3",), "loose"),
        ]
        assert read("A B C D 123")[0][0] == ("BCD123", "123")
        assert read("ABCDEFGHIJ123") == [
            (("ABCDEFGHIJ123", "123"), "strong", "ABCDEFGHIJ123", None, 0, 0, "123")
        ]
        assert read("ABCDEFGHIJK123") == []


# --- model: the values of cash application --------------------------------------------------------


def _outcome_of(payment_id: str, status: MatchStatus = MatchStatus.UNAPPLIED) -> PaymentOutcome:
    return PaymentOutcome(payment_id, status, (), usd("5.00"), Decimal(0), ())


class TestModel:
    def test_remittance_values_are_checked(self) -> None:
        from receivables import InvalidTypeError

        with pytest.raises(InvalidTypeError) as error:
            RemittanceLine("INV-1", "5.00")  # type: ignore[arg-type]
        assert str(error.value) == "expected Money or None, got str"
        with pytest.raises(InvalidTypeError) as error:
            RemittanceLine("INV-1", None, 5)  # type: ignore[arg-type]
        assert str(error.value) == "expected Money or None, got int"
        with pytest.raises(InvalidTypeError) as error:
            Remittance("PAY-1", ["INV-1"])  # type: ignore[list-item]
        assert str(error.value) == (
            "remittance lines must hold RemittanceLine values, got str ('INV-1')"
        )

    def test_the_confidence_of_a_combination_by_its_size(self) -> None:
        ladder = MatchPolicy().confidence
        assert [ladder.combination(size) for size in (1, 2, 3, 4, 5)] == [
            Decimal("0.92"),
            Decimal("0.92"),
            Decimal("0.9"),
            Decimal("0.86"),
            Decimal("0.86"),
        ]

    def test_narrative_words_are_checked_and_normalised(self) -> None:
        from receivables import ValidationError

        policy = MatchPolicy(on_account_words=["  on   account ", "x" * 60])
        assert policy.on_account_words == ("ON ACCOUNT", "X" * 60)
        for bad in ("", "   ", "x" * 61):
            with pytest.raises(ValidationError) as error:
                MatchPolicy(partial_words=[bad])
            assert str(error.value) == (f"a narrative word must be 1 to 60 characters, got {bad!r}")

    def test_the_write_off_limit_of_a_currency(self) -> None:
        policy = MatchPolicy(write_off_limits=[usd("5.00"), Money("7.00", "EUR")])
        assert policy.write_off_limit(usd("1").currency) == usd("5.00")
        assert policy.write_off_limit(Money("1", "EUR").currency) == Money("7.00", "EUR")
        assert policy.write_off_limit(Money("1", "GBP").currency) is None

    def test_merge(self) -> None:
        from receivables.cashapp import CashApplicationResult

        first = CashApplicationResult((_outcome_of("P-3"), _outcome_of("P-1")))
        second = CashApplicationResult((_outcome_of("P-2"),))
        merged = first.merge(second)
        assert [o.payment_id for o in merged.outcomes] == ["P-1", "P-2", "P-3"]
        assert merged == second.merge(first)
        assert first.merge(CashApplicationResult(())) == CashApplicationResult(
            (_outcome_of("P-1"), _outcome_of("P-3"))
        )

    def test_merge_refuses_overlaps_and_other_values(self) -> None:
        from receivables import InvalidTypeError, MergeError
        from receivables.cashapp import CashApplicationResult

        first = CashApplicationResult((_outcome_of("P-1"), _outcome_of("P-2")))
        with pytest.raises(MergeError) as error:
            first.merge(CashApplicationResult((_outcome_of("P-2"),)))
        assert str(error.value) == (
            "payment 'P-2' is in both results: merge the results of disjoint payments"
        )
        with pytest.raises(InvalidTypeError) as wrong:
            first.merge([])  # type: ignore[arg-type]
        assert str(wrong.value) == "can merge a CashApplicationResult only, got list"

    def test_counts_and_look_up(self) -> None:
        from receivables.cashapp import CashApplicationResult

        result = CashApplicationResult(
            (
                _outcome_of("P-1", MatchStatus.MATCHED),
                _outcome_of("P-2", MatchStatus.EXCEPTION),
                _outcome_of("P-3", MatchStatus.MATCHED),
            )
        )
        assert result.counts() == {"matched": 2, "partial": 0, "unapplied": 0, "exception": 1}
        assert result.outcome("P-2").status is MatchStatus.EXCEPTION
        assert result.outcome("P-3").payment_id == "P-3"

    def test_a_payer_match_is_checked(self) -> None:
        from receivables import InvalidTypeError
        from receivables.cashapp import PayerMatch

        why = Reason.of("cashapp.payer_identified", "account on file")
        assert PayerMatch("C-7", why).certain is False
        for blank in ("", "  ", None, 7):
            with pytest.raises(InvalidTypeError) as error:
                PayerMatch(blank, why)  # type: ignore[arg-type]
            assert str(error.value) == f"customer_id must be a non-blank str, got {blank!r}"
        with pytest.raises(InvalidTypeError) as wrong:
            PayerMatch("C-7", "account on file")  # type: ignore[arg-type]
        assert str(wrong.value) == "reason must be a Reason, not str"


# --- references: the public normalising helpers ---------------------------------------------------


class TestReferenceHelpers:
    def test_what_is_refused_is_named(self) -> None:
        from receivables import InvalidTypeError, ValidationError
        from receivables.cashapp.references import (
            candidate_keys,
            name_key,
            reference_key,
            reference_keys,
        )

        readers: list[tuple[Callable[[str], object], str]] = [
            (reference_key, "reference"),
            (reference_keys, "reference"),
            (candidate_keys, "reference text"),
            (name_key, "name"),
        ]
        for read, what in readers:
            with pytest.raises(InvalidTypeError) as error:
                read(123)  # type: ignore[arg-type]
            assert str(error.value) == f"{what} must be a str, not int"
            with pytest.raises(ValidationError) as long:
                read("9" * 10_001)
            assert str(long.value) == (f"{what} {'9' * 60!r}... is longer than 10000 characters")
            read("9" * 10_000)

    def test_keys(self) -> None:
        from receivables.cashapp.references import candidate_keys, reference_key, reference_keys

        assert reference_keys("---") == ()
        assert reference_key("---") == ""
        assert reference_keys("0000") == ("0", "0000")
        assert reference_key("Rechnung Nº 0042") == "42"
        assert reference_key("ABCDEFGHIJK12") == "ABCDEFGHIJK12"
        assert reference_key("ABCDEFGHIJ12") == "12"
        assert reference_key("12AB") == "12AB"
        assert candidate_keys("12 pcs 345 and 0012, 0123 inv") == ("345", "123")
        assert candidate_keys("ab12 cd0123 x12y345") == ("123", "X12Y345")

    def test_near_misses_of_short_keys(self) -> None:
        from receivables.cashapp.references import is_near_miss

        assert not is_near_miss("12", "13")
        assert is_near_miss("123", "133")
        assert not is_near_miss("123", "123")
        assert not is_near_miss("1234", "123")
        assert not is_near_miss("1234", "2143")
        assert not is_near_miss("1234", "1432")

    def test_name_keys(self) -> None:
        from receivables.cashapp.references import name_key

        assert name_key("Zenith Foods S.A. de C.V.") == "ZENITH FOODS"
        assert name_key("Müller & Söhne GmbH") == "MULLER SOHNE"
        assert name_key("The Co.") == "THE CO"
        assert name_key("  ") == ""
        assert name_key("J.P. Morgan Inc") == "JP MORGAN"


class TestNearMisses:
    def test_a_typo_is_not_guessed_when_a_reference_names_an_item_firmly(self) -> None:
        items = [OPEN, inv("INV-10234", "500.00", issued=D(2026, 6, 2))]
        result = outcome(pay("1500.00", "INV-1001 INV-10243"), items)
        assert result.invoice_ids == ("INV-1001",)
        assert result.unapplied == usd("500.00")
        assert "cashapp.reference_near_miss" not in codes(result)

    def test_nor_when_the_policy_takes_none(self) -> None:
        items = [inv("INV-10234", "500.00")]
        result = outcome(pay("500.00", "INV 10243"), items, policy=MatchPolicy(near_misses=False))
        assert codes(result) == ["cashapp.amount_unique"]

    def test_a_known_payers_typo_paid_net_of_the_discount(self) -> None:
        items = [inv("INV-10234", "1000.00", terms=TWO_TEN)]
        result = outcome(pay("980.00", "INV-10243", on=D(2026, 6, 5)), items)
        assert result.invoice_ids == ("INV-10234",)
        assert codes(result) == ["cashapp.reference_near_miss", "cashapp.discount_taken"]
        assert result.applications[0].discount == usd("20.00")

    def test_a_known_payers_typo_is_looked_for_among_its_own_items(self) -> None:
        items = [inv("INV-10234", "500.00", "C-2")]
        result = outcome(pay("500.00", "INV-10243"), items)
        assert result.status is MatchStatus.UNAPPLIED
        assert result.applications == ()
        assert "cashapp.reference_near_miss" not in codes(result)

    def test_of_two_items_one_keystroke_away_the_one_open_for_the_amount(self) -> None:
        items = [inv("INV-10234", "500.00"), inv("INV-10248", "700.00", issued=D(2026, 6, 2))]
        result = outcome(pay("500.00", "INV-10243"), items)
        assert result.invoice_ids == ("INV-10234",)
        assert codes(result) == ["cashapp.reference_near_miss"]
        # Neither open for the amount: no guess.
        assert outcome(pay("600.00", "INV-10243"), items).applications == ()

    def test_two_typos_naming_two_items(self) -> None:
        items = [inv("INV-10234", "500.00"), inv("INV-20234", "300.00", issued=D(2026, 6, 2))]
        result = outcome(pay("800.00", "INV-10243, INV-20243"), items)
        assert result.invoice_ids == ("INV-10234", "INV-20234")
        assert codes(result) == ["cashapp.reference_near_miss"]
        assert reason(result, "cashapp.reference_near_miss").figure("items") == (
            "INV-10234, INV-20234"
        )

    def test_another_customers_number_does_not_stop_the_reading(self) -> None:
        items = [inv("INV-5005", "500.00", "C-2"), inv("INV-1003", "300.00")]
        result = outcome(pay("300.00", "INV-5005 INV-1003"), items)
        assert result.invoice_ids == ("INV-1003",)
        assert result.status is MatchStatus.MATCHED
        assert codes(result) == ["cashapp.reference_normalised"]


# --- _ledger: how open items and the history are indexed ----------------------------------------


class TestLedgerIndexes:
    def test_an_item_quoting_its_own_id_is_indexed_once(self) -> None:
        item = inv("INV-1", "100.00", refs=("inv-1", "1"))
        result = outcome(pay("100.00", "INV-1"), [item])
        assert result.status is MatchStatus.MATCHED
        assert codes(result) == ["cashapp.reference_exact"]
        rewritten = outcome(pay("100.00", "inv no 1"), [item])
        assert codes(rewritten) == ["cashapp.reference_normalised"]

    def test_an_item_whose_reference_has_its_serial_is_indexed_once(self) -> None:
        item = inv("ACC-SINV-2026-01632", "500.00", refs=("SO-2025-1632",))
        result = outcome(pay("500.00", "PAYMENT 1632"), [item])
        assert result.invoice_ids == ("ACC-SINV-2026-01632",)
        assert codes(result) == ["cashapp.stray_number"]

    def test_near_misses_are_measured_on_the_ids_numbers_of_three_digits_or_more(self) -> None:
        assert codes(outcome(pay("500.00", "INV 13"), [inv("INV-12", "500.00")])) == [
            "cashapp.amount_unique"
        ]
        assert codes(outcome(pay("500.00", "INV 124"), [inv("INV-123", "500.00")])) == [
            "cashapp.reference_near_miss"
        ]
        # Not on the references an item carries.
        item = inv("INV-1", "500.00", refs=("PO-55512",))
        assert codes(outcome(pay("500.00", "PO 55513"), [item])) == ["cashapp.amount_unique"]
        assert codes(outcome(pay("500.00", "PO 55512"), [item])) == ["cashapp.reference_normalised"]

    def test_a_number_sharing_a_deletion_is_not_a_near_miss(self) -> None:
        # 12345 and 23145 both lose a digit to 2345, but are three keystrokes apart.
        result = outcome(pay("500.00", "INV 12345"), [inv("INV-23145", "500.00")])
        assert codes(result) == ["cashapp.amount_unique"]

    def test_a_payment_and_a_settled_item_are_not_open_items(self) -> None:
        cash = Payment("PAY-0", JUNE_1, usd("100.00"), customer_id="C-1")
        settled = inv("INV-2", "100.00", open_amount="0")
        result = apply_cash([pay("100.00", "PAY-0 INV-2")], [cash, settled])
        assert result.outcomes[0].status is MatchStatus.UNAPPLIED
        assert result.outcomes[0].applications == ()


class TestHistory:
    def test_a_stray_number_does_not_name_a_cleared_invoice(self) -> None:
        history = [cleared("INV-777", "310.00")]
        result = outcome(pay("310.00", "ORDER 777 THANKS"), [OPEN], history=history)
        assert "cashapp.duplicate_payment" not in codes(result)
        written = outcome(pay("310.00", "PAID INV 777"), [OPEN], history=history)
        assert codes(written) == ["cashapp.duplicate_payment"]

    def test_a_cleared_invoice_named_by_its_reference(self) -> None:
        history = [inv("INV-77", "310.00", refs=("PO-4711",), open_amount="0")]
        result = outcome(pay("310.00", "po-4711"), [OPEN], history=history)
        assert result.reasons[0].figure("items") == "INV-77"
        rewritten = outcome(pay("310.00", "PO 4711"), [OPEN], history=history)
        assert rewritten.reasons[0].figure("items") == "INV-77"


class TestDiscountUnits:
    def test_the_discount_is_rounded_to_the_cent(self) -> None:
        # 2% of 333.33 is 6.6666: 6.67 off, 326.66 to pay.
        item = inv("INV-1", "333.33", terms=TWO_TEN)
        result = outcome(pay("326.66", "INV-1", on=JUNE_10), [item])
        assert result.status is MatchStatus.MATCHED
        assert result.applications[0].discount == usd("6.67")

    def test_the_grace_days_of_the_policy(self) -> None:
        # 2/10 from June 1: the window closes on June 11; five days' grace reach June 16.
        item = inv("INV-1", "1000.00", terms=TWO_TEN)
        late = outcome(pay("980.00", "INV-1", on=D(2026, 6, 16)), [item])
        assert late.applications[0].discount == usd("20.00")
        strict = outcome(
            pay("980.00", "INV-1", on=D(2026, 6, 16)),
            [item],
            policy=MatchPolicy(discount_grace_days=0),
        )
        assert strict.applications[0].discount == usd("0.00")

    def test_terms_without_a_discount_and_no_terms(self) -> None:
        due = Invoice("INV-1", "C-1", JUNE_1, usd("1000.00"), due_date=D(2026, 7, 1))
        result = outcome(pay("980.00", "INV-1", on=JUNE_10), [due])
        assert result.applications[0].discount == usd("0.00")
        net = outcome(pay("980.00", "INV-1", on=JUNE_10), [inv("INV-1", "1000.00")])
        assert net.applications[0].discount == usd("0.00")


class _Says:
    """A payer identification strategy that answers what it is told to."""

    def __init__(self, answer: object) -> None:
        self.answer = answer

    def identify(self, payment: Payment, customers: object) -> object:
        return self.answer


class TestIdentifyPayer:
    def test_the_strategies_in_turn(self) -> None:
        from receivables.cashapp import PayerMatch

        says = PayerMatch("C-1", Reason.of("cashapp.payer_identified", "by a rule"), certain=True)
        payment = Payment("PAY-1", TODAY, usd("250.00"))
        result = outcome(
            payment, [inv("INV-2", "250.00")], payer_identification=[_Says(None), _Says(says)]
        )
        assert result.customer_id == "C-1"
        assert result.status is MatchStatus.MATCHED
        assert result.reasons[0] == says.reason

    def test_a_strategy_answering_something_else(self) -> None:
        from receivables import InvalidTypeError

        payment = Payment("PAY-1", TODAY, usd("250.00"))
        with pytest.raises(InvalidTypeError) as error:
            apply_cash([payment], [OPEN], payer_identification=[_Says("C-1")])  # type: ignore[list-item]
        assert str(error.value) == "_Says.identify must return a PayerMatch or None, not str"

    def test_an_account_on_file_for_nobody_and_no_name(self) -> None:
        customers = [Customer("C-1", "Acme", "USD")]
        payment = Payment("PAY-1", TODAY, usd("250.00"), payer_account="DE89370400440532013000")
        result = outcome(payment, [inv("INV-2", "250.00")], customers=customers)
        assert result.customer_id is None
        assert result.status is MatchStatus.EXCEPTION


# --- match_by_reference: the order in which the evidence is weighed ------------------------------


class TestWeighingTheEvidence:
    def test_a_payer_known_by_name_narrows_a_shared_number(self) -> None:
        customers = [Customer("C-1", "Acme", "USD"), Customer("C-2", "Globex", "USD")]
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "100.00", "C-2", refs=("PO-77",)),
        ]
        payment = Payment("PAY-1", TODAY, usd("100.00"), references=["PO 77"], payer_name="ACME")
        result = outcome(payment, items, customers=customers)
        assert result.invoice_ids == ("INV-1",)
        assert result.customer_id == "C-1"
        nameless = Payment("PAY-1", TODAY, usd("100.00"), references=["PO 77"])
        assert codes(outcome(nameless, items, customers=customers)) == [
            "cashapp.ambiguous_reference"
        ]

    def test_a_shared_number_and_a_cleared_invoice(self) -> None:
        # The shared number names open items, which the amount decides between: the cleared
        # invoice also named does not make the payment a duplicate.
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "200.00", refs=("PO-77",), issued=D(2026, 6, 2)),
        ]
        history = [cleared("INV-78", "50.00")]
        result = outcome(pay("200.00", "PO-77 INV-78"), items, history=history)
        assert result.invoice_ids == ("INV-2",)

    def test_a_typo_of_an_open_item_that_is_a_cleared_invoice_as_written(self) -> None:
        history = [cleared("INV-10243", "500.00")]
        result = outcome(pay("500.00", "INV-10243"), [inv("INV-10234", "500.00")], history=history)
        assert codes(result) == ["cashapp.duplicate_payment"]
        assert result.reasons[0].figure("items") == "INV-10243"

    def test_two_items_another_payment_took(self) -> None:
        items = [inv("INV-1", "100.00"), inv("INV-2", "200.00", issued=D(2026, 6, 2))]
        first = pay("300.00", "INV-1, INV-2", id="PAY-1")
        again = pay("300.00", "INV-2 INV-1", id="PAY-2")
        result = apply_cash([first, again], items)
        assert result.outcomes[1].reasons == (
            Reason.of(
                "cashapp.already_applied",
                "the references name INV-1, INV-2, already paid by another payment in this run: "
                "a duplicate payment, or a reference to check",
                items="INV-1, INV-2",
            ),
        )

    def test_words_that_keep_the_cash_on_account_outrank_a_stray_number(self) -> None:
        items = [inv("INV-1003", "300.00")]
        result = outcome(pay("300.00", "DEPOSIT ORDER 1003"), items)
        assert result.status is MatchStatus.UNAPPLIED
        assert codes(result) == ["cashapp.on_account"]
        assert codes(outcome(pay("300.00", "ORDER 1003"), items)) == ["cashapp.stray_number"]

    def test_the_payers_name_next_to_a_stray_number_is_a_name(self) -> None:
        customers = [Customer("C-1", "Advance Print", "USD")]
        items = [inv("INV-1003", "300.00")]
        result = outcome(pay("300.00", "ADVANCE PRINT 1003"), items, customers=customers)
        assert result.invoice_ids == ("INV-1003",)
        assert codes(result) == ["cashapp.stray_number"]

    def test_a_firm_reference_and_a_typo_in_two_fields(self) -> None:
        items = [OPEN, inv("INV-10234", "500.00", issued=D(2026, 6, 2))]
        fields = ("INV-1001", "INV-10243")
        # The amount agrees with both: the typo is confirmed.
        both = outcome(pay("1500.00", *fields), items)
        assert both.invoice_ids == ("INV-1001", "INV-10234")
        assert codes(both) == ["cashapp.reference_near_miss"]
        # It agrees with neither: the typo is dropped, the firm reference stands.
        firm = outcome(pay("1200.00", *fields), items)
        assert firm.invoice_ids == ("INV-1001",)
        assert firm.unapplied == usd("200.00")
        # It agrees with the typo alone: the firm reference still stands, and the amount
        # fitting another item of the payer exactly is a conflict for a person.
        conflict = outcome(pay("500.00", *fields), items)
        assert conflict.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name INV-1001 but the amount fits INV-10234 exactly",
                candidates="INV-10234",
            ),
        )

    def test_of_two_typos_the_one_the_amount_agrees_with(self) -> None:
        items = [inv("INV-10234", "500.00"), inv("INV-20234", "300.00", issued=D(2026, 6, 2))]
        result = outcome(pay("500.00", "INV-10243, INV-20243"), items)
        assert result.invoice_ids == ("INV-10234",)
        assert codes(result) == ["cashapp.reference_near_miss"]

    def test_another_customers_item_named_beside_the_payers_own(self) -> None:
        items = [inv("INV-5005", "500.00", "C-2"), inv("INV-1003", "300.00")]
        result = outcome(pay("300.00", "INV-5005", "INV-1003"), items)
        assert result.invoice_ids == ("INV-1003",)
        assert codes(result) == ["cashapp.reference_exact"]
        assert result.confidence == Decimal("0.99")

    def test_a_shared_number_whose_items_together_are_the_amount(self) -> None:
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "200.00", refs=("PO-77",), issued=D(2026, 6, 2)),
        ]
        result = outcome(pay("300.00", "PO-77"), items)
        assert result.invoice_ids == ("INV-1", "INV-2")
        # The amount chose between the items: no stronger than a normalised reference.
        assert codes(result) == ["cashapp.reference_normalised"]
        assert result.confidence == Decimal("0.98")

    def test_a_shared_number_set_aside_for_an_item_fitting_net_of_its_discount(self) -> None:
        items = [
            inv("INV-1", "100.00", refs=("PO-77",)),
            inv("INV-2", "1000.00", "C-2", refs=("PO-77",), terms=TWO_TEN, issued=D(2026, 6, 25)),
        ]
        result = outcome(pay("980.00", "PO 77"), items)
        assert result.reasons[0].figure("candidates") == "INV-2"
        assert codes(result) == ["cashapp.conflicting_evidence"]

    def test_a_keying_error_onto_an_item_paid_net_of_its_discount(self) -> None:
        items = [
            inv("INV-10234", "1100.00"),
            inv("INV-10243", "1000.00", terms=TWO_TEN, issued=D(2026, 6, 25)),
        ]
        result = outcome(pay("980.00", "INV-10234"), items)
        assert result.invoice_ids == ("INV-10243",)
        assert result.applications[0].discount == usd("20.00")
        assert codes(result) == ["cashapp.reference_near_miss", "cashapp.discount_taken"]

    def test_a_conflict_shows_every_item_named_and_three_rivals(self) -> None:
        named = [inv("INV-1", "100.00"), inv("INV-2", "200.00")]
        rivals = [inv(f"INV-{n}", "450.00", issued=D(2026, 6, n)) for n in (3, 4, 5, 6)]
        result = outcome(pay("450.00", "INV-1 INV-2"), [*named, *rivals])
        assert result.reasons == (
            Reason.of(
                "cashapp.conflicting_evidence",
                "the references name INV-1, INV-2 but the amount fits INV-3, INV-4, INV-5 exactly",
                candidates="INV-3, INV-4, INV-5",
            ),
        )

    def test_an_unknown_payer_is_the_owner_of_the_items_for_its_credits(self) -> None:
        items: list[Invoice | CreditMemo] = [inv("INV-5", "500.00"), credit("CM-1", "50.00")]
        result = outcome(pay("450.00", "INV-5", customer=None), items)
        assert result.invoice_ids == ("INV-5", "CM-1")
        assert result.status is MatchStatus.MATCHED
        assert result.customer_id == "C-1"

    def test_a_parent_paying_its_subsidiarys_item_nets_its_own_credit(self) -> None:
        customers = [
            Customer("C-P", "Parent", "USD"),
            Customer("C-S", "Subsidiary", "USD", parent_id="C-P"),
        ]
        items: list[Invoice | CreditMemo] = [
            inv("INV-5", "500.00", "C-S"),
            credit("CM-1", "50.00", "C-P"),
        ]
        result = outcome(pay("450.00", "INV-5", customer="C-P"), items, customers=customers)
        assert result.invoice_ids == ("INV-5", "CM-1")
        assert result.status is MatchStatus.MATCHED

    def test_a_payer_known_by_name_paying_another_customers_item_net_of_its_discount(
        self,
    ) -> None:
        from receivables.cashapp import PayerMatch

        says = PayerMatch("C-1", Reason.of("cashapp.payer_identified", "by name"))
        items = [inv("INV-7007", "1000.00", "C-2", terms=TWO_TEN, issued=D(2026, 6, 25))]
        payment = Payment("PAY-1", TODAY, usd("980.00"), references=["INV-7007"])
        result = outcome(payment, items, payer_identification=[_Says(says)])
        # A name never outranks a reference whose amount agrees (net of the discount).
        assert result.invoice_ids == ("INV-7007",)
        assert result.applications[0].discount == usd("20.00")
        assert result.customer_id == "C-2"

    def test_a_payer_known_by_name_naming_two_other_customers(self) -> None:
        from receivables.cashapp import PayerMatch

        says = PayerMatch("C-1", Reason.of("cashapp.payer_identified", "by name"))
        items = [inv("INV-2", "100.00", "C-2"), inv("INV-3", "200.00", "C-3")]
        payment = Payment("PAY-1", TODAY, usd("250.00"), references=["INV-2 INV-3"])
        result = outcome(payment, items, payer_identification=[_Says(says)])
        assert reason(result, "cashapp.other_customer") == Reason.of(
            "cashapp.other_customer",
            "the references name items of another customer (C-2, C-3) than the payer's name "
            "says (C-1), and the amount does not agree",
            payer="C-1",
        )

    def test_an_unknown_payer_paying_two_subsidiaries_of_one_parent(self) -> None:
        customers = [
            Customer("C-P", "Parent", "USD"),
            Customer("C-S1", "First", "USD", parent_id="C-P"),
            Customer("C-S2", "Second", "USD", parent_id="C-P"),
        ]
        items = [inv("INV-1", "100.00", "C-S1"), inv("INV-2", "200.00", "C-S2")]
        result = outcome(pay("300.00", "INV-1 INV-2", customer=None), items, customers=customers)
        assert result.status is MatchStatus.MATCHED
        assert codes(result) == ["cashapp.reference_normalised"]
        assert result.confidence == Decimal("0.98")

    def test_two_references_set_aside(self) -> None:
        items = [
            inv("INV-1", "100.00"),
            inv("INV-2", "200.00"),
            inv("INV-3", "350.00"),
            inv("INV-4", "475.00"),
        ]
        result = outcome(pay("300.00", "INV-1 INV-2 INV-3 INV-4"), items)
        assert result.invoice_ids == ("INV-1", "INV-2")
        assert reason(result, "cashapp.reference_ignored") == Reason.of(
            "cashapp.reference_ignored",
            "references to INV-3, INV-4 were set aside: without them the amounts agree exactly",
            items="INV-3, INV-4",
        )

    def test_a_partial_word_in_the_payers_name_beside_a_reference(self) -> None:
        customers = [Customer("C-1", "Partial Systems", "USD")]
        named = outcome(pay("900.00", "INV-1001 PARTIAL SYSTEMS"), [OPEN], customers=customers)
        assert named.applications[0].deduction_reason == "short_payment"
        said = outcome(pay("900.00", "INV-1001 PARTIAL"), [OPEN], customers=customers)
        assert said.applications[0].deduction_reason == "partial_payment"
