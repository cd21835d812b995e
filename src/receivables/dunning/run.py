"""The dunning run: for a date, which notice each account gets, or why it gets none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import in_context
from receivables._text import shown
from receivables._validate import all_of, by_id, date_field, require_date
from receivables.documents import Customer, Dispute, OpenItem, PromiseToPay, open_items
from receivables.dunning.interest import simple_interest
from receivables.dunning.policy import (
    DunningLevel,
    DunningPolicy,
    DunningScope,
    EscalationMode,
    PolicyAssignment,
)
from receivables.errors import InvalidPolicyError, InvalidTypeError
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = [
    "DunningNotice",
    "DunningRun",
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
class NoticeRecord:
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


@attrs.frozen
class NoticeLine:
    """One overdue item on a notice, with its days overdue, its level and its interest.

    Examples:
        >>> import datetime as dt
        >>> line = NoticeLine("INV-1", dt.date(2026, 1, 1), dt.date(2026, 1, 31), 30,
        ...                   Money("100", "USD"), 1, Money("0.00", "USD"))
        >>> line.days_overdue
        30
    """

    document_id: str
    document_date: dt.date
    due_date: dt.date
    days_overdue: int
    open_amount: Money
    level: int
    interest: Money


@attrs.frozen
class DunningNotice:
    """A notice to send: the account, its level, the overdue items and what is now due.

    ``total_due`` is the overdue amount plus ``fees`` plus ``interest``. ``reasons`` say why this
    level, which items were left out and what was charged.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.dunning import Action, DunningLevel, DunningPolicy
        >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
        >>> inv = Invoice("INV-1", "C-1", dt.date(2026, 1, 1), Money("100.00", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> notice = run_dunning(policy, [inv], as_of=dt.date(2026, 2, 10)).notices[0]
        >>> notice.level.number, notice.overdue, notice.total_due
        (1, Money('100.00', 'USD'), Money('100.00', 'USD'))
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
    def total_due(self) -> Money:
        """Overdue items plus fees plus interest.

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
        return self.overdue + self.fees + self.interest

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
class SkippedAccount:
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
class DunningRun:
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
) -> DunningRun:
    """Decide, for ``as_of``, the notice each account gets, or why it is skipped.

    Accounts are customers in one currency (a notice never mixes currencies). For each account
    with positive open items:

    1. A customer with ``dunning_block`` is skipped (``dunning.customer_blocked``).
    2. Items more than the policy's ``grace_days`` past due are overdue; with none, the account
       is skipped (``dunning.not_overdue``).
    3. Items under an open dispute are always left out of a notice; if every overdue item is
       disputed the account is skipped (``dunning.disputed``).
    4. A pending promise to pay leaves out the items it names, or, naming none, covers the
       account when it is at least the overdue amount (``dunning.promise_pending``). A promise
       whose date passed with its items still open is broken: the account escalates one level
       at once, interval or not, and the notice says so (``dunning.promise_broken``).
    5. The level: the highest one whose ``days_overdue`` the oldest item reaches, but never more
       than one above the last notice in the same scope (unless ``skip_levels``); in
       ``EscalationMode.ITEM`` each item climbs on its own and the notice takes the highest.
       A notice repeats or raises the level only once ``interval_days`` have passed since the
       last one (``dunning.too_soon``).
    6. An overdue amount below the level's minimum for the currency is skipped
       (``dunning.below_minimum``).
    7. Fees come from the level; interest, where the level charges it, is simple interest at the
       policy's rate from each item's due date.

    Same inputs give the same notices in the same order.

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
    people = by_id(Customer, "customers", customers)
    records = [r for r in all_of(NoticeRecord, "history", history) if r.sent_on <= as_of]
    open_disputes = {
        dispute.invoice_id
        for dispute in all_of(Dispute, "disputes", disputes)
        if dispute.is_open(as_of)
    }
    promise_list = all_of(PromiseToPay, "promises", promises)

    accounts: dict[tuple[str, Currency], list[OpenItem]] = {}
    for item in open_items(items):
        balance = item.open_balance
        if item.customer_id is None or not balance.is_positive:
            continue
        accounts.setdefault((item.customer_id, balance.currency), []).append(item)

    notices: list[DunningNotice] = []
    skipped: list[SkippedAccount] = []
    for (customer_id, currency), account_items in sorted(
        accounts.items(), key=lambda entry: (entry[0][0], entry[0][1].code)
    ):
        customer = people.get(customer_id)
        chosen = policy.policy_for(customer) if isinstance(policy, PolicyAssignment) else policy
        outcome = _dun_account(
            chosen,
            customer_id,
            currency,
            customer,
            account_items,
            as_of,
            records,
            open_disputes,
            [
                p
                for p in promise_list
                if p.customer_id == customer_id and p.amount.currency is currency
            ],
        )
        if isinstance(outcome, DunningNotice):
            notices.append(outcome)
        else:
            skipped.append(outcome)
    return DunningRun(as_of, tuple(notices), tuple(skipped))


def _dun_account(
    policy: DunningPolicy,
    customer_id: str,
    currency: Currency,
    customer: Customer | None,
    account_items: list[OpenItem],
    as_of: dt.date,
    records: list[NoticeRecord],
    open_disputes: set[str],
    promises: list[PromiseToPay],
) -> DunningNotice | SkippedAccount:
    def skip(
        code: str, message: str, **figures: Money | Decimal | int | str | dt.date
    ) -> SkippedAccount:
        return SkippedAccount(customer_id, currency, (Reason.of(code, message, **figures),))

    # A dunning block is a person's decision (a negotiation, legal hold, key account) that
    # overrides every rule below, so it is checked first and is the only reason given.
    if customer is not None and customer.dunning_block:
        return skip("dunning.customer_blocked", f"customer {customer_id} carries a dunning block")

    # Only overdue items can be dunned, so every later rule (disputes, promises, the level) reads
    # this list. Grace days absorb payments in transit (bank float, post) so that a customer who
    # paid on time is not reminded. ``oldest`` covers every item so that the skip reason can say
    # how near the account is to being overdue. Day numbers are ordinals rather than timedeltas:
    # over all accounts this loop visits every open item of the ledger.
    as_of_ordinal = as_of.toordinal()
    overdue = []
    oldest = -(10**9)
    for item in account_items:
        days = as_of_ordinal - item.due_date.toordinal()
        oldest = max(oldest, days)
        if days > policy.grace_days:
            overdue.append(_Item(item, days, item.open_balance))
    if not overdue:
        return skip(
            "dunning.not_overdue",
            f"nothing is more than {policy.grace_days} grace days past due "
            f"(oldest item {max(oldest, 0)} days)",
            oldest_days_past_due=max(oldest, 0),
            grace_days=policy.grace_days,
        )

    # Disputes come before promises and the level: a contested amount is not collectable until
    # the dispute is resolved, and dunning it turns a commercial disagreement into a collection
    # case (for consumer debt, FDCPA 809(b) stops a collector until the debt is verified). Left
    # out here, disputed items neither count towards a promise's coverage nor drive the level.
    # When nothing else is overdue the account stops here, with the dispute as its reason rather
    # than a later one.
    reasons: list[Reason] = []
    disputed = [entry for entry in overdue if entry.item.document_id in open_disputes]
    dunnable = [entry for entry in overdue if entry.item.document_id not in open_disputes]
    if not dunnable:
        amount = Money.total((e.amount for e in disputed), currency)
        return skip(
            "dunning.disputed",
            f"all {len(disputed)} overdue items ({amount}) are under open dispute",
            items=len(disputed),
            amount=amount,
        )
    # The rest is still dunned, and the notice says what was left off, so that the customer and
    # the collector see the dispute was respected.
    if disputed:
        left = Money.total((e.amount for e in disputed), currency)
        reasons.append(
            Reason.of(
                "dunning.items_left_out",
                f"{len(disputed)} disputed items ({left}) are left off the notice",
                items=len(disputed),
                amount=left,
                because="dispute",
            )
        )

    # The ladder is climbed per scope: with ``DunningScope.CUSTOMER`` any notice to the customer
    # counts, with ``CURRENCY`` only notices for this currency. A record without a currency (a
    # history kept per customer) may have been about any of the customer's currencies, so it
    # counts for each: its interval is respected rather than a second letter going out days
    # later. Of two notices on one day the higher level is the last, and the ladder goes on
    # from it.
    scope_records = [
        r
        for r in records
        if r.customer_id == customer_id
        and (policy.scope is DunningScope.CUSTOMER or r.currency in (None, currency))
    ]
    last = max(scope_records, key=lambda r: (r.sent_on, r.level), default=None)
    last_level = last.level if last is not None else 0

    # Promises in a fixed order (earliest promised date first) so that the result never depends
    # on the order the caller passed them in, and the most recent broken one is the one cited.
    open_ids = {entry.item.document_id for entry in overdue}
    broken: list[PromiseToPay] = []
    for promise in sorted(
        promises, key=lambda p: (p.promised_date, p.made_on, p.amount.amount, p.invoice_ids)
    ):
        status = _promise_status(promise, as_of, open_ids, bool(dunnable))
        if status == "pending":
            # The collector agreed to wait for what the promise covers: a promise naming items
            # takes those off the notice and the rest is still asked for.
            if promise.invoice_ids:
                covered = [e for e in dunnable if e.item.document_id in promise.invoice_ids]
                if covered:
                    dunnable = [e for e in dunnable if e not in covered]
                    amount = Money.total((e.amount for e in covered), currency)
                    reasons.append(
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
            else:
                # A promise naming no items cannot take any single item off, so it stops dunning
                # only when it pays everything overdue; a smaller one leaves the notice whole.
                overdue_amount = Money.total((e.amount for e in dunnable), currency)
                if promise.amount >= overdue_amount:
                    dunnable = []
            # Nothing left to ask for: the account is waiting on the promise, whatever its level
            # or the interval would say.
            if not dunnable:
                return skip(
                    "dunning.promise_pending",
                    f"a promise to pay {promise.amount} by {promise.promised_date} (made "
                    f"{promise.made_on}) covers the overdue amount",
                    promised=promise.amount,
                    promised_date=promise.promised_date,
                )
        # A promise broken before the last notice went out was already answered by that notice;
        # counting it again would escalate the account on every run.
        elif status == "broken" and (last is None or promise.promised_date >= last.sent_on):
            broken.append(promise)

    # The level is chosen from the dunnable items only: a disputed or promised item, however old,
    # must not harden the tone about the others. One step at a time above the last notice unless
    # the policy allows skipping: a customer should see each step of the ladder (a final notice
    # never arrives without the reminder before it), however late a first notice goes out.
    levels_in_play: dict[str, int] = {}
    if policy.escalation is EscalationMode.ACCOUNT:
        # One letter per account: its tone follows the oldest arrears.
        reached = policy.level_for_days(max(e.days_overdue for e in dunnable))
        target = reached if policy.skip_levels else min(reached, last_level + 1)
    else:
        # Each item climbs its own ladder from the highest level it was named at, so a new
        # invoice starts with a reminder while an old one reaches its final notice. The notice
        # takes the highest item level, since one letter carries one action. Items that have not
        # reached level 1 yet (past the grace days but not the first threshold) stay off it.
        previous: dict[str, int] = {}
        for record in scope_records:
            for item_id in record.item_ids:
                previous[item_id] = max(previous.get(item_id, 0), record.level)
        for entry in dunnable:
            item_reached = policy.level_for_days(entry.days_overdue)
            item_last = previous.get(entry.item.document_id, 0)
            item_level = item_reached if policy.skip_levels else min(item_reached, item_last + 1)
            # A broken promise moves every item one step on, whatever its age (never past the
            # top level).
            if broken:
                item_level = max(item_level, min(item_last + 1, len(policy.levels)))
            levels_in_play[entry.item.document_id] = item_level
        dunnable = [e for e in dunnable if levels_in_play[e.item.document_id] > 0]
        target = max(levels_in_play.values(), default=0)
        reached = target
    # A broken promise escalates the account at once: escalation is the consequence the
    # customer was told of when the promise was taken, so it does not wait for the day
    # thresholds.
    if broken:
        target = max(target, min(last_level + 1, len(policy.levels)))
        promise = broken[-1]
        reasons.append(
            Reason.of(
                "dunning.promise_broken",
                f"the promise to pay {promise.amount} by {promise.promised_date} was broken: "
                "the account escalates",
                promised=promise.amount,
                promised_date=promise.promised_date,
            )
        )
    # Overdue past the grace days but short of level 1 (or every remaining item below its first
    # threshold): say so, with the threshold, before the interval, which would be a less
    # accurate reason.
    if target < 1 or not dunnable:
        first = policy.levels[0]
        return skip(
            "dunning.not_overdue",
            f"the oldest dunnable item is {max(e.days_overdue for e in overdue)} days past due; "
            f"level 1 needs {first.days_overdue}",
            oldest_days_past_due=max(e.days_overdue for e in overdue),
            threshold=first.days_overdue,
        )
    # The interval gives the customer time to act on the last notice before the next one; it
    # holds for a repeat and for a raise alike. It is checked after disputes and promises so that
    # a skipped account shows the reason a collector can act on, and a broken promise overrides
    # it: waiting out another interval would reward the broken promise.
    if last is not None and not broken:
        since = (as_of - last.sent_on).days
        if since < policy.interval_days:
            return skip(
                "dunning.too_soon",
                f"the last notice (level {last.level}) went {since} days ago; the interval is "
                f"{policy.interval_days} days",
                days_since_last=since,
                interval_days=policy.interval_days,
                last_level=last.level,
            )

    # The minimum is per level (no demand letter over a few cents), so it can only be checked
    # once the level is known, and against what the notice would ask for: the dunnable items.
    level = policy.level(target)
    overdue_amount = Money.total((e.amount for e in dunnable), currency)
    minimum = level.minimum_for(currency)
    if overdue_amount < minimum:
        return skip(
            "dunning.below_minimum",
            f"overdue {overdue_amount} is below the level {level.number} minimum {minimum}",
            overdue=overdue_amount,
            minimum=minimum,
            level=level.number,
        )

    # The reason for the level leads the list: a reader of the notice's reasons sees first why
    # it went out at this level, then what was left off and what was charged.
    oldest_dunnable = max(e.days_overdue for e in dunnable)
    if target > last_level:
        reasons.insert(
            0,
            Reason.of(
                "dunning.level_reached",
                f"oldest item {oldest_dunnable} days past due reaches level {level.number} "
                f"({level.action.value}, from {level.days_overdue} days); previous level "
                f"{last_level}",
                days_overdue=oldest_dunnable,
                threshold=level.days_overdue,
                level=level.number,
                previous_level=last_level,
            ),
        )
    else:
        reasons.insert(
            0,
            Reason.of(
                "dunning.level_repeated",
                f"the account stays at level {level.number} (days overdue reach level {reached}); "
                f"the last notice was {(as_of - last.sent_on).days if last else 0} days ago",
                level=level.number,
                reached=reached,
                previous_level=last_level,
            ),
        )

    # Lines oldest first, as on a statement of account. Interest runs from each item's due date,
    # not from the end of the grace days: late-payment interest accrues from the day after the
    # agreed payment date (EU Directive 2011/7/EU art. 3(3); UK Late Payment of Commercial Debts
    # (Interest) Act 1998 s.4), and grace days only delay the notice. Each line's interest is
    # rounded and the total is the sum of the lines, so the notice adds up as printed.
    lines = []
    interest_total = Money.zero(currency).round()
    charge_interest = level.charge_interest and policy.annual_interest_rate > 0
    for entry in sorted(dunnable, key=lambda e: (e.item.due_date, e.item.document_id)):
        interest = (
            simple_interest(
                entry.amount,
                policy.annual_interest_rate,
                entry.item.due_date,
                as_of,
                policy.day_count,
            )
            if charge_interest
            else Money.zero(currency).round()
        )
        interest_total += interest
        lines.append(
            NoticeLine(
                entry.item.document_id,
                entry.item.document_date,
                entry.item.due_date,
                entry.days_overdue,
                entry.amount,
                levels_in_play.get(entry.item.document_id, level.number),
                interest,
            )
        )
    # The fee is charged on what the notice asks for, not on items left off it.
    fee = level.fee.amount_for(overdue_amount)
    if fee.is_positive:
        reasons.append(
            Reason.of(
                "dunning.fee",
                f"level {level.number} charges {fee} on {overdue_amount} overdue",
                fee=fee,
                overdue=overdue_amount,
            )
        )
    if charge_interest:
        reasons.append(
            Reason.of(
                "dunning.interest",
                f"{interest_total} interest at {policy.annual_interest_rate} a year "
                f"({policy.day_count.value}) from each item's due date to {as_of}",
                interest=interest_total,
                annual_rate=policy.annual_interest_rate,
            )
        )
    return DunningNotice(
        customer_id,
        currency,
        as_of,
        level,
        tuple(lines),
        fee,
        interest_total,
        tuple(reasons),
        policy.name,
    )
