"""A sample bank statement: the sample portfolio's payments of the day as a camt.053 file.

What the bank would send for the payments of :func:`~receivables.samples.sample_portfolio`: one
``Stmt`` per currency account in a camt.053.001.08 document, one booked credit entry per
payment, the payer's name as the bank prints it (upper case, cut at 35 characters) and the
remittance as unstructured text (``Ustrd`` fields of at most 140 characters). The bank does not
know the customer ids, so cash application must find the payer again from the name and the
references. The statement's balances and ``TxsSummry`` add up, and a day's debit (the bank's
fees) is included, so that reading the file shows a skipped entry too.

Examples:
    >>> import datetime as dt
    >>> from receivables.bankfiles import read_statements
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=3, customers=30, as_of=dt.date(2026, 6, 30))
    >>> statements = read_statements(sample_camt053(book))
    >>> sum(len(s.payments()) for s in statements) == len(book.payments)
    True
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final
from xml.etree import ElementTree as ET

from receivables._decimal import in_context
from receivables.documents import Payment, Portfolio
from receivables.money import Currency, Money

__all__ = ["sample_camt053"]

_NAMESPACE: Final = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
_FEE: Final = Decimal("12.50")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _amount(parent: ET.Element, tag: str, money: Money) -> None:
    _sub(parent, tag, f"{abs(money.round().amount)}", Ccy=money.currency.code)


def _pieces(text: str, size: int = 140) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)] or [""]


@in_context
def sample_camt053(book: Portfolio, *, opening_balance: Decimal | int = 250_000) -> bytes:
    """The portfolio's payments of ``book.as_of`` as a camt.053 document (UTF-8 bytes).

    ``opening_balance`` (in major units, the same figure in every currency) starts each account.

    Examples:
        >>> import datetime as dt
        >>> from receivables.samples import sample_portfolio
        >>> book = sample_portfolio(seed=3, customers=30, as_of=dt.date(2026, 6, 30))
        >>> sample_camt053(book)[:38]
        b"<?xml version='1.0' encoding='utf-8'?>"
    """
    day = book.as_of
    by_currency: dict[Currency, list[Payment]] = {}
    for payment in book.payments:
        by_currency.setdefault(payment.amount.currency, []).append(payment)
    document = ET.Element("Document", xmlns=_NAMESPACE)
    root = _sub(document, "BkToCstmrStmt")
    header = _sub(root, "GrpHdr")
    _sub(header, "MsgId", f"SAMPLE-{day:%Y%m%d}")
    _sub(header, "CreDtTm", f"{day:%Y-%m-%d}T18:00:00")
    for number, currency in enumerate(sorted(by_currency), start=1):
        _statement(root, day, number, currency, by_currency[currency], Decimal(opening_balance))
    ET.indent(document)
    data: bytes = ET.tostring(document, encoding="utf-8", xml_declaration=True)
    return data


def _statement(
    root: ET.Element,
    day: dt.date,
    number: int,
    currency: Currency,
    payments: list[Payment],
    opening: Decimal,
) -> None:
    fee = Money(_FEE, currency).round()
    credits = Money.total((p.amount for p in payments), currency)
    statement = _sub(root, "Stmt")
    _sub(statement, "Id", f"STMT-{day:%Y%m%d}-{currency.code}")
    _sub(statement, "ElctrncSeqNb", f"{day.toordinal() % 1000:03d}")
    _sub(statement, "CreDtTm", f"{day:%Y-%m-%d}T18:00:00")
    period = _sub(statement, "FrToDt")
    _sub(period, "FrDtTm", f"{day:%Y-%m-%d}T00:00:00")
    _sub(period, "ToDtTm", f"{day:%Y-%m-%d}T23:59:59")
    account = _sub(statement, "Acct")
    _sub(_sub(_sub(account, "Id"), "Othr"), "Id", f"40000{number:04d}")
    _sub(account, "Ccy", currency.code)
    start = Money(opening, currency).round()
    for code, balance in (("OPBD", start), ("CLBD", start + credits - fee)):
        element = _sub(statement, "Bal")
        _sub(_sub(_sub(element, "Tp"), "CdOrPrtry"), "Cd", code)
        _amount(element, "Amt", balance)
        _sub(element, "CdtDbtInd", "CRDT" if not balance.is_negative else "DBIT")
        _sub(_sub(element, "Dt"), "Dt", f"{day:%Y-%m-%d}")
    summary = _sub(statement, "TxsSummry")
    totals = _sub(summary, "TtlNtries")
    _sub(totals, "NbOfNtries", str(len(payments) + 1))
    _sub(totals, "Sum", f"{(credits + fee).amount}")
    net = _sub(totals, "TtlNetNtry")
    _amount(net, "Amt", credits - fee)
    _sub(net, "CdtDbtInd", "CRDT" if (credits - fee).amount >= 0 else "DBIT")
    for tag, count, total in (
        ("TtlCdtNtries", len(payments), credits),
        ("TtlDbtNtries", 1, fee),
    ):
        element = _sub(summary, tag)
        _sub(element, "NbOfNtries", str(count))
        _sub(element, "Sum", f"{total.amount}")
    for index, payment in enumerate(payments, start=1):
        _credit(statement, day, index, payment)
    _fee(statement, day, len(payments) + 1, fee)


def _credit(statement: ET.Element, day: dt.date, index: int, payment: Payment) -> None:
    entry = _sub(statement, "Ntry")
    _sub(entry, "NtryRef", f"{index:06d}")
    _amount(entry, "Amt", payment.amount)
    _sub(entry, "CdtDbtInd", "CRDT")
    _sub(_sub(entry, "Sts"), "Cd", "BOOK")
    _sub(_sub(entry, "BookgDt"), "Dt", f"{day:%Y-%m-%d}")
    _sub(_sub(entry, "ValDt"), "Dt", f"{day:%Y-%m-%d}")
    _sub(entry, "AcctSvcrRef", f"BANK-{day:%y%m%d}-{index:06d}")
    domain = _sub(_sub(entry, "BkTxCd"), "Domn")
    _sub(domain, "Cd", "PMNT")
    family = _sub(domain, "Fmly")
    _sub(family, "Cd", "RCDT")
    _sub(family, "SubFmlyCd", "ESCT")
    details = _sub(_sub(entry, "NtryDtls"), "TxDtls")
    _sub(_sub(details, "Refs"), "EndToEndId", "NOTPROVIDED")
    _amount(details, "Amt", payment.amount)
    _sub(details, "CdtDbtInd", "CRDT")
    if payment.payer_name:
        parties = _sub(details, "RltdPties")
        _sub(_sub(_sub(parties, "Dbtr"), "Pty"), "Nm", payment.payer_name.upper()[:35])
    if payment.references:
        remittance = _sub(details, "RmtInf")
        for piece in _pieces(" ".join(payment.references)):
            _sub(remittance, "Ustrd", piece)


def _fee(statement: ET.Element, day: dt.date, index: int, fee: Money) -> None:
    entry = _sub(statement, "Ntry")
    _sub(entry, "NtryRef", f"{index:06d}")
    _amount(entry, "Amt", fee)
    _sub(entry, "CdtDbtInd", "DBIT")
    _sub(_sub(entry, "Sts"), "Cd", "BOOK")
    _sub(_sub(entry, "BookgDt"), "Dt", f"{day:%Y-%m-%d}")
    _sub(_sub(entry, "ValDt"), "Dt", f"{day:%Y-%m-%d}")
    _sub(entry, "AcctSvcrRef", f"BANK-{day:%y%m%d}-FEES")
    details = _sub(_sub(entry, "NtryDtls"), "TxDtls")
    _sub(_sub(details, "Refs"), "EndToEndId", "NOTPROVIDED")
    _amount(details, "Amt", fee)
    _sub(details, "CdtDbtInd", "DBIT")
    _sub(_sub(details, "RmtInf"), "Ustrd", "ACCOUNT MAINTENANCE FEE")
