"""receivables: typed, pure-Python credit and collections domain logic.

The package root re-exports the core vocabulary (money, currencies, errors); the engines live in
their own subpackages (``receivables.aging``, ``receivables.dunning``, ...). Nothing here reads a
file, the clock or the network: every date is a parameter.

Examples:
    >>> import receivables
    >>> receivables.Money("12.50", "EUR").format("en_IE")
    '€12.50'
"""

from __future__ import annotations

from receivables.errors import (
    AmountTypeError,
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidDateError,
    InvalidDocumentError,
    InvalidPolicyError,
    InvalidRateError,
    InvalidTermsError,
    InvalidTypeError,
    MissingRateError,
    ReceivablesError,
    TermsParseError,
    UnknownCurrencyError,
    ValidationError,
)
from receivables.fx import Conversion, ExchangeRate, RateTable, realized_fx_difference
from receivables.money import DEFAULT_ROUNDING, Currency, Money

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_ROUNDING",
    "AmountTypeError",
    "Conversion",
    "Currency",
    "CurrencyMismatchError",
    "ExchangeRate",
    "InvalidAmountError",
    "InvalidDateError",
    "InvalidDocumentError",
    "InvalidPolicyError",
    "InvalidRateError",
    "InvalidTermsError",
    "InvalidTypeError",
    "MissingRateError",
    "Money",
    "RateTable",
    "ReceivablesError",
    "TermsParseError",
    "UnknownCurrencyError",
    "ValidationError",
    "__version__",
    "realized_fx_difference",
]
