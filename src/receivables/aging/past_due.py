"""The weekly past-due report and the movement between two aging snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final, TypeVar

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import require_decimal_in
from receivables.aging.report import AgingReport, AgingRow
from receivables.convert import DictForm
from receivables.errors import InvalidDateError, InvalidTypeError, MergeError, ValidationError
from receivables.explain import Reason
from receivables.money import Currency, Money, to_decimal

__all__ = [
    "AccountMovement",
    "AgingComparison",
    "BucketMovement",
    "CurrencyMovement",
    "CurrencyPastDue",
    "DelinquentAccount",
    "PastDueReport",
    "compare",
    "past_due_report",
]

_ZERO: Final = Decimal(0)


SectionT = TypeVar("SectionT", "CurrencyPastDue", "CurrencyMovement")


def _section(sections: tuple[SectionT, ...], code: str | Currency, where: str) -> SectionT:
    cur = Currency(code)
    for entry in sections:
        if entry.currency is cur:
            return entry
    raise ValidationError(f"no {cur} items {where}")


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return CONTEXT.divide(part, whole) if whole > 0 else _ZERO


def _percent(share: Decimal) -> str:
    return f"{share * 100:.1f}%"


@attrs.frozen
class DelinquentAccount(DictForm):
    """A customer in the top past-due list, with its buckets and its oldest item's bucket.

    ``share`` is the account's fraction of the currency's past-due total.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.aging import age
        >>> inv = Invoice("I", "C-1", dt.date(2026, 1, 1), Money("90", "USD"),
        ...               due_date=dt.date(2026, 1, 1))
        >>> report = past_due_report(age([inv], dt.date(2026, 3, 1)))
        >>> account = report.currency("USD").top_accounts[0]
        >>> account.customer_id, account.past_due, account.oldest_bucket, account.share
        ('C-1', Money('90', 'USD'), '31-60', Decimal('1'))
    """

    rank: int
    customer_id: str | None
    segment: str | None
    past_due: Money
    total: Money
    oldest_bucket: str | None
    share: Decimal
    row: AgingRow = attrs.field(repr=False)
    reasons: tuple[Reason, ...] = ()


@attrs.frozen
class CurrencyPastDue(DictForm):
    """The past-due picture in one currency.

    ``past_due_share`` is past due over the total open balance; ``concentration`` the share of
    the past-due total held by the ``top_accounts``. Shares are fractions (0.25 is 25%).

    Examples:
        >>> import datetime as dt
        >>> from receivables.samples import sample_portfolio
        >>> from receivables.aging import age
        >>> book = sample_portfolio(seed=1, customers=60, as_of=dt.date(2026, 6, 30))
        >>> usd = past_due_report(age(book.open_items(), book.as_of), top=5).currency("USD")
        >>> usd.past_due <= usd.total and len(usd.top_accounts) <= 5
        True
    """

    currency: Currency
    total: Money
    current: Money
    past_due: Money
    past_due_share: Decimal
    disputed: Money
    accounts_past_due: int
    top_accounts: tuple[DelinquentAccount, ...]
    concentration: Decimal
    reasons: tuple[Reason, ...]


@attrs.frozen
class PastDueReport(DictForm):
    """What is past due, by currency, with the top delinquent accounts and their concentration.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.aging import age
        >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("90", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> report = past_due_report(age([inv], dt.date(2026, 3, 1)), top=5)
        >>> report.currencies, report.currency("USD").past_due
        ((Currency('USD'),), Money('90', 'USD'))
    """

    as_of: dt.date
    top: int
    by_currency: tuple[CurrencyPastDue, ...]
    concentration_alert: Decimal = Decimal("0.5")

    @in_context
    def merge(self, other: PastDueReport) -> PastDueReport:
        """This report and ``other``, built from the aging of disjoint sets of customers, as
        one: what :func:`past_due_report` gives on the merged aging report.

        Totals, current, past due, disputed and the count of accounts past due add up; the top
        accounts are the best ``top`` of both lists (each part's list holds every account of
        the whole's top list that belongs to it), re-ranked, with shares and the concentration
        computed anew. Both must share the date, ``top`` and the alert; an account in both is a
        :class:`~receivables.errors.MergeError` (partition by customer). Associative and
        commutative.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> day, as_of = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
            >>> a = Invoice("I-1", "C-1", day, Money("70", "USD"), due_date=day)
            >>> b = Invoice("I-2", "C-2", day, Money("30", "USD"), due_date=day)
            >>> merged = past_due_report(age([a], as_of)).merge(past_due_report(age([b], as_of)))
            >>> merged == past_due_report(age([a, b], as_of))
            True
        """
        if not isinstance(other, PastDueReport):
            raise InvalidTypeError(f"can merge a PastDueReport only, got {type(other).__name__}")
        for name in ("as_of", "top", "concentration_alert"):
            if getattr(other, name) != getattr(self, name):
                raise MergeError(
                    f"past-due reports with different {name} do not merge: "
                    f"{shown(getattr(self, name))} and {shown(getattr(other, name))}"
                )
        mine = {entry.currency: entry for entry in self.by_currency}
        theirs = {entry.currency: entry for entry in other.by_currency}
        sections = []
        for currency in sorted(mine.keys() | theirs.keys()):
            parts = [entry for entry in (mine.get(currency), theirs.get(currency)) if entry]
            if len(parts) == 1:
                sections.append(parts[0])
                continue
            left, right = parts
            seen = {account.customer_id for account in left.top_accounts}
            for account in right.top_accounts:
                if account.customer_id in seen:
                    raise MergeError(
                        f"customer {shown(account.customer_id)} is in both past-due reports in "
                        f"{currency}: merge reports of disjoint customers"
                    )
            rows = [account.row for account in (*left.top_accounts, *right.top_accounts)]
            sections.append(
                _currency_section(
                    currency,
                    left.total + right.total,
                    left.current + right.current,
                    left.past_due + right.past_due,
                    left.disputed + right.disputed,
                    left.accounts_past_due + right.accounts_past_due,
                    rows,
                    self.top,
                    self.concentration_alert,
                )
            )
        return PastDueReport(self.as_of, self.top, tuple(sections), self.concentration_alert)

    @property
    def currencies(self) -> tuple[Currency, ...]:
        """The currencies reported, sorted by code.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> items = [Invoice(f"I-{code}", "C-1", dt.date(2026, 1, 1), Money("10", code),
            ...                  due_date=dt.date(2026, 1, 31)) for code in ("USD", "EUR")]
            >>> past_due_report(age(items, dt.date(2026, 3, 1))).currencies
            (Currency('EUR'), Currency('USD'))
        """
        return tuple(entry.currency for entry in self.by_currency)

    def currency(self, code: str | Currency) -> CurrencyPastDue:
        """The section for one currency; a currency not in the report is a clear error.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("90", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> past_due_report(age([inv], dt.date(2026, 3, 1))).currency("USD").accounts_past_due
            1
        """
        return _section(self.by_currency, code, "in the past-due report")


@in_context
def past_due_report(
    report: AgingReport,
    *,
    top: int = 10,
    concentration_alert: Decimal | str = "0.5",
) -> PastDueReport:
    """The weekly past-due report from an aging report.

    Per currency: the total, current and past-due amounts, the past-due share, the disputed
    amount, how many accounts are past due, the ``top`` accounts by past-due amount (ties by
    customer id) with their buckets and oldest bucket, and the concentration: the share of the
    past-due total those accounts hold. When the concentration reaches ``concentration_alert``
    (a fraction from 0 to 1, default one half) the section carries an
    ``aging.past_due_concentration`` reason: a few accounts hold most of the risk.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.aging import age
        >>> items = [
        ...     Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("900", "USD"),
        ...             due_date=dt.date(2026, 1, 31)),
        ...     Invoice("I-2", "C-2", dt.date(2026, 3, 1), Money("100", "USD"),
        ...             due_date=dt.date(2026, 3, 2)),
        ...     Invoice("I-3", "C-3", dt.date(2026, 3, 1), Money("500", "USD"),
        ...             due_date=dt.date(2026, 4, 30)),
        ... ]
        >>> usd = past_due_report(age(items, dt.date(2026, 3, 20)), top=1).currency("USD")
        >>> usd.past_due, usd.past_due_share, usd.concentration
        (Money('1000', 'USD'), Decimal('0.6666666666666666666666666666666667'), Decimal('0.9'))
        >>> [r.code for r in usd.reasons]
        ['aging.past_due_concentration']
    """
    if not isinstance(report, AgingReport):
        raise InvalidTypeError(f"past_due_report needs an AgingReport, got {type(report).__name__}")
    if type(top) is not int or top < 1:
        raise ValidationError(f"top must be a positive int, got {shown(top)}")
    alert = require_decimal_in(
        to_decimal(concentration_alert, what="concentration_alert"), "concentration_alert", 0, 1
    )
    sections = []
    for currency in report.currencies:
        delinquent = [row for row in report.rows_in(currency) if row.past_due.is_positive]
        sections.append(
            _currency_section(
                currency,
                report.total(currency),
                report.bucket_totals(currency)[report.labels[0]],
                report.past_due(currency),
                report.disputed(currency),
                len(delinquent),
                delinquent,
                top,
                alert,
            )
        )
    return PastDueReport(report.as_of, top, tuple(sections), alert)


def _currency_section(
    currency: Currency,
    total: Money,
    current: Money,
    past_due: Money,
    disputed: Money,
    accounts_past_due: int,
    delinquent: list[AgingRow],
    top: int,
    alert: Decimal,
) -> CurrencyPastDue:
    delinquent.sort(key=lambda r: (-r.past_due.amount, r.customer_id is None, r.customer_id or ""))
    leaders = []
    for rank, row in enumerate(delinquent[:top], start=1):
        share = _share(row.past_due.amount, past_due.amount)
        leaders.append(
            DelinquentAccount(
                rank,
                row.customer_id,
                row.segment,
                row.past_due,
                row.total,
                row.oldest_bucket,
                share,
                row,
                (
                    Reason.of(
                        "aging.top_delinquent",
                        f"rank {rank} by past-due amount: {row.past_due}, "
                        f"{_percent(share)} of {currency} past due, oldest in "
                        f"{row.oldest_bucket}",
                        rank=rank,
                        past_due=row.past_due,
                        share=share,
                    ),
                ),
            )
        )
    held = Money.total((a.past_due for a in leaders), currency)
    concentration = _share(held.amount, past_due.amount)
    reasons: list[Reason] = []
    if leaders and concentration >= alert:
        reasons.append(
            Reason.of(
                "aging.past_due_concentration",
                f"the top {len(leaders)} accounts hold {_percent(concentration)} of "
                f"{currency} past due ({held} of {past_due}), at or above the "
                f"{_percent(alert)} alert",
                accounts=len(leaders),
                held=held,
                past_due=past_due,
                concentration=concentration,
                alert=alert,
            )
        )
    return CurrencyPastDue(
        currency,
        total,
        current,
        past_due,
        _share(past_due.amount, total.amount),
        disputed,
        accounts_past_due,
        tuple(leaders),
        concentration,
        tuple(reasons),
    )


@attrs.frozen
class BucketMovement(DictForm):
    """One bucket's amount in the previous and the current snapshot.

    Examples:
        >>> m = BucketMovement("1-30", Money("10", "USD"), Money("4", "USD"))
        >>> m.change
        Money('-6', 'USD')
    """

    label: str
    previous: Money
    current: Money

    @property
    def change(self) -> Money:
        """Current minus previous.

        Examples:
            >>> BucketMovement("Current", Money("1", "EUR"), Money("3", "EUR")).change
            Money('2', 'EUR')
        """
        return self.current - self.previous


@attrs.frozen
class AccountMovement(DictForm):
    """A customer whose past-due position changed between the snapshots.

    Examples:
        >>> AccountMovement("C-1", Money("0", "USD"), Money("50", "USD"), None, "1-30").change
        Money('50', 'USD')
    """

    customer_id: str | None
    previous_past_due: Money
    current_past_due: Money
    previous_oldest: str | None
    current_oldest: str | None

    @property
    def change(self) -> Money:
        """Current past due minus previous past due.

        Examples:
            >>> AccountMovement("C", Money("5", "USD"), Money("0", "USD"), "1-30", None).change
            Money('-5', 'USD')
        """
        return self.current_past_due - self.previous_past_due


@attrs.frozen
class CurrencyMovement(DictForm):
    """The movement in one currency between two snapshots.

    ``roll_forward`` gives, for each bucket but the last, the share of its previous amount that
    the next bucket holds now (``None`` when the previous amount was zero): when the snapshots
    are one bucket width apart (30 days for the standard buckets) this is the roll rate.
    ``new_delinquencies`` are customers with nothing past due before and something now,
    ``cures`` the reverse, ``worsened`` those still past due whose oldest item moved to an older
    bucket; each list is ordered by the size of the change, largest first.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.aging import age
        >>> inv = Invoice("I", "C-1", dt.date(2026, 1, 1), Money("80", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> before, after = age([inv], dt.date(2026, 1, 31)), age([inv], dt.date(2026, 2, 28))
        >>> usd = compare(before, after).currency("USD")
        >>> [a.customer_id for a in usd.new_delinquencies], usd.roll_forward[0]
        (['C-1'], ('Current', '1-30', Decimal('1')))
    """

    currency: Currency
    buckets: tuple[BucketMovement, ...]
    roll_forward: tuple[tuple[str, str, Decimal | None], ...]
    new_delinquencies: tuple[AccountMovement, ...]
    cures: tuple[AccountMovement, ...]
    worsened: tuple[AccountMovement, ...]
    reasons: tuple[Reason, ...]

    @property
    def previous_total(self) -> Money:
        """The previous snapshot's bucket total (credits excluded).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("8", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> move = compare(age([inv], dt.date(2026, 1, 1)), age([], dt.date(2026, 2, 1)))
            >>> move.currency("USD").previous_total, move.currency("USD").current_total
            (Money('8', 'USD'), Money('0', 'USD'))
        """
        return Money.total((b.previous for b in self.buckets), self.currency)

    @property
    def current_total(self) -> Money:
        """The current snapshot's bucket total (credits excluded).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> inv = Invoice("I", "C", dt.date(2026, 1, 1), Money("8", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> compare(age([], dt.date(2026, 1, 1)),
            ...         age([inv], dt.date(2026, 2, 1))).currency("USD").current_total
            Money('8', 'USD')
        """
        return Money.total((b.current for b in self.buckets), self.currency)


@attrs.frozen
class AgingComparison(DictForm):
    """The movement between two aging snapshots, per currency.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice
        >>> from receivables.aging import age
        >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("80", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> movement = compare(age([inv], dt.date(2026, 1, 31)), age([inv], dt.date(2026, 2, 28)))
        >>> movement.previous_as_of, movement.currencies
        (datetime.date(2026, 1, 31), (Currency('USD'),))
    """

    previous_as_of: dt.date
    current_as_of: dt.date
    by_currency: tuple[CurrencyMovement, ...]

    @property
    def currencies(self) -> tuple[Currency, ...]:
        """The currencies in either snapshot.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> usd = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("80", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> eur = Invoice("I-2", "C-2", dt.date(2026, 2, 1), Money("50", "EUR"),
            ...               due_date=dt.date(2026, 3, 3))
            >>> before, after = age([usd], dt.date(2026, 1, 31)), age([eur], dt.date(2026, 3, 31))
            >>> compare(before, after).currencies
            (Currency('EUR'), Currency('USD'))
        """
        return tuple(entry.currency for entry in self.by_currency)

    def currency(self, code: str | Currency) -> CurrencyMovement:
        """The movement in one currency; a currency in neither snapshot is a clear error.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice
            >>> from receivables.aging import age
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("80", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> movement = compare(age([], dt.date(2026, 1, 31)), age([inv], dt.date(2026, 2, 28)))
            >>> movement.currency("USD").current_total
            Money('80', 'USD')
        """
        return _section(self.by_currency, code, "in either snapshot")


def _by_customer(rows: Sequence[AgingRow]) -> dict[str | None, AgingRow]:
    return {row.customer_id: row for row in rows}


@in_context
def compare(previous: AgingReport, current: AgingReport) -> AgingComparison:
    """The movement between two aging snapshots of the same buckets, per currency.

    Bucket by bucket, previous against current; the roll-forward share of each bucket into the
    next; and the accounts that became delinquent, were cured, or worsened (see
    :class:`CurrencyMovement`). Reasons state the totals behind each judgement.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.aging import age
        >>> old = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("100", "USD"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> new = Invoice("I-2", "C-2", dt.date(2026, 2, 1), Money("40", "USD"),
        ...               due_date=dt.date(2026, 2, 10))
        >>> before = age([old], dt.date(2026, 2, 15))
        >>> after = age([new], dt.date(2026, 3, 15))  # C-1 paid, C-2 is late
        >>> usd = compare(before, after).currency("USD")
        >>> [a.customer_id for a in usd.cures], [a.customer_id for a in usd.new_delinquencies]
        (['C-1'], ['C-2'])
    """
    for name, value in (("previous", previous), ("current", current)):
        if not isinstance(value, AgingReport):
            raise InvalidTypeError(f"{name} must be an AgingReport, got {type(value).__name__}")
    if previous.buckets != current.buckets:
        raise ValidationError(
            f"the snapshots use different buckets: {previous.labels} and {current.labels}"
        )
    if previous.basis is not current.basis:
        raise ValidationError("the snapshots are aged on different bases")
    if current.as_of < previous.as_of:
        raise InvalidDateError(
            f"the current snapshot ({current.as_of}) precedes the previous ({previous.as_of})"
        )
    labels = current.labels
    movements = []
    for cur in sorted(set(previous.currencies) | set(current.currencies)):
        before_totals = previous.bucket_totals(cur)
        after_totals = current.bucket_totals(cur)
        buckets = tuple(
            BucketMovement(label, before_totals[label], after_totals[label]) for label in labels
        )
        roll = tuple(
            (
                labels[i],
                labels[i + 1],
                CONTEXT.divide(after_totals[labels[i + 1]].amount, before_totals[labels[i]].amount)
                if before_totals[labels[i]].is_positive
                else None,
            )
            for i in range(len(labels) - 1)
        )
        before_rows = _by_customer(previous.rows_in(cur))
        after_rows = _by_customer(current.rows_in(cur))
        zero = Money.zero(cur)
        new, cured, worse = [], [], []
        rank = {label: index for index, label in enumerate(labels)}
        for customer_id in set(before_rows) | set(after_rows):
            before_row, after_row = before_rows.get(customer_id), after_rows.get(customer_id)
            was = before_row.past_due if before_row else zero
            now = after_row.past_due if after_row else zero
            was_oldest = before_row.oldest_bucket if before_row else None
            now_oldest = after_row.oldest_bucket if after_row else None
            movement = AccountMovement(customer_id, was, now, was_oldest, now_oldest)
            if not was.is_positive and now.is_positive:
                new.append(movement)
            elif was.is_positive and not now.is_positive:
                cured.append(movement)
            elif (
                was.is_positive
                and was_oldest is not None
                and now_oldest is not None
                and rank[now_oldest] > rank[was_oldest]
            ):
                worse.append(movement)

        def order(m: AccountMovement) -> tuple[Decimal, bool, str]:
            return (-abs(m.change.amount), m.customer_id is None, m.customer_id or "")

        new.sort(key=order)
        cured.sort(key=order)
        worse.sort(key=order)
        reasons = []
        if new:
            amount = Money.total((m.current_past_due for m in new), cur)
            reasons.append(
                Reason.of(
                    "aging.new_delinquency",
                    f"{len(new)} accounts became past due, {amount} in all",
                    accounts=len(new),
                    amount=amount,
                )
            )
        if cured:
            amount = Money.total((m.previous_past_due for m in cured), cur)
            reasons.append(
                Reason.of(
                    "aging.cured",
                    f"{len(cured)} accounts are no longer past due, {amount} cleared",
                    accounts=len(cured),
                    amount=amount,
                )
            )
        movements.append(
            CurrencyMovement(
                cur, buckets, roll, tuple(new), tuple(cured), tuple(worse), tuple(reasons)
            )
        )
    return AgingComparison(previous.as_of, current.as_of, tuple(movements))
