"""The values of cash application: remittances, the matching policy, applications, outcomes."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final, Protocol

import attrs

from receivables._text import shown
from receivables._validate import (
    all_of,
    amount_in,
    days_field,
    exact_number,
    fraction_field,
    int_field,
    money_tuple,
)
from receivables.convert import PolicyData
from receivables.documents import Customer, Payment
from receivables.errors import InvalidTypeError
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = [
    "Application",
    "CashApplicationResult",
    "MatchPolicy",
    "MatchStatus",
    "PayerIdentification",
    "PayerMatch",
    "PaymentOutcome",
    "Remittance",
    "RemittanceLine",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
MAX_COMBINATION_SIZE: Final = 12
"""The most invoices an amount-only match may combine."""
MAX_SEARCH_BUDGET: Final = 10_000_000
"""The most search steps an amount-only match may spend (a few seconds at most)."""
_DEFAULT_WRITE_OFF_LIMITS: Final = tuple(
    Money("10.00", code) for code in ("USD", "EUR", "GBP", "CAD")
)


def _optional_money(value: Money | None) -> Money | None:
    if value is not None and not isinstance(value, Money):
        raise InvalidTypeError(f"expected Money or None, got {type(value).__name__}")
    return value


@attrs.frozen
class RemittanceLine:
    """One line of a remittance advice: the document paid, and optionally how much and what
    discount the payer took.

    Examples:
        >>> RemittanceLine("INV-1001", Money("980.00", "USD"), Money("20.00", "USD")).reference
        'INV-1001'
    """

    reference: str
    amount: Money | None = attrs.field(default=None, converter=_optional_money)
    discount: Money | None = attrs.field(default=None, converter=_optional_money)


def _lines(value: Iterable[RemittanceLine]) -> tuple[RemittanceLine, ...]:
    return all_of(RemittanceLine, "remittance lines", value)


@attrs.frozen
class Remittance:
    """The payer's list of what a payment pays (the remittance advice).

    Examples:
        >>> advice = Remittance("PAY-1", [RemittanceLine("INV-1"), RemittanceLine("INV-2")])
        >>> [line.reference for line in advice.lines]
        ['INV-1', 'INV-2']
    """

    payment_id: str
    lines: tuple[RemittanceLine, ...] = attrs.field(converter=_lines)


@attrs.frozen
class MatchPolicy(PolicyData):
    """How sure the engine must be, and how it treats differences.

    * ``auto_match_confidence``: the least confidence for ``MATCHED`` (default 0.9); below it a
      payment with candidates is an ``EXCEPTION`` for a person.
    * ``discount_grace_days``: days past a discount deadline a discount is still honoured
      (0 to 366).
    * ``write_off_rate`` and ``write_off_limits``: a short payment is written off when the
      difference is at most this fraction of the open amount *and* at most the limit for the
      currency (when one is given); beyond, it is applied and the rest left open as a deduction.
    * ``max_combination_size`` and ``search_budget``: how many invoices an amount-only match
      may combine, and how many search steps it may spend; a search that runs out of budget is
      not trusted. At most 12 invoices and 10,000,000 steps: the search is exponential in the
      combination size, and the budget is what bounds its time.
    * ``near_misses``: accept a reference with one wrong or two swapped characters when it is
      the only candidate and the amount agrees.
    * ``prefer_oldest``: when several invoices (or combinations) of the same size fit an amount
      exactly, take the oldest instead of raising an exception (off by default: precision
      first).

    Examples:
        >>> policy = MatchPolicy.from_dict({"auto_match_confidence": "0.95",
        ...                                 "write_off_limits": ["5.00 USD"]})
        >>> policy.write_off_limit(Currency("USD"))
        Money('5.00', 'USD')
    """

    auto_match_confidence: Decimal = attrs.field(
        default=Decimal("0.9"), converter=exact_number, validator=fraction_field
    )
    discount_grace_days: int = attrs.field(default=5, validator=days_field(0, 366))
    write_off_rate: Decimal = attrs.field(
        default=Decimal("0.01"), converter=exact_number, validator=fraction_field
    )
    write_off_limits: tuple[Money, ...] = attrs.field(
        default=_DEFAULT_WRITE_OFF_LIMITS, converter=money_tuple
    )
    max_combination_size: int = attrs.field(default=4, validator=int_field(0, MAX_COMBINATION_SIZE))
    search_budget: int = attrs.field(default=50_000, validator=int_field(0, MAX_SEARCH_BUDGET))
    near_misses: bool = True
    prefer_oldest: bool = False

    def write_off_limit(self, currency: Currency) -> Money | None:
        """The absolute write-off limit for ``currency``, if one is set.

        Examples:
            >>> policy = MatchPolicy(write_off_limits=[Money("5.00", "USD")])
            >>> policy.write_off_limit(Currency("USD"))
            Money('5.00', 'USD')
        """
        return amount_in(self.write_off_limits, currency)


class MatchStatus(enum.Enum):
    """What became of a payment.

    Examples:
        >>> MatchStatus.MATCHED.value
        'matched'
    """

    MATCHED = "matched"
    """Applied in full with enough confidence to post without a person."""
    PARTIAL = "partial"
    """Part applied with confidence; the rest stays unapplied (on account)."""
    UNAPPLIED = "unapplied"
    """Nothing to go on: the cash stays unapplied."""
    EXCEPTION = "exception"
    """Candidates found but not certain enough: a person decides. Nothing is applied."""


@attrs.frozen
class Application:
    """Cash applied to one open item, with the discount taken and any small write-off.

    ``amount`` is cash (negative when a credit memo is used up in the payment);
    ``cash + discount + write_off`` never exceeds the item's open amount. A short payment left
    open carries a ``deduction_reason``. ``fx_difference`` is the realised exchange difference
    in the functional currency, when rates were given.

    Examples:
        >>> app = Application("INV-1", Money("98.00", "USD"), Money("2.00", "USD"))
        >>> app.settled
        Money('100.00', 'USD')
    """

    invoice_id: str
    amount: Money
    discount: Money
    write_off: Money | None = None
    deduction_reason: str | None = None
    deduction: Money | None = None
    fx_difference: Money | None = None

    @property
    def settled(self) -> Money:
        """What the application takes off the item: cash plus discount plus write-off.

        Examples:
            >>> Application("I", Money("5", "EUR"), Money("0", "EUR"), Money("0.10", "EUR")).settled
            Money('5.10', 'EUR')
        """
        total = self.amount + self.discount
        return total + self.write_off if self.write_off is not None else total


@attrs.frozen
class PaymentOutcome:
    """What the engine decided for one payment, and why.

    Examples:
        >>> outcome = PaymentOutcome("PAY-1", MatchStatus.UNAPPLIED, (), Money("5", "USD"),
        ...                          Decimal(0), ())
        >>> outcome.applied
        Money('0', 'USD')
    """

    payment_id: str
    status: MatchStatus
    applications: tuple[Application, ...]
    unapplied: Money
    confidence: Decimal
    reasons: tuple[Reason, ...]

    @property
    def applied(self) -> Money:
        """The cash applied (the payment less what stays unapplied).

        Examples:
            >>> PaymentOutcome("P", MatchStatus.MATCHED,
            ...     (Application("I", Money("5", "USD"), Money("0", "USD")),),
            ...     Money("0", "USD"), Decimal("0.99"), ()).applied
            Money('5', 'USD')
        """
        return Money.total((a.amount for a in self.applications), self.unapplied.currency)

    @property
    def invoice_ids(self) -> tuple[str, ...]:
        """The items the payment was applied to.

        Examples:
            >>> PaymentOutcome("P", MatchStatus.MATCHED,
            ...     (Application("I-1", Money("5", "USD"), Money("0", "USD")),),
            ...     Money("0", "USD"), Decimal("0.99"), ()).invoice_ids
            ('I-1',)
        """
        return tuple(a.invoice_id for a in self.applications)


@attrs.frozen
class CashApplicationResult:
    """One outcome per payment, in the order the payments were given.

    Examples:
        >>> result = CashApplicationResult(())
        >>> result.counts()
        {'matched': 0, 'partial': 0, 'unapplied': 0, 'exception': 0}
    """

    outcomes: tuple[PaymentOutcome, ...]

    def counts(self) -> dict[str, int]:
        """How many payments ended in each status.

        Examples:
            >>> CashApplicationResult(()).counts()["matched"]
            0
        """
        counts = {status.value: 0 for status in MatchStatus}
        for outcome in self.outcomes:
            counts[outcome.status.value] += 1
        return counts

    def outcome(self, payment_id: str) -> PaymentOutcome:
        """The outcome of one payment.

        Examples:
            >>> unapplied = PaymentOutcome("P-1", MatchStatus.UNAPPLIED, (), Money("5", "USD"),
            ...                            Decimal(0), ())
            >>> CashApplicationResult((unapplied,)).outcome("P-1").status
            <MatchStatus.UNAPPLIED: 'unapplied'>
        """
        from receivables.errors import ValidationError

        for outcome in self.outcomes:
            if outcome.payment_id == payment_id:
                return outcome
        raise ValidationError(f"no payment {shown(payment_id)} in the result")


@attrs.frozen
class PayerMatch:
    """Who paid a payment that did not say, as a :class:`PayerIdentification` found it.

    ``certain`` is for evidence as good as the payment naming its customer (a bank account on
    file for that customer): the match then carries no confidence penalty. Otherwise (a name, a
    heuristic) the engine lowers its confidence as it does for a payer identified by name only.

    Examples:
        >>> match = PayerMatch("C-7", Reason.of("cashapp.payer_identified", "account on file"))
        >>> match.customer_id, match.certain
        ('C-7', False)
    """

    customer_id: str
    reason: Reason
    certain: bool = False

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.customer_id, str) or not self.customer_id.strip():
            raise InvalidTypeError(
                f"customer_id must be a non-blank str, got {shown(self.customer_id)}"
            )
        if not isinstance(self.reason, Reason):
            raise InvalidTypeError(f"reason must be a Reason, not {type(self.reason).__name__}")


class PayerIdentification(Protocol):
    """A way to tell who paid when a payment carries no customer: plug your own into ``apply_cash``.

    :func:`~receivables.cashapp.apply_cash` asks each strategy in turn (``payer_identification=``)
    for a payment that names no customer and that no reference or remittance settles, before its
    own rule (a payer name that belongs to exactly one customer). Return ``None`` when unsure:
    a wrong identity moves cash to the wrong customer, which is worse than sending the payment
    to a person. Strategies are pure: they look only at the payment and the customers.

    Examples:
        >>> import datetime as dt
        >>> class ByAccount:
        ...     def __init__(self, accounts: dict[str, str]) -> None:
        ...         self.accounts = accounts
        ...     def identify(self, payment, customers):
        ...         customer_id = self.accounts.get(payment.payer_name or "")
        ...         if customer_id is None:
        ...             return None
        ...         reason = Reason.of("cashapp.payer_identified", "account on file",
        ...                            customer=customer_id)
        ...         return PayerMatch(customer_id, reason, certain=True)
        >>> cash = Payment("P-1", dt.date(2026, 3, 1), Money("5.00", "USD"), payer_name="DE89")
        >>> ByAccount({"DE89": "C-7"}).identify(cash, {}).customer_id
        'C-7'
    """

    def identify(self, payment: Payment, customers: Mapping[str, Customer]) -> PayerMatch | None:
        """The customer who made ``payment``, with the reason, or ``None`` when not known."""
        ...
