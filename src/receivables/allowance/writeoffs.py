"""Write-off recommendations under a company's write-off policy, with the approver needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from receivables._decimal import in_context
from receivables._validate import all_of, amount_in, days_field, money_tuple, require_date
from receivables.convert import DataForm, DictForm, PolicyData
from receivables.documents import Dispute, OpenItem, open_items
from receivables.errors import InvalidPolicyError
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = ["ApprovalLevel", "WriteOffPolicy", "WriteOffRecommendation", "recommend_write_offs"]


@attrs.frozen
class ApprovalLevel(DataForm):
    """Who may approve write-offs up to ``up_to`` (``None``: any amount).

    Examples:
        >>> ApprovalLevel("collector", Money("1000", "USD")).approver
        'collector'
    """

    approver: str
    up_to: Money | None = None


def _levels(value: Iterable[ApprovalLevel]) -> tuple[ApprovalLevel, ...]:
    return all_of(ApprovalLevel, "approval levels", value)


@attrs.frozen
class WriteOffPolicy(PolicyData):
    """When an account is recommended for write-off, and who approves it.

    An account (customer and currency) qualifies when, with no open dispute, any of these holds:

    * its oldest item is at least ``min_days_past_due`` days past due and, with
      ``require_agency_return``, the agency returned it uncollectible;
    * the customer is in bankruptcy (listed by the caller);
    * its past-due balance is at most the ``small_balance`` for the currency and at least
      ``small_balance_days`` days past due.

    ``approval_levels``, from the smallest limit up, say who approves: the first whose ``up_to``
    (in the account's currency) covers the amount, else the last level without a limit.
    Days fields run from 0 to 36,600.

    Examples:
        >>> policy = WriteOffPolicy.from_dict({
        ...     "min_days_past_due": 365,
        ...     "small_balance": ["25.00 USD"],
        ...     "approval_levels": [{"approver": "collector", "up_to": "1000 USD"},
        ...                         {"approver": "credit manager", "up_to": "25000 USD"},
        ...                         {"approver": "controller"}]})
        >>> policy.approver_for(Money("5000", "USD"))
        'credit manager'
    """

    min_days_past_due: int = attrs.field(default=365, validator=days_field())
    require_agency_return: bool = False
    small_balance: tuple[Money, ...] = attrs.field(default=(), converter=money_tuple)
    small_balance_days: int = attrs.field(default=90, validator=days_field())
    approval_levels: tuple[ApprovalLevel, ...] = attrs.field(
        default=(ApprovalLevel("credit manager"),), converter=_levels
    )

    def __attrs_post_init__(self) -> None:
        if not self.approval_levels:
            raise InvalidPolicyError("a write-off policy needs at least one approval level")
        if self.approval_levels[-1].up_to is not None:
            raise InvalidPolicyError("the last approval level must have no upper limit")

    def approver_for(self, amount: Money) -> str:
        """Who approves a write-off of ``amount``.

        Examples:
            >>> WriteOffPolicy().approver_for(Money("1", "EUR"))
            'credit manager'
        """
        for level in self.approval_levels:
            if level.up_to is None:
                return level.approver
            if level.up_to.currency is amount.currency and amount <= level.up_to:
                return level.approver
        return self.approval_levels[-1].approver

    def small_balance_for(self, currency: Currency) -> Money | None:
        """The small-balance threshold for ``currency``, if any.

        Examples:
            >>> policy = WriteOffPolicy(small_balance=[Money("25.00", "USD")])
            >>> policy.small_balance_for(Currency("USD"))
            Money('25.00', 'USD')
        """
        return amount_in(self.small_balance, currency)


@attrs.frozen
class WriteOffRecommendation(DictForm):
    """An account recommended for write-off: the items, the amount, the approver and why.

    Examples:
        >>> rec = WriteOffRecommendation("C-1", Currency("USD"), ("I-1",), Money("10", "USD"),
        ...                              "collector", ())
        >>> rec.amount
        Money('10', 'USD')
    """

    customer_id: str
    currency: Currency
    item_ids: tuple[str, ...]
    amount: Money
    approver: str
    reasons: tuple[Reason, ...]


@in_context
def recommend_write_offs(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    policy: WriteOffPolicy | None = None,
    disputes: Iterable[Dispute] = (),
    bankrupt_customers: Iterable[str] = (),
    agency_returned: Iterable[str] = (),
) -> tuple[WriteOffRecommendation, ...]:
    """Accounts that meet the write-off policy, largest first, each with the approver needed.

    Examples:
        >>> from receivables import Invoice
        >>> items = [
        ...     Invoice("I-1", "C-1", dt.date(2025, 1, 5), Money("1800", "USD"),
        ...             due_date=dt.date(2025, 2, 4)),
        ...     Invoice("I-2", "C-2", dt.date(2026, 1, 5), Money("12.40", "USD"),
        ...             due_date=dt.date(2026, 2, 4)),
        ...     Invoice("I-3", "C-3", dt.date(2026, 5, 5), Money("900", "USD"),
        ...             due_date=dt.date(2026, 6, 4)),
        ... ]
        >>> policy = WriteOffPolicy(small_balance=[Money("25", "USD")], approval_levels=[
        ...     ApprovalLevel("collector", Money("1000", "USD")), ApprovalLevel("controller")])
        >>> recs = recommend_write_offs(items, as_of=dt.date(2026, 6, 30), policy=policy,
        ...                             bankrupt_customers=["C-3"])
        >>> [(r.customer_id, str(r.amount), r.approver) for r in recs]
        [('C-1', '1800 USD', 'controller'), ('C-3', '900 USD', 'collector'), \
('C-2', '12.40 USD', 'collector')]
    """
    require_date(as_of, "as_of")
    policy = WriteOffPolicy() if policy is None else policy
    disputed = {d.invoice_id for d in disputes if d.is_open(as_of)}
    bankrupt = set(bankrupt_customers)
    returned = set(agency_returned)
    accounts: dict[tuple[str, Currency], list[OpenItem]] = {}
    for item in open_items(items):
        if item.customer_id is not None and item.open_balance.is_positive:
            accounts.setdefault((item.customer_id, item.open_balance.currency), []).append(item)
    recommendations = []
    for (customer_id, currency), account in accounts.items():
        if any(i.document_id in disputed for i in account):
            continue
        late = [i for i in account if (as_of - i.due_date).days > 0]
        oldest = max(((as_of - i.due_date).days for i in late), default=0)
        reasons: list[Reason] = []
        chosen = late
        if customer_id in bankrupt:
            chosen = account
            reasons.append(
                Reason.of(
                    "allowance.write_off_recommended",
                    f"{customer_id} is in bankruptcy: its open items are uncollectible",
                    because="bankruptcy",
                )
            )
        elif (
            late
            and oldest >= policy.min_days_past_due
            and (not policy.require_agency_return or customer_id in returned)
        ):
            reasons.append(
                Reason.of(
                    "allowance.write_off_recommended",
                    f"oldest item {oldest} days past due (policy {policy.min_days_past_due})"
                    + (", returned by the agency" if customer_id in returned else ""),
                    because="age",
                    oldest_days_past_due=oldest,
                )
            )
        else:
            small = policy.small_balance_for(currency)
            balance = Money.total((i.open_balance for i in late), currency)
            if small is None or not late or balance > small or oldest < policy.small_balance_days:
                continue
            reasons.append(
                Reason.of(
                    "allowance.write_off_recommended",
                    f"small balance {balance} (policy {small}) past due {oldest} days",
                    because="small_balance",
                    balance=balance,
                )
            )
        amount = Money.total((i.open_balance for i in chosen), currency)
        approver = policy.approver_for(amount)
        reasons.append(
            Reason.of(
                "allowance.approval_required",
                f"a write-off of {amount} needs the approval of the {approver}",
                approver=approver,
                amount=amount,
            )
        )
        recommendations.append(
            WriteOffRecommendation(
                customer_id,
                currency,
                tuple(sorted(i.document_id for i in chosen)),
                amount,
                approver,
                tuple(reasons),
            )
        )
    recommendations.sort(key=lambda r: (-r.amount.amount, r.customer_id, r.currency.code))
    return tuple(recommendations)
