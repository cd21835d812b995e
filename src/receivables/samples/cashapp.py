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
from receivables._text import shown
from receivables._validate import require_date, require_decimal_in, require_int_in
from receivables.cashapp.model import CashApplicationResult, MatchStatus, Remittance, RemittanceLine
from receivables.convert import DictForm
from receivables.documents import CreditMemo, Customer, Invoice, Payment
from receivables.errors import ValidationError
from receivables.money import Currency, Money
from receivables.samples.names import TRADES, WORDS
from receivables.terms import PaymentTerms

__all__ = [
    "KINDS",
    "NOISY_KINDS",
    "Scenario",
    "ScenarioScore",
    "generate_noisy_scenario",
    "generate_scenario",
    "score",
]

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
class Scenario(DictForm):
    """Open items, customers, payments, remittances and the truth about each payment.

    ``truth`` maps each payment id to the ids of the items it pays (empty when nothing can be
    known, or the cash belongs on account); ``kinds`` to the kind of payment it is.
    ``needs_person`` holds the payments a careful analyst could not decide from the data either
    (the third kind of truth: nothing may be posted for them); ``history`` the cleared invoices
    and earlier payments, for ``apply_cash(history=...)``.

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
    needs_person: frozenset[str] = frozenset()
    history: tuple[Invoice | Payment, ...] = ()


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


MAX_SCENARIO_ITEMS: Final = 1_000_000
"""The most open items (and payments) a generated scenario holds: a million invoices take about
a gigabyte."""


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

    ``invoices`` is at most :data:`MAX_SCENARIO_ITEMS`. Customers hold about ten open invoices
    each; one in twenty pays a recurring amount (so
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
    require_int_in(seed, "seed", -(2**63), 2**63)
    require_int_in(invoices, "invoices", 20, MAX_SCENARIO_ITEMS)
    require_int_in(payments, "payments", 1, MAX_SCENARIO_ITEMS)
    if payments * 3 > invoices:
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
class ScenarioScore(DictForm):
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
        if outcome.payment_id not in scenario.truth or outcome.payment_id not in scenario.kinds:
            raise ValidationError(
                f"the result has payment {shown(outcome.payment_id)}, whose truth and kind the "
                "scenario does not give: score a result of this scenario's payments"
            )
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


# -- realistic remittance noise on a heavy-tailed ledger -----------------------------------------

NOISY_KINDS: Final[tuple[tuple[str, int, bool], ...]] = (
    # (kind, weight within its group, noisy?)
    ("exact_reference", 30, False),
    ("reference_in_narrative", 18, False),
    ("bare_or_prefixed_reference", 12, False),
    ("several_references", 8, False),
    ("remittance_advice", 8, False),
    ("payer_account", 8, False),
    ("amount_only", 8, False),
    ("discount_taken", 5, False),
    ("combination", 3, False),
    ("keying_error", 10, True),
    ("truncated_name", 6, True),
    ("stray_number", 8, True),
    ("other_customer_reference", 6, True),
    ("advice_keying_error", 5, True),
    ("advice_credit_memo", 4, True),
    ("advice_double_mention", 3, True),
    ("netted_credit_memo", 5, True),
    ("duplicate_payment", 5, True),
    ("on_account_words", 6, True),
    ("partial_payment", 3, True),
    ("bank_charges", 6, True),
    ("late_discount", 4, True),
    ("unauthorised_deduction", 5, True),
    ("ambiguous_amount", 4, True),
    ("nothing_to_go_on", 3, True),
)
"""The kinds of payment :func:`generate_noisy_scenario` builds: (kind, weight, noisy). Clean kinds
share ``1 - noisy_share`` of the payments by weight, noisy kinds ``noisy_share``."""

_SCHEMES: Final = ("erpnext", "slash", "dash", "prefixed", "legacy")
_LIMITS: Final = {"camt053": 140, "mt940": 27, "fedwire": 35, "ach": 80}
_OCR: Final = {"0": "O", "1": "I", "5": "S"}
_ON_ACCOUNT_WORDS: Final = ("ADVANCE PAYMENT", "DEPOSIT", "ON ACCOUNT", "PREPAYMENT ADVANCE")


def _iban(rng: random.Random) -> str:
    bban = f"{rng.randint(10000000, 99999999)}{rng.randint(0, 9_999_999_999):010d}"
    check = 98 - int(bban + "131400") % 97
    return f"DE{check:02d}{bban}"


def _invoice_number(scheme: str, year: int, serial: int) -> str:
    if scheme == "erpnext":
        return f"ACC-SINV-{year}-{serial:05d}"
    if scheme == "slash":
        return f"INV/{year}/{serial:05d}"
    if scheme == "dash":
        return f"SI-{year}-{serial:04d}"
    if scheme == "prefixed":
        return f"INV-{serial:05d}"
    return str(serial)  # an acquired business's plain series, overlapping the others


def _written(rng: random.Random, number: str) -> str:
    """How a payer writes an invoice number: as printed, or one of the usual rewritings."""
    parts = [p for p in number.replace("/", "-").split("-") if p]
    digits = [p for p in parts if p.isdigit()]
    if len(digits) == 2:  # year-segmented
        year, serial = digits
        return rng.choice(
            (
                number,
                f"{year}/{serial}",
                f"{'-'.join(parts[-3:]) if len(parts) > 3 else number}",
                f"{parts[-3] if len(parts) > 2 else 'INV'} {year} {int(serial)}",
                f"{year}-{int(serial)}",
            )
        )
    serial = digits[-1] if digits else number
    return rng.choice(
        (number, str(int(serial)), f"IN{serial}", f"INV {int(serial)}", f"Invoice No. {serial}")
    )


def _keying_error(rng: random.Random, text: str) -> str:
    """One keying or OCR error in the digits of ``text``: transposed, dropped, or misread."""
    places = [i for i, c in enumerate(text) if c.isdigit()]
    if len(places) < 3:
        return text
    # Errors fall in the serial (the last digits), where people copy by hand.
    place = rng.choice(places[-4:])
    roll = rng.random()
    swappable = place + 1 < len(text) and text[place + 1].isdigit()
    if roll < 0.35 and swappable and text[place] != text[place + 1]:
        return text[:place] + text[place + 1] + text[place] + text[place + 2 :]
    if roll < 0.55 and text[place] in _OCR:
        return text[:place] + _OCR[text[place]] + text[place + 1 :]
    if roll < 0.7:
        return text[:place] + text[place + 1 :]
    digit = str((int(text[place]) + rng.randint(1, 9)) % 10)
    return text[:place] + digit + text[place + 1 :]


def _narrative(rng: random.Random, text: str) -> tuple[str, ...]:
    """A bank line's free text as a format carries it: cut at its limit, or split in subfields."""
    fmt = rng.choice(tuple(_LIMITS))
    limit = _LIMITS[fmt]
    text = text.upper()
    if fmt in ("camt053", "ach"):
        return (text[:limit],)
    chunks = tuple(text[i : i + limit] for i in range(0, len(text), limit))
    return chunks[:4] if fmt == "fedwire" else chunks


def _bank_name(rng: random.Random, name: str) -> str:
    """A customer's name as a bank line shows it: uppercased, legal form dropped, cut short."""
    words = name.upper().replace(".", "").split()
    kept = words[:-1] if len(words) > 1 else words
    shown = " ".join(kept)
    return shown[: rng.choice((16, 18, 22, 35))]


@in_context
def generate_noisy_scenario(
    seed: int = 0,
    *,
    customers: int = 300,
    payments: int = 3_000,
    mean_items: int = 60,
    max_items: int = 700,
    noisy_share: Decimal = Decimal("0.3"),
    as_of: dt.date = _AS_OF,
    currency: str = "EUR",
) -> Scenario:
    """A month of a cash-application team's real work on a heavy-tailed ledger, with the truth.

    ``customers`` customers hold a heavy-tailed number of open invoices (lognormal, mean
    ``mean_items``, at most ``max_items``) numbered in the schemes ERPs use (year-segmented
    ``ACC-SINV-2026-01632``, ``INV/2026/00042``, ``SI-2026-0042``, prefixed ``INV-00123``, and an
    acquired business's plain series overlapping them), with open credit memos, bank accounts on
    file and a cleared history. Payments are of the kinds in :data:`NOISY_KINDS`; ``noisy_share``
    of them carry the noise of real bank lines and advices. ``truth`` holds what each payment
    pays; ``needs_person`` the payments a careful analyst could not decide from the data either
    (their truth is empty: nothing may be posted).

    Examples:
        >>> scenario = generate_noisy_scenario(seed=1, customers=20, payments=40)
        >>> len(scenario.payments), scenario.needs_person <= set(scenario.truth)
        (40, True)
        >>> all(not scenario.truth[p] for p in scenario.needs_person)
        True
    """
    require_int_in(seed, "seed", -(2**63), 2**63)
    require_int_in(customers, "customers", 2, 5_000)
    require_int_in(payments, "payments", 1, 100_000)
    require_int_in(max_items, "max_items", 1, 5_000)
    require_int_in(mean_items, "mean_items", 1, max_items)
    if customers * mean_items > MAX_SCENARIO_ITEMS:
        raise ValidationError(
            f"{customers:,} customers of {mean_items:,} items on average would make more than "
            f"{MAX_SCENARIO_ITEMS:,} open items"
        )
    require_decimal_in(noisy_share, "noisy_share", 0, 1)
    as_of = require_date(as_of, "as_of")
    if as_of.year < 1900:
        raise ValidationError(f"as_of must be in 1900 or later, got {as_of}")
    rng = random.Random(seed)
    cur = Currency(currency)
    scale = 10**cur.minor_units

    def money(units: int) -> Money:
        return Money(Decimal(units).scaleb(-cur.minor_units), cur)

    people: list[Customer] = []
    scheme_of: dict[str, str] = {}
    for index in range(customers):
        words = (rng.choice(WORDS), rng.choice(WORDS), rng.choice(TRADES))
        full_name = f"{' '.join(words)} {rng.choice(_SUFFIXES)}"
        accounts = [_iban(rng) for _ in range(rng.choice((1, 1, 1, 2)))]
        customer = Customer(f"C{index + 1:05d}", full_name, cur, bank_accounts=accounts)
        people.append(customer)
        scheme_of[customer.id] = rng.choice(_SCHEMES)
    # Heavy-tailed ledger: lognormal sizes, scaled to the mean, capped.
    raw = [rng.lognormvariate(0.0, 1.2) for _ in people]
    factor = mean_items * len(people) / sum(raw)
    sizes = [max(1, min(max_items, round(r * factor))) for r in raw]
    sizes[0] = max_items  # one customer at the cap
    serial = {scheme: rng.randint(1, 400) for scheme in _SCHEMES}
    serial["legacy"] = rng.randint(1, 400)
    items: list[Invoice | CreditMemo] = []
    per_customer: dict[str, list[Invoice]] = {}
    keys: dict[str, set[str]] = {}  # a customer's invoice numbers, as printed
    recurring: dict[str, int] = {}
    for customer, size in zip(people, sizes, strict=True):
        scheme = scheme_of[customer.id]
        if rng.random() < 0.06:
            recurring[customer.id] = rng.randint(200, 3000) * scale
        for _ in range(size):
            serial[scheme] += rng.randint(1, 3)
            # Some customers also hold items of the acquired business's plain series.
            own = "legacy" if scheme != "legacy" and rng.random() < 0.08 else scheme
            if own == "legacy":
                serial["legacy"] += rng.randint(1, 3)
            year = as_of.year - (1 if rng.random() < 0.15 else 0)
            number = _invoice_number(own, year, serial[own])
            if number in keys.get(customer.id, set()) or any(i.id == number for i in items[-3:]):
                continue
            issued = as_of - dt.timedelta(days=rng.randint(0, 150))
            units = (
                recurring[customer.id]
                if customer.id in recurring and rng.random() < 0.3
                else max(scale, round(rng.lognormvariate(7.0, 1.2) * scale))
            )
            new = Invoice(
                number,
                customer.id,
                issued,
                money(units),
                terms=_DISCOUNT_TERMS if rng.random() < 0.15 else _NET_30,
                references=(f"PO{rng.randint(4_500_000_000, 4_599_999_999)}",),
            )
            items.append(new)
            per_customer.setdefault(customer.id, []).append(new)
            keys.setdefault(customer.id, set()).add(number)
    all_ids: dict[str, int] = {}
    for item in items:
        all_ids[item.id] = all_ids.get(item.id, 0) + 1
    # Invoice ids must be unique in a ledger: drop the rare clash between plain series.
    items = [i for i in items if all_ids[i.id] == 1]
    per_customer = {c: [i for i in invs if all_ids[i.id] == 1] for c, invs in per_customer.items()}
    by_customer = {c.id: c for c in people}
    owner_of_number = {i.id: i.customer_id for i in items}
    plain_numbers = sorted(n for n in owner_of_number if n.isdigit())

    used: set[str] = set()
    history: list[Invoice | Payment] = []
    payment_list: list[Payment] = []
    remittances: list[Remittance] = []
    truth: dict[str, frozenset[str]] = {}
    kind_of: dict[str, str] = {}
    needs_person: set[str] = set()
    credit_serial = rng.randint(1, 200)
    clean = [(k, w) for k, w, noisy in NOISY_KINDS if not noisy]
    noisy = [(k, w) for k, w, is_noisy in NOISY_KINDS if is_noisy]

    def pick(count: int = 1, customer_id: str | None = None) -> list[Invoice]:
        for _ in range(50):
            owner = customer_id or rng.choice(people).id
            open_ones = [i for i in per_customer.get(owner, ()) if i.id not in used]
            if len(open_ones) >= count:
                chosen = rng.sample(open_ones, count)
                used.update(i.id for i in chosen)
                return chosen
            if customer_id is not None:
                return []
        return []

    def open_amounts(customer_id: str) -> dict[Money, int]:
        counts: dict[Money, int] = {}
        for invoice in per_customer.get(customer_id, ()):
            if invoice.id not in used:
                counts[invoice.open_amount] = counts.get(invoice.open_amount, 0) + 1
        return counts

    def credit(customer_id: str, amount: Money, quoting: str | None = None) -> CreditMemo:
        nonlocal credit_serial
        credit_serial += 1
        memo = CreditMemo(
            f"CN-{as_of.year}-{credit_serial:05d}",
            customer_id,
            as_of - dt.timedelta(days=rng.randint(1, 40)),
            amount,
            references=(quoting,) if quoting else (),
        )
        items.append(memo)
        return memo

    for index in range(payments):
        payment_id = f"PAY-{index + 1:06d}"
        group = noisy if rng.random() < float(noisy_share) else clean
        kind = rng.choices([k for k, _ in group], [w for _, w in group])[0]
        count = 2 if kind in ("several_references", "combination") else 1
        if kind in ("several_references", "remittance_advice"):
            count = rng.randint(2, 4)
        chosen = pick(count)
        if not chosen:
            kind = "nothing_to_go_on"
        invoice = chosen[0] if chosen else None
        payer = by_customer[invoice.customer_id] if invoice else rng.choice(people)
        total = sum((i.open_amount for i in chosen), Money.zero(cur))
        amount = total
        received = as_of - dt.timedelta(days=rng.randint(0, 20))
        customer_id: str | None = payer.id
        references: tuple[str, ...] = tuple(i.id for i in chosen)
        name: str | None = _bank_name(rng, payer.name)
        account: str | None = None
        expected = frozenset(i.id for i in chosen)
        person = False
        if kind == "reference_in_narrative" and invoice is not None:
            customer_id = None
            account = rng.choice(payer.bank_accounts) if rng.random() < 0.5 else None
            lead = rng.choice(("PAYMENT", "RE:", "INVOICE", "REMITTANCE"))
            references = _narrative(rng, f"{name} {lead} {invoice.id} THANK YOU")
        elif kind == "bare_or_prefixed_reference" and invoice is not None:
            references = (_written(rng, invoice.id),)
        elif kind == "several_references":
            references = (" / ".join(_written(rng, i.id) for i in chosen),)
        elif kind == "remittance_advice":
            references = ()
            lines = [RemittanceLine(_written(rng, i.id), i.open_amount) for i in chosen]
            remittances.append(Remittance(payment_id, lines))
        elif kind == "payer_account" and invoice is not None:
            customer_id = None
            account = rng.choice(payer.bank_accounts)
            references = (rng.choice((invoice.id, _written(rng, invoice.id))),)
        elif kind == "ambiguous_amount" and invoice is not None:
            # The payer pays one of two open invoices of the same amount, saying nothing.
            references = ()
            twins = [
                i
                for i in per_customer[payer.id]
                if i.id not in used and i.open_amount == invoice.open_amount
            ]
            if not twins and recurring:
                used.discard(invoice.id)
                owner = rng.choice(sorted(recurring))
                same = [
                    i
                    for i in per_customer.get(owner, ())
                    if i.id not in used and i.open_amount.amount * scale == recurring[owner]
                ]
                if len(same) >= 2:
                    customer_id, amount = owner, same[0].open_amount
                    name = _bank_name(rng, by_customer[owner].name)
                    twins = same
                else:
                    used.add(invoice.id)
            if twins:
                # Both stay open and no other payment takes them: a person must choose.
                used.update(i.id for i in twins)
                person, expected = True, frozenset()
        elif kind in ("amount_only", "combination") and invoice is not None:
            references = ()
            open_ones = [i.open_amount for i in per_customer[payer.id] if i.id not in used]
            if kind == "amount_only":
                if total in open_ones:
                    person, expected = True, frozenset()
                    # The look-alikes stay open: no other payment takes them.
                    used.update(
                        i.id
                        for i in per_customer[payer.id]
                        if i.open_amount == total and i.id not in used
                    )
            else:
                # Decidable only when no single open invoice and no other pair sums to it.
                seen: dict[Money, int] = {}
                pairs = 0
                for value in open_ones:
                    pairs += seen.get(total - value, 0)
                    seen[value] = seen.get(value, 0) + 1
                if pairs or total in seen:
                    person, expected = True, frozenset()
            if person:
                used.difference_update(i.id for i in chosen)
        elif kind == "discount_taken" and invoice is not None:
            if invoice.terms is not None and invoice.terms.discounts:
                received = invoice.issue_date + dt.timedelta(days=rng.randint(0, 10))
                amount = invoice.open_amount - invoice.terms.discount_for(
                    invoice.open_amount, invoice.issue_date, received
                )
        elif kind == "keying_error" and invoice is not None:
            written = _keying_error(rng, invoice.id)
            references = (written,)
            if rng.random() < 0.3:
                customer_id, account = None, rng.choice(payer.bank_accounts)
        elif kind == "truncated_name" and invoice is not None:
            customer_id = None
            references = _narrative(rng, f"{name} {invoice.id}")
        elif kind == "stray_number" and invoice is not None:
            # No reference: a date, a bank reference and a PO, one of which happens to be an
            # invoice number of another customer; the amount is that of a unique open item of
            # the payer, or of nothing, in which case only a person can tell.
            stray = rng.choice(plain_numbers) if plain_numbers else str(rng.randint(10000, 99999))
            if owner_of_number.get(stray) == payer.id:
                stray = str(rng.randint(10000, 99999))
            date = received.strftime("%y%m%d")
            order = f"ORDER 88{rng.randint(1000, 9999)}"
            references = _narrative(rng, f"{name} {date} BNK REF {stray} {order}")
            if rng.random() < 0.5 or open_amounts(payer.id).get(invoice.open_amount, 0) >= 1:
                used.discard(invoice.id)
                amount = money(rng.randint(100, 99999) * 7 + 3)
                person, expected = True, frozenset()
        elif kind == "other_customer_reference" and invoice is not None:
            # The payer, known by its account, quotes its own invoice in a form that is also
            # another customer's number (overlapping series).
            customer_id, account = None, rng.choice(payer.bank_accounts)
            digits = "".join(c for c in invoice.id.split("-")[-1].split("/")[-1] if c.isdigit())
            references = (str(int(digits)) if digits else invoice.id,)
        elif kind == "advice_keying_error" and invoice is not None:
            references = ()
            # A line quoting another open invoice one keystroke away, with this one's amount.
            mine = {i.id: i for i in per_customer[payer.id] if i.id not in used}
            wrong = None
            for _ in range(12):
                candidate = _keying_error(rng, invoice.id)
                if candidate in mine and mine[candidate].open_amount != invoice.open_amount:
                    wrong = candidate
                    break
            if wrong is None:
                wrong = _keying_error(rng, invoice.id)
            remittances.append(Remittance(payment_id, [RemittanceLine(wrong, invoice.open_amount)]))
        elif kind == "advice_credit_memo" and invoice is not None:
            references = ()
            memo = credit(payer.id, (invoice.open_amount * Decimal("0.1")).round(), invoice.id)
            amount = invoice.open_amount - memo.open_amount
            lines = [
                RemittanceLine(invoice.id, invoice.open_amount),
                RemittanceLine(f"{memo.id} {invoice.id}", -memo.open_amount),
            ]
            rng.shuffle(lines)
            remittances.append(Remittance(payment_id, lines))
            expected = expected | {memo.id}
        elif kind == "advice_double_mention" and invoice is not None:
            references = ()
            line = f"INV {_written(rng, invoice.id)} / PO {invoice.references[0]}"
            remittances.append(Remittance(payment_id, [RemittanceLine(line, invoice.open_amount)]))
        elif kind == "netted_credit_memo" and invoice is not None:
            factor_pct = Decimal(rng.randint(5, 40)) / 100
            memo = credit(payer.id, (invoice.open_amount * factor_pct).round())
            amount = invoice.open_amount - memo.open_amount
            expected = expected | {memo.id}
        elif kind == "duplicate_payment" and invoice is not None:
            # An invoice already cleared, paid again with the same amount and reference.
            used.discard(invoice.id)
            scheme = scheme_of[payer.id]
            serial[scheme] += 1
            while _invoice_number(scheme, as_of.year, serial[scheme]) in owner_of_number:
                serial[scheme] += 1
            cleared_id = _invoice_number(scheme, as_of.year, serial[scheme])
            owner_of_number[cleared_id] = payer.id
            paid_on = received - dt.timedelta(days=rng.randint(3, 25))
            cleared = Invoice(
                cleared_id,
                payer.id,
                paid_on - dt.timedelta(days=rng.randint(10, 60)),
                invoice.amount,
                terms=_NET_30,
                open_amount=Money.zero(cur),
                paid_on=paid_on,
            )
            history.append(cleared)
            history.append(
                Payment(
                    f"H-{payment_id}",
                    cleared.paid_on or received,
                    cleared.amount,
                    customer_id=payer.id,
                    references=(cleared.id,),
                )
            )
            references = (cleared.id,)
            person, expected = True, frozenset()
        elif kind == "on_account_words" and invoice is not None:
            used.discard(invoice.id)
            references = (rng.choice(_ON_ACCOUNT_WORDS),)
            if rng.random() < 0.5:
                amount = money(rng.randint(100, 5000) * scale)
            customer_id = rng.choice((payer.id, None))
            account = None if customer_id else rng.choice(payer.bank_accounts)
            expected = frozenset()
        elif kind == "partial_payment" and invoice is not None:
            references = (f"PARTIAL PAYMENT {invoice.id}",)
            amount = (invoice.open_amount * Decimal(rng.randint(30, 70)) / 100).round()
        elif kind == "bank_charges" and invoice is not None:
            fee = money(rng.choice((10, 15, 20, 25)) * scale)
            if fee < invoice.open_amount:
                amount = invoice.open_amount - fee
        elif kind == "late_discount" and invoice is not None:
            amount = (invoice.open_amount * Decimal("0.98")).round()
            received = max(received, invoice.issue_date + dt.timedelta(days=25))
        elif kind == "unauthorised_deduction" and invoice is not None:
            amount = (invoice.open_amount * Decimal(rng.randint(80, 97)) / 100).round()
        elif kind == "nothing_to_go_on":
            used.difference_update(i.id for i in chosen)
            customer_id, references, name = None, ("ACH CREDIT",), None
            amount = money(rng.randint(100, 99999) * 7 + 1)
            person, expected = True, frozenset()
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
                payer_account=account,
            )
        )
        truth[payment_id] = expected
        kind_of[payment_id] = kind
        if person:
            needs_person.add(payment_id)
    return Scenario(
        tuple(items),
        tuple(people),
        tuple(payment_list),
        tuple(remittances),
        truth,
        kind_of,
        frozenset(needs_person),
        tuple(history),
    )
