"""Journal entries for the allowance: true-up, write-off and recovery. Always balanced."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from receivables._decimal import in_context
from receivables._validate import all_of, date_field, non_empty_str, require_money
from receivables.convert import DictForm, PolicyData
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidDocumentError,
)
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = [
    "AccountMap",
    "JournalEntry",
    "JournalLine",
    "WriteOffMethod",
    "allowance_true_up",
    "recovery_entries",
    "write_off_entry",
]


@attrs.frozen
class AccountMap(PolicyData):
    """The general-ledger accounts the entries post to, as the caller's chart of accounts names
    them.

    ``recoveries`` is the income account a recovery credits under the direct write-off method.
    ``discounts_allowed``, ``write_offs``, ``fx_differences`` and ``unapplied_cash`` are the
    accounts cash application posts to (:func:`receivables.cashapp.cash_application_entries`).

    Examples:
        >>> accounts = AccountMap.from_dict({"receivables": "1200", "allowance": "1290",
        ...     "bad_debt_expense": "6100", "cash": "1000", "recoveries": "7050"})
        >>> accounts.allowance
        '1290'
    """

    receivables: str = attrs.field(validator=non_empty_str)
    allowance: str = attrs.field(validator=non_empty_str)
    bad_debt_expense: str = attrs.field(validator=non_empty_str)
    cash: str = attrs.field(validator=non_empty_str)
    recoveries: str = attrs.field(default="bad debt recoveries", validator=non_empty_str)
    discounts_allowed: str = attrs.field(default="discounts allowed", validator=non_empty_str)
    write_offs: str = attrs.field(default="short payments written off", validator=non_empty_str)
    fx_differences: str = attrs.field(
        default="realised exchange differences", validator=non_empty_str
    )
    unapplied_cash: str = attrs.field(default="unapplied cash", validator=non_empty_str)


@attrs.frozen
class JournalLine(DictForm):
    """One line: an account, a debit or a credit (the other zero), a memo, and optionally the
    party (customer) the line is for, as subledger postings carry it.

    Examples:
        >>> JournalLine("1290", Money("0", "USD"), Money("500", "USD"), "allowance").credit
        Money('500', 'USD')
    """

    account: str = attrs.field(validator=non_empty_str)
    debit: Money
    credit: Money
    memo: str = ""
    party: str | None = None

    def __attrs_post_init__(self) -> None:
        require_money(self.debit, "debit")
        require_money(self.credit, "credit")
        if self.debit.currency is not self.credit.currency:
            raise CurrencyMismatchError(
                "a journal line's debit and credit are in different currencies"
            )
        if self.debit.is_negative or self.credit.is_negative:
            raise InvalidAmountError("debits and credits are never negative")
        if not self.debit.is_zero and not self.credit.is_zero:
            raise InvalidAmountError("a journal line is a debit or a credit, not both")


def _lines(value: Iterable[JournalLine]) -> tuple[JournalLine, ...]:
    return all_of(JournalLine, "journal lines", value)


@attrs.frozen
class JournalEntry(DictForm):
    """A balanced journal entry: debits equal credits, in one currency. An unbalanced entry
    cannot be constructed.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> JournalEntry(dt.date(2026, 6, 30), [
        ...     JournalLine("6100", usd("500"), usd("0")),
        ...     JournalLine("1290", usd("0"), usd("400")),
        ... ], "unbalanced")
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidDocumentError: the entry does not balance: debits 500 USD, \
credits 400 USD
    """

    posted_on: dt.date = attrs.field(validator=date_field)
    lines: tuple[JournalLine, ...] = attrs.field(converter=_lines)
    memo: str = ""
    reasons: tuple[Reason, ...] = ()

    def __attrs_post_init__(self) -> None:
        if len(self.lines) < 2:
            raise InvalidDocumentError("a journal entry needs at least two lines")
        currency = self.lines[0].debit.currency
        for line in self.lines:
            if line.debit.currency is not currency:
                raise CurrencyMismatchError("a journal entry's lines are in different currencies")
        if self.total_debits != self.total_credits:
            raise InvalidDocumentError(
                f"the entry does not balance: debits {self.total_debits}, "
                f"credits {self.total_credits}"
            )
        if self.total_debits.is_zero:
            raise InvalidDocumentError("a journal entry moves an amount; this one moves nothing")

    @property
    def currency(self) -> Currency:
        """The entry's currency.

        Examples:
            >>> usd = lambda a: Money(a, "USD")
            >>> JournalEntry(dt.date(2026, 6, 30), [JournalLine("A", usd("1"), usd("0")),
            ...     JournalLine("B", usd("0"), usd("1"))]).currency
            Currency('USD')
        """
        return self.lines[0].debit.currency

    @property
    def total_debits(self) -> Money:
        """The sum of the debits.

        Examples:
            >>> usd = lambda a: Money(a, "USD")
            >>> JournalEntry(dt.date(2026, 6, 30), [JournalLine("A", usd("2"), usd("0")),
            ...     JournalLine("B", usd("0"), usd("2"))]).total_debits
            Money('2', 'USD')
        """
        return Money.total((line.debit for line in self.lines), self.lines[0].debit.currency)

    @property
    def total_credits(self) -> Money:
        """The sum of the credits.

        Examples:
            >>> usd = lambda a: Money(a, "USD")
            >>> JournalEntry(dt.date(2026, 6, 30), [JournalLine("A", usd("2"), usd("0")),
            ...     JournalLine("B", usd("0"), usd("2"))]).total_credits
            Money('2', 'USD')
        """
        return Money.total((line.credit for line in self.lines), self.lines[0].debit.currency)

    def format(self) -> str:
        """The entry as a two-column journal.

        Examples:
            >>> usd = lambda a: Money(a, "USD")
            >>> print(JournalEntry(dt.date(2026, 6, 30), [JournalLine("6100", usd("5"), usd("0")),
            ...     JournalLine("1290", usd("0"), usd("5"))], "true-up").format())
            2026-06-30 true-up
              Dr 6100                       5 USD
                Cr 1290                               5 USD
        """
        rows = [f"{self.posted_on.isoformat()} {self.memo}".rstrip()]
        for line in self.lines:
            if line.debit.is_positive:
                rows.append(f"  Dr {line.account:<20}{line.debit!s:>10}")
            else:
                rows.append(f"    Cr {line.account:<18}{'':10}{line.credit!s:>12}")
        return "\n".join(rows)


def _pair(
    on: dt.date, debit_account: str, credit_account: str, amount: Money, memo: str, reason: Reason
) -> JournalEntry:
    zero = Money.zero(amount.currency)
    return JournalEntry(
        on,
        (
            JournalLine(debit_account, amount, zero, memo),
            JournalLine(credit_account, zero, amount, memo),
        ),
        memo,
        (reason,),
    )


@in_context
def allowance_true_up(
    current_allowance: Money,
    required_allowance: Money,
    *,
    accounts: AccountMap,
    on: dt.date,
) -> JournalEntry | None:
    """The entry that brings the allowance from its booked balance to the required one.

    An increase debits bad-debt expense and credits the allowance; a release does the reverse;
    no entry when they are equal.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> accounts = AccountMap("1200", "1290", "6100", "1000")
        >>> entry = allowance_true_up(usd("45000"), usd("58000"), accounts=accounts,
        ...                           on=dt.date(2026, 6, 30))
        >>> [(l.account, str(l.debit), str(l.credit)) for l in entry.lines]
        [('6100', '13000 USD', '0 USD'), ('1290', '0 USD', '13000 USD')]
    """
    require_money(current_allowance, "current_allowance")
    require_money(required_allowance, "required_allowance")
    if current_allowance.currency is not required_allowance.currency:
        raise CurrencyMismatchError("current and required allowance are in different currencies")
    change = required_allowance - current_allowance
    if change.is_zero:
        return None
    if change.is_positive:
        return _pair(
            on,
            accounts.bad_debt_expense,
            accounts.allowance,
            change,
            "allowance increase",
            Reason.of(
                "allowance.true_up",
                f"the required allowance {required_allowance} exceeds the booked "
                f"{current_allowance}: expense {change}",
                booked=current_allowance,
                required=required_allowance,
            ),
        )
    release = -change
    return _pair(
        on,
        accounts.allowance,
        accounts.bad_debt_expense,
        release,
        "allowance release",
        Reason.of(
            "allowance.true_up",
            f"the required allowance {required_allowance} is below the booked "
            f"{current_allowance}: release {release}",
            booked=current_allowance,
            required=required_allowance,
        ),
    )


class WriteOffMethod(enum.Enum):
    """How bad debts reach the books.

    Examples:
        >>> WriteOffMethod.ALLOWANCE.value
        'allowance'
    """

    ALLOWANCE = "allowance"
    """Write-offs use the allowance built in advance (IFRS 9, ASC 326; the default)."""
    DIRECT = "direct"
    """Write-offs go straight to bad-debt expense (not GAAP for material balances)."""


@in_context
def write_off_entry(
    amount: Money,
    *,
    accounts: AccountMap,
    on: dt.date,
    reference: str = "",
    method: WriteOffMethod = WriteOffMethod.ALLOWANCE,
) -> JournalEntry:
    """Write a receivable off: Dr allowance (or bad-debt expense, direct method) / Cr
    receivables.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> accounts = AccountMap("1200", "1290", "6100", "1000")
        >>> entry = write_off_entry(usd("2400"), accounts=accounts, on=dt.date(2026, 6, 30),
        ...                         reference="INV-7")
        >>> [(l.account, str(l.debit), str(l.credit)) for l in entry.lines]
        [('1290', '2400 USD', '0 USD'), ('1200', '0 USD', '2400 USD')]
    """
    require_money(amount, "amount")
    if not amount.is_positive:
        raise InvalidAmountError(f"a write-off is a positive amount, got {amount}")
    debit = accounts.allowance if method is WriteOffMethod.ALLOWANCE else accounts.bad_debt_expense
    return _pair(
        on,
        debit,
        accounts.receivables,
        amount,
        f"write-off {reference}".strip(),
        Reason.of(
            "allowance.write_off",
            f"{reference or 'receivable'} written off ({method.value} method): {amount}",
            amount=amount,
            method=method.value,
        ),
    )


@in_context
def recovery_entries(
    amount: Money,
    *,
    accounts: AccountMap,
    on: dt.date,
    reference: str = "",
    method: WriteOffMethod = WriteOffMethod.ALLOWANCE,
) -> tuple[JournalEntry, JournalEntry]:
    """Collect a receivable written off earlier: first reinstate it (Dr receivables / Cr
    allowance, or Cr recoveries income under the direct method), then apply the cash (Dr cash /
    Cr receivables).

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> reinstate, cash = recovery_entries(usd("600"),
        ...     accounts=AccountMap("1200", "1290", "6100", "1000"), on=dt.date(2026, 7, 15))
        >>> [(l.account, str(l.debit)) for l in reinstate.lines + cash.lines if l.debit]
        [('1200', '600 USD'), ('1000', '600 USD')]
    """
    require_money(amount, "amount")
    if not amount.is_positive:
        raise InvalidAmountError(f"a recovery is a positive amount, got {amount}")
    credit = accounts.allowance if method is WriteOffMethod.ALLOWANCE else accounts.recoveries
    reinstate = _pair(
        on,
        accounts.receivables,
        credit,
        amount,
        f"reinstate {reference}".strip(),
        Reason.of(
            "allowance.recovery",
            f"{reference or 'receivable'} written off earlier is reinstated: {amount}",
            amount=amount,
        ),
    )
    cash = _pair(
        on,
        accounts.cash,
        accounts.receivables,
        amount,
        f"cash received {reference}".strip(),
        Reason.of(
            "allowance.recovery",
            f"cash applied to the reinstated receivable: {amount}",
            amount=amount,
        ),
    )
    return reinstate, cash
