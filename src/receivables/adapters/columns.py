"""Which column of an ERP export holds what: :class:`ColumnMap`, and the kinds rows can be.

A :class:`ColumnMap` is data (it loads from a dict through :mod:`receivables.convert`): the
column that names the customer, the document number, its kind, its dates and their format, its
currency, its amounts and their sign convention, its terms and its references. The ready maps
for the exports people have are in :mod:`receivables.adapters.maps`.

Examples:
    >>> mapping = ColumnMap(
    ...     name="mine", customer="Customer", document="Invoice", document_date="Date",
    ...     date_format="%d/%m/%Y", due_date="Due", open_amount="Open", default_currency="EUR")
    >>> mapping.columns()
    ('Customer', 'Invoice', 'Date', 'Due', 'Open')
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final, Literal

import attrs

from receivables._text import shown
from receivables.convert import PolicyData
from receivables.errors import InvalidPolicyError, ReceivablesError, UnknownCurrencyError
from receivables.money import Currency
from receivables.terms import PaymentTerms

__all__ = ["AmountSign", "ColumnMap", "RowKind"]

MAX_CELL_LENGTH: Final = 1000
"""Longest cell :func:`~receivables.adapters.load_rows` reads (characters, surrounding
whitespace included). ERP cells are names, numbers and dates of some 100 characters at most; a
longer cell is a rejection that names its row and column, so that a broken file (a whole line
inside one quoted cell) costs linear time and a clear message."""

_MAX_NAME_LENGTH: Final = 200
_MAX_KIND_VALUES: Final = 200


class RowKind(enum.Enum):
    """What a row of an export is, after its kind column is read.

    ``INVOICE`` rows with a credit balance are credit notes (a return invoice); ``AUTO`` rows
    are invoices when they are debits and credit notes when they are credits; ``OPENING`` rows
    are balances carried over from before the ERP (an invoice if a debit, a credit note if a
    credit, with the reference ``"opening"``); ``SUMMARY`` rows (totals, subtotals) are no
    documents and are listed as skipped.

    Examples:
        >>> RowKind("credit_memo") is RowKind.CREDIT_MEMO
        True
    """

    AUTO = "auto"
    INVOICE = "invoice"
    CREDIT_MEMO = "credit_memo"
    PAYMENT = "payment"
    OPENING = "opening"
    SUMMARY = "summary"


class AmountSign(enum.Enum):
    """How the amounts of an export are signed.

    ``AS_PRINTED``: receivable-positive, as AR reports print them (an invoice ``1,000.00``, a
    credit note or an unapplied payment ``-200.00``). ``BY_KIND``: every amount is printed
    positive and the row's kind says which way it goes (credit notes and payments are credits).
    A map with debit and credit columns needs neither: the amount is debit minus credit.

    Examples:
        >>> AmountSign("by_kind") is AmountSign.BY_KIND
        True
    """

    AS_PRINTED = "as_printed"
    BY_KIND = "by_kind"


def _column(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidPolicyError(f"{name} must be a non-blank column name, got {shown(value)}")
    if len(value) > _MAX_NAME_LENGTH:
        raise InvalidPolicyError(f"{name} is longer than {_MAX_NAME_LENGTH} characters")
    return value


def _optional_column(value: object, name: str) -> str | None:
    return None if value is None else _column(value, name)


def _check_date_format(value: object) -> str:
    if not isinstance(value, str) or "%" not in value or len(value) > 40:
        raise InvalidPolicyError(
            f"date_format must be a strptime format such as '%Y-%m-%d', got {shown(value)}"
        )
    has_day = "%d" in value or "%j" in value
    has_month = "%m" in value or "%b" in value or "%B" in value or "%j" in value
    if not (has_day and has_month and ("%Y" in value or "%y" in value)):
        raise InvalidPolicyError(
            f"date_format {shown(value)} must name the year, the month and the day explicitly"
        )
    probe = dt.date(2026, 11, 26)
    try:
        text = probe.strftime(value)
        back = dt.datetime.strptime(text, value).date()
    except (ValueError, TypeError) as error:
        raise InvalidPolicyError(f"date_format {shown(value)} is not usable: {error}") from None
    if back != probe:
        raise InvalidPolicyError(
            f"date_format {shown(value)} does not read back the date it writes "
            f"({text!r} became {back})"
        )
    return value


@attrs.frozen(kw_only=True)
class ColumnMap(PolicyData):
    """Where each field of a document is in an export's rows, and how it is written.

    Required: ``name`` (the key of the map, such as ``"erpnext"``), ``customer`` and
    ``document`` (the columns of the customer id and the document number), ``document_date``
    and ``date_format`` (a ``strptime`` format naming the day and the month explicitly: the
    loader never guesses between day-first and month-first), and at least one amount: ``amount``
    (the document's whole amount), ``open_amount`` (what is still open), or ``debit`` and
    ``credit`` (a ledger's two columns; the amount is debit minus credit).

    Optional columns: ``customer_name``, ``kind`` (read through ``kinds``, pairs of the text
    in the column and the :class:`RowKind` it means, compared case-insensitively; text that is
    not listed becomes ``unknown_kind``, or a rejection when that is ``None``), ``due_date``,
    ``currency`` (blank cells take ``default_currency``; without a currency column every row is
    in ``default_currency``), ``terms`` (payment-term names; ``terms_mode="lenient"`` puts
    ``default_terms`` (or no terms, when that is ``None``: the row's due date then stands) in
    place of a name it cannot read and records why on the row, where ``"strict"`` rejects the
    row; ``default_terms`` also serves invoices whose terms cell is blank), ``references``
    (columns whose text a remittance may quote),
    ``against`` (the document a ledger row applies to: a payment row against an invoice nets
    into that invoice), ``opening`` (a column whose text in ``opening_values`` marks an opening
    entry).

    ``summary_markers``: text in the customer, document or date column that marks a total row
    (skipped and listed, never loaded). ``fill_down``: columns whose blank cells repeat the last
    non-blank value above (reports that print the customer once per group). ``locale``: the
    locale the amounts are printed in (``"de_DE"`` reads ``1.234,50-``).

    Examples:
        >>> mapping = ColumnMap.from_dict({
        ...     "name": "sheet", "customer": "Client", "document": "No", "document_date": "Date",
        ...     "date_format": "%Y-%m-%d", "amount": "Amount", "kind": "Type",
        ...     "kinds": {"Invoice": "invoice", "Credit": "credit_memo"},
        ...     "default_currency": "USD"})
        >>> mapping.kind_of("credit"), mapping.kind_of("Refund")
        (<RowKind.CREDIT_MEMO: 'credit_memo'>, None)
    """

    name: str
    title: str = ""
    customer: str
    document: str
    document_date: str
    date_format: str
    customer_name: str | None = None
    kind: str | None = None
    kinds: tuple[tuple[str, RowKind], ...] = ()
    unknown_kind: RowKind | None = None
    due_date: str | None = None
    currency: str | None = None
    default_currency: str | None = None
    amount: str | None = None
    open_amount: str | None = None
    debit: str | None = None
    credit: str | None = None
    sign: AmountSign = AmountSign.AS_PRINTED
    locale: str = "en_US"
    terms: str | None = None
    terms_mode: Literal["strict", "lenient"] = "strict"
    default_terms: PaymentTerms | None = None
    references: tuple[str, ...] = ()
    against: str | None = None
    opening: str | None = None
    opening_values: tuple[str, ...] = ("yes", "1", "true", "x")
    summary_markers: tuple[str, ...] = ()
    fill_down: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        try:
            self._check()
        except ReceivablesError as error:
            if isinstance(error, InvalidPolicyError):
                raise
            raise InvalidPolicyError(str(error)) from None

    def _check(self) -> None:
        _column(self.name, "name")
        if not isinstance(self.title, str):
            raise InvalidPolicyError(f"title must be a str, got {shown(self.title)}")
        for field in ("customer", "document", "document_date"):
            _column(getattr(self, field), field)
        for field in (
            "customer_name", "kind", "due_date", "currency", "amount", "open_amount", "debit",
            "credit", "terms", "against", "opening",
        ):  # fmt: skip
            _optional_column(getattr(self, field), field)
        _check_date_format(self.date_format)
        if (self.debit is None) != (self.credit is None):
            raise InvalidPolicyError("debit and credit columns come together: name both or none")
        if self.amount is None and self.open_amount is None and self.debit is None:
            raise InvalidPolicyError(
                "a column map needs an amount: amount, open_amount, or debit and credit"
            )
        if self.debit is not None and self.amount is not None:
            raise InvalidPolicyError("name either amount or debit and credit, not both")
        if not isinstance(self.sign, AmountSign):
            raise InvalidPolicyError(f"sign must be an AmountSign, got {shown(self.sign)}")
        if self.sign is AmountSign.BY_KIND and self.kind is None:
            raise InvalidPolicyError("sign 'by_kind' needs a kind column")
        if self.unknown_kind is not None and not isinstance(self.unknown_kind, RowKind):
            raise InvalidPolicyError(
                f"unknown_kind must be a RowKind, got {shown(self.unknown_kind)}"
            )
        if not isinstance(self.kinds, tuple) or len(self.kinds) > _MAX_KIND_VALUES:
            raise InvalidPolicyError(f"kinds must be a tuple of at most {_MAX_KIND_VALUES} pairs")
        seen: dict[str, RowKind] = {}
        for pair in self.kinds:
            if (
                not isinstance(pair, tuple)
                or len(pair) != 2
                or not isinstance(pair[0], str)
                or not isinstance(pair[1], RowKind)
            ):
                raise InvalidPolicyError(
                    f"kinds must hold (text, RowKind) pairs, got {shown(pair)}"
                )
            key = pair[0].strip().casefold()
            if key in seen and seen[key] is not pair[1]:
                raise InvalidPolicyError(f"kind text {shown(pair[0])} is mapped twice")
            seen[key] = pair[1]
        if self.default_currency is not None:
            if not isinstance(self.default_currency, str):
                raise InvalidPolicyError(
                    f"default_currency must be a currency code, got {shown(self.default_currency)}"
                )
            try:
                Currency(self.default_currency)
            except UnknownCurrencyError as error:
                raise InvalidPolicyError(f"default_currency: {error}") from None
        if not isinstance(self.locale, str) or not self.locale.strip() or len(self.locale) > 40:
            raise InvalidPolicyError(f"locale must be a locale name, got {shown(self.locale)}")
        if self.terms_mode not in ("strict", "lenient"):
            raise InvalidPolicyError(
                f"terms_mode must be 'strict' or 'lenient', got {shown(self.terms_mode)}"
            )
        if self.default_terms is not None and not isinstance(self.default_terms, PaymentTerms):
            raise InvalidPolicyError(
                f"default_terms must be PaymentTerms, got {shown(self.default_terms)}"
            )
        for field in ("references", "opening_values", "summary_markers", "fill_down"):
            value = getattr(self, field)
            if not isinstance(value, tuple) or len(value) > _MAX_KIND_VALUES:
                raise InvalidPolicyError(f"{field} must be a tuple of at most 200 strings")
            for item in value:
                if not isinstance(item, str):
                    raise InvalidPolicyError(f"{field} must hold strings, got {shown(item)}")
        for column in self.references + self.fill_down:
            _column(column, "references and fill_down")

    # -- reading ---------------------------------------------------------------------------------

    def columns(self) -> tuple[str, ...]:
        """Every column the map reads, in a stable order (required ones first), without repeats.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> MAPS["quickbooks"].columns()[:3]
            ('Customer', 'Num', 'Date')
        """
        names = [self.customer, self.document, self.document_date]
        for field in (
            "due_date", "customer_name", "kind", "currency", "amount", "open_amount", "debit",
            "credit", "terms", "against", "opening",
        ):  # fmt: skip
            value = getattr(self, field)
            if value is not None:
                names.append(value)
        names.extend(self.references)
        return tuple(dict.fromkeys(names))

    def kind_of(self, text: str) -> RowKind | None:
        """The :class:`RowKind` that kind-column ``text`` means (case and surrounding spaces are
        free), ``unknown_kind`` for text the map does not list.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> MAPS["erpnext"].kind_of("Payment Entry")
            <RowKind.PAYMENT: 'payment'>
        """
        if not isinstance(text, str):
            return self.unknown_kind
        return self._kind_table.get(text.strip().casefold(), self.unknown_kind)

    @property
    def _kind_table(self) -> dict[str, RowKind]:
        return {text.strip().casefold(): kind for text, kind in self.kinds}

    def using(self, **changes: Any) -> ColumnMap:
        """A copy with ``changes`` (field names and values, checked as at construction): set
        the local currency of an export whose blank currency cells mean it, or its date format.

        Examples:
            >>> from receivables.adapters.maps import MAPS
            >>> MAPS["dynamics_bc"].using(default_currency="EUR").default_currency
            'EUR'
        """
        known = {field.name for field in attrs.fields(ColumnMap)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InvalidPolicyError(f"ColumnMap has no field {', '.join(unknown)}")
        return attrs.evolve(self, **changes)
