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
the ultimate debtor or creditor, the remittance and a return's reason code. An entry without
details is one transaction of the entry's amount, whose remittance text is the entry's
``AddtlNtryInf`` (the only text such an entry has). The amounts of several details must add up
to the entry.

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

Safety and limits: the XML is parsed with ``defusedxml`` and refused when it has a document type
declaration (so no entity, internal or external, can be declared or expanded), and when its
elements nest deeper than :data:`MAX_DEPTH` (camt itself needs about twenty levels), which is
noticed in the first chunk read, however large the file. The file is read as a stream: each
``Ntry`` is turned into a value and dropped from the tree as soon as it ends, so memory holds the
values and one entry's elements, not the document. Time is linear in the input.

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
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Final
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from receivables._decimal import in_context
from receivables._text import shown
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
_ROOTS: Final = {
    StatementFormat.CAMT_053: ("BkToCstmrStmt", "Stmt"),
    StatementFormat.CAMT_054: ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
_AMOUNT: Final = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,5})?\Z")
_DECIMAL: Final = re.compile(r"-?[0-9]{1,18}(?:\.[0-9]{1,17})?\Z")
_COUNT: Final = re.compile(r"[0-9]{1,15}\Z")
_ZONE: Final = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})" + _ZONE + r"\Z")
_DATETIME: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
    + _ZONE
    + r"\Z"
)
_USTRD_LENGTH: Final = 140
"""``Max140Text``: a ``Ustrd`` piece this long was cut by the field, not ended by the sender."""
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
    if kind is not None and kind not in _ROOTS:
        raise StatementError(f"the camt reader reads camt.053 and camt.054, not {kind.value}")
    source: io.BytesIO | io.StringIO = (
        io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    )
    try:
        return _Reader(kind).run(iterparse(source, events=("start", "end"), forbid_dtd=True))
    except ParseError as error:
        line, column = error.position
        raise StatementError(
            f"not well-formed XML at line {line}, column {column + 1}: {str(error).split(':')[0]}"
        ) from None
    except LookupError as error:
        raise StatementError(
            f"the XML declares an encoding Python does not know: {error}"
        ) from None
    except DefusedXmlException as error:
        raise StatementError(
            "the XML declares a document type or entities, which camt files never need and "
            f"which are refused for safety ({type(error).__name__})"
        ) from None


class _Names:
    """The element names of one namespace, qualified once (``{urn...}Ntry``) for fast lookups."""

    def __init__(self, namespace: str) -> None:
        self.prefix = f"{{{namespace}}}"
        self._paths: dict[str, tuple[str, ...]] = {}

    def path(self, path: str) -> tuple[str, ...]:
        found = self._paths.get(path)
        if found is None:
            found = tuple(self.prefix + step for step in path.split("/"))
            self._paths[path] = found
        return found

    def find(self, element: Element, path: str) -> Element | None:
        found = element
        for step in self.path(path):
            child = found.find(step)
            if child is None:
                return None
            found = child
        return found

    def findall(self, element: Element, path: str) -> list[Element]:
        level = [element]
        for step in self.path(path):
            level = [child for parent in level for child in parent.findall(step)]
        return level

    def text(self, element: Element, path: str) -> str | None:
        found = self.find(element, path)
        if found is None or found.text is None:
            return None
        return found.text.strip() or None


class _Reader:
    def __init__(self, kind: StatementFormat | None) -> None:
        self.kind = kind
        self.names = _Names("")
        self.created: dt.date | None = None
        self.statements: list[BankStatement] = []

    def run(self, events: Iterator[tuple[str, Element]]) -> tuple[BankStatement, ...]:
        depth = 0
        names = self.names
        group_tag = stmt_tag = ntry_tag = header_tag = ""
        statement: Element | None = None
        message: Element | None = None
        entries: list[StatementEntry] = []
        where = ""
        for event, element in events:
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise StatementError(f"the XML nests deeper than {MAX_DEPTH} elements")
                if depth == 1:
                    names = self.names = _Names(self._namespace(element.tag))
                    assert self.kind is not None
                    group, stmt = _ROOTS[self.kind]
                    group_tag, stmt_tag = names.prefix + group, names.prefix + stmt
                    ntry_tag, header_tag = names.prefix + "Ntry", names.prefix + "GrpHdr"
                elif depth == 2:
                    if element.tag != group_tag:
                        raise StatementError(
                            f"the document holds {_local(element.tag)}, not {_local(group_tag)}"
                        )
                    message = element
                elif depth == 3 and element.tag == stmt_tag:
                    statement, entries, where = element, [], ""
                continue
            if depth == 4 and statement is not None and element.tag == ntry_tag:
                if not where:
                    where = self._where(statement)
                entries.append(self._entry(element, len(entries), where))
                statement.remove(element)
            elif depth == 3 and message is not None:
                if element.tag == stmt_tag and statement is not None:
                    self.statements.append(self._statement(statement, entries))
                    statement, entries = None, []
                elif element.tag == header_tag:
                    created = names.find(element, "CreDtTm")
                    self.created = None if created is None else _datetime_date(created, "GrpHdr")
                message.remove(element)
            depth -= 1
        if not self.statements:
            group, stmt = _ROOTS[self.kind or StatementFormat.CAMT_053]
            raise StatementError(f"the file holds no {group}/{stmt}")
        return tuple(self.statements)

    def _namespace(self, tag: str) -> str:
        namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
        found = _NAMESPACE.match(namespace)
        if found is None or _local(tag) != "Document":
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
        return namespace

    def _where(self, statement: Element) -> str:
        number = len(self.statements) + 1
        identifier = self.names.text(statement, "Id")
        return f"statement {number}" + (f" ({identifier})" if identifier else "")

    # -- statement ----------------------------------------------------------------------------

    def _statement(self, element: Element, entries: list[StatementEntry]) -> BankStatement:
        names = self.names
        where = self._where(element)
        assert self.kind is not None
        identifier = names.text(element, "Id")
        if identifier is None:
            raise StatementError(f"{where}: no Id")
        created_at = names.find(element, "CreDtTm")
        created = self.created if created_at is None else _datetime_date(created_at, where)
        period = names.find(element, "FrToDt")
        from_date = to_date = None
        if period is not None:
            start, end = names.find(period, "FrDtTm"), names.find(period, "ToDtTm")
            from_date = None if start is None else _datetime_date(start, f"{where}: FrToDt")
            to_date = None if end is None else _datetime_date(end, f"{where}: FrToDt")
        account = self._account(element, where)
        opening, closing = self._balances(element, where)
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
        self._check_totals(element, statement, where)
        return statement

    def _account(self, element: Element, where: str) -> BankAccount:
        names = self.names
        number = names.text(element, "Acct/Id/IBAN") or names.text(element, "Acct/Id/Othr/Id")
        if number is None:
            raise StatementError(f"{where}: no account (Acct/Id/IBAN or Acct/Id/Othr/Id)")
        bank = names.text(element, "Acct/Svcr/FinInstnId/BICFI") or names.text(
            element, "Acct/Svcr/FinInstnId/BIC"
        )
        currency = names.text(element, "Acct/Ccy")
        try:
            return BankAccount(number, bank=bank, currency=currency)
        except ReceivablesError as error:
            raise StatementError(f"{where}: Acct: {error}") from None

    def _balances(self, element: Element, where: str) -> tuple[Money | None, Money | None]:
        names = self.names
        found: dict[str, Money] = {}
        for position, balance in enumerate(names.findall(element, "Bal"), 1):
            code = names.text(balance, "Tp/CdOrPrtry/Cd")
            if code not in ("OPBD", "PRCD", "CLBD"):
                continue
            at = f"{where}: Bal {position} ({code})"
            if code in found:
                raise StatementError(f"{at}: a second {code} balance")
            amount = self._money(balance, "Amt", at)
            found[code] = amount if self._credit(balance, at) else -amount
        opening = found.get("OPBD", found.get("PRCD"))
        if "OPBD" in found and "PRCD" in found and found["OPBD"] != found["PRCD"]:
            raise StatementError(
                f"{where}: the opening booked balance OPBD {found['OPBD']} differs from the "
                f"previous closing booked balance PRCD {found['PRCD']}"
            )
        return opening, found.get("CLBD")

    def _check_totals(self, element: Element, statement: BankStatement, where: str) -> None:
        names = self.names
        booked_only = statement.format is StatementFormat.CAMT_053
        counted = [
            e for e in statement.entries if not booked_only or e.status is EntryStatus.BOOKED
        ]
        scope = "booked entries" if booked_only else "entries"
        summary = names.find(element, "TxsSummry")
        if summary is not None:
            credits = [e.amount.amount for e in counted if e.credit]
            debits = [e.amount.amount for e in counted if not e.credit]
            groups = (
                ("TtlNtries", credits + debits, sum(credits, Decimal(0)) - sum(debits, Decimal(0))),
                ("TtlCdtNtries", credits, None),
                ("TtlDbtNtries", debits, None),
            )
            for name, amounts, net in groups:
                total = names.find(summary, name)
                if total is None:
                    continue
                at = f"{where}: TxsSummry/{name}"
                count = names.text(total, "NbOfNtries")
                if count is not None:
                    if not _COUNT.match(count):
                        raise StatementError(f"{at}/NbOfNtries {shown(count)} is not a count")
                    if int(count) != len(amounts):
                        raise StatementError(
                            f"{at}/NbOfNtries says {int(count)}, the statement has "
                            f"{len(amounts)} {scope} (a difference of {int(count) - len(amounts)})"
                        )
                stated = _decimal(names.text(total, "Sum"), f"{at}/Sum")
                actual = sum(amounts, Decimal(0))
                if stated is not None and stated != actual:
                    raise StatementError(
                        f"{at}/Sum says {stated}, the {scope} add up to {actual} "
                        f"(a difference of {stated - actual})"
                    )
                if net is not None:
                    self._check_net(total, net, at, scope)
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

    def _check_net(self, total: Element, net: Decimal, at: str, scope: str) -> None:
        names = self.names
        holder = names.find(total, "TtlNetNtry")
        if holder is not None:
            text, path = names.text(holder, "Amt"), f"{at}/TtlNetNtry"
        else:
            holder, text, path = total, names.text(total, "TtlNetNtryAmt"), f"{at}/TtlNetNtryAmt"
        stated = _decimal(text, path)
        if stated is None:
            return
        indicator = names.text(holder, "CdtDbtInd")
        if indicator == "DBIT":
            stated = -stated
        elif indicator != "CRDT" and stated != 0:
            raise StatementError(f"{path}: CdtDbtInd {shown(indicator)} is not CRDT or DBIT")
        if stated != net:
            raise StatementError(
                f"{path} says {stated:+}, the {scope} net {net:+} (a difference of {stated - net})"
            )

    # -- entry --------------------------------------------------------------------------------

    def _entry(self, element: Element, index: int, where: str) -> StatementEntry:
        names = self.names
        at = f"{where}, entry {index + 1} (Ntry)"
        amount = self._money(element, "Amt", at)
        credit = self._credit(element, at)
        status = self._status(element, at)
        reversal = _boolean(names.text(element, "RvslInd"), f"{at}: RvslInd")
        booking = self._date_choice(element, "BookgDt", at)
        value = self._date_choice(element, "ValDt", at)
        details = names.findall(element, "NtryDtls/TxDtls")
        if details:
            transactions = [
                self._transaction(
                    detail, amount, credit, reversal, len(details), f"{at}, TxDtls {n}"
                )
                for n, detail in enumerate(details, 1)
            ]
        else:
            transactions = [
                _transaction(at, amount, remittance_text=names.text(element, "AddtlNtryInf"))
            ]
        try:
            return StatementEntry(
                index=index,
                amount=amount,
                credit=credit,
                booking_date=booking,
                value_date=value,
                status=status,
                reversal=reversal,
                bank_reference=names.text(element, "AcctSvcrRef"),
                transaction_code=self._code(element),
                transactions=transactions,
            )
        except StatementError as error:
            raise StatementError(f"{at}: {error}") from None
        except ReceivablesError as error:
            raise StatementError(f"{at}: {error}") from None

    def _status(self, element: Element, at: str) -> EntryStatus:
        names = self.names
        holder = names.find(element, "Sts")
        if holder is None:
            raise StatementError(f"{at}: no Sts")
        code = names.text(holder, "Cd") or names.text(holder, "Prtry")
        if code is None:
            code = (holder.text or "").strip()
        status = _STATUS.get(code)
        if status is None:
            raise StatementError(f"{at}: Sts {shown(code)} is not BOOK, PDNG, FUTR or INFO")
        return status

    def _code(self, element: Element) -> str | None:
        names = self.names
        domain = names.text(element, "BkTxCd/Domn/Cd")
        if domain is not None:
            family = names.text(element, "BkTxCd/Domn/Fmly/Cd")
            sub = names.text(element, "BkTxCd/Domn/Fmly/SubFmlyCd")
            return "/".join(code for code in (domain, family, sub) if code)
        return names.text(element, "BkTxCd/Prtry/Cd")

    def _transaction(
        self,
        element: Element,
        entry_amount: Money,
        credit: bool,
        reversal: bool,
        siblings: int,
        at: str,
    ) -> Transaction:
        names = self.names
        amount = self._detail_amount(element, entry_amount.currency, at)
        if amount is None:
            if siblings > 1:
                raise StatementError(
                    f"{at}: no amount (Amt or AmtDtls/TxAmt/Amt) in one of {siblings} details, "
                    "so the entry cannot be split"
                )
            amount = entry_amount
        indicator = names.text(element, "CdtDbtInd")
        if indicator is not None and indicator != ("CRDT" if credit else "DBIT"):
            raise StatementError(
                f"{at}: CdtDbtInd {indicator} differs from its entry's; a netted batch is not read"
            )
        refs = names.find(element, "Refs")
        references: list[str] = []
        end_to_end = None
        if refs is not None:
            end_to_end = names.text(refs, "EndToEndId")
            for name in ("MsgId", "AcctSvcrRef", "PmtInfId", "InstrId", "TxId"):
                value = names.text(refs, name)
                if value is not None and value.upper() != _NOT_PROVIDED:
                    references.append(value)
        # The related parties keep their roles of the original payment when the bank reverses
        # or returns it: the payer of a returned collection is still its Dbtr, on a debit entry.
        original_credit = credit != (reversal or names.find(element, "RtrInf") is not None)
        party, agent = ("Dbtr", "DbtrAgt") if original_credit else ("Cdtr", "CdtrAgt")
        counterparty = self._party(element, party, agent, at)
        ultimate = self._party(element, f"Ultmt{party}", None, at)
        remittance = names.find(element, "RmtInf")
        text = None
        creditor_references: list[str] = []
        documents: list[ReferredDocument] = []
        if remittance is not None:
            text = _joined(piece.text or "" for piece in names.findall(remittance, "Ustrd"))
            for position, structured in enumerate(names.findall(remittance, "Strd"), 1):
                documents.extend(self._documents(structured, f"{at}, RmtInf/Strd {position}"))
                creditor_references.extend(
                    ref for ref in (names.text(structured, "CdtrRefInf/Ref"),) if ref
                )
        reason = names.text(element, "RtrInf/Rsn/Cd") or names.text(element, "RtrInf/Rsn/Prtry")
        return _transaction(
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

    def _detail_amount(self, element: Element, currency: Currency, at: str) -> Money | None:
        names = self.names
        found: list[Money] = []
        for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/CntrValAmt/Amt"):
            if names.find(element, path) is not None:
                amount = self._money(element, path, at)
                if amount.currency is currency:
                    return amount
                found.append(amount)
        if found:
            raise StatementError(
                f"{at}: no amount in the entry's currency {currency.code} "
                f"(the detail gives {', '.join(str(a) for a in found)})"
            )
        return None

    def _party(self, element: Element, role: str, agent: str | None, at: str) -> Party | None:
        names = self.names
        base = f"RltdPties/{role}"
        name = (
            names.text(element, f"{base}/Nm")
            or names.text(element, f"{base}/Pty/Nm")
            or names.text(element, f"{base}/Agt/FinInstnId/Nm")
        )
        account = bank = None
        if agent is not None:
            account = names.text(element, f"{base}Acct/Id/IBAN") or names.text(
                element, f"{base}Acct/Id/Othr/Id"
            )
            bank = names.text(element, f"RltdAgts/{agent}/FinInstnId/BICFI") or names.text(
                element, f"RltdAgts/{agent}/FinInstnId/BIC"
            )
        if name is None and account is None and bank is None:
            return None
        try:
            return Party(name, account=account, bank=bank)
        except ReceivablesError as error:
            raise StatementError(f"{at}: RltdPties/{role}: {error}") from None

    def _documents(self, element: Element, at: str) -> list[ReferredDocument]:
        names = self.names
        numbered = [
            (doc, number)
            for doc in names.findall(element, "RfrdDocInf")
            if (number := names.text(doc, "Nb")) is not None
        ]
        amounts = names.find(element, "RfrdDocAmt")
        due = discount = credit_note = remitted = None
        if amounts is not None and numbered:
            if len(numbered) > 1:
                raise StatementError(
                    f"{at}: one RfrdDocAmt for {len(numbered)} documents; which document each "
                    "amount belongs to is not said"
                )
            place = f"{at}/RfrdDocAmt"
            due = self._optional_money(amounts, "DuePyblAmt", place)
            discount = self._discount(amounts, place)
            credit_note = self._optional_money(amounts, "CdtNoteAmt", place)
            remitted = self._optional_money(amounts, "RmtdAmt", place)
        documents = []
        for doc, number in numbered:
            code = names.text(doc, "Tp/CdOrPrtry/Cd")
            kind = _KINDS.get(code or "", ReferredKind.OTHER)
            related = names.find(doc, "RltdDt")
            date = None
            if related is not None:
                inner = names.find(related, "Dt")
                date = _date(inner if inner is not None else related, f"{at}/RfrdDocInf/RltdDt")
            try:
                documents.append(
                    ReferredDocument(
                        number,
                        kind,
                        date=date,
                        amount_due=due,
                        discount=discount,
                        credit_note_amount=credit_note,
                        remitted=remitted,
                    )
                )
            except ReceivablesError as error:
                raise StatementError(f"{at}/RfrdDocInf: {error}") from None
        return documents

    def _discount(self, amounts: Element, at: str) -> Money | None:
        names = self.names
        discounts = names.findall(amounts, "DscntApldAmt")
        if not discounts:
            return None
        found: list[Money] = []
        for position, discount in enumerate(discounts, 1):
            place = f"{at}/DscntApldAmt {position}"
            if names.find(discount, "Amt") is not None:
                found.append(self._money(discount, "Amt", place))
            else:
                found.append(_money_of(discount, place))
        try:
            return Money.total(found, found[0].currency)
        except ReceivablesError as error:
            raise StatementError(f"{at}/DscntApldAmt: {error}") from None

    # -- small values -------------------------------------------------------------------------

    def _money(self, element: Element, path: str, at: str) -> Money:
        found = self.names.find(element, path)
        if found is None:
            raise StatementError(f"{at}: no {path}")
        return _money_of(found, f"{at}: {path}")

    def _optional_money(self, element: Element, path: str, at: str) -> Money | None:
        found = self.names.find(element, path)
        return None if found is None else _money_of(found, f"{at}/{path}")

    def _credit(self, element: Element, at: str) -> bool:
        indicator = self.names.text(element, "CdtDbtInd")
        if indicator == "CRDT":
            return True
        if indicator == "DBIT":
            return False
        raise StatementError(f"{at}: CdtDbtInd {shown(indicator)} is not CRDT or DBIT")

    def _date_choice(self, element: Element, path: str, at: str) -> dt.date | None:
        holder = self.names.find(element, path)
        if holder is None:
            return None
        day = self.names.find(holder, "Dt")
        if day is not None:
            return _date(day, f"{at}: {path}/Dt")
        moment = self.names.find(holder, "DtTm")
        if moment is not None:
            return _datetime_date(moment, f"{at}: {path}/DtTm")
        raise StatementError(f"{at}: {path} has neither Dt nor DtTm")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _transaction(at: str, amount: Money, **fields: object) -> Transaction:
    try:
        return Transaction(amount, **fields)  # type: ignore[arg-type]
    except ReceivablesError as error:
        raise StatementError(f"{at}: {error}") from None


def _joined(pieces: Iterable[str]) -> str | None:
    """The ``Ustrd`` pieces as one text: a full 140-character piece runs on into the next, a
    shorter one ends a line (see the module docstring for why)."""
    text = ""
    previous: str | None = None
    for piece in pieces:
        if (
            previous is not None
            and len(previous) < _USTRD_LENGTH
            and previous[-1:].strip()
            and piece[:1].strip()
        ):
            text += "\n"
        text += piece
        previous = piece
    return text or None


def _money_of(element: Element, at: str) -> Money:
    text = (element.text or "").strip()
    if not _AMOUNT.match(text):
        raise StatementError(f"{at}: {text[:40]!r} is not an amount (digits, up to 5 decimals)")
    code = element.get("Ccy")
    if code is None:
        raise StatementError(f"{at}: the amount has no Ccy")
    try:
        return Money(Decimal(text), code)
    except ReceivablesError as error:
        raise StatementError(f"{at}: {error}") from None


def _decimal(text: str | None, at: str) -> Decimal | None:
    if text is None:
        return None
    if not _DECIMAL.match(text):
        raise StatementError(f"{at}: {text[:40]!r} is not a number")
    return Decimal(text)


def _boolean(text: str | None, at: str) -> bool:
    if text is None or text in ("false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise StatementError(f"{at}: {text[:40]!r} is not true or false")


def _calendar(found: re.Match[str] | None, text: str, at: str) -> dt.date:
    if found is None:
        raise StatementError(f"{at}: {text[:40]!r} is not an ISO 8601 date (YYYY-MM-DD)")
    try:
        return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        raise StatementError(f"{at}: {text[:40]!r} is not a calendar date") from None


def _date(element: Element, at: str) -> dt.date:
    text = (element.text or "").strip()
    return _calendar(_DATE.match(text), text, at)


def _datetime_date(element: Element, at: str) -> dt.date:
    text = (element.text or "").strip()
    return _calendar(_DATETIME.match(text), text, at)
