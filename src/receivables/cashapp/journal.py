"""Journal entries for what cash application posted: balanced, one per posted payment.

For each ``MATCHED`` or ``PARTIAL`` outcome, one entry in the payment's currency:

* Dr bank (the ``cash`` account) for the payment;
* Dr discounts allowed for the early-payment discounts taken, Dr write-offs for short payments
  written off within tolerance;
* Cr receivables for each item settled (cash + discount + write-off); a credit memo used up in
  the payment is a debit to receivables instead (its credit balance is cleared);
* Cr unapplied cash for what stays on account.

A deduction left open is not posted: it stays on the receivable. Realised exchange differences
are in the functional currency, so each outcome with any has a second entry in that currency:
a gain is Dr receivables, Cr exchange differences; a loss the other way round (IAS 21.28).
Every line carries the customer as its party: the item's customer on receivable lines, the
payer (:attr:`~receivables.cashapp.PaymentOutcome.customer_id`) on the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from receivables._decimal import in_context
from receivables._validate import all_of, require_date
from receivables.allowance.journal import AccountMap, JournalEntry, JournalLine
from receivables.cashapp.model import CashApplicationResult, MatchStatus, PaymentOutcome
from receivables.documents import OpenItem
from receivables.documents import open_items as _open_items
from receivables.errors import InvalidDocumentError, InvalidTypeError
from receivables.explain import Reason
from receivables.money import Money

__all__ = ["cash_application_entries"]


@in_context
def cash_application_entries(
    result: CashApplicationResult,
    open_items: Iterable[OpenItem],
    *,
    accounts: AccountMap,
    on: dt.date,
) -> tuple[JournalEntry, ...]:
    """Balanced journal entries for the payments ``result`` posted, dated ``on``.

    ``open_items`` are the items the result was computed from (they give each application's
    customer). Outcomes that posted nothing (``UNAPPLIED``, ``EXCEPTION``) give no entry.

    Invariants: every entry balances; the bank debits add up to the posted payments; the
    receivable credits less debits add up to what the applications settled.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money, Payment, parse_terms
        >>> from receivables.cashapp import apply_cash
        >>> invoices = [Invoice("INV-1", "C-1", dt.date(2026, 3, 1), Money("1000.00", "USD"),
        ...                     terms=parse_terms("2/10 Net 30"))]
        >>> cash = [Payment("P-1", dt.date(2026, 3, 8), Money("980.00", "USD"), customer_id="C-1",
        ...                 references=["INV-1"])]
        >>> accounts = AccountMap("1200", "1290", "6100", "1000", discounts_allowed="4100")
        >>> (entry,) = cash_application_entries(apply_cash(cash, invoices), invoices,
        ...                                     accounts=accounts, on=dt.date(2026, 3, 8))
        >>> [(line.account, str(line.debit), str(line.credit), line.party) for line in entry.lines]
        [('1000', '980.00 USD', '0 USD', 'C-1'), ('4100', '20.00 USD', '0 USD', 'C-1'), \
('1200', '0 USD', '1000.00 USD', 'C-1')]
    """
    if not isinstance(result, CashApplicationResult):
        raise InvalidTypeError(
            f"result must be a CashApplicationResult, not {type(result).__name__}"
        )
    if not isinstance(accounts, AccountMap):
        raise InvalidTypeError(f"accounts must be an AccountMap, not {type(accounts).__name__}")
    posted_on = require_date(on, "on")
    owners: dict[str, str | None] = {}
    for item in _open_items(open_items, "open_items"):
        owners[item.document_id] = item.customer_id
    entries: list[JournalEntry] = []
    for outcome in all_of(PaymentOutcome, "outcomes", result.outcomes):
        if outcome.status not in (MatchStatus.MATCHED, MatchStatus.PARTIAL):
            continue
        if not outcome.applications:
            continue
        entries.extend(_entries(outcome, owners, accounts, posted_on))
    return tuple(entries)


def _entries(
    outcome: PaymentOutcome,
    owners: dict[str, str | None],
    accounts: AccountMap,
    on: dt.date,
) -> list[JournalEntry]:
    currency = outcome.unapplied.currency
    zero = Money.zero(currency)
    payer = outcome.customer_id
    received = outcome.applied + outcome.unapplied
    lines = [JournalLine(accounts.cash, received, zero, f"payment {outcome.payment_id}", payer)]
    credits: list[JournalLine] = []
    fx_lines: list[JournalLine] = []
    for app in outcome.applications:
        if app.invoice_id not in owners:
            raise InvalidDocumentError(
                f"payment {outcome.payment_id} was applied to {app.invoice_id}, which is not "
                "among the open items given"
            )
        party = owners[app.invoice_id]
        if app.discount.is_positive:
            lines.append(
                JournalLine(accounts.discounts_allowed, app.discount, zero, app.invoice_id, party)
            )
        if app.write_off is not None and app.write_off.is_positive:
            lines.append(
                JournalLine(accounts.write_offs, app.write_off, zero, app.invoice_id, party)
            )
        settled = app.settled
        if settled.is_negative:
            lines.append(JournalLine(accounts.receivables, -settled, zero, app.invoice_id, party))
        elif settled.is_positive:
            credits.append(JournalLine(accounts.receivables, zero, settled, app.invoice_id, party))
        fx = app.fx_difference
        if fx is not None and not fx.is_zero:
            nil = Money.zero(fx.currency)
            gain, loss = (fx, nil) if fx.is_positive else (nil, -fx)
            fx_lines.append(JournalLine(accounts.receivables, gain, loss, app.invoice_id, party))
            fx_lines.append(JournalLine(accounts.fx_differences, loss, gain, app.invoice_id, party))
    if outcome.unapplied.is_positive:
        credits.append(
            JournalLine(accounts.unapplied_cash, zero, outcome.unapplied, "on account", payer)
        )
    reason = Reason.of(
        "cashapp.posted",
        f"payment {outcome.payment_id} applied to {', '.join(outcome.invoice_ids)}",
        payment=outcome.payment_id,
    )
    entries = [
        JournalEntry(on, [*lines, *credits], f"cash application {outcome.payment_id}", (reason,))
    ]
    if fx_lines:
        entries.append(
            JournalEntry(on, fx_lines, f"exchange differences {outcome.payment_id}", (reason,))
        )
    return entries
