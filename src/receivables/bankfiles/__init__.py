"""Bank statements in: camt.053 / camt.054, BAI2 and MT940 to payments and remittances.

Pure functions from the bytes or text a bank delivers to the library's values: the caller reads
the file, :func:`read_statement` reads what it is given, and the statement's
:meth:`~BankStatement.payments` and :meth:`~BankStatement.remittances` go straight into
:func:`~receivables.cashapp.apply_cash`. Control totals are checked (camt ``TxsSummry``, BAI2
trailers, MT940 opening balance plus entries equals closing balance); a file that does not add up
is a :class:`~receivables.errors.StatementError` that says which total and by how much.

Examples:
    >>> text = '''
    ... :20:STARTUMSE
    ... :25:10020030/1234567
    ... :28C:00001/001
    ... :60F:C260601EUR1000,00
    ... :61:2606020602CR250,00NTRFNONREF//B2606020001
    ... :86:166?00GUTSCHRIFT?20ACC-SINV-2026-00825?32LUMEN ENERGY GMBH
    ... :62F:C260602EUR1250,00
    ... -'''
    >>> statement = read_statement(text)
    >>> statement.format.value, [(p.payer_name, str(p.amount)) for p in statement.payments()]
    ('mt940', [('LUMEN ENERGY GMBH', '250.00 EUR')])
"""

from __future__ import annotations

from receivables.bankfiles.model import (
    BankAccount,
    BankStatement,
    EntryStatus,
    Party,
    ReferredDocument,
    ReferredKind,
    SkippedEntry,
    StatementEntry,
    StatementFormat,
    Transaction,
)
from receivables.bankfiles.reader import detect_format, read_statement, read_statements

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
    "detect_format",
    "read_statement",
    "read_statements",
]
