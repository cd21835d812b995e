"""Cash application on real remittance noise: one reference test per kind, and the invariants.

Each reference test builds the case from the format or rule it cites, and asserts the outcome's
status, what it applied, and the reason codes it gives.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from receivables import CreditMemo, Customer, Invoice, Money, Payment, parse_terms
from receivables.allowance.journal import AccountMap
from receivables.cashapp import (
    EvidenceConfidence,
    MatchPolicy,
    MatchStatus,
    PaymentOutcome,
    Remittance,
    RemittanceLine,
    apply_cash,
    cash_application_entries,
)
from receivables.errors import InvalidAccountError, InvalidPolicyError
from receivables.samples.cashapp import generate_noisy_scenario

D = dt.date
TODAY = D(2026, 6, 30)
NET30 = parse_terms("Net 30")
IBAN_C1 = "DE89370400440532013000"
IBAN_C2 = "GB29NWBK60161331926819"


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def inv(id: str, amount: str, customer: str = "C-1", *, refs: tuple[str, ...] = ()) -> Invoice:
    return Invoice(id, customer, D(2026, 6, 1), eur(amount), terms=NET30, references=refs)


CUSTOMERS = [
    Customer("C-1", "Lumen Energy GmbH", "EUR", bank_accounts=[IBAN_C1]),
    Customer("C-2", "Atlas Tooling Ltd", "EUR", bank_accounts=[IBAN_C2]),
]
LEDGER = [
    inv("ACC-SINV-2026-01241", "1200.00"),
    inv("ACC-SINV-2026-01632", "540.00"),
    inv("ACC-SINV-2026-01881", "534.01"),
    inv("ACC-SINV-2026-01861", "80.00"),
    inv("INV/2026/00042", "75.00"),
    inv("INV-00123", "310.00", refs=("PO 4559423134",)),
    inv("1632", "999.00", customer="C-2"),  # an acquired business's plain series
    inv("INV-01632", "640.00", customer="C-2"),
    inv("SI-2026-0181", "2481.01", customer="C-2"),
]


def pay(
    amount: str,
    *refs: str,
    customer: str | None = "C-1",
    account: str | None = None,
    name: str | None = None,
    id: str = "P-1",
) -> Payment:
    return Payment(
        id,
        TODAY,
        eur(amount),
        customer_id=customer,
        references=refs,
        payer_name=name,
        payer_account=account,
    )


def run(*payments: Payment, **kwargs: object) -> PaymentOutcome:
    kwargs.setdefault("customers", CUSTOMERS)
    return apply_cash(payments, LEDGER, **kwargs).outcomes[0]  # type: ignore[arg-type]


def codes(outcome: PaymentOutcome) -> list[str]:
    return [r.code for r in outcome.reasons]


def applied(outcome: PaymentOutcome) -> dict[str, Money]:
    return {a.invoice_id: a.amount for a in outcome.applications}


@pytest.mark.reference
class TestReferenceSchemes:
    def test_year_segmented_reference_inside_free_text(self) -> None:
        """ERPNext numbers sales invoices ``ACC-SINV-.YYYY.-`` (its default naming series); a
        payer quotes one inside a sentence, and it is found as that one invoice, not as the
        numbers 2026 and 1241."""
        outcome = run(pay("1200.00", "Payment ACC-SINV-2026-01241 thank you", customer=None))
        assert outcome.status is MatchStatus.MATCHED
        assert applied(outcome) == {"ACC-SINV-2026-01241": eur("1200.00")}
        assert codes(outcome) == ["cashapp.reference_normalised"]
        assert outcome.customer_id == "C-1"

    @pytest.mark.parametrize("written", ["INV/2026/00042", "2026/42", "inv 2026-0042"])
    def test_slash_segmented_numbers_as_payers_rewrite_them(self, written: str) -> None:
        """Odoo's default invoice sequence is ``INV/YYYY/NNNNN``; payers drop the prefix or the
        zeros, and the year and serial together still name one invoice."""
        outcome = run(pay("75.00", written))
        assert (outcome.status, list(applied(outcome))) == (MatchStatus.MATCHED, ["INV/2026/00042"])

    @pytest.mark.parametrize("written", ["INV-00123", "123", "IN00123", "INV 123", "#123"])
    def test_prefixed_or_bare(self, written: str) -> None:
        """``INV-00123`` = ``123`` = ``IN00123``: the prefix and the leading zeros are noise
        (the issue's own examples)."""
        outcome = run(pay("310.00", written))
        assert (outcome.status, list(applied(outcome))) == (MatchStatus.MATCHED, ["INV-00123"])
        assert codes(outcome)[0] in ("cashapp.reference_exact", "cashapp.reference_normalised")

    def test_payer_identity_outranks_another_customers_number(self) -> None:
        """Overlapping series: ``1632`` is C-2's legacy invoice and the serial of C-1's
        ``ACC-SINV-2026-01632``. The payer's bank account is on file for C-1 (ISO 13616 IBAN),
        so the cash stays with C-1: its own item, the amount agreeing."""
        outcome = run(pay("540.00", "1632", customer=None, account=IBAN_C1))
        assert outcome.status is MatchStatus.MATCHED
        assert applied(outcome) == {"ACC-SINV-2026-01632": eur("540.00")}
        assert outcome.customer_id == "C-1"
        assert "cashapp.stray_number" in codes(outcome)  # a bare serial: confirmed by the amount

    def test_a_name_does_not_outrank_a_reference(self) -> None:
        """A payer known only by a truncated name (bank lines cut names at their field width)
        narrows shared numbers but cannot move cash named by a reference."""
        outcome = run(pay("999.00", "INV 1632", customer=None, name="LUMEN ENERGY"))
        assert applied(outcome) == {"1632": eur("999.00")}


@pytest.mark.reference
class TestKeyingErrors:
    @pytest.mark.parametrize(
        "written",
        [
            "ACC-SINV-2026-01214",  # two neighbours swapped
            "ACC-SINV-2026-0124",  # a digit dropped
            "ACC-SINV-2026-0I241",  # OCR: I for 1
            "ACC-SINV-2026-O1241",  # OCR: O for 0
        ],
    )
    def test_unique_near_miss_with_the_amount(self, written: str) -> None:
        """Damerau (1964): most keying errors are one substitution, insertion, deletion or
        swap of neighbours; OCR confuses O/0, I/1, S/5. Accepted only when unique and the
        amount agrees."""
        outcome = run(pay("1200.00", written))
        assert outcome.status is MatchStatus.MATCHED
        assert applied(outcome) == {"ACC-SINV-2026-01241": eur("1200.00")}
        assert codes(outcome) == ["cashapp.reference_near_miss"]

    def test_near_miss_without_the_amount_is_not_taken(self) -> None:
        """Damerau (1964); without the amount agreeing, a one-keystroke neighbour is a guess."""
        outcome = run(pay("1100.00", "ACC-SINV-2026-01214"))
        assert "ACC-SINV-2026-01241" not in applied(outcome)


@pytest.mark.reference
class TestNarratives:
    def test_mt940_subfields_cut_a_reference(self) -> None:
        """DFÜ-Abkommen Anlage 3, field :86: subfields ?20-?29 hold 27 characters each and a
        longer text continues in the next subfield: a reference may be cut across two."""
        text = "LUMEN ENERGIE PAYMENT ACC-SINV-2026-01632 THANKS"
        fields = [text[i : i + 27] for i in range(0, len(text), 27)]
        assert fields[0].endswith("ACC-S")  # the reference is cut in two
        outcome = run(pay("540.00", *fields, customer=None))
        assert applied(outcome) == {"ACC-SINV-2026-01632": eur("540.00")}

    def test_stray_numbers_never_post_alone(self) -> None:
        """A date (YYMMDD), a bank's own reference and an order number in an ACH addenda record
        (NACHA CCD+, 80 characters of free text): one equals C-2's plain invoice 1632, but it
        was not written as a reference and the amount disagrees."""
        outcome = run(pay("77.13", "260602 BNK REF 1632 ORDER 884431", customer="C-2"))
        assert outcome.status is not MatchStatus.MATCHED
        assert outcome.applications == ()

    def test_stray_number_with_the_amount_agreeing(self) -> None:
        """NACHA CCD+ addenda text: a stray number stands only on the amount agreeing."""
        outcome = run(pay("310.00", "BNK REF 123 VALUE 260602"))
        assert applied(outcome) == {"INV-00123": eur("310.00")}
        assert codes(outcome) == ["cashapp.stray_number"]

    @pytest.mark.parametrize("word", ["ADVANCE", "DEPOSIT", "ON ACCOUNT", "PARTIAL"])
    def test_words_keep_cash_on_account(self, word: str) -> None:
        """Remittance practice: a deposit, an advance or a partial payment without a reference
        is held on account, even when the amount happens to equal an open invoice."""
        outcome = run(pay("310.00", f"{word} PER CONTRACT"))
        assert outcome.status is MatchStatus.UNAPPLIED
        assert codes(outcome) == ["cashapp.on_account"]
        assert outcome.customer_id == "C-1"

    def test_partial_with_a_reference(self) -> None:
        """A payer saying PARTIAL with a reference: applied, the rest still owed (not a
        deduction, never a write-off)."""
        outcome = run(pay("300.00", "PARTIAL PAYMENT INV-00123"))
        assert outcome.status is MatchStatus.MATCHED
        (application,) = outcome.applications
        assert application.deduction_reason == "partial_payment"
        assert application.write_off is None


@pytest.mark.reference
class TestAdvices:
    def test_keying_error_is_not_a_short_payment(self) -> None:
        """An advice line names ACC-SINV-2026-01861 (open 80.00) for 534.01, while
        ACC-SINV-2026-01881, one keystroke away, is open for exactly 534.01: a keying error
        (Damerau 1964), never a silent deduction on the wrong invoice."""
        advice = Remittance("P-1", [RemittanceLine("ACC-SINV-2026-01861", eur("534.01"))])
        outcome = run(pay("534.01"), remittances=[advice])
        assert applied(outcome) == {"ACC-SINV-2026-01881": eur("534.01")}
        assert "cashapp.keying_error" in codes(outcome)
        assert all(a.deduction is None for a in outcome.applications)

    def test_credit_memo_on_the_advice(self) -> None:
        """ANSI X12 820 remittance: a credit memo line (negative) quoting the invoice it
        credits, next to that invoice: both apply, neither line is dropped."""
        memo = CreditMemo(
            "CN-2026-00200", "C-1", D(2026, 6, 5), eur("31.00"), references=["INV-00123"]
        )
        advice = Remittance(
            "P-1",
            [
                RemittanceLine("CN-2026-00200 INV-00123", eur("-31.00")),
                RemittanceLine("INV-00123", eur("310.00")),
            ],
        )
        result = apply_cash([pay("279.00")], [*LEDGER, memo], remittances=[advice])
        outcome = result.outcomes[0]
        assert applied(outcome) == {"CN-2026-00200": eur("-31.00"), "INV-00123": eur("310.00")}
        assert outcome.status is MatchStatus.MATCHED

    def test_one_line_naming_an_invoice_twice(self) -> None:
        """ "INV 245445 / PO 4559423134": the invoice and its PO number are one line for one
        invoice (X12 820 RMR with an invoice and a PO reference)."""
        advice = Remittance("P-1", [RemittanceLine("INV 00123 / PO 4559423134", eur("310.00"))])
        outcome = run(pay("310.00"), remittances=[advice])
        assert applied(outcome) == {"INV-00123": eur("310.00")}
        assert "cashapp.no_match" not in codes(outcome)


@pytest.mark.reference
class TestDifferences:
    def test_netted_credit_memo(self) -> None:
        """A customer nets an open credit memo without saying so: the shortfall equals it
        exactly, and both apply (cash application practice)."""
        memo = CreditMemo("CN-2026-00031", "C-1", D(2026, 6, 5), eur("40.00"))
        outcome = apply_cash([pay("270.00", "INV-00123")], [*LEDGER, memo]).outcomes[0]
        assert applied(outcome) == {"INV-00123": eur("310.00"), "CN-2026-00031": eur("-40.00")}
        assert "cashapp.credit_memo_netted" in codes(outcome)

    def test_bank_charges(self) -> None:
        """SEPA/SWIFT charge option SHA: the beneficiary's bank deducts its fee (here 25.00)
        from the amount credited; the rest is left open with the ``bank_charges`` code."""
        outcome = run(pay("1175.00", "ACC-SINV-2026-01241"))
        (application,) = outcome.applications
        assert application.deduction_reason == "bank_charges"
        assert application.deduction == eur("25.00")
        assert "cashapp.short_payment" in codes(outcome)

    def test_late_discount(self) -> None:
        """2/10 Net 30 (the discount is 2% within 10 days): taken on day 29, it is unearned."""
        invoice = Invoice(
            "INV-00900", "C-1", D(2026, 6, 1), eur("1000.00"), terms=parse_terms("2/10 Net 30")
        )
        late = Payment(
            "P-1", D(2026, 6, 30), eur("980.00"), customer_id="C-1", references=["INV-00900"]
        )
        outcome = apply_cash([late], [invoice]).outcomes[0]
        assert outcome.applications[0].deduction_reason == "unearned_discount"

    def test_unauthorised_deduction(self) -> None:
        """A deduction with no explanation: applied, the rest open as ``short_payment``."""
        outcome = run(pay("1111.11", "ACC-SINV-2026-01241"))
        assert outcome.applications[0].deduction_reason == "short_payment"

    def test_duplicate_payment(self) -> None:
        """A payment repeating one already cleared (same invoice, same amount) is a duplicate:
        an exception for a person, never matched to another open item by amount."""
        cleared = Invoice(
            "INV-00077",
            "C-1",
            D(2026, 5, 1),
            eur("310.00"),
            terms=NET30,
            open_amount=eur("0"),
            paid_on=D(2026, 6, 10),
        )
        earlier = Payment(
            "P-0", D(2026, 6, 10), eur("310.00"), customer_id="C-1", references=["INV-00077"]
        )
        outcome = run(pay("310.00", "INV-00077"), history=[cleared, earlier])
        assert outcome.status is MatchStatus.EXCEPTION
        assert codes(outcome) == ["cashapp.duplicate_payment"]
        assert outcome.applications == ()
        # Without the history the amount would have matched INV-00123: that is the risk.
        assert applied(run(pay("310.00", "INV-00077"))) == {"INV-00123": eur("310.00")}

    def test_a_combination_expected_by_chance_is_not_evidence(self) -> None:
        """With 40 open items of up to 1,000.00, C(40,3) = 9,880 triples spread over some
        300,000 cents: a triple fitting an amount is to be expected by chance (about 0.03 per
        amount), so even a unique one is not evidence."""
        import random

        rng = random.Random(7)
        ledger = [inv(f"INV-{n:05d}", f"{rng.randint(100, 99_999) / 100:.2f}") for n in range(40)]
        target = sum((i.open_amount for i in ledger[3:6]), eur("0"))
        outcome = apply_cash([pay(str(target.amount))], ledger).outcomes[0]
        assert outcome.status is MatchStatus.EXCEPTION
        assert codes(outcome) in (["cashapp.chance_fit"], ["cashapp.ambiguous_amount"])
        # A payer with a handful of open items: the same kind of fit is evidence.
        small = ledger[:5]
        pair = small[1].open_amount + small[3].open_amount
        matched = apply_cash([pay(str(pair.amount))], small).outcomes[0]
        assert codes(matched) == ["cashapp.combination"]


def test_bank_accounts_are_validated() -> None:
    with pytest.raises(InvalidAccountError):
        Customer("C-9", "Bad Account", "EUR", bank_accounts=["DE00370400440532013000"])
    assert Customer(
        "C-9", "x", "EUR", bank_accounts=["de89 3704 0044 0532 0130 00"]
    ).bank_accounts == (IBAN_C1,)


def test_confidence_ladder_is_policy_data() -> None:
    policy = MatchPolicy.from_dict({"confidence": {"near_miss": "0.5"}})
    outcome = run(pay("1200.00", "ACC-SINV-2026-01214"), policy=policy)
    assert outcome.status is MatchStatus.EXCEPTION
    assert "cashapp.low_confidence" in codes(outcome)
    assert MatchPolicy().confidence == EvidenceConfidence()
    with pytest.raises(InvalidPolicyError):
        MatchPolicy.from_dict({"confidence": {"near_miss": "1.5"}})


def test_journal_entries_balance_and_carry_the_party() -> None:
    memo = CreditMemo("CN-2026-00031", "C-1", D(2026, 6, 5), eur("40.00"))
    ledger: list[Invoice | CreditMemo] = [*LEDGER, memo]
    payments = [
        pay("270.00", "INV-00123"),
        pay("1300.00", "ACC-SINV-2026-01241", id="P-2"),  # 100.00 stays on account
        pay("77.13", id="P-3"),  # unapplied: no entry
    ]
    result = apply_cash(payments, ledger)
    accounts = AccountMap("1200", "1290", "6100", "1000", unapplied_cash="2050")
    entries = cash_application_entries(result, ledger, accounts=accounts, on=TODAY)
    assert len(entries) == 2
    for entry in entries:
        assert entry.total_debits == entry.total_credits
        assert all(line.party == "C-1" for line in entry.lines)
    bank = [line.debit for entry in entries for line in entry.lines if line.account == "1000"]
    assert bank == [eur("270.00"), eur("1300.00")]
    on_account = [line.credit for line in entries[1].lines if line.account == "2050"]
    assert on_account == [eur("100.00")]


# -- invariants ------------------------------------------------------------------------------


@st.composite
def noisy_day(draw: st.DrawFn) -> tuple[list[Invoice], list[Payment]]:
    """Invoices of whole euros in several schemes, and payments whose amount ends in odd cents
    (so no item and no combination of items can fit it): their only evidence is a stray number
    in the narrative or the payer's name."""
    schemes = ["ACC-SINV-2026-{:05d}", "INV/2026/{:05d}", "INV-{:05d}", "{}"]
    items = []
    for number in draw(st.lists(st.integers(100, 999), min_size=1, max_size=12, unique=True)):
        scheme = draw(st.sampled_from(schemes))
        customer = draw(st.sampled_from(["C-1", "C-2"]))
        items.append(inv(scheme.format(number), f"{draw(st.integers(1, 900))}.00", customer))
    payments = []
    for index in range(draw(st.integers(1, 5))):
        stray = draw(
            st.sampled_from([str(int(i.id.rsplit("-", 1)[-1].rsplit("/", 1)[-1])) for i in items])
        )
        filler = draw(st.sampled_from(["BNK REF", "ORDER", "260602", "VALUE DATE"]))
        name = draw(st.sampled_from(["LUMEN ENERGY", "ATLAS TOOLING", "LUMEN ENERGIE", None]))
        payments.append(
            Payment(
                f"P-{index}",
                TODAY,
                eur(f"{draw(st.integers(1, 3000))}.{draw(st.sampled_from(['13', '37', '71']))}"),
                customer_id=draw(st.sampled_from([None, "C-1", "C-2"])),
                payer_name=name,
                references=[f"{filler} {stray}"],
            )
        )
    return items, payments


@settings(max_examples=120, deadline=None)
@given(noisy_day())
def test_a_stray_number_or_a_name_alone_never_posts(
    day: tuple[list[Invoice], list[Payment]],
) -> None:
    items, payments = day
    result = apply_cash(payments, items, customers=CUSTOMERS)
    for outcome in result.outcomes:
        assert outcome.status is not MatchStatus.MATCHED
        assert outcome.applications == ()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
# Fixed seeds run every time, whatever hypothesis draws: 3217 once applied a payment as +1,868.40
# to a credit memo (a bank-charge "keying error" took the wrong invoice, and an advice line naming
# that invoice then resolved to the credit quoting it).
@example(3217, random.Random(0))
@example(0, random.Random(1))
@example(5, random.Random(2))
@example(1234, random.Random(3))
def test_noisy_scenario_invariants(seed: int, rng: object) -> None:
    """Conservation, never over-applying, one payment per item, and order-free, on the noisy
    generator's kinds."""
    scenario = generate_noisy_scenario(
        seed=seed, customers=6, payments=30, mean_items=8, max_items=40
    )
    kwargs = {
        "remittances": scenario.remittances,
        "customers": scenario.customers,
        "history": scenario.history,
    }
    result = apply_cash(scenario.payments, scenario.open_items, **kwargs)  # type: ignore[arg-type]
    open_amounts = {i.document_id: i.open_balance for i in scenario.open_items}
    touched: set[str] = set()
    for payment, outcome in zip(scenario.payments, result.outcomes, strict=True):
        assert outcome.applied + outcome.unapplied == payment.amount
        assert not outcome.unapplied.is_negative
        if outcome.status in (MatchStatus.UNAPPLIED, MatchStatus.EXCEPTION):
            assert outcome.applications == ()
        for application in outcome.applications:
            assert application.invoice_id not in touched
            touched.add(application.invoice_id)
            open_amount = open_amounts[application.invoice_id]
            if open_amount.is_positive:
                assert not application.amount.is_negative
                assert application.settled <= open_amount
            else:
                assert open_amount <= application.amount <= Money.zero("EUR")
    shuffled = list(scenario.open_items)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert apply_cash(scenario.payments, shuffled, **kwargs) == result  # type: ignore[arg-type]


def test_quality_floor_on_the_noisy_generator() -> None:
    """A regression floor; the benchmark measures the full-size run (and the hidden scenarios
    are not this generator's)."""
    scenario = generate_noisy_scenario(
        seed=5, customers=40, payments=400, mean_items=30, max_items=200
    )
    result = apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
        history=scenario.history,
    )
    posted = right = 0
    for outcome in result.outcomes:
        got = frozenset(outcome.invoice_ids)
        ok = (
            not got
            if outcome.payment_id in scenario.needs_person
            else got == scenario.truth[outcome.payment_id]
        )
        if outcome.status in (MatchStatus.MATCHED, MatchStatus.PARTIAL) and got:
            posted += 1
            right += ok
    assert posted
    assert Decimal(right) / Decimal(posted) >= Decimal("0.99")


def test_combination_search_agrees_with_brute_force() -> None:
    import random

    from receivables.cashapp._by_amount import _deeper, _fours, _pairs, _triples

    for trial in range(400):
        rng = random.Random(trial)
        amounts = sorted(rng.randint(1, 30) for _ in range(rng.randint(3, 11)))
        size = rng.choice([2, 3, 4, 5])
        target = rng.randint(5, 60)
        truth = [
            c
            for c in itertools.combinations(range(len(amounts)), size)
            if sum(amounts[i] for i in c) == target
        ]
        prefix = [0]
        for amount in amounts:
            prefix.append(prefix[-1] + amount)
        search = {2: _pairs, 3: _triples, 4: _fours}.get(size)
        found = search(amounts, target) if search else _deeper(amounts, prefix, target, size)
        assert min(len(truth), 2) == min(len(found), 2)
        assert all(sum(amounts[i] for i in combo) == target for combo in found)


@pytest.mark.reference
class TestDuplicatesElsewhere:
    def test_an_advice_naming_a_cleared_invoice(self) -> None:
        """X12 820 remittance naming an invoice the history shows paid: a duplicate, never an
        amount match on another open item."""
        cleared = Invoice(
            "INV-00077",
            "C-1",
            D(2026, 5, 1),
            eur("310.00"),
            terms=NET30,
            open_amount=eur("0"),
            paid_on=D(2026, 6, 10),
        )
        advice = Remittance("P-1", [RemittanceLine("INV-00077", eur("310.00"))])
        outcome = run(pay("310.00"), remittances=[advice], history=[cleared])
        assert outcome.status is MatchStatus.EXCEPTION
        assert codes(outcome) == ["cashapp.duplicate_payment"]

    def test_a_repeat_of_an_earlier_payment(self) -> None:
        """The same payer, amount and reference as a payment in the history, naming nothing
        open: a duplicate. A reference without a number ("INVOICE PAYMENT") is not enough."""
        earlier = Payment(
            "P-0", D(2026, 6, 1), eur("310.00"), customer_id="C-1", references=["ORDER 5521"]
        )
        outcome = run(pay("310.00", "ORDER 5521"), history=[earlier])
        assert (outcome.status, codes(outcome)) == (
            MatchStatus.EXCEPTION,
            ["cashapp.duplicate_payment"],
        )
        generic = Payment(
            "P-0", D(2026, 6, 1), eur("310.00"), customer_id="C-1", references=["PAYMENT"]
        )
        assert run(pay("310.00", "PAYMENT"), history=[generic]).status is MatchStatus.MATCHED


@pytest.mark.reference
def test_a_truncated_uppercased_name_identifies_the_payer() -> None:
    """Fedwire's originator name is one line of 35 characters and banks upper-case and cut
    names ("LUMEN ENERGIE" for Lumen Energy GmbH): the longest start of the written name that
    begins one customer's name identifies it, with the name penalty; two customers sharing the
    start identify nobody."""
    customers = [
        *CUSTOMERS,
        Customer("C-3", "Atlas Toolmakers Ltd", "EUR"),
    ]
    lumen = run(pay("1200.00", customer=None, name="LUMEN ENERGIE"), customers=customers)
    assert (lumen.customer_id, codes(lumen)) == (
        "C-1",
        ["cashapp.payer_identified", "cashapp.amount_unique"],
    )
    assert lumen.confidence == Decimal("0.93") - Decimal("0.03")
    atlas = run(pay("999.00", customer=None, name="ATLAS TOOL"), customers=customers)
    assert atlas.applications == ()


@pytest.mark.reference
def test_journal_entry_for_a_realised_exchange_gain() -> None:
    """IAS 21.28: the exchange difference on settling a monetary item is recognised in profit
    or loss. EUR 1,000.00 booked at 1.10 USD and settled at 1.12 USD is a 20.00 USD gain:
    Dr receivables 20.00, Cr exchange differences 20.00, in the functional currency."""
    from receivables import ExchangeRate, RateTable

    ledger = [Invoice("INV-1", "C-1", D(2026, 5, 1), eur("1000.00"), terms=NET30)]
    rates = RateTable(
        [
            ExchangeRate("EUR", "USD", "1.10", D(2026, 5, 1)),
            ExchangeRate("EUR", "USD", "1.12", D(2026, 6, 1)),
        ]
    )
    payment = Payment("P-1", TODAY, eur("1000.00"), customer_id="C-1", references=["INV-1"])
    result = apply_cash([payment], ledger, rates=rates, functional_currency="USD")
    accounts = AccountMap("1200", "1290", "6100", "1000", fx_differences="7900")
    cash, fx = cash_application_entries(result, ledger, accounts=accounts, on=TODAY)
    assert cash.currency.code == "EUR"
    assert [(line.account, line.debit, line.credit) for line in fx.lines] == [
        ("1200", Money("20.00", "USD"), Money("0", "USD")),
        ("7900", Money("0", "USD"), Money("20.00", "USD")),
    ]
