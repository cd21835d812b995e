"""receivables: typed, pure-Python credit and collections domain logic.

The package root re-exports the core vocabulary (money, FX, terms, calendars, documents,
reasons and errors); the engines live in
their own subpackages (``receivables.aging``, ``receivables.dunning``, ...). Nothing here reads a
file, the clock or the network: every date is a parameter.

Examples:
    >>> import receivables
    >>> receivables.Money("12.50", "EUR").format("en_IE")
    '€12.50'
"""

from __future__ import annotations

from receivables.calendar import (
    BusinessCalendar,
    Convention,
    DayCount,
    HolidayCalendar,
    WeekendCalendar,
    add_business_days,
    adjust,
    business_days_between,
)
from receivables.documents import (
    Adjustment,
    CreditMemo,
    Customer,
    Dispute,
    DocumentKind,
    Invoice,
    OpenItem,
    Payment,
    PromiseToPay,
    days_past_due,
)
from receivables.errors import (
    AmountParseError,
    AmountRangeError,
    AmountTypeError,
    CurrencyMismatchError,
    ExportRowError,
    InvalidAccountError,
    InvalidAmountError,
    InvalidDataError,
    InvalidDateError,
    InvalidDocumentError,
    InvalidPolicyError,
    InvalidRateError,
    InvalidTermsError,
    InvalidTypeError,
    LetterError,
    MergeError,
    MissingDependencyError,
    MissingRateError,
    ReceivablesError,
    StatementError,
    TermsParseError,
    UnknownCurrencyError,
    ValidationError,
)
from receivables.explain import Reason
from receivables.fx import Conversion, ExchangeRate, RateTable, realized_fx_difference
from receivables.money import DEFAULT_ROUNDING, Currency, Money
from receivables.terms import (
    DiscountTier,
    DueBasis,
    Instalment,
    ParsedTerms,
    PaymentTerms,
    parse_terms,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_ROUNDING",
    "Adjustment",
    "AmountParseError",
    "AmountRangeError",
    "AmountTypeError",
    "BusinessCalendar",
    "Convention",
    "Conversion",
    "CreditMemo",
    "Currency",
    "CurrencyMismatchError",
    "Customer",
    "DayCount",
    "DiscountTier",
    "Dispute",
    "DocumentKind",
    "DueBasis",
    "ExchangeRate",
    "ExportRowError",
    "HolidayCalendar",
    "Instalment",
    "InvalidAccountError",
    "InvalidAmountError",
    "InvalidDataError",
    "InvalidDateError",
    "InvalidDocumentError",
    "InvalidPolicyError",
    "InvalidRateError",
    "InvalidTermsError",
    "InvalidTypeError",
    "Invoice",
    "LetterError",
    "MergeError",
    "MissingDependencyError",
    "MissingRateError",
    "Money",
    "OpenItem",
    "ParsedTerms",
    "Payment",
    "PaymentTerms",
    "PromiseToPay",
    "RateTable",
    "Reason",
    "ReceivablesError",
    "StatementError",
    "TermsParseError",
    "UnknownCurrencyError",
    "ValidationError",
    "WeekendCalendar",
    "__version__",
    "add_business_days",
    "adjust",
    "business_days_between",
    "days_past_due",
    "parse_terms",
    "realized_fx_difference",
]
