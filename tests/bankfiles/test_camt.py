"""The camt.053/054 reader: the fixtures, unsafe XML, control totals, round trip and fuzz."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import time
from pathlib import Path

import pytest
from _camt_writer import statements, write_camt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _hostile_decimal import HOSTILE
from receivables.bankfiles import (
    BankStatement,
    EntryStatus,
    Party,
    ReferredKind,
    StatementFormat,
    camt,
)
from receivables.errors import StatementError
from receivables.money import Money

FIXTURES = Path(__file__).parent / "fixtures"
CAMT_FIXTURES = sorted(FIXTURES.glob("camt05*.xml"))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read_one(data: bytes | str, kind: StatementFormat | None = None) -> BankStatement:
    (statement,) = camt.read(data, kind)
    return statement


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


_RICH_ENTRY = (
    '<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
    "<BookgDt><Dt>2026-03-16</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>E-1</EndToEndId>"
    "</Refs><RltdPties><Dbtr><Pty><Nm>LUMEN</Nm></Pty></Dbtr></RltdPties>"
    "<RmtInf><Ustrd>INV-9</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
)


def minimal(body: str = "", *, version: str = "08", ntry: str | None = None) -> str:
    entry = (
        '<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>'
        if ntry is None
        else ntry
    )
    return (
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        "<BkToCstmrStmt><Stmt><Id>S</Id>"
        "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f"{body}{entry}</Stmt></BkToCstmrStmt></Document>"
    )


# -- the fixtures -------------------------------------------------------------------------------


def test_plain_v02_statement_header_balances_and_entries() -> None:
    s = read_one(fixture("camt053_a_plain_v02.xml"), StatementFormat.CAMT_053)
    assert s.statement_id == "DE89370400440532013000-2026-03-16"
    assert s.account.number == "DE89370400440532013000"
    assert s.account.bank == "COBADEFFXXX"
    assert s.account.currency is not None
    assert s.account.currency.code == "EUR"
    assert (s.created, s.from_date, s.to_date) == (
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 16),
        dt.date(2026, 3, 16),
    )
    assert (s.opening_balance, s.closing_balance) == (eur("10000.00"), eur("14165.50"))
    assert [e.amount for e in s.entries] == [eur("1190.00"), eur("2380.50"), eur("595.00")]
    first = s.entries[0]
    assert first.credit
    assert first.status is EntryStatus.BOOKED
    assert not first.reversal
    assert first.bank_reference == "2026031600417301"
    assert first.transaction_code == "PMNT/RCDT/ESCT"
    # AddtlNtryInf is the entry's text, not a reference of its payment
    assert first.text == "SEPA-GUTSCHRIFT"
    assert "SEPA-GUTSCHRIFT" not in s.payments()[0].references
    assert s.entries[2].value_date == dt.date(2026, 3, 17)
    (t,) = first.transactions
    assert t.end_to_end_id == "LUMEN-PAY-20260316-01"
    assert t.counterparty == Party(
        "LUMEN ENERGY GMBH", account="DE41500105170123456789", bank="INGDDEFFXXX"
    )
    assert t.remittance_text == "ACC-SINV-2026-00825"
    payments = s.payments()
    assert [p.id for p in payments] == [f"{s.statement_id}/{n}" for n in (1, 2, 3)]
    # NOTPROVIDED is no reference.
    assert payments[2].references == ("Rechnung ACC-SINV-2026-00831 Kd-Nr 10447",)


def test_structured_v08_referred_documents_and_creditor_references() -> None:
    s = read_one(fixture("camt053_b_structured_v08.xml"))
    assert s.account.bank == "COBADEFFXXX"  # BICFI
    (t,) = s.entries[0].transactions
    assert t.references == ("2026031700518811", "LE-20260317-0042")
    assert t.counterparty is not None
    assert t.counterparty.name == "LUMEN ENERGY GMBH"
    assert [(d.number, d.kind, d.date) for d in t.referred_documents] == [
        ("ACC-SINV-2026-00825", ReferredKind.INVOICE, dt.date(2026, 3, 2)),
        ("ACC-SINV-2026-00840", ReferredKind.INVOICE, dt.date(2026, 3, 5)),
        ("ACC-SCN-2026-00012", ReferredKind.CREDIT_NOTE, dt.date(2026, 3, 9)),
    ]
    first, second, note = t.referred_documents
    assert (first.amount_due, first.discount, first.remitted) == (
        eur("1190.00"),
        eur("23.80"),
        eur("1166.20"),
    )
    assert (second.credit_note_amount, second.remitted) == (eur("595.00"), eur("2975.00"))
    assert note.credit_note_amount == eur("595.00")
    assert note.remitted is None
    (t2,) = s.entries[1].transactions
    assert t2.creditor_references == ("RF862026008521",)
    assert t2.ultimate_counterparty == Party("HALDEN MACHINERY SVERIGE AB")
    (remittance, *_) = s.remittances()
    assert [line.reference for line in remittance.lines] == [
        "ACC-SINV-2026-00825",
        "ACC-SINV-2026-00840",
        "ACC-SCN-2026-00012",
    ]


def test_batch_v04_splits_into_one_payment_per_detail() -> None:
    s = read_one(fixture("camt053_c_batch_v04.xml"))
    batch, fee = s.entries
    assert [t.amount for t in batch.transactions] == [
        eur("1785.00"),
        eur("952.00"),
        eur("2261.00"),
        eur("714.00"),
    ]
    assert [p.id for p in s.payments()] == [f"{s.statement_id}/1.{n}" for n in (1, 2, 3, 4)]
    assert batch.transactions[2].referred_documents[0].discount == eur("119.00")
    # An entry without details is one transaction; its AddtlNtryInf is its text.
    assert not fee.credit
    assert fee.transaction_code == "ACMT/MDOP/CHRG"
    assert fee.transactions[0].remittance_text == "KONTOFUEHRUNGSENTGELT 02/2026"
    assert [k.codes for k in s.skipped()] == [("bankfiles.debit",)]


def test_exceptions_v08_return_reversal_pending_and_booked_only_totals() -> None:
    s = read_one(fixture("camt053_d_exceptions_v08.xml"))
    assert [k.codes for k in s.skipped()] == [
        ("bankfiles.debit",),
        ("bankfiles.return",),
        ("bankfiles.reversal",),
        ("bankfiles.not_booked",),
    ]
    returned = s.entries[1].transactions[0]
    assert returned.return_reason == "AC04"
    # A returned collection keeps its roles: the payer is still the debtor.
    assert returned.counterparty is not None
    assert returned.counterparty.name == "BRIGHTWATER FOODS LTD"
    assert s.entries[2].reversal
    pending = s.entries[4]
    assert pending.status is EntryStatus.PENDING
    assert pending.booking_date is None
    assert s.entries[0].transactions[0].references == ("PAYRUN-2026-11",)
    assert s.entries[0].transactions[0].counterparty == Party(
        "GRANITE OFFICE SUPPLIES GMBH", account="DE71200411110987654321"
    )
    assert [p.amount for p in s.payments()] == [eur("2975.00")]


def test_camt054_lockbox_notification() -> None:
    s = read_one(fixture("camt054_a_lockbox_v04.xml"), StatementFormat.CAMT_054)
    assert s.format is StatementFormat.CAMT_054
    assert s.statement_id == "LBX-20260318-0003"
    assert s.opening_balance is None
    assert s.closing_balance is None
    assert len(s.payments()) == 3
    assert [len(r.lines) for r in s.remittances()] == [2, 1, 2]
    note = s.entries[0].transactions[2].referred_documents[1]
    assert (note.kind, note.credit_note_amount) == (ReferredKind.CREDIT_NOTE, eur("357.00"))


@pytest.mark.skipif(
    not (FIXTURES / "camt054_b_split_ustrd_v02.xml").exists(), reason="fixture not there"
)
def test_split_ustrd_is_joined_without_invented_characters() -> None:
    s = read_one(fixture("camt054_b_split_ustrd_v02.xml"))
    cut, spaced = (e.transactions[0].remittance_text or "" for e in s.entries)
    assert "ACC-SINV-2026-00882" in cut
    assert "AP@ORCHID-RETAIL.EXAMPLE" in cut
    assert spaced.endswith("SEE ADVICE E-MAIL OF 17.03.2026")


def test_ustrd_pieces_full_run_on_short_ones_end_a_line() -> None:
    full = "X" * 133 + " INV-12"
    assert len(full) == 140
    body = (
        '<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<NtryDtls><TxDtls><RmtInf>"
        f"<Ustrd>{full}</Ustrd><Ustrd>345</Ustrd><Ustrd>INV-2</Ustrd><Ustrd> and more</Ustrd>"
        "</RmtInf></TxDtls></NtryDtls></Ntry>"
    )
    text = read_one(minimal(ntry=body)).entries[0].transactions[0].remittance_text
    assert text == full + "345\nINV-2 and more"


# -- XML safety ---------------------------------------------------------------------------------


def test_a_document_type_declaration_is_refused() -> None:
    with pytest.raises(StatementError, match="document type"):
        camt.read('<?xml version="1.0"?><!DOCTYPE Document []>' + minimal())


def test_an_external_entity_is_refused() -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + minimal().replace("<Id>S</Id>", "<Id>&x;</Id>")
    )
    with pytest.raises(StatementError, match="document type"):
        camt.read(xml)


def test_an_entity_expansion_bomb_is_refused() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    xml = f"<!DOCTYPE d [{entities}]>" + minimal().replace("<Id>S</Id>", "<Id>&a9;</Id>")
    with pytest.raises(StatementError, match="document type"):
        camt.read(xml.encode())


def test_an_external_dtd_is_refused_before_it_could_be_fetched() -> None:
    xml = '<!DOCTYPE Document SYSTEM "http://example.invalid/camt.dtd">' + minimal()
    with pytest.raises(StatementError, match="document type"):
        camt.read(xml)


def test_an_entity_that_no_dtd_declares_is_not_well_formed() -> None:
    with pytest.raises(StatementError, match=r"not well-formed XML.*undefined entity"):
        camt.read(minimal().replace("<Id>S</Id>", "<Id>&x;</Id>"))


def test_the_predefined_entities_and_character_references_are_read() -> None:
    xml = minimal().replace("<Id>S</Id>", "<Id>S&amp;&#x41;</Id>")
    assert read_one(xml).statement_id == "S&A"


def test_a_prefixed_namespace_reads_as_the_default_one() -> None:
    plain = minimal(ntry=_RICH_ENTRY)
    prefixed = re.sub(r"<(/?)([A-Za-z]+)", r"<\1c:\2", plain).replace(
        'c:Document xmlns="', 'c:Document xmlns:c="'
    )
    assert "<c:Ntry>" in prefixed
    assert read_one(prefixed) == read_one(plain)


def test_elements_of_another_namespace_are_not_read_as_camt() -> None:
    foreign = _RICH_ENTRY.replace(
        "<Ustrd>INV-9</Ustrd>", '<Ustrd xmlns="urn:example:other">INV-9</Ustrd>'
    )
    (transaction,) = read_one(minimal(ntry=foreign)).entries[0].transactions
    assert transaction.remittance_text is None


def test_nesting_at_the_limit_is_read() -> None:
    # Document/BkToCstmrStmt/Stmt/SplmtryData = 4 levels, so MAX_DEPTH - 4 more fit.
    room = camt.MAX_DEPTH - 4
    deep = "<X>" * room + "</X>" * room
    assert read_one(minimal(f"<SplmtryData>{deep}</SplmtryData>")).statement_id == "S"
    with pytest.raises(StatementError, match=f"deeper than {camt.MAX_DEPTH}"):
        camt.read(minimal(f"<SplmtryData><X>{deep}</X></SplmtryData>"))


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    deep = "<X>" * camt.MAX_DEPTH + "</X>" * camt.MAX_DEPTH
    with pytest.raises(StatementError, match=f"deeper than {camt.MAX_DEPTH}"):
        camt.read(minimal(f"<SplmtryData>{deep}</SplmtryData>"))


def test_fifty_megabytes_of_nesting_is_refused_fast() -> None:
    head = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
    data = (head + "<BkToCstmrStmt><Stmt>" + "<a>" * (50 * 1024 * 1024 // 3)).encode()
    started = time.perf_counter()
    with pytest.raises(StatementError, match="deeper"):
        camt.read(data)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<Document><x/></Document>", "not a camt.053 or camt.054 Document"),
        (minimal().replace(".001.08", ".001.14"), "not a version the reader knows"),
        (minimal()[:-5], "not well-formed XML at line 1"),
        (minimal().replace("10.00", "10,00"), "entry 1 .*'10,00' is not an amount"),
        (minimal().replace("CRDT", "CR"), "CdtDbtInd 'CR'"),
        (minimal().replace("<Sts>BOOK</Sts>", ""), "no Sts"),
        (minimal().replace("BOOK", "DONE"), "Sts 'DONE'"),
        (minimal().replace("<Id>S</Id>", ""), "no Id"),
        (minimal().replace('Ccy="EUR"', 'Ccy="EUX"'), "EUX"),
        (minimal(ntry="<Foo/>").replace("<Foo/>", ""), None),
    ],
)
def test_malformed_files_are_statement_errors(xml: str, message: str | None) -> None:
    if message is None:
        assert read_one(xml).entries == ()
        return
    with pytest.raises(StatementError, match=message):
        camt.read(xml)


def test_the_kind_must_match_the_namespace() -> None:
    with pytest.raises(StatementError, match=r"is a camt\.053, not a camt\.054"):
        camt.read(minimal(), StatementFormat.CAMT_054)


def test_several_details_without_amounts_cannot_be_split() -> None:
    body = (
        '<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<NtryDtls><TxDtls/><TxDtls/></NtryDtls></Ntry>"
    )
    with pytest.raises(StatementError, match="TxDtls 1: no amount"):
        camt.read(minimal(ntry=body))


def test_details_that_do_not_add_up_are_an_error() -> None:
    body = (
        '<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        '<NtryDtls><TxDtls><Amt Ccy="EUR">4.00</Amt></TxDtls>'
        '<TxDtls><Amt Ccy="EUR">5.00</Amt></TxDtls></NtryDtls></Ntry>'
    )
    with pytest.raises(StatementError, match=r"entry 1.*add up to 9.00 EUR"):
        camt.read(minimal(ntry=body))


# -- control totals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "<TtlNtries>\n          <NbOfNtries>3</NbOfNtries>",
            "<TtlNtries>\n          <NbOfNtries>4</NbOfNtries>",
            r"TxsSummry/TtlNtries/NbOfNtries says 4, .* 3 booked entries \(a difference of 1\)",
        ),
        (
            "<Sum>4165.50</Sum>\n          <TtlNetNtryAmt>",
            "<Sum>4165.60</Sum>\n          <TtlNetNtryAmt>",
            r"TtlNtries/Sum says 4165.60, .*4165.50 \(a difference of 0.10\)",
        ),
        (
            "<TtlNetNtryAmt>4165.50",
            "<TtlNetNtryAmt>4165.40",
            r"TtlNtries/TtlNetNtryAmt says \+4165.40, .*net \+4165.50",
        ),
        (
            "<Sum>4165.50</Sum>\n        </TtlCdtNtries>",
            "<Sum>4000</Sum>\n        </TtlCdtNtries>",
            r"TtlCdtNtries/Sum says 4000, .*\(a difference of -165.50\)",
        ),
        (
            "<NbOfNtries>0</NbOfNtries>",
            "<NbOfNtries>1</NbOfNtries>",
            r"TtlDbtNtries/NbOfNtries says 1",
        ),
        (
            '<Amt Ccy="EUR">14165.50</Amt>',
            '<Amt Ccy="EUR">14165.00</Amt>',
            r"opening balance 10000.00 EUR plus the booked entries 4165.50 EUR is 14165.50 EUR, "
            r"the closing balance \(CLBD\) says 14165.00 EUR \(a difference of -0.50\)",
        ),
    ],
)
def test_totals_that_do_not_add_up(old: str, new: str, message: str) -> None:
    data = fixture("camt053_a_plain_v02.xml").decode()
    assert data.count(old) == 1
    with pytest.raises(StatementError, match=message):
        camt.read(data.replace(old, new))


def test_the_v08_net_total_with_its_indicator() -> None:
    data = fixture("camt053_d_exceptions_v08.xml").decode()
    old = "<Amt>3258.00</Amt>\n            <CdtDbtInd>DBIT"
    with pytest.raises(StatementError, match=r"TtlNetNtry says \+3258.00, .*net -3258.00"):
        camt.read(data.replace(old, old.replace("DBIT", "CRDT")))


def test_pending_entries_count_in_a_camt053_summary_is_an_error() -> None:
    data = fixture("camt053_d_exceptions_v08.xml").decode()
    data = data.replace("<NbOfNtries>4</NbOfNtries>", "<NbOfNtries>5</NbOfNtries>")
    with pytest.raises(StatementError, match="5, the statement has 4 booked entries"):
        camt.read(data)


# -- round trip and fuzz -----------------------------------------------------------------------


@given(statement=statements(), version=st.sampled_from(["02", "08"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip_through_the_test_writer(statement: BankStatement, version: str) -> None:
    (back,) = camt.read(write_camt(statement, version), statement.format)
    assert back == statement
    assert back.total() == Money.total(
        (e.signed_amount for e in statement.entries), back.total().currency
    )


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from([p.read_bytes() for p in CAMT_FIXTURES])))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "digit"]))
        if action == "flip":
            data[position] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif action == "insert":
            data[position:position] = draw(st.sampled_from([b"<", b">", b"&", b"<X>", b"9"]))
        else:
            data[position] = ord(draw(st.sampled_from("0123456789.-")))
        if not data:
            data = bytearray(b"<")
    return bytes(data)


@given(data=mutated())
@settings(max_examples=300, deadline=2000)
def test_fuzz_mutated_fixtures_give_a_value_or_a_statement_error(data: bytes) -> None:
    try:
        statements_read = camt.read(data)
    except StatementError:
        return
    assert all(isinstance(s, BankStatement) for s in statements_read)


def test_totals_are_checked_in_the_library_context_whatever_the_callers() -> None:
    with decimal.localcontext(HOSTILE):
        statements_read = camt.read(fixture("camt053_d_exceptions_v08.xml"))
    assert statements_read[0].closing_balance == eur("23961.20")


@pytest.mark.parametrize(
    ("declared", "codec"),
    [("ISO-8859-1", "latin-1"), ("UTF-16", "utf-16"), ("windows-1252", "cp1252"), ("UTF-8", None)],
)
def test_bytes_decode_as_declared_and_str_is_already_text(declared: str, codec: str | None) -> None:
    xml = f'<?xml version="1.0" encoding="{declared}"?>' + minimal().replace(
        "<Id>S</Id>", "<Id>Süd</Id>"
    )
    data = xml.encode(codec or "utf-8")
    assert read_one(data).statement_id == "Süd"
    assert read_one(xml).statement_id == "Süd"


def test_a_file_longer_than_one_parser_chunk_is_read_whole() -> None:
    # 1 MiB pieces go to expat; a multi-byte character cut between two pieces must survive.
    entry = (
        '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<AddtlNtryInf>Überweisung ü</AddtlNtryInf></Ntry>"
    )
    count = (2 << 20) // len(entry.encode()) + 7
    statement = read_one(minimal(ntry=entry * count).encode())
    assert len(statement.entries) == count
    assert {e.text for e in statement.entries} == {"Überweisung ü"}
