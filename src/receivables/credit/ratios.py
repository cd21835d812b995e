"""Financial statements, the ratios a credit analyst reads, and Altman's Z-scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._text import shown
from receivables.convert import DataForm, DictForm
from receivables.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidTypeError,
    ValidationError,
)
from receivables.money import Currency, Money

__all__ = [
    "FinancialStatements",
    "ZScore",
    "altman_z",
    "altman_z_double_prime",
    "altman_z_prime",
]

_ZERO: Final = Decimal(0)


def _optional_money(value: Money | None) -> Money | None:
    if value is not None and not isinstance(value, Money):
        raise InvalidTypeError(
            f"financial figures must be Money or None, got {type(value).__name__}"
        )
    return value


_FIELDS: Final = (
    "current_assets",
    "current_liabilities",
    "inventory",
    "cash",
    "total_assets",
    "total_liabilities",
    "intangible_assets",
    "retained_earnings",
    "ebit",
    "interest_expense",
    "net_income",
    "sales",
    "book_equity",
    "market_value_of_equity",
)


@attrs.frozen(kw_only=True)
class FinancialStatements(DataForm):
    """The balance-sheet and income figures a credit analyst collects, in one currency.

    Every figure is optional: a ratio that needs a missing figure raises an error naming it,
    never silently using zero. Totals cannot be negative; figures such as retained earnings,
    EBIT and net income can.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> fs = FinancialStatements(current_assets=usd("500"), current_liabilities=usd("250"),
        ...                          inventory=usd("100"))
        >>> fs.current_ratio(), fs.quick_ratio(), fs.working_capital()
        (Decimal('2'), Decimal('1.6'), Money('250', 'USD'))
        >>> fs.debt_to_equity()
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidAmountError: debt to equity needs total_liabilities, \
which the statements do not give
    """

    current_assets: Money | None = attrs.field(default=None, converter=_optional_money)
    current_liabilities: Money | None = attrs.field(default=None, converter=_optional_money)
    inventory: Money | None = attrs.field(default=None, converter=_optional_money)
    cash: Money | None = attrs.field(default=None, converter=_optional_money)
    total_assets: Money | None = attrs.field(default=None, converter=_optional_money)
    total_liabilities: Money | None = attrs.field(default=None, converter=_optional_money)
    intangible_assets: Money | None = attrs.field(default=None, converter=_optional_money)
    retained_earnings: Money | None = attrs.field(default=None, converter=_optional_money)
    ebit: Money | None = attrs.field(default=None, converter=_optional_money)
    interest_expense: Money | None = attrs.field(default=None, converter=_optional_money)
    net_income: Money | None = attrs.field(default=None, converter=_optional_money)
    sales: Money | None = attrs.field(default=None, converter=_optional_money)
    book_equity: Money | None = attrs.field(default=None, converter=_optional_money)
    market_value_of_equity: Money | None = attrs.field(default=None, converter=_optional_money)

    def __attrs_post_init__(self) -> None:
        currency: Currency | None = None
        for name in _FIELDS:
            value: Money | None = getattr(self, name)
            if value is None:
                continue
            if currency is None:
                currency = value.currency
            elif value.currency is not currency:
                raise CurrencyMismatchError(
                    f"{name} is in {value.currency}, the other figures in {currency}"
                )
        for name in (
            "current_assets",
            "current_liabilities",
            "inventory",
            "cash",
            "total_assets",
            "total_liabilities",
            "intangible_assets",
            "interest_expense",
            "sales",
            "market_value_of_equity",
        ):
            value = getattr(self, name)
            if value is not None and value.is_negative:
                raise InvalidAmountError(f"{name} cannot be negative, got {value}")

    @property
    def currency(self) -> Currency | None:
        """The statements' currency (``None`` when no figure is given).

        Examples:
            >>> FinancialStatements(sales=Money("1", "EUR")).currency
            Currency('EUR')
        """
        for name in _FIELDS:
            value: Money | None = getattr(self, name)
            if value is not None:
                return value.currency
        return None

    def need(self, name: str, purpose: str) -> Money:
        """A figure that ``purpose`` needs; a clear error when it is missing.

        Examples:
            >>> FinancialStatements(sales=Money("100", "EUR")).need("sales", "net margin")
            Money('100', 'EUR')
        """
        if name not in _FIELDS:  # getattr would find methods, or fail with AttributeError
            raise ValidationError(
                f"{shown(purpose)} needs {shown(name)}, which is not a figure of "
                f"FinancialStatements (the figures are {', '.join(_FIELDS)})"
            )
        value: Money | None = getattr(self, name)
        if value is None:
            raise InvalidAmountError(f"{purpose} needs {name}, which the statements do not give")
        return value

    def _ratio(self, top: str, bottom: str, purpose: str) -> Decimal:
        numerator = self.need(top, purpose)
        denominator = self.need(bottom, purpose)
        if denominator.is_zero:
            raise InvalidAmountError(f"{purpose} divides by {bottom}, which is zero")
        return CONTEXT.divide(numerator.amount, denominator.amount)

    def current_ratio(self) -> Decimal:
        """Current assets over current liabilities.

        Examples:
            >>> FinancialStatements(current_assets=Money("3", "USD"),
            ...                     current_liabilities=Money("2", "USD")).current_ratio()
            Decimal('1.5')
        """
        return self._ratio("current_assets", "current_liabilities", "current ratio")

    def quick_ratio(self) -> Decimal:
        """(Current assets - inventory) over current liabilities (the acid test).

        Examples:
            >>> FinancialStatements(current_assets=Money("3", "USD"), inventory=Money("1", "USD"),
            ...                     current_liabilities=Money("2", "USD")).quick_ratio()
            Decimal('1')
        """
        assets = self.need("current_assets", "quick ratio")
        inventory = self.need("inventory", "quick ratio")
        liabilities = self.need("current_liabilities", "quick ratio")
        if liabilities.is_zero:
            raise InvalidAmountError("quick ratio divides by current_liabilities, which is zero")
        return CONTEXT.divide((assets - inventory).amount, liabilities.amount)

    def debt_to_equity(self) -> Decimal:
        """Total liabilities over book equity.

        Examples:
            >>> FinancialStatements(total_liabilities=Money("6", "USD"),
            ...                     book_equity=Money("4", "USD")).debt_to_equity()
            Decimal('1.5')
        """
        return self._ratio("total_liabilities", "book_equity", "debt to equity")

    def working_capital(self) -> Money:
        """Current assets less current liabilities.

        Examples:
            >>> FinancialStatements(current_assets=Money("3", "USD"),
            ...                     current_liabilities=Money("5", "USD")).working_capital()
            Money('-2', 'USD')
        """
        return self.need("current_assets", "working capital") - self.need(
            "current_liabilities", "working capital"
        )

    def tangible_net_worth(self) -> Money:
        """Book equity less intangible assets (TNW).

        Examples:
            >>> FinancialStatements(book_equity=Money("100", "USD"),
            ...                     intangible_assets=Money("30", "USD")).tangible_net_worth()
            Money('70', 'USD')
        """
        return self.need("book_equity", "tangible net worth") - self.need(
            "intangible_assets", "tangible net worth"
        )

    def net_margin(self) -> Decimal:
        """Net income over sales.

        Examples:
            >>> FinancialStatements(net_income=Money("5", "USD"),
            ...                     sales=Money("100", "USD")).net_margin()
            Decimal('0.05')
        """
        return self._ratio("net_income", "sales", "net margin")

    def interest_coverage(self) -> Decimal:
        """EBIT over interest expense (times interest earned).

        Examples:
            >>> FinancialStatements(ebit=Money("30", "USD"),
            ...                     interest_expense=Money("10", "USD")).interest_coverage()
            Decimal('3')
        """
        return self._ratio("ebit", "interest_expense", "interest coverage")


@attrs.frozen
class ZScore(DictForm):
    """An Altman Z-score: the value, its zone and the weighted components behind it.

    ``components`` are ``(name, ratio, coefficient)``; the value is the sum of ratio x
    coefficient. ``zone`` is ``"safe"`` above the upper cut-off, ``"distress"`` below the lower
    one and ``"grey"`` between them (both ends included).

    Examples:
        >>> z = ZScore("Z", Decimal("2.5"), "grey", (), (Decimal("1.81"), Decimal("2.99")))
        >>> z.zone
        'grey'
    """

    model: str
    value: Decimal
    zone: str
    components: tuple[tuple[str, Decimal, Decimal], ...]
    cutoffs: tuple[Decimal, Decimal]


def _zone(value: Decimal, lower: Decimal, upper: Decimal) -> str:
    if value > upper:
        return "safe"
    if value < lower:
        return "distress"
    return "grey"


def _z(
    model: str,
    fs: FinancialStatements,
    parts: tuple[tuple[str, str, str, str], ...],
    cutoffs: tuple[str, str],
) -> ZScore:
    components = []
    total = _ZERO
    for name, top, bottom, coefficient in parts:
        if top == "working_capital":
            numerator = fs.working_capital()
            denominator = fs.need(bottom, model)
            if denominator.is_zero:
                raise InvalidAmountError(f"{model} divides by {bottom}, which is zero")
            ratio = CONTEXT.divide(numerator.amount, denominator.amount)
        else:
            ratio = fs._ratio(top, bottom, model)
        weight = Decimal(coefficient)
        components.append((name, ratio, weight))
        total = CONTEXT.add(total, CONTEXT.multiply(ratio, weight))
    lower, upper = Decimal(cutoffs[0]), Decimal(cutoffs[1])
    return ZScore(model, total, _zone(total, lower, upper), tuple(components), (lower, upper))


@in_context
def altman_z(fs: FinancialStatements) -> ZScore:
    """Altman's original Z-score (1968), for public manufacturers.

    ``Z = 1.2 X1 + 1.4 X2 + 3.3 X3 + 0.6 X4 + 1.0 X5`` with X1 working capital / total assets,
    X2 retained earnings / total assets, X3 EBIT / total assets, X4 market value of equity /
    total liabilities, X5 sales / total assets. Zones: distress below 1.81, safe above 2.99.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> fs = FinancialStatements(current_assets=usd("500"), current_liabilities=usd("160"),
        ...     total_assets=usd("1000"), retained_earnings=usd("150"), ebit=usd("0"),
        ...     market_value_of_equity=usd("400"), total_liabilities=usd("500"), sales=usd("1600"))
        >>> z = altman_z(fs)
        >>> z.value, z.zone
        (Decimal('2.698'), 'grey')
    """
    return _z(
        "Altman Z",
        fs,
        (
            ("working capital / total assets", "working_capital", "total_assets", "1.2"),
            ("retained earnings / total assets", "retained_earnings", "total_assets", "1.4"),
            ("EBIT / total assets", "ebit", "total_assets", "3.3"),
            (
                "market value of equity / total liabilities",
                "market_value_of_equity",
                "total_liabilities",
                "0.6",
            ),
            ("sales / total assets", "sales", "total_assets", "1.0"),
        ),
        ("1.81", "2.99"),
    )


@in_context
def altman_z_prime(fs: FinancialStatements) -> ZScore:
    """Altman's Z' (1983), for private firms: book equity replaces market value.

    ``Z' = 0.717 X1 + 0.847 X2 + 3.107 X3 + 0.420 X4 + 0.998 X5``, X4 being book equity / total
    liabilities. Zones: distress below 1.23, safe above 2.9.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> fs = FinancialStatements(current_assets=usd("500"), current_liabilities=usd("160"),
        ...     total_assets=usd("1000"), retained_earnings=usd("150"), ebit=usd("0"),
        ...     book_equity=usd("500"), total_liabilities=usd("500"), sales=usd("1600"))
        >>> z = altman_z_prime(fs)
        >>> z.value, z.zone
        (Decimal('2.38763'), 'grey')
    """
    return _z(
        "Altman Z'",
        fs,
        (
            ("working capital / total assets", "working_capital", "total_assets", "0.717"),
            ("retained earnings / total assets", "retained_earnings", "total_assets", "0.847"),
            ("EBIT / total assets", "ebit", "total_assets", "3.107"),
            ("book equity / total liabilities", "book_equity", "total_liabilities", "0.420"),
            ("sales / total assets", "sales", "total_assets", "0.998"),
        ),
        ("1.23", "2.9"),
    )


@in_context
def altman_z_double_prime(fs: FinancialStatements) -> ZScore:
    """Altman's Z'' (1995), for non-manufacturers and emerging markets: no sales ratio.

    ``Z'' = 6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4``, X4 book equity / total liabilities (the
    emerging-market variant adds a constant 3.25, not included here). Zones: distress below
    1.1, safe above 2.6.

    Examples:
        >>> usd = lambda a: Money(a, "USD")
        >>> fs = FinancialStatements(current_assets=usd("500"), current_liabilities=usd("160"),
        ...     total_assets=usd("1000"), retained_earnings=usd("150"), ebit=usd("0"),
        ...     book_equity=usd("500"), total_liabilities=usd("500"))
        >>> z = altman_z_double_prime(fs)
        >>> z.value, z.zone
        (Decimal('3.7694'), 'safe')
    """
    return _z(
        "Altman Z''",
        fs,
        (
            ("working capital / total assets", "working_capital", "total_assets", "6.56"),
            ("retained earnings / total assets", "retained_earnings", "total_assets", "3.26"),
            ("EBIT / total assets", "ebit", "total_assets", "6.72"),
            ("book equity / total liabilities", "book_equity", "total_liabilities", "1.05"),
        ),
        ("1.1", "2.6"),
    )
