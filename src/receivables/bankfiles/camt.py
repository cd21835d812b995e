"""ISO 20022 camt.053 (account statement) and camt.054 (debit/credit notification) in.

Versions ``.001.02`` to ``.001.13`` of both messages are read. Element names moved between
versions, and both spellings are read: ``Dbtr/Nm`` (up to .07) and ``Dbtr/Pty/Nm`` (.08 on),
``BIC`` (.02, .03) and ``BICFI`` (.04 on), the plain-text ``Sts`` (up to .05) and ``Sts/Cd`` (.06
on), ``TxDtls/AmtDtls/TxAmt/Amt`` (.02) and ``TxDtls/Amt`` (.03 on), ``TtlNetNtryAmt`` (.02) and
``TtlNetNtry/Amt`` (.03 on), ``DscntApldAmt`` as an amount (.02 to .04) or as ``DscntApldAmt/Amt``
(.05 on), ``RfrdDocInf/RltdDt`` as a date or as ``RltdDt/Dt``. A file of another message or
version is an error that names its namespace.

What is read, per ``Stmt`` (``Ntfctn``): ``Id``; ``CreDtTm`` (the group header's when the
statement has none) and ``FrToDt`` as dates, as written (no time-zone conversion); the account
(``Acct/Id/IBAN`` or ``Acct/Id/Othr/Id``, ``Acct/Ccy``, the servicer's BIC); the balances
``OPBD`` (or ``PRCD``, the previous closing booked balance) as opening and ``CLBD`` as closing,
signed by ``CdtDbtInd``; and each ``Ntry``: amount, credit or debit, ``RvslInd``, ``Sts``
(``FUTR``, booked with a future value, is read as pending: it is applied when a statement reports
it booked), ``BookgDt``/``ValDt``, ``AcctSvcrRef``, and ``BkTxCd`` as ``Domn/Fmly/SubFmly``
(``PMNT/RCDT/ESCT``) or, without a domain, the proprietary code. Each ``NtryDtls/TxDtls`` is one
:class:`~receivables.bankfiles.Transaction`: the references (``EndToEndId`` apart, then
``MsgId``, ``AcctSvcrRef``, ``PmtInfId``, ``InstrId``, ``TxId``, in schema order), the amount,
the counterparty (the debtor of a credit, the creditor of a debit, the roles of the original
payment for a reversal or a return: name, account, agent's BIC),
the ultimate debtor or creditor, the remittance and a return's reason code.
``AddtlNtryInf`` is the entry's ``text``; an entry without details is one transaction of the
entry's amount, whose remittance text is also that ``AddtlNtryInf`` (the only text such an
entry has). The amounts of several details must add up to the entry.

Unstructured remittance: ``Ustrd`` repeats, each piece at most 140 characters (``Max140Text``).
A piece of the full 140 characters was cut by the field's length, not ended by the sender, so the
next piece continues it and the two are joined with nothing added: an invoice number cut across
two pieces (``...ACC-SINV-2026-008`` + ``25``) is whole again and cash application finds it. A
shorter piece was ended by the sender; when neither side of that boundary is a space, the next
piece starts a new line (``\\n``), so two separate references (``INV-1`` and ``INV-2``) never run
together into a third (``INV-1INV-2``) that matches neither; when the sender left a space at the
boundary, the pieces are joined as sent. The text of each piece is kept exactly as sent.

Structured remittance: every ``Strd/RfrdDocInf`` with a number is a
:class:`~receivables.bankfiles.ReferredDocument` (``CINV`` invoice, ``CREN`` credit note,
``DEBN`` debit note, any other or no type ``OTHER``) carrying its ``Strd``'s ``RfrdDocAmt``
(``DuePyblAmt``, ``DscntApldAmt``, ``CdtNoteAmt``, ``RmtdAmt``); amounts shared by several
documents of one ``Strd`` are an error (which document they belong to would be a guess).
``CdtrRefInf/Ref`` are creditor references; ``RtrInf/Rsn/Cd`` (or ``Prtry``) a return reason.

Control totals: ``TxsSummry`` (``TtlNtries`` count, sum of absolute amounts and net amount,
``TtlCdtNtries``, ``TtlDbtNtries``), when present, must agree with the entries, and for a
camt.053 the opening booked balance plus the booked entries must equal the closing booked
balance. In a camt.053 both count booked entries only: ISO 20022's balance codes define the
closing booked balance as the opening booked balance plus the entries booked in the period, and
a statement reports the booked entries (pending ones are for information). In a camt.054 the
summary counts every entry the notification reports. A total that does not agree is a
:class:`~receivables.errors.StatementError` naming the total and the difference.

Safety and limits: the XML is parsed by expat in a hardened configuration equivalent to
``defusedxml`` with ``forbid_dtd=True``: a document type declaration is refused as it starts (so
no entity, internal or external, can be declared or expanded), and so is nesting deeper than
:data:`MAX_DEPTH` (camt itself needs about twenty levels), at the element that goes too deep,
however large the file. The file is read as a stream: no tree is built; only the elements this
reader uses are kept, as one small record per ``Ntry`` that becomes a value as soon as the entry
ends, so memory holds the values, not the document. Time is linear in the input.

Examples:
    >>> xml = '''<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
    ... <BkToCstmrStmt><Stmt><Id>S-1</Id>
    ... <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
    ... <Ntry><Amt Ccy="EUR">1190.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    ... <BookgDt><Dt>2026-03-16</Dt></BookgDt>
    ... <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>LUMEN ENERGY GMBH</Nm></Pty></Dbtr>
    ... </RltdPties><RmtInf><Ustrd>ACC-SINV-2026-00825</Ustrd></RmtInf></TxDtls></NtryDtls>
    ... </Ntry></Stmt></BkToCstmrStmt></Document>'''
    >>> (statement,) = read(xml, StatementFormat.CAMT_053)
    >>> [(p.payer_name, str(p.amount), p.references) for p in statement.payments()]
    [('LUMEN ENERGY GMBH', '1190.00 EUR', ('ACC-SINV-2026-00825',))]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from receivables._decimal import in_context
from receivables._text import shown
from receivables.bankfiles._camt_schema import DOCUMENTS, REFERENCES, ROOTS
from receivables.bankfiles._camt_values import (
    boolean,
    credit_indicator,
    date,
    date_choice,
    datetime_date,
    decimal,
    joined,
    money,
    optional_money,
    transaction,
)
from receivables.bankfiles._camt_values import text as _text
from receivables.bankfiles._xmlstream import Group, Record, stream
from receivables.bankfiles.model import (
    BankAccount,
    BankStatement,
    EntryStatus,
    Party,
    ReferredDocument,
    ReferredKind,
    StatementEntry,
    StatementFormat,
    Transaction,
)
from receivables.errors import InvalidTypeError, ReceivablesError, StatementError
from receivables.money import Currency, Money

__all__ = ["MAX_DEPTH", "read"]

MAX_DEPTH: Final = 100
"""The deepest element nesting read; a deeper file is refused (camt needs about 20 levels)."""

_NAMESPACE: Final = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.([0-9]{2})\Z")
_VERSIONS: Final = range(2, 14)
_COUNT: Final = re.compile(r"[0-9]{1,15}\Z")
_STATUS: Final = {
    "BOOK": EntryStatus.BOOKED,
    "PDNG": EntryStatus.PENDING,
    "FUTR": EntryStatus.PENDING,
    "INFO": EntryStatus.INFORMATION,
}
_KINDS: Final = {
    "CINV": ReferredKind.INVOICE,
    "CREN": ReferredKind.CREDIT_NOTE,
    "DEBN": ReferredKind.DEBIT_NOTE,
}
_NOT_PROVIDED: Final = "NOTPROVIDED"
_PARTY_CACHE: Final = 16384
"""Parties met in one file are kept (up to this many) and reused: payers repeat."""


@in_context
def read(data: bytes | str, kind: StatementFormat | None = None) -> tuple[BankStatement, ...]:
    """Every statement (``Stmt``) or notification (``Ntfctn``) of a camt.053 or camt.054 file.

    ``kind`` is the format the caller expects; the file's namespace must agree (``None`` takes
    the namespace's). Bytes are decoded as the XML declaration says (UTF-8 by default).

    Examples:
        >>> xml = '''<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04">
        ... <BkToCstmrDbtCdtNtfctn><Ntfctn><Id>N-1</Id>
        ... <Acct><Id><Othr><Id>123456789</Id></Othr></Id></Acct>
        ... <Ntry><Amt Ccy="USD">75.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts></Ntry>
        ... </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>'''
        >>> (notification,) = read(xml.encode())
        >>> notification.format.value, notification.account.number, notification.skipped()[0].codes
        ('camt.054', '123456789', ('bankfiles.debit',))
    """
    if not isinstance(data, bytes | str):
        raise InvalidTypeError(f"a camt file is bytes or str, not {type(data).__name__}")
    if kind is not None and not isinstance(kind, StatementFormat):
        raise InvalidTypeError(f"kind is a StatementFormat or None, not {type(kind).__name__}")
    if kind is not None and kind not in ROOTS:
        raise StatementError(f"the camt reader reads camt.053 and camt.054, not {kind.value}")
    return _Reader(kind).run(data)


class _Reader:
    def __init__(self, kind: StatementFormat | None) -> None:
        self.kind = kind
        self.created: dt.date | None = None
        self.statements: list[BankStatement] = []
        self.entries: list[StatementEntry] = []
        self.where = ""
        self.parties: dict[tuple[str | None, str | None, str | None], Party] = {}

    def run(self, data: bytes | str) -> tuple[BankStatement, ...]:
        handlers = {
            "entry": self._on_entry,
            "statement": self._on_statement,
            "header": self._on_header,
        }
        stream(data, self._root, handlers, max_depth=MAX_DEPTH)
        if not self.statements:
            group, stmt = ROOTS[self.kind or StatementFormat.CAMT_053]
            raise StatementError(f"the file holds no {group}/{stmt}")
        return tuple(self.statements)

    def _root(self, namespace: str, local: str) -> Group:
        found = _NAMESPACE.match(namespace)
        if found is None or local != "Document":
            tag = f"{{{namespace}}}{local}" if namespace else local
            raise StatementError(
                f"the root element is {shown(tag)}, not a camt.053 or camt.054 Document "
                "(namespace urn:iso:std:iso:20022:tech:xsd:camt.05x.001.nn)"
            )
        if int(found.group(2)) not in _VERSIONS:
            raise StatementError(
                f"{namespace} is not a version the reader knows (.001.02 to .001.13)"
            )
        kind = StatementFormat(found.group(1))
        if self.kind is not None and self.kind is not kind:
            raise StatementError(f"the file is a {kind.value}, not a {self.kind.value}")
        self.kind = kind
        return DOCUMENTS[kind]

    def _on_header(self, header: Record, _: Record) -> None:
        created = _text(header, "CreDtTm")
        self.created = None if created is None else datetime_date(created, "GrpHdr")

    def _on_entry(self, entry: Record, statement: Record) -> None:
        if not self.where:
            number = len(self.statements) + 1
            identifier = _text(statement, "Id")
            self.where = f"statement {number}" + (f" ({identifier})" if identifier else "")
        self.entries.append(self._entry(entry, len(self.entries), self.where))

    def _on_statement(self, record: Record, _: Record) -> None:
        entries, self.entries, self.where = self.entries, [], ""
        self.statements.append(self._statement(record, entries))

    # -- statement ----------------------------------------------------------------------------

    def _statement(self, record: Record, entries: list[StatementEntry]) -> BankStatement:
        identifier = _text(record, "Id")
        where = f"statement {len(self.statements) + 1}" + (f" ({identifier})" if identifier else "")
        assert self.kind is not None
        if identifier is None:
            raise StatementError(f"{where}: no Id")
        created_at = _text(record, "CreDtTm")
        created = self.created if created_at is None else datetime_date(created_at, where)
        start, end = _text(record, "FrToDt/FrDtTm"), _text(record, "FrToDt/ToDtTm")
        from_date = None if start is None else datetime_date(start, f"{where}: FrToDt")
        to_date = None if end is None else datetime_date(end, f"{where}: FrToDt")
        account = self._account(record, where)
        opening, closing = self._balances(record, where)
        try:
            statement = BankStatement(
                self.kind,
                identifier,
                account,
                entries,
                created=created,
                from_date=from_date,
                to_date=to_date,
                opening_balance=opening,
                closing_balance=closing,
            )
        except StatementError:
            raise
        except ReceivablesError as error:
            raise StatementError(f"{where}: {error}") from None
        self._check_totals(record, statement, where)
        return statement

    def _account(self, record: Record, where: str) -> BankAccount:
        number = _text(record, "Acct/Id/IBAN") or _text(record, "Acct/Id/Othr/Id")
        if number is None:
            raise StatementError(f"{where}: no account (Acct/Id/IBAN or Acct/Id/Othr/Id)")
        bank = _text(record, "Acct/Svcr/FinInstnId/BICFI") or _text(
            record, "Acct/Svcr/FinInstnId/BIC"
        )
        currency = _text(record, "Acct/Ccy")
        try:
            return BankAccount(number, bank=bank, currency=currency)
        except ReceivablesError as error:
            raise StatementError(f"{where}: Acct: {error}") from None

    def _balances(self, record: Record, where: str) -> tuple[Money | None, Money | None]:
        found: dict[str, Money] = {}
        for position, balance in enumerate(record.get("Bal", ()), 1):
            code = _text(balance, "Tp/CdOrPrtry/Cd")
            if code not in ("OPBD", "PRCD", "CLBD"):
                continue
            at = f"{where}: Bal {position} ({code})"
            if code in found:
                raise StatementError(f"{at}: a second {code} balance")
            amount = money(balance, "Amt", at)
            found[code] = amount if credit_indicator(balance, at) else -amount
        opening = found.get("OPBD", found.get("PRCD"))
        if "OPBD" in found and "PRCD" in found and found["OPBD"] != found["PRCD"]:
            raise StatementError(
                f"{where}: the opening booked balance OPBD {found['OPBD']} differs from the "
                f"previous closing booked balance PRCD {found['PRCD']}"
            )
        return opening, found.get("CLBD")

    def _check_totals(self, record: Record, statement: BankStatement, where: str) -> None:
        booked_only = statement.format is StatementFormat.CAMT_053
        counted = [
            e for e in statement.entries if not booked_only or e.status is EntryStatus.BOOKED
        ]
        scope = "booked entries" if booked_only else "entries"
        if "TxsSummry" in record:
            credits = [e.amount.amount for e in counted if e.credit]
            debits = [e.amount.amount for e in counted if not e.credit]
            groups = (
                ("TtlNtries", credits + debits, sum(credits, Decimal(0)) - sum(debits, Decimal(0))),
                ("TtlCdtNtries", credits, None),
                ("TtlDbtNtries", debits, None),
            )
            for name, amounts, net in groups:
                base = f"TxsSummry/{name}"
                if base not in record:
                    continue
                at = f"{where}: {base}"
                count = _text(record, f"{base}/NbOfNtries")
                if count is not None:
                    if not _COUNT.match(count):
                        raise StatementError(f"{at}/NbOfNtries {shown(count)} is not a count")
                    if int(count) != len(amounts):
                        raise StatementError(
                            f"{at}/NbOfNtries says {int(count)}, the statement has "
                            f"{len(amounts)} {scope} (a difference of {int(count) - len(amounts)})"
                        )
                stated = decimal(_text(record, f"{base}/Sum"), f"{at}/Sum")
                actual = sum(amounts, Decimal(0))
                if stated is not None and stated != actual:
                    raise StatementError(
                        f"{at}/Sum says {stated}, the {scope} add up to {actual} "
                        f"(a difference of {stated - actual})"
                    )
                if net is not None:
                    _check_net(record, base, net, at, scope)
        if (
            booked_only
            and statement.opening_balance is not None
            and statement.closing_balance is not None
        ):
            opening, closing = statement.opening_balance, statement.closing_balance
            try:
                moved = Money.total((e.signed_amount for e in counted), opening.currency)
                expected = opening + moved
            except ReceivablesError as error:
                raise StatementError(f"{where}: balances and entries: {error}") from None
            if expected != closing:
                raise StatementError(
                    f"{where}: the opening balance {opening} plus the booked entries {moved} is "
                    f"{expected}, the closing balance (CLBD) says {closing} "
                    f"(a difference of {closing.amount - expected.amount})"
                )

    # -- entry --------------------------------------------------------------------------------

    def _entry(self, record: Record, index: int, where: str) -> StatementEntry:
        at = f"{where}, entry {index + 1} (Ntry)"
        amount = money(record, "Amt", at)
        credit = credit_indicator(record, at)
        status = _status(record, at)
        reversal = boolean(_text(record, "RvslInd"), f"{at}: RvslInd")
        booking = date_choice(record, "BookgDt", at)
        value = date_choice(record, "ValDt", at)
        details: list[Record] = record.get("NtryDtls/TxDtls", [])
        if details:
            transactions = [
                self._transaction(
                    detail, amount, credit, reversal, len(details), f"{at}, TxDtls {n}"
                )
                for n, detail in enumerate(details, 1)
            ]
        else:
            transactions = [transaction(at, amount, remittance_text=_text(record, "AddtlNtryInf"))]
        try:
            return StatementEntry(
                index=index,
                amount=amount,
                credit=credit,
                booking_date=booking,
                value_date=value,
                status=status,
                reversal=reversal,
                bank_reference=_text(record, "AcctSvcrRef"),
                transaction_code=_code(record),
                transactions=transactions,
                text=_text(record, "AddtlNtryInf"),
            )
        except ReceivablesError as error:
            raise StatementError(f"{at}: {error}") from None

    def _transaction(
        self,
        record: Record,
        entry_amount: Money,
        credit: bool,
        reversal: bool,
        siblings: int,
        at: str,
    ) -> Transaction:
        amount = _detail_amount(record, entry_amount.currency, at)
        if amount is None:
            if siblings > 1:
                raise StatementError(
                    f"{at}: no amount (Amt or AmtDtls/TxAmt/Amt) in one of {siblings} details, "
                    "so the entry cannot be split"
                )
            amount = entry_amount
        indicator = _text(record, "CdtDbtInd")
        if indicator is not None and indicator != ("CRDT" if credit else "DBIT"):
            raise StatementError(
                f"{at}: CdtDbtInd {indicator} differs from its entry's; a netted batch is not read"
            )
        end_to_end = _text(record, "Refs/EndToEndId")
        references = [
            value
            for path in REFERENCES
            if (value := _text(record, path)) is not None and value.upper() != _NOT_PROVIDED
        ]
        # The related parties keep their roles of the original payment when the bank reverses
        # or returns it: the payer of a returned collection is still its Dbtr, on a debit entry.
        original_credit = credit != (reversal or "RtrInf" in record)
        party, agent = ("Dbtr", "DbtrAgt") if original_credit else ("Cdtr", "CdtrAgt")
        counterparty = self._party(record, party, agent, at)
        ultimate = self._party(record, f"Ultmt{party}", None, at)
        text = None
        creditor_references: list[str] = []
        documents: list[ReferredDocument] = []
        if "RmtInf" in record:
            text = joined(record.get("RmtInf/Ustrd", ()))
            for position, structured in enumerate(record.get("RmtInf/Strd", ()), 1):
                documents.extend(_documents(structured, f"{at}, RmtInf/Strd {position}"))
                creditor_references.extend(
                    ref for ref in (_text(structured, "CdtrRefInf/Ref"),) if ref
                )
        reason = _text(record, "RtrInf/Rsn/Cd") or _text(record, "RtrInf/Rsn/Prtry")
        return transaction(
            at,
            amount,
            references=references,
            end_to_end_id=end_to_end,
            counterparty=counterparty,
            remittance_text=text,
            creditor_references=creditor_references,
            referred_documents=documents,
            return_reason=reason,
            ultimate_counterparty=ultimate,
        )

    def _party(self, record: Record, role: str, agent: str | None, at: str) -> Party | None:
        base = f"RltdPties/{role}"
        name = (
            _text(record, f"{base}/Nm")
            or _text(record, f"{base}/Pty/Nm")
            or _text(record, f"{base}/Agt/FinInstnId/Nm")
        )
        account = bank = None
        if agent is not None:
            account = _text(record, f"{base}Acct/Id/IBAN") or _text(
                record, f"{base}Acct/Id/Othr/Id"
            )
            bank = _text(record, f"RltdAgts/{agent}/FinInstnId/BICFI") or _text(
                record, f"RltdAgts/{agent}/FinInstnId/BIC"
            )
        if name is None and account is None and bank is None:
            return None
        key = (name, account, bank)
        found = self.parties.get(key)
        if found is None:
            try:
                found = Party(name, account=account, bank=bank)
            except ReceivablesError as error:
                raise StatementError(f"{at}: RltdPties/{role}: {error}") from None
            if len(self.parties) >= _PARTY_CACHE:
                self.parties.clear()
            self.parties[key] = found
        return found


def _check_net(record: Record, base: str, net: Decimal, at: str, scope: str) -> None:
    if f"{base}/TtlNetNtry" in record:
        path = f"{at}/TtlNetNtry"
        text, indicator = _text(record, f"{base}/TtlNetNtry/Amt"), f"{base}/TtlNetNtry/CdtDbtInd"
    else:
        path = f"{at}/TtlNetNtryAmt"
        text, indicator = _text(record, f"{base}/TtlNetNtryAmt"), f"{base}/CdtDbtInd"
    stated = decimal(text, path)
    if stated is None:
        return
    sign = _text(record, indicator)
    if sign == "DBIT":
        stated = -stated
    elif sign != "CRDT" and stated != 0:
        raise StatementError(f"{path}: CdtDbtInd {shown(sign)} is not CRDT or DBIT")
    if stated != net:
        raise StatementError(
            f"{path} says {stated:+}, the {scope} net {net:+} (a difference of {stated - net})"
        )


def _status(record: Record, at: str) -> EntryStatus:
    if "Sts" not in record:
        raise StatementError(f"{at}: no Sts")
    code = _text(record, "Sts/Cd") or _text(record, "Sts/Prtry") or _text(record, "Sts") or ""
    status = _STATUS.get(code)
    if status is None:
        raise StatementError(f"{at}: Sts {shown(code)} is not BOOK, PDNG, FUTR or INFO")
    return status


def _code(record: Record) -> str | None:
    domain = _text(record, "BkTxCd/Domn/Cd")
    if domain is not None:
        family = _text(record, "BkTxCd/Domn/Fmly/Cd")
        sub = _text(record, "BkTxCd/Domn/Fmly/SubFmlyCd")
        return "/".join(code for code in (domain, family, sub) if code)
    return _text(record, "BkTxCd/Prtry/Cd")


def _detail_amount(record: Record, currency: Currency, at: str) -> Money | None:
    found: list[Money] = []
    for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/CntrValAmt/Amt"):
        if path in record:
            amount = money(record, path, at)
            if amount.currency is currency:
                return amount
            found.append(amount)
    if found:
        raise StatementError(
            f"{at}: no amount in the entry's currency {currency.code} "
            f"(the detail gives {', '.join(str(a) for a in found)})"
        )
    return None


def _documents(record: Record, at: str) -> list[ReferredDocument]:
    numbered = [
        (doc, number)
        for doc in record.get("RfrdDocInf", ())
        if (number := _text(doc, "Nb")) is not None
    ]
    due = discount = credit_note = remitted = None
    if "RfrdDocAmt" in record and numbered:
        if len(numbered) > 1:
            raise StatementError(
                f"{at}: one RfrdDocAmt for {len(numbered)} documents; which document each "
                "amount belongs to is not said"
            )
        place = f"{at}/RfrdDocAmt"
        due = optional_money(record, "RfrdDocAmt/DuePyblAmt", at)
        discount = _discount(record.get("RfrdDocAmt/DscntApldAmt", ()), place)
        credit_note = optional_money(record, "RfrdDocAmt/CdtNoteAmt", at)
        remitted = optional_money(record, "RfrdDocAmt/RmtdAmt", at)
    documents = []
    for doc, number in numbered:
        kind = _KINDS.get(_text(doc, "Tp/CdOrPrtry/Cd") or "", ReferredKind.OTHER)
        related = None
        if "RltdDt" in doc:
            written = _text(doc, "RltdDt/Dt") if "RltdDt/Dt" in doc else _text(doc, "RltdDt")
            related = date(written, f"{at}/RfrdDocInf/RltdDt")
        try:
            documents.append(
                ReferredDocument(
                    number,
                    kind,
                    date=related,
                    amount_due=due,
                    discount=discount,
                    credit_note_amount=credit_note,
                    remitted=remitted,
                )
            )
        except ReceivablesError as error:
            raise StatementError(f"{at}/RfrdDocInf: {error}") from None
    return documents


def _discount(discounts: Iterable[Record], at: str) -> Money | None:
    found = [
        money(discount, "Amt" if "Amt" in discount else ".", f"{at}/DscntApldAmt {position}")
        for position, discount in enumerate(discounts, 1)
    ]
    if not found:
        return None
    try:
        return Money.total(found, found[0].currency)
    except ReceivablesError as error:
        raise StatementError(f"{at}/DscntApldAmt: {error}") from None
