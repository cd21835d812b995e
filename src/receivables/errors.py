"""The exceptions `receivables` raises, rooted at :class:`ReceivablesError`.

Every error also derives from the builtin a caller would naturally catch (``ValueError``,
``TypeError``, ``LookupError``), so ``except ValueError`` keeps working for code that does not know
this library, while ``except ReceivablesError`` catches everything the library raises on purpose.

Examples:
    >>> from receivables import Money, ReceivablesError
    >>> try:
    ...     Money("1.00", "USD") + Money("1.00", "EUR")
    ... except ReceivablesError as error:
    ...     print(type(error).__name__)
    CurrencyMismatchError
"""

from __future__ import annotations

__all__ = [
    "AmountParseError",
    "AmountRangeError",
    "AmountTypeError",
    "CurrencyMismatchError",
    "ExportRowError",
    "InvalidAccountError",
    "InvalidAmountError",
    "InvalidDataError",
    "InvalidDateError",
    "InvalidDocumentError",
    "InvalidPolicyError",
    "InvalidRateError",
    "InvalidTermsError",
    "InvalidTypeError",
    "LetterError",
    "MergeError",
    "MissingDependencyError",
    "MissingRateError",
    "ReceivablesError",
    "StatementError",
    "TermsParseError",
    "UnknownCurrencyError",
    "ValidationError",
]


class ReceivablesError(Exception):
    """Root of every exception the library raises on purpose.

    Examples:
        >>> issubclass(UnknownCurrencyError, ReceivablesError)
        True
    """


class ValidationError(ReceivablesError, ValueError):
    """A value failed validation: the message names the value and what was expected.

    Examples:
        >>> issubclass(ValidationError, ValueError)
        True
    """


class CurrencyMismatchError(ValidationError):
    """Two amounts in different currencies were combined or compared.

    Examples:
        >>> from receivables import Money
        >>> Money("1", "USD") < Money("1", "EUR")
        Traceback (most recent call last):
        ...
        receivables.errors.CurrencyMismatchError: cannot compare USD with EUR
    """


class UnknownCurrencyError(ValidationError):
    """A currency code is not an ISO 4217 code this library knows.

    It is a ``ValueError`` (a bad value), not a ``KeyError``.

    Examples:
        >>> from receivables import Currency
        >>> Currency.of("XYZ")
        Traceback (most recent call last):
        ...
        receivables.errors.UnknownCurrencyError: unknown ISO 4217 currency code 'XYZ'
    """


class InvalidAmountError(ValidationError):
    """An amount is not a finite decimal, or cannot be what the operation needs.

    Examples:
        >>> from receivables import Money
        >>> Money("NaN", "USD")
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidAmountError: amount must be a finite number, got Decimal('NaN')
    """


class AmountParseError(InvalidAmountError):
    """Text that could not be read as an amount (:meth:`~receivables.Money.parse`); says why.

    Examples:
        >>> issubclass(AmountParseError, InvalidAmountError)
        True
    """


class AmountRangeError(InvalidAmountError):
    """An amount is outside the range :class:`~receivables.Money` holds exactly.

    Money holds amounts below ``10**18`` in absolute value with at most 34 significant digits
    (see :data:`receivables.money.AMOUNT_LIMIT`).

    Examples:
        >>> from receivables import Money
        >>> Money("1E+18", "USD")
        Traceback (most recent call last):
        ...
        receivables.errors.AmountRangeError: amount 1E+18 is outside the range Money holds \
exactly (below 10**18 in absolute value, at most 34 significant digits)
    """


class InvalidTypeError(ReceivablesError, TypeError):
    """A value of the wrong type: a datetime where a date is expected, a str where Money is.

    Examples:
        >>> issubclass(InvalidTypeError, TypeError)
        True
    """


class AmountTypeError(InvalidTypeError):
    """A value of the wrong type was given where money or an exact number is expected.

    Floats (and bools) are refused: a binary float cannot hold most cent amounts exactly.

    Examples:
        >>> from receivables import Money
        >>> Money(0.1, "USD")
        Traceback (most recent call last):
        ...
        receivables.errors.AmountTypeError: amount must be Decimal, int or str, not float (0.1); \
use Decimal('0.1') or '0.1'
    """


class InvalidRateError(ValidationError):
    """An exchange, interest or loss rate is out of range or of the wrong kind.

    Examples:
        >>> issubclass(InvalidRateError, ValueError)
        True
    """


class MissingDependencyError(ReceivablesError, ImportError):
    """An optional part of the library whose extra is not installed; the message names the
    extra to install (``receivables.frames`` needs ``pip install 'receivables[arrow]'``).

    Examples:
        >>> error = MissingDependencyError("pip install 'receivables[arrow]'")
        >>> isinstance(error, ImportError), isinstance(error, ReceivablesError)
        (True, True)
    """


class MissingRateError(ReceivablesError, LookupError):
    """No exchange or reference rate is available for a pair and date.

    Examples:
        >>> issubclass(MissingRateError, LookupError)
        True
    """


class InvalidDateError(ValidationError):
    """A date or date range is impossible (an end before its start, a due date before issue).

    Examples:
        >>> issubclass(InvalidDateError, ValueError)
        True
    """


class InvalidTermsError(ValidationError):
    """Payment terms that cannot exist (negative days, discount tiers out of order, ...).

    Examples:
        >>> issubclass(InvalidTermsError, ValidationError)
        True
    """


class TermsParseError(InvalidTermsError):
    """Text that could not be read as payment terms; the message quotes the text.

    Examples:
        >>> issubclass(TermsParseError, InvalidTermsError)
        True
    """


class InvalidDocumentError(ValidationError):
    """An invoice, payment or other document whose fields contradict each other.

    Examples:
        >>> issubclass(InvalidDocumentError, ValueError)
        True
    """


class InvalidDataError(ValidationError):
    """Plain data (a dict from JSON, YAML or a database row) that does not make the value asked
    for; the message gives the path of each bad field (``$.lines[2].amount``).

    Examples:
        >>> from receivables import Invoice
        >>> Invoice.from_dict({"id": "I-1", "customer_id": "C-1", "issue_date": "2026-01-02",
        ...                    "amount": {"amount": "1x", "currency": "USD"}})
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidDataError: invalid Invoice: amount '1x' is not a number @ $.amount
    """

    field: str | None = None
    """The field the error is about, when one field is (set by the range validators)."""


class InvalidPolicyError(InvalidDataError):
    """A policy (loaded from a dict or built in code) that is malformed; the message gives the path.

    Examples:
        >>> issubclass(InvalidPolicyError, ValueError)
        True
    """

    field: str | None = None
    """The field the error is about, when one field is (set by the range validators), so that
    a policy loaded from a dict reports ``$.levels[0].days_overdue`` rather than ``$.levels[0]``."""


class InvalidAccountError(ValidationError):
    """A bank account number that cannot be right: an IBAN whose check digits fail, a bad length.

    Examples:
        >>> from receivables.accounts import account_number
        >>> account_number("DE89 3704 0044 0532 0130 01")
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidAccountError: IBAN 'DE89370400440532013001' fails its check \
digits (ISO 13616 mod 97)
    """


class StatementError(ValidationError):
    """A bank statement that cannot be read, or whose control totals do not add up.

    The message says where (the line, record or element) and, for a total, by how much.

    Examples:
        >>> from receivables.bankfiles import read_statement
        >>> read_statement("hello")
        Traceback (most recent call last):
        ...
        receivables.errors.StatementError: not a bank statement the library reads (camt.053, \
camt.054, BAI2 or MT940): the text starts with 'hello'
    """


class ExportRowError(ValidationError):
    """A row of an ERP export that cannot become a document: the message, :attr:`row` and
    :attr:`column` say where (``row`` counts data rows from 1, the header not included).

    Examples:
        >>> error = ExportRowError("no such date", row=7, column="Due Date")
        >>> error.row, error.column, str(error)
        (7, 'Due Date', 'row 7, column Due Date: no such date')
    """

    row: int | None
    column: str | None

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        where = [] if row is None else [f"row {row}"]
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
        self.row = row
        self.column = column


class LetterError(ValidationError):
    """A letter that cannot be written: a template that does not parse or uses a name the notice
    does not have, a language with no template, a locale babel does not know.

    Examples:
        >>> issubclass(LetterError, ValueError)
        True
    """


class MergeError(ValidationError):
    """Partial results that cannot be merged into one: built as of different dates, with
    different buckets or settings, or both holding the same account or payment where the merge
    needs them disjoint.

    Examples:
        >>> issubclass(MergeError, ValueError)
        True
    """
