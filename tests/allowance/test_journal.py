"""Journal entries (``receivables.allowance.journal``): allowance true-ups both ways, the direct
write-off method and recoveries, impossible lines, and every entry balancing."""

from __future__ import annotations

import datetime as dt

import pytest
from _allowance_helpers import usd
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidAmountError, InvalidDocumentError, Money
from receivables.allowance import (
    AccountMap,
    JournalEntry,
    JournalLine,
    WriteOffMethod,
    allowance_true_up,
    recovery_entries,
    write_off_entry,
)
from receivables.testing import money

D = dt.date
ACCOUNTS = AccountMap("1200", "1290", "6100", "1000", "7050")


class TestJournal:
    def test_true_up_both_ways(self) -> None:
        up = allowance_true_up(usd(100), usd(150), accounts=ACCOUNTS, on=D(2026, 6, 30))
        down = allowance_true_up(usd(150), usd(100), accounts=ACCOUNTS, on=D(2026, 6, 30))
        assert up is not None
        assert down is not None
        assert [(line.account, line.debit) for line in up.lines if line.debit] == [
            ("6100", usd(50))
        ]
        assert [(line.account, line.debit) for line in down.lines if line.debit] == [
            ("1290", usd(50))
        ]

    def test_no_true_up_when_the_allowance_is_already_right(self) -> None:
        accounts = AccountMap("1200", "1290", "6100", "1000")
        assert allowance_true_up(usd("1"), usd("1"), accounts=accounts, on=D(2026, 6, 30)) is None

    def test_direct_method(self) -> None:
        entry = write_off_entry(
            usd(80), accounts=ACCOUNTS, on=D(2026, 6, 30), method=WriteOffMethod.DIRECT
        )
        assert [(line.account, line.debit) for line in entry.lines if line.debit] == [
            ("6100", usd(80))
        ]
        reinstate, cash = recovery_entries(
            usd(80), accounts=ACCOUNTS, on=D(2026, 7, 1), method=WriteOffMethod.DIRECT
        )
        assert [(line.account, line.credit) for line in reinstate.lines if line.credit] == [
            ("7050", usd(80))
        ]
        assert [(line.account, line.credit) for line in cash.lines if line.credit] == [
            ("1200", usd(80))
        ]

    def test_unbalanced_and_odd_lines_are_impossible(self) -> None:
        with pytest.raises(InvalidDocumentError, match="does not balance"):
            JournalEntry(
                D(2026, 6, 30), [JournalLine("A", usd(2), usd(0)), JournalLine("B", usd(0), usd(1))]
            )
        with pytest.raises(InvalidAmountError):
            JournalLine("A", usd(1), usd(1))
        with pytest.raises(InvalidAmountError):
            JournalLine("A", usd(-1), usd(0))
        with pytest.raises(InvalidAmountError):
            write_off_entry(usd(0), accounts=ACCOUNTS, on=D(2026, 6, 30))

    @given(
        money("USD", min_value=0, max_value=10**8),
        money("USD", min_value=0, max_value=10**8),
        money("USD", min_value="0.01", max_value=10**8),
        st.sampled_from(list(WriteOffMethod)),
    )
    def test_every_entry_balances(
        self, current: Money, required: Money, amount: Money, method: WriteOffMethod
    ) -> None:
        entries = [
            allowance_true_up(current, required, accounts=ACCOUNTS, on=D(2026, 6, 30)),
            write_off_entry(amount, accounts=ACCOUNTS, on=D(2026, 6, 30), method=method),
            *recovery_entries(amount, accounts=ACCOUNTS, on=D(2026, 6, 30), method=method),
        ]
        for entry in entries:
            if entry is not None:
                assert entry.total_debits == entry.total_credits
                assert entry.reasons
