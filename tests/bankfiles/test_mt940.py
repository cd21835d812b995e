"""The MT940 reader: published-sample fixtures, the format's corner cases, round trip, fuzz."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from _mt940_writer import write_mt940
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from receivables.bankfiles import (
    BankAccount,
    BankStatement,
    Party,
    StatementEntry,
    StatementFormat,
    Transaction,
    mt940,
    read_statement,
    read_statements,
)
from receivables.errors import StatementError
from receivables.money import Money

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def message(*fields: str) -> str:
    return "\n".join(fields) + "\n-\n"


def simple(*body: str, opening: str = "C260601EUR100,00", closing: str = "C260602EUR100,00") -> str:
    return message(
        ":20:TEST", ":25:NL91ABNA0417164300", ":28C:1/1", f":60F:{opening}", *body,
        f":62F:{closing}",
    )  # fmt: skip


# --- fixtures (tests/bankfiles/fixtures/FACTS.md, section 5) ---------------------------------


def test_german_structured_statement() -> None:
    """DK structured field 86 (DFÜ-Abkommen Anlage 3 ch. 8), modelled on jejik-mt940 samples."""
    first, second = read_statements(fixture("mt940_de_dk_structured.txt"))
    assert first.statement_id == "STARTUMSE/00052/001"
    assert first.account == BankAccount("0532013000", bank="37040044", currency="EUR")
    assert (first.from_date, first.to_date) == (dt.date(2026, 3, 13), dt.date(2026, 3, 16))
    assert (first.opening_balance, first.closing_balance) == (
        Money("10000.00", "EUR"),
        Money("9165.50", "EUR"),
    )
    lumen, kestrel, orchid, granite = first.entries
    assert lumen.amount == Money("1190.00", "EUR")
    assert lumen.credit
    assert not lumen.reversal
    assert lumen.bank_reference == "2026031600417301"
    assert lumen.transaction_code == "NTRF"
    assert lumen.transactions[0] == Transaction(
        Money("1190.00", "EUR"),
        end_to_end_id="LUMEN-PAY-20260316-01",
        counterparty=Party("LUMEN ENERGY GMBH", "DE41500105170123456789", "INGDDEFFXXX"),
        remittance_text="ACC-SINV-2026-00825",
    )
    # cut across ?21/?22 and across a line break: joined without adding a character
    assert kestrel.transactions[0].remittance_text == "INV/2026/00042 INV/2026/00043"
    assert orchid.value_date == dt.date(2026, 3, 16)
    assert orchid.booking_date == dt.date(2026, 3, 17)
    assert orchid.transactions[0].remittance_text == "Rechnung ACC-SINV-2026-00831 Kd-Nr 10447"
    assert orchid.transactions[0].end_to_end_id is None
    assert not granite.credit
    assert granite.transactions[0].references == ("NB-AP-000311",)
    party = granite.transactions[0].counterparty
    assert party is not None
    assert party.name == "GRANITE OFFICE SUPPLIES GMBH"
    assert [p.amount for p in first.payments()] == [
        Money("1190.00", "EUR"),
        Money("2380.50", "EUR"),
        Money("595.00", "EUR"),
    ]
    assert [s.codes for s in first.skipped()] == [("bankfiles.debit",)]

    storno, retoure, lumen2 = second.entries
    assert storno.reversal
    assert not storno.credit
    assert storno.signed_amount == Money("-400", "EUR")
    assert retoure.transaction_code == "NRTI"
    assert retoure.transactions[0].references == (
        "NB-MANDATE-0042",
        "/OCMT/EUR833,00//CHGS/EUR3,00/",
    )
    assert lumen2.transactions[0].remittance_text == (
        "ACC-SINV-2026-00825 ACC-SINV-2026-00840 ABZGL GUTSCHRIFT ACC-SCN-2026-00012"
    )
    assert [s.codes for s in second.skipped()] == [("bankfiles.reversal",), ("bankfiles.debit",)]
    assert second.closing_balance == Money("12070.70", "EUR")


def test_dutch_abn_amro_statements() -> None:
    """ABN AMRO SEPA MT940 (header lines, :28:, /TRTP/.../REMI/ with slashes in values)."""
    statements = read_statements(fixture("mt940_nl_abnamro_multi.txt"))
    assert [s.statement_id for s in statements] == [
        "ABN AMRO BANK NV/26052/1",
        "ABN AMRO BANK NV/26053/1",
        "ABN AMRO BANK NV/26011/1",
    ]
    kestrel, lumen, telecom = statements[0].entries
    assert kestrel.transactions[0] == Transaction(
        Money("2380.50", "EUR"),
        end_to_end_id="KESTREL-20260316-7",
        counterparty=Party("KESTREL LOGISTICS BV", "NL20INGB0001234567", "INGBNL2A"),
        remittance_text="INV/2026/00042 INV/2026/00043",
    )
    assert kestrel.transaction_code == "N654"
    assert kestrel.bank_reference is None
    assert lumen.transactions[0].end_to_end_id == "NOTPROVIDED"
    assert statements[0].payments()[1].references == ("ACC-SINV-2026-00861",)
    assert telecom.transactions[0].references == ("NT-778812",)
    assert telecom.transactions[0].remittance_text == "FACTUUR 2026-03 KLANT 99812"
    assert statements[2].opening_balance == Money("-1000.00", "EUR")
    assert statements[2].account.number == "555555555"


def test_the_package_example_reads() -> None:
    text = message(
        ":20:STARTUMSE", ":25:10020030/1234567", ":28C:00001/001", ":60F:C260601EUR1000,00",
        ":61:2606020602CR250,00NTRFNONREF//B2606020001",
        ":86:166?00GUTSCHRIFT?20ACC-SINV-2026-00825?32LUMEN ENERGY GMBH",
        ":62F:C260602EUR1250,00",
    )  # fmt: skip
    statement = read_statement(text)
    assert statement.format is StatementFormat.MT940
    assert [(p.payer_name, p.references) for p in statement.payments()] == [
        ("LUMEN ENERGY GMBH", ("ACC-SINV-2026-00825",))
    ]


# --- corner cases ------------------------------------------------------------------------------


def test_entry_date_rolls_over_the_year() -> None:
    text = simple(":61:2612310102C5,00NTRFNONREF", closing="C270102EUR105,00")
    entry = read_statement(text).entries[0]
    assert entry.value_date == dt.date(2026, 12, 31)
    assert entry.booking_date == dt.date(2027, 1, 2)
    back = simple(":61:2701021231C5,00NTRFNONREF", closing="C270102EUR105,00")
    assert read_statement(back).entries[0].booking_date == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("mark", "credit", "closing"),
    [("RC", False, "C260602EUR95,00"), ("RD", True, "C260602EUR105,00")],
)
def test_reversals(mark: str, credit: bool, closing: str) -> None:
    statement = read_statement(simple(f":61:260602{mark}5,00NTRFNONREF", closing=closing))
    entry = statement.entries[0]
    assert entry.reversal
    assert entry.credit is credit
    assert statement.payments() == ()
    assert statement.skipped()[0].codes == ("bankfiles.reversal",)


def test_funds_code_is_not_a_reversal() -> None:
    entry = read_statement(simple(":61:260602CR5,NTRFNONREF", closing="C260602EUR105,00"))
    assert not entry.entries[0].reversal
    assert entry.entries[0].credit
    with pytest.raises(StatementError, match="funds code 'D'"):
        read_statement(simple(":61:260602CD5,NTRFNONREF", closing="C260602EUR105,00"))


def test_debit_is_skipped() -> None:
    statement = read_statement(simple(":61:260602D5,NTRFNONREF", closing="C260602EUR95,00"))
    assert statement.payments() == ()
    assert statement.skipped()[0].codes == ("bankfiles.debit",)


def test_control_total_mismatch_names_statement_and_difference() -> None:
    text = simple(":61:260602C5,00NTRFNONREF", closing="C260602EUR106,00")
    with pytest.raises(StatementError, match=r"TEST/1/1.*difference of 1\.00 EUR"):
        read_statement(text)


def test_supplementary_details_and_references() -> None:
    text = simple(
        ":61:260602C5,00NTRFKD-4711//BANK-1", "SUPPLEMENTARY 34", closing="C260602EUR105,00"
    )
    entry = read_statement(text).entries[0]
    assert entry.bank_reference == "BANK-1"
    assert entry.transactions[0].references == ("KD-4711", "SUPPLEMENTARY 34")


def test_unstructured_86_is_joined_without_characters() -> None:
    text = simple(
        ":61:260602C5,00NTRFNONREF", ":86:PAYMENT FOR ACC-SINV-20", "26-00825 THANK YOU",
        closing="C260602EUR105,00",
    )  # fmt: skip
    transaction = read_statement(text).entries[0].transactions[0]
    assert transaction.remittance_text == "PAYMENT FOR ACC-SINV-2026-00825 THANK YOU"


def test_ing_structured_86() -> None:
    text = simple(
        ":61:260602C5,00NTRFEREF//00000000001005",
        ":86:/EREF/EV12341REP1231456T1234//CNTP/NL32INGB0000012345/INGBNL2A/ING",
        " BANK NV INZAKE WEB///REMI/STRD/CUR/RF18539007547034/ULTD//NAME/LUMEN BV/",
        closing="C260602EUR105,00",
    )  # fmt: skip
    transaction = read_statement(text).entries[0].transactions[0]
    assert transaction.references == ()
    assert transaction.end_to_end_id == "EV12341REP1231456T1234"
    assert transaction.counterparty == Party(
        "ING BANK NV INZAKE WEB", "NL32INGB0000012345", "INGBNL2A"
    )
    assert transaction.creditor_references == ("RF18539007547034",)
    assert transaction.ultimate_counterparty == Party("LUMEN BV")


def test_swift_blocks_frame_messages() -> None:
    body = simple(":61:260602C5,00NTRFNONREF", closing="C260602EUR105,00").removesuffix("-\n")
    text = "{1:F01ABNANL2AXXXX0000000000}{2:O9400000000000}{4:\n" + body + "-}{5:{CHK:1}}\n"
    (statement,) = read_statements(text + text)[:1]
    assert statement.closing_balance == Money("105.00", "EUR")
    assert len(read_statements(text + text)) == 2


def test_iban_with_currency_and_bic_slash_account() -> None:
    text = message(
        ":20:X", ":25:NL91ABNA0417164300EUR", ":28C:1", ":60F:C260601EUR0,", ":62F:C260601EUR0,"
    )
    assert read_statement(text).account.number == "NL91ABNA0417164300"
    text = text.replace("NL91ABNA0417164300EUR", "DEUTDEFF/1234567")
    assert read_statement(text).account == BankAccount("1234567", bank="DEUTDEFF", currency="EUR")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ((":60F:C260601EUR100,00", ":60F:C260601EUR100.00"), "line 4"),
        ((":60F:C260601EUR100,00", ":60F:C260631EUR100,00"), "line 4"),
        ((":60F:C260601EUR100,00", ":60F:C260601EUR100,001"), "line 4"),
        ((":28C:1/1", ":28C:A"), "line 3"),
        ((":25:NL91ABNA0417164300", ":25:NL91ABNA0417164301"), "line 2"),
        ((":61:260602C5,00NTRF", ":61:260602X5,00NTRF"), "line 5"),
        ((":61:260602C5,00NTRF", ":61:260602C5,00XTRF"), "line 5"),
        ((":61:260602C5,00NTRF", ":61:260602C5,00NTRFTHISISMORETHAN16"), "line 5"),
        ((":61:260602C5,00NTRF", ":61:2606020230C5,00NTRF"), "line 5"),
        ((":62F:", ":99:"), "line 7"),
        ((":62F:", ":64:"), "line 7"),
        ((":86:A?", ":86:166?2x"), "line 6"),
    ],
)
def test_malformed_input_is_an_error_with_its_line(change: tuple[str, str], where: str) -> None:
    good = simple(":61:260602C5,00NTRFNONREF", ":86:A?", closing="C260602EUR105,00")
    read_statement(good)
    with pytest.raises(StatementError, match=where):
        read_statement(good.replace(*change))


def test_structure_errors() -> None:
    with pytest.raises(StatementError, match="line 2: text outside a field"):
        mt940.read("\nhello\n")
    with pytest.raises(StatementError, match="no message"):
        mt940.read("\n\n")
    with pytest.raises(StatementError, match="empty line inside a message"):
        mt940.read(":20:X\n\n:25:1\n")
    with pytest.raises(StatementError, match="no '-}'"):
        mt940.read("{1:F01}{4:\n:20:X\n")
    with pytest.raises(StatementError, match="line 1: control character"):
        mt940.read(":20:X\x00\n")
    with pytest.raises(StatementError, match="more than"):
        mt940.read(":20:X\n:86:" + "\nA" * (mt940.MAX_FIELD_LINES + 1))
    with pytest.raises(StatementError, match="characters"):
        mt940.read(":20:" + "X" * mt940.MAX_LINE_CHARS)


# --- round trip through the test-only writer -----------------------------------------------

_TEXT = st.text(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -./", max_size=90
).map(str.strip)
_REF = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=16).filter(
    lambda text: text.upper() not in {"NONREF", "NOTPROVIDED", "EREF", "PREF", "MARF"}
)
_IBANS = ["DE41500105170123456789", "NL20INGB0001234567", "FR1420041010050500013M02606"]


@st.composite
def statements(draw: st.DrawFn) -> BankStatement:
    start = draw(st.dates(dt.date(2000, 1, 10), dt.date(2099, 12, 20)))
    entries: list[StatementEntry] = []
    for index in range(draw(st.integers(0, 6))):
        value = start + dt.timedelta(days=draw(st.integers(0, 5)))
        booked = draw(st.none() | st.just(value + dt.timedelta(days=draw(st.integers(-4, 4)))))
        amount = Money.from_minor_units(draw(st.integers(0, 10**12)), "EUR")
        name = draw(
            st.none() | st.text("ABCDEFGHIJ KLMNOP", min_size=1, max_size=54).map(str.strip)
        )
        party = (
            Party(
                name or None,
                draw(st.sampled_from(_IBANS)),
                draw(st.sampled_from(["INGBNL2A", None])),
            )
            if draw(st.booleans())
            else None
        )
        transaction = Transaction(
            amount,
            references=draw(st.lists(_REF, max_size=1)),
            end_to_end_id=draw(st.none() | _REF),
            counterparty=party,
            remittance_text=draw(_TEXT) or None,
        )
        entries.append(
            StatementEntry(
                index=index, amount=amount,
                credit=draw(st.booleans()), reversal=draw(st.booleans()),
                value_date=value, booking_date=booked,
                bank_reference=draw(st.none() | _REF),
                transaction_code=draw(st.sampled_from(["NTRF", "NMSC", "S103", "F654"])),
                transactions=(transaction,),
                # the :61: reference for the account owner is the entry's and its payment's
                customer_reference=(transaction.references or (None,))[0],
            )
        )  # fmt: skip
    opening = Money.from_minor_units(draw(st.integers(-(10**12), 10**12)), "EUR")
    closing = opening + Money.total((e.signed_amount for e in entries), "EUR")
    return BankStatement(
        StatementFormat.MT940,
        f"{draw(_REF)}/{draw(st.integers(0, 99999)):05d}/{draw(st.integers(1, 999)):03d}",
        BankAccount("0532013000", bank="37040044", currency="EUR"),
        entries,
        from_date=start,
        to_date=start + dt.timedelta(days=6),
        opening_balance=opening,
        closing_balance=closing,
    )


@given(statements(), st.booleans(), st.booleans())
def test_round_trip(statement: BankStatement, funds_code: bool, plain: bool) -> None:
    text = write_mt940(statement, funds_code=funds_code, plain=plain)
    back = read_statement(text)
    assert back == statement
    assert back.opening_balance is not None
    assert back.opening_balance + back.total() == back.closing_balance


# --- fuzz: a value or a StatementError, never another exception, never a hang ----------------

_SEEDS = [
    fixture("mt940_de_dk_structured.txt").decode("latin-1"),
    fixture("mt940_nl_abnamro_multi.txt").decode("latin-1"),
    simple(":61:2612310102RCR5,00NTRFNONREF//B1", "SUPP", ":86:/EREF/X//CNTP/////REMI/USTD//A/"),
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.text(":?/-,{}\r\n0123456789CDRNEFT" + "\x00é ", max_size=6))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        else:
            text = text[:at] + text[at : at + 200] + text[at:]
    return text


@settings(deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fuzz_mutated_fixtures(text: str) -> None:
    try:
        statements = mt940.read(text)
    except StatementError:
        return
    for statement in statements:
        assert statement.opening_balance is not None
        assert statement.opening_balance + statement.total() == statement.closing_balance


def test_amounts_are_decimal() -> None:
    statement = read_statement(simple(":61:260602C5,5NTRFNONREF", closing="C260602EUR105,50"))
    assert statement.entries[0].amount.amount == Decimal("5.5")
