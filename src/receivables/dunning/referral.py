"""Agency referrals: which accounts to hand to a collection agency, and the facts it needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from receivables._decimal import in_context
from receivables._validate import (
    amount_in,
    by_id,
    days_field,
    money_tuple,
    optional_days_field,
    require_date,
)
from receivables.convert import DictForm, PolicyData
from receivables.documents import (
    Customer,
    Dispute,
    InstalmentItem,
    Invoice,
    OpenItem,
    Payment,
    PromiseToPay,
    open_items,
    open_items_by_instalment,
)
from receivables.dunning.run import NoticeRecord
from receivables.errors import InvalidTypeError
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = [
    "AgencyPacket",
    "AgencyReferral",
    "PacketItem",
    "ReferralPolicy",
    "recommend_agency_referrals",
]


@attrs.frozen
class ReferralPolicy(PolicyData):
    """When an account goes to a collection agency.

    Every condition must hold:

    * the oldest undisputed item is at least ``min_days_past_due`` days past due;
    * with ``required_level`` set, a notice at that dunning level (or higher) was sent at least
      ``days_after_notice`` days ago (the dunning is exhausted);
    * no item of the account is under open dispute;
    * the past-due balance is at least the ``minimum_balance`` for its currency (none set: any);
    * no payment was received for ``days_without_payment`` days.

    Days fields run from 0 to 36,600; ``required_level`` from 1 to 100.

    Examples:
        >>> policy = ReferralPolicy.from_dict({"min_days_past_due": 120, "required_level": 3,
        ...                                    "minimum_balance": ["500.00 USD"]})
        >>> policy.min_days_past_due, policy.minimum_balance
        (120, (Money('500.00', 'USD'),))
    """

    min_days_past_due: int = attrs.field(default=90, validator=days_field())
    required_level: int | None = attrs.field(default=None, validator=optional_days_field(1, 100))
    days_after_notice: int = attrs.field(default=14, validator=days_field())
    minimum_balance: tuple[Money, ...] = attrs.field(default=(), converter=money_tuple)
    days_without_payment: int = attrs.field(default=60, validator=days_field())

    def minimum_for(self, currency: Currency) -> Money:
        """The minimum past-due balance in ``currency`` (zero when none is set).

        Examples:
            >>> policy = ReferralPolicy(minimum_balance=[Money("500.00", "USD")])
            >>> policy.minimum_for(Currency("USD"))
            Money('500.00', 'USD')
        """
        found = amount_in(self.minimum_balance, currency)
        return found if found is not None else Money.zero(currency)


@attrs.frozen
class PacketItem(DictForm):
    """One invoice as the agency needs it.

    Examples:
        >>> import datetime as dt
        >>> PacketItem("INV-1", dt.date(2026, 1, 1), dt.date(2026, 1, 31), 120,
        ...            Money("10", "USD"), Money("10", "USD"), ()).days_past_due
        120
    """

    document_id: str
    document_date: dt.date
    due_date: dt.date
    days_past_due: int
    original_amount: Money | None
    open_amount: Money
    references: tuple[str, ...]


@attrs.frozen
class AgencyPacket(DictForm):
    """The customer and invoice facts handed to the agency.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> items = [Invoice("INV-7", "C-9", dt.date(2025, 9, 1), Money("2400.00", "USD"),
        ...                  due_date=dt.date(2025, 10, 1), references=["PO-5"])]
        >>> packet = recommend_agency_referrals(items, as_of=dt.date(2026, 3, 1))[0].packet
        >>> packet.items[0].original_amount, packet.items[0].references, packet.last_payment_on
        (Money('2400.00', 'USD'), ('PO-5',), None)
    """

    customer_id: str
    customer_name: str | None
    currency: Currency
    balance: Money
    items: tuple[PacketItem, ...]
    notices: tuple[NoticeRecord, ...]
    last_payment_on: dt.date | None
    broken_promises: tuple[PromiseToPay, ...]


@attrs.frozen
class AgencyReferral(DictForm):
    """An account recommended for referral, with the conditions it met and its packet.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> items = [Invoice("INV-7", "C-9", dt.date(2025, 9, 1), Money("2400.00", "USD"),
        ...                  due_date=dt.date(2025, 10, 1))]
        >>> referral = recommend_agency_referrals(items, as_of=dt.date(2026, 3, 1))[0]
        >>> [r.code for r in referral.reasons]
        ['dunning.referral_recommended', 'dunning.referral_recommended']
    """

    customer_id: str
    currency: Currency
    balance: Money
    reasons: tuple[Reason, ...]
    packet: AgencyPacket


@in_context
def recommend_agency_referrals(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    policy: ReferralPolicy | None = None,
    customers: Iterable[Customer] | Mapping[str, Customer] = (),
    history: Iterable[NoticeRecord] = (),
    disputes: Iterable[Dispute] = (),
    payments: Iterable[Payment] = (),
    promises: Iterable[PromiseToPay] = (),
) -> tuple[AgencyReferral, ...]:
    """The accounts (customer and currency) that meet every condition of ``policy``.

    Each referral carries one reason per condition, with the figures that met it, and the
    packet an agency needs: the customer, each open invoice with its dates, days past due,
    original and open amounts and references, the notices sent, the last payment date and any
    broken promises. Sorted by currency code, then past-due balance, largest first, then
    customer id: balances in different currencies are never compared as raw numbers.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> items = [Invoice("INV-7", "C-9", dt.date(2025, 9, 1), Money("2400.00", "USD"),
        ...                  due_date=dt.date(2025, 10, 1))]
        >>> (referral,) = recommend_agency_referrals(items, as_of=dt.date(2026, 3, 1))
        >>> referral.customer_id, referral.balance, referral.packet.items[0].days_past_due
        ('C-9', Money('2400.00', 'USD'), 151)
    """
    require_date(as_of, "as_of")
    policy = ReferralPolicy() if policy is None else policy
    if not isinstance(policy, ReferralPolicy):
        raise InvalidTypeError(f"policy must be a ReferralPolicy, not {type(policy).__name__}")
    people = by_id(Customer, "customers", customers)
    records = [r for r in history if r.sent_on <= as_of]
    disputed = {d.invoice_id for d in disputes if d.is_open(as_of)}
    last_payment: dict[str, dt.date] = {}
    for payment in payments:
        if payment.customer_id is not None and payment.received_date <= as_of:
            previous = last_payment.get(payment.customer_id)
            if previous is None or payment.received_date > previous:
                last_payment[payment.customer_id] = payment.received_date
    promise_list = list(promises)

    accounts: dict[tuple[str, Currency], list[OpenItem]] = {}
    # An invoice on instalment terms counts by its instalments: only the overdue ones are late.
    for item in open_items_by_instalment(open_items(items)):
        if item.customer_id is not None and item.open_balance.is_positive:
            accounts.setdefault((item.customer_id, item.open_balance.currency), []).append(item)

    referrals = []
    for (customer_id, currency), account in accounts.items():
        if any(item.document_id in disputed for item in account):
            continue
        late = [i for i in account if (as_of - i.due_date).days > 0]
        if not late:
            continue
        oldest = max((as_of - i.due_date).days for i in late)
        if oldest < policy.min_days_past_due:
            continue
        balance = Money.total((i.open_balance for i in late), currency)
        minimum = policy.minimum_for(currency)
        if balance < minimum:
            continue
        reasons = [
            Reason.of(
                "dunning.referral_recommended",
                f"oldest item {oldest} days past due (policy {policy.min_days_past_due}), "
                f"{balance} past due (minimum {minimum}), no open dispute",
                oldest_days_past_due=oldest,
                balance=balance,
                minimum=minimum,
            )
        ]
        notices = tuple(
            sorted(
                (
                    r
                    for r in records
                    if r.customer_id == customer_id and r.currency in (None, currency)
                ),
                key=lambda r: (r.sent_on, r.level),
            )
        )
        if policy.required_level is not None:
            final = [r for r in notices if r.level >= policy.required_level]
            if not final:
                continue
            waited = (as_of - final[-1].sent_on).days
            if waited < policy.days_after_notice:
                continue
            reasons.append(
                Reason.of(
                    "dunning.level_reached",
                    f"dunning exhausted: level {final[-1].level} notice sent "
                    f"{final[-1].sent_on}, {waited} days ago",
                    level=final[-1].level,
                    sent_on=final[-1].sent_on,
                    days_since=waited,
                )
            )
        paid_on = last_payment.get(customer_id)
        if paid_on is not None and (as_of - paid_on).days < policy.days_without_payment:
            continue
        reasons.append(
            Reason.of(
                "dunning.referral_recommended",
                "no payment received"
                + (f" since {paid_on}" if paid_on else " on record")
                + f" (policy: none for {policy.days_without_payment} days)",
                days_without_payment=policy.days_without_payment,
                last_payment_on=paid_on,
            )
        )
        customer = people.get(customer_id)
        broken = tuple(
            p
            for p in promise_list
            if p.customer_id == customer_id
            and p.amount.currency is currency
            and p.promised_date < as_of
            and (not p.invoice_ids or any(i.document_id in p.invoice_ids for i in account))
        )
        packet = AgencyPacket(
            customer_id,
            customer.name if customer else None,
            currency,
            balance,
            tuple(
                _packet_item(i, as_of)
                for i in sorted(account, key=lambda i: (i.due_date, i.document_id))
            ),
            notices,
            paid_on,
            broken,
        )
        referrals.append(AgencyReferral(customer_id, currency, balance, tuple(reasons), packet))
    referrals.sort(key=lambda r: (r.currency.code, -r.balance.amount, r.customer_id))
    return tuple(referrals)


def _packet_item(item: OpenItem, as_of: dt.date) -> PacketItem:
    original = item.amount if isinstance(item, Invoice | InstalmentItem) else None
    if isinstance(item, InstalmentItem):
        references = item.invoice.references
    else:
        references = item.references if isinstance(item, Invoice) else ()
    return PacketItem(
        item.document_id,
        item.document_date,
        item.due_date,
        (as_of - item.due_date).days,
        original,
        item.open_balance,
        references,
    )
