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
    str_tuple,
)
from receivables.convert import DataForm, DictForm, PolicyData
from receivables.documents import Customer, Payment
from receivables.errors import InvalidTypeError, MergeError, ValidationError
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = [
    "Application",
    "CashApplicationResult",
    "EvidenceConfidence",
    "MatchPolicy",
    "MatchStatus",
    "PayerIdentification",
    "PayerMatch",
    "PaymentOutcome",
    "Remittance",
    "RemittanceLine",
]

ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
MAX_COMBINATION_SIZE: Final = 12
"""The most invoices an amount-only match may combine."""
MAX_SEARCH_BUDGET: Final = 10_000_000
"""The most search steps an amount-only match may spend (a few seconds at most)."""
_DEFAULT_WRITE_OFF_LIMITS: Final = tuple(
    Money("10.00", code) for code in ("USD", "EUR", "GBP", "CAD")
)


_DEFAULT_BANK_CHARGES: Final = tuple(
    Money(f"{fee}.00", code)
    for code in ("USD", "EUR", "GBP", "CHF")
    for fee in (10, 12, 15, 20, 25, 30, 35)
)
_ON_ACCOUNT_WORDS: Final = (
    "ON ACCOUNT",
    "DEPOSIT",
    "ADVANCE",
    "PREPAYMENT",
    "DOWN PAYMENT",
    "ANZAHLUNG",
    "VORAUSZAHLUNG",
    "ACOMPTE",
)
_PARTIAL_WORDS: Final = ("PARTIAL", "PART PAYMENT", "TEILZAHLUNG", "PAIEMENT PARTIEL")


def _words(value: object) -> tuple[str, ...]:
    words = str_tuple(value)
    for word in words:
        if not word.strip() or len(word) > 60:
            raise ValidationError(f"a narrative word must be 1 to 60 characters, got {shown(word)}")
    return tuple(" ".join(word.upper().split()) for word in words)


def _optional_money(value: Money | None) -> Money | None:
    if value is not None and not isinstance(value, Money):
        raise InvalidTypeError(f"expected Money or None, got {type(value).__name__}")
    return value


@attrs.frozen
class RemittanceLine(DataForm):
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
class Remittance(DataForm):
    """The payer's list of what a payment pays (the remittance advice).

    Examples:
        >>> advice = Remittance("PAY-1", [RemittanceLine("INV-1"), RemittanceLine("INV-2")])
        >>> [line.reference for line in advice.lines]
        ['INV-1', 'INV-2']
    """

    payment_id: str
    lines: tuple[RemittanceLine, ...] = attrs.field(converter=_lines)


@attrs.frozen
class EvidenceConfidence(PolicyData):
    """How much each kind of evidence is trusted: the confidence ladder, as policy data.

    A payment's confidence is that of its weakest piece of evidence, lowered by the penalties that
    apply; it posts (``MATCHED`` or ``PARTIAL``) when it reaches
    :attr:`MatchPolicy.auto_match_confidence` (0.9 by default). The defaults, strongest first:

    ========================== ====== ==========================================================
    field                      value  evidence
    ========================== ====== ==========================================================
    ``exact_reference``        0.99   a reference or advice line names the item as written
    ``normalised_reference``   0.98   it names the item once normalised (prefix, zeros, case)
    ``short_within_tolerance`` 0.96   the references agree but for a write-off within tolerance
    ``unique_amount``          0.93   the one open item of the payer for exactly the amount
    ``overpayment``            0.93   the items named, and the excess left on account
    ``near_miss``              0.92   a reference one keystroke off, unique, the amount agrees
    ``netted_credit_memo``     0.92   the shortfall equals one open credit memo of the payer
    ``pair_combination``       0.92   the one pair of open items that sums to the amount
    ``triple_combination``     0.90   the one triple of open items that sums to the amount
    ``short_deduction``        0.90   the items named, short beyond tolerance (a deduction)
    ``large_combination``      0.86   the one combination of four or more items
    ``amount_only_unknown``    0.75   an unknown payer's amount equals open items (never posts)
    ========================== ====== ==========================================================

    Penalties: ``name_penalty`` (0.03) when the payer is known only by its name (a bank account on
    file, or a customer id on the payment, carries none); ``other_customer_penalty`` (0.05) when the
    items belong to another customer than the payer, or some references were set aside.

    Some evidence never posts whatever these values say: a stray number (a number in the
    narrative that was not written as a reference) or a payer's name, each alone.

    Examples:
        >>> EvidenceConfidence().exact_reference
        Decimal('0.99')
        >>> EvidenceConfidence.from_dict({"near_miss": "0.85"}).near_miss
        Decimal('0.85')
    """

    exact_reference: Decimal = attrs.field(
        default=Decimal("0.99"), converter=exact_number, validator=fraction_field
    )
    normalised_reference: Decimal = attrs.field(
        default=Decimal("0.98"), converter=exact_number, validator=fraction_field
    )
    short_within_tolerance: Decimal = attrs.field(
        default=Decimal("0.96"), converter=exact_number, validator=fraction_field
    )
    unique_amount: Decimal = attrs.field(
        default=Decimal("0.93"), converter=exact_number, validator=fraction_field
    )
    overpayment: Decimal = attrs.field(
        default=Decimal("0.93"), converter=exact_number, validator=fraction_field
    )
    near_miss: Decimal = attrs.field(
        default=Decimal("0.92"), converter=exact_number, validator=fraction_field
    )
    netted_credit_memo: Decimal = attrs.field(
        default=Decimal("0.92"), converter=exact_number, validator=fraction_field
    )
    pair_combination: Decimal = attrs.field(
        default=Decimal("0.92"), converter=exact_number, validator=fraction_field
    )
    triple_combination: Decimal = attrs.field(
        default=Decimal("0.9"), converter=exact_number, validator=fraction_field
    )
    short_deduction: Decimal = attrs.field(
        default=Decimal("0.9"), converter=exact_number, validator=fraction_field
    )
    large_combination: Decimal = attrs.field(
        default=Decimal("0.86"), converter=exact_number, validator=fraction_field
    )
    amount_only_unknown: Decimal = attrs.field(
        default=Decimal("0.75"), converter=exact_number, validator=fraction_field
    )
    name_penalty: Decimal = attrs.field(
        default=Decimal("0.03"), converter=exact_number, validator=fraction_field
    )
    other_customer_penalty: Decimal = attrs.field(
        default=Decimal("0.05"), converter=exact_number, validator=fraction_field
    )

    def combination(self, size: int) -> Decimal:
        """The confidence of the one combination of ``size`` open items that fits the amount.

        Examples:
            >>> EvidenceConfidence().combination(2), EvidenceConfidence().combination(5)
            (Decimal('0.92'), Decimal('0.86'))
        """
        if size <= 2:
            return self.pair_combination
        return self.triple_combination if size == 3 else self.large_combination


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
      may combine, and how many search steps it may spend. Before each size the steps it may
      take are estimated (n for pairs, n squared over two for triples, n squared for fours by
      meeting in the middle, the number of combinations beyond), and a size that would overrun
      the budget is not started: the payment goes to a person (``search_exhausted``) rather than
      trusting a search that stopped short. At most 12 invoices and 10,000,000 steps; the
      default 50,000 steps keep the worst payment within milliseconds.
    * ``near_misses``: accept a reference one keystroke off (a wrong, dropped, extra or swapped
      character, or an OCR confusion) when it is the only candidate and the amount agrees.
    * ``prefer_oldest``: when several invoices (or combinations) of the same size fit an amount
      exactly, take the oldest instead of raising an exception (off by default: precision
      first).
    * ``confidence``: how much each kind of evidence is trusted (:class:`EvidenceConfidence`,
      the confidence ladder); loadable as a nested mapping.
    * ``bank_charges``: the fees banks take on the way (SHA/BEN charges: 10.00 to 35.00 in USD,
      EUR, GBP and CHF by default); a payment short by exactly one is applied with the
      ``bank_charges`` deduction code (unless the write-off tolerance covers it).
    * ``on_account_words`` and ``partial_words``: words in a narrative that change its meaning.
      ``ON ACCOUNT``, ``DEPOSIT``, ``ADVANCE``, ``PREPAYMENT``, ... keep the cash on account
      unless a reference names what it pays; ``PARTIAL`` (``PART PAYMENT``, ...) does the same,
      and with a reference makes a shortfall the rest still owed (``partial_payment``), never a
      write-off. Matched as whole words, case-insensitive; a phrase matches its words in order.
    * ``chance_fit_limit``: how many combinations of the payer's open items could be expected to
      fit the amount by chance (estimated from how many there are and the spread of their sums)
      before a unique fit stops being evidence (default 0.01): with hundreds of open items some
      triple fits almost any amount.

    Examples:
        >>> policy = MatchPolicy.from_dict({"auto_match_confidence": "0.95",
        ...                                 "write_off_limits": ["5.00 USD"]})
        >>> policy.write_off_limit(Currency("USD"))
        Money('5.00', 'USD')
        >>> policy = MatchPolicy.from_dict({"confidence": {"unique_amount": "0.88"}})
        >>> policy.confidence.unique_amount
        Decimal('0.88')
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
    confidence: EvidenceConfidence = attrs.field(factory=EvidenceConfidence)
    bank_charges: tuple[Money, ...] = attrs.field(
        default=_DEFAULT_BANK_CHARGES, converter=money_tuple
    )
    on_account_words: tuple[str, ...] = attrs.field(default=_ON_ACCOUNT_WORDS, converter=_words)
    partial_words: tuple[str, ...] = attrs.field(default=_PARTIAL_WORDS, converter=_words)
    chance_fit_limit: Decimal = attrs.field(
        default=Decimal("0.01"), converter=exact_number, validator=fraction_field
    )

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
class Application(DictForm):
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
class PaymentOutcome(DictForm):
    """What the engine decided for one payment, and why.

    ``customer_id`` is the customer the payment was applied for: the one the payment names, else
    the payer the engine identified (bank account, name, a reference), else ``None``.
    ``reasons`` lists the evidence in the order it was weighed, with stable codes (see
    ``docs/cashapp.md``, "Reading an outcome").

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
    customer_id: str | None = None

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
class CashApplicationResult(DictForm):
    """One outcome per payment, in the order the payments were given.

    Examples:
        >>> result = CashApplicationResult(())
        >>> result.counts()
        {'matched': 0, 'partial': 0, 'unapplied': 0, 'exception': 0}
    """

    outcomes: tuple[PaymentOutcome, ...]

    def merge(self, other: CashApplicationResult) -> CashApplicationResult:
        """The outcomes of both results, each payment once, in payment-id order.

        For cash application run per part of a partition by customer (each payment with its
        customer's open items: see ``docs/scale.md``), the merge holds every payment's outcome
        of the single run; the single run lists them in the order the payments were given, the
        merge by payment id, so that it is associative and commutative. A payment in both is a
        :class:`~receivables.errors.MergeError`.

        Examples:
            >>> a = PaymentOutcome("P-2", MatchStatus.UNAPPLIED, (), Money("5", "USD"),
            ...                    Decimal(0), ())
            >>> b = PaymentOutcome("P-1", MatchStatus.UNAPPLIED, (), Money("7", "USD"),
            ...                    Decimal(0), ())
            >>> merged = CashApplicationResult((a,)).merge(CashApplicationResult((b,)))
            >>> [o.payment_id for o in merged.outcomes]
            ['P-1', 'P-2']
        """
        if not isinstance(other, CashApplicationResult):
            raise InvalidTypeError(
                f"can merge a CashApplicationResult only, got {type(other).__name__}"
            )
        seen = {outcome.payment_id for outcome in self.outcomes}
        for outcome in other.outcomes:
            if outcome.payment_id in seen:
                raise MergeError(
                    f"payment {shown(outcome.payment_id)} is in both results: merge the results "
                    "of disjoint payments"
                )
        outcomes = sorted((*self.outcomes, *other.outcomes), key=lambda o: o.payment_id)
        return CashApplicationResult(tuple(outcomes))

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
class PayerMatch(DictForm):
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
