"""A TEST-ONLY camt.053/054 writer and a hypothesis strategy for the statements it can write.

The writer is the reader's mirror for the round-trip property: whatever statement it writes,
``camt.read`` must give back equal. It writes two element layouts: version ``02`` (``Dbtr/Nm``,
``BIC``, plain ``Sts``, ``AmtDtls/TxAmt/Amt``, ``TtlNetNtryAmt``, ``DscntApldAmt`` as an amount)
and version ``08`` (``Dbtr/Pty/Nm``, ``BICFI``, ``Sts/Cd``, ``TxDtls/Amt``, ``TtlNetNtry/Amt``,
``DscntApldAmt/Amt``). ``TxsSummry`` and the balances are computed from the entries, as a bank
would (booked entries only in a camt.053).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import strategies as st

from receivables.bankfiles import (
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
from receivables.money import Money

_STATUS = {EntryStatus.BOOKED: "BOOK", EntryStatus.PENDING: "PDNG", EntryStatus.INFORMATION: "INFO"}
_KIND = {
    ReferredKind.INVOICE: "CINV",
    ReferredKind.CREDIT_NOTE: "CREN",
    ReferredKind.DEBIT_NOTE: "DEBN",
}
_REF_SLOTS = ("MsgId", "AcctSvcrRef", "PmtInfId", "InstrId", "TxId")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _path(parent: ET.Element, path: str, text: str | None = None) -> ET.Element:
    element = parent
    for step in path.split("/"):
        element = _sub(element, step)
    element.text = text
    return element


def _amount(parent: ET.Element, tag: str, money: Money) -> None:
    _sub(parent, tag, format(money.amount, "f"), Ccy=money.currency.code)


def _bic(new: bool) -> str:
    return "BICFI" if new else "BIC"


def write_camt(statement: BankStatement, version: str = "08") -> bytes:
    """The statement as a camt.053 or camt.054 document of ``version`` ("02" or "08")."""
    new = version != "02"
    is_053 = statement.format is StatementFormat.CAMT_053
    message = "camt.053" if is_053 else "camt.054"
    root = ET.Element("Document", xmlns=f"urn:iso:std:iso:20022:tech:xsd:{message}.001.{version}")
    group = _sub(root, "BkToCstmrStmt" if is_053 else "BkToCstmrDbtCdtNtfctn")
    header = _sub(group, "GrpHdr")
    _sub(header, "MsgId", "MSG-1")
    if statement.created is not None:
        _sub(header, "CreDtTm", f"{statement.created.isoformat()}T08:30:00")
    stmt = _sub(group, "Stmt" if is_053 else "Ntfctn")
    _sub(stmt, "Id", statement.statement_id)
    if statement.created is not None:
        _sub(stmt, "CreDtTm", f"{statement.created.isoformat()}T08:30:00+01:00")
    if statement.from_date is not None and statement.to_date is not None:
        period = _sub(stmt, "FrToDt")
        _sub(period, "FrDtTm", f"{statement.from_date.isoformat()}T00:00:00")
        _sub(period, "ToDtTm", f"{statement.to_date.isoformat()}T23:59:59")
    account = _sub(stmt, "Acct")
    number = statement.account.number
    if number[:2].isalpha():
        _path(account, "Id/IBAN", number)
    else:
        _path(account, "Id/Othr/Id", number)
    if statement.account.currency is not None:
        _sub(account, "Ccy", statement.account.currency.code)
    if statement.account.bank is not None:
        _path(account, f"Svcr/FinInstnId/{_bic(new)}", statement.account.bank)
    for code, balance in (("OPBD", statement.opening_balance), ("CLBD", statement.closing_balance)):
        if balance is None:
            continue
        bal = _sub(stmt, "Bal")
        _path(bal, "Tp/CdOrPrtry/Cd", code)
        _amount(bal, "Amt", abs(balance))
        _sub(bal, "CdtDbtInd", "DBIT" if balance.is_negative else "CRDT")
        _path(bal, "Dt/Dt", "2026-01-01")
    counted = [e for e in statement.entries if not is_053 or e.status is EntryStatus.BOOKED]
    summary = _sub(stmt, "TxsSummry")
    credits = [e.amount.amount for e in counted if e.credit]
    debits = [e.amount.amount for e in counted if not e.credit]
    net = sum(credits, Decimal(0)) - sum(debits, Decimal(0))
    total = _sub(summary, "TtlNtries")
    _sub(total, "NbOfNtries", str(len(counted)))
    _sub(total, "Sum", format(sum(credits + debits, Decimal(0)), "f"))
    holder = _sub(total, "TtlNetNtry") if new else total
    _sub(holder, "Amt" if new else "TtlNetNtryAmt", format(abs(net), "f"))
    _sub(holder, "CdtDbtInd", "DBIT" if net < 0 else "CRDT")
    for tag, amounts in (("TtlCdtNtries", credits), ("TtlDbtNtries", debits)):
        part = _sub(summary, tag)
        _sub(part, "NbOfNtries", str(len(amounts)))
        _sub(part, "Sum", format(sum(amounts, Decimal(0)), "f"))
    for entry in statement.entries:
        _entry(stmt, entry, new)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def _entry(parent: ET.Element, entry: StatementEntry, new: bool) -> None:
    ntry = _sub(parent, "Ntry")
    _amount(ntry, "Amt", entry.amount)
    _sub(ntry, "CdtDbtInd", "CRDT" if entry.credit else "DBIT")
    if entry.reversal:
        _sub(ntry, "RvslInd", "true")
    if new:
        _path(ntry, "Sts/Cd", _STATUS[entry.status])
    else:
        _sub(ntry, "Sts", _STATUS[entry.status])
    if entry.booking_date is not None:
        _path(ntry, "BookgDt/Dt", entry.booking_date.isoformat())
    if entry.value_date is not None:
        _path(ntry, "ValDt/DtTm", f"{entry.value_date.isoformat()}T10:00:00Z")
    if entry.bank_reference is not None:
        _sub(ntry, "AcctSvcrRef", entry.bank_reference)
    if entry.transaction_code is not None:
        _path(ntry, "BkTxCd/Prtry/Cd", entry.transaction_code)
    details = _sub(ntry, "NtryDtls")
    for transaction in entry.transactions:
        _detail(details, transaction, entry, new)


def _party(parent: ET.Element, role: str, party: Party, new: bool) -> None:
    if party.name is not None:
        _path(parent, f"{role}/Pty/Nm" if new else f"{role}/Nm", party.name)
    if party.account is not None:
        kind = "IBAN" if party.account[:2].isalpha() else "Othr/Id"
        _path(parent, f"{role}Acct/Id/{kind}", party.account)


def _detail(parent: ET.Element, transaction: Transaction, entry: StatementEntry, new: bool) -> None:
    detail = _sub(parent, "TxDtls")
    refs = _sub(detail, "Refs")
    for slot, reference in zip(_REF_SLOTS, transaction.references, strict=False):
        _sub(refs, slot, reference)
    if transaction.end_to_end_id is not None:
        _sub(refs, "EndToEndId", transaction.end_to_end_id)
    if new:
        _amount(detail, "Amt", transaction.amount)
        _sub(detail, "CdtDbtInd", "CRDT" if entry.credit else "DBIT")
    else:
        _amount(_path(detail, "AmtDtls/TxAmt"), "Amt", transaction.amount)
    original_credit = entry.credit != (entry.reversal or transaction.return_reason is not None)
    role = "Dbtr" if original_credit else "Cdtr"
    party = transaction.counterparty
    ultimate = transaction.ultimate_counterparty
    if party is not None or ultimate is not None:
        related = _sub(detail, "RltdPties")
        if party is not None:
            _party(related, role, party, new)
        if ultimate is not None and ultimate.name is not None:
            _path(related, f"Ultmt{role}/Pty/Nm" if new else f"Ultmt{role}/Nm", ultimate.name)
    if party is not None and party.bank is not None:
        _path(detail, f"RltdAgts/{role}Agt/FinInstnId/{_bic(new)}", party.bank)
    if (
        transaction.remittance_text
        or transaction.creditor_references
        or transaction.referred_documents
    ):
        remittance = _sub(detail, "RmtInf")
        text = transaction.remittance_text or ""
        for start in range(0, len(text), 140):
            _sub(remittance, "Ustrd", text[start : start + 140])
        for reference in transaction.creditor_references:
            _path(remittance, "Strd/CdtrRefInf/Ref", reference)
        for document in transaction.referred_documents:
            _document(_sub(remittance, "Strd"), document, new)
    if transaction.return_reason is not None:
        _path(detail, "RtrInf/Rsn/Cd", transaction.return_reason)


def _document(structured: ET.Element, document: ReferredDocument, new: bool) -> None:
    info = _sub(structured, "RfrdDocInf")
    if document.kind in _KIND:
        _path(info, "Tp/CdOrPrtry/Cd", _KIND[document.kind])
    _sub(info, "Nb", document.number)
    if document.date is not None:
        _sub(info, "RltdDt", document.date.isoformat())
    amounts = (document.amount_due, document.discount, document.credit_note_amount)
    if all(amount is None for amount in (*amounts, document.remitted)):
        return
    block = _sub(structured, "RfrdDocAmt")
    if document.amount_due is not None:
        _amount(block, "DuePyblAmt", document.amount_due)
    if document.discount is not None:
        if new:
            _amount(_sub(block, "DscntApldAmt"), "Amt", document.discount)
        else:
            _amount(block, "DscntApldAmt", document.discount)
    if document.credit_note_amount is not None:
        _amount(block, "CdtNoteAmt", document.credit_note_amount)
    if document.remitted is not None:
        _amount(block, "RmtdAmt", document.remitted)


# -- the strategy -----------------------------------------------------------------------------

_TEXT = (
    st.text(
        alphabet=st.characters(
            min_codepoint=0x20, max_codepoint=0x24F, exclude_characters="\x7f", categories=None
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_TOKEN = st.from_regex(r"[A-Z0-9][A-Z0-9/\-]{0,20}", fullmatch=True).filter(
    lambda token: token != "NOTPROVIDED"
)
_IBANS = ("DE89370400440532013000", "NL91ABNA0417164300", "GB82WEST12345698765432")
_ACCOUNTS = st.sampled_from([*_IBANS, "123456789", "021000021123456789"])
_BICS = st.sampled_from(["COBADEFFXXX", "INGBNL2A", "NWBKGB2L"])
_DATES = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


def _cents(low: int = 1) -> st.SearchStrategy[Decimal]:
    return st.integers(low, 10_000_000).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def _remittance_text(draw: st.DrawFn) -> str:
    """Words joined by single spaces: long enough at times to cross a 140-character cut."""
    words = draw(st.lists(st.one_of(_TOKEN, _TEXT), min_size=1, max_size=30))
    return " ".join(words)[:400].strip() or "X"


@st.composite
def _transaction_values(draw: st.DrawFn, amount: Decimal, currency: str) -> Transaction:
    def money(value: Decimal) -> Money:
        return Money(value, currency)

    documents = []
    for _ in range(draw(st.integers(0, 2))):
        documents.append(
            ReferredDocument(
                draw(_TOKEN),
                draw(st.sampled_from(list(ReferredKind))),
                date=draw(st.none() | _DATES),
                amount_due=draw(st.none() | _cents().map(money)),
                discount=draw(st.none() | _cents().map(money)),
                credit_note_amount=draw(st.none() | _cents().map(money)),
                remitted=draw(st.none() | _cents().map(money)),
            )
        )
    party = draw(
        st.none()
        | st.builds(
            Party,
            st.none() | _TEXT,
            account=st.none() | _ACCOUNTS,
            bank=st.none() | _BICS,
        )
    )
    return Transaction(
        money(amount),
        references=draw(st.lists(_TOKEN, max_size=len(_REF_SLOTS))),
        end_to_end_id=draw(st.none() | _TOKEN),
        counterparty=None if party == Party() else party,
        remittance_text=draw(st.none() | _remittance_text()),
        creditor_references=draw(st.lists(_TOKEN, max_size=2)),
        referred_documents=documents,
        return_reason=draw(st.none() | st.sampled_from(["AC04", "MD06", "AM04"])),
        ultimate_counterparty=draw(st.none() | _TEXT.map(Party)),
    )


@st.composite
def _entry_values(draw: st.DrawFn, index: int, currency: str) -> StatementEntry:
    parts = draw(st.lists(_cents(), min_size=1, max_size=4))
    transactions = [draw(_transaction_values(part, currency)) for part in parts]
    return StatementEntry(
        index=index,
        amount=Money(sum(parts, Decimal(0)), currency),
        credit=draw(st.booleans()),
        booking_date=draw(st.none() | _DATES),
        value_date=draw(st.none() | _DATES),
        status=draw(st.sampled_from(list(EntryStatus))),
        reversal=draw(st.booleans()),
        bank_reference=draw(st.none() | _TOKEN),
        transaction_code=draw(st.none() | st.sampled_from(["PMNT/RCDT/ESCT", "NTRF+166"])),
        transactions=transactions,
    )


@st.composite
def statements(draw: st.DrawFn) -> BankStatement:
    """Random camt.053 or camt.054 statements with entries, transactions and remittance."""
    kind = draw(st.sampled_from([StatementFormat.CAMT_053, StatementFormat.CAMT_054]))
    currency = draw(st.sampled_from(["EUR", "USD", "CHF"]))
    entries = [draw(_entry_values(i, currency)) for i in range(draw(st.integers(0, 5)))]
    opening = closing = None
    if kind is StatementFormat.CAMT_053 and draw(st.booleans()):
        opening = Money(draw(st.integers(-(10**9), 10**9)), currency).round()
        booked = [e.signed_amount for e in entries if e.status is EntryStatus.BOOKED]
        closing = opening + Money.total(booked, currency)
    start = draw(_DATES)
    return BankStatement(
        kind,
        draw(_TOKEN),
        BankAccount(draw(_ACCOUNTS), bank=draw(st.none() | _BICS), currency=currency),
        entries,
        created=draw(st.none() | st.just(start)),
        from_date=start,
        to_date=start + dt.timedelta(days=draw(st.integers(0, 3))),
        opening_balance=opening,
        closing_balance=closing,
    )
