"""Seeded cash-application scenarios with ground truth, to measure a matcher honestly.

:func:`generate_scenario` builds open invoices, customers and a day's payments of many kinds
(clean and dirty references, several invoices in one field, typos, PO numbers, discounts taken,
short and over payments, unknown payers, parents paying for subsidiaries, remittance advices,
credit memos netted off, payments with nothing to go on) and records, for every payment, the
items it really pays. :func:`score` compares a :class:`~receivables.cashapp.CashApplicationResult`
with that truth.

Examples:
    >>> from receivables.cashapp import apply_cash
    >>> scenario = generate_scenario(seed=1, invoices=600, payments=120)
    >>> result = apply_cash(scenario.payments, scenario.open_items,
    ...                     remittances=scenario.remittances, customers=scenario.customers)
    >>> report = score(scenario, result)
    >>> report.payments == 120 and 0 <= report.precision_of_matched <= 1
    True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import in_context
from receivables.cashapp.model import CashApplicationResult, MatchStatus, Remittance, RemittanceLine
from receivables.documents import CreditMemo, Customer, Invoice, Payment
from receivables.errors import ValidationError
from receivables.money import Currency, Money
from receivables.samples.names import TRADES, WORDS
from receivables.terms import PaymentTerms

__all__ = ["KINDS", "Scenario", "ScenarioScore", "generate_scenario", "score"]

KINDS: Final[tuple[tuple[str, int], ...]] = (
    ("exact_reference", 28),
    ("normalised_reference", 14),
    ("several_references", 9),
    ("discount_taken", 7),
    ("near_miss_reference", 4),
    ("po_reference", 4),
    ("short_within_tolerance", 3),
    ("short_deduction", 3),
    ("overpayment", 2),
    ("amount_only", 6),
    ("combination", 3),
    ("unknown_payer_reference", 5),
    ("unknown_payer_by_name", 3),
    ("parent_pays_subsidiary", 2),
    ("remittance_advice", 4),
    ("credit_memo_netted", 1),
    ("nothing_to_go_on", 2),
    ("reference_to_another_item", 2),
)
"""The kinds of payment a scenario holds, with their weights."""

_AS_OF: Final = dt.date(2026, 6, 30)
_SUFFIXES: Final = ("Inc.", "LLC", "Corp.", "Ltd", "GmbH", "S.A.")
_DISCOUNT_TERMS: Final = PaymentTerms.net(30, discounts=[(Decimal("0.02"), 10)])
_NET_30: Final = PaymentTerms.net(30)


@attrs.frozen
class Scenario:
    """Open items, customers, payments, remittances and the truth about each payment.

    ``truth`` maps each payment id to the ids of the items it pays (empty when nothing can be
    known); ``kinds`` to the kind of payment it is.

    Examples:
        >>> scenario = generate_scenario(seed=2, invoices=200, payments=40)
        >>> len(scenario.payments), set(scenario.truth) == {p.id for p in scenario.payments}
        (40, True)
    """

    open_items: tuple[Invoice | CreditMemo, ...]
    customers: tuple[Customer, ...]
    payments: tuple[Payment, ...]
    remittances: tuple[Remittance, ...]
    truth: Mapping[str, frozenset[str]]
    kinds: Mapping[str, str]


def _variant(rng: random.Random, invoice_id: str) -> str:
    number = invoice_id.removeprefix("INV-")
    plain = str(int(number))
    choices = (
        f"inv {plain}",
        f"INV{number}",
        f"#{plain}",
        plain,
        f"Invoice No. {number}",
        f"inv-{plain}",
        f"INV {number.zfill(9)}",
        f"  {invoice_id.lower()} ",
    )
    return rng.choice(choices)


def _typo(rng: random.Random, invoice_id: str) -> str:
    number = invoice_id.removeprefix("INV-")
    position = rng.randrange(len(number) - 1)
    if rng.random() < 0.5 and number[position] != number[position + 1]:
        changed = (
            number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        )
    else:
        digit = str((int(number[position]) + rng.randint(1, 9)) % 10)
        changed = number[:position] + digit + number[position + 1 :]
    return f"INV-{changed}"


@in_context
def generate_scenario(
    seed: int = 0,
    *,
    invoices: int = 50_000,
    payments: int = 10_000,
    as_of: dt.date = _AS_OF,
    currency: str = "USD",
) -> Scenario:
    """Build a seeded scenario of ``invoices`` open invoices and ``payments`` payments.

    Customers hold about ten open invoices each; one in twenty pays a recurring amount (so
    amount-only matching meets real ambiguity), one in thirty has a parent that sometimes pays
    for it, and a few share a trading name. Each payment pays items no other payment pays.

    Examples:
        >>> scenario = generate_scenario(seed=3, invoices=300, payments=50)
        >>> set(scenario.kinds.values()) <= {kind for kind, _ in KINDS}
        True
        >>> all(scenario.truth[p.id] or scenario.kinds[p.id] == "nothing_to_go_on"
        ...     for p in scenario.payments)
        True
    """
    if invoices < 20 or payments < 1 or payments * 3 > invoices:
        raise ValidationError(
            "a scenario needs at least 20 invoices and three invoices per payment"
        )
    rng = random.Random(seed)
    cur = Currency(currency)
    scale = 10**cur.minor_units
    customer_count = max(2, invoices // 10)
    customers: list[Customer] = []
    recurring: dict[str, int] = {}
    for index in range(customer_count):
        new_id = f"CUST-{index + 1:05d}"
        if index and rng.random() < 0.02:
            name = customers[rng.randrange(index)].name  # a trading name shared by two
        else:
            words = (rng.choice(WORDS), rng.choice(WORDS), rng.choice(TRADES))
            name = f"{' '.join(words)} {rng.choice(_SUFFIXES)}"
        parent = None
        if index > 10 and rng.random() < 0.033:
            parent = customers[rng.randrange(index)].id
        customers.append(Customer(new_id, name, cur, parent_id=parent))
        if rng.random() < 0.05:
            recurring[new_id] = rng.randint(200, 5000) * scale
    by_id = {c.id: c for c in customers}

    items: list[Invoice | CreditMemo] = []
    per_customer: dict[str, list[Invoice]] = {}
    for number in range(invoices):
        customer = customers[rng.randrange(customer_count)]
        issued = as_of - dt.timedelta(days=rng.randint(0, 120))
        units = recurring.get(customer.id) or max(
            scale, round(rng.lognormvariate(7.5, 1.1) * scale)
        )
        terms = _DISCOUNT_TERMS if rng.random() < 0.2 else _NET_30
        invoice_id = f"INV-{100000 + number * 7 + rng.randint(0, 6):07d}"
        invoice = Invoice(
            invoice_id,
            customer.id,
            issued,
            Money(Decimal(units).scaleb(-cur.minor_units), cur),
            terms=terms,
            references=(f"PO-{rng.randint(10000, 99999)}{number % 10}",),
        )
        items.append(invoice)
        per_customer.setdefault(customer.id, []).append(invoice)

    used: set[str] = set()
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    payment_list: list[Payment] = []
    remittances: list[Remittance] = []
    truth: dict[str, frozenset[str]] = {}
    kind_of: dict[str, str] = {}
    credit_number = 0

    def pick(count: int, customer_id: str | None = None) -> list[Invoice]:
        pool_ids = [customer_id] if customer_id else None
        for _ in range(200):
            owner = pool_ids[0] if pool_ids else customers[rng.randrange(customer_count)].id
            open_ones = [i for i in per_customer.get(owner, []) if i.id not in used]
            if len(open_ones) >= count:
                chosen = rng.sample(open_ones, count)
                used.update(i.id for i in chosen)
                return chosen
            if pool_ids:
                return []
        return []

    for index in range(payments):
        payment_id = f"PAY-{index + 1:06d}"
        kind = rng.choices(kinds, weights)[0]
        chosen = pick(
            rng.randint(2, 4)
            if kind in ("several_references", "remittance_advice")
            else rng.randint(2, 3)
            if kind in ("combination", "credit_memo_netted")
            else 1
        )
        if not chosen:
            kind, chosen = "nothing_to_go_on", []
        payer = chosen[0].customer_id if chosen else None
        name = by_id[payer].name.upper() if payer else "UNKNOWN PAYER LTD"
        total = sum((i.open_amount for i in chosen), Money.zero(cur))
        received = as_of
        references: tuple[str, ...] = tuple(i.id for i in chosen)
        customer_id: str | None = payer
        amount = total
        expected = frozenset(i.id for i in chosen)
        if kind == "normalised_reference":
            references = (_variant(rng, chosen[0].id),)
        elif kind == "several_references":
            numbers = [str(int(i.id.removeprefix("INV-"))) for i in chosen]
            joiner = rng.choice((", ", " & ", "; ", " / ", " and "))
            references = ("Inv " + joiner.join(numbers),)
        elif kind == "discount_taken":
            invoice = chosen[0]
            if invoice.terms is _DISCOUNT_TERMS or (invoice.terms and invoice.terms.discounts):
                received = invoice.issue_date + dt.timedelta(days=rng.randint(0, 12))
                amount = invoice.open_amount - invoice.terms.discount_for(
                    invoice.open_amount, invoice.issue_date, received, grace_days=5
                )
            references = (rng.choice((invoice.id, _variant(rng, invoice.id))),)
        elif kind == "near_miss_reference":
            references = (_typo(rng, chosen[0].id),)
        elif kind == "po_reference":
            references = (chosen[0].references[0],)
        elif kind == "short_within_tolerance":
            fee = min(rng.randint(1, 8) * scale, max(1, int(total.amount * scale) // 200))
            amount = total - Money(Decimal(fee).scaleb(-cur.minor_units), cur)
        elif kind == "short_deduction":
            amount = (total * Decimal(rng.randint(70, 92)) / 100).round()
        elif kind == "overpayment":
            amount = total + (total * Decimal(rng.randint(5, 30)) / 100).round()
        elif kind == "amount_only" or kind == "combination":
            references = ()
        elif kind == "unknown_payer_reference":
            customer_id = None
            references = (rng.choice((chosen[0].id, _variant(rng, chosen[0].id))),)
        elif kind == "unknown_payer_by_name":
            customer_id = None
            references = ()
        elif kind == "parent_pays_subsidiary":
            parent = by_id[payer].parent_id if payer else None
            if parent is not None:
                customer_id = parent
                name = by_id[parent].name.upper()
        elif kind == "remittance_advice":
            references = ()
            lines = [
                RemittanceLine(rng.choice((i.id, _variant(rng, i.id))), i.open_amount)
                for i in chosen
            ]
            remittances.append(Remittance(payment_id, lines))
        elif kind == "credit_memo_netted" and payer is not None:
            credit_number += 1
            credit = CreditMemo(
                f"CM-{credit_number:06d}",
                payer,
                as_of - dt.timedelta(days=rng.randint(1, 30)),
                (chosen[0].open_amount * Decimal(rng.randint(5, 40)) / 100).round(),
            )
            items.append(credit)
            references = (*references, credit.id)
            amount = total - credit.open_amount
            expected = expected | {credit.id}
        elif kind == "reference_to_another_item" and payer is not None:
            # The payer quotes a real but wrong number of its own (a slip of the pen).
            # (Another item of the same amount would make the slip undetectable by anyone.)
            others = [
                i
                for i in per_customer[payer]
                if i.id not in used and i.open_amount != chosen[0].open_amount
            ]
            if others:
                references = (rng.choice(others).id,)
        elif kind == "nothing_to_go_on":
            customer_id = None
            references = ()
            name = "ACH CREDIT"
            amount = Money(Decimal(rng.randint(100, 99999)).scaleb(-cur.minor_units) * 7, cur)
            expected = frozenset()
            used.difference_update(i.id for i in chosen)
        if not amount.is_positive:
            amount = total
        payment_list.append(
            Payment(
                payment_id,
                received,
                amount,
                customer_id=customer_id,
                references=references,
                payer_name=name,
            )
        )
        truth[payment_id] = expected
        kind_of[payment_id] = kind
    return Scenario(
        tuple(items),
        tuple(customers),
        tuple(payment_list),
        tuple(remittances),
        truth,
        kind_of,
    )


@attrs.frozen
class ScenarioScore:
    """How a result compares with a scenario's truth.

    * ``correct``: the payment's applications touch exactly the items it pays (an empty truth
      is correct when nothing is applied).
    * ``precision_of_matched``: of the payments ``MATCHED``, the share that are correct.
    * ``invoice_hit_rate``: of all the items the payments really pay, the share they were
      applied to.

    Examples:
        >>> ScenarioScore(10, 9, 8, 8, 20, 18, {}).precision_of_matched
        Decimal('1')
    """

    payments: int
    correct: int
    matched: int
    matched_correct: int
    truth_items: int
    items_hit: int
    by_kind: Mapping[str, tuple[int, int, int]]

    @property
    def correct_share(self) -> Decimal:
        """Correct payments over all payments.

        Examples:
            >>> ScenarioScore(4, 3, 2, 2, 4, 3, {}).correct_share
            Decimal('0.75')
        """
        return Decimal(self.correct) / Decimal(self.payments) if self.payments else Decimal(0)

    @property
    def matched_share(self) -> Decimal:
        """Payments matched automatically over all payments.

        Examples:
            >>> ScenarioScore(4, 3, 2, 2, 4, 3, {}).matched_share
            Decimal('0.5')
        """
        return Decimal(self.matched) / Decimal(self.payments) if self.payments else Decimal(0)

    @property
    def precision_of_matched(self) -> Decimal:
        """Correct among ``MATCHED`` (1 when nothing was matched).

        Examples:
            >>> ScenarioScore(4, 3, 0, 0, 4, 3, {}).precision_of_matched
            Decimal('1')
        """
        if not self.matched:
            return Decimal(1)
        return Decimal(self.matched_correct) / Decimal(self.matched)

    @property
    def invoice_hit_rate(self) -> Decimal:
        """Items applied correctly over the items the payments really pay.

        Examples:
            >>> ScenarioScore(4, 3, 2, 2, 4, 3, {}).invoice_hit_rate
            Decimal('0.75')
        """
        return (
            Decimal(self.items_hit) / Decimal(self.truth_items) if self.truth_items else Decimal(1)
        )


@in_context
def score(scenario: Scenario, result: CashApplicationResult) -> ScenarioScore:
    """Compare ``result`` with the scenario's truth.

    ``by_kind`` maps each kind of payment to (payments, correct, matched).

    Examples:
        >>> from receivables.cashapp import apply_cash
        >>> scenario = generate_scenario(seed=4, invoices=300, payments=30)
        >>> report = score(scenario, apply_cash(scenario.payments, scenario.open_items,
        ...                                     remittances=scenario.remittances,
        ...                                     customers=scenario.customers))
        >>> sum(count for count, _, _ in report.by_kind.values())
        30
    """
    correct = matched = matched_correct = truth_items = items_hit = 0
    kinds: dict[str, list[int]] = {}
    for outcome in result.outcomes:
        expected = scenario.truth[outcome.payment_id]
        applied = frozenset(outcome.invoice_ids)
        is_correct = applied == expected
        correct += is_correct
        truth_items += len(expected)
        items_hit += len(applied & expected)
        is_matched = outcome.status is MatchStatus.MATCHED
        matched += is_matched
        matched_correct += is_matched and is_correct
        entry = kinds.setdefault(scenario.kinds[outcome.payment_id], [0, 0, 0])
        entry[0] += 1
        entry[1] += is_correct
        entry[2] += is_matched
    return ScenarioScore(
        len(result.outcomes),
        correct,
        matched,
        matched_correct,
        truth_items,
        items_hit,
        {kind: (a, b, c) for kind, (a, b, c) in sorted(kinds.items())},
    )
