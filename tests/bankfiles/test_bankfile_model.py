"""The statement model's contracts that every reader shares: who the payer is, entry text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from receivables import Money
from receivables.bankfiles import (
    BankAccount,
    BankStatement,
    Party,
    StatementEntry,
    StatementFormat,
    Transaction,
)

_EUR = Money("100.00", "EUR")
_DAY = dt.date(2026, 6, 1)
_FACTORY = Party("PAYMENT FACTORY SE", account="DE89370400440532013000", bank="COBADEFFXXX")


def _statement(transaction: Transaction, **entry: object) -> BankStatement:
    row = StatementEntry(
        index=0,
        amount=transaction.amount,
        credit=True,
        booking_date=_DAY,
        transactions=(transaction,),
        **entry,  # type: ignore[arg-type]
    )
    return BankStatement(StatementFormat.CAMT_053, "S", BankAccount("12345"), (row,))


def test_the_ultimate_debtor_names_the_payer_the_debtor_gives_the_account() -> None:
    transaction = Transaction(
        _EUR, counterparty=_FACTORY, ultimate_counterparty=Party("LUMEN ENERGY GMBH")
    )
    (payment,) = _statement(transaction).payments()
    assert payment.payer_name == "LUMEN ENERGY GMBH"
    assert payment.payer_account == "DE89370400440532013000"


def test_without_an_ultimate_party_the_counterparty_is_the_payer() -> None:
    (payment,) = _statement(Transaction(_EUR, counterparty=_FACTORY)).payments()
    assert (payment.payer_name, payment.payer_account) == (
        "PAYMENT FACTORY SE",
        "DE89370400440532013000",
    )


def test_an_ultimate_party_fills_what_the_counterparty_lacks() -> None:
    transaction = Transaction(_EUR, ultimate_counterparty=Party(None, account="NL91ABNA0417164300"))
    (payment,) = _statement(transaction).payments()
    assert (payment.payer_name, payment.payer_account) == (None, "NL91ABNA0417164300")


def test_the_entry_text_and_customer_reference_are_no_payment_references() -> None:
    transaction = Transaction(_EUR, references=("INV-1",))
    statement = _statement(transaction, text="LOCKBOX 12", customer_reference="BATCH-7")
    (payment,) = statement.payments()
    assert payment.references == ("INV-1",)


_NAMES = st.none() | st.sampled_from(["A", "B SE"])
_ACCOUNTS = st.none() | st.sampled_from(["DE89370400440532013000", "NL91ABNA0417164300"])


@given(_NAMES, _ACCOUNTS, _NAMES, _ACCOUNTS)
def test_the_payer_is_taken_from_the_two_parties_and_nothing_else(
    name: str | None, account: str | None, ult_name: str | None, ult_account: str | None
) -> None:
    party = None if name is None and account is None else Party(name, account=account)
    ultimate = (
        None if ult_name is None and ult_account is None else Party(ult_name, account=ult_account)
    )
    transaction = Transaction(_EUR, counterparty=party, ultimate_counterparty=ultimate)
    (payment,) = _statement(transaction).payments()
    assert payment.payer_name == (ult_name or name)
    assert payment.payer_account == (account or ult_account)
