"""Scorecards: points per characteristic, PDO scaling to odds, risk classes, reason codes.

The library applies scorecards; it does not train them. A scorecard built elsewhere (weights of
evidence, logistic regression, optbinning) is written down as characteristics with bins and
points, and scored here with every contribution explained.

Examples:
    >>> scaling = PdoScaling(points=600, odds=50, pdo=20)
    >>> scaling.factor, scaling.offset
    (Decimal('28.853900817...'), Decimal('487.122876204...'))
    >>> scaling.points_for_odds(100)
    Decimal('620.000000...')
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final, TypeAlias

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables._validate import (
    MAX_POINTS,
    MIN_POINTS,
    all_of,
    decimal_field,
    int_field,
    pairs_of,
    points_field,
    require_decimal_in,
    values_of,
)
from receivables.convert import DataForm, DictForm, PolicyData
from receivables.documents import Invoice
from receivables.errors import (
    InvalidAmountError,
    InvalidPolicyError,
    InvalidTypeError,
    ValidationError,
)
from receivables.explain import Reason
from receivables.money import to_decimal

__all__ = [
    "Characteristic",
    "Contribution",
    "PdoScaling",
    "RiskClass",
    "ScoreResult",
    "Scorecard",
    "Value",
    "payment_index",
]

Value: TypeAlias = Decimal | int | str | None
"""An applicant's value for a characteristic: a number, a category, or missing (``None``)."""

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_TWO: Final = Decimal(2)
MAX_ODDS: Final = Decimal("1E+12")
"""The odds of a :class:`PdoScaling` lie from ``1 / MAX_ODDS`` to ``MAX_ODDS`` (10**12)."""
MAX_PDO: Final = Decimal(10_000)
"""The points to double the odds lie from 1 to 10,000 (20 to 50 are usual)."""
MAX_EDGE: Final = Decimal("1E+18")
MIN_EDGE: Final = Decimal("-1E+18")
"""Numeric bin edges lie within +/- 10**18 (any amount or ratio a scorecard bins)."""


def _number(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, what="scaling value")


def _within_points(value: Decimal, what: str) -> Decimal:
    return require_decimal_in(value, what, MIN_POINTS, MAX_POINTS)


@attrs.frozen
class PdoScaling(DataForm):
    """Points-to-double-the-odds scaling: ``points`` at ``odds`` (good:bad), plus ``pdo`` points
    every time the odds double.

    ``factor = pdo / ln 2`` and ``offset = points - factor x ln(odds)``, so a score is
    ``offset + factor x ln(odds)``: the scaling optbinning calls ``pdo_odds``.

    Ranges: ``points`` within +/- 1,000,000, ``odds`` from 10**-12 to 10**12, ``pdo`` from 1 to
    10,000, each at least 1E-12 (unless zero) with at most 34 digits. Within them
    :meth:`odds_for_points` of any
    score within +/- 1,000,000 is finite: the exponent stays below 1.4 million, far from the
    context's limit of 999,999 decimal digits of exponent (about 2.3 million in ln).

    Examples:
        >>> scaling = PdoScaling(600, 50, 20)
        >>> scaling.points_for_odds(50), scaling.odds_for_points(640)
        (Decimal('600.0000000000...'), Decimal('200.0000000000...'))
    """

    points: Decimal = attrs.field(converter=_number, validator=points_field)
    odds: Decimal = attrs.field(converter=_number, validator=decimal_field(0, MAX_ODDS))
    pdo: Decimal = attrs.field(converter=_number, validator=decimal_field(1, MAX_PDO))

    def __attrs_post_init__(self) -> None:
        if self.odds <= 0:
            raise InvalidPolicyError(f"odds must be positive, got {shown(self.odds)}")

    @property
    def factor(self) -> Decimal:
        """``pdo / ln 2``: points per unit of log-odds.

        Examples:
            >>> PdoScaling(600, 50, 20).factor
            Decimal('28.853900...')
        """
        return CONTEXT.divide(self.pdo, CONTEXT.ln(_TWO))

    @property
    def offset(self) -> Decimal:
        """``points - factor x ln(odds)``.

        Examples:
            >>> PdoScaling(600, 50, 20).offset
            Decimal('487.122876...')
        """
        return CONTEXT.subtract(self.points, CONTEXT.multiply(self.factor, CONTEXT.ln(self.odds)))

    def points_for_odds(self, odds: Decimal | int | str) -> Decimal:
        """The score that corresponds to good:bad ``odds``.

        Examples:
            >>> PdoScaling(600, 50, 20).points_for_odds(25)
            Decimal('580.000000...')
        """
        value = to_decimal(odds, what="odds")
        if value <= 0:
            raise InvalidAmountError(f"odds must be positive, got {value}")
        return CONTEXT.add(self.offset, CONTEXT.multiply(self.factor, CONTEXT.ln(value)))

    def odds_for_points(self, points: Decimal | int | str) -> Decimal:
        """The good:bad odds a score implies, for a score within +/- 1,000,000 points.

        A score outside that range is refused with
        :class:`~receivables.errors.InvalidAmountError` (its odds could overflow).

        Examples:
            >>> PdoScaling(600, 50, 20).odds_for_points(620)
            Decimal('100.00000000...')
        """
        value = to_decimal(points, what="points")
        if not MIN_POINTS <= value <= MAX_POINTS:
            raise InvalidAmountError(
                f"points must be within +/- {MAX_POINTS} to imply odds, got {shown(value)}"
            )
        return CONTEXT.exp(CONTEXT.divide(CONTEXT.subtract(value, self.offset), self.factor))


def _points(value: Iterable[Decimal | int | str]) -> tuple[Decimal, ...]:
    return tuple(
        _within_points(to_decimal(v, what="points"), "points") for v in values_of(value, "points")
    )


def _edges(value: Iterable[Decimal | int | str]) -> tuple[Decimal, ...]:
    return tuple(
        require_decimal_in(to_decimal(v, what="bin edge"), "edges", MIN_EDGE, MAX_EDGE)
        for v in values_of(value, "edges")
    )


def _categories(
    value: Mapping[str, Decimal | int | str] | Iterable[tuple[str, Decimal | int | str]],
) -> tuple[tuple[str, Decimal], ...]:
    pairs = pairs_of(value, "categories")
    for key, _ in pairs:
        if not isinstance(key, str):
            raise InvalidTypeError(f"categories are str, got {shown(key)}")
    return tuple(
        sorted(
            (str(k), _within_points(to_decimal(v, what="points"), "categories")) for k, v in pairs
        )
    )


def _optional_points(value: Decimal | int | str | None) -> Decimal | None:
    if value is None:
        return None
    return _within_points(to_decimal(value, what="points"), "other_points")


@attrs.frozen
class Characteristic(DataForm):
    """One characteristic of a scorecard, with its bins and their points.

    Numeric: ``edges`` split the number line into ``len(edges) + 1`` bins, each bin including
    its lower edge (``[edge_i, edge_i+1)``), and ``points`` gives one value per bin; the bins
    cover every number, so none is ever out of range. Categorical: ``categories`` maps each
    category to points and ``other_points`` scores categories the scorecard does not list
    (none given: an unlisted category is an error). ``missing_points`` scores a missing value.

    Examples:
        >>> years = Characteristic("years_in_business", edges=[2, 5, 10], points=[10, 25, 40, 55],
        ...                        missing_points=15)
        >>> years.bin_for(Decimal(7)), years.bin_for(None)
        (('[5, 10)', Decimal('40')), ('missing', Decimal('15')))
        >>> industry = Characteristic("industry", categories={"retail": 20, "construction": 5},
        ...                           other_points=12, missing_points=8)
        >>> industry.bin_for("retail"), industry.bin_for("mining")
        (('retail', Decimal('20')), ('other', Decimal('12')))
    """

    name: str
    edges: tuple[Decimal, ...] = attrs.field(default=(), converter=_edges)
    points: tuple[Decimal, ...] = attrs.field(default=(), converter=_points)
    categories: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_categories)
    other_points: Decimal | None = attrs.field(default=None, converter=_optional_points)
    missing_points: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=points_field
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidPolicyError("a characteristic needs a name")
        numeric = bool(self.points)
        if numeric and self.categories:
            raise InvalidPolicyError(f"{self.name}: give numeric bins or categories, not both")
        if not numeric and not self.categories:
            raise InvalidPolicyError(f"{self.name}: give numeric bins or categories")
        if numeric:
            if len(self.points) != len(self.edges) + 1:
                raise InvalidPolicyError(
                    f"{self.name}: {len(self.edges)} edges make {len(self.edges) + 1} bins, "
                    f"but {len(self.points)} points were given"
                )
            if any(b <= a for a, b in itertools.pairwise(self.edges)):
                raise InvalidPolicyError(f"{self.name}: bin edges must strictly increase")

    @property
    def is_numeric(self) -> bool:
        """Whether the characteristic bins numbers (rather than categories).

        Examples:
            >>> Characteristic("x", points=[1]).is_numeric
            True
        """
        return bool(self.points)

    @property
    def max_points(self) -> Decimal:
        """The most points the characteristic can give.

        Examples:
            >>> Characteristic("x", edges=[1], points=[3, 9], missing_points=4).max_points
            Decimal('9')
        """
        options = list(self.points) + [p for _, p in self.categories] + [self.missing_points]
        if self.other_points is not None:
            options.append(self.other_points)
        return max(options)

    def bin_for(self, value: Value) -> tuple[str, Decimal]:
        """The bin a value falls in and its points.

        Examples:
            >>> Characteristic("x", edges=[0], points=[-5, 5]).bin_for(-1)
            ('[-inf, 0)', Decimal('-5'))
        """
        if value is None:
            return ("missing", self.missing_points)
        if self.is_numeric:
            if isinstance(value, str):
                try:
                    number = to_decimal(value, what=self.name)
                except ValidationError:
                    raise InvalidTypeError(
                        f"{self.name} needs a number, got {shown(value)}"
                    ) from None
            else:
                number = to_decimal(value, what=self.name)
            index = bisect.bisect_right(self.edges, number)
            low = "-inf" if index == 0 else str(self.edges[index - 1])
            high = "inf" if index == len(self.edges) else str(self.edges[index])
            return (f"[{low}, {high})", self.points[index])
        try:
            key: str | None = str(value)
        except ValueError:  # an int past the 4,300 digits Python writes out: no category's text
            key = None
        for category, points in self.categories:
            if category == key:
                return (category, points)
        if self.other_points is None:
            listed = ", ".join(c for c, _ in self.categories)
            raise ValidationError(
                f"{self.name}: category {shown(value if key is None else key)} is not one of "
                f"{listed}"
            )
        return ("other", self.other_points)


@attrs.frozen
class RiskClass(DataForm):
    """A risk class: scores at or above ``min_points`` belong to it (the highest that fits).

    Examples:
        >>> RiskClass("A", 650).label
        'A'
    """

    label: str
    min_points: Decimal = attrs.field(converter=to_decimal, validator=points_field)


@attrs.frozen
class Contribution(DictForm):
    """What one characteristic contributed: the value, the bin it fell in and its points.

    Examples:
        >>> Contribution("age", Decimal(3), "[2, 5)", Decimal(25), Decimal(55)).shortfall
        Decimal('30')
    """

    characteristic: str
    value: Value
    bin: str
    points: Decimal
    max_points: Decimal

    @property
    def shortfall(self) -> Decimal:
        """Points below the best this characteristic could give (what makes it adverse).

        Examples:
            >>> Contribution("x", None, "missing", Decimal(0), Decimal(10)).shortfall
            Decimal('10')
        """
        return self.max_points - self.points


@attrs.frozen
class ScoreResult(DictForm):
    """A scored applicant: the total, each contribution, the implied odds and PD, the risk class
    and the reasons (the most adverse characteristics first, as reason codes are given in
    consumer and commercial credit).

    Examples:
        >>> card = Scorecard([Characteristic("paydex", edges=[50, 80], points=[0, 30, 60])],
        ...                  base_points=550)
        >>> result = card.score({"paydex": 72})
        >>> result.total, result.contributions[0].bin
        (Decimal('580'), '[50, 80)')
    """

    total: Decimal
    contributions: tuple[Contribution, ...]
    odds: Decimal | None
    probability_of_default: Decimal | None
    risk_class: str | None
    reasons: tuple[Reason, ...]


def _characteristics(value: Iterable[Characteristic]) -> tuple[Characteristic, ...]:
    items = all_of(Characteristic, "characteristics", values_of(value, "characteristics"))
    names = [c.name for c in items]
    if len(set(names)) != len(names):
        raise InvalidPolicyError(f"characteristic names must be unique, got {names}")
    return items


def _classes(value: Iterable[RiskClass]) -> tuple[RiskClass, ...]:
    classes = all_of(RiskClass, "risk_classes", values_of(value, "risk_classes"))
    return tuple(sorted(classes, key=lambda c: c.min_points, reverse=True))


@attrs.frozen
class Scorecard(PolicyData):
    """A points scorecard: characteristics, a base, optional scaling and risk classes.

    The total is ``base_points`` plus each characteristic's points. With ``scaling`` the total
    implies good:bad odds and a probability of default ``1 / (1 + odds)``; with ``risk_classes``
    it falls in the highest class whose ``min_points`` it reaches (below all: ``floor_class``).
    ``reason_count`` adverse characteristics are reported as reasons (0 to 100).

    Points (``base_points``, each bin's, ``min_points``) lie within +/- 1,000,000 and bin edges
    within +/- 10**18, nonzero ones at least 1E-12 with at most 34 digits: a total stays exact
    in 34 digits.

    Examples:
        >>> card = Scorecard.from_dict({
        ...     "name": "commercial",
        ...     "base_points": "450",
        ...     "scaling": {"points": "600", "odds": "50", "pdo": "20"},
        ...     "characteristics": [
        ...         {"name": "paydex", "edges": ["50", "80"], "points": ["0", "40", "80"],
        ...          "missing_points": "20"},
        ...         {"name": "years", "edges": ["3", "10"], "points": ["10", "40", "70"]},
        ...     ],
        ...     "risk_classes": [{"label": "A", "min_points": "600"},
        ...                      {"label": "B", "min_points": "540"}],
        ...     "floor_class": "C",
        ... })
        >>> result = card.score({"paydex": 85, "years": 4})
        >>> result.total, result.risk_class, [r.figure("characteristic") for r in result.reasons]
        (Decimal('570'), 'B', ['years'])
    """

    characteristics: tuple[Characteristic, ...] = attrs.field(converter=_characteristics)
    base_points: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=points_field)
    scaling: PdoScaling | None = None
    risk_classes: tuple[RiskClass, ...] = attrs.field(default=(), converter=_classes)
    floor_class: str | None = None
    reason_count: int = attrs.field(default=4, validator=int_field(0, 100))
    name: str = ""

    def score(self, applicant: Mapping[str, Value]) -> ScoreResult:
        """Score an applicant given as a mapping of characteristic name to value.

        A characteristic absent from the mapping counts as missing; a name the scorecard does not
        know is an error (a typo should not pass silently).

        Examples:
            >>> card = Scorecard([Characteristic("x", edges=[1], points=[0, 10])], base_points=500)
            >>> card.score({"x": 3}).total
            Decimal('510')
        """
        known = {c.name for c in self.characteristics}
        for name in applicant:
            if name not in known:
                listed = ", ".join(sorted(known))
                raise ValidationError(
                    f"the scorecard has no characteristic {shown(name)} (it has: {listed})"
                )
        contributions = []
        total = self.base_points
        for characteristic in self.characteristics:
            value = applicant.get(characteristic.name)
            label, points = characteristic.bin_for(value)
            total = CONTEXT.add(total, points)
            contributions.append(
                Contribution(characteristic.name, value, label, points, characteristic.max_points)
            )
        odds = probability = None
        if self.scaling is not None:
            odds = self.scaling.odds_for_points(total)
            probability = CONTEXT.divide(_ONE, CONTEXT.add(_ONE, odds))
        risk_class = self.floor_class
        for candidate in self.risk_classes:
            if total >= candidate.min_points:
                risk_class = candidate.label
                break
        adverse = sorted(
            (c for c in contributions if c.shortfall > 0),
            key=lambda c: (-c.shortfall, c.characteristic),
        )[: self.reason_count]
        reasons = tuple(
            Reason.of(
                "credit.adverse_characteristic",
                f"{c.characteristic} = {c.value!r} ({c.bin}) scores {c.points}, "
                f"{c.shortfall} below its best",
                characteristic=c.characteristic,
                points=c.points,
                shortfall=c.shortfall,
            )
            for c in adverse
        )
        return ScoreResult(total, tuple(contributions), odds, probability, risk_class, reasons)


# The payment index: amount-weighted days beyond terms mapped onto 0-100, modelled on the
# published PAYDEX key (100 anticipates, 80 pays promptly, 50 pays 30 days beyond terms, 20
# pays 120 days beyond). Knots are (days beyond terms, index); between knots it is linear.
_INDEX_KNOTS: Final = (
    (-20, 100),
    (-10, 90),
    (0, 80),
    (15, 70),
    (22, 60),
    (30, 50),
    (60, 40),
    (90, 30),
    (120, 20),
    (180, 1),
)


@in_context
def payment_index(invoices: Sequence[Invoice]) -> Decimal:
    """Our own 0-100 payment index from a customer's paid invoices.

    The amount-weighted average of ``paid_on - due_date`` (early payments count as negative
    days) is mapped onto the scale by straight lines between these points: 20 days early or more
    is 100, 10 early 90, on the due date 80, 15 days late 70, 22 days 60, 30 days 50, 60 days
    40, 90 days 30, 120 days 20, 180 days or more 1. The scale follows the published PAYDEX key;
    the figure is ours, not Dun & Bradstreet's.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> def paid(amount, days_late):
        ...     due = dt.date(2026, 3, 31)
        ...     return Invoice(f"I-{amount}-{days_late}", "C", dt.date(2026, 3, 1),
        ...                    Money(amount, "USD"), due_date=due, open_amount=Money(0, "USD"),
        ...                    paid_on=due + dt.timedelta(days=days_late))
        >>> payment_index([paid("100", 0)]), payment_index([paid("100", 30)])
        (Decimal('80'), Decimal('50'))
        >>> payment_index([paid("300", 0), paid("100", 60)])  # weighted: 15 days beyond
        Decimal('70')
    """
    weighted = _ZERO
    weights = _ZERO
    currency = None
    for invoice in all_of(Invoice, "invoices", invoices):
        if invoice.paid_on is None:
            raise InvalidAmountError(f"invoice {invoice.id} has no paid_on date")
        if currency is None:
            currency = invoice.currency
        elif invoice.currency is not currency:
            from receivables.errors import CurrencyMismatchError

            raise CurrencyMismatchError("paid invoices in several currencies cannot be weighted")
        days = (invoice.paid_on - invoice.due_date).days
        weighted = CONTEXT.add(weighted, CONTEXT.multiply(invoice.amount.amount, days))
        weights = CONTEXT.add(weights, invoice.amount.amount)
    if not weights:
        raise InvalidAmountError("a payment index needs paid invoices with a positive amount")
    days_beyond = CONTEXT.divide(weighted, weights)
    first_day, first_index = _INDEX_KNOTS[0]
    if days_beyond <= first_day:
        return Decimal(first_index)
    for (low_day, low_index), (high_day, high_index) in itertools.pairwise(_INDEX_KNOTS):
        if days_beyond <= high_day:
            share = CONTEXT.divide(days_beyond - low_day, Decimal(high_day - low_day))
            return CONTEXT.add(
                Decimal(low_index), CONTEXT.multiply(share, Decimal(high_index - low_index))
            )
    return Decimal(_INDEX_KNOTS[-1][1])
