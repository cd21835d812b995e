"""Evidence from references: remittance advice lines and the references on a payment."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables.cashapp._ledger import Entry, Ledger, discount_units, from_units, to_units
from receivables.cashapp._mentions import Strength, document_keys, mentions, one_edit, says
from receivables.cashapp._settling import (
    ZERO,
    Line,
    Plan,
    acceptable,
    amount_agrees,
    decide,
    deduction_code,
    exception_plan,
    settle,
)
from receivables.cashapp.model import MatchPolicy, MatchStatus, PayerMatch, Remittance
from receivables.documents import Invoice, Payment
from receivables.errors import CurrencyMismatchError
from receivables.explain import Reason
from receivables.money import Currency

__all__: list[str] = []


@attrs.frozen
class _Hit:
    entry: Entry
    exact: bool
    near_miss: bool = False
    loose: bool = False  # a stray number or a bare serial: needs the amount to agree


def _spent(raw: str, ledger: Ledger, currency: Currency) -> list[Entry]:
    """Items a reference names that another payment of this call already took."""
    # The same look-ups as ``_resolve`` but over claimed items: a reference to an item already
    # paid in this run is a duplicate payment or a reference to check, which a person must see
    # rather than the amount matching the cash to something else.
    text = raw.strip()
    named = list(ledger.exact.get(text.upper(), []))
    if not named:
        for mention in mentions(text):
            if mention.strength is Strength.STRONG:
                for key in mention.keys:
                    named.extend(ledger.by_key.get(key, []))
    return [e for e in named if e.claimed and e.item.open_balance.currency is currency]


def _duplicate(payment: Payment, texts: Sequence[str], ledger: Ledger) -> Plan | None:
    """A payment whose references name only invoices the history shows cleared: a duplicate."""
    # Matching it by amount instead would put a repeated payment on an unrelated open item,
    # which is the costliest mistake there is (the customer is owed a refund, not a credit on
    # the wrong invoice). So it goes to a person, with what it repeats.
    cleared: list[Invoice] = []
    for text in texts:
        for invoice in ledger.cleared(text):
            same_payer = payment.customer_id is None or ledger.related_to(
                payment.customer_id, invoice.customer_id
            )
            if same_payer and invoice not in cleared:
                cleared.append(invoice)
    if not cleared:
        return _repeated(payment, texts, ledger)
    ids = ", ".join(sorted(i.id for i in cleared))
    repeats = any(i.amount == payment.amount for i in cleared) or any(
        p.amount == payment.amount
        and {t.strip().upper() for t in p.references} & {t.strip().upper() for t in texts}
        for p in ledger.earlier
    )
    owner = cleared[0].customer_id if len({i.customer_id for i in cleared}) == 1 else None
    return Plan(
        MatchStatus.EXCEPTION,
        (),
        ZERO,
        (
            Reason.of(
                "cashapp.duplicate_payment",
                f"the references name {ids}, cleared before"
                + (" for this same amount: a duplicate payment" if repeats else "")
                + "; a person decides (refund, or hold on account)",
                items=ids,
                same_amount=repeats,
            ),
        ),
        payment.customer_id or owner,
    )


def _repeated(payment: Payment, texts: Sequence[str], ledger: Ledger) -> Plan | None:
    """A payment that repeats an earlier one of the history: same payer, amount and reference
    text, naming nothing open. A duplicate, for a person."""
    # Only a text with a number in it is a reference; "INVOICE PAYMENT" repeats innocently.
    written = {" ".join(t.upper().split()) for t in texts if any(c.isdigit() for c in t)}
    if not written:
        return None
    for earlier in ledger.earlier:
        if earlier.amount != payment.amount:
            continue
        if payment.customer_id is not None and earlier.customer_id not in (
            None,
            payment.customer_id,
        ):
            continue
        if written & {" ".join(t.upper().split()) for t in earlier.references}:
            return Plan(
                MatchStatus.EXCEPTION,
                (),
                ZERO,
                (
                    Reason.of(
                        "cashapp.duplicate_payment",
                        f"the payment repeats {earlier.id} of {earlier.received_date} (same "
                        "amount and reference) and names nothing open: a duplicate payment; a "
                        "person decides (refund, or hold on account)",
                        items=earlier.id,
                        same_amount=True,
                    ),
                ),
                payment.customer_id or earlier.customer_id,
            )
    return None


def _resolve(
    raw: str,
    ledger: Ledger,
    policy: MatchPolicy,
    currency: Currency,
    customer_id: str | None,
    *,
    hint: str | None = None,
    amount: int | None = None,
    aside: list[Entry] | None = None,
) -> tuple[list[_Hit], list[list[Entry]]]:
    """Items a reference text names: resolved hits, and mentions naming several items.

    ``customer_id`` is the payer when known for certain
    (named on the payment, or by its bank account); ``hint`` a payer known only by name, which
    narrows shared numbers but never outranks a reference. ``amount`` (minor units) is what the
    text's items should come to: for a payer not known, a near miss is looked for only among
    the items open for that amount, since the amount must agree anyway. ``aside`` collects the
    items a reference names but that were set aside for the payer's own (a shared number):
    an amount that fits one of them exactly contradicts the choice.
    """
    hits: list[_Hit] = []
    ambiguous: list[list[Entry]] = []
    text = raw.strip()
    # The text as written naming an item is the strongest evidence, and it is taken alone: a
    # reference that is an exact id is not also split into tokens that could name other items.
    exact = [e for e in ledger.exact.get(text.upper(), []) if ledger.open(e, currency)]
    narrow = customer_id or hint
    foreign: list[tuple[list[Entry], bool]] = []
    if exact:
        if customer_id is None or any(
            ledger.related_to(customer_id, e.item.customer_id) for e in exact
        ):
            # The text as written may also be how payers write another item's number: "123"
            # is the id of an acquired business's invoice 123 and the short form of INV-00123.
            # Of the same customer, both are named and the amount decides; another customer's
            # item is set aside, an amount fitting it exactly being a conflict.
            written = _compact(text)
            alias = [
                e
                for e in ledger.by_key.get(written, [])
                if e not in exact and ledger.open(e, currency)
            ]
            owners = {e.item.customer_id for e in exact}
            same = [e for e in alias if e.item.customer_id in owners]
            if aside is not None:
                aside.extend(e for e in alias if e.item.customer_id not in owners)
            if same:
                _place([*exact, *same], hits, ambiguous, ledger, narrow, aside=aside)
            else:
                _place(exact, hits, ambiguous, ledger, narrow, exact=True, aside=aside)
            return hits, ambiguous
        # The text is another customer's document number as written, and the payer is known
        # for certain: its own items are looked for first (overlapping number series).
        foreign.append((exact, True))
    covered = -1
    tried = -1
    misses: list[str] = []
    for mention in mentions(text):
        if mention.start <= covered:
            continue
        group: list[Entry] = []
        for key in mention.keys:
            group = [e for e in ledger.by_key.get(key, []) if ledger.open(e, currency)]
            if group:
                break
        weak = mention.strength is not Strength.STRONG
        if not group and mention.start == mention.end:
            # A bare number may be the serial of a year-segmented invoice ("1632" for
            # ACC-SINV-2026-01632): a guess, which the amount must confirm.
            for key in mention.keys:
                group = [e for e in ledger.by_serial.get(key, []) if ledger.open(e, currency)]
                if group:
                    weak = True
                    break
        if not group:
            # The longest span at a place that names nothing may be a mistyped reference.
            if mention.start > tried and mention.strength is not Strength.LOOSE:
                misses.append(mention.digits)
            tried = max(tried, mention.start)
            if mention.start == mention.end:
                covered = mention.end
            continue
        covered = mention.end
        tried = max(tried, mention.start)
        misread = mention.strength is Strength.MISREAD
        loose = weak and not misread
        if narrow is not None:
            mine = [e for e in group if ledger.related_to(narrow, e.item.customer_id)]
            if loose:
                # A stray number naming another customer's item is noise, not evidence.
                group = mine
            elif not mine and customer_id is not None:
                # A reference that names only another customer's items, from a payer known
                # for certain (overlapping series): the payer's own item with that serial, or
                # one keystroke away, comes first; the amount must confirm either.
                foreign.append((group, False))
                own = [
                    e
                    for key in mention.keys
                    for e in ledger.by_serial.get(key, [])
                    if ledger.open(e, currency)
                    and ledger.related_to(customer_id, e.item.customer_id)
                ]
                if len(own) == 1:
                    _place(own, hits, ambiguous, ledger, narrow, loose=True)
                else:
                    misses.append(mention.digits)
                continue
        _place(group, hits, ambiguous, ledger, narrow, loose=loose, misread=misread, aside=aside)
    # A near miss (one keystroke off: a wrong, dropped, extra or swapped character) is tried
    # only when nothing is named firmly, so a real match always wins over a guessed typo, and
    # it counts only when exactly one open item is that close: two candidates is a guess between
    # them. ``match_by_reference`` keeps it only if the amount agrees.
    firm = [h for h in hits if not h.loose]
    if not firm and not ambiguous and policy.near_misses and misses:
        scope = _scope(ledger, narrow)
        near_hits: list[_Hit] = []
        for key in dict.fromkeys(misses):
            if scope is None:
                fitting = ledger.by_amount.get((currency, amount), []) if amount else []
                near = [e for e in fitting if any(one_edit(key, n) for n in e.numbers)]
            else:
                near = ledger.near(key, scope)
            close = [e for e in near if ledger.open(e, currency)]
            if len(close) > 1 and amount is not None:
                # Several items one keystroke away: the one whose open amount is exactly what
                # is paid, if only one is, is the one meant.
                close = [e for e in close if e.remaining == amount]
            if len(close) == 1 and all(h.entry is not close[0] for h in near_hits):
                near_hits.append(_Hit(close[0], exact=False, near_miss=True))
        if near_hits:
            return near_hits, []
    own_hits = narrow is not None and any(
        ledger.related_to(narrow, h.entry.item.customer_id) for h in hits
    )
    if not own_hits:
        for group, as_written in foreign:
            _place(group, hits, ambiguous, ledger, None, exact=as_written)
    return hits, ambiguous


def _compact(text: str) -> str:
    """The text's compact form (its letters and digits), as the ledger indexes ids."""
    keys, _ = document_keys(text)
    return keys[0] if keys else ""


def _place(
    group: list[Entry],
    hits: list[_Hit],
    ambiguous: list[list[Entry]],
    ledger: Ledger,
    narrow: str | None,
    *,
    exact: bool = False,
    loose: bool = False,
    misread: bool = False,
    aside: list[Entry] | None = None,
) -> None:
    # A number shared by several items (one PO number over several invoices, the same number
    # in two customers' series) is narrowed to the payer's own accounts: payers quote their own
    # documents. What stays shared is returned as ambiguous for the amount to decide; a stray
    # number shared by several items is no evidence at all.
    if len(group) > 1 and narrow is not None:
        mine = [e for e in group if ledger.related_to(narrow, e.item.customer_id)]
        if mine and aside is not None and not loose:
            aside.extend(e for e in group if e not in mine)
        group = mine or group
    if len(group) == 1:
        if all(h.entry is not group[0] for h in hits):
            hits.append(_Hit(group[0], exact, near_miss=misread, loose=loose))
    elif group and not loose:
        ambiguous.append(group)


def _scope(ledger: Ledger, customer_id: str | None) -> set[str] | None:
    # A known payer's typo is looked for among its own and its related accounts' items (a parent
    # pays for its subsidiaries), which keeps the one-candidate rule meaningful; for an unknown
    # payer the mistyped reference may be the only clue, so every open item is a candidate.
    if customer_id is None:
        return None
    return set(ledger.related.get(customer_id, {customer_id}))


_FIELD_WIDTHS: Final = frozenset([27, 35, 65, 70, 80, 140])
"""Widths at which bank formats cut a narrative into fields: MT940 :86: subfields (27), Fedwire
and SWIFT :70: lines (35), ACH addenda (80), camt.053 unstructured remittance (140), ..."""


def _typo_fits(texts: Sequence[str], paid: int, ledger: Ledger, currency: Currency) -> list[Entry]:
    """Open items of exactly the amount paid whose number a reference in the texts writes (not
    a stray number), as it is or one keystroke off: found through the amount index."""
    fitting = [e for e in ledger.by_amount.get((currency, paid), []) if e.remaining == paid]
    if not fitting:
        return []
    written = {
        m.digits
        for text in texts
        for m in mentions(text)
        if m.strength is not Strength.LOOSE and len(m.digits) >= 3
    }
    return [
        e
        for e in fitting
        if ledger.open(e, currency)
        and any(w == n or one_edit(w, n) for w in written for n in e.numbers)
    ]


def _cut_reference(
    payment: Payment, hits: Sequence[_Hit], paid: int, ledger: Ledger, customer_id: str | None
) -> Entry | None:
    """The item a narrative cut at its format's width was naming when it was cut.

    When the last field is exactly a format's width and ends inside a number
    ("... ACC-SINV-2026-016" at character 140), the cut reference is the one open item of the
    payer whose id begins with what is left of it and whose open amount is exactly what the
    payment leaves over once the items named are paid; anything else (no such item, or
    several) completes nothing.
    """
    if not payment.references:
        return None
    last = payment.references[-1]
    if len(last) not in _FIELD_WIDTHS or not last[-1].isalnum():
        return None
    tail = _TAIL.search(last)
    if tail is None or not any(c.isdigit() for c in tail.group()):
        return None
    start = _compact(tail.group())
    owner = customer_id or _single_owner(hits)
    rest = paid - sum(h.entry.remaining for h in hits)
    if owner is None or not start or rest <= 0:
        return None
    named = {id(h.entry) for h in hits}
    fits = [
        e
        for e in ledger.by_customer.get(owner, [])
        if id(e) not in named
        and e.remaining == rest
        and ledger.open(e, payment.amount.currency)
        and _compact(e.key_id).startswith(start)
    ]
    return fits[0] if len(fits) == 1 else None


_TAIL: Final = re.compile(r"[0-9A-Za-z][0-9A-Za-z/._-]{0,40}$")
"""The last reference-like run of a field: letters, digits and the joiners of document numbers."""


def _narrative(references: Sequence[str]) -> list[str]:
    """A payment's reference fields, with a narrative cut into fixed-width fields rejoined.

    When every field but the last is exactly a format's field width, the fields are pieces of
    one narrative, and a reference may be cut across two of them ("ACC-SINV-2026" and
    "-12166"): they are read as one text.
    """
    texts = list(references)
    if len(texts) > 1 and all(len(t) in _FIELD_WIDTHS for t in texts[:-1]):
        return ["".join(texts)]
    return texts


def match_by_reference(
    payment: Payment,
    remittance: Remittance | None,
    ledger: Ledger,
    policy: MatchPolicy,
    payer: PayerMatch | None = None,
) -> Plan | None:
    currency = payment.amount.currency
    # The payer named on the payment, or known by its bank account, outranks a reference that
    # names another customer's item; a payer known only by name merely narrows shared numbers.
    customer_id = payment.customer_id
    hint = None
    if customer_id is None and payer is not None:
        if payer.certain:
            customer_id = payer.customer_id
        else:
            hint = payer.customer_id
    # A remittance advice is the payer's own list of what it pays, line by line: stronger than
    # the free text on the bank line, so it is tried first.
    if remittance is not None and remittance.lines:
        plan = _by_remittance(payment, remittance, ledger, policy, customer_id or hint)
        if plan is not None:
            return plan
        # No line names an open item: lines naming cleared invoices make it a duplicate.
        duplicate = _duplicate(payment, [line.reference for line in remittance.lines], ledger)
        if duplicate is not None:
            return duplicate
    texts = _narrative(payment.references)
    if not texts:
        return None
    hits: list[_Hit] = []
    ambiguous: list[list[Entry]] = []
    aside: list[Entry] = []
    for text in texts:
        found, unclear = _resolve(
            text,
            ledger,
            policy,
            currency,
            customer_id,
            hint=hint,
            amount=to_units(payment.amount),
            aside=aside,
        )
        for hit in found:
            if all(h.entry is not hit.entry for h in hits):
                hits.append(hit)
        ambiguous.extend(unclear)
    if not ambiguous and all(h.loose or h.near_miss for h in hits):
        # Nothing open is named firmly. A reference to an invoice the history shows cleared is
        # a duplicate payment, whatever guesses (a stray number, a typo) the text allows.
        duplicate = _duplicate(payment, texts, ledger)
        if duplicate is not None:
            return duplicate
    if not hits and not ambiguous:
        # Nothing open is named, but an item this run already applied is: the same invoice paid
        # twice, or a reference to check. Matching by amount instead could put the cash on an
        # unrelated item, so this goes to a person.
        spent = sorted({e.key_id for text in texts for e in _spent(text, ledger, currency)})
        if spent:
            return exception_plan(
                "cashapp.already_applied",
                f"the references name {', '.join(spent)}, already paid by another payment in "
                "this run: a duplicate payment, or a reference to check",
                items=", ".join(spent),
            )
        return _on_account(payment, texts, policy, customer_id or hint, ledger)
    if not ambiguous and all(h.loose for h in hits):
        # Only stray numbers: words that keep the cash on account still hold.
        kept = _on_account(payment, texts, policy, customer_id or hint, ledger)
        if kept is not None:
            return kept
    paid = to_units(payment.amount)
    if ambiguous:
        # A key that names several items: keep the choice that makes the amounts agree exactly,
        # or all of them when together they do (one PO number over several invoices).
        fits = []
        whole_groups = []
        # Stray numbers (a date's day, an amount's digits) do not take part: they count only
        # if the amount agrees with them, which is checked below.
        firm_entries = [h.entry for h in hits if not h.loose]
        for group in ambiguous:
            base = firm_entries
            if amount_agrees(base + group, paid, payment.received_date, policy):
                whole_groups.append(group)
            for entry in group:
                if amount_agrees([*base, entry], paid, payment.received_date, policy):
                    fits.append(entry)
        if len(fits) == 1 and len(ambiguous) == 1:
            hits.append(_Hit(fits[0], exact=False))
        elif len(whole_groups) == 1 and len(ambiguous) == 1 and not fits:
            hits.extend(_Hit(entry, exact=False) for entry in whole_groups[0])
        else:
            candidates = sorted({e.key_id for group in ambiguous for e in group})
            return exception_plan(
                "cashapp.ambiguous_reference",
                f"a reference names several open items ({', '.join(candidates)}) and the amount "
                "does not single one out",
                candidates=", ".join(candidates),
            )
    if hits and all(h.entry.remaining < 0 for h in hits):
        # Only credit memos are named: a payment does not pay a credit. Whatever the text
        # meant (a typo that hit a credit's number, a date), it is no evidence.
        return None
    # A near miss is a guess at a typo, and invoice numbers one character apart are both real
    # numbers often enough; the amount agreeing is independent evidence that the guess is right.
    # Without it the guessed items are dropped, and the payment falls back to what else it says.
    # A stray number (or a bare serial) is weaker still: it counts only when the amount agrees.
    near = [h for h in hits if h.near_miss or h.loose]
    if near and not amount_agrees([h.entry for h in hits], paid, payment.received_date, policy):
        firm = [h for h in hits if not h.near_miss and not h.loose]
        alone = [h for h in near if amount_agrees([h.entry], paid, payment.received_date, policy)]
        hits = firm if firm or len(alone) != 1 else alone
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
    if len(hits) > 1 and not acceptable([h.entry for h in hits], paid, payment, policy):
        agreeing = _agreeing_subsets(hits, paid, payment.received_date, policy)
        if len(agreeing) == 1:
            ignored = [h for h in hits if h not in agreeing[0]]
            hits = agreeing[0]
    if (
        not ignored
        and hits
        and not amount_agrees([h.entry for h in hits], paid, payment.received_date, policy)
    ):
        completed = _cut_reference(payment, hits, paid, ledger, customer_id)
        if completed is not None:
            hits = [*hits, _Hit(completed, exact=False, near_miss=True)]
    if not amount_agrees([h.entry for h in hits], paid, payment.received_date, policy):
        # The amount disagrees with what the references name. If another open item of the payer
        # fits the amount exactly, the evidence conflicts: a typo that hit a real number is put
        # right when the fitting item is one character away, anything else goes to a person.
        owner = customer_id or _single_owner(hits)
        rivals = _exact_fits(owner, paid, payment.received_date, ledger, policy, currency, hits)
        # A keying error is the explanation only when the item named has none of its own: an
        # item the payment pays less a bank charge, or short within the write-off tolerance, is
        # the item paid as written, whatever its neighbours are open for.
        explained = len(hits) == 1 and _explained(hits[0].entry, paid, payment, policy)
        if (
            len(rivals) == 1
            and len(hits) == 1
            and policy.near_misses
            and not explained
            and _one_keystroke(hits[0].entry, rivals[0])
        ):
            hits = [_Hit(rivals[0], exact=False, near_miss=True)]
        elif not rivals and len(hits) == 1 and policy.near_misses and not explained:
            # The same keying error, on a payment a bank charge short on the way: the one item
            # one keystroke away that the payment fits less a charge of the policy's list.
            charged = [
                e
                for fee in policy.bank_charges
                if fee.currency is currency
                for e in _exact_fits(
                    owner,
                    paid + to_units(fee),
                    payment.received_date,
                    ledger,
                    policy,
                    currency,
                    hits,
                )
                if _one_keystroke(hits[0].entry, e)
            ]
            if len(charged) == 1:
                hits = [_Hit(charged[0], exact=False, near_miss=True)]
        # A shared number set aside for the payer's own item, while the amount fits the other
        # item it names exactly: the amount contradicts the choice the narrowing made. And an
        # item open for exactly the amount, one keystroke from a number as written, is the
        # other reading of a typo that happened to hit a real number.
        named = {id(h.entry) for h in hits}
        rivals += [e for e in _typo_fits(texts, paid, ledger, currency) if id(e) not in named]
        rivals += [
            e
            for e in dict.fromkeys(aside)
            if id(e) not in named
            and ledger.open(e, currency)
            and amount_agrees([e], paid, payment.received_date, policy)
        ]
        # An item can be a rival on two counts (a typo fit and a shared number set aside): it
        # is one rival, named once.
        rivals = list({id(e): e for e in rivals}.values())
        # Two independent pieces of evidence name different items. Choosing one would be a
        # guess, and a wrong application costs more to undo (a paid customer dunned, a
        # reversal) than a short wait in the exception queue. With no rival the references stand
        # and the difference is a short or over payment for ``settle``.
        if rivals and not amount_agrees(
            [h.entry for h in hits], paid, payment.received_date, policy
        ):
            shown = ", ".join(e.key_id for e in rivals[:3])
            return exception_plan(
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
    if (
        customer_id is None
        and hint is not None
        and not any(ledger.related_to(hint, e.item.customer_id) for e in entries)
        and not amount_agrees(entries, paid, payment.received_date, policy)
    ):
        # The payer is known by its name only, and the references, rewritten, name only another
        # customer's items whose amounts disagree (another series with the same numbers): the
        # cash must not move to the other customer on that; a person decides.
        return exception_plan(
            "cashapp.other_customer",
            "the references name items of another customer "
            f"({', '.join(sorted({e.item.customer_id or '?' for e in entries}))}) than the "
            f"payer's name says ({hint}), and the amount does not agree",
            payer=hint,
        )
    # Several owners are one payer's only if one of them (or a parent of one) is related to
    # all: for a payer not known, items of unrelated customers are as suspect as another's.
    family = {r for o in owners if o is not None for r in ledger.related.get(o, {o})}
    unrelated_owners = len(owners) > 1 and not any(
        all(ledger.related_to(base, owner) for owner in owners)
        for base in ([known] if known is not None else sorted(family))
    )
    # A match is as strong as its weakest reference: an id as written beats a normalised key,
    # which beats a guessed typo, so one near miss among exact references still needs the
    # amount's support and shows as a near miss.
    confidence = min(_hit_confidence(h, policy) for h in hits)
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
        confidence = (
            min(confidence, policy.confidence.normalised_reference)
            - policy.confidence.other_customer_penalty
        )
    # Paying another customer's items happens (a group treasury, a factor, a parent without a
    # recorded link) but it is also what misapplied cash looks like: it is accepted only when the
    # amounts agree, and at a lower confidence.
    if foreign or unrelated_owners:
        if not amount_agrees(entries, paid, payment.received_date, policy):
            exact = any(h.exact for h in hits)
            if customer_id is not None and len(foreign) == len(entries) and not exact:
                # The payer is known for certain and its references, rewritten, name only
                # another customer's items whose amounts disagree (overlapping series): the
                # identity outranks the reference, and the payer's own items are left to the
                # amount to decide.
                return None
            return exception_plan(
                "cashapp.other_customer",
                "the references name items of another customer "
                f"({', '.join(sorted(o or '?' for o in owners))}) "
                "and the amount does not agree",
                payer=customer_id or hint or "unknown",
            )
        confidence -= policy.confidence.other_customer_penalty
        reasons.append(
            Reason.of(
                "cashapp.other_customer",
                "the payment pays items of another customer; the amounts agree",
                payer=customer_id or hint or "unknown",
            )
        )
    owner = known or customer_id
    credits = [e for e in ledger.credits.get(owner or "", []) if ledger.open(e, currency)]
    account = ledger.customers.get(owner) if owner is not None else None
    name = account.name if account is not None else None
    partial = any(says(t, policy.partial_words, name) for t in texts)
    return settle(
        payment, entries, confidence, reasons, policy, credits=credits, partial_payment=partial
    )


def _on_account(
    payment: Payment,
    texts: Sequence[str],
    policy: MatchPolicy,
    customer_id: str | None,
    ledger: Ledger,
) -> Plan | None:
    """Cash the narrative says is on account (a deposit, an advance, a partial payment) when no
    reference says what it pays: it stays unapplied, and amounts are not matched for it. The
    payer's name written in the narrative is not read for such words."""
    customer = ledger.customers.get(customer_id) if customer_id is not None else None
    name = customer.name if customer is not None else None
    for text in texts:
        word = says(text, policy.on_account_words, name) or says(text, policy.partial_words, name)
        if word is not None:
            return Plan(
                MatchStatus.UNAPPLIED,
                (),
                ZERO,
                (
                    Reason.of(
                        "cashapp.on_account",
                        f"the narrative says {word!r} and names no open item: the cash stays on "
                        "account (no amount matching)",
                        word=word,
                    ),
                ),
                customer_id,
            )
    return None


def _hit_confidence(hit: _Hit, policy: MatchPolicy) -> Decimal:
    # A match is as strong as its weakest reference: an id as written beats a normalised key,
    # which beats a guessed typo; a stray number stands only on the amount that agrees with it.
    ladder = policy.confidence
    if hit.loose:
        return min(ladder.unique_amount, ladder.near_miss)
    if hit.near_miss:
        return ladder.near_miss
    return ladder.exact_reference if hit.exact else ladder.normalised_reference


def _explained(entry: Entry, paid: int, payment: Payment, policy: MatchPolicy) -> bool:
    """Whether the payment fits the item less one of the policy's bank charges, or within the
    write-off tolerance: a difference with an explanation, not a sign of a keying error."""
    currency = payment.amount.currency
    charges = {to_units(fee) for fee in policy.bank_charges if fee.currency is currency}
    return entry.remaining - paid in charges or acceptable([entry], paid, payment, policy)


def _one_keystroke(first: Entry, second: Entry) -> bool:
    """Whether two items' numbers are one keystroke apart (a keying error made one the other)."""
    return any(one_edit(a, b) for a in first.numbers for b in second.numbers)


def _single_owner(hits: Sequence[_Hit]) -> str | None:
    owners = {h.entry.item.customer_id for h in hits}
    return next(iter(owners)) if len(owners) == 1 else None


def _exact_fits(
    customer_id: str | None,
    paid: int,
    paid_on: dt.date,
    ledger: Ledger,
    policy: MatchPolicy,
    currency: Currency,
    hits: Sequence[_Hit],
) -> list[Entry]:
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
        and (e.remaining == paid or e.remaining - discount_units(policy, e, paid_on) == paid)
    ]


def _reference_reason(hits: Sequence[_Hit]) -> Reason:
    ids = ", ".join(h.entry.key_id for h in hits)
    if any(h.loose for h in hits):
        return Reason.of(
            "cashapp.stray_number",
            f"a number in the text that was not written as a reference names {ids}; it counts "
            "only because the amount agrees",
            items=ids,
        )
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


def _agreeing_subsets(
    hits: Sequence[_Hit], paid: int, paid_on: dt.date, policy: MatchPolicy
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
            if amount_agrees([h.entry for h in combo], paid, paid_on, policy)
        ]
        if found:
            return found
    return []


def _line_hit(
    candidates: list[_Hit],
    line_units: int | None,
    payment: Payment,
    ledger: Ledger,
    policy: MatchPolicy,
    payer_id: str | None,
    taken: set[int],
) -> _Hit | None:
    """The one item an advice line pays, cross-checked against the line's amount."""
    paid_on = payment.received_date

    def fits(entry: Entry) -> bool:
        assert line_units is not None
        return entry.remaining == line_units or (
            entry.remaining > 0
            and entry.remaining - discount_units(policy, entry, paid_on) == line_units
        )

    # A line that names several items (an invoice and the credit memo that quotes it, an
    # invoice and its PO number) pays the one whose open amount, or at least sign, fits it.
    if len(candidates) > 1 and line_units is not None:
        exact = [h for h in candidates if fits(h.entry)]
        signed = [h for h in candidates if (h.entry.remaining < 0) == (line_units < 0)]
        candidates = exact if len(exact) == 1 else signed if len(signed) == 1 else candidates
    if len(candidates) != 1:
        return None
    hit = candidates[0]
    if line_units is None:
        return None if hit.near_miss or hit.loose else hit
    if line_units and (hit.entry.remaining < 0) != (line_units < 0):
        # A line paying cash cannot be a credit memo, nor a negative line an invoice: the one
        # item the text names is not what the line pays (the invoice it quotes already paid,
        # so only the credit quoting it is left open, say).
        return None
    if hit.near_miss or hit.loose:
        # A guessed typo stands only when the line's amount is the item's open amount.
        return hit if fits(hit.entry) else None
    entry = hit.entry
    if (
        payer_id is not None
        and not ledger.related_to(payer_id, entry.item.customer_id)
        and not fits(entry)
    ):
        return None  # another customer's item, and the amounts disagree: not this payer's
    if entry.remaining > 0 and line_units > 0 and not fits(entry) and policy.near_misses:
        # The line names a real item whose open amount disagrees. When another open item of the
        # payer, one keystroke away, is open for exactly the line's amount, the reference was
        # mis-keyed: that item is the one paid, not this one short.
        owner = payer_id or entry.item.customer_id
        scope = _scope(ledger, owner)
        rivals = [
            e
            for key in entry.numbers
            for e in ledger.near(key, scope)
            if e is not entry
            and id(e) not in taken
            and ledger.open(e, payment.amount.currency)
            and fits(e)
        ]
        unique = {id(e): e for e in rivals}
        if len(unique) == 1:
            return _Hit(next(iter(unique.values())), exact=False, near_miss=True)
    return hit


def _by_remittance(
    payment: Payment,
    remittance: Remittance,
    ledger: Ledger,
    policy: MatchPolicy,
    payer_id: str | None = None,
) -> Plan | None:
    currency = payment.amount.currency
    lines: list[Line] = []
    unmatched: list[str] = []
    hits: list[_Hit] = []
    keyed: list[tuple[str, str]] = []
    for advice in remittance.lines:
        for value in (advice.amount, advice.discount):
            if value is not None and value.currency is not currency:
                raise CurrencyMismatchError(
                    f"remittance for {payment.id} has a line in {value.currency}, the payment is "
                    f"in {currency}"
                )
        line_units = to_units(advice.amount) if advice.amount is not None else None
        found, unclear = _resolve(
            advice.reference, ledger, policy, currency, payer_id, amount=line_units
        )
        taken = {id(line.entry) for line in lines}
        candidates = [h for h in found if id(h.entry) not in taken]
        for group in unclear:
            candidates.extend(
                _Hit(e, exact=False)
                for e in group
                if id(e) not in taken and all(h.entry is not e for h in candidates)
            )
        hit = _line_hit(candidates, line_units, payment, ledger, policy, payer_id, taken)
        if hit is None:
            unmatched.append(advice.reference)
            continue
        if hit.near_miss and hit.exact is False and hit not in candidates:
            keyed.append((advice.reference, hit.entry.key_id))
        entry = hit.entry
        allowed = discount_units(policy, entry, payment.received_date)
        claimed = to_units(advice.discount) if advice.discount is not None else 0
        discount = min(claimed, allowed)
        cash = to_units(advice.amount) if advice.amount is not None else entry.remaining - claimed
        cash = (
            max(0, min(cash, entry.remaining - discount))
            if entry.remaining > 0
            else min(0, max(cash, entry.remaining))
        )
        gap = entry.remaining - cash - discount
        reason_code = None
        if gap > 0:
            reason_code = "unearned_discount" if claimed > allowed else "short_payment"
        lines.append(Line(entry, cash, discount, 0, max(gap, 0), reason_code))
        hits.append(hit)
    if not lines:
        return None
    if all(line.entry.remaining < 0 for line in lines):
        # Only credit memos are found: a payment does not pay a credit. When a line names an
        # item another payment of this run already took (the invoice the credit quotes), the
        # same invoice is paid twice, or a reference is to check: a person sees it rather than
        # the amount matching the cash to something else.
        spent = sorted({e.key_id for text in unmatched for e in _spent(text, ledger, currency)})
        if spent:
            return exception_plan(
                "cashapp.already_applied",
                f"the remittance advice names {', '.join(spent)}, already paid by another "
                "payment in this run: a duplicate payment, or a reference to check",
                items=", ".join(spent),
            )
        return None
    paid = to_units(payment.amount)
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
    for written, meant in keyed:
        reasons.append(
            Reason.of(
                "cashapp.keying_error",
                f"the advice line {written!r} names an item whose open amount disagrees, while "
                f"{meant}, one keystroke away, is open for exactly the line's amount: a keying "
                "error, not a short payment",
                written=written,
                item=meant,
            )
        )
    if unmatched:
        reasons.append(
            Reason.of(
                "cashapp.no_match",
                f"remittance lines not found among open items: {', '.join(unmatched)}",
                references=", ".join(unmatched),
            )
        )
    confidence = min(_hit_confidence(h, policy) for h in hits)
    if applied > paid:
        # The advice says more than the bank paid: take the shortfall off the newest lines.
        excess = applied - paid
        # Bank charges taken on the way are the usual cause; the figures say which it is.
        code = deduction_code(excess, [line.entry for line in lines], policy, currency, False)
        for index in range(len(lines) - 1, -1, -1):
            line = lines[index]
            if excess <= 0 or line.cash <= 0:
                continue
            cut = min(line.cash, excess)
            excess -= cut
            lines[index] = Line(
                line.entry, line.cash - cut, line.discount, 0, line.deduction + cut, code
            )
        lines = [line for line in lines if line.cash or line.discount]
        reasons.append(
            Reason.of(
                "cashapp.short_payment",
                f"the bank paid {from_units(paid, currency)}, less than the advice's "
                f"{from_units(applied, currency)}: the difference stays open as a deduction "
                f"({code})",
                short=from_units(applied - paid, currency),
                written_off=False,
                deduction=code,
            )
        )
        return decide(lines, min(confidence, policy.confidence.short_deduction), reasons, policy)
    if any(line.deduction for line in lines):
        reasons.append(
            Reason.of(
                "cashapp.short_payment",
                "some lines pay less than their item (or claim a discount the terms do not allow): "
                "the rest stays open as a deduction",
                short=from_units(sum(line.deduction for line in lines), currency),
                written_off=False,
            )
        )
        confidence = min(confidence, policy.confidence.short_deduction)
    if applied < paid:
        reasons.append(
            Reason.of(
                "cashapp.overpayment",
                f"{from_units(paid - applied, currency)} of the payment is not on the advice's "
                "matched lines and stays on account",
                excess=from_units(paid - applied, currency),
            )
        )
        return decide(lines, confidence, reasons, policy, partial=True)
    return decide(lines, confidence, reasons, policy, partial=bool(unmatched))
