"""The AR document model: customers, invoices, credit memos, payments, disputes, promises.

Every document is an immutable value validated at construction. What the engines consume is the
:class:`OpenItem` view that invoices, credit memos and unapplied payments share: who owes, which
document, its dates, and its signed ``open_balance`` (invoices positive, credits negative).

Examples:
    >>> import datetime as dt
    >>> from receivables import Money, PaymentTerms
    >>> invoice = Invoice("INV-1001", "C-001", dt.date(2026, 9, 1), Money("1200.00", "USD"),
    ...                   terms=PaymentTerms.net(30))
    >>> invoice.due_date, invoice.days_past_due(dt.date(2026, 11, 26))
    (datetime.date(2026, 10, 1), 56)
    >>> credit = CreditMemo("CM-7", "C-001", dt.date(2026, 9, 15), Money("200.00", "USD"))
    >>> sum(item.open_balance for item in (invoice, credit))
    Money('1000.00', 'USD')
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, Protocol, Self, runtime_checkable

import attrs

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables._validate import all_of, require_date, require_money, str_tuple
from receivables.accounts import account_number
from receivables.convert import DataForm, Numbers, plain_dict, structure
from receivables.errors import (
    AmountTypeError,
    CurrencyMismatchError,
    InvalidDateError,
    InvalidDocumentError,
    InvalidRateError,
    InvalidTypeError,
)
from receivables.money import Currency, Money, to_decimal, trusted_money
from receivables.terms import PaymentTerms

__all__ = [
    "Adjustment",
    "CreditMemo",
    "Customer",
    "Dispute",
    "DocumentKind",
    "InstalmentItem",
    "Invoice",
    "OpenItem",
    "Payment",
    "Portfolio",
    "PromiseToPay",
    "days_past_due",
    "instalment_items",
    "open_items_by_instalment",
]


def _id(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(f"{name} must be a str, not {type(value).__name__} ({shown(value)})")
    if not value.strip():
        raise InvalidDocumentError(f"{name} must not be blank")
    return value


def _optional_id(value: object, name: str) -> str | None:
    return None if value is None else _id(value, name)


def _optional_date(value: object, name: str) -> dt.date | None:
    return None if value is None else require_date(value, name)


def _references(value: Iterable[str]) -> tuple[str, ...]:
    if type(value) is tuple and all(type(v) is str for v in value):
        return value
    return str_tuple(value)


def _positive(value: object, name: str, document: str) -> Money:
    money = require_money(value, name)
    if not money.is_positive:
        raise InvalidDocumentError(f"{document} {name} must be positive, got {money}")
    return money


def _open_part(value: object, whole: Money, document: str) -> Money:
    """An open amount: same currency as the whole, between zero and the whole."""
    if value is None:
        return whole
    open_amount = require_money(value, "open_amount")
    if open_amount.currency is not whole.currency:
        raise CurrencyMismatchError(
            f"{document} open_amount is in {open_amount.currency}, amount in {whole.currency}"
        )
    if open_amount.is_negative or open_amount > whole:
        raise InvalidDocumentError(
            f"{document} open_amount {open_amount} must be between zero and the amount {whole}"
        )
    return open_amount


class DocumentKind(enum.Enum):
    """The kind of an open item.

    Examples:
        >>> DocumentKind.CREDIT_MEMO.value
        'credit_memo'
    """

    INVOICE = "invoice"
    CREDIT_MEMO = "credit_memo"
    PAYMENT = "payment"
    """Unapplied (on-account) cash."""


@runtime_checkable
class OpenItem(Protocol):
    """What every engine reads from a ledger item: the common view of open documents.

    ``open_balance`` is signed: invoices are positive, credit memos and unapplied cash negative.
    ``customer_id`` is ``None`` for cash whose payer is not yet identified. Bring your own type
    (a row from your ERP) with these attributes and the engines accept it.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> isinstance(Payment("P-1", dt.date(2026, 1, 5), Money("10", "USD")), OpenItem)
        True
        >>> item: OpenItem = CreditMemo("CM-1", "C-1", dt.date(2026, 2, 1), Money("5", "USD"))
        >>> item.document_id, item.kind.value, item.due_date, item.open_balance
        ('CM-1', 'credit_memo', datetime.date(2026, 2, 1), Money('-5', 'USD'))
    """

    @property
    def document_id(self) -> str:
        """The document's id (invoice number, credit memo number, payment id)."""
        ...

    @property
    def customer_id(self) -> str | None:
        """Who owes (or is owed); ``None`` when not yet identified."""
        ...

    @property
    def kind(self) -> DocumentKind:
        """Invoice, credit memo or unapplied payment."""
        ...

    @property
    def document_date(self) -> dt.date:
        """The issue date (received date for a payment)."""
        ...

    @property
    def due_date(self) -> dt.date:
        """When the item falls due (the document date for credits)."""
        ...

    @property
    def open_balance(self) -> Money:
        """The signed open amount: invoices positive, credits negative."""
        ...


def days_past_due(item: OpenItem, as_of: dt.date) -> int:
    """``as_of`` minus the item's due date, in days (negative when not yet due).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("5", "EUR"),
        ...               due_date=dt.date(2026, 1, 31))
        >>> days_past_due(inv, dt.date(2026, 1, 21))
        -10
    """
    return (require_date(as_of, "as_of") - item.due_date).days


def _bank_accounts(accounts: Iterable[str]) -> tuple[str, ...]:
    # Each account in its one canonical spelling (an IBAN checked), so that the account on a
    # bank line compares equal to the account on file; repeats are dropped.
    if not accounts:
        return ()
    spelled: dict[str, None] = {}
    for account in _references(accounts):
        spelled.setdefault(account_number(account), None)
    return tuple(spelled)


_LOCALE: Final = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}")


def _late_payment_rate(value: object) -> Decimal | None:
    # The contractual late-payment rate, a fraction a year (12% is Decimal("0.12")).
    if value is None:
        return None
    rate = to_decimal(value, what="late_payment_rate")  # type: ignore[arg-type]
    if not 0 <= rate <= 1:
        raise InvalidRateError(f"late_payment_rate must be from 0 to 1, got {rate}")
    return rate


def _locale(value: object) -> str | None:
    # A locale identifier as babel reads it ("de", "de_AT", "fr-BE"), checked in form only.
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidTypeError(f"locale must be a str, not {shown(value)}")
    if len(value) > 35 or not _LOCALE.fullmatch(value):
        raise InvalidDocumentError(
            f"locale must be a locale identifier such as 'de_DE', got {shown(value)}"
        )
    return value.replace("-", "_")


@attrs.frozen(init=False)
class Customer(DataForm):
    """A customer account.

    ``credit_limit`` (optional) is in the customer's ``currency``. ``segment``, ``region``,
    ``risk_class`` and ``collector`` are free labels for reporting and policy assignment;
    ``parent_id`` links a subsidiary to the parent that may pay for it. ``bank_accounts`` are the
    accounts the customer pays from (IBANs or local numbers, each checked and kept in the canonical
    spelling of :func:`receivables.accounts.account_number`): cash application identifies a payer
    by its account before its name. ``late_payment_rate`` (optional) is the contractual interest
    rate a year on late payments (``Decimal("0.12")`` for 12%), which
    :func:`receivables.dunning.customer_interest` and the dunning run charge instead of a rate
    passed by hand; ``locale`` (optional, such as ``"de_DE"``) is the language and conventions
    a letter to the customer is written in (:mod:`receivables.letters`).

    Examples:
        >>> from receivables import Money
        >>> c = Customer("C-001", "Acme Corp", "usd", credit_limit=Money("50000", "USD"),
        ...              segment="enterprise", tags=["key-account"])
        >>> c.currency, c.terms, c.tags
        (Currency('USD'), PaymentTerms.parse('Net 30'), ('key-account',))
    """

    id: str
    name: str
    currency: Currency
    terms: PaymentTerms
    credit_limit: Money | None
    segment: str | None
    region: str | None
    risk_class: str | None
    collector: str | None
    parent_id: str | None
    dunning_block: bool
    tags: tuple[str, ...]
    bank_accounts: tuple[str, ...]
    late_payment_rate: Decimal | None
    locale: str | None

    def __init__(
        self,
        id: str,
        name: str,
        currency: str | Currency,
        *,
        terms: PaymentTerms | None = None,
        credit_limit: Money | None = None,
        segment: str | None = None,
        region: str | None = None,
        risk_class: str | None = None,
        collector: str | None = None,
        parent_id: str | None = None,
        dunning_block: bool = False,
        tags: Iterable[str] = (),
        bank_accounts: Iterable[str] = (),
        late_payment_rate: Decimal | int | str | None = None,
        locale: str | None = None,
    ) -> None:
        cur = Currency(currency)
        if terms is None:
            terms = PaymentTerms.net(30)
        elif not isinstance(terms, PaymentTerms):
            raise InvalidTypeError(f"terms must be PaymentTerms, not {type(terms).__name__}")
        if credit_limit is not None:
            require_money(credit_limit, "credit_limit")
            if credit_limit.currency is not cur:
                raise CurrencyMismatchError(
                    f"credit_limit is in {credit_limit.currency}, the customer in {cur}"
                )
            if credit_limit.is_negative:
                raise InvalidDocumentError(f"credit_limit must not be negative, got {credit_limit}")
        if type(dunning_block) is not bool:
            raise InvalidTypeError(f"dunning_block must be a bool, not {shown(dunning_block)}")
        self.__attrs_init__(
            _id(id, "id"),
            _id(name, "name"),
            cur,
            terms,
            credit_limit,
            _optional_id(segment, "segment"),
            _optional_id(region, "region"),
            _optional_id(risk_class, "risk_class"),
            _optional_id(collector, "collector"),
            _optional_id(parent_id, "parent_id"),
            dunning_block,
            _references(tags),
            _bank_accounts(bank_accounts),
            _late_payment_rate(late_payment_rate),
            _locale(locale),
        )


@attrs.frozen(init=False)
class Invoice:
    """An invoice: what the customer owes, from when, and how much of it is still open.

    ``due_date`` is derived from ``terms`` when not given (one of the two is required) and never
    precedes ``issue_date``. ``open_amount`` defaults to ``amount`` and stays between zero and it,
    in the same currency. ``references`` holds the keys a remittance may quote (invoice number, PO
    number, ...); a list is accepted. ``paid_on`` is the date a fully paid invoice was cleared,
    which payment-behaviour metrics read.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money, parse_terms
        >>> inv = Invoice("INV-9", "C-1", dt.date(2026, 1, 31), Money("100", "EUR"),
        ...               terms=parse_terms("Net 30 EOM"), open_amount=Money("40", "EUR"),
        ...               references=["PO-77"])
        >>> inv.due_date, inv.open_balance, inv.references
        (datetime.date(2026, 3, 2), Money('40', 'EUR'), ('PO-77',))
    """

    id: str
    customer_id: str
    issue_date: dt.date
    amount: Money
    due_date: dt.date
    terms: PaymentTerms | None
    open_amount: Money
    references: tuple[str, ...]
    paid_on: dt.date | None

    def __init__(
        self,
        id: str,
        customer_id: str,
        issue_date: dt.date,
        amount: Money,
        *,
        due_date: dt.date | None = None,
        terms: PaymentTerms | None = None,
        open_amount: Money | None = None,
        references: Iterable[str] = (),
        paid_on: dt.date | None = None,
    ) -> None:
        _id(id, "id")
        label = f"invoice {id}"
        require_date(issue_date, "issue_date")
        amount = require_money(amount, "amount")
        if amount.is_negative:
            raise InvalidDocumentError(
                f"{label} amount must not be negative, got {amount} (use a CreditMemo)"
            )
        if terms is not None and not isinstance(terms, PaymentTerms):
            raise InvalidTypeError(f"terms must be PaymentTerms, not {type(terms).__name__}")
        if due_date is None:
            if terms is None:
                raise InvalidDocumentError(f"{label} needs a due_date or terms")
            try:
                due_date = terms.due_date(issue_date)
            except InvalidDateError as error:  # say which invoice: the terms do not know
                raise InvalidDateError(f"{label}: {error}") from None
        else:
            require_date(due_date, "due_date")
            if due_date < issue_date:
                raise InvalidDateError(
                    f"{label} due_date {due_date} precedes its issue_date {issue_date}"
                )
        open_part = _open_part(open_amount, amount, label)
        if paid_on is not None:
            require_date(paid_on, "paid_on")
            if not open_part.is_zero:
                raise InvalidDocumentError(f"{label} has paid_on but is still open ({open_part})")
            if paid_on < issue_date:
                raise InvalidDateError(f"{label} paid_on {paid_on} precedes issue_date")
        self.__attrs_init__(
            id,
            _id(customer_id, "customer_id"),
            issue_date,
            amount,
            due_date,
            terms,
            open_part,
            _references(references),
            paid_on,
        )

    # Written out here rather than inherited from convert.DataForm: a base class shared by the
    # open-item classes would make mypy infer ``list[DataForm]`` for ``[invoice, memo]``.
    def to_dict(self) -> dict[str, Any]:
        """The plain form (see ``docs/interchange.md``): JSON-ready, money as
        ``{"amount": "100.10", "currency": "USD"}``, dates as ISO 8601.

        Examples:
            >>> item = Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("100.1", "USD"),
            ...                   due_date=dt.date(2026, 2, 1))
            >>> item.to_dict()["amount"]
            {'amount': '100.10', 'currency': 'USD'}
        """
        return plain_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, numbers: Numbers = "strict") -> Self:
        """Read the plain form back; optional fields are optional, and an error names the
        path of each bad field. ``numbers="shortest-repr"`` reads floats by their repr.

        Examples:
            >>> item = Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("100.1", "USD"),
            ...                   due_date=dt.date(2026, 2, 1))
            >>> Invoice.from_dict(item.to_dict()) == item
            True
        """
        return structure(data, cls, numbers=numbers)

    @property
    def document_id(self) -> str:
        """The invoice id (OpenItem)."""
        return self.id

    @property
    def kind(self) -> DocumentKind:
        """Always :attr:`DocumentKind.INVOICE` (OpenItem)."""
        return DocumentKind.INVOICE

    @property
    def document_date(self) -> dt.date:
        """The issue date (OpenItem)."""
        return self.issue_date

    @property
    def open_balance(self) -> Money:
        """The open amount, positive (OpenItem)."""
        return self.open_amount

    @property
    def currency(self) -> Currency:
        """The invoice currency.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> Invoice("I-1", "C", dt.date(2026, 1, 1), Money("1", "JPY"),
            ...         due_date=dt.date(2026, 1, 1)).currency
            Currency('JPY')
        """
        return self.amount.currency

    @property
    def is_open(self) -> bool:
        """Whether anything is still open.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> Invoice("I-1", "C", dt.date(2026, 1, 1), Money("1", "USD"),
            ...         due_date=dt.date(2026, 1, 1), open_amount=Money("0", "USD")).is_open
            False
        """
        return not self.open_amount.is_zero

    def days_past_due(self, as_of: dt.date) -> int:
        """Days from the due date to ``as_of`` (negative while not yet due).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> inv = Invoice("I-1", "C", dt.date(2026, 1, 1), Money("1", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> inv.days_past_due(dt.date(2026, 3, 2))
            30
        """
        return (require_date(as_of, "as_of") - self.due_date).days

    def is_overdue(self, as_of: dt.date) -> bool:
        """Whether the invoice is open and its due date is before ``as_of``.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> inv = Invoice("I-1", "C", dt.date(2026, 1, 1), Money("1", "USD"),
            ...               due_date=dt.date(2026, 1, 31))
            >>> inv.is_overdue(dt.date(2026, 1, 31)), inv.is_overdue(dt.date(2026, 2, 1))
            (False, True)
        """
        return self.is_open and self.days_past_due(as_of) > 0


@attrs.frozen(init=False)
class CreditMemo:
    """A credit note: ``amount`` is the credit's size (positive); its ``open_balance`` is negative.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> cm = CreditMemo("CM-1", "C-1", dt.date(2026, 2, 1), Money("50.00", "USD"))
        >>> cm.open_balance, cm.due_date
        (Money('-50.00', 'USD'), datetime.date(2026, 2, 1))
    """

    id: str
    customer_id: str
    issue_date: dt.date
    amount: Money
    open_amount: Money
    references: tuple[str, ...]

    def __init__(
        self,
        id: str,
        customer_id: str,
        issue_date: dt.date,
        amount: Money,
        *,
        open_amount: Money | None = None,
        references: Iterable[str] = (),
    ) -> None:
        _id(id, "id")
        label = f"credit memo {id}"
        amount = _positive(amount, "amount", label)
        self.__attrs_init__(
            id,
            _id(customer_id, "customer_id"),
            require_date(issue_date, "issue_date"),
            amount,
            _open_part(open_amount, amount, label),
            _references(references),
        )

    # Written out here rather than inherited from convert.DataForm: a base class shared by the
    # open-item classes would make mypy infer ``list[DataForm]`` for ``[invoice, memo]``.
    def to_dict(self) -> dict[str, Any]:
        """The plain form (see ``docs/interchange.md``): JSON-ready, money as
        ``{"amount": "100.10", "currency": "USD"}``, dates as ISO 8601.

        Examples:
            >>> item = CreditMemo("CM-1", "C-1", dt.date(2026, 1, 2), Money("20", "USD"))
            >>> item.to_dict()["amount"]
            {'amount': '20.00', 'currency': 'USD'}
        """
        return plain_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, numbers: Numbers = "strict") -> Self:
        """Read the plain form back; optional fields are optional, and an error names the
        path of each bad field. ``numbers="shortest-repr"`` reads floats by their repr.

        Examples:
            >>> item = CreditMemo("CM-1", "C-1", dt.date(2026, 1, 2), Money("20", "USD"))
            >>> CreditMemo.from_dict(item.to_dict()) == item
            True
        """
        return structure(data, cls, numbers=numbers)

    @property
    def document_id(self) -> str:
        """The credit memo id (OpenItem)."""
        return self.id

    @property
    def kind(self) -> DocumentKind:
        """Always :attr:`DocumentKind.CREDIT_MEMO` (OpenItem)."""
        return DocumentKind.CREDIT_MEMO

    @property
    def document_date(self) -> dt.date:
        """The issue date (OpenItem)."""
        return self.issue_date

    @property
    def due_date(self) -> dt.date:
        """The issue date: a credit is available from it, which ages it (OpenItem)."""
        return self.issue_date

    @property
    def open_balance(self) -> Money:
        """The open credit, negative (OpenItem)."""
        return -self.open_amount


@attrs.frozen(init=False)
class Payment:
    """Cash received: who paid (if known), when, how much, and what the remittance said.

    ``unapplied_amount`` (default: all of it) is the part not yet applied to invoices; as an open
    item it is a credit (negative ``open_balance``). ``customer_id`` is ``None`` while the payer is
    unidentified; ``payer_name`` is the name on the bank line and ``payer_account`` the account
    it came from (an IBAN, checked, or a local number; see
    :func:`receivables.accounts.account_number`).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> p = Payment("PAY-1", dt.date(2026, 3, 3), Money("980.00", "USD"),
        ...             references=["INV 1001"], payer_name="ACME CORP")
        >>> p.customer_id is None, p.open_balance
        (True, Money('-980.00', 'USD'))
    """

    id: str
    received_date: dt.date
    amount: Money
    customer_id: str | None
    references: tuple[str, ...]
    payer_name: str | None
    unapplied_amount: Money
    payer_account: str | None

    def __init__(
        self,
        id: str,
        received_date: dt.date,
        amount: Money,
        *,
        customer_id: str | None = None,
        references: Iterable[str] = (),
        payer_name: str | None = None,
        unapplied_amount: Money | None = None,
        payer_account: str | None = None,
    ) -> None:
        _id(id, "id")
        label = f"payment {id}"
        amount = _positive(amount, "amount", label)
        if payer_name is not None and not isinstance(payer_name, str):
            raise InvalidTypeError(f"payer_name must be a str, not {type(payer_name).__name__}")
        self.__attrs_init__(
            id,
            require_date(received_date, "received_date"),
            amount,
            _optional_id(customer_id, "customer_id"),
            _references(references),
            payer_name,
            _open_part(unapplied_amount, amount, label),
            None if payer_account is None else account_number(payer_account),
        )

    # Written out here rather than inherited from convert.DataForm: a base class shared by the
    # open-item classes would make mypy infer ``list[DataForm]`` for ``[invoice, memo]``.
    def to_dict(self) -> dict[str, Any]:
        """The plain form (see ``docs/interchange.md``): JSON-ready, money as
        ``{"amount": "100.10", "currency": "USD"}``, dates as ISO 8601.

        Examples:
            >>> item = Payment("P-1", dt.date(2026, 1, 2), Money("100.1", "USD"))
            >>> item.to_dict()["amount"]
            {'amount': '100.10', 'currency': 'USD'}
        """
        return plain_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, numbers: Numbers = "strict") -> Self:
        """Read the plain form back; optional fields are optional, and an error names the
        path of each bad field. ``numbers="shortest-repr"`` reads floats by their repr.

        Examples:
            >>> item = Payment("P-1", dt.date(2026, 1, 2), Money("100.1", "USD"))
            >>> Payment.from_dict(item.to_dict()) == item
            True
        """
        return structure(data, cls, numbers=numbers)

    @property
    def document_id(self) -> str:
        """The payment id (OpenItem)."""
        return self.id

    @property
    def kind(self) -> DocumentKind:
        """Always :attr:`DocumentKind.PAYMENT` (OpenItem)."""
        return DocumentKind.PAYMENT

    @property
    def document_date(self) -> dt.date:
        """The received date (OpenItem)."""
        return self.received_date

    @property
    def due_date(self) -> dt.date:
        """The received date: unapplied cash ages from it (OpenItem)."""
        return self.received_date

    @property
    def open_balance(self) -> Money:
        """The unapplied cash, negative (OpenItem)."""
        return -self.unapplied_amount


@attrs.frozen(init=False)
class Dispute(DataForm):
    """A customer contests ``amount`` of an invoice for ``reason_code`` (pricing, quantity, ...).

    Open from ``opened_on`` until ``resolved_on`` (exclusive), if that is set.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> d = Dispute("INV-1", Money("120.00", "USD"), "pricing", dt.date(2026, 3, 1),
        ...             resolved_on=dt.date(2026, 3, 20))
        >>> d.is_open(dt.date(2026, 3, 19)), d.is_open(dt.date(2026, 3, 20))
        (True, False)
    """

    invoice_id: str
    amount: Money
    reason_code: str
    opened_on: dt.date
    resolved_on: dt.date | None
    id: str | None

    def __init__(
        self,
        invoice_id: str,
        amount: Money,
        reason_code: str,
        opened_on: dt.date,
        *,
        resolved_on: dt.date | None = None,
        id: str | None = None,
    ) -> None:
        label = f"dispute on {invoice_id}"
        opened = require_date(opened_on, "opened_on")
        resolved = _optional_date(resolved_on, "resolved_on")
        if resolved is not None and resolved < opened:
            raise InvalidDateError(f"{label} resolved_on {resolved} precedes opened_on {opened}")
        self.__attrs_init__(
            _id(invoice_id, "invoice_id"),
            _positive(amount, "amount", label),
            _id(reason_code, "reason_code"),
            opened,
            resolved,
            _optional_id(id, "id"),
        )

    def is_open(self, as_of: dt.date) -> bool:
        """Whether the dispute is open on ``as_of``.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> Dispute("I", Money("1", "USD"), "quality", dt.date(2026, 1, 2)).is_open(
            ...     dt.date(2026, 1, 1))
            False
        """
        require_date(as_of, "as_of")
        return self.opened_on <= as_of and (self.resolved_on is None or as_of < self.resolved_on)


@attrs.frozen(init=False)
class PromiseToPay(DataForm):
    """A customer's commitment, made on ``made_on``, to pay ``amount`` by ``promised_date``.

    ``invoice_ids`` names the invoices it covers (empty: the account in general). A promise is
    pending until its date and broken after it if not paid in full; :meth:`status` says which.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> ptp = PromiseToPay("C-1", Money("500.00", "USD"), dt.date(2026, 4, 10),
        ...                    dt.date(2026, 4, 1), invoice_ids=["INV-3"])
        >>> ptp.status(dt.date(2026, 4, 10), paid=Money("0", "USD"))
        'pending'
        >>> ptp.status(dt.date(2026, 4, 11), paid=Money("200.00", "USD"))
        'broken'
        >>> ptp.status(dt.date(2026, 4, 11), paid=Money("500.00", "USD"))
        'kept'
    """

    customer_id: str
    amount: Money
    promised_date: dt.date
    made_on: dt.date
    invoice_ids: tuple[str, ...]

    def __init__(
        self,
        customer_id: str,
        amount: Money,
        promised_date: dt.date,
        made_on: dt.date,
        *,
        invoice_ids: Iterable[str] = (),
    ) -> None:
        label = f"promise to pay by {customer_id}"
        promised = require_date(promised_date, "promised_date")
        made = require_date(made_on, "made_on")
        if promised < made:
            raise InvalidDateError(f"{label}: promised_date {promised} precedes made_on {made}")
        self.__attrs_init__(
            _id(customer_id, "customer_id"),
            _positive(amount, "amount", label),
            promised,
            made,
            _references(invoice_ids),
        )

    def status(self, as_of: dt.date, *, paid: Money) -> str:
        """``"kept"`` if ``paid`` covers the amount, else ``"pending"`` until the date, then
        ``"broken"``.

        ``paid`` is what the customer has paid towards the promise since it was made.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Money
            >>> PromiseToPay("C", Money("1", "EUR"), dt.date(2026, 1, 2), dt.date(2026, 1, 1)
            ...              ).status(dt.date(2026, 1, 1), paid=Money("0", "EUR"))
            'pending'
        """
        require_date(as_of, "as_of")
        require_money(paid, "paid")
        if paid.currency is not self.amount.currency:
            raise CurrencyMismatchError(
                f"paid is in {paid.currency}, the promise in {self.amount.currency}"
            )
        if paid >= self.amount:
            return "kept"
        return "pending" if as_of <= self.promised_date else "broken"


@attrs.frozen(init=False)
class Adjustment(DataForm):
    """A change to an invoice's open amount that is not cash: a small-balance write-off, a
    correction. ``amount`` is signed: negative reduces what is owed.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> adj = Adjustment("ADJ-1", "C-1", dt.date(2026, 5, 2), Money("-0.37", "USD"),
        ...                  "small_balance", invoice_id="INV-4")
        >>> adj.amount.is_negative, adj.invoice_id
        (True, 'INV-4')
    """

    id: str
    customer_id: str
    adjustment_date: dt.date
    amount: Money
    reason_code: str
    invoice_id: str | None

    def __init__(
        self,
        id: str,
        customer_id: str,
        adjustment_date: dt.date,
        amount: Money,
        reason_code: str,
        *,
        invoice_id: str | None = None,
    ) -> None:
        money = require_money(amount, "amount")
        if money.is_zero:
            raise InvalidDocumentError(f"adjustment {id} amount must not be zero")
        self.__attrs_init__(
            _id(id, "id"),
            _id(customer_id, "customer_id"),
            require_date(adjustment_date, "adjustment_date"),
            money,
            _id(reason_code, "reason_code"),
            _optional_id(invoice_id, "invoice_id"),
        )


def open_items(items: Iterable[OpenItem], name: str = "items") -> list[OpenItem]:
    """The rows of an engine's open-items argument, each checked to be a usable :class:`OpenItem`.

    An internal contract: every engine that takes open items calls it where they enter. Rows of
    the library's own types were validated when built and pass at the cost of a type check;
    any other row (a caller's ERP row type) has each :class:`OpenItem` attribute read and
    checked once, and a bad one is a library error that names the row, never an
    ``AttributeError`` from deep inside an engine.

    Examples:
        >>> from receivables import Money
        >>> class Row:
        ...     document_id, customer_id, kind = "INV-9", "C-1", DocumentKind.INVOICE
        ...     document_date = due_date = dt.date(2026, 1, 1)
        ...     open_balance = 12.5
        >>> open_items([Row()])
        Traceback (most recent call last):
        ...
        receivables.errors.AmountTypeError: items: row INV-9: open_balance must be Money, \
not float (12.5)
    """
    if isinstance(items, str | bytes):
        raise InvalidTypeError(
            f"{name} must be an iterable of open items, not {type(items).__name__}"
        )
    rows = list(items)
    own = OWN_TYPES
    for position, row in enumerate(rows):
        if type(row) not in own:
            check_open_item(row, position, name)
    return rows


def check_open_item(row: object, position: int, name: str) -> None:
    try:
        document_id = row.document_id  # type: ignore[attr-defined]
    except AttributeError:
        raise InvalidTypeError(
            f"{name}: row {position} ({shown(row)}) is not an open item: it has no document_id"
        ) from None
    if not isinstance(document_id, str) or not document_id.strip():
        raise InvalidDocumentError(
            f"{name}: row {position}: document_id must be a non-blank str, "
            f"got {type(document_id).__name__} ({shown(document_id)})"
        )
    where = f"{name}: row {document_id if len(document_id) <= 40 else document_id[:37] + '...'}"
    values: dict[str, object] = {}
    for attribute in ("customer_id", "kind", "document_date", "due_date", "open_balance"):
        try:
            values[attribute] = getattr(row, attribute)
        except AttributeError:
            raise InvalidTypeError(f"{where} is not an open item: it has no {attribute}") from None
    customer_id = values["customer_id"]
    if customer_id is not None and (not isinstance(customer_id, str) or not customer_id.strip()):
        raise InvalidDocumentError(
            f"{where}: customer_id must be a non-blank str or None, "
            f"got {type(customer_id).__name__} ({shown(customer_id)})"
        )
    if not isinstance(values["kind"], DocumentKind):
        raise InvalidTypeError(f"{where}: kind must be a DocumentKind, got {shown(values['kind'])}")
    for attribute in ("document_date", "due_date"):
        value = values[attribute]
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidTypeError(
                f"{where}: {attribute} must be a datetime.date, "
                f"not {type(value).__name__} ({shown(value)})"
            )
    balance = values["open_balance"]
    if not isinstance(balance, Money):
        raise AmountTypeError(
            f"{where}: open_balance must be Money, not {type(balance).__name__} ({shown(balance)})"
        )


def trusted_invoice(
    id: str,
    customer_id: str,
    issue_date: dt.date,
    amount: Money,
    due_date: dt.date,
    terms: PaymentTerms | None,
    open_amount: Money,
    references: tuple[str, ...],
    paid_on: dt.date | None,
) -> Invoice:
    """Build an :class:`Invoice` without validation (an internal contract, not for caller input).

    Only for values the library generated correct by construction (the sample generator builds
    millions of invoices and must not re-check each one). Caller data goes through ``Invoice(...)``.

    Examples:
        >>> from receivables import Money
        >>> day = dt.date(2026, 1, 1)
        >>> usd = Money("10.00", "USD")
        >>> trusted_invoice("I-1", "C-1", day, usd, day, None, usd, (), None).open_amount
        Money('10.00', 'USD')
    """
    invoice = _new_object(Invoice)
    # The slots' own setters, in field order: half the cost of ``__attrs_init__`` (which sets
    # each field with ``object.__setattr__`` by name), for the sample generator's millions.
    to_id, to_customer, to_issued, to_amount, to_due, to_terms, to_open, to_refs, to_paid = (
        _INVOICE_SETTERS
    )
    to_id(invoice, id)
    to_customer(invoice, customer_id)
    to_issued(invoice, issue_date)
    to_amount(invoice, amount)
    to_due(invoice, due_date)
    to_terms(invoice, terms)
    to_open(invoice, open_amount)
    to_refs(invoice, references)
    to_paid(invoice, paid_on)
    return invoice


_new_object: Final = object.__new__
_INVOICE_SETTERS: Final = tuple(
    Invoice.__dict__[field.name].__set__ for field in attrs.fields(Invoice)
)


@attrs.frozen(init=False)
class Portfolio(DataForm):
    """A receivables ledger as of a date: customers and their documents, as the engines read it.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> book = Portfolio(
        ...     as_of=dt.date(2026, 6, 30),
        ...     customers=[Customer("C-1", "Acme", "USD")],
        ...     invoices=[Invoice("I-1", "C-1", dt.date(2026, 6, 1), Money("100", "USD"),
        ...                       due_date=dt.date(2026, 7, 1))],
        ... )
        >>> [item.document_id for item in book.open_items()]
        ['I-1']
        >>> book.customer("C-1").name
        'Acme'
    """

    as_of: dt.date
    customers: tuple[Customer, ...]
    invoices: tuple[Invoice, ...]
    credit_memos: tuple[CreditMemo, ...]
    payments: tuple[Payment, ...]
    disputes: tuple[Dispute, ...]
    promises: tuple[PromiseToPay, ...]
    _customers_by_id: dict[str, Customer] = attrs.field(repr=False, eq=False)

    def __init__(
        self,
        *,
        as_of: dt.date,
        customers: Iterable[Customer] = (),
        invoices: Iterable[Invoice] = (),
        credit_memos: Iterable[CreditMemo] = (),
        payments: Iterable[Payment] = (),
        disputes: Iterable[Dispute] = (),
        promises: Iterable[PromiseToPay] = (),
    ) -> None:
        customer_tuple: tuple[Customer, ...] = all_of(Customer, "customers", customers)
        by_id: dict[str, Customer] = {}
        for customer in customer_tuple:
            if customer.id in by_id:
                raise InvalidDocumentError(f"customer {customer.id} appears twice")
            by_id[customer.id] = customer
        self.__attrs_init__(
            require_date(as_of, "as_of"),
            customer_tuple,
            all_of(Invoice, "invoices", invoices),
            all_of(CreditMemo, "credit_memos", credit_memos),
            all_of(Payment, "payments", payments),
            all_of(Dispute, "disputes", disputes),
            all_of(PromiseToPay, "promises", promises),
            by_id,
        )

    def customer(self, customer_id: str) -> Customer:
        """The customer with ``customer_id``; an unknown id is a clear error.

        Examples:
            >>> import datetime as dt
            >>> Portfolio(as_of=dt.date(2026, 1, 1)).customer("C-9")
            Traceback (most recent call last):
            ...
            receivables.errors.InvalidDocumentError: no customer 'C-9' in the portfolio
        """
        try:
            return self._customers_by_id[customer_id]
        except KeyError:
            raise InvalidDocumentError(
                f"no customer {shown(customer_id)} in the portfolio"
            ) from None

    def open_items(self) -> tuple[OpenItem, ...]:
        """Open invoices, open credit memos and unapplied payments, in that order.

        Examples:
            >>> import datetime as dt
            >>> Portfolio(as_of=dt.date(2026, 1, 1)).open_items()
            ()
        """
        items: list[OpenItem] = [i for i in self.invoices if not i.open_amount.is_zero]
        items.extend(c for c in self.credit_memos if not c.open_amount.is_zero)
        items.extend(p for p in self.payments if not p.unapplied_amount.is_zero)
        return tuple(items)


# -- instalments as open items -------------------------------------------------------------------


@attrs.frozen
class InstalmentItem:
    """One open instalment of an invoice on instalment terms, as an :class:`OpenItem`.

    It keeps the invoice's ``document_id``, customer, kind and document date, so reports and
    notices still show the invoice; ``instalment`` (1-based, of ``instalments``) says which part,
    and ``due_date``, ``amount`` and ``open_balance`` are the instalment's own. Built by
    :func:`instalment_items`.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money, PaymentTerms
        >>> terms = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])
        >>> invoice = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("500.00", "USD"),
        ...                   terms=terms)
        >>> first = instalment_items(invoice)[0]
        >>> first.document_id, first.instalment, first.due_date, first.open_balance
        ('I-1', 1, datetime.date(2026, 1, 31), Money('250.00', 'USD'))
    """

    invoice: Invoice = attrs.field(repr=False, validator=attrs.validators.instance_of(Invoice))
    instalment: int
    instalments: int
    due_date: dt.date
    amount: Money
    open_balance: Money

    # Written out here rather than inherited from convert.DataForm: a base class shared by the
    # open-item classes would make mypy infer ``list[DataForm]`` for ``[invoice, memo]``.
    def to_dict(self) -> dict[str, Any]:
        """The plain form (see ``docs/interchange.md``): JSON-ready, money as
        ``{"amount": "100.10", "currency": "USD"}``, dates as ISO 8601.

        Examples:
            >>> from receivables import PaymentTerms
            >>> terms = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])
            >>> invoice = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("500.00", "USD"),
            ...                   terms=terms)
            >>> instalment_items(invoice)[1].to_dict()["due_date"]
            '2026-03-02'
        """
        return plain_dict(self)

    @property
    def document_id(self) -> str:
        """The invoice's id (OpenItem): an instalment is reported as its invoice."""
        return self.invoice.id

    @property
    def customer_id(self) -> str:
        """The invoice's customer (OpenItem)."""
        return self.invoice.customer_id

    @property
    def kind(self) -> DocumentKind:
        """Always :attr:`DocumentKind.INVOICE` (OpenItem)."""
        return DocumentKind.INVOICE

    @property
    def document_date(self) -> dt.date:
        """The invoice's issue date (OpenItem)."""
        return self.invoice.issue_date


def instalment_items(invoice: Invoice) -> tuple[InstalmentItem, ...]:
    """The open instalments of ``invoice``, oldest first, each an :class:`OpenItem` of its own.

    The schedule is the terms' (:meth:`~receivables.PaymentTerms.instalment_schedule` from the
    issue date: the last instalment absorbs the rounding). What has been paid (``amount`` less
    ``open_amount``) is applied to the instalments oldest first; the instalments still open are
    returned with what is left of each. An invoice without instalment terms (or with a single
    instalment) is one instalment: its due date and open amount.

    Invariant: the open balances sum exactly to the invoice's ``open_amount``; a paid invoice has
    none.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money, PaymentTerms
        >>> terms = PaymentTerms.instalment_plan([("0.3", 0), ("0.7", 60)])
        >>> invoice = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("500.00", "USD"),
        ...                   terms=terms, open_amount=Money("400.00", "USD"))
        >>> [(i.instalment, i.due_date.isoformat(), str(i.open_balance))
        ...  for i in instalment_items(invoice)]
        [(1, '2026-01-01', '50.00 USD'), (2, '2026-03-02', '350.00 USD')]
    """
    if not isinstance(invoice, Invoice):
        raise InvalidTypeError(f"invoice must be an Invoice, not {type(invoice).__name__}")
    if invoice.open_amount.is_zero:
        return ()
    terms = invoice.terms
    if terms is None or len(terms.instalments) < 2:
        return (
            InstalmentItem(invoice, 1, 1, invoice.due_date, invoice.amount, invoice.open_amount),
        )
    schedule = terms.instalment_schedule(invoice.amount, invoice.issue_date)
    currency = invoice.amount.currency
    # Exact Decimal arithmetic on amounts the library holds (no range can be left: every figure
    # lies between zero and the invoice amount).
    subtract = CONTEXT.subtract
    applied = subtract(invoice.amount.amount, invoice.open_amount.amount)
    items: list[InstalmentItem] = []
    count = len(schedule)
    for number, (due, amount) in enumerate(schedule, start=1):
        scheduled = amount.amount
        covered = scheduled if applied >= scheduled else applied
        applied = subtract(applied, covered)
        left = subtract(scheduled, covered)
        if left:
            items.append(
                InstalmentItem(invoice, number, count, due, amount, trusted_money(left, currency))
            )
    return tuple(items)


def open_items_by_instalment(items: Iterable[OpenItem]) -> Iterator[OpenItem]:
    """``items`` with each invoice on instalment terms replaced by its open instalments.

    Aging and dunning read open items through it, so that each instalment ages and is dunned by
    its own due date and amount; other items (and invoices without instalments) pass unchanged,
    in order. An invoice's instalments come together, oldest first.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money, PaymentTerms
        >>> plan = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])
        >>> items = [Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("500", "USD"), terms=plan),
        ...          Invoice("I-2", "C-1", dt.date(2026, 1, 1), Money("9", "USD"),
        ...                  terms=PaymentTerms.net(30))]
        >>> [(i.document_id, i.due_date.isoformat()) for i in open_items_by_instalment(items)]
        [('I-1', '2026-01-31'), ('I-1', '2026-03-02'), ('I-2', '2026-01-31')]
    """
    for item in items:
        if type(item) is Invoice:
            terms = item.terms
            if terms is not None and len(terms.instalments) > 1:
                yield from instalment_items(item)
                continue
        yield item


OWN_TYPES: frozenset[type] = frozenset({Invoice, CreditMemo, Payment, InstalmentItem})
