"""Cash never goes to an item against its sign, nor beyond its open amount.

An invoice takes positive cash (with any discount and write-off) up to what is open; a credit
memo is only ever consumed, with its own negative amount, down to what is open. These tests pin
the defect found with ``generate_noisy_scenario(seed=3217, ...)`` (a payment applied as
+1,868.40 to a credit memo open for -207.60), each path that led to it, and the property over
random ledgers, advices and generator seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import CreditMemo, Customer, Invoice, Money, Payment, parse_terms
from receivables.cashapp import (
    CashApplicationResult,
    MatchPolicy,
    MatchStatus,
    PaymentOutcome,
    Remittance,
    RemittanceLine,
    apply_cash,
)
from receivables.cashapp._ledger import Ledger
from receivables.cashapp._settling import Line, decide
from receivables.samples.cashapp import generate_noisy_scenario

D = dt.date
TODAY = D(2026, 6, 30)
NET30 = parse_terms("Net 30")


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def inv(id: str, amount: str, customer: str = "C-1") -> Invoice:
    return Invoice(id, customer, D(2026, 6, 1), eur(amount), terms=NET30)


def pay(id: str, amount: str, *refs: str, customer: str | None = "C-1") -> Payment:
    return Payment(id, TODAY, eur(amount), customer_id=customer, references=refs)


def applied(outcome: PaymentOutcome) -> dict[str, Money]:
    return {a.invoice_id: a.amount for a in outcome.applications}


def codes(outcome: PaymentOutcome) -> list[str]:
    return [r.code for r in outcome.reasons]


def assert_signs(result: CashApplicationResult, items: Sequence[Invoice | CreditMemo]) -> None:
    """No application has a sign opposite to its item's open amount or exceeds it."""
    open_amounts = {i.document_id: i.open_balance for i in items}
    for outcome in result.outcomes:
        for application in outcome.applications:
            open_amount = open_amounts[application.invoice_id]
            if open_amount.is_positive:
                assert not application.amount.is_negative, application
                assert application.settled <= open_amount, application
            else:
                assert open_amount <= application.amount, application
                assert not application.amount.is_positive, application
                assert application.settled == application.amount, application


def test_seed_3217_regression() -> None:
    """The generator's seed 3217: PAY-000021 pays SI-2026-0208 less a 10.00 bank charge (not its
    neighbour SI-2026-0203 as a "keying error"), and PAY-000030's advice then pays SI-2026-0203
    net of the credit memo CN-2026-00077 that quotes it."""
    scenario = generate_noisy_scenario(
        seed=3217, customers=6, payments=30, mean_items=8, max_items=40
    )
    result = apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
        history=scenario.history,
    )
    assert_signs(result, scenario.open_items)
    by_id = {o.payment_id: o for o in result.outcomes}
    assert applied(by_id["PAY-000021"]) == {"SI-2026-0208": eur("2066.00")}
    assert by_id["PAY-000030"].status is MatchStatus.MATCHED
    assert applied(by_id["PAY-000030"]) == {
        "SI-2026-0203": eur("2076.00"),
        "CN-2026-00077": eur("-207.60"),
    }


MEMO = CreditMemo("CN-2026-00077", "C-1", D(2026, 6, 8), eur("207.60"), references=["SI-0203"])
ADVICE = [
    RemittanceLine("SI-0203", eur("2076.00")),
    RemittanceLine("CN-2026-00077 SI-0203", eur("-207.60")),
]


def test_a_positive_advice_line_never_resolves_to_the_credit_quoting_its_invoice() -> None:
    """The invoice an advice line names was paid earlier in the run, so the only open item the
    text names is the credit memo quoting it: the line pays cash, a credit takes none. The
    advice then names an item already applied: a person decides."""
    items: list[Invoice | CreditMemo] = [inv("SI-0203", "2076.00"), MEMO]
    first = pay("P-1", "2076.00", "SI-0203")
    second = pay("P-2", "1868.40")
    advice = Remittance("P-2", ADVICE)
    result = apply_cash([first, second], items, remittances=[advice])
    assert_signs(result, items)
    assert applied(result.outcomes[0]) == {"SI-0203": eur("2076.00")}
    outcome = result.outcomes[1]
    assert (outcome.status, outcome.applications) == (MatchStatus.EXCEPTION, ())
    assert codes(outcome) == ["cashapp.already_applied"]
    assert outcome.reasons[0].figure("items") == "SI-0203"


def test_an_advice_line_with_the_wrong_sign_is_not_found() -> None:
    """A negative line naming an invoice alone, or a positive one naming a credit alone, is not
    what the line pays; the matching lines still post, the rest stays on account."""
    items: list[Invoice | CreditMemo] = [
        inv("SI-0203", "2076.00"),
        inv("SI-0204", "500.00"),
        inv("SI-0205", "80.00"),
        MEMO,
    ]
    advice = Remittance(
        "P-1",
        [
            RemittanceLine("SI-0204", eur("500.00")),
            RemittanceLine("CN-2026-00077", eur("207.60")),  # a credit named for cash
            RemittanceLine("SI-0205", eur("-50.00")),  # an invoice named for a credit
        ],
    )
    result = apply_cash([pay("P-1", "657.60")], items, remittances=[advice])
    assert_signs(result, items)
    outcome = result.outcomes[0]
    assert applied(outcome) == {"SI-0204": eur("500.00")}
    assert outcome.status is MatchStatus.PARTIAL
    assert outcome.reasons[2].code == "cashapp.no_match"
    assert outcome.reasons[2].figure("references") == "CN-2026-00077, SI-0205"


def test_a_bank_charge_on_the_named_invoice_is_not_a_keying_error() -> None:
    """SI-0208 is named exactly and the payment is it less a 25.00 SHA charge; its neighbour
    SI-0203 (one keystroke away) is open for the same amount. The charge explains the named
    invoice: it is paid as written, with the ``bank_charges`` deduction."""
    items = [inv("SI-0203", "2076.00"), inv("SI-0208", "2076.00")]
    policy = MatchPolicy(write_off_rate=0)
    result = apply_cash([pay("P-1", "2051.00", "SI-0208")], items, policy=policy)
    (application,) = result.outcomes[0].applications
    assert (application.invoice_id, application.deduction_reason) == ("SI-0208", "bank_charges")
    # Without its own explanation (short 31.00, not a charge) the neighbour that fits the payment
    # plus a charge is still the keying error it was.
    other = [inv("SI-0203", "2076.00"), inv("SI-0208", "2082.00")]
    keyed = apply_cash([pay("P-1", "2051.00", "SI-0208")], other, policy=policy).outcomes[0]
    assert list(applied(keyed)) == ["SI-0203"]
    assert "cashapp.reference_near_miss" in codes(keyed)


def test_an_exact_rival_does_not_overrule_a_bank_charge() -> None:
    """The named invoice less a charge is the payment, and an item one keystroke away is open for
    exactly the payment: two explanations, for a person."""
    items = [inv("SI-0203", "2051.00"), inv("SI-0208", "2076.00")]
    policy = MatchPolicy(write_off_rate=0)
    outcome = apply_cash([pay("P-1", "2051.00", "SI-0208")], items, policy=policy).outcomes[0]
    assert (outcome.status, codes(outcome)) == (
        MatchStatus.EXCEPTION,
        ["cashapp.conflicting_evidence"],
    )


def test_the_guard_refuses_lines_against_the_sign_or_beyond() -> None:
    """Whatever evidence builds them, ``decide`` posts no line against its item's sign or beyond
    its open amount."""
    ledger = Ledger([inv("SI-1", "100.00"), MEMO], {})
    invoice, credit = ledger.by_customer["C-1"][0], ledger.credits["C-1"][0]
    policy = MatchPolicy()
    good = decide(
        [Line(invoice, 10000), Line(credit, -20760)], policy.auto_match_confidence, [], policy
    )
    assert good.status is MatchStatus.MATCHED
    for line in [
        Line(credit, 186840),  # positive cash on a credit
        Line(credit, -20761),  # more than the credit
        Line(invoice, -100),  # negative cash on an invoice
        Line(invoice, 9900, write_off=101),  # more than the invoice
        Line(credit, -100, discount=1),
    ]:
        plan = decide([line], policy.auto_match_confidence, [], policy)
        assert (plan.status, plan.lines) == (MatchStatus.EXCEPTION, ())
        assert plan.reasons[0].code == "cashapp.conflicting_evidence"


def test_an_unknown_payer_naming_unrelated_customers_items() -> None:
    """A payer not known whose references name items of two unrelated customers: accepted only
    when the amounts agree, with the other-customer penalty; else for a person."""
    customers = [Customer("C-1", "Lumen Energy GmbH", "EUR"), Customer("C-2", "Atlas Ltd", "EUR")]
    items = [inv("INV-00101", "300.00"), inv("INV-00202", "200.00", "C-2")]
    both = pay("P-1", "500.00", "INV-00101 INV-00202", customer=None)
    agreed = apply_cash([both], items, customers=customers).outcomes[0]
    other = [r for r in agreed.reasons if r.code == "cashapp.other_customer"]
    assert [r.figure("payer") for r in other] == ["unknown"]
    short = pay("P-1", "450.00", "INV-00101 INV-00202", customer=None)
    outcome = apply_cash([short], items, customers=customers).outcomes[0]
    assert (outcome.status, codes(outcome)) == (MatchStatus.EXCEPTION, ["cashapp.other_customer"])
    assert outcome.reasons[0].figure("payer") == "unknown"
    # A parent and its subsidiary are one payer.
    group = [customers[0], Customer("C-2", "Atlas Ltd", "EUR", parent_id="C-1")]
    related = apply_cash([both], items, customers=group).outcomes[0]
    assert "cashapp.other_customer" not in codes(related)


@st.composite
def credit_day(
    draw: st.DrawFn,
) -> tuple[list[Invoice | CreditMemo], list[Payment], list[Remittance]]:
    """Invoices, credit memos quoting them, and payments with advices whose lines name either
    (or both) for amounts of either sign; some invoices are paid earlier in the run, so a line
    naming one may find only the credit that quotes it."""
    count = draw(st.integers(1, 5))
    amounts = draw(st.lists(st.integers(1, 3000), min_size=count, max_size=count))
    items: list[Invoice | CreditMemo] = [
        inv(f"SI-{n:04d}", f"{a}.00") for n, a in enumerate(amounts)
    ]
    for n in draw(st.sets(st.integers(0, count - 1))):
        credit = draw(st.integers(1, amounts[n]))
        items.append(
            CreditMemo(
                f"CN-{n:04d}", "C-1", D(2026, 6, 5), eur(f"{credit}.00"), references=[f"SI-{n:04d}"]
            )
        )
    payments: list[Payment] = []
    advices: list[Remittance] = []
    for n in draw(st.sets(st.integers(0, count - 1))):
        payments.append(pay(f"P-E{n}", f"{amounts[n]}.00", f"SI-{n:04d}"))
    for index in range(draw(st.integers(1, 4))):
        lines = []
        total = 0
        for _ in range(draw(st.integers(1, 3))):
            n = draw(st.integers(0, count - 1))
            text = draw(st.sampled_from([f"SI-{n:04d}", f"CN-{n:04d}", f"CN-{n:04d} SI-{n:04d}"]))
            units = draw(st.integers(-3000, 3000).filter(bool))
            lines.append(RemittanceLine(text, eur(f"{units}.00")))
            total += units
        paid = draw(st.sampled_from([max(total, 1), draw(st.integers(1, 6000))]))
        payments.append(pay(f"P-{index}", f"{paid}.00"))
        advices.append(Remittance(f"P-{index}", lines))
    return items, payments, advices


@settings(max_examples=200, deadline=None)
@given(credit_day())
def test_no_application_against_its_items_sign_or_beyond_it(
    day: tuple[list[Invoice | CreditMemo], list[Payment], list[Remittance]],
) -> None:
    items, payments, advices = day
    result = apply_cash(payments, items, remittances=advices)
    assert_signs(result, items)
    for payment, outcome in zip(payments, result.outcomes, strict=True):
        assert outcome.applied + outcome.unapplied == payment.amount


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 100_000))
def test_no_application_against_its_items_sign_on_the_generator(seed: int) -> None:
    scenario = generate_noisy_scenario(
        seed=seed, customers=6, payments=30, mean_items=8, max_items=40
    )
    result = apply_cash(
        scenario.payments,
        scenario.open_items,
        remittances=scenario.remittances,
        customers=scenario.customers,
        history=scenario.history,
    )
    assert_signs(result, scenario.open_items)
