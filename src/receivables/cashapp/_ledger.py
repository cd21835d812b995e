"""The ledger one ``apply_cash`` call works on: open items, what remains of each, and indexes.

Open items are indexed once per call by the text as written, by every normalised reference key,
by customer and by (currency, amount); customers by name key and by parent link. What remains of
each item is tracked in minor units, and an item taken by one payment is claimed so no other
payment in the call takes it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final, TypeVar, cast

import attrs

from receivables.cashapp._mentions import Strength, deletions, document_keys, mentions, one_edit
from receivables.cashapp.model import MatchPolicy, PayerIdentification, PayerMatch
from receivables.cashapp.references import name_key
from receivables.documents import (
    CreditMemo,
    Customer,
    DocumentKind,
    Invoice,
    OpenItem,
    Payment,
    open_items,
)
from receivables.errors import InvalidDocumentError, InvalidTypeError
from receivables.explain import Reason
from receivables.money import Currency, Money, trusted_money

__all__: list[str] = []

_K = TypeVar("_K")

_NEAR_MISS_DIGITS: Final = 3
"""The fewest digits a number needs before a one-edit neighbour counts as a near miss."""
_TRANSLITERATION: Final = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "ss", "ø": "oe",
     "Ø": "OE", "æ": "ae", "Æ": "AE", "å": "aa", "Å": "AA"}
)  # fmt: skip
"""How bank character sets (SWIFT's X charset, DTA, SEPA's Latin subset) spell letters out."""
_MIN_CUT_NAME: Final = 10
"""The shortest cut-off payer name that may identify a customer by the start of its name."""


@attrs.define(eq=False)
class Entry:
    """An open item as the engine tracks it during one call."""

    item: OpenItem
    key_id: str
    remaining: int  # minor units, signed
    order: tuple[dt.date, str]
    claimed: bool = False
    numbers: tuple[str, ...] = ()  # the all-digit keys of its id, for near misses


def to_units(money: Money) -> int:
    return int(money.amount.scaleb(money.currency.minor_units))


_ZEROS: Final[dict[Currency, Money]] = {
    currency: trusted_money(Decimal(0).scaleb(-currency.minor_units), currency)
    for currency in map(Currency, Currency.codes())
}
"""Zero at each currency's minor units, made once at import (a constant table, never written
after): most discounts and unapplied amounts are zero, and an outcome is kept for every
payment, so they share one immutable value per currency."""


def from_units(units: int, currency: Currency) -> Money:
    if units:
        return trusted_money(Decimal(units).scaleb(-currency.minor_units), currency)
    return _ZEROS[currency]


class Ledger:
    """Open items indexed by reference key, customer and amount, with what remains of each."""

    def __init__(
        self,
        items: Iterable[OpenItem],
        customers: Mapping[str, Customer],
    ) -> None:
        self.entries: dict[str, Entry] = {}
        self.by_customer: dict[str, list[Entry]] = {}
        self.credits: dict[str, list[Entry]] = {}
        self.by_account: dict[str, set[str]] = {}
        self._near: dict[str | None, dict[str, Entry | tuple[Entry, ...]]] = {}
        self._sorted_names: list[str] | None = None
        self.cleared_exact: dict[str, list[Invoice]] = {}
        self.cleared_by_key: dict[str, list[Invoice]] = {}
        self.earlier: list[Payment] = []
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
            entry = Entry(
                item, item.document_id, to_units(balance), (item.due_date, item.document_id)
            )
            self.entries[item.document_id] = entry
        # Built as lists, kept as tuples (see ``_frozen``): most buckets hold one entry.
        exact: dict[str, list[Entry]] = {}
        by_key: dict[str, list[Entry]] = {}
        by_serial: dict[str, list[Entry]] = {}
        by_amount: dict[tuple[Currency, int], list[Entry]] = {}
        # Index in a fixed order so that the input order of open items never matters.
        for entry in sorted(self.entries.values(), key=lambda e: e.order):
            item = entry.item
            # An item is found by its id and by every reference it carries (a PO number, the
            # customer's own document number): payers quote whichever they have to hand. Two
            # indexes, because the two kinds of evidence differ in strength: ``exact`` holds the
            # text as written (trimmed, upper case), ``by_key`` the normalised keys (prefix word,
            # punctuation and leading zeros dropped, see ``reference_key``), which is how payers
            # rewrite numbers: "INV-000123" comes back as "inv 123" or "123".
            names = [entry.key_id]
            if isinstance(item, Invoice | CreditMemo):
                names.extend(item.references)
            for name in names:
                # Entries are indexed in order, so a repeat is always the bucket's last.
                written = name.strip().upper()
                if written == name:
                    written = name  # the caller's own string, not a copy of it
                bucket = exact.get(written)
                if bucket is None:
                    exact[written] = [entry]
                elif bucket[-1] is not entry:
                    bucket.append(entry)
                keys, serial = document_keys(name)
                if name is entry.key_id:
                    entry.numbers = tuple(
                        k for k in keys if len(k) >= _NEAR_MISS_DIGITS and k.isdigit()
                    )
                for key in keys:
                    bucket = by_key.get(key)
                    if bucket is None:
                        by_key[key] = [entry]
                    elif bucket[-1] is not entry:
                        bucket.append(entry)
                if serial is not None:
                    bucket = by_serial.get(serial)
                    if bucket is None:
                        by_serial[serial] = [entry]
                    elif bucket[-1] is not entry:
                        bucket.append(entry)
            # Only what a customer owes goes in the customer and amount indexes, which amount
            # evidence, near misses and rival fits search: a credit joins a payment only when a
            # reference names it.
            if entry.remaining > 0 and item.customer_id is not None:
                self.by_customer.setdefault(item.customer_id, []).append(entry)
                currency = item.open_balance.currency
                amount_key = (currency, entry.remaining)
                bucket = by_amount.get(amount_key)
                if bucket is None:
                    by_amount[amount_key] = [entry]
                else:
                    bucket.append(entry)
            elif entry.remaining < 0 and item.customer_id is not None:
                # Open credits (credit memos) a customer may net against a payment unasked.
                self.credits.setdefault(item.customer_id, []).append(entry)
        self.exact: dict[str, tuple[Entry, ...]] = _frozen(exact)
        self.by_key: dict[str, tuple[Entry, ...]] = _frozen(by_key)
        self.by_serial: dict[str, tuple[Entry, ...]] = _frozen(by_serial)
        # Typed as sequences (tuples all the same) for a reader's ``get(key, []) if ... else []``.
        self.by_amount = cast(dict[tuple[Currency, int], Sequence[Entry]], _frozen(by_amount))
        self.customers = customers
        self.names: dict[str, set[str]] = {}
        self.related: dict[str, set[str]] = {}
        for customer in customers.values():
            self.names.setdefault(name_key(customer.name), set()).add(customer.id)
            spelled = customer.name.translate(_TRANSLITERATION)
            if spelled != customer.name:
                # Banks' character sets spell umlauts out ("MUELLER" for Müller).
                self.names.setdefault(name_key(spelled), set()).add(customer.id)
            for account in customer.bank_accounts:
                self.by_account.setdefault(account, set()).add(customer.id)
            self.related.setdefault(customer.id, {customer.id})
            if customer.parent_id is not None:
                self.related[customer.id].add(customer.parent_id)
                self.related.setdefault(customer.parent_id, {customer.parent_id}).add(customer.id)

    def add_history(self, history: Iterable[Invoice | Payment]) -> None:
        """Index the cleared history: paid invoices by reference key, earlier payments."""
        for document in history:
            if isinstance(document, Invoice):
                if document.paid_on is None and not document.open_amount.is_zero:
                    continue
                if document.id in self.entries:
                    continue  # still open here: the ledger is the later word
                names = [document.id, *document.references]
                for name in names:
                    self.cleared_exact.setdefault(name.strip().upper(), []).append(document)
                    for key in document_keys(name)[0]:
                        self.cleared_by_key.setdefault(key, []).append(document)
            elif isinstance(document, Payment):
                self.earlier.append(document)
            else:
                raise InvalidTypeError(
                    "history holds paid invoices and earlier payments, not "
                    f"{type(document).__name__}"
                )

    def cleared(self, text: str) -> list[Invoice]:
        """Cleared invoices of the history that a reference text names."""
        if not self.cleared_exact:
            return []
        stripped = text.strip()
        found = list(self.cleared_exact.get(stripped.upper(), []))
        if not found:
            for mention in mentions(stripped):
                if mention.strength is not Strength.STRONG:
                    continue
                for key in mention.keys:
                    for invoice in self.cleared_by_key.get(key, []):
                        if invoice not in found:
                            found.append(invoice)
        return found

    def names_starting(self, prefix: str) -> set[str]:
        """The customers whose name key begins with ``prefix`` (binary search, sorted once)."""
        if self._sorted_names is None:
            self._sorted_names = sorted(self.names)
        names = self._sorted_names
        found: set[str] = set()
        at = bisect.bisect_left(names, prefix)
        while at < len(names) and names[at].startswith(prefix):
            found |= self.names[names[at]]
            if len(found) > 1:
                break
            at += 1
        return found

    def near(self, key: str, customer_ids: Iterable[str] | None) -> list[Entry]:
        """Entries whose number is one edit from ``key`` (a typo), through a deletion index.

        The index (every number key and each variant with one character deleted) is built on
        first use, per customer group for a known payer and once for the whole ledger otherwise,
        so a near miss costs a few look-ups, never a scan of every open item. It holds several
        variants for every number, nearly all of them one item's, so such a variant holds the
        entry itself rather than a tuple of one.
        """
        scope = None if customer_ids is None else ",".join(sorted(customer_ids))
        index = self._near.get(scope)
        if index is None:
            building: dict[str, list[Entry]] = {}
            if customer_ids is None:
                pool: Iterable[Entry] = self.entries.values()
            else:
                pool = [e for c in sorted(customer_ids) for e in self.by_customer.get(c, [])]
            for entry in pool:
                if entry.remaining <= 0:
                    continue
                for number in entry.numbers:
                    for variant in deletions(number):
                        bucket = building.get(variant)
                        if bucket is None:
                            building[variant] = [entry]
                        elif bucket[-1] is not entry:
                            bucket.append(entry)
            index = self._near[scope] = _singled(building)
        found: dict[int, Entry] = {}
        for variant in deletions(key):
            held = index.get(variant, ())
            for entry in (held,) if isinstance(held, Entry) else held:
                if any(one_edit(key, number) for number in entry.numbers):
                    found[id(entry)] = entry
        return sorted(found.values(), key=lambda e: e.order)

    def open(self, entry: Entry, currency: Currency) -> bool:
        return (
            not entry.claimed
            and entry.remaining != 0
            and entry.item.open_balance.currency is currency
        )

    def related_to(self, customer_id: str | None, other: str | None) -> bool:
        if customer_id is None or other is None or customer_id == other:
            return True
        return other in self.related.get(customer_id, {customer_id})


def _frozen(index: dict[_K, list[Entry]]) -> dict[_K, tuple[Entry, ...]]:
    """``index`` with each bucket a tuple, replaced in place (so the lists and the tuples never
    all exist at once). A one-entry tuple is one block of 48 bytes; a one-entry list is two
    blocks of 64 bytes in all (88 when grown by ``append``). Most buckets hold one entry, and
    the ledger holds six or seven buckets for every open item."""
    frozen = cast(dict[_K, list[Entry] | tuple[Entry, ...]], index)
    for key, bucket in index.items():
        frozen[key] = tuple(bucket)  # a value replaced, no key added: iterating stays valid
    return cast(dict[_K, tuple[Entry, ...]], frozen)


def _singled(index: dict[str, list[Entry]]) -> dict[str, Entry | tuple[Entry, ...]]:
    """Like ``_frozen``, but a bucket of one entry becomes the entry itself (the near-miss
    index, read only by ``Ledger.near``)."""
    singled = cast(dict[str, Entry | list[Entry] | tuple[Entry, ...]], index)
    for key, bucket in index.items():
        singled[key] = bucket[0] if len(bucket) == 1 else tuple(bucket)
    return cast(dict[str, Entry | tuple[Entry, ...]], singled)


def discount_units(policy: MatchPolicy, entry: Entry, paid_on: dt.date) -> int:
    """The early-payment discount, in minor units, the terms allow on ``paid_on``."""
    item = entry.item
    if entry.remaining <= 0 or not isinstance(item, Invoice) or item.terms is None:
        return 0
    if not item.terms.discounts:
        return 0
    rate = item.terms.discount_rate_on(
        item.issue_date, paid_on, grace_days=policy.discount_grace_days
    )
    if not rate:
        return 0
    currency = item.open_balance.currency
    return to_units((from_units(entry.remaining, currency) * rate).round())


def identify_payer(
    payment: Payment, ledger: Ledger, strategies: tuple[PayerIdentification, ...]
) -> PayerMatch | None:
    """Who paid a payment that names no customer: the account it came from when one customer
    has it on file (certain), the caller's strategies in turn, then a payer name that only one
    customer has, as written or cut short the way bank lines cut names."""
    if payment.payer_account is not None:
        owners = ledger.by_account.get(payment.payer_account, set())
        if len(owners) == 1:
            customer_id = next(iter(owners))
            return PayerMatch(
                customer_id,
                Reason.of(
                    "cashapp.payer_identified",
                    f"the account {payment.payer_account} is on file for customer {customer_id}",
                    customer=customer_id,
                    by="bank_account",
                ),
                certain=True,
            )
    for strategy in strategies:
        match = strategy.identify(payment, ledger.customers)
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
    written = name_key(payment.payer_name)
    found = ledger.names.get(written, set())
    # A bank line cuts a name at its field's width ("CRESCENT AURORA INDUST") and may spell its
    # last word the payer's way ("LUMEN ENERGIE" for Lumen Energy): the longest start of the
    # written name, of ten characters or more, that begins exactly one customer's name.
    cut = len(written)
    while not found and cut >= _MIN_CUT_NAME:
        starting = ledger.names_starting(written[:cut])
        if len(starting) > 1:
            break  # shorter starts only match more customers
        found = starting
        cut -= 1
    if len(found) != 1:
        return None
    customer_id = next(iter(found))
    return PayerMatch(
        customer_id,
        Reason.of(
            "cashapp.payer_identified",
            f"the payer name {payment.payer_name!r} matches customer {customer_id} only",
            customer=customer_id,
            by="name",
        ),
    )
