"""The provision matrix (IFRS 9 B5.5.35): a loss rate per aging bucket, and its allowance."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import decimal_field, pairs_of, require_decimal_in
from receivables.aging.report import AgingReport
from receivables.convert import DataForm, DictForm, PolicyData
from receivables.errors import (
    CurrencyMismatchError,
    InvalidPolicyError,
    InvalidTypeError,
    ValidationError,
)
from receivables.explain import Reason
from receivables.money import Currency, Money, to_decimal

__all__ = [
    "AllowanceLine",
    "AllowanceResult",
    "Overlay",
    "OverlayKind",
    "ProvisionMatrix",
    "provision",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
MAX_FACTOR: Final = Decimal(100)
MIN_FACTOR: Final = Decimal(-100)
"""Overlay factors lie within +/- 100 (a multiplier of 100, or 100 added to a rate)."""


def _rates(
    value: Mapping[str, Decimal | int | str] | Iterable[tuple[str, Decimal | int | str]],
) -> tuple[tuple[str, Decimal], ...]:
    pairs = pairs_of(value, "rates")
    checked = []
    seen = set()
    for label, raw in pairs:
        if not isinstance(label, str):
            raise InvalidTypeError(f"bucket labels are str, got {shown(label)}")
        rate = to_decimal(raw, what=f"loss rate for {label!r}")
        if not _ZERO <= rate <= _ONE:
            raise InvalidPolicyError(
                f"the loss rate for {shown(label)} must be a fraction between 0 and 1, "
                f"got {shown(rate)}"
            )
        require_decimal_in(rate, f"the loss rate for {label!r}", 0, 1)
        if label in seen:
            raise InvalidPolicyError(f"bucket {shown(label)} has two loss rates")
        seen.add(label)
        checked.append((str(label), rate))
    return tuple(checked)


@attrs.frozen
class ProvisionMatrix(PolicyData):
    """Loss rates by aging bucket label (fractions between 0 and 1, with at most 34 significant
    digits, nonzero ones at least 1E-12), in bucket order.

    Examples:
        >>> matrix = ProvisionMatrix({"Current": "0.003", "1-30": "0.016", "Over 30": "0.05"})
        >>> matrix.rate("1-30")
        Decimal('0.016')
    """

    rates: tuple[tuple[str, Decimal], ...] = attrs.field(converter=_rates)

    @property
    def labels(self) -> tuple[str, ...]:
        """The buckets the matrix covers.

        Examples:
            >>> ProvisionMatrix({"Current": "0.01"}).labels
            ('Current',)
        """
        return tuple(label for label, _ in self.rates)

    def rate(self, label: str) -> Decimal:
        """The loss rate of a bucket; a bucket without a rate is a clear error.

        Examples:
            >>> ProvisionMatrix({"Current": "0.01"}).rate("Current")
            Decimal('0.01')
        """
        for key, rate in self.rates:
            if key == label:
                return rate
        raise ValidationError(
            f"the provision matrix has no rate for bucket {shown(label)} "
            f"(it has: {', '.join(self.labels)})"
        )


class OverlayKind(enum.Enum):
    """How an overlay changes a rate.

    Examples:
        >>> OverlayKind.MULTIPLY.value
        'multiply'
    """

    MULTIPLY = "multiply"
    """The rate is multiplied by the factor (1.1 raises every rate by a tenth of itself)."""
    ADD = "add"
    """The factor is added to the rate (0.005 adds half a percentage point)."""


def _adjustments(
    value: Mapping[str, Decimal | int | str] | Iterable[tuple[str, Decimal | int | str]],
) -> tuple[tuple[str, Decimal], ...]:
    checked = []
    for label, factor in pairs_of(value, "by_bucket"):
        if not isinstance(label, str):
            raise InvalidTypeError(f"bucket labels are str, got {shown(label)}")
        number = to_decimal(factor, what="overlay factor")
        checked.append((label, require_decimal_in(number, "by_bucket", MIN_FACTOR, MAX_FACTOR)))
    return tuple(checked)


@attrs.frozen
class Overlay(DataForm):
    """A forward-looking adjustment to the historical rates (IFRS 9 5.5.17(c), ASC 326-20-30-9):
    per bucket (``by_bucket``) or for all buckets (``overall``), multiplicative or additive,
    always with the reason a reviewer will ask for.

    Adjusted rates stay between 0 and 1. Factors lie within +/- 100 with at most 34 significant
    digits, nonzero ones at least 1E-12.

    Examples:
        >>> overlay = Overlay(OverlayKind.MULTIPLY, "GDP forecast cut: +10%", overall="1.1")
        >>> overlay.adjust("Current", Decimal("0.02"))
        Decimal('0.022')
    """

    kind: OverlayKind
    reason: str
    overall: Decimal | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(to_decimal),
        validator=attrs.validators.optional(decimal_field(MIN_FACTOR, MAX_FACTOR)),
    )
    by_bucket: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_adjustments)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.kind, OverlayKind):
            raise InvalidTypeError("kind must be an OverlayKind")
        if not self.reason.strip():
            raise InvalidPolicyError("an overlay needs its reason")
        if self.overall is None and not self.by_bucket:
            raise InvalidPolicyError("an overlay needs an overall factor or factors by bucket")

    def factor_for(self, label: str) -> Decimal | None:
        """The factor for a bucket: its own, else the overall one, else none.

        Examples:
            >>> overlay = Overlay(OverlayKind.ADD, "sector downturn", overall="0.02",
            ...                   by_bucket={"1-30": "0.01"})
            >>> overlay.factor_for("1-30"), overlay.factor_for("Current")
            (Decimal('0.01'), Decimal('0.02'))
        """
        for key, factor in self.by_bucket:
            if key == label:
                return factor
        return self.overall

    def adjust(self, label: str, rate: Decimal) -> Decimal:
        """The adjusted rate for a bucket, kept between 0 and 1.

        Examples:
            >>> Overlay(OverlayKind.ADD, "why", overall="0.005").adjust("Current", Decimal("0.02"))
            Decimal('0.025')
        """
        if not isinstance(rate, Decimal) or not rate.is_finite():
            raise ValidationError(f"a loss rate to adjust is a finite Decimal, not {shown(rate)}")
        factor = self.factor_for(label)
        if factor is None:
            return rate
        if self.kind is OverlayKind.MULTIPLY:
            adjusted = CONTEXT.multiply(rate, factor)
        else:
            adjusted = CONTEXT.add(rate, factor)
        return min(_ONE, max(_ZERO, adjusted))


@attrs.frozen
class AllowanceLine(DictForm):
    """One bucket: its balance, the historical rate, the rate after any overlay, the allowance.

    ``overlay_effect`` is the part of the allowance the overlay adds (or removes).

    Examples:
        >>> line = AllowanceLine("Current", Money("1000", "USD"), Decimal("0.01"),
        ...                      Decimal("0.01"), Money("10.00", "USD"), Money("0.00", "USD"))
        >>> line.allowance
        Money('10.00', 'USD')
    """

    bucket: str
    balance: Money
    rate: Decimal
    adjusted_rate: Decimal
    allowance: Money
    overlay_effect: Money


@attrs.frozen
class AllowanceResult(DictForm):
    """The allowance by bucket and in total, with the overlay shown apart and the reasons.

    Examples:
        >>> matrix = ProvisionMatrix({"Current": "0.02"})
        >>> result = provision({"Current": Money("1000", "USD")}, matrix)
        >>> result.total, result.overlay_total
        (Money('20.00', 'USD'), Money('0.00', 'USD'))
    """

    currency: Currency
    lines: tuple[AllowanceLine, ...]
    reasons: tuple[Reason, ...]

    @property
    def total(self) -> Money:
        """The allowance over all buckets.

        Examples:
            >>> m = ProvisionMatrix({"Current": "0.01", "1-30": "0.05"})
            >>> provision({"Current": Money("100", "GBP"), "1-30": Money("40", "GBP")}, m).total
            Money('3.00', 'GBP')
        """
        return Money.total((line.allowance for line in self.lines), self.currency)

    @property
    def balance(self) -> Money:
        """The receivables the allowance covers.

        Examples:
            >>> provision({"Current": Money("5", "EUR")}, ProvisionMatrix({"Current": "0"})).balance
            Money('5', 'EUR')
        """
        return Money.total((line.balance for line in self.lines), self.currency)

    @property
    def overlay_total(self) -> Money:
        """What the overlay adds to the historical allowance (negative when it releases).

        Examples:
            >>> m = ProvisionMatrix({"Current": "0.01"})
            >>> o = Overlay(OverlayKind.MULTIPLY, "recession risk", overall="1.5")
            >>> provision({"Current": Money("1000", "USD")}, m, overlay=o).overlay_total
            Money('5.00', 'USD')
        """
        return Money.total((line.overlay_effect for line in self.lines), self.currency)


@in_context
def provision(
    balances: Mapping[str, Money] | AgingReport,
    matrix: ProvisionMatrix,
    *,
    overlay: Overlay | None = None,
    currency: str | Currency | None = None,
) -> AllowanceResult:
    """The allowance a provision matrix gives on bucket balances (IFRS 9 simplified approach,
    5.5.15 and B5.5.35; a loss-rate method under ASC 326-20).

    ``balances`` maps bucket labels to amounts in one currency, or is an
    :class:`~receivables.aging.AgingReport` read in ``currency``. Each bucket's allowance is its
    balance times its rate (after any overlay), rounded to minor units; a bucket without a rate
    is an error; a negative balance (credits netted in) reserves nothing. The allowance never
    exceeds the balance it reserves.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> matrix = ProvisionMatrix({"Current": "0.003", "1-30": "0.016", "31-60": "0.036",
        ...                           "61-90": "0.066", "Over 90": "0.106"})
        >>> result = provision({"Current": usd("15000000"), "1-30": usd("7500000"),
        ...                     "31-60": usd("4000000"), "61-90": usd("2500000"),
        ...                     "Over 90": usd("1000000")}, matrix)
        >>> [str(line.allowance) for line in result.lines]
        ['45000.00 USD', '120000.00 USD', '144000.00 USD', '165000.00 USD', '106000.00 USD']
        >>> result.total
        Money('580000.00', 'USD')
    """
    if not isinstance(matrix, ProvisionMatrix):
        raise InvalidTypeError(f"matrix must be a ProvisionMatrix, not {type(matrix).__name__}")
    if isinstance(balances, AgingReport):
        if currency is None:
            if len(balances.currencies) != 1:
                raise ValidationError(
                    "the aging report holds several currencies: say which to provide for"
                )
            currency = balances.currencies[0]
        pairs = list(balances.bucket_totals(currency).items())
    else:
        pairs = list(balances.items())
    if not pairs and currency is None:
        raise ValidationError("no balances, and no currency given")
    cur = Currency(currency) if currency is not None else pairs[0][1].currency
    lines = []
    reasons: list[Reason] = []
    for label, balance in pairs:
        if not isinstance(balance, Money):
            raise InvalidTypeError(f"the balance of {shown(label)} must be Money")
        if balance.currency is not cur:
            raise CurrencyMismatchError(
                f"the balance of {shown(label)} is in {balance.currency}, not {cur}"
            )
        rate = matrix.rate(label)
        adjusted = overlay.adjust(label, rate) if overlay is not None else rate
        base = max(balance, Money.zero(cur))
        historical = (base * rate).round()
        allowance = (base * adjusted).round()
        lines.append(
            AllowanceLine(label, balance, rate, adjusted, allowance, allowance - historical)
        )
        reasons.append(
            Reason.of(
                "allowance.provision_matrix",
                f"{label}: {balance} at {adjusted * 100:.2f}% = {allowance}",
                bucket=label,
                balance=balance,
                rate=adjusted,
                allowance=allowance,
            )
        )
    if overlay is not None:
        effect = Money.total((line.overlay_effect for line in lines), cur)
        reasons.append(
            Reason.of(
                "allowance.overlay",
                f"forward-looking overlay ({overlay.kind.value}): {overlay.reason}; "
                f"effect {effect}",
                effect=effect,
                reason=overlay.reason,
            )
        )
    return AllowanceResult(cur, tuple(lines), tuple(reasons))
