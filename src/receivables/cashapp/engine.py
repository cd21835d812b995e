"""The cash application engine: which open items each payment pays, with the evidence for it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import in_context
from receivables._validate import all_of, by_id
from receivables.cashapp.model import (
    Application,
    CashApplicationResult,
    MatchPolicy,
    MatchStatus,
    PayerIdentification,
    PayerMatch,
    PaymentOutcome,
    Remittance,
)
from receivables.cashapp.references import (
    candidate_keys,
    is_near_miss,
    name_key,
    reference_key,
    reference_keys,
)
from receivables.documents import (
    CreditMemo,
    Customer,
    DocumentKind,
    Invoice,
    OpenItem,
    Payment,
    open_items,
)
from receivables.errors import (
    CurrencyMismatchError,
    InvalidDocumentError,
    InvalidTypeError,
)
from receivables.explain import Reason
from receivables.fx import ExchangeRate, RateTable, realized_fx_difference
from receivables.money import Currency, Money, trusted_money

__all__ = ["apply_cash"]

_ZERO: Final = Decimal(0)

# Confidence of each kind of evidence. MATCHED needs the policy's bar (0.9 by default).
_EXACT_REFERENCE: Final = Decimal("0.99")
_NORMALISED_REFERENCE: Final = Decimal("0.98")
_NEAR_MISS: Final = Decimal("0.92")
_SHORT_WITHIN_TOLERANCE: Final = Decimal("0.96")
_SHORT_DEDUCTION: Final = Decimal("0.9")
_OVERPAID: Final = Decimal("0.93")
_UNIQUE_AMOUNT: Final = Decimal("0.93")
_COMBINATION: Final = {2: Decimal("0.92"), 3: Decimal("0.9")}
_LARGE_COMBINATION: Final = Decimal("0.86")
_NAME_ONLY_PENALTY: Final = Decimal("0.03")
_OTHER_CUSTOMER_PENALTY: Final = Decimal("0.05")
_AMOUNT_ONLY_UNKNOWN_PAYER: Final = Decimal("0.75")


@attrs.define
class _Entry:
    """An open item as the engine tracks it during one call."""

    item: OpenItem
    key_id: str
    remaining: int  # minor units, signed
    order: tuple[dt.date, str]
    claimed: bool = False


@attrs.frozen
class _Line:
    entry: _Entry
    cash: int
    discount: int = 0
    write_off: int = 0
    deduction: int = 0
    deduction_reason: str | None = None


@attrs.frozen
class _Plan:
    status: MatchStatus
    lines: tuple[_Line, ...]
    confidence: Decimal
    reasons: tuple[Reason, ...]


def _units(money: Money) -> int:
    return int(money.amount.scaleb(money.currency.minor_units))


class _Ledger:
    """Open items indexed by reference key, customer and amount, with what remains of each."""

    def __init__(
        self,
        items: Iterable[OpenItem],
        customers: Mapping[str, Customer],
        policy: MatchPolicy,
        identification: tuple[PayerIdentification, ...] = (),
    ) -> None:
        self.policy = policy
        self.identification = identification
        self.entries: dict[str, _Entry] = {}
        self.by_key: dict[str, list[_Entry]] = {}
        self.exact: dict[str, list[_Entry]] = {}
        self.by_customer: dict[str, list[_Entry]] = {}
        self.by_amount: dict[tuple[Currency, int], list[_Entry]] = {}
        for item in open_items(items, "open_items"):
            if item.kind is DocumentKind.PAYMENT:
                continue
            balance = item.open_balance
            if balance.is_zero:
                continue
            if not balance.is_rounded:
                raise InvalidDocumentError(
                    f"open item {item.document_id} has {balance}, not a whole number of minor units"
                )
            if item.document_id in self.entries:
                raise InvalidDocumentError(f"open item {item.document_id} appears twice")
            entry = _Entry(
                item, item.document_id, _units(balance), (item.due_date, item.document_id)
            )
            self.entries[item.document_id] = entry
        # Index in a fixed order so that the input order of open items never matters.
        for entry in sorted(self.entries.values(), key=lambda e: e.order):
            item = entry.item
            # An item is found by its id and by every reference it carries (a PO number, the
            # customer's own document number): payers quote whichever they have to hand. Two
            # indexes, because the two kinds of evidence differ in strength: ``exact`` holds the
            # text as written (trimmed, upper case), ``by_key`` the normalised keys (prefix word,
            # punctuation and leading zeros dropped, see ``reference_key``), which is how payers
            # rewrite numbers: "INV-000123" comes back as "inv 123" or "123".
            names = [item.document_id]
            if isinstance(item, Invoice | CreditMemo):
                names.extend(item.references)
            for name in names:
                exact = self.exact.setdefault(name.strip().upper(), [])
                if entry not in exact:
                    exact.append(entry)
                for key in reference_keys(name):
                    bucket = self.by_key.setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)
            # Only what a customer owes goes in the customer and amount indexes, which amount
            # evidence, near misses and rival fits search: a credit joins a payment only when a
            # reference names it.
            if entry.remaining > 0 and item.customer_id is not None:
                self.by_customer.setdefault(item.customer_id, []).append(entry)
                currency = item.open_balance.currency
                self.by_amount.setdefault((currency, entry.remaining), []).append(entry)
        self.customers = customers
        self.names: dict[str, set[str]] = {}
        self.related: dict[str, set[str]] = {}
        for customer in customers.values():
            self.names.setdefault(name_key(customer.name), set()).add(customer.id)
            self.related.setdefault(customer.id, {customer.id})
            if customer.parent_id is not None:
                self.related[customer.id].add(customer.parent_id)
                self.related.setdefault(customer.parent_id, {customer.parent_id}).add(customer.id)

    def open(self, entry: _Entry, currency: Currency) -> bool:
        return (
            not entry.claimed
            and entry.remaining != 0
            and entry.item.open_balance.currency is currency
        )

    def related_to(self, customer_id: str | None, other: str | None) -> bool:
        if customer_id is None or other is None or customer_id == other:
            return True
        return other in self.related.get(customer_id, {customer_id})

    def discount_units(self, entry: _Entry, paid_on: dt.date) -> int:
        item = entry.item
        if entry.remaining <= 0 or not isinstance(item, Invoice) or item.terms is None:
            return 0
        if not item.terms.discounts:
            return 0
        rate = item.terms.discount_rate_on(
            item.issue_date, paid_on, grace_days=self.policy.discount_grace_days
        )
        if not rate:
            return 0
        currency = item.open_balance.currency
        return _units((_money(entry.remaining, currency) * rate).round())

    def identify_payer(self, payment: Payment) -> PayerMatch | None:
        """The caller's strategies in turn, then a payer name that only one customer has."""
        for strategy in self.identification:
            match = strategy.identify(payment, self.customers)
            if match is None:
                continue
            if not isinstance(match, PayerMatch):
                raise InvalidTypeError(
                    f"{type(strategy).__name__}.identify must return a PayerMatch or None, "
                    f"not {type(match).__name__}"
                )
            return match
        if not payment.payer_name:
            return None
        found = self.names.get(name_key(payment.payer_name), set())
        if len(found) != 1:
            return None
        customer_id = next(iter(found))
        return PayerMatch(
            customer_id,
            Reason.of(
                "cashapp.payer_identified",
                f"the payer name {payment.payer_name!r} matches customer {customer_id} only",
                customer=customer_id,
            ),
        )


def _money(units: int, currency: Currency) -> Money:
    return trusted_money(Decimal(units).scaleb(-currency.minor_units), currency)


@in_context
def apply_cash(
    payments: Iterable[Payment],
    open_items: Iterable[OpenItem],
    *,
    policy: MatchPolicy | None = None,
    remittances: Iterable[Remittance] = (),
    customers: Iterable[Customer] | Mapping[str, Customer] = (),
    rates: RateTable | None = None,
    functional_currency: str | Currency | None = None,
    payer_identification: Iterable[PayerIdentification] = (),
) -> CashApplicationResult:
    """Decide which open items each payment pays.

    The evidence, strongest first: a remittance advice; references on the payment (exact,
    normalised as payers write them, several in one field, or one mistyped character when that
    is the only candidate and the amount agrees); then, for payments with no usable reference,
    the amount: one open invoice of the customer for exactly that amount (or that amount less
    the early-payment discount its terms allow on the payment date, with the policy's grace), or
    the one smallest combination of the customer's open invoices that sums to it. An unknown
    payer is identified by a reference, by the caller's ``payer_identification`` strategies (see
    :class:`~receivables.cashapp.PayerIdentification`), or by a payer name only one customer has;
    a payment for another customer's items needs the amounts to agree. Payments are worked in
    two passes, references first, so that weak evidence never takes an item a later payment
    names.

    Differences: a short payment within the policy's tolerance is written off; beyond it the
    cash is applied oldest first and the rest left open with a ``short_payment`` deduction; an
    overpayment leaves the excess unapplied. Ambiguity is an ``EXCEPTION``, never a guess.

    Invariants (tested with hypothesis): for every payment the applied cash plus the unapplied
    amount is the payment; no item receives more than its open amount; no item is applied to by
    two payments in one call; currencies never mix; the result does not depend on the order of
    the open items.

    With ``rates`` and ``functional_currency``, each application reports the realised exchange
    difference between the invoice's issue-date rate and the payment-date rate.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money, Payment, parse_terms
        >>> invoices = [
        ...     Invoice("INV-000123", "C-1", dt.date(2026, 3, 1), Money("1000.00", "USD"),
        ...             terms=parse_terms("2/10 Net 30")),
        ...     Invoice("INV-000124", "C-1", dt.date(2026, 3, 2), Money("250.00", "USD"),
        ...             terms=parse_terms("Net 30")),
        ... ]
        >>> payments = [Payment("PAY-1", dt.date(2026, 3, 9), Money("1230.00", "USD"),
        ...                     customer_id="C-1", references=["inv 123, 124"])]
        >>> outcome = apply_cash(payments, invoices).outcomes[0]
        >>> lines = [(a.invoice_id, str(a.amount), str(a.discount)) for a in outcome.applications]
        >>> outcome.status, lines
        (<MatchStatus.MATCHED: 'matched'>, [('INV-000123', '980.00 USD', '20.00 USD'), \
('INV-000124', '250.00 USD', '0.00 USD')])
    """
    policy = MatchPolicy() if policy is None else policy
    if not isinstance(policy, MatchPolicy):
        raise InvalidTypeError(f"policy must be a MatchPolicy, not {type(policy).__name__}")
    people = by_id(Customer, "customers", customers)
    if isinstance(payer_identification, str):
        raise InvalidTypeError("payer_identification must be an iterable of strategies, not str")
    ledger = _Ledger(open_items, people, policy, tuple(payer_identification))
    advice: dict[str, Remittance] = {}
    for remittance in all_of(Remittance, "remittances", remittances):
        advice[remittance.payment_id] = remittance
    payment_list = all_of(Payment, "payments", payments)
    seen: set[str] = set()
    for payment in payment_list:
        if payment.id in seen:
            raise InvalidDocumentError(f"payment {payment.id} appears twice")
        seen.add(payment.id)
        if not payment.amount.is_rounded:
            raise InvalidDocumentError(f"payment {payment.id} is not in whole minor units")
    functional = Currency(functional_currency) if functional_currency is not None else None

    plans: list[_Plan | None] = [None] * len(payment_list)
    for index, payment in enumerate(payment_list):
        plan = _by_reference(payment, advice.get(payment.id), ledger)
        if plan is not None:
            _commit(plan)
            plans[index] = plan
    for index, payment in enumerate(payment_list):
        if plans[index] is None:
            plan = _by_amount(payment, ledger)
            _commit(plan)
            plans[index] = plan

    outcomes = []
    for payment, maybe_plan in zip(payment_list, plans, strict=True):
        assert maybe_plan is not None
        outcomes.append(_outcome(payment, maybe_plan, rates, functional))
    return CashApplicationResult(tuple(outcomes))


def _commit(plan: _Plan) -> None:
    if plan.status in (MatchStatus.MATCHED, MatchStatus.PARTIAL):
        for line in plan.lines:
            line.entry.claimed = True


def _outcome(
    payment: Payment, plan: _Plan, rates: RateTable | None, functional: Currency | None
) -> PaymentOutcome:
    currency = payment.amount.currency
    applications = []
    applied = 0
    if plan.status in (MatchStatus.MATCHED, MatchStatus.PARTIAL):
        for line in plan.lines:
            applied += line.cash
            cash = _money(line.cash, currency)
            fx = None
            item = line.entry.item
            if rates is not None and functional is not None and currency is not functional:
                booked = ExchangeRate(
                    currency,
                    functional,
                    rates.rate(currency, functional, on=item.document_date),
                    item.document_date,
                )
                settled = ExchangeRate(
                    currency,
                    functional,
                    rates.rate(currency, functional, on=payment.received_date),
                    payment.received_date,
                )
                fx = realized_fx_difference(cash, booked, settled).difference
            applications.append(
                Application(
                    line.entry.key_id,
                    cash,
                    _money(line.discount, currency),
                    _money(line.write_off, currency) if line.write_off else None,
                    line.deduction_reason,
                    _money(line.deduction, currency) if line.deduction else None,
                    fx,
                )
            )
    unapplied = _money(_units(payment.amount) - applied, currency)
    return PaymentOutcome(
        payment.id, plan.status, tuple(applications), unapplied, plan.confidence, plan.reasons
    )


# -- evidence from references --------------------------------------------------------------------


@attrs.frozen
class _Hit:
    entry: _Entry
    exact: bool
    near_miss: bool = False


def _spent(raw: str, ledger: _Ledger, currency: Currency) -> list[_Entry]:
    """Items a reference names that another payment of this call already took."""
    # The same look-ups as ``_resolve`` but over claimed items: a reference to an item already
    # paid in this run is a duplicate payment or a reference to check, which a person must see
    # rather than the amount matching the cash to something else.
    text = raw.strip()
    named = list(ledger.exact.get(text.upper(), []))
    for key in (reference_key(text), *candidate_keys(text)):
        named.extend(ledger.by_key.get(key, []))
    return [e for e in named if e.claimed and e.item.open_balance.currency is currency]


def _resolve(
    raw: str,
    ledger: _Ledger,
    currency: Currency,
    customer_id: str | None,
    *,
    single: bool = False,
) -> tuple[list[_Hit], list[list[_Entry]]]:
    """Items a reference text names: resolved hits, and keys naming several items.

    ``single`` marks a text that is one reference (a remittance line), whose whole key counts
    however short; in free text only keys with three digits or more do.
    """
    hits: list[_Hit] = []
    ambiguous: list[list[_Entry]] = []
    text = raw.strip()
    # The text as written naming an item is the strongest evidence, and it is taken alone: a
    # reference that is an exact id is not also split into tokens that could name other items.
    exact = [e for e in ledger.exact.get(text.upper(), []) if ledger.open(e, currency)]
    if exact:
        keys: tuple[str, ...] = ()
        groups = [exact]
        exact_match = True
    else:
        # Free text may quote several references ("inv 123, 124"). Short numbers in it are
        # quantities, days or amounts ("12 pcs"), so the whole text's key counts only when it is
        # known to be one reference or has the digits of a document number.
        keys = candidate_keys(text)
        whole = reference_key(text)
        if whole and whole not in keys and (single or sum(c.isdigit() for c in whole) >= 3):
            keys = (whole, *keys)
        groups = [
            [e for e in ledger.by_key.get(key, []) if ledger.open(e, currency)] for key in keys
        ]
        exact_match = False
    for group in groups:
        if not group:
            continue
        # A key shared by several items (one PO number over several invoices, the same number
        # in two customers' series) is narrowed to the payer's own accounts: payers quote their
        # own documents. What stays shared is returned as ambiguous for the amount to decide.
        if len(group) > 1 and customer_id is not None:
            mine = [e for e in group if ledger.related_to(customer_id, e.item.customer_id)]
            group = mine or group
        if len(group) == 1:
            hits.append(_Hit(group[0], exact_match))
        else:
            ambiguous.append(group)
    # A near miss (one wrong or two swapped characters, the usual copying errors) is tried only
    # when no key names anything, so a real match always wins over a guessed typo, and it counts
    # only when exactly one open item is that close: two candidates is a guess between them. From
    # the free text of a bank line, ``_by_reference`` keeps it only if the amount agrees.
    if not hits and not ambiguous and ledger.policy.near_misses:
        pool = _near_pool(ledger, currency, customer_id)
        for key in keys or candidate_keys(text):
            close = [e for e in pool if is_near_miss(key, reference_key(e.key_id))]
            if len(close) == 1:
                hits.append(_Hit(close[0], exact=False, near_miss=True))
    return hits, ambiguous


def _near_pool(ledger: _Ledger, currency: Currency, customer_id: str | None) -> list[_Entry]:
    # A known payer's typo is looked for among its own and its related accounts' items (a parent
    # pays for its subsidiaries), which keeps the pool small and the one-candidate rule
    # meaningful; for an unknown payer the mistyped reference may be the only clue, so every open
    # item is a candidate.
    if customer_id is not None:
        pool: list[_Entry] = []
        for related in sorted(ledger.related.get(customer_id, {customer_id})):
            pool.extend(ledger.by_customer.get(related, []))
        return [e for e in pool if ledger.open(e, currency)]
    return [e for e in ledger.entries.values() if ledger.open(e, currency) and e.remaining > 0]


def _by_reference(payment: Payment, remittance: Remittance | None, ledger: _Ledger) -> _Plan | None:
    currency = payment.amount.currency
    customer_id = payment.customer_id
    # A remittance advice is the payer's own list of what it pays, line by line: stronger than
    # the free text on the bank line, so it is tried first.
    if remittance is not None and remittance.lines:
        plan = _by_remittance(payment, remittance, ledger)
        if plan is not None:
            return plan
    texts = list(payment.references)
    if not texts:
        return None
    hits: list[_Hit] = []
    ambiguous: list[list[_Entry]] = []
    for text in texts:
        found, unclear = _resolve(text, ledger, currency, customer_id)
        for hit in found:
            if all(h.entry is not hit.entry for h in hits):
                hits.append(hit)
        ambiguous.extend(unclear)
    if not hits and not ambiguous:
        # Nothing open is named, but an item this run already applied is: the same invoice paid
        # twice, or a reference to check. Matching by amount instead could put the cash on an
        # unrelated item, so this goes to a person.
        spent = sorted({e.key_id for text in texts for e in _spent(text, ledger, currency)})
        if spent:
            return _exception(
                "cashapp.already_applied",
                f"the references name {', '.join(spent)}, already paid by another payment in "
                "this run: a duplicate payment, or a reference to check",
                items=", ".join(spent),
            )
        return None
    paid = _units(payment.amount)
    if ambiguous:
        # A key that names several items: keep the choice that makes the amounts agree exactly,
        # or all of them when together they do (one PO number over several invoices).
        fits = []
        whole_groups = []
        for group in ambiguous:
            base = [h.entry for h in hits]
            if _agrees(base + group, paid, payment.received_date, ledger):
                whole_groups.append(group)
            for entry in group:
                if _agrees([*base, entry], paid, payment.received_date, ledger):
                    fits.append(entry)
        if len(fits) == 1 and len(ambiguous) == 1:
            hits.append(_Hit(fits[0], exact=False))
        elif len(whole_groups) == 1 and len(ambiguous) == 1 and not fits:
            hits.extend(_Hit(entry, exact=False) for entry in whole_groups[0])
        else:
            candidates = sorted({e.key_id for group in ambiguous for e in group})
            return _exception(
                "cashapp.ambiguous_reference",
                f"a reference names several open items ({', '.join(candidates)}) and the amount "
                "does not single one out",
                candidates=", ".join(candidates),
            )
    # A near miss is a guess at a typo, and invoice numbers one character apart are both real
    # numbers often enough; the amount agreeing is independent evidence that the guess is right.
    # Without it the guessed items are dropped, and the payment falls back to what else it says.
    near = [h for h in hits if h.near_miss]
    if near and not _agrees([h.entry for h in hits], paid, payment.received_date, ledger):
        hits = [h for h in hits if not h.near_miss]
        if not hits:
            return None
    if customer_id is not None and len(hits) > 1:
        # A stray token (a date, an amount) can name another customer's item: drop it when the
        # payer's own items are named too.
        own = [h for h in hits if ledger.related_to(customer_id, h.entry.item.customer_id)]
        if own and len(own) < len(hits):
            hits = own
    # Several references whose items do not fit the amount, even within the write-off
    # tolerance: when exactly one largest subset fits it exactly, the rest are strays (an order
    # number, a date that happens to be an item's number) and are set aside. The amount is what
    # singles the subset out, so two subsets that fit equally set nothing aside. The largest
    # subset keeps as much of what the payer wrote as the amount allows.
    ignored: list[_Hit] = []
    if len(hits) > 1 and not _acceptable([h.entry for h in hits], paid, payment, ledger):
        agreeing = _agreeing_subsets(hits, paid, payment.received_date, ledger)
        if len(agreeing) == 1:
            ignored = [h for h in hits if h not in agreeing[0]]
            hits = agreeing[0]
    if not _agrees([h.entry for h in hits], paid, payment.received_date, ledger):
        # The amount disagrees with what the references name. If another open item of the payer
        # fits the amount exactly, the evidence conflicts: a typo that hit a real number is put
        # right when the fitting item is one character away, anything else goes to a person.
        payer = customer_id or _single_owner(hits)
        rivals = _exact_fits(payer, paid, payment.received_date, ledger, currency, hits)
        if len(rivals) == 1 and len(hits) == 1 and ledger.policy.near_misses:
            hit_key = reference_key(hits[0].entry.key_id)
            if is_near_miss(hit_key, reference_key(rivals[0].key_id)):
                hits = [_Hit(rivals[0], exact=False, near_miss=True)]
        # Two independent pieces of evidence name different items. Choosing one would be a
        # guess, and a wrong application costs more to undo (a paid customer dunned, a
        # reversal) than a short wait in the exception queue. With no rival the references stand
        # and the difference is a short or over payment for ``_settle``.
        if rivals and not _agrees([h.entry for h in hits], paid, payment.received_date, ledger):
            shown = ", ".join(e.key_id for e in rivals[:3])
            return _exception(
                "cashapp.conflicting_evidence",
                f"the references name {', '.join(h.entry.key_id for h in hits)} but the amount "
                f"fits {shown} exactly",
                candidates=shown,
            )
    entries = sorted((h.entry for h in hits), key=lambda e: e.order)
    owners = {e.item.customer_id for e in entries}
    known = (
        customer_id if customer_id is not None else next(iter(owners)) if len(owners) == 1 else None
    )
    foreign = [e for e in entries if not ledger.related_to(customer_id, e.item.customer_id)]
    unrelated_owners = len(owners) > 1 and not all(
        ledger.related_to(known, owner) for owner in owners
    )
    # A match is as strong as its weakest reference: an id as written beats a normalised key,
    # which beats a guessed typo, so one near miss among exact references still needs the
    # amount's support and shows as a near miss.
    confidence = min(
        _EXACT_REFERENCE if h.exact else _NEAR_MISS if h.near_miss else _NORMALISED_REFERENCE
        for h in hits
    )
    reasons = [_reference_reason(hits)]
    if ignored:
        reasons.append(
            Reason.of(
                "cashapp.reference_ignored",
                f"references to {', '.join(h.entry.key_id for h in ignored)} were set aside: "
                "without them the amounts agree exactly",
                items=", ".join(h.entry.key_id for h in ignored),
            )
        )
        # The payer's own text was partly overruled, so the match is no stronger than a
        # normalised one, less a penalty.
        confidence = min(confidence, _NORMALISED_REFERENCE) - _OTHER_CUSTOMER_PENALTY
    # Paying another customer's items happens (a group treasury, a factor, a parent without a
    # recorded link) but it is also what misapplied cash looks like: it is accepted only when the
    # amounts agree, and at a lower confidence.
    if foreign or unrelated_owners:
        if not _agrees(entries, paid, payment.received_date, ledger):
            return _exception(
                "cashapp.other_customer",
                "the references name items of another customer "
                f"({', '.join(sorted(o or '?' for o in owners))}) "
                "and the amount does not agree",
                payer=customer_id or "unknown",
            )
        confidence -= _OTHER_CUSTOMER_PENALTY
        reasons.append(
            Reason.of(
                "cashapp.other_customer",
                "the payment pays items of another customer; the amounts agree",
                payer=customer_id or "unknown",
            )
        )
    return _settle(payment, entries, confidence, reasons, ledger)


def _single_owner(hits: Sequence[_Hit]) -> str | None:
    owners = {h.entry.item.customer_id for h in hits}
    return next(iter(owners)) if len(owners) == 1 else None


def _exact_fits(
    customer_id: str | None,
    paid: int,
    paid_on: dt.date,
    ledger: _Ledger,
    currency: Currency,
    hits: Sequence[_Hit],
) -> list[_Entry]:
    """Open items of the payer, other than those named, whose amount fits the payment."""
    # Only the payer's own items are rivals: another customer's item of the same amount is a
    # coincidence, not evidence. A fit net of the early-payment discount counts, as payers take
    # the discount without saying so.
    if customer_id is None:
        return []
    named = {id(h.entry) for h in hits}
    return [
        e
        for e in ledger.by_customer.get(customer_id, [])
        if ledger.open(e, currency)
        and id(e) not in named
        and (e.remaining == paid or e.remaining - ledger.discount_units(e, paid_on) == paid)
    ]


def _reference_reason(hits: Sequence[_Hit]) -> Reason:
    ids = ", ".join(h.entry.key_id for h in hits)
    if any(h.near_miss for h in hits):
        return Reason.of(
            "cashapp.reference_near_miss",
            f"a reference one character off names {ids}, the only candidate, and the amount agrees",
            items=ids,
        )
    if all(h.exact for h in hits):
        return Reason.of("cashapp.reference_exact", f"the references name {ids} exactly", items=ids)
    return Reason.of(
        "cashapp.reference_normalised",
        f"the references name {ids} once normalised (case, spaces, prefixes, leading zeros)",
        items=ids,
    )


def _acceptable(entries: Sequence[_Entry], paid: int, payment: Payment, ledger: _Ledger) -> bool:
    """Whether the amounts agree, or differ by no more than a write-off the policy allows."""
    if _agrees(entries, paid, payment.received_date, ledger):
        return True
    total = sum(e.remaining for e in entries)
    short = total - paid
    # Only a shortfall can be written off. Cash beyond what the references name is left to the
    # checks that follow: another item may fit the amount, or the excess stays on account.
    if short <= 0:
        return False
    # The tolerance is relative and absolute at once, so a small rate of a large invoice does
    # not write off a large sum.
    limit = ledger.policy.write_off_limit(payment.amount.currency)
    return Decimal(short) <= ledger.policy.write_off_rate * Decimal(total) and (
        limit is None or short <= _units(limit)
    )


def _agreeing_subsets(
    hits: Sequence[_Hit], paid: int, paid_on: dt.date, ledger: _Ledger
) -> list[list[_Hit]]:
    """The largest proper subsets of ``hits`` whose amounts agree exactly with the payment."""
    # Beyond ten references the subsets number in the thousands; a payment quoting that many is
    # left as written rather than searched.
    if len(hits) > 10:
        return []
    for size in range(len(hits) - 1, 0, -1):
        found = [
            list(combo)
            for combo in itertools.combinations(hits, size)
            if _agrees([h.entry for h in combo], paid, paid_on, ledger)
        ]
        if found:
            return found
    return []


def _agrees(entries: Sequence[_Entry], paid: int, paid_on: dt.date, ledger: _Ledger) -> bool:
    # Exact to the minor unit, gross or net of the discount the terms allow on the payment date:
    # an amount is independent evidence only when it fits exactly, since roughly right is what
    # any payment looks like.
    total = sum(e.remaining for e in entries)
    if total == paid:
        return True
    discount = sum(ledger.discount_units(e, paid_on) for e in entries)
    return bool(discount) and total - discount == paid


def _exception(code: str, message: str, **figures: str | int) -> _Plan:
    return _Plan(MatchStatus.EXCEPTION, (), _ZERO, (Reason.of(code, message, **figures),))


def _settle(
    payment: Payment,
    entries: Sequence[_Entry],
    confidence: Decimal,
    reasons: list[Reason],
    ledger: _Ledger,
) -> _Plan:
    """Apply a payment to items it is known to pay, handling discounts and differences."""
    currency = payment.amount.currency
    paid = _units(payment.amount)
    total = sum(e.remaining for e in entries)
    discounts = {e.key_id: ledger.discount_units(e, payment.received_date) for e in entries}
    net = total - sum(discounts.values())
    if paid == total:
        lines = [_Line(e, e.remaining) for e in entries]
        return _decide(lines, confidence, reasons, ledger)
    if any(discounts.values()) and paid == net:
        lines = [_Line(e, e.remaining - discounts[e.key_id], discounts[e.key_id]) for e in entries]
        taken = _money(sum(discounts.values()), currency)
        reasons.append(
            Reason.of(
                "cashapp.discount_taken",
                f"the payment takes the {taken} early-payment discount the terms allow on "
                f"{payment.received_date}",
                discount=taken,
            )
        )
        return _decide(lines, confidence, reasons, ledger)
    if paid > total:
        lines = [_Line(e, e.remaining) for e in entries]
        excess = _money(paid - total, currency)
        reasons.append(
            Reason.of(
                "cashapp.overpayment",
                f"the payment exceeds the items named by {excess}; the excess stays on account",
                excess=excess,
            )
        )
        return _decide(lines, min(confidence, _OVERPAID), reasons, ledger, partial=True)
    # Short: against the net amount when a discount applies, else the gross.
    use_discount = any(discounts.values()) and paid < net
    owed = net if use_discount else total
    short = owed - paid
    last = entries[-1]
    limit = ledger.policy.write_off_limit(currency)
    within = (
        last.remaining > 0
        and short <= last.remaining
        and Decimal(short) <= ledger.policy.write_off_rate * Decimal(owed)
        and (limit is None or short <= _units(limit))
    )
    lines = []
    for entry in entries:
        discount = discounts[entry.key_id] if use_discount else 0
        lines.append(_Line(entry, entry.remaining - discount, discount))
    shortfall = _money(short, currency)
    if within:
        final = lines[-1]
        lines[-1] = _Line(final.entry, final.cash - short, final.discount, short)
        reasons.append(
            Reason.of(
                "cashapp.short_payment",
                f"the payment is {shortfall} short, within tolerance: written off",
                short=shortfall,
                written_off=True,
            )
        )
        return _decide(lines, min(confidence, _SHORT_WITHIN_TOLERANCE), reasons, ledger)
    # Beyond tolerance: cash oldest first; the item where it runs out keeps the deduction.
    remaining_cash = paid
    applied_lines = []
    for line in lines:
        if remaining_cash <= 0 and line.entry.remaining > 0:
            break
        cash = line.cash if line.entry.remaining < 0 else min(line.cash, remaining_cash)
        remaining_cash -= cash
        gap = line.cash - cash
        applied_lines.append(
            _Line(
                line.entry,
                cash,
                line.discount if gap == 0 else 0,
                0,
                gap + (line.discount if gap else 0),
                "short_payment" if gap else None,
            )
        )
    reasons.append(
        Reason.of(
            "cashapp.short_payment",
            f"the payment is {shortfall} short, beyond tolerance: applied oldest first, the "
            "rest left open as a deduction to investigate",
            short=shortfall,
            written_off=False,
        )
    )
    return _decide(applied_lines, min(confidence, _SHORT_DEDUCTION), reasons, ledger)


def _decide(
    lines: Sequence[_Line],
    confidence: Decimal,
    reasons: list[Reason],
    ledger: _Ledger,
    *,
    partial: bool = False,
) -> _Plan:
    if confidence < ledger.policy.auto_match_confidence:
        reasons.append(
            Reason.of(
                "cashapp.low_confidence",
                f"confidence {confidence} is below the {ledger.policy.auto_match_confidence} "
                "needed to post without review",
                confidence=confidence,
                needed=ledger.policy.auto_match_confidence,
            )
        )
        return _Plan(MatchStatus.EXCEPTION, tuple(lines), confidence, tuple(reasons))
    status = MatchStatus.PARTIAL if partial else MatchStatus.MATCHED
    return _Plan(status, tuple(lines), confidence, tuple(reasons))


def _by_remittance(payment: Payment, remittance: Remittance, ledger: _Ledger) -> _Plan | None:
    currency = payment.amount.currency
    lines: list[_Line] = []
    unmatched: list[str] = []
    hits: list[_Hit] = []
    for advice in remittance.lines:
        for value in (advice.amount, advice.discount):
            if value is not None and value.currency is not currency:
                raise CurrencyMismatchError(
                    f"remittance for {payment.id} has a line in {value.currency}, the payment is "
                    f"in {currency}"
                )
        found, _ = _resolve(advice.reference, ledger, currency, payment.customer_id, single=True)
        found = [h for h in found if all(line.entry is not h.entry for line in lines)]
        if len(found) != 1:
            unmatched.append(advice.reference)
            continue
        hit = found[0]
        entry = hit.entry
        allowed = ledger.discount_units(entry, payment.received_date)
        claimed = _units(advice.discount) if advice.discount is not None else 0
        discount = min(claimed, allowed)
        cash = _units(advice.amount) if advice.amount is not None else entry.remaining - claimed
        cash = (
            min(cash, entry.remaining - discount)
            if entry.remaining > 0
            else max(cash, entry.remaining)
        )
        gap = entry.remaining - cash - discount
        reason_code = None
        if gap > 0:
            reason_code = "unearned_discount" if claimed > allowed else "short_payment"
        lines.append(_Line(entry, cash, discount, 0, max(gap, 0), reason_code))
        hits.append(hit)
    if not lines:
        return None
    paid = _units(payment.amount)
    applied = sum(line.cash for line in lines)
    reasons = [
        Reason.of(
            "cashapp.remittance",
            f"the remittance advice names {len(lines)} of its {len(remittance.lines)} lines' items",
            lines=len(remittance.lines),
            matched=len(lines),
        ),
        _reference_reason(hits),
    ]
    if unmatched:
        reasons.append(
            Reason.of(
                "cashapp.no_match",
                f"remittance lines not found among open items: {', '.join(unmatched)}",
                references=", ".join(unmatched),
            )
        )
    confidence = min(
        _EXACT_REFERENCE if h.exact else _NEAR_MISS if h.near_miss else _NORMALISED_REFERENCE
        for h in hits
    )
    if applied > paid:
        # The advice says more than the bank paid: take the shortfall off the newest lines.
        excess = applied - paid
        for index in range(len(lines) - 1, -1, -1):
            line = lines[index]
            if excess <= 0 or line.cash <= 0:
                continue
            cut = min(line.cash, excess)
            excess -= cut
            lines[index] = _Line(
                line.entry, line.cash - cut, line.discount, 0, line.deduction + cut, "short_payment"
            )
        lines = [line for line in lines if line.cash or line.discount]
        reasons.append(
            Reason.of(
                "cashapp.short_payment",
                f"the bank paid {_money(paid, currency)}, less than the advice's "
                f"{_money(applied, currency)}: the difference stays open as a deduction",
                short=_money(applied - paid, currency),
                written_off=False,
            )
        )
        return _decide(lines, min(confidence, _SHORT_DEDUCTION), reasons, ledger)
    if any(line.deduction for line in lines):
        reasons.append(
            Reason.of(
                "cashapp.short_payment",
                "some lines pay less than their item (or claim a discount the terms do not allow): "
                "the rest stays open as a deduction",
                short=_money(sum(line.deduction for line in lines), currency),
                written_off=False,
            )
        )
        confidence = min(confidence, _SHORT_DEDUCTION)
    if applied < paid:
        reasons.append(
            Reason.of(
                "cashapp.overpayment",
                f"{_money(paid - applied, currency)} of the payment is not on the advice's "
                "matched lines and stays on account",
                excess=_money(paid - applied, currency),
            )
        )
        return _decide(lines, confidence, reasons, ledger, partial=True)
    return _decide(lines, confidence, reasons, ledger, partial=bool(unmatched))


# -- evidence from amounts -----------------------------------------------------------------------


def _by_amount(payment: Payment, ledger: _Ledger) -> _Plan:
    currency = payment.amount.currency
    paid = _units(payment.amount)
    customer_id = payment.customer_id
    penalty = _ZERO
    reasons: list[Reason] = []
    if customer_id is None:
        match = ledger.identify_payer(payment)
        if match is not None:
            customer_id = match.customer_id
            # A name or a heuristic is weaker evidence than the payment naming its customer.
            penalty = _ZERO if match.certain else _NAME_ONLY_PENALTY
            reasons.append(match.reason)
    if customer_id is None:
        same = [e for e in ledger.by_amount.get((currency, paid), []) if ledger.open(e, currency)]
        if same:
            ids = ", ".join(e.key_id for e in same[:5])
            return _Plan(
                MatchStatus.EXCEPTION,
                (),
                _AMOUNT_ONLY_UNKNOWN_PAYER,
                (
                    Reason.of(
                        "cashapp.amount_only_unknown_payer",
                        f"an unknown payer's amount equals open items {ids}; amount alone is not "
                        "enough evidence across customers",
                        candidates=ids,
                    ),
                ),
            )
        return _no_match(payment)
    pool = [
        e
        for e in ledger.by_customer.get(customer_id, [])
        if ledger.open(e, currency) and e.remaining > 0
    ]
    if not pool:
        return _no_match(payment)
    paid_on = payment.received_date
    gross = [e for e in pool if e.remaining == paid]
    net = [e for e in pool if (d := ledger.discount_units(e, paid_on)) and e.remaining - d == paid]
    singles = gross + [e for e in net if e not in gross]
    if len(singles) > 1 and not ledger.policy.prefer_oldest:
        ids = ", ".join(e.key_id for e in singles)
        return _exception(
            "cashapp.ambiguous_amount",
            f"{len(singles)} open items of {customer_id} fit the amount ({ids})",
            candidates=ids,
        )
    if singles:
        entry = min(singles, key=lambda e: e.order)
        reasons.append(
            Reason.of(
                "cashapp.amount_unique",
                f"{entry.key_id} is the only open item of {customer_id} for this amount"
                + (" (less its early-payment discount)" if entry not in gross else ""),
                item=entry.key_id,
            )
        )
        return _settle(payment, [entry], _UNIQUE_AMOUNT - penalty, reasons, ledger)
    for use_net in (False, True):
        values = {
            e.key_id: e.remaining - (ledger.discount_units(e, paid_on) if use_net else 0)
            for e in pool
        }
        if use_net and all(values[e.key_id] == e.remaining for e in pool):
            break
        found, exhausted = _combinations(
            pool, values, paid, ledger.policy.max_combination_size, ledger.policy.search_budget
        )
        if exhausted and not found:
            return _exception(
                "cashapp.search_exhausted",
                "the search for invoices that sum to the payment ran out of budget",
                budget=ledger.policy.search_budget,
            )
        if not found:
            continue
        if len(found) > 1 and not ledger.policy.prefer_oldest:
            shown = "; ".join(", ".join(e.key_id for e in combo) for combo in found[:3])
            return _exception(
                "cashapp.ambiguous_amount",
                f"several combinations of {len(found[0])} open items fit the amount ({shown})",
                candidates=shown,
            )
        combo = min(found, key=lambda c: [e.order for e in c])
        size = len(combo)
        reasons.append(
            Reason.of(
                "cashapp.combination",
                f"{', '.join(e.key_id for e in combo)} are the only {size} open items of "
                f"{customer_id} that sum to the payment",
                items=", ".join(e.key_id for e in combo),
                size=size,
            )
        )
        confidence = _COMBINATION.get(size, _LARGE_COMBINATION) - penalty
        return _settle(payment, sorted(combo, key=lambda e: e.order), confidence, reasons, ledger)
    return _no_match(payment, customer_id)


def _no_match(payment: Payment, customer_id: str | None = None) -> _Plan:
    whose = f" of {customer_id}" if customer_id else ""
    return _Plan(
        MatchStatus.UNAPPLIED,
        (),
        _ZERO,
        (
            Reason.of(
                "cashapp.no_match",
                f"no reference, remittance or amount{whose} identifies what {payment.id} pays",
                payment=payment.id,
            ),
        ),
    )


def _combinations(
    pool: Sequence[_Entry], values: Mapping[str, int], target: int, largest: int, budget: int
) -> tuple[list[list[_Entry]], bool]:
    """The smallest combinations (size 2 and up) of ``pool`` whose values sum to ``target``.

    Returns at most two combinations of the smallest size found (two are enough to know it is
    ambiguous), and whether the search budget ran out.
    """
    entries = sorted(
        (e for e in pool if 0 < values[e.key_id] <= target),
        key=lambda e: (values[e.key_id], e.order),
    )
    amounts = [values[e.key_id] for e in entries]
    steps = 0
    for size in range(2, largest + 1):
        found: list[list[_Entry]] = []
        if size > len(entries):
            break
        if size == 2:
            seen: dict[int, list[int]] = {}
            for index, amount in enumerate(amounts):
                for other in seen.get(target - amount, []):
                    found.append([entries[other], entries[index]])
                    if len(found) > 1:
                        return found, False
                seen.setdefault(amount, []).append(index)
                steps += 1
            if found:
                return found, False
            continue
        count = len(amounts)
        stack: list[tuple[int, int, tuple[int, ...]]] = [(0, target, ())]
        while stack:
            start, rest, chosen = stack.pop()
            steps += 1
            if steps > budget:
                return found, True
            need = size - len(chosen)
            if need == 0:
                if rest == 0:
                    found.append([entries[i] for i in chosen])
                    if len(found) > 1:
                        return found, False
                continue
            # Amounts ascend: the smallest sum from ``index`` is the next ``need`` amounts; the
            # largest is this amount plus the ``need - 1`` largest of all.
            top = sum(amounts[count - need + 1 :]) if need > 1 else 0
            children = []
            for index in range(start, count - need + 1):
                if sum(amounts[index : index + need]) > rest:
                    break
                if amounts[index] + top < rest:
                    continue
                children.append((index + 1, rest - amounts[index], (*chosen, index)))
            stack.extend(reversed(children))
        if found:
            return found, False
    return [], False
