"""The values a bank statement is read into: the statement, its entries, and what they carry.

Every reader (camt.053/054, BAI2, MT940) gives the same values, so that cash application never
depends on the format: :class:`BankStatement` holds :class:`StatementEntry` values, each with one
or more :class:`Transaction` values (a batch the bank split into details has several), and each
transaction keeps everything a person or the matcher could use: references, the counterparty,
the unstructured remittance text whole, and the structured remittance
(:class:`ReferredDocument`).

Examples:
    >>> import datetime as dt
    >>> from receivables import Money
    >>> entry = StatementEntry(
    ...     index=0, amount=Money("1200.00", "EUR"), credit=True,
    ...     booking_date=dt.date(2026, 6, 2), value_date=dt.date(2026, 6, 2),
    ...     transactions=(Transaction(Money("1200.00", "EUR"),
    ...                               counterparty=Party("LUMEN ENERGY GMBH"),
    ...                               remittance_text="ACC-SINV-2026-00825"),),
    ... )
    >>> statement = BankStatement(StatementFormat.CAMT_053, "STMT-1",
    ...                           BankAccount("DE89370400440532013000", currency="EUR"), (entry,))
    >>> [(p.id, str(p.amount), p.payer_name, p.references) for p in statement.payments()]
    [('STMT-1/1', '1200.00 EUR', 'LUMEN ENERGY GMBH', ('ACC-SINV-2026-00825',))]
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from receivables._validate import all_of, optional_date_field
from receivables.accounts import account_number
from receivables.cashapp.model import Remittance, RemittanceLine
from receivables.convert import DataForm, DictForm
from receivables.documents import Payment
from receivables.errors import InvalidTypeError, StatementError
from receivables.explain import Reason
from receivables.money import Currency, Money

__all__ = [
    "BankAccount",
    "BankStatement",
    "EntryStatus",
    "Party",
    "ReferredDocument",
    "ReferredKind",
    "SkippedEntry",
    "StatementEntry",
    "StatementFormat",
    "Transaction",
]


class StatementFormat(enum.Enum):
    """The bank statement formats the library reads.

    Examples:
        >>> StatementFormat("camt.053") is StatementFormat.CAMT_053
        True
    """

    CAMT_053 = "camt.053"
    CAMT_054 = "camt.054"
    BAI2 = "bai2"
    MT940 = "mt940"


class ReferredKind(enum.Enum):
    """What a structured remittance line refers to (camt ``RfrdDocInf/Tp``: CINV, CREN, DEBN).

    Examples:
        >>> ReferredKind.CREDIT_NOTE.value
        'credit_note'
    """

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    DEBIT_NOTE = "debit_note"
    OTHER = "other"


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidTypeError(f"expected a str or None, got {type(value).__name__}")
    return value.strip() or None


def _optional_account(value: object) -> str | None:
    text = _optional_text(value)
    return None if text is None else account_number(text)


def _optional_currency(value: str | Currency | None) -> Currency | None:
    return None if value is None else Currency(value)


def _optional_money(value: object) -> Money | None:
    if value is not None and not isinstance(value, Money):
        raise InvalidTypeError(f"expected Money or None, got {type(value).__name__}")
    return value


@attrs.frozen
class BankAccount(DataForm):
    """A bank account: its number (an IBAN, checked, or a local number), bank and currency.

    ``bank`` is the servicing bank's BIC or routing number, when the statement gives it.

    Examples:
        >>> BankAccount("de89 3704 0044 0532 0130 00", currency="EUR").number
        'DE89370400440532013000'
    """

    number: str = attrs.field(converter=account_number)
    bank: str | None = attrs.field(default=None, converter=_optional_text)
    currency: Currency | None = attrs.field(default=None, converter=_optional_currency)


@attrs.frozen
class Party(DataForm):
    """The other side of a transaction: the payer of a credit, the payee of a debit.

    Examples:
        >>> Party("LUMEN ENERGIE", account="NL91ABNA0417164300", bank="ABNANL2A").account
        'NL91ABNA0417164300'
    """

    name: str | None = attrs.field(default=None, converter=_optional_text)
    account: str | None = attrs.field(default=None, converter=_optional_account)
    bank: str | None = attrs.field(default=None, converter=_optional_text)


@attrs.frozen
class ReferredDocument(DataForm):
    """One document a structured remittance names (camt ``Strd``): number, kind and amounts.

    Amounts are as the payer stated them: ``amount_due`` (the document's amount), ``discount``
    taken, ``credit_note_amount`` netted, and ``remitted`` (what this payment pays of it).

    Examples:
        >>> doc = ReferredDocument("INV/2026/00042", ReferredKind.INVOICE,
        ...                        amount_due=Money("500.00", "EUR"),
        ...                        discount=Money("10.00", "EUR"), remitted=Money("490.00", "EUR"))
        >>> doc.as_remittance_line().amount
        Money('490.00', 'EUR')
    """

    number: str
    kind: ReferredKind = ReferredKind.INVOICE
    date: dt.date | None = attrs.field(default=None, validator=optional_date_field)
    amount_due: Money | None = attrs.field(default=None, converter=_optional_money)
    discount: Money | None = attrs.field(default=None, converter=_optional_money)
    credit_note_amount: Money | None = attrs.field(default=None, converter=_optional_money)
    remitted: Money | None = attrs.field(default=None, converter=_optional_money)

    def as_remittance_line(self) -> RemittanceLine:
        """The line of a :class:`~receivables.cashapp.Remittance` for cash application.

        A credit note's line is negative: it reduces what the payment pays.

        Examples:
            >>> note = ReferredDocument("CN-7", ReferredKind.CREDIT_NOTE,
            ...                         credit_note_amount=Money("50.00", "EUR"))
            >>> note.as_remittance_line().amount
            Money('-50.00', 'EUR')
        """
        if self.kind is ReferredKind.CREDIT_NOTE:
            # Payers state a credit note's value as CdtNoteAmt (or its due amount), rarely as
            # remitted: whichever is given is what the note takes off the payment.
            taken = self.remitted or self.credit_note_amount or self.amount_due
            return RemittanceLine(self.number, None if taken is None else -abs(taken), None)
        paid = self.remitted
        if paid is None and self.amount_due is not None and self.discount is not None:
            paid = self.amount_due - self.discount
        return RemittanceLine(self.number, paid, self.discount)


def _documents(value: Iterable[ReferredDocument]) -> tuple[ReferredDocument, ...]:
    return all_of(ReferredDocument, "referred documents", value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(text for text in all_of(str, "references", value) if text.strip())


@attrs.frozen
class Transaction(DataForm):
    """One payment inside an entry: its amount, references, counterparty and remittance.

    An entry the bank did not split has one transaction; a batch has one per detail (camt
    ``NtryDtls/TxDtls``, BAI2 detail records under one total). ``references`` are the bank's
    and the payer's identifiers (end-to-end id, instruction id, customer reference);
    ``creditor_references`` are structured creditor references (ISO 11649 ``RF...``) the payer
    quoted; ``remittance_text`` is the unstructured remittance, continuations joined without
    added characters. ``ultimate_counterparty`` is the party on whose behalf the counterparty
    paid or was paid (camt ``UltmtDbtr`` / ``UltmtCdtr``: a payment factory paying for a
    customer), when the file names one.

    Examples:
        >>> Transaction(Money("10.00", "USD"), references=("E2E-1",)).references
        ('E2E-1',)
    """

    amount: Money
    references: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    end_to_end_id: str | None = attrs.field(default=None, converter=_optional_text)
    counterparty: Party | None = None
    remittance_text: str | None = attrs.field(default=None, converter=_optional_text)
    creditor_references: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    referred_documents: tuple[ReferredDocument, ...] = attrs.field(default=(), converter=_documents)
    return_reason: str | None = attrs.field(default=None, converter=_optional_text)
    ultimate_counterparty: Party | None = None


def _transactions(value: Iterable[Transaction]) -> tuple[Transaction, ...]:
    return all_of(Transaction, "transactions", value)


class EntryStatus(enum.Enum):
    """Whether the bank has booked an entry (camt ``Sts``): only booked cash is applied.

    Examples:
        >>> EntryStatus("pending").name
        'PENDING'
    """

    BOOKED = "booked"
    PENDING = "pending"
    INFORMATION = "information"


@attrs.frozen
class StatementEntry(DataForm):
    """One line of a bank statement: an amount booked to the account, credit or debit.

    ``amount`` is the entry's total (positive; ``credit`` says which way); ``transactions``
    are the payments inside it and add up to it. ``index`` is the entry's position in the
    statement, from 0. ``bank_reference`` is the bank's own reference for the entry (camt
    ``AcctSvcrRef``, BAI2 bank reference, MT940 ``//`` reference); ``transaction_code`` the
    bank's code for the kind of entry (BAI2 type code, camt ``BkTxCd``, MT940 ``N...`` code).
    ``text`` is what the bank says of the entry as a whole, apart from the payers' remittance
    (camt ``AddtlNtryInf``; BAI2 the text of a deposit split into items, such as a lockbox's),
    and ``customer_reference`` the entry's reference for the account owner (BAI2 the customer
    reference of a ``16``, MT940 the ``:61:`` reference for the account owner unless it is
    ``NONREF``; an entry of one transaction also carries it among its references). Neither is
    copied into the references of a batch's transactions: each item is matched by its own
    remittance, not by the deposit's.

    Examples:
        >>> import datetime as dt
        >>> entry = StatementEntry(index=0, amount=Money("75.00", "USD"), credit=False,
        ...                        booking_date=dt.date(2026, 6, 2))
        >>> entry.transactions[0].amount
        Money('75.00', 'USD')
    """

    index: int
    amount: Money
    credit: bool
    booking_date: dt.date | None = attrs.field(default=None, validator=optional_date_field)
    value_date: dt.date | None = attrs.field(default=None, validator=optional_date_field)
    status: EntryStatus = EntryStatus.BOOKED
    reversal: bool = False
    bank_reference: str | None = attrs.field(default=None, converter=_optional_text)
    transaction_code: str | None = attrs.field(default=None, converter=_optional_text)
    transactions: tuple[Transaction, ...] = attrs.field(default=(), converter=_transactions)
    text: str | None = attrs.field(default=None, converter=_optional_text)
    customer_reference: str | None = attrs.field(default=None, converter=_optional_text)

    def __attrs_post_init__(self) -> None:
        if not self.amount.is_positive and not self.amount.is_zero:
            raise StatementError(f"entry {self.index}: amount {self.amount} must not be negative")
        if not self.transactions:
            object.__setattr__(self, "transactions", (Transaction(self.amount),))
        if len(self.transactions) == 1 and self.transactions[0].amount is self.amount:
            return
        total = Money.total((t.amount for t in self.transactions), self.amount.currency)
        if total != self.amount:
            raise StatementError(
                f"entry {self.index}: its transactions add up to {total}, the entry says "
                f"{self.amount} (a difference of {self.amount - total})"
            )

    @property
    def signed_amount(self) -> Money:
        """The amount with its sign: credits positive, debits negative.

        Examples:
            >>> StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=False).signed_amount
            Money('-5.00', 'EUR')
        """
        return self.amount if self.credit else -self.amount


@attrs.frozen
class SkippedEntry(DictForm):
    """An entry that gives no payment, with the reason (``bankfiles.debit``, ...).

    Nothing read is lost: every entry is a payment (one per transaction) or a skipped entry.

    Examples:
        >>> import datetime as dt
        >>> debit = StatementEntry(index=3, amount=Money("5.00", "EUR"), credit=False)
        >>> SkippedEntry(debit, (Reason.of("bankfiles.debit", "a debit is not a payment"),)).codes
        ('bankfiles.debit',)
    """

    entry: StatementEntry
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in order.

        Examples:
            >>> entry = StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=False)
            >>> SkippedEntry(entry, (Reason.of("bankfiles.debit", "debit"),)).codes
            ('bankfiles.debit',)
        """
        return tuple(reason.code for reason in self.reasons)


def _entries(value: Iterable[StatementEntry]) -> tuple[StatementEntry, ...]:
    return all_of(StatementEntry, "entries", value)


@attrs.frozen
class BankStatement(DataForm):
    """A bank statement (or notification) as read: the account, the balances and the entries.

    ``opening_balance`` and ``closing_balance`` are signed (an overdrawn account is negative) and
    ``None`` where the format or the file gives none (camt.054 notifications, intraday BAI2).

    :meth:`payments` gives one :class:`~receivables.Payment` per transaction of every booked
    credit entry and :meth:`remittances` the structured remittance advice that goes with them;
    :meth:`skipped` says why each other entry gives none (a debit, a return, a reversal, an entry
    not booked yet, a credit of an interim report).

    ``interim`` marks an interim report (BAI2 as-of-date modifier 1 or 3: an intraday or
    interim previous-day report). Its entries are reported again by the final (end-of-day)
    report, under other payment ids, so applying both would post the same cash twice: an interim
    report's credits give no payments and come back from :meth:`skipped` with the reason
    ``bankfiles.interim``; apply the final report. The entries are all there to look at.

    Examples:
        >>> import datetime as dt
        >>> debit = StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=False)
        >>> s = BankStatement(StatementFormat.MT940, "940-1",
        ...                   BankAccount("NL91ABNA0417164300"), (debit,))
        >>> s.payments(), s.skipped()[0].codes
        ((), ('bankfiles.debit',))
    """

    format: StatementFormat
    statement_id: str
    account: BankAccount
    entries: tuple[StatementEntry, ...] = attrs.field(converter=_entries)
    created: dt.date | None = attrs.field(default=None, validator=optional_date_field)
    from_date: dt.date | None = attrs.field(default=None, validator=optional_date_field)
    to_date: dt.date | None = attrs.field(default=None, validator=optional_date_field)
    opening_balance: Money | None = attrs.field(default=None, converter=_optional_money)
    closing_balance: Money | None = attrs.field(default=None, converter=_optional_money)
    interim: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    def payment_id(self, entry: StatementEntry, position: int) -> str:
        """The id of the payment for one transaction: statement id, entry and detail number.

        Entries and details count from 1 in ids (as a person reads a statement).

        Examples:
            >>> entry = StatementEntry(index=4, amount=Money("5.00", "EUR"), credit=True)
            >>> s = BankStatement(StatementFormat.CAMT_053, "S-1", BankAccount("12345"), (entry,))
            >>> s.payment_id(entry, 0)
            'S-1/5'
        """
        base = f"{self.statement_id}/{entry.index + 1}"
        return base if len(entry.transactions) == 1 else f"{base}.{position + 1}"

    def payments(self) -> tuple[Payment, ...]:
        """One payment per transaction of every booked credit entry, in statement order.

        A payment carries the payer's name and account, the remittance text, the creditor
        references and the end-to-end id as references, and the booking date (the value date
        when there is none) as its received date.

        The payer's *account* is the counterparty's (the account the cash came from; the
        ultimate counterparty's only when the counterparty gives none), because cash
        application trusts an account on file first. The payer's *name* is the ultimate
        counterparty's when the file names one (camt ``UltmtDbtr``, MT940 ``ABWA+`` or
        ``/ULTD/``): a payment factory or a parent company paying for a customer is named as the
        debtor, and the customer whose invoices are paid is the ultimate debtor; otherwise it is
        the counterparty's. Both parties stay on the entry's :class:`Transaction`.

        Examples:
            >>> import datetime as dt
            >>> entry = StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=True,
            ...                        booking_date=dt.date(2026, 6, 1))
            >>> s = BankStatement(StatementFormat.CAMT_053, "S-1", BankAccount("12345"), (entry,))
            >>> s.payments()[0].received_date
            datetime.date(2026, 6, 1)
        """
        found: list[Payment] = []
        for entry in self.entries:
            if _skip_reasons(entry, self.interim):
                continue
            received = entry.booking_date or entry.value_date or self.to_date or self.created
            if received is None:
                raise StatementError(
                    f"statement {self.statement_id}, entry {entry.index + 1}: no booking or "
                    "value date, and the statement has no date to fall back on"
                )
            for position, transaction in enumerate(entry.transactions):
                party, ultimate = transaction.counterparty, transaction.ultimate_counterparty
                references = [
                    *([transaction.remittance_text] if transaction.remittance_text else []),
                    *transaction.creditor_references,
                    *(
                        [transaction.end_to_end_id]
                        if transaction.end_to_end_id
                        and transaction.end_to_end_id.upper() != "NOTPROVIDED"
                        else []
                    ),
                    *transaction.references,
                ]
                found.append(
                    Payment(
                        self.payment_id(entry, position),
                        received,
                        transaction.amount,
                        references=references,
                        payer_name=_first(ultimate, party, "name"),
                        payer_account=_first(party, ultimate, "account"),
                    )
                )
        return tuple(found)

    def remittances(self) -> tuple[Remittance, ...]:
        """The structured remittance advice of the payments that carry one, by payment id.

        Examples:
            >>> doc = ReferredDocument("INV-1", remitted=Money("5.00", "EUR"))
            >>> entry = StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=True,
            ...     transactions=(Transaction(Money("5.00", "EUR"), referred_documents=(doc,)),))
            >>> s = BankStatement(StatementFormat.CAMT_053, "S-1", BankAccount("12345"), (entry,),
            ...                   created=dt.date(2026, 6, 1))
            >>> [(r.payment_id, r.lines[0].reference) for r in s.remittances()]
            [('S-1/1', 'INV-1')]
        """
        found: list[Remittance] = []
        for entry in self.entries:
            if _skip_reasons(entry, self.interim):
                continue
            for position, transaction in enumerate(entry.transactions):
                if transaction.referred_documents:
                    found.append(
                        Remittance(
                            self.payment_id(entry, position),
                            [doc.as_remittance_line() for doc in transaction.referred_documents],
                        )
                    )
        return tuple(found)

    def skipped(self) -> tuple[SkippedEntry, ...]:
        """Every entry that gives no payment, with why.

        Examples:
            >>> entry = StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=True,
            ...                        status=EntryStatus.PENDING)
            >>> s = BankStatement(StatementFormat.CAMT_053, "S-1", BankAccount("12345"), (entry,))
            >>> s.skipped()[0].codes
            ('bankfiles.not_booked',)
        """
        return tuple(
            SkippedEntry(entry, reasons)
            for entry in self.entries
            if (reasons := _skip_reasons(entry, self.interim))
        )

    def total(self, *, credit: bool | None = None) -> Money:
        """The sum of the entries' signed amounts (or of the credits or debits alone).

        Examples:
            >>> entries = (StatementEntry(index=0, amount=Money("5.00", "EUR"), credit=True),
            ...            StatementEntry(index=1, amount=Money("2.00", "EUR"), credit=False))
            >>> s = BankStatement(StatementFormat.CAMT_053, "S-1",
            ...                   BankAccount("12345", currency="EUR"), entries)
            >>> s.total(), s.total(credit=False)
            (Money('3.00', 'EUR'), Money('-2.00', 'EUR'))
        """
        currency = self.account.currency or (
            self.entries[0].amount.currency if self.entries else None
        )
        if currency is None:
            raise StatementError(f"statement {self.statement_id} has no currency and no entries")
        return Money.total(
            (e.signed_amount for e in self.entries if credit is None or e.credit is credit),
            currency,
        )


def _first(first: Party | None, second: Party | None, field: str) -> str | None:
    """``field`` of the first party that has it."""
    for party in (first, second):
        value: str | None = None if party is None else getattr(party, field)
        if value is not None:
            return value
    return None


def _skip_reasons(entry: StatementEntry, interim: bool) -> tuple[Reason, ...]:
    """Why an entry gives no payment; empty when it is a booked credit."""
    if entry.reversal:
        return (
            Reason.of(
                "bankfiles.reversal",
                f"entry {entry.index + 1} reverses an earlier entry ({entry.signed_amount})",
                amount=entry.signed_amount,
            ),
        )
    if any(t.return_reason for t in entry.transactions):
        why = ", ".join(t.return_reason for t in entry.transactions if t.return_reason)
        return (
            Reason.of(
                "bankfiles.return",
                f"entry {entry.index + 1} returns a payment (reason {why})",
                amount=entry.signed_amount,
                return_reason=why,
            ),
        )
    if not entry.credit:
        return (
            Reason.of(
                "bankfiles.debit",
                f"entry {entry.index + 1} is a debit of {entry.amount}, not a payment received",
                amount=entry.signed_amount,
            ),
        )
    if interim:
        return (
            Reason.of(
                "bankfiles.interim",
                f"entry {entry.index + 1} is reported by an interim (intraday) report: the final "
                "report reports it again, and that one is applied",
                amount=entry.signed_amount,
            ),
        )
    if entry.status is not EntryStatus.BOOKED:
        return (
            Reason.of(
                "bankfiles.not_booked",
                f"entry {entry.index + 1} is {entry.status.value}, not booked: it is applied "
                "when the bank books it",
                status=entry.status.value,
            ),
        )
    if entry.amount.is_zero:
        return (
            Reason.of(
                "bankfiles.zero_amount",
                f"entry {entry.index + 1} has a zero amount",
                amount=entry.signed_amount,
            ),
        )
    return ()
