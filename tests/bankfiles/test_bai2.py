"""The BAI2 reader: published-sample fixtures, continuations, funds types, trailers, round trip and
fuzz."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from datetime import timedelta
from pathlib import Path

import pytest
from _bai2_writer import Account, Detail, write_bai2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from receivables import Money
from receivables.bankfiles import (
    BankStatement,
    EntryStatus,
    StatementFormat,
)
from receivables.bankfiles.bai2 import MAX_LINE_CHARS, read
from receivables.errors import InvalidTypeError, StatementError

# Modelled on the sample file of the Cash Management Balance Reporting Specifications, Version 2
# (section 3 and its appendix): the same records, with the first account's trailer corrected
# (the published one, 49,9150000,4/, does not add up: see test_published_first_trailer_is_wrong).
SPEC_SAMPLE = """\
01,122099999,123456789,040621,0200,1,65,,2/
02,031001234,122099999,1,040620,2359,,2/
03,0123456789,,010,+4350000,,,040,2830000,,/
88,072,1020000,,,074,500000,,/
16,115,450000,S,100000,200000,150000,,,/
16,115,10000000,S,5000000,4000000,1000000/
88,AX13612,B096132,AMALGAMATED CORP. LOCKBOX
88,DEPOSIT-MISC. RECEIVABLES
49,19150000,7/
03,9876543210,,010,-500000,,,100,1000000,,,400,2000000,,,190/
88,500000,,,110,1000000,,,072,500000,,,074,500000,,,040/
88,-1500000,,/
16,115,500000,S,,200000,300000,,,LOCK BOX NO.68751
49,4000000,5/
98,23150000,2,14/
99,23150000,1,16/
"""

ISSUE_SAMPLE = """\
01,BANKID,CUSTID,260602,0800,1,,,2/
02,CUSTID,021000021,1,260601,,USD,2/
03,123456789,USD,010,100000,,,015,125000,,/
16,175,25000,,B1,CR-77,ACC
88,-SINV-2026-00825/
49,250000,4/
98,250000,1,6/
99,250000,1,8/
"""


def _units(field: str) -> int:
    return int(field) if re.fullmatch(r"[+-]?[0-9]+", field) else 0


def bai(*lines: str, currency: str = "USD", total: int | None = None) -> str:
    """A one-account file around ``lines`` (the 03 and 16/88 records), trailers computed (the
    account total from simple 03 summaries and 16 amounts, unless ``total`` is given)."""
    body = list(lines)
    if total is None:
        total = 0
        for line in body:
            fields = line.rstrip("/").split(",")
            if fields[0] == "03":
                rest = fields[3:]
                total += sum(_units(rest[i + 1]) for i in range(0, len(rest) - 1, 4))
            elif fields[0] == "16" and len(fields) > 2:
                total += _units(fields[2])
    account = [*body, f"49,{total},{len(body) + 1}/"]
    group = ["02,CUSTID,BANKID,1,260601,2359," + currency + ",2/", *account]
    group.append(f"98,{total},1,{len(group) + 1}/")
    file = ["01,BANKID,CUSTID,260602,0800,9,,,2/", *group]
    file.append(f"99,{total},1,{len(file) + 1}/")
    return "\n".join(file) + "\n"


class TestPublishedSample:
    def test_accounts_balances_and_dates(self) -> None:
        first, second = read(SPEC_SAMPLE)
        assert first.format is StatementFormat.BAI2
        assert first.statement_id == "122099999.040621.1/1/0123456789"
        assert first.account.number == "0123456789"
        assert first.account.bank == "122099999"
        assert first.account.currency is not None
        assert first.account.currency.code == "USD"
        assert first.created == dt.date(2004, 6, 21)
        assert first.from_date == first.to_date == dt.date(2004, 6, 20)
        assert first.opening_balance == Money("43500.00", "USD")
        assert first.closing_balance is None
        assert second.opening_balance == Money("-5000.00", "USD")

    def test_details(self) -> None:
        first, second = read(SPEC_SAMPLE)
        small, big = first.entries
        assert (small.amount, small.credit, small.transaction_code) == (
            Money("4500.00", "USD"),
            True,
            "115",
        )
        assert small.bank_reference is None
        assert small.transactions[0].remittance_text is None
        assert big.amount == Money("100000.00", "USD")
        assert big.bank_reference == "AX13612"
        assert big.transactions[0].references == ("B096132",)
        # the 16 stops inside its text (no "/"): the 88 continues it exactly, nothing added
        assert big.transactions[0].remittance_text == (
            "AMALGAMATED CORP. LOCKBOXDEPOSIT-MISC. RECEIVABLES"
        )
        (lockbox,) = second.entries
        assert lockbox.amount == Money("5000.00", "USD")
        assert lockbox.transactions[0].remittance_text == "LOCK BOX NO.68751"
        assert [p.id for p in second.payments()] == ["122099999.040621.1/1/9876543210/1"]
        assert all(e.booking_date == dt.date(2004, 6, 20) for e in first.entries)

    def test_published_first_trailer_is_wrong(self) -> None:
        published = SPEC_SAMPLE.replace("49,19150000,7/", "49,9150000,4/")
        with pytest.raises(StatementError, match=r"line 9 \(49 account trailer\).*9150000.*"
                           r"19150000.*difference of -10000000"):  # fmt: skip
            read(published)


FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def usd(amount: str) -> Money:
    return Money(amount, "USD")


class TestFixtures:
    """The research fixtures (tests/bankfiles/fixtures/FACTS.md, section 5) read as described."""

    def test_spec_layout(self) -> None:
        (s,) = read(fixture("bai2_a_spec_layout.txt"))
        assert s.statement_id == "091000999.260317.1/1/000123456789"
        assert (s.account.number, s.account.bank) == ("000123456789", "091000999")
        assert (s.created, s.from_date, s.to_date) == (
            dt.date(2026, 3, 17),
            dt.date(2026, 3, 16),
            dt.date(2026, 3, 16),
        )
        assert (s.opening_balance, s.closing_balance) == (usd("25000.00"), usd("39587.70"))
        rows = [
            (
                e.transaction_code,
                str(e.amount.amount),
                e.credit,
                e.bank_reference,
                e.transactions[0].references,
                e.transactions[0].remittance_text,
            )
            for e in s.entries
        ]
        assert rows == [
            ("165", "11900.00", True, "ACH2026031600017", ("LUMENPMT0316",),
             "LUMEN ENERGY GMBH CCD PMT INV ACC-SINV-2026-00825 CUST 10447"),
            ("195", "4760.00", True, "FW2026031600231", (),
             "WIRE FROM KESTREL LOGISTICS BV OBI INV/2026/00042 INV/2026/00043"),
            ("175", "2142.00", True, "DEP0316-0091", (), "CHECK DEPOSIT 3 ITEMS"),
            ("399", "35.70", True, "MISC0316-0004", (), "INTEREST ADJUSTMENT"),
            ("475", "1250.00", False, "CHK0316-10452", ("10452",), None),
            ("495", "3000.00", False, "FT2026031600998", ("NB-AP-000312",),
             "WIRE TO GRANITE OFFICE SUPPLIES GMBH REF GOS-RE-55110"),
        ]  # fmt: skip
        assert all(e.booking_date == dt.date(2026, 3, 16) for e in s.entries)
        assert s.payments()[0].references[0] == (
            "LUMEN ENERGY GMBH CCD PMT INV ACC-SINV-2026-00825 CUST 10447"
        )
        assert [k.codes for k in s.skipped()] == [("bankfiles.debit",)] * 2

    def test_multi_group(self) -> None:
        first, overdrawn, yen = read(fixture("bai2_b_multi_group.txt"))
        assert [x.statement_id for x in (first, overdrawn, yen)] == [
            "091000999.260319.2/1/000123456789",
            "091000999.260319.2/1/000987654321",
            "091000999.260319.2/2/000555000111",
        ]
        assert (first.opening_balance, first.closing_balance) == (usd("39587.70"), usd("48397.70"))
        assert [(e.transaction_code, e.amount, e.credit) for e in first.entries] == [
            ("165", usd("7140.00"), True),
            ("115", usd("3570.00"), True),
            ("451", usd("1900.00"), False),
        ]
        assert first.entries[1].transactions[0].remittance_text == "LOCKBOX 4471 DEPOSIT 2 ITEMS"
        assert (overdrawn.opening_balance, overdrawn.closing_balance) == (
            usd("-500.00"),
            usd("-250.00"),
        )
        assert yen.account.bank == "026009999"
        assert yen.account.currency is not None
        assert yen.account.currency.code == "JPY"
        assert (yen.opening_balance, yen.closing_balance) == (
            Money("1250000", "JPY"),
            Money("1830000", "JPY"),
        )
        (payment,) = yen.payments()
        assert (payment.amount, payment.references) == (
            Money("580000", "JPY"),
            ("HALDEN MACHINERY AS INV/2026/00061",),
        )

    @pytest.mark.parametrize("name", ["bai2_a_spec_layout.txt", "bai2_b_multi_group.txt"])
    def test_rewritten_with_continuations_reads_the_same(self, name: str) -> None:
        """Narrow physical records (every long record broken into 88s) read the same."""
        original = read(fixture(name))
        as_of = original[0].to_date
        assert as_of is not None
        accounts = [_account_of(s) for s in original]
        rewritten = write_bai2([accounts], as_of=f"{as_of:%y%m%d}", width=40)
        for before, after in zip(original, read(rewritten), strict=True):
            assert before.entries == after.entries


def _account_of(statement: BankStatement) -> Account:
    """A writer account for a statement read (balances and one-transaction entries only)."""
    currency = statement.account.currency
    assert currency is not None
    details = tuple(
        Detail(
            int(e.transaction_code or "0"),
            e.amount.minor_units,
            e.bank_reference or "",
            (e.transactions[0].references or ("",))[0],
            e.transactions[0].remittance_text or "",
            ("V", f"{e.value_date:%y%m%d}", "") if e.value_date else (),
        )
        for e in statement.entries
    )
    opening, closing = statement.opening_balance, statement.closing_balance
    return Account(
        statement.account.number,
        currency.code,
        None if opening is None else opening.minor_units,
        None if closing is None else closing.minor_units,
        details,
    )


class TestContinuation:
    def test_issue_sample_joins_without_a_space(self) -> None:
        (statement,) = read(ISSUE_SAMPLE)
        (payment,) = statement.payments()
        assert payment.references == ("ACC-SINV-2026-00825", "CR-77")
        assert statement.closing_balance == Money("1250.00", "USD")

    def test_field_boundary_continuation_starts_next_field(self) -> None:
        text = bai(
            "03,42,,010,100,,/",
            "88,015,200,,/",
            "16,195,300,0,WIRE1/",
            "88,CUST9,TEXT, A/B",
            total=600,
        )
        (statement,) = read(text)
        entry = statement.entries[0]
        assert entry.bank_reference == "WIRE1"
        assert entry.transactions[0].references == ("CUST9",)
        assert entry.transactions[0].remittance_text == "TEXT, A/B"
        assert statement.closing_balance == Money("2.00", "USD")

    def test_text_ending_with_slash_then_continued(self) -> None:
        text = bai("03,42,,/", "16,195,300,0,W,C,PART ONE/", "88,PART TWO/")
        entry = read(text)[0].entries[0]
        assert entry.transactions[0].remittance_text == "PART ONE,PART TWO"

    def test_many_continuations(self) -> None:
        pieces = ["16,195,300,0,W,C,A"] + ["88,B"] * 500
        entry = read(bai("03,42,,/", *pieces))[0].entries[0]
        assert entry.transactions[0].remittance_text == "A" + "B" * 500

    def test_number_split_inside_a_field(self) -> None:
        (statement,) = read(bai("03,42,,010,12", "88,345,,/", total=12345))
        assert statement.opening_balance == Money("123.45", "USD")

    def test_padding_after_the_slash_is_dropped(self) -> None:
        text = bai("03,42,,010,100,,/" + " " * 20)
        assert read(text)[0].opening_balance == Money("1.00", "USD")

    def test_continuation_first_is_an_error(self) -> None:
        with pytest.raises(StatementError, match="line 1: a continuation"):
            read("88,X/\n")


class TestFundsTypes:
    @pytest.mark.parametrize("funds", ["", "0", "1", "2", "Z"])
    def test_plain(self, funds: str) -> None:
        entry = read(bai("03,42,,/", f"16,195,300,{funds},BR,CR,TXT"))[0].entries[0]
        assert (entry.bank_reference, entry.transactions[0].references) == ("BR", ("CR",))
        assert entry.value_date is None

    def test_s_three_amounts(self) -> None:
        entry = read(bai("03,42,,/", "16,195,300,S,100,,200,BR,CR,TXT"))[0].entries[0]
        assert entry.bank_reference == "BR"
        assert entry.transactions[0].remittance_text == "TXT"

    def test_v_value_date_and_time(self) -> None:
        entry = read(bai("03,42,,/", "16,195,300,V,260605,1200,BR,CR,TXT"))[0].entries[0]
        assert entry.value_date == dt.date(2026, 6, 5)
        assert entry.booking_date == dt.date(2026, 6, 1)
        assert entry.bank_reference == "BR"

    def test_d_distributions(self) -> None:
        entry = read(bai("03,42,,/", "16,195,300,D,2,0,100,1,200,BR,CR,A,B"))[0].entries[0]
        assert entry.bank_reference == "BR"
        assert entry.transactions[0].references == ("CR",)
        assert entry.transactions[0].remittance_text == "A,B"

    def test_d_in_a_summary(self) -> None:
        (statement,) = read(bai("03,42,,100,300,2,D,1,0,300,015,500,,/", total=800))
        assert statement.closing_balance == Money("5.00", "USD")

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            ("16,195,300,X,BR,CR,T", "funds type.*'X'"),
            ("16,195,300,D,3,0,100", "announces 3 distributions"),
            ("16,195,300,V,261332,,BR", "value date"),
            ("16,195,300,V,260605,2500,BR", "value time"),
            ("16,195,300,S,1.00,2,3,BR", "immediate availability amount"),
        ],
    )
    def test_bad(self, line: str, message: str) -> None:
        with pytest.raises(StatementError, match=message):
            read(bai("03,42,,/", line))


class TestTypeCodes:
    @pytest.mark.parametrize(
        ("code", "credit"),
        [(108, True), (399, True), (400, False), (699, False), (721, True), (760, False),
         (925, True), (975, False)],
    )  # fmt: skip
    def test_direction(self, code: int, credit: bool) -> None:
        entry = read(bai("03,42,,/", f"16,{code},300,,,,"))[0].entries[0]
        assert entry.credit is credit
        assert entry.transaction_code == f"{code:03d}"

    @pytest.mark.parametrize("code", ["010", "045", "701", "905", "750", "800", "895"])
    def test_not_a_transaction(self, code: str) -> None:
        with pytest.raises(StatementError, match=f"line 4 .*type code {code}"):
            read(bai("03,42,,/", f"16,{code},300,,,,"))

    def test_non_monetary_information(self) -> None:
        text = bai("03,42,,/", "16,890,,,,,detail reports will be delayed until 11:00 AM.")
        (statement,) = read(text)
        (entry,) = statement.entries
        assert entry.status is EntryStatus.INFORMATION
        assert entry.amount.is_zero
        assert statement.payments() == ()
        assert statement.skipped()[0].codes == ("bankfiles.not_booked",)

    def test_debits_are_skipped(self) -> None:
        (statement,) = read(bai("03,42,,/", "16,475,300,,CHK,,", "16,165,700,,,,ACH"))
        assert [s.codes for s in statement.skipped()] == [("bankfiles.debit",)]
        assert [str(p.amount) for p in statement.payments()] == ["7.00 USD"]


class TestAmountsAndCurrencies:
    @pytest.mark.parametrize("amount", ["3.00", "+300", "-300", "3,00", "３00", "1e5"])
    def test_detail_amount_must_be_digits(self, amount: str) -> None:
        with pytest.raises(StatementError, match="line 4"):
            read(bai("03,42,,/", f"16,195,{amount},,,,"))

    def test_summary_amount_unsigned(self) -> None:
        with pytest.raises(StatementError, match="without a sign"):
            read(bai("03,42,,100,-300,,/"))

    def test_minor_units_per_currency(self) -> None:
        (yen,) = read(bai("03,42,JPY,015,1250,,/", "16,195,300,,,,"))
        assert yen.closing_balance == Money("1250", "JPY")
        assert yen.entries[0].amount == Money("300", "JPY")
        (dinar,) = read(bai("03,42,KWD,015,1250,,/"))
        assert dinar.closing_balance == Money("1.250", "KWD")

    def test_group_currency_then_usd(self) -> None:
        (euro,) = read(bai("03,42,,015,1250,,/", currency="EUR"))
        assert euro.closing_balance == Money("12.50", "EUR")
        (dollar,) = read(bai("03,42,,015,1250,,/", currency=""))
        assert dollar.closing_balance == Money("12.50", "USD")

    def test_unknown_currency(self) -> None:
        with pytest.raises(StatementError, match="line 3"):
            read(bai("03,42,XYZ,/"))

    def test_too_many_digits(self) -> None:
        with pytest.raises(StatementError, match="more than 18 digits"):
            read(bai("03,42,,/", "16,195," + "9" * 19 + ",,,,"))


class TestBatches:
    def test_lockbox_items_are_payments(self) -> None:
        text = bai(
            "03,555,,110,30000,2,/",
            "16,115,30000,,LBX-1,BATCH-7,LOCKBOX 12/",
            "16,116,10000,,CHK-101,,INV-1/",
            "16,116,20000,,CHK-102,C-9,INV-2 INV-3/",
            "16,195,500,,,,WIRE",
        )
        (statement,) = read(text)
        batch, wire = statement.entries
        assert (batch.amount, batch.transaction_code, batch.bank_reference) == (
            Money("300.00", "USD"),
            "115",
            "LBX-1",
        )
        assert [t.references for t in batch.transactions] == [("CHK-101",), ("C-9", "CHK-102")]
        assert [t.remittance_text for t in batch.transactions] == ["INV-1", "INV-2 INV-3"]
        # the deposit's text and reference describe the deposit: they stay on the entry
        assert (batch.text, batch.customer_reference) == ("LOCKBOX 12", "BATCH-7")
        assert all(
            "LOCKBOX 12" not in p.references and "BATCH-7" not in p.references
            for p in statement.payments()
        )
        assert (wire.text, wire.customer_reference) == (None, None)
        assert [(p.id, str(p.amount), p.references[0]) for p in statement.payments()] == [
            ("BANKID.260602.9/1/555/1.1", "100.00 USD", "INV-1"),
            ("BANKID.260602.9/1/555/1.2", "200.00 USD", "INV-2 INV-3"),
            ("BANKID.260602.9/1/555/2", "5.00 USD", "WIRE"),
        ]
        assert wire.index == 1

    def test_items_that_do_not_add_up(self) -> None:
        text = bai("03,555,,/", "16,115,30000,,,,/", "16,116,10000,,,,/", "16,116,19000,,,,/")
        with pytest.raises(StatementError, match=r"line 4 .*add up to 29000.*difference of 1000"):
            read(text)

    def test_item_without_its_deposit_is_its_own_entry(self) -> None:
        (statement,) = read(bai("03,555,,/", "16,116,100,,,,/", "16,116,200,,,,/"))
        assert [str(e.amount) for e in statement.entries] == ["1.00 USD", "2.00 USD"]


class TestStructure:
    def test_several_groups_and_accounts(self) -> None:
        text = write_bai2(
            [[Account("1", opening=5), Account("2")], [Account("1", closing=7)]], file_id="X"
        )
        ids = [s.statement_id for s in read(text)]
        assert ids == ["BANKID.260602.X/1/1", "BANKID.260602.X/1/2", "BANKID.260602.X/2/1"]

    def test_group_status_test_only_is_not_applied(self) -> None:
        text = bai("03,42,,/", "16,195,300,,,,").replace(
            "02,CUSTID,BANKID,1,", "02,CUSTID,BANKID,4,"
        )
        (statement,) = read(text)
        assert statement.payments() == ()
        assert statement.entries[0].status is EntryStatus.INFORMATION

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda t: t.replace(",,,2/", ",,,3/", 1), "version '3'"),
            (lambda t: t.replace("99,", "XX,"), "two-digit record code"),
            (lambda t: t.rsplit("99,", 1)[0], "ends after line 5"),
            (lambda t: t + "01,A,B,260602,0800,1,,,2/\n", "after the file trailer"),
            (lambda t: t.replace("\n03,", "\n\n03,"), "line 3 is empty"),
            (lambda t: t.replace("49,", "16,195,1,,,,\n49,", 1).replace("\n03,42,,/", ""),
             "expected 03"),
            (lambda t: t.replace("260601", "260631"), "not a calendar date"),
            (lambda t: t.replace(",0800,", ",2460,"), "creation time"),
            (lambda t: t.replace("2359,USD,2", "2359,USD,7"), "modifier"),
            (lambda t: t.replace("02,CUSTID,BANKID,1,", "02,CUSTID,BANKID,5,"), "group status"),
            (lambda t: t.replace("03,42,,", "03,4!2,,"), "line 3"),
            (lambda t: t.replace("03,42,,/", "03,42,,010,5/"), "ends before"),
            (lambda t: t.replace("03,42,,/", "03,42,,,5,,/"), "no type code"),
            (lambda t: t.replace("49,0,2/", "49,0,2,X/"), "unexpected fields"),
        ],
    )  # fmt: skip
    def test_malformed(self, change: object, message: str) -> None:
        text = bai("03,42,,/")
        assert callable(change)
        with pytest.raises(StatementError, match=message):
            read(change(text))

    def test_line_limit(self) -> None:
        line = "16,195,300,,,," + "X" * MAX_LINE_CHARS
        with pytest.raises(StatementError, match="line 4 has 10,014 characters"):
            read(bai("03,42,,/", line))

    def test_not_text(self) -> None:
        with pytest.raises(InvalidTypeError):
            read(b"01,")  # type: ignore[arg-type]

    def test_crlf_and_bom(self) -> None:
        text = "\ufeff" + ISSUE_SAMPLE.replace("\n", "\r\n")
        assert read(text)[0].payments()[0].references[0] == "ACC-SINV-2026-00825"


class TestTrailers:
    """Every total and count of 49, 98 and 99, each off by one: the error names it and the line."""

    @pytest.mark.parametrize(
        ("old", "new", "message"),
        [
            ("49,250000,4/", "49,250001,4/", r"line 6 .*account control total says 250001.*"
             r"has 250000: a difference of 1 minor units"),
            ("49,250000,4/", "49,250000,3/", r"line 6 .*number of records says 3.*has 4"),
            ("98,250000,1,6/", "98,249999,1,6/", r"line 7 .*group control total.*difference "
             r"of -1 minor units"),
            ("98,250000,1,6/", "98,250000,2,6/", r"line 7 .*number of accounts says 2.*has 1"),
            ("98,250000,1,6/", "98,250000,1,7/", r"line 7 .*number of records says 7.*has 6"),
            ("99,250000,1,8/", "99,250100,1,8/", r"line 8 .*file control total.*difference "
             r"of 100 minor units"),
            ("99,250000,1,8/", "99,250000,0,8/", r"line 8 .*number of groups says 0.*has 1"),
            ("99,250000,1,8/", "99,250000,1,9/", r"line 8 .*number of records says 9.*has 8"),
            ("99,250000,1,8/", "99,250000,1,/", r"line 8 .*number of records is missing"),
        ],
    )  # fmt: skip
    def test_mismatch(self, old: str, new: str, message: str) -> None:
        assert old in ISSUE_SAMPLE
        with pytest.raises(StatementError, match=message):
            read(ISSUE_SAMPLE.replace(old, new))

    def test_signed_control_totals(self) -> None:
        (statement,) = read(bai("03,42,,010,-500,,/"))
        assert statement.opening_balance == Money("-5.00", "USD")


# ---- round trip -------------------------------------------------------------------------------

_CREDITS = [108, 142, 165, 175, 195, 206, 399, 721, 925]
_DEBITS = [451, 475, 495, 699, 760, 975]
_REF = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.", max_size=12)
_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120).map(
    str.strip
)


@st.composite
def _funds(draw: st.DrawFn) -> tuple[tuple[str, ...], dt.date | None]:
    kind = draw(st.sampled_from(["", "0", "1", "2", "Z", "S", "V", "D"]))
    amount = st.integers(0, 10**9).map(str)
    if kind == "S":
        return (kind, draw(amount), draw(amount), draw(amount)), None
    if kind == "V":
        day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
        return (kind, f"{day:%y%m%d}", draw(st.sampled_from(["", "0000", "2400", "1345"]))), day
    if kind == "D":
        pairs = draw(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 10**6)), max_size=3))
        return (kind, str(len(pairs)), *[str(v) for pair in pairs for v in pair]), None
    return ((kind,) if kind else ()), None


@st.composite
def _details(draw: st.DrawFn) -> tuple[Detail, dt.date | None]:
    code = draw(st.sampled_from(_CREDITS + _DEBITS))
    funds, value_date = draw(_funds())
    detail = Detail(code, draw(st.integers(0, 10**12)), draw(_REF), draw(_REF), draw(_TEXT), funds)
    return detail, value_date


@st.composite
def _accounts(draw: st.DrawFn) -> tuple[Account, list[dt.date | None]]:
    details = draw(st.lists(_details(), max_size=6))
    account = Account(
        draw(st.text(alphabet="0123456789", min_size=1, max_size=17)),
        draw(st.sampled_from(["", "USD", "EUR", "JPY", "KWD"])),
        draw(st.none() | st.integers(-(10**12), 10**12)),
        draw(st.none() | st.integers(-(10**12), 10**12)),
        tuple(d for d, _ in details),
    )
    return account, [v for _, v in details]


@given(
    accounts=st.lists(_accounts(), min_size=1, max_size=3),
    width=st.none() | st.integers(40, 90),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_round_trip(
    accounts: list[tuple[Account, list[dt.date | None]]], width: int | None
) -> None:
    text = write_bai2([[a for a, _ in accounts]], width=width)
    statements = read(text)
    assert len(statements) == len(accounts)
    for statement, (account, value_dates) in zip(statements, accounts, strict=True):
        currency = account.currency or "USD"
        assert statement.account.number == account.number
        for balance, units in (
            (statement.opening_balance, account.opening),
            (statement.closing_balance, account.closing),
        ):
            assert balance == (None if units is None else Money.from_minor_units(units, currency))
        assert len(statement.entries) == len(account.details)
        for entry, detail, value_date in zip(
            statement.entries, account.details, value_dates, strict=True
        ):
            (transaction,) = entry.transactions
            assert entry.amount == Money.from_minor_units(detail.units, currency)
            assert entry.credit is (detail.code in _CREDITS)
            assert entry.transaction_code == f"{detail.code:03d}"
            assert entry.value_date == value_date
            assert entry.bank_reference == (detail.bank_reference.strip() or None)
            assert transaction.references == tuple(
                r for r in [detail.customer_reference.strip()] if r
            )
            assert transaction.remittance_text == (detail.text or None)
        # the sum of the entries is what the detail amounts add up to
        credits = sum(d.units for d in account.details if d.code in _CREDITS)
        debits = sum(d.units for d in account.details if d.code not in _CREDITS)
        assert statement.total() == Money.from_minor_units(credits - debits, currency)


# ---- fuzz -------------------------------------------------------------------------------------

_FIXTURES = [SPEC_SAMPLE, ISSUE_SAMPLE, bai("03,42,,/", "16,195,300,D,2,0,100,1,200,BR,CR,A,B")]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_FIXTURES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.text(alphabet=st.sampled_from(",/\n88 01234569+-.SVDZ\r"), max_size=6))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + len(piece) + 1 :]
        elif kind == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        else:
            text = text[:at] + text[at : at + 40] * 3 + text[at:]
    return text


@given(_mutated())
@settings(deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_mutated_fixtures(text: str) -> None:
    try:
        statements = read(text)
    except StatementError:
        return
    assert all(s.format is StatementFormat.BAI2 for s in statements)


@given(st.text(max_size=300))
@settings(deadline=timedelta(seconds=2))
def test_fuzz_any_text(text: str) -> None:
    with contextlib.suppress(StatementError):
        read("01," + text)


class TestIntradayAndEndOfDay:
    """An intraday (interim) report and the end-of-day (final) report give the same entries: read
    together they must post each payment once (the ``bankfiles.interim`` contract)."""

    DETAILS = ("03,555,USD,/", "16,195,12500,,WIRE-1,INV-7,ACME/", "16,475,300,,CHK-9,,CHEQUE/")

    @staticmethod
    def with_modifier(text: str, modifier: str, file_id: str) -> str:
        text = text.replace(",USD,2/", f",USD,{modifier}/" if modifier else ",USD/", 1)
        return text.replace(",260602,0800,9,", f",260602,0800,{file_id},", 1)

    @pytest.mark.parametrize(("modifier", "interim"), [("1", True), ("3", True), ("2", False),
                                                       ("4", False), ("", False)])  # fmt: skip
    def test_the_modifier_says_whether_a_report_is_interim(
        self, modifier: str, interim: bool
    ) -> None:
        (statement,) = read(self.with_modifier(bai(*self.DETAILS), modifier, "5"))
        assert statement.interim is interim
        assert len(statement.payments()) == (0 if interim else 1)

    def test_reading_both_reports_posts_each_payment_once(self) -> None:
        intraday = self.with_modifier(bai(*self.DETAILS), "3", "1")
        final = self.with_modifier(bai(*self.DETAILS), "2", "2")
        statements = [*read(intraday), *read(final)]
        payments = [p for s in statements for p in s.payments()]
        assert [(p.id, str(p.amount)) for p in payments] == [
            ("BANKID.260602.2/1/555/1", "125.00 USD")
        ]
        early = statements[0].skipped()
        assert [s.codes for s in early] == [("bankfiles.interim",), ("bankfiles.debit",)]
        # nothing read is lost: the interim report's entries are all there, same as the final's
        assert [e.amount for e in statements[0].entries] == [
            e.amount for e in statements[1].entries
        ]
