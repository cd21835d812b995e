"""The dunning run: for a date, which notice each account gets, or why it gets none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import add_days, all_of, by_id, date_field, require_date
from receivables.calendar import BusinessCalendar, Convention, DayCount, adjust
from receivables.convert import DataForm, DictForm
from receivables.documents import (
    Customer,
    Dispute,
    DocumentKind,
    OpenItem,
    PromiseToPay,
    open_items,
    open_items_by_instalment,
)
from receivables.dunning.policy import (
    Action,
    CreditHandling,
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    FirstRun,
    PolicyAssignment,
)
from receivables.errors import InvalidPolicyError, InvalidTypeError
from receivables.explain import Reason
from receivables.forecast.behaviour import PaymentBehaviour
from receivables.money import Currency, Money, trusted_money

__all__ = [
    "DunningNotice",
    "DunningRun",
    "NoticeCredit",
    "NoticeLine",
    "NoticeRecord",
    "SkippedAccount",
    "run_dunning",
]

_ZERO: Final = Decimal(0)


def _id_tuple(value: Iterable[str]) -> tuple[str, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidTypeError(f"item ids must be str, got {shown(item)}")
    return items


def _optional_currency(value: str | Currency | None) -> Currency | None:
    return None if value is None else Currency(value)


@attrs.frozen
class NoticeRecord(DataForm):
    """An earlier notice, as the dunning history keeps it.

    ``currency`` (optional) ties the record to one currency, which matters with
    ``DunningScope.CURRENCY``; ``item_ids`` lists the items it covered, which matters with
    ``EscalationMode.ITEM``. :meth:`DunningRun.records` produces these for the next run.

    Examples:
        >>> import datetime as dt
        >>> NoticeRecord("C-1", 2, dt.date(2026, 3, 1)).level
        2
    """

    customer_id: str
    level: int
    sent_on: dt.date = attrs.field(validator=date_field)
    currency: Currency | None = attrs.field(default=None, converter=_optional_currency)
    item_ids: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)

    def __attrs_post_init__(self) -> None:
        if type(self.level) is not int or self.level < 1:
            raise InvalidPolicyError(
                f"a notice record's level starts at 1, got {shown(self.level)}"
            )


def _money_figure(value: Money) -> Money:
    if not isinstance(value, Money):
        raise InvalidTypeError(f"expected Money, got {shown(value)}")
    return value


@attrs.frozen
class NoticeLine(DictForm):
    """One item on a notice: its number, dates, original and open amounts, days overdue, level
    and interest (the figures a letter prints per line).

    ``days_overdue`` is negative on a pre-due reminder (days until the due date).
    ``original_amount`` is the document's amount (the open amount when the item has none).

    Examples:
        >>> import datetime as dt
        >>> line = NoticeLine("INV-1", dt.date(2026, 1, 1), dt.date(2026, 1, 31), 30,
        ...                   Money("100", "USD"), 1, Money("0.00", "USD"))
        >>> line.days_overdue, line.original_amount
        (30, Money('100', 'USD'))
    """

    document_id: str
    document_date: dt.date
    due_date: dt.date
    days_overdue: int
    open_amount: Money
    level: int
    interest: Money
    original_amount: Money = attrs.field(
        default=attrs.Factory(lambda self: self.open_amount, takes_self=True),
        converter=_money_figure,
    )
    kind: DocumentKind = DocumentKind.INVOICE


@attrs.frozen
class NoticeCredit(DictForm):
    """An open credit of the account shown on a notice: a credit memo or a payment on account.

    ``amount`` is the open credit, positive.

    Examples:
        >>> import datetime as dt
        >>> from receivables import DocumentKind
        >>> NoticeCredit("CM-1", DocumentKind.CREDIT_MEMO, dt.date(2026, 2, 1),
        ...              Money("30.00", "USD")).amount
        Money('30.00', 'USD')
    """

    document_id: str
    kind: DocumentKind
    document_date: dt.date
    amount: Money


@attrs.frozen
class DunningNotice(DictForm):
    """A notice to send: the account, its level, the items and what is now due, with every
    figure a letter prints.

    ``total_due`` is the overdue amount less ``credits_applied`` plus ``fees`` plus
    ``interest``. ``credits`` lists the account's open credits (under ``CreditHandling.NET`` or
    ``LIST``); ``credits_applied`` is what was deducted (``NET`` only). ``pay_by`` is the date
    the level gives to pay by; ``previous`` the last notice of the account's ladder, if any.
    ``reasons`` say why this level, which items were left out and what was charged or
    deducted.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
        >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
        >>> inv = Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> notice = run_dunning(policy, [inv], as_of=dt.date(2026, 2, 10)).notices[0]
        >>> notice.level.number, notice.overdue, notice.total_due, notice.pay_by
        (1, Money('100.00', 'USD'), Money('100.00', 'USD'), datetime.date(2026, 2, 24))
    """

    customer_id: str
    currency: Currency
    as_of: dt.date
    level: DunningLevel
    items: tuple[NoticeLine, ...]
    fees: Money
    interest: Money
    reasons: tuple[Reason, ...]
    policy_name: str = ""
    pay_by: dt.date | None = None
    credits: tuple[NoticeCredit, ...] = ()
    credits_applied: Money = attrs.field(
        default=attrs.Factory(lambda self: Money.zero(self.currency).round(), takes_self=True),
        converter=_money_figure,
    )
    previous: NoticeRecord | None = None

    @property
    def overdue(self) -> Money:
        """The open amount of the items on the notice.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy, Fee
            >>> level = DunningLevel(1, 1, Action.REMINDER, fee=Fee(fixed=[Money("5", "USD")]))
            >>> items = [Invoice(f"INV-{n}", "C-1", dt.date(2026, 1, 1), Money("40", "USD"),
            ...                  due_date=dt.date(2026, 1, 31)) for n in (1, 2)]
            >>> run_dunning(DunningPolicy([level]), items, as_of=dt.date(2026, 2, 9)
            ...             ).notices[0].overdue
            Money('80', 'USD')
        """
        return Money.total((line.open_amount for line in self.items), self.currency)

    @property
    def credit_total(self) -> Money:
        """The open credits listed on the notice, as a positive amount.

        Examples:
            >>> import datetime as dt
            >>> from receivables import CreditMemo, Invoice
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
            >>> items = [Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
            ...                  due_date=dt.date(2026, 1, 31)),
            ...          CreditMemo("CM-1", "C-1", dt.date(2026, 2, 1), Money("30.00", "USD"))]
            >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)], credits="list")
            >>> run_dunning(policy, items, as_of=dt.date(2026, 2, 10)).notices[0].credit_total
            Money('30.00', 'USD')
        """
        return Money.total((credit.amount for credit in self.credits), self.currency)

    @property
    def amount_demanded(self) -> Money:
        """The overdue items less the credits deducted (before fees and interest).

        Examples:
            >>> import datetime as dt
            >>> from receivables import CreditMemo, Invoice
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
            >>> items = [Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
            ...                  due_date=dt.date(2026, 1, 31)),
            ...          CreditMemo("CM-1", "C-1", dt.date(2026, 2, 1), Money("30.00", "USD"))]
            >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
            >>> run_dunning(policy, items, as_of=dt.date(2026, 2, 10)).notices[0].amount_demanded
            Money('70.00', 'USD')
        """
        return self.overdue - self.credits_applied

    @property
    def total_due(self) -> Money:
        """Overdue items, less credits deducted, plus fees plus interest.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy, Fee
            >>> level = DunningLevel(1, 1, Action.REMINDER, fee=Fee(fixed=[Money("5", "USD")]))
            >>> items = [Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("40", "USD"),
            ...                  due_date=dt.date(2026, 1, 31))]
            >>> run_dunning(DunningPolicy([level]), items, as_of=dt.date(2026, 2, 9)
            ...             ).notices[0].total_due
            Money('45.00', 'USD')
        """
        return self.amount_demanded + self.fees + self.interest

    @property
    def is_pre_due(self) -> bool:
        """Whether this is a reminder before the due date (a pre-due level).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
            >>> policy = DunningPolicy([DunningLevel(1, -5, Action.REMINDER),
            ...                         DunningLevel(2, 1, Action.REMINDER)])
            >>> inv = Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> run_dunning(policy, [inv], as_of=dt.date(2026, 1, 27)).notices[0].is_pre_due
            True
        """
        return self.level.is_pre_due

    def record(self) -> NoticeRecord:
        """This notice as a history record for later runs.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
            >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
            >>> inv = Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> run_dunning(policy, [inv], as_of=dt.date(2026, 2, 10)).notices[0].record()
            NoticeRecord(customer_id='C-1', level=1, sent_on=datetime.date(2026, 2, 10), \
currency=Currency('USD'), item_ids=('INV-1',))
        """
        return NoticeRecord(
            self.customer_id,
            self.level.number,
            self.as_of,
            self.currency,
            tuple(line.document_id for line in self.items),
        )


@attrs.frozen
class SkippedAccount(DictForm):
    """An account with open items that gets no notice, and why (stable reason codes).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
        >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
        >>> inv = Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> skipped = run_dunning(policy, [inv], as_of=dt.date(2026, 1, 31)).skipped[0]
        >>> skipped.customer_id, [r.code for r in skipped.reasons]
        ('C-1', ['dunning.not_overdue'])
    """

    customer_id: str
    currency: Currency
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, for filtering.

        Examples:
            >>> SkippedAccount("C", Currency("USD"), ()).codes
            ()
        """
        return tuple(reason.code for reason in self.reasons)


@attrs.frozen
class DunningRun(DictForm):
    """The result of :func:`run_dunning`: notices to send and accounts skipped, both sorted by
    customer id and currency.

    Examples:
        >>> import datetime as dt
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
        >>> run = run_dunning(DunningPolicy([DunningLevel(1, 1, Action.REMINDER)]), [],
        ...                   as_of=dt.date(2026, 1, 1))
        >>> run.notices, run.skipped
        ((), ())
    """

    as_of: dt.date
    notices: tuple[DunningNotice, ...]
    skipped: tuple[SkippedAccount, ...]

    def records(self) -> tuple[NoticeRecord, ...]:
        """The notices as history records, to pass to the next run.

        Examples:
            >>> import datetime as dt
            >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
            >>> run_dunning(DunningPolicy([DunningLevel(1, 1, Action.REMINDER)]), [],
            ...             as_of=dt.date(2026, 1, 1)).records()
            ()
        """
        return tuple(notice.record() for notice in self.notices)


@attrs.frozen
class _Item:
    item: OpenItem
    days_overdue: int
    amount: Money


@attrs.frozen(eq=False)
class _Account:
    """What the steps of one account read: the policy, who and when, and its own slice of the
    run's inputs (indexed once per run, so no step scans the whole ledger)."""

    policy: DunningPolicy
    customer_id: str
    currency: Currency
    customer: Customer | None
    as_of: dt.date
    items: tuple[OpenItem, ...]
    credits: tuple[OpenItem, ...]
    ladder: tuple[NoticeRecord, ...]
    """Earlier notices in scope at overdue levels."""
    pre_due: tuple[NoticeRecord, ...]
    """Earlier notices in scope at pre-due levels."""
    promises: tuple[PromiseToPay, ...]
    open_disputes: AbstractSet[str]
    calendar: BusinessCalendar | None
    pre_due_levels: int
    """How many of the policy's levels come before the due date."""
    fractions: dict[tuple[DayCount, dt.date], Decimal]
    """Year fractions from a due date to ``as_of``, shared by the run's accounts (a ledger has a
    few hundred due dates for a million items)."""
    last: NoticeRecord | None
    """The last notice of the ladder: of two on one day the higher level, which it goes on from."""
    behaviour: PaymentBehaviour | None = None
    """The payment behaviour the run was given (for ``reliable_payer_probability``)."""

    def skip(
        self, code: str, message: str, **figures: Money | Decimal | int | str | dt.date
    ) -> SkippedAccount:
        return SkippedAccount(
            self.customer_id, self.currency, (Reason.of(code, message, **figures),)
        )

    def total(self, entries: Iterable[_Item]) -> Money:
        return Money.total((e.amount for e in entries), self.currency)


@attrs.define
class _Work:
    """What the steps have decided so far for one account."""

    overdue: list[_Item] = attrs.Factory(list)
    dunnable: list[_Item] = attrs.Factory(list)
    reasons: list[Reason] = attrs.Factory(list)
    broken: list[PromiseToPay] = attrs.Factory(list)
    credits: tuple[NoticeCredit, ...] = ()
    target: int = 0
    level_reason: Reason | None = None
    levels_in_play: dict[str, int] = attrs.Factory(dict)
    previous: NoticeRecord | None = None


_Step = Callable[[_Account, _Work], SkippedAccount | None]


def _promise_status(
    promise: PromiseToPay, as_of: dt.date, open_ids: set[str], account_overdue: bool
) -> str:
    # The customer has the whole promised day to pay, so a promise is only broken the day after.
    if as_of <= promise.promised_date:
        return "pending"
    # ``open_ids`` holds the overdue items only: a promise is about arrears, so it is broken by a
    # named item still overdue, not by one that was paid or is not yet due.
    if promise.invoice_ids:
        return "broken" if any(i in open_ids for i in promise.invoice_ids) else "kept"
    # A promise naming no items was to bring the account up to date: broken while overdue items
    # remain that no dispute or pending promise takes off the notice.
    return "broken" if account_overdue else "kept"


@in_context
def run_dunning(
    policy: DunningPolicy | PolicyAssignment,
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    history: Iterable[NoticeRecord] = (),
    disputes: Iterable[Dispute] = (),
    promises: Iterable[PromiseToPay] = (),
    customers: Iterable[Customer] | Mapping[str, Customer] = (),
    calendar: BusinessCalendar | None = None,
    behaviour: PaymentBehaviour | None = None,
) -> DunningRun:
    """Decide, for ``as_of``, the notice each account gets, or why it is skipped.

    Accounts are customers in one currency (a notice never mixes currencies). For each account
    with positive open items, the steps below run in order; each either skips the account with
    its reason or passes on:

    1. A customer with ``dunning_block`` is skipped (``dunning.customer_blocked``).
    2. Overdue items: more than the policy's ``grace_days`` past due; with none, the account
       is skipped (``dunning.not_overdue``), unless a pre-due level reminds it of items about to
       fall due (below).
    3. Disputes: items under an open dispute are always left out of a notice; if every overdue
       item is disputed the account is skipped (``dunning.disputed``).
    4. Promises: a pending promise to pay leaves out the items it names, or, naming none, covers
       the account when it is at least the overdue amount (``dunning.promise_pending``). A
       promise whose date passed with its items still open is broken: the account escalates one
       level at once, interval or not (at the top level, with nothing to raise, the interval
       holds), and the notice says so (``dunning.promise_broken``).
    5. Credits: the account's open credits (credit memos, payments on account) are listed on
       the notice and, under ``CreditHandling.NET`` (the default), deducted from the amount
       demanded; credits that cover the overdue items stop the notice (``dunning.credits_cover``).
    6. Target level: the highest one whose ``days_overdue`` the oldest item reaches, but never
       more than one above the last notice in the same scope (unless ``skip_levels``, or
       ``first_run="by_age"`` for an account with no history); in ``EscalationMode.ITEM`` each
       item climbs on its own and the notice takes the highest.
       With a ``behaviour`` and the policy's ``reliable_payer_probability``, a customer who
       reliably pays within the grace days is spared its first reminder
       (``dunning.reliable_payer``).
    7. Interval: a notice repeats or raises the level only once ``interval_days`` have passed
       since the last one (``dunning.too_soon``).
    8. Minimum: an amount demanded below the level's minimum for the currency is skipped
       (``dunning.below_minimum``).
    9. Lines and fees: fees come from the level; interest, where the level charges it, is simple
       interest at the policy's rate from each item's due date; ``pay_by`` is ``as_of`` plus the
       level's ``days_to_pay``, rolled to the next business day of ``calendar`` if one is given.

    Pre-due levels (negative ``days_overdue``) remind an account with nothing overdue of the
    items falling due within that many days, once per item and level; they stand outside the
    ladder (they neither count as its last notice nor start its interval).

    Same inputs give the same notices in the same order; the run takes time linear in the
    items, history, disputes and promises.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money, PromiseToPay
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy, NoticeRecord
        >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER),
        ...                         DunningLevel(2, 30, Action.FINAL_NOTICE)], interval_days=14)
        >>> items = [Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("500.00", "USD"),
        ...                  due_date=dt.date(2026, 1, 31))]
        >>> run = run_dunning(policy, items, as_of=dt.date(2026, 3, 20),
        ...                   history=[NoticeRecord("C-1", 1, dt.date(2026, 3, 1))])
        >>> [(n.customer_id, n.level.number) for n in run.notices]
        [('C-1', 2)]
        >>> too_soon = run_dunning(policy, items, as_of=dt.date(2026, 3, 10),
        ...                        history=[NoticeRecord("C-1", 1, dt.date(2026, 3, 1))])
        >>> too_soon.skipped[0].codes
        ('dunning.too_soon',)
    """
    require_date(as_of, "as_of")
    if not isinstance(policy, DunningPolicy | PolicyAssignment):
        raise InvalidTypeError(
            f"policy must be a DunningPolicy or PolicyAssignment, not {type(policy).__name__}"
        )
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        raise InvalidTypeError(
            f"calendar must be a BusinessCalendar (is_business_day), not {shown(calendar)}"
        )
    if behaviour is not None and not isinstance(behaviour, PaymentBehaviour):
        raise InvalidTypeError(
            f"behaviour must be a PaymentBehaviour or None, not {type(behaviour).__name__}"
        )
    people = by_id(Customer, "customers", customers)
    # Every input is indexed once here, by customer or by account, so that each account's steps
    # read only its own records and promises: scanning them per account made the run quadratic.
    records: dict[str, list[NoticeRecord]] = {}
    for record in all_of(NoticeRecord, "history", history):
        if record.sent_on <= as_of:
            records.setdefault(record.customer_id, []).append(record)
    open_disputes = {
        dispute.invoice_id
        for dispute in all_of(Dispute, "disputes", disputes)
        if dispute.is_open(as_of)
    }
    promised: dict[tuple[str, Currency], list[PromiseToPay]] = {}
    for promise in all_of(PromiseToPay, "promises", promises):
        promised.setdefault((promise.customer_id, promise.amount.currency), []).append(promise)

    accounts: dict[tuple[str, Currency], list[OpenItem]] = {}
    credits: dict[tuple[str, Currency], list[OpenItem]] = {}
    # An invoice on instalment terms is dunned per open instalment (its own due date and amount).
    for item in open_items_by_instalment(open_items(items)):
        balance = item.open_balance
        if item.customer_id is None or balance.is_zero:
            continue
        into = accounts if balance.is_positive else credits
        into.setdefault((item.customer_id, balance.currency), []).append(item)

    notices: list[DunningNotice] = []
    skipped: list[SkippedAccount] = []
    pre_due: dict[int, int] = {}  # pre-due level counts by policy (the policies live all run)
    fractions: dict[tuple[DayCount, dt.date], Decimal] = {}
    for (customer_id, currency), account_items in sorted(
        accounts.items(), key=lambda entry: (entry[0][0], entry[0][1].code)
    ):
        customer = people.get(customer_id)
        chosen = policy.policy_for(customer) if isinstance(policy, PolicyAssignment) else policy
        pre_due_levels = pre_due.get(id(chosen))
        if pre_due_levels is None:
            pre_due_levels = pre_due[id(chosen)] = chosen.pre_due_levels
        scope = [
            r
            for r in records.get(customer_id, ())
            if chosen.scope is DunningScope.CUSTOMER or r.currency in (None, currency)
        ]
        ladder = tuple(r for r in scope if r.level > pre_due_levels)
        account = _Account(
            policy=chosen,
            customer_id=customer_id,
            currency=currency,
            customer=customer,
            as_of=as_of,
            items=tuple(account_items),
            credits=tuple(credits.get((customer_id, currency), ())),
            ladder=ladder,
            pre_due=tuple(r for r in scope if r.level <= pre_due_levels),
            promises=tuple(promised.get((customer_id, currency), ())),
            open_disputes=open_disputes,
            calendar=calendar,
            pre_due_levels=pre_due_levels,
            last=max(ladder, key=_sent_and_level, default=None),
            fractions=fractions,
            behaviour=behaviour,
        )
        outcome = _dun_account(account)
        if isinstance(outcome, DunningNotice):
            notices.append(outcome)
        else:
            skipped.append(outcome)
    return DunningRun(as_of, tuple(notices), tuple(skipped))


_NOTHING_UPCOMING: Final = SkippedAccount("", Currency("USD"), ())
"""Marks an account with nothing for a pre-due reminder: it keeps the ladder's reason."""


def _sent_and_level(record: NoticeRecord) -> tuple[dt.date, int]:
    return record.sent_on, record.level


def _dun_account(account: _Account) -> DunningNotice | SkippedAccount:
    work = _Work()
    for step in _LADDER:
        skipped = step(account, work)
        if skipped is not None:
            if skipped.codes == ("dunning.not_overdue",) and account.pre_due_levels:
                return _pre_due(account, skipped)
            return skipped
    return _notice(account, work)


def _pre_due(account: _Account, skipped: SkippedAccount) -> DunningNotice | SkippedAccount:
    # Nothing is overdue (or not enough for the ladder's first level): a friendly reminder of
    # what falls due soon, if the policy has one. Without upcoming items the account keeps the
    # reason the ladder gave.
    work = _Work()
    for step in (_upcoming_items, _credits, _minimum):
        early = step(account, work)
        if early is not None:
            return skipped if early is _NOTHING_UPCOMING else early
    return _notice(account, work)


def _blocked(account: _Account, work: _Work) -> SkippedAccount | None:
    # A dunning block is a person's decision (a negotiation, legal hold, key account) that
    # overrides every rule below, so it is checked first and is the only reason given.
    if account.customer is not None and account.customer.dunning_block:
        return account.skip(
            "dunning.customer_blocked", f"customer {account.customer_id} carries a dunning block"
        )
    return None


def _overdue_items(account: _Account, work: _Work) -> SkippedAccount | None:
    # Only overdue items can be dunned, so every later rule (disputes, promises, the level) reads
    # this list. Grace days absorb payments in transit (bank float, post) so that a customer who
    # paid on time is not reminded. ``oldest`` covers every item so that the skip reason can say
    # how near the account is to being overdue. Day numbers are ordinals rather than timedeltas:
    # over all accounts this loop visits every open item of the ledger.
    grace = account.policy.grace_days
    as_of_ordinal = account.as_of.toordinal()
    oldest = -(10**9)
    for item in account.items:
        days = as_of_ordinal - item.due_date.toordinal()
        oldest = max(oldest, days)
        if days > grace:
            work.overdue.append(_Item(item, days, item.open_balance))
    if not work.overdue:
        return account.skip(
            "dunning.not_overdue",
            f"nothing is more than {grace} grace days past due (oldest item {max(oldest, 0)} days)",
            oldest_days_past_due=max(oldest, 0),
            grace_days=grace,
        )
    return None


def _disputes(account: _Account, work: _Work) -> SkippedAccount | None:
    # Disputes come before promises and the level: a contested amount is not collectable until
    # the dispute is resolved, and dunning it turns a commercial disagreement into a collection
    # case (for consumer debt, FDCPA 809(b) stops a collector until the debt is verified). Left
    # out here, disputed items neither count towards a promise's coverage nor drive the level.
    # When nothing else is overdue the account stops here, with the dispute as its reason rather
    # than a later one.
    disputed = [e for e in work.overdue if e.item.document_id in account.open_disputes]
    work.dunnable = [e for e in work.overdue if e.item.document_id not in account.open_disputes]
    if not work.dunnable:
        amount = account.total(disputed)
        return account.skip(
            "dunning.disputed",
            f"all {len(disputed)} overdue items ({amount}) are under open dispute",
            items=len(disputed),
            amount=amount,
        )
    # The rest is still dunned, and the notice says what was left off, so that the customer and
    # the collector see the dispute was respected.
    if disputed:
        left = account.total(disputed)
        work.reasons.append(
            Reason.of(
                "dunning.items_left_out",
                f"{len(disputed)} disputed items ({left}) are left off the notice",
                items=len(disputed),
                amount=left,
                because="dispute",
            )
        )
    return None


def _promises(account: _Account, work: _Work) -> SkippedAccount | None:
    # Promises in a fixed order (earliest promised date first) so that the result never depends
    # on the order the caller passed them in, and the most recent broken one is the one cited.
    last = account.last
    open_ids = {entry.item.document_id for entry in work.overdue}
    for promise in sorted(
        account.promises,
        key=lambda p: (p.promised_date, p.made_on, p.amount.amount, p.invoice_ids),
    ):
        status = _promise_status(promise, account.as_of, open_ids, bool(work.dunnable))
        if status == "pending":
            # The collector agreed to wait for what the promise covers: a promise naming items
            # takes those off the notice and the rest is still asked for.
            if promise.invoice_ids:
                covered = [e for e in work.dunnable if e.item.document_id in promise.invoice_ids]
                if covered:
                    work.dunnable = [e for e in work.dunnable if e not in covered]
                    amount = account.total(covered)
                    work.reasons.append(
                        Reason.of(
                            "dunning.items_left_out",
                            f"{len(covered)} items ({amount}) are covered by a promise to pay "
                            f"{promise.amount} by {promise.promised_date}",
                            items=len(covered),
                            amount=amount,
                            because="promise",
                            promised_date=promise.promised_date,
                        )
                    )
            # A promise naming no items cannot take any single item off, so it stops dunning
            # only when it pays everything overdue; a smaller one leaves the notice whole.
            elif promise.amount >= account.total(work.dunnable):
                work.dunnable = []
            # Nothing left to ask for: the account is waiting on the promise, whatever its level
            # or the interval would say.
            if not work.dunnable:
                return account.skip(
                    "dunning.promise_pending",
                    f"a promise to pay {promise.amount} by {promise.promised_date} (made "
                    f"{promise.made_on}) covers the overdue amount",
                    promised=promise.amount,
                    promised_date=promise.promised_date,
                )
        # A promise broken before the last notice went out was already answered by that notice;
        # counting it again would escalate the account on every run.
        elif status == "broken" and (last is None or promise.promised_date >= last.sent_on):
            work.broken.append(promise)
    return None


def _credits(account: _Account, work: _Work) -> SkippedAccount | None:
    # Credit notes and payments on account are the customer's money: a demand that ignores them
    # asks for more than is owed. They are listed (oldest first) so the customer can match them,
    # and under ``NET`` deducted; when they cover what the notice would ask for there is nothing
    # to demand. Disputed and promised items are already off, so credits are weighed against
    # what would actually be asked for.
    handling = account.policy.credits
    if handling is CreditHandling.IGNORE or not account.credits:
        return None
    work.credits = tuple(
        NoticeCredit(item.document_id, item.kind, item.document_date, -item.open_balance)
        for item in sorted(account.credits, key=lambda i: (i.document_date, i.document_id))
    )
    credit_total = Money.total((c.amount for c in work.credits), account.currency)
    overdue = account.total(work.dunnable)
    if handling is CreditHandling.NET:
        if credit_total >= overdue:
            return _covered(account, credit_total, overdue)
        work.reasons.append(
            Reason.of(
                "dunning.credits_netted",
                f"{len(work.credits)} open credits ({credit_total}) are deducted from the "
                f"{overdue} overdue",
                credits=credit_total,
                items=len(work.credits),
            )
        )
    else:
        work.reasons.append(
            Reason.of(
                "dunning.credits_listed",
                f"{len(work.credits)} open credits ({credit_total}) are listed, not deducted",
                credits=credit_total,
                items=len(work.credits),
            )
        )
    return None


def _covered(account: _Account, credit_total: Money, overdue: Money) -> SkippedAccount:
    return account.skip(
        "dunning.credits_cover",
        f"open credits of {credit_total} cover the {overdue} overdue: nothing to demand",
        credits=credit_total,
        overdue=overdue,
    )


def _target_level(account: _Account, work: _Work) -> SkippedAccount | None:
    # The level is chosen from the dunnable items only: a disputed or promised item, however old,
    # must not harden the tone about the others. One step at a time above the last notice unless
    # the policy allows skipping: a customer should see each step of the ladder (a final notice
    # never arrives without the reminder before it), however late a first notice goes out. The
    # exception is ``first_run="by_age"``: an account with no history (a ledger migrated from
    # another system) starts where its age puts it. Pre-due levels sit below the ladder, so its
    # first step is the first overdue level.
    policy = account.policy
    last = account.last
    last_level = last.level if last is not None else 0
    floor = max(last_level, account.pre_due_levels)
    top = len(policy.levels)
    by_age = last is None and policy.first_run is FirstRun.BY_AGE
    jump = policy.skip_levels or by_age
    if policy.escalation is EscalationMode.ACCOUNT:
        # One letter per account: its tone follows the oldest arrears.
        reached = policy.level_for_days(max(e.days_overdue for e in work.dunnable))
        target = reached if jump else min(reached, floor + 1)
    else:
        # Each item climbs its own ladder from the highest level it was named at, so a new
        # invoice starts with a reminder while an old one reaches its final notice. The notice
        # takes the highest item level, since one letter carries one action. Items that have not
        # reached the ladder yet (past the grace days but not the first threshold) stay off it.
        previous: dict[str, int] = {}
        for record in account.ladder:
            for item_id in record.item_ids:
                previous[item_id] = max(previous.get(item_id, 0), record.level)
        for entry in work.dunnable:
            item_reached = policy.level_for_days(entry.days_overdue)
            item_floor = max(previous.get(entry.item.document_id, 0), account.pre_due_levels)
            item_level = item_reached if jump else min(item_reached, item_floor + 1)
            # A broken promise moves every item one step on, whatever its age (never past the
            # top level).
            if work.broken:
                item_level = max(item_level, min(item_floor + 1, top))
            work.levels_in_play[entry.item.document_id] = item_level
        work.dunnable = [
            e
            for e in work.dunnable
            if work.levels_in_play[e.item.document_id] > account.pre_due_levels
        ]
        target = max(work.levels_in_play.values(), default=0)
        reached = target
    # A broken promise escalates the account at once: escalation is the consequence the
    # customer was told of when the promise was taken, so it does not wait for the day
    # thresholds.
    if work.broken:
        target = max(target, min(floor + 1, top))
        promise = work.broken[-1]
        work.reasons.append(
            Reason.of(
                "dunning.promise_broken",
                f"the promise to pay {promise.amount} by {promise.promised_date} was broken: "
                "the account escalates",
                promised=promise.amount,
                promised_date=promise.promised_date,
            )
        )
    # Overdue past the grace days but short of the first overdue level (or every remaining item
    # below its first threshold): say so, with the threshold, before the interval, which would
    # be a less accurate reason.
    if target <= account.pre_due_levels or not work.dunnable:
        oldest = max(e.days_overdue for e in work.overdue)
        threshold = (
            policy.levels[account.pre_due_levels].days_overdue
            if account.pre_due_levels < top
            else 0
        )
        return account.skip(
            "dunning.not_overdue",
            f"the oldest dunnable item is {oldest} days past due; the first overdue level "
            f"needs {threshold}"
            if account.pre_due_levels < top
            else "the policy has only pre-due levels",
            oldest_days_past_due=oldest,
            threshold=threshold,
        )
    work.target = target
    work.previous = last
    level = policy.level(target)
    oldest_dunnable = max(e.days_overdue for e in work.dunnable)
    if target > last_level:
        work.level_reason = Reason.of(
            "dunning.level_reached",
            f"oldest item {oldest_dunnable} days past due reaches level {level.number} "
            f"({level.action.value}, from {level.days_overdue} days); previous level "
            f"{last_level}",
            days_overdue=oldest_dunnable,
            threshold=level.days_overdue,
            level=level.number,
            previous_level=last_level,
        )
        if by_age and not policy.skip_levels and target > floor + 1:
            work.reasons.insert(
                0,
                Reason.of(
                    "dunning.first_run_by_age",
                    f"no earlier notice: the account starts at level {target}, where its age "
                    f"puts it (first_run=by_age)",
                    level=target,
                ),
            )
    else:
        work.level_reason = Reason.of(
            "dunning.level_repeated",
            f"the account stays at level {level.number} (days overdue reach level {reached}); "
            f"the last notice was {(account.as_of - last.sent_on).days if last else 0} days ago",
            level=level.number,
            reached=reached,
            previous_level=last_level,
        )
    return None


def _reliable_payer(account: _Account, work: _Work) -> SkippedAccount | None:
    # A customer who nearly always pays within the grace days is spared its friendly first
    # reminder: a few days late is most likely its usual rhythm. Only the first overdue level,
    # only a reminder, only before any notice of the ladder, and only while the oldest item has
    # not reached the next level, so a real arrear still gets its reminder.
    policy = account.policy
    threshold = policy.reliable_payer_probability
    behaviour = account.behaviour
    if threshold is None or behaviour is None or work.broken:
        return None
    first = account.pre_due_levels + 1
    if work.target != first or first > len(policy.levels):
        return None
    if account.last is not None and account.last.level >= first:
        return None
    if policy.level(first).action is not Action.REMINDER:
        return None
    oldest = max((e.days_overdue for e in work.dunnable), default=0)
    if policy.level_for_days(oldest) > first:
        return None
    chance = behaviour.probability_paid_by(account.customer_id, policy.grace_days)
    if chance < threshold:
        return None
    return account.skip(
        "dunning.reliable_payer",
        f"the customer pays within {policy.grace_days} grace days with probability {chance} "
        f"(at least {threshold}): the first reminder is spared",
        probability=chance,
        threshold=threshold,
        grace_days=policy.grace_days,
    )


def _interval(account: _Account, work: _Work) -> SkippedAccount | None:
    # The interval gives the customer time to act on the last notice before the next one; it
    # holds for a repeat and for a raise alike. It is checked after disputes and promises so that
    # a skipped account shows the reason a collector can act on. A broken promise overrides it
    # when it raises the level (waiting out another interval would reward the broken promise);
    # at the top level there is nothing to raise, and the interval holds.
    last = account.last
    if last is None or (work.broken and work.target > last.level):
        return None
    since = (account.as_of - last.sent_on).days
    if since < account.policy.interval_days:
        return account.skip(
            "dunning.too_soon",
            f"the last notice (level {last.level}) went {since} days ago; the interval is "
            f"{account.policy.interval_days} days",
            days_since_last=since,
            interval_days=account.policy.interval_days,
            last_level=last.level,
        )
    return None


def _minimum(account: _Account, work: _Work) -> SkippedAccount | None:
    # The minimum is per level (no demand letter over a few cents), so it can only be checked
    # once the level is known, and against what the notice would ask for: the dunnable items
    # less the credits deducted.
    level = account.policy.level(work.target)
    overdue = account.total(work.dunnable)
    applied = _credits_applied(account, work)
    if account.policy.credits is CreditHandling.NET and work.credits and applied >= overdue:
        # In item mode the level step may have taken items off after the credits were weighed.
        return _covered(account, applied, overdue)
    demanded = overdue - applied
    minimum = level.minimum_for(account.currency)
    if demanded < minimum:
        return account.skip(
            "dunning.below_minimum",
            f"the amount demanded {demanded} is below the level {level.number} minimum {minimum}",
            overdue=demanded,
            minimum=minimum,
            level=level.number,
        )
    return None


def _credits_applied(account: _Account, work: _Work) -> Money:
    if account.policy.credits is not CreditHandling.NET:
        return Money.zero(account.currency).round()
    return Money.total((c.amount for c in work.credits), account.currency).round()


def _upcoming_items(account: _Account, work: _Work) -> SkippedAccount | None:
    # A pre-due level reminds of items falling due within ``-days_overdue`` days, once per item
    # and level: an item already named on a notice at that level (or a later pre-due one) is
    # not named again. Disputed items are left out here too. Items past their due date are the
    # ladder's business, not a "falls due soon" reminder's.
    policy = account.policy
    as_of_ordinal = account.as_of.toordinal()
    reminded: dict[str, int] = {}
    for record in account.pre_due:
        for item_id in record.item_ids:
            reminded[item_id] = max(reminded.get(item_id, 0), record.level)
    for item in account.items:
        days = as_of_ordinal - item.due_date.toordinal()
        if days > 0 or item.document_id in account.open_disputes:
            continue
        item_level = min(policy.level_for_days(days), account.pre_due_levels)
        if item_level > reminded.get(item.document_id, 0):
            work.levels_in_play[item.document_id] = item_level
            work.dunnable.append(_Item(item, days, item.open_balance))
    if not work.dunnable:
        return _NOTHING_UPCOMING
    work.target = max(work.levels_in_play.values())
    level = policy.level(work.target)
    # The interval holds per pre-due level: a reminder is not repeated within it for items
    # that came into its window since the last one; they wait for the next run.
    same = [r for r in account.pre_due if r.level == work.target]
    last = max(same, key=lambda r: r.sent_on, default=None)
    if last is not None:
        since = (account.as_of - last.sent_on).days
        if since < policy.interval_days:
            return account.skip(
                "dunning.too_soon",
                f"the last pre-due reminder (level {last.level}) went {since} days ago; the "
                f"interval is {policy.interval_days} days",
                days_since_last=since,
                interval_days=policy.interval_days,
                last_level=last.level,
            )
    work.previous = max(account.pre_due, key=lambda r: (r.sent_on, r.level), default=None)
    soonest = max(e.days_overdue for e in work.dunnable)
    work.level_reason = Reason.of(
        "dunning.pre_due",
        f"{len(work.dunnable)} items fall due within {-level.days_overdue} days (the first in "
        f"{-soonest}): a reminder before the due date",
        level=level.number,
        items=len(work.dunnable),
        days_before_due=-soonest,
    )
    return None


def _notice(account: _Account, work: _Work) -> DunningNotice:
    # Lines oldest first, as on a statement of account. Interest runs from each item's due date,
    # not from the end of the grace days: late-payment interest accrues from the day after the
    # agreed payment date (EU Directive 2011/7/EU art. 3(3); UK Late Payment of Commercial Debts
    # (Interest) Act 1998 s.4), and grace days only delay the notice. Each line's interest is
    # rounded and the total is the sum of the lines, so the notice adds up as printed.
    policy = account.policy
    currency = account.currency
    as_of = account.as_of
    level = policy.level(work.target)
    lines = []
    nothing = Money.zero(currency).round()
    interest_total = nothing
    # A late-payment rate agreed with the customer (``Customer.late_payment_rate``) is charged
    # instead of the policy's rate.
    agreed = account.customer.late_payment_rate if account.customer is not None else None
    rate = policy.annual_interest_rate if agreed is None else agreed
    charge_interest = level.charge_interest and rate > 0
    for entry in sorted(work.dunnable, key=lambda e: (e.item.due_date, e.item.document_id)):
        item = entry.item
        # ``simple_interest`` without its argument checks, which the run has made (an overdue
        # item's due date is before ``as_of``): the same arithmetic, once per line of a million.
        interest = nothing
        if charge_interest:
            key = (policy.day_count, item.due_date)
            fraction = account.fractions.get(key)
            if fraction is None:
                fraction = policy.day_count.year_fraction(item.due_date, as_of)
                account.fractions[key] = fraction
            interest = trusted_money(
                CONTEXT.multiply(CONTEXT.multiply(entry.amount.amount, rate), fraction), currency
            ).round()
        interest_total += interest
        original = getattr(item, "amount", None)
        lines.append(
            NoticeLine(
                item.document_id,
                item.document_date,
                item.due_date,
                entry.days_overdue,
                entry.amount,
                work.levels_in_play.get(item.document_id, level.number),
                interest,
                original
                if isinstance(original, Money) and original.currency is currency
                else entry.amount,
                item.kind,
            )
        )
    reasons = [work.level_reason] if work.level_reason is not None else []
    reasons += work.reasons
    applied = _credits_applied(account, work)
    demanded = Money.total((line.open_amount for line in lines), currency) - applied
    # The fee is charged on what the notice asks for, not on items left off it nor on the part
    # the customer's own credits pay.
    fee = level.fee.amount_for(demanded)
    if fee.is_positive:
        reasons.append(
            Reason.of(
                "dunning.fee",
                f"level {level.number} charges {fee} on {demanded} demanded",
                fee=fee,
                overdue=demanded,
            )
        )
    if charge_interest:
        reasons.append(
            Reason.of(
                "dunning.interest",
                f"{interest_total} interest at {rate} a year "
                f"({policy.day_count.value}) from each item's due date to {as_of}"
                + (" (the rate agreed with the customer)" if agreed is not None else ""),
                interest=interest_total,
                annual_rate=rate,
            )
        )
    return DunningNotice(
        account.customer_id,
        currency,
        as_of,
        level,
        tuple(lines),
        fee,
        interest_total,
        tuple(reasons),
        policy.name,
        pay_by=_pay_by(account, level, lines),
        credits=work.credits,
        credits_applied=applied,
        previous=work.previous,
    )


def _pay_by(account: _Account, level: DunningLevel, lines: list[NoticeLine]) -> dt.date:
    # Before the due date the customer pays by the due date itself, which the contract fixed;
    # afterwards the level gives ``days_to_pay``, and a date on a weekend or holiday moves to the
    # next business day (a deadline on a day the customer's bank is closed cannot be met).
    if level.is_pre_due:
        return min(line.due_date for line in lines)
    day = add_days(account.as_of, level.days_to_pay, "the pay-by date")
    if account.calendar is not None:
        day = adjust(day, account.calendar, Convention.FOLLOWING)
    return day


_LADDER: Final[tuple[_Step, ...]] = (
    _blocked,
    _overdue_items,
    _disputes,
    _promises,
    _credits,
    _target_level,
    _reliable_payer,
    _interval,
    _minimum,
)
"""The steps of an account's notice, in order; each skips the account or passes on."""
