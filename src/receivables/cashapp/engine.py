"""The cash application engine: which open items each payment pays, with the evidence for it.

The work is split along its seams: :mod:`._ledger` (open items and their indexes),
:mod:`._by_reference` (evidence from remittance advices and references), :mod:`._by_amount`
(evidence from amounts) and :mod:`._settling` (applying and deciding). This module holds the
entry point and turns plans into outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from receivables._decimal import in_context
from receivables._validate import all_of, by_id
from receivables.cashapp._by_amount import match_by_amount
from receivables.cashapp._by_reference import match_by_reference
from receivables.cashapp._ledger import Ledger, from_units, identify_payer, to_units
from receivables.cashapp._settling import Line, Plan, commit
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
from receivables.documents import Customer, Invoice, OpenItem, Payment
from receivables.errors import InvalidDocumentError, InvalidTypeError
from receivables.fx import ExchangeRate, RateTable, realized_fx_difference
from receivables.money import Currency, Money

__all__ = ["apply_cash"]


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
    history: Iterable[Invoice | Payment] = (),
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
    strategies = tuple(payer_identification)
    ledger = Ledger(open_items, people)
    if isinstance(history, str):
        raise InvalidTypeError("history must be an iterable of invoices and payments, not str")
    ledger.add_history(history)
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

    plans: list[Plan | None] = [None] * len(payment_list)
    # Who paid, once per payment: the customer it names, else its bank account on file, the
    # caller's strategies, a name only one customer has.
    payers = [
        None if payment.customer_id is not None else identify_payer(payment, ledger, strategies)
        for payment in payment_list
    ]
    for index, payment in enumerate(payment_list):
        plan = match_by_reference(payment, advice.get(payment.id), ledger, policy, payers[index])
        if plan is not None:
            commit(plan)
            plans[index] = plan
    for index, payment in enumerate(payment_list):
        if plans[index] is None:
            plan = match_by_amount(payment, ledger, policy, payers[index])
            commit(plan)
            plans[index] = plan

    # The indexes are done with: let them go before the outcomes are made, so the peak holds the
    # ledger or the result, never both (the plans keep the entries they apply to). Each plan is
    # dropped once its outcome is made, for the same reason.
    del ledger, advice, people, seen
    outcomes = []
    for index, payment in enumerate(payment_list):
        maybe_plan, plans[index] = plans[index], None
        assert maybe_plan is not None
        outcomes.append(_outcome(payment, maybe_plan, rates, functional, payers[index]))
    return CashApplicationResult(tuple(outcomes))


def _cash(line: Line, currency: Currency) -> Money:
    """The cash of a line as Money: the item's own open amount when the line settles all of it
    and that amount is written at the currency's minor units (the same value, shared rather than
    made again: an outcome is kept for every payment), else made from the units."""
    balance = line.entry.item.open_balance
    if (
        line.cash == line.entry.remaining
        and type(balance) is Money
        and balance.currency is currency
        and balance.amount.as_tuple().exponent == -currency.minor_units
    ):
        return balance
    return from_units(line.cash, currency)


def _outcome(
    payment: Payment,
    plan: Plan,
    rates: RateTable | None,
    functional: Currency | None,
    payer: PayerMatch | None = None,
) -> PaymentOutcome:
    currency = payment.amount.currency
    applications = []
    applied = 0
    if plan.status in (MatchStatus.MATCHED, MatchStatus.PARTIAL):
        for line in plan.lines:
            applied += line.cash
            cash = _cash(line, currency)
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
                    from_units(line.discount, currency),
                    from_units(line.write_off, currency) if line.write_off else None,
                    line.deduction_reason,
                    from_units(line.deduction, currency) if line.deduction else None,
                    fx,
                )
            )
    unapplied = from_units(to_units(payment.amount) - applied, currency)
    # Whom the payment is for: the customer it names, else the payer identified (by account,
    # name or a strategy), else the one owner of the items the plan names.
    customer_id = payment.customer_id or plan.customer_id
    if customer_id is None:
        owners = {line.entry.item.customer_id for line in plan.lines}
        customer_id = owners.pop() if len(owners) == 1 else None
    if customer_id is None and payer is not None:
        customer_id = payer.customer_id
    reasons = plan.reasons
    if payer is not None and customer_id == payer.customer_id and payer.reason not in reasons:
        # How the payer was known is part of the evidence: it comes first.
        reasons = (payer.reason, *reasons)
    return PaymentOutcome(
        payment.id,
        plan.status,
        tuple(applications),
        unapplied,
        plan.confidence,
        reasons,
        customer_id,
    )
