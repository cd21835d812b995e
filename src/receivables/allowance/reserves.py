"""Specific reserves, pooled estimates, and the allowance roll-forward of the close package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import in_context
from receivables._text import shown
from receivables._validate import require_money
from receivables.aging.buckets import Buckets
from receivables.aging.report import age
from receivables.allowance.matrix import AllowanceResult, Overlay, ProvisionMatrix, provision
from receivables.convert import DataForm, DictForm
from receivables.documents import Customer, OpenItem, open_items
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidPolicyError,
    InvalidTypeError,
    ValidationError,
)
from receivables.explain import Reason
from receivables.money import Currency, Money, to_decimal

__all__ = [
    "AllowanceEstimate",
    "AllowanceRollForward",
    "SpecificLine",
    "SpecificReserve",
    "estimate_allowance",
    "pooled_estimates",
]

_ZERO: Final = Decimal(0)


def _optional_rate(value: Decimal | int | str | None) -> Decimal | None:
    if value is None:
        return None
    rate = to_decimal(value, what="reserve rate")
    if not _ZERO <= rate <= 1:
        raise InvalidPolicyError(f"a reserve rate is a fraction between 0 and 1, got {rate}")
    return rate


@attrs.frozen
class SpecificReserve(DataForm):
    """A reserve for a named account or invoice, individually assessed (bankruptcy, litigation).

    Give ``customer_id`` (every open item of the account) or ``invoice_id`` (one item), and
    either a ``rate`` of its balance or a fixed ``amount`` (capped at the balance), always with
    the ``reason``.

    Examples:
        >>> SpecificReserve(reason="Chapter 11 filing", customer_id="C-9", rate="0.8").rate
        Decimal('0.8')
    """

    reason: str
    customer_id: str | None = None
    invoice_id: str | None = None
    rate: Decimal | None = attrs.field(default=None, converter=_optional_rate)
    amount: Money | None = None

    def __attrs_post_init__(self) -> None:
        if (self.customer_id is None) == (self.invoice_id is None):
            raise InvalidPolicyError("a specific reserve names a customer_id or an invoice_id")
        if (self.rate is None) == (self.amount is None):
            raise InvalidPolicyError("a specific reserve has a rate or an amount")
        if self.amount is not None:
            require_money(self.amount, "amount")
            if self.amount.is_negative:
                raise InvalidAmountError(f"a reserve cannot be negative, got {self.amount}")
        if not self.reason.strip():
            raise InvalidPolicyError("a specific reserve needs its reason")

    def covers(self, item: OpenItem) -> bool:
        """Whether the reserve takes this item out of the pooled estimate.

        Examples:
            >>> from receivables import Invoice
            >>> inv = Invoice("I-1", "C-9", dt.date(2026, 1, 1), Money("5", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> SpecificReserve(reason="x", customer_id="C-9", rate="1").covers(inv)
            True
        """
        if self.invoice_id is not None:
            return item.document_id == self.invoice_id
        return item.customer_id == self.customer_id


@attrs.frozen
class SpecificLine(DictForm):
    """The reserve booked for one specific reserve: the balance it covers and the allowance.

    Examples:
        >>> line = SpecificLine(SpecificReserve(reason="x", invoice_id="I", rate="0.5"),
        ...                     Money("10", "USD"), Money("5.00", "USD"), ("I",))
        >>> line.allowance
        Money('5.00', 'USD')
    """

    reserve: SpecificReserve
    balance: Money
    allowance: Money
    item_ids: tuple[str, ...]


@attrs.frozen
class AllowanceEstimate(DictForm):
    """The allowance for one currency: pooled (the matrix on what is not individually assessed)
    plus specific reserves. No receivable is in both.

    Examples:
        >>> from receivables import Invoice
        >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("100", "USD"),
        ...               due_date=dt.date(2026, 1, 1))
        >>> matrix = ProvisionMatrix({label: "0.1" for label in Buckets.standard().labels})
        >>> estimate = estimate_allowance([inv], dt.date(2026, 1, 1), matrix, currency="USD")
        >>> estimate.specific, estimate.pooled.balance
        ((), Money('100', 'USD'))
    """

    currency: Currency
    pooled: AllowanceResult
    specific: tuple[SpecificLine, ...]
    reasons: tuple[Reason, ...]

    @property
    def total(self) -> Money:
        """Pooled plus specific allowance.

        Examples:
            >>> from receivables import Invoice
            >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("100", "USD"),
            ...               due_date=dt.date(2026, 1, 1))
            >>> estimate_allowance([inv], dt.date(2026, 1, 1),
            ...     ProvisionMatrix({label: "0.1" for label in Buckets.standard().labels}),
            ...     currency="USD").total
            Money('10.00', 'USD')
        """
        return self.pooled.total + Money.total((s.allowance for s in self.specific), self.currency)


@in_context
def estimate_allowance(
    items: Iterable[OpenItem],
    as_of: dt.date,
    matrix: ProvisionMatrix,
    *,
    currency: str | Currency,
    specific: Iterable[SpecificReserve] = (),
    overlay: Overlay | None = None,
    buckets: Buckets | None = None,
) -> AllowanceEstimate:
    """The allowance on open items in one currency: specific reserves for the accounts and
    invoices individually assessed, and the provision matrix on the rest (IFRS 9 B5.5.35; ASC
    326-20-30-2 pools assets with shared risk characteristics and assesses others alone).

    An item covered by a specific reserve is taken out of the pool, so no receivable is reserved
    twice; an invoice-level reserve wins over an account-level one. Credits are not reserved.

    Examples:
        >>> from receivables import Invoice
        >>> usd = lambda a: Money(a, "USD")
        >>> items = [
        ...     Invoice("I-1", "C-1", dt.date(2026, 5, 1), usd("1000"),
        ...             due_date=dt.date(2026, 5, 31)),
        ...     Invoice("I-2", "C-9", dt.date(2026, 3, 1), usd("4000"),
        ...             due_date=dt.date(2026, 3, 31)),
        ... ]
        >>> matrix = ProvisionMatrix({label: rate for label, rate in zip(Buckets.standard().labels,
        ...                          ["0.01", "0.03", "0.08", "0.15", "0.30", "0.60"])})
        >>> estimate = estimate_allowance(
        ...     items, dt.date(2026, 6, 30), matrix, currency="USD",
        ...     specific=[SpecificReserve(reason="in administration", customer_id="C-9",
        ...                               rate="0.75")])
        >>> estimate.pooled.total, [str(s.allowance) for s in estimate.specific], estimate.total
        (Money('30.00', 'USD'), ['3000.00 USD'], Money('3030.00', 'USD'))
    """
    cur = Currency(currency)
    reserves = list(specific)
    for reserve in reserves:
        if not isinstance(reserve, SpecificReserve):
            raise InvalidTypeError(
                f"specific reserves must be SpecificReserve, got {shown(reserve)}"
            )
        if reserve.amount is not None and reserve.amount.currency is not cur:
            raise CurrencyMismatchError(
                f"a reserve in {reserve.amount.currency} for a {cur} estimate"
            )
    pooled_items: list[OpenItem] = []
    covered: dict[int, list[OpenItem]] = {index: [] for index in range(len(reserves))}
    by_invoice = [i for i, r in enumerate(reserves) if r.invoice_id is not None]
    by_customer = [i for i, r in enumerate(reserves) if r.customer_id is not None]
    for item in open_items(items):
        balance = item.open_balance
        if balance.currency is not cur or not balance.is_positive:
            continue
        owner = next((i for i in by_invoice if reserves[i].covers(item)), None)
        if owner is None:
            owner = next((i for i in by_customer if reserves[i].covers(item)), None)
        if owner is None:
            pooled_items.append(item)
        else:
            covered[owner].append(item)
    report = age(pooled_items, as_of, buckets)
    balances = (
        report.bucket_totals(cur)
        if report.rows
        else {label: Money.zero(cur) for label in report.labels}
    )
    pooled = provision(balances, matrix, overlay=overlay, currency=cur)
    lines = []
    reasons: list[Reason] = []
    for index, reserve in enumerate(reserves):
        members = covered[index]
        balance = Money.total((i.open_balance for i in members), cur)
        if reserve.rate is not None:
            allowance = (balance * reserve.rate).round()
        else:
            assert reserve.amount is not None
            allowance = min(reserve.amount, balance).round()
        ids = tuple(sorted(i.document_id for i in members))
        lines.append(SpecificLine(reserve, balance, allowance, ids))
        who = reserve.invoice_id or reserve.customer_id
        reasons.append(
            Reason.of(
                "allowance.specific_reserve",
                f"{who}: {allowance} reserved on {balance} ({reserve.reason}); "
                "taken out of the pool",
                balance=balance,
                allowance=allowance,
                items=len(ids),
            )
        )
    return AllowanceEstimate(cur, pooled, tuple(lines), tuple(reasons) + pooled.reasons)


@in_context
def pooled_estimates(
    items: Iterable[OpenItem],
    as_of: dt.date,
    matrices: Mapping[str, ProvisionMatrix],
    *,
    currency: str | Currency,
    customers: Iterable[Customer],
    pool_by: str | Callable[[Customer], str | None],
    specific: Iterable[SpecificReserve] = (),
    default: ProvisionMatrix | None = None,
) -> dict[str | None, AllowanceEstimate]:
    """One estimate per pool of customers sharing a risk characteristic (region, segment, risk
    class, ...), each with its own matrix (ASC 326-20-30-2). Items of customers outside every
    listed pool (or unknown) use ``default``; a pool with no matrix and no default is an error.

    Examples:
        >>> from receivables import Customer, Invoice
        >>> usd = lambda a: Money(a, "USD")
        >>> people = [Customer("C-1", "A", "USD", risk_class="A"),
        ...           Customer("C-2", "B", "USD", risk_class="D")]
        >>> items = [Invoice(f"I-{n}", c, dt.date(2026, 6, 1), usd("1000"),
        ...                  due_date=dt.date(2026, 6, 30)) for n, c in ((1, "C-1"), (2, "C-2"))]
        >>> labels = Buckets.standard().labels
        >>> matrices = {"A": ProvisionMatrix({l: "0.01" for l in labels}),
        ...             "D": ProvisionMatrix({l: "0.10" for l in labels})}
        >>> pools = pooled_estimates(items, dt.date(2026, 6, 30), matrices, currency="USD",
        ...                          customers=people, pool_by="risk_class")
        >>> {pool: str(estimate.total) for pool, estimate in pools.items()}
        {'A': '10.00 USD', 'D': '100.00 USD'}
    """
    people = {c.id: c for c in customers}
    if isinstance(pool_by, str):
        attribute = pool_by

        def pick(customer: Customer) -> str | None:
            value = getattr(customer, attribute)
            return None if value is None else str(value)

        chooser: Callable[[Customer], str | None] = pick
    else:
        chooser = pool_by
    grouped: dict[str | None, list[OpenItem]] = {}
    for item in open_items(items):
        customer = people.get(item.customer_id or "")
        pool = chooser(customer) if customer is not None else None
        grouped.setdefault(pool, []).append(item)
    reserves = list(specific)
    estimates = {}
    for pool in sorted(grouped, key=lambda p: (p is None, p or "")):
        matrix = matrices.get(pool, default) if pool is not None else default
        if matrix is None:
            raise ValidationError(f"no provision matrix for pool {shown(pool)}")
        estimates[pool] = estimate_allowance(
            grouped[pool], as_of, matrix, currency=currency, specific=reserves
        )
    return estimates


@attrs.frozen
class AllowanceRollForward(DictForm):
    """Beginning balance + provision expense - write-offs + recoveries = ending balance.

    Build with :meth:`derive` (the expense that brings the allowance to the required ending
    balance) or directly; a roll-forward that does not tie cannot be built.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> roll = AllowanceRollForward.derive(beginning=usd("50000"), ending=usd("58000"),
        ...                                    write_offs=usd("12000"), recoveries=usd("1500"))
        >>> roll.provision_expense
        Money('18500', 'USD')
        >>> print(roll.statement())
        Allowance, beginning          50000 USD
        Provision expense             18500 USD
        Write-offs                   -12000 USD
        Recoveries                     1500 USD
        Allowance, ending             58000 USD
    """

    beginning: Money
    provision_expense: Money
    write_offs: Money
    recoveries: Money
    ending: Money

    def __attrs_post_init__(self) -> None:
        currency = self.beginning.currency
        for name in ("provision_expense", "write_offs", "recoveries", "ending"):
            value = require_money(getattr(self, name), name)
            if value.currency is not currency:
                raise CurrencyMismatchError(f"{name} is in {value.currency}, not {currency}")
        for name in ("beginning", "write_offs", "recoveries", "ending"):
            if getattr(self, name).is_negative:
                raise InvalidAmountError(f"{name} cannot be negative")
        tied = self.beginning + self.provision_expense - self.write_offs + self.recoveries
        if tied != self.ending:
            raise InvalidAmountError(
                f"the roll-forward does not tie: {self.beginning} + {self.provision_expense} - "
                f"{self.write_offs} + {self.recoveries} = {tied}, not {self.ending}"
            )

    @classmethod
    def derive(
        cls, *, beginning: Money, ending: Money, write_offs: Money, recoveries: Money
    ) -> AllowanceRollForward:
        """The roll-forward whose provision expense brings ``beginning`` to ``ending``.

        Examples:
            >>> usd = lambda a: Money(a, "USD")
            >>> AllowanceRollForward.derive(beginning=usd("10"), ending=usd("4"),
            ...     write_offs=usd("1"), recoveries=usd("0")).provision_expense
            Money('-5', 'USD')
        """
        expense = ending - beginning + write_offs - recoveries
        return cls(beginning, expense, write_offs, recoveries, ending)

    def statement(self) -> str:
        """The roll-forward as the close package prints it.

        Examples:
            >>> usd = lambda a: Money(a, "USD")
            >>> AllowanceRollForward.derive(beginning=usd("1"), ending=usd("1"),
            ...     write_offs=usd("0"), recoveries=usd("0")).statement().splitlines()[0]
            'Allowance, beginning              1 USD'
        """
        rows = (
            ("Allowance, beginning", self.beginning),
            ("Provision expense", self.provision_expense),
            ("Write-offs", -self.write_offs),
            ("Recoveries", self.recoveries),
            ("Allowance, ending", self.ending),
        )
        return "\n".join(f"{label:<24}{amount!s:>18}" for label, amount in rows)
