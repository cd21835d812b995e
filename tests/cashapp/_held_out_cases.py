"""A held-out set of cash-application cases, written from issue 13 and docs/cashapp.md only.

Not built from ``samples/cashapp.py``: a world of seven customers whose ledgers use the numbering
schemes ERPs print (ERPNext ``ACC-SINV-2026-01632``, Odoo ``INV/2026/00042``, older ERPNext
``SI-2026-0042``, SAP ten-digit ``90004715``, bare ``INV-00123`` next to an acquired business's
plain ``123``), in EUR, KWD (three decimals), JPY (none), GBP and USD, and one payment per case
carrying one kind of real remittance noise. Each case states what a careful analyst would do:
post it (with the items, cash, customer and reason codes), keep it on account, or leave it to a
person (nothing posted).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from receivables import CreditMemo, Customer, Invoice, Money, OpenItem, Payment, parse_terms
from receivables.cashapp import MatchStatus, Remittance, RemittanceLine

PAID_ON = dt.date(2026, 6, 20)
NET30 = parse_terms("Net 30")
TWO10 = parse_terms("2/10 Net 30")

LUM, GULF, DRC, KAI, ACME, PINE, BRW, ORCH = (
    "C-LUM",
    "C-GULF",
    "C-DRC",
    "C-KAI",
    "C-ACME",
    "C-PINE",
    "C-BRW",
    "C-ORCH",
)
MUE, ADV = "C-MUE", "C-ADV"
ADV_ACCOUNT = "40-47-84 70872490"
LUM_IBAN = "DE89 3704 0044 0532 0130 00"
GULF_IBAN = "KW81 CBKU 0000 0000 0000 1234 5601 01"
BRW_IBAN = "GB82 WEST 1234 5698 7654 32"
KAI_ACCOUNT = "0005-123-4567890"
ACME_ACCOUNT = "021000021-7788990011"
PINE_ACCOUNT = "026009593-4410022"

Expect = Literal["post", "on_account", "person"]


@dataclass(frozen=True)
class Case:
    """One payment and what a careful analyst would do with it."""

    name: str
    kind: str
    payment: Payment
    expect: Expect
    applications: tuple[tuple[str, str], ...] = ()  # (item id, cash applied)
    status: MatchStatus = MatchStatus.MATCHED
    customer_id: str | None = None
    codes: tuple[str, ...] = ()  # reason codes that must all be present
    any_codes: tuple[str, ...] = ()  # at least one of these must be present
    deductions: tuple[tuple[str, str], ...] = ()  # (item id, deduction reason)
    remittance: Remittance | None = None
    history: tuple[Invoice | Payment, ...] = ()


@dataclass
class World:
    """The ledger every case runs against, and its customers."""

    items: list[OpenItem] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    amounts: dict[str, Money] = field(default_factory=dict)

    def invoice(
        self,
        number: str,
        customer: str,
        amount: str,
        currency: str,
        issued: dt.date = dt.date(2026, 5, 20),
        *,
        terms: object = NET30,
        references: tuple[str, ...] = (),
    ) -> None:
        money = Money(amount, currency)
        self.amounts[number] = money
        self.items.append(
            Invoice(number, customer, issued, money, terms=terms, references=references)  # type: ignore[arg-type]
        )

    def credit(
        self,
        number: str,
        customer: str,
        amount: str,
        currency: str,
        references: tuple[str, ...] = (),
    ) -> None:
        money = Money(amount, currency)
        self.amounts[number] = -money
        self.items.append(
            CreditMemo(number, customer, dt.date(2026, 6, 2), money, references=references)
        )

    def open(self, number: str) -> Money:
        return self.amounts[number]


def _amount(rng: random.Random, low: int, high: int, places: int) -> str:
    units = rng.randint(low * 10**places, high * 10**places)
    if places == 0:
        return str(units)
    return f"{units // 10**places}.{units % 10**places:0{places}d}"


def build_world() -> World:
    """Seven customers, about 200 open items, numbered the way their ERPs number them."""
    rng = random.Random(20260620)
    world = World()
    world.customers = [
        Customer(LUM, "Lumen Energy GmbH", "EUR", bank_accounts=[LUM_IBAN]),
        Customer(GULF, "Gulf Marine Trading W.L.L.", "KWD", bank_accounts=[GULF_IBAN]),
        Customer(DRC, "Desert Rose Catering Co.", "KWD"),
        Customer(KAI, "Kaizen Seimitsu K.K.", "JPY", bank_accounts=[KAI_ACCOUNT]),
        Customer(ACME, "Acme Tools Inc.", "USD", bank_accounts=[ACME_ACCOUNT]),
        Customer(PINE, "Pinecrest Hardware LLC", "USD", bank_accounts=[PINE_ACCOUNT]),
        Customer("C-PINE2", "Pinecrest Hardware Supply Co", "USD"),
        Customer(BRW, "Brightwater Foods Ltd", "GBP", bank_accounts=[BRW_IBAN]),
        Customer(ORCH, "Orchard Lane Bakery", "EUR"),
        Customer(MUE, "Müller Präzisionstechnik GmbH", "EUR"),
        Customer(ADV, "Advance Print Ltd", "GBP", bank_accounts=[ADV_ACCOUNT]),
    ]
    # Lumen: ERPNext sales invoices and returns.
    for serial in range(1601, 1641):
        day = dt.date(2026, 5, 1) + dt.timedelta(days=serial % 30)
        world.invoice(f"ACC-SINV-2026-0{serial}", LUM, _amount(rng, 150, 9000, 2), "EUR", day)
    world.invoice("ACC-SINV-2026-01641-1", LUM, "1904.44", "EUR")
    world.invoice("ACC-SINV-2026-01651", LUM, "3391.07", "EUR")
    world.invoice("ACC-SINV-2026-01660", LUM, "2140.00", "EUR")  # equals a cleared invoice
    world.invoice("ACC-SINV-2026-01670", LUM, "4318.40", "EUR", dt.date(2026, 6, 1), terms=TWO10)
    world.credit("ACC-SINV-RET-2026-00009", LUM, "120.00", "EUR", ("ACC-SINV-2026-01618",))
    world.credit("ACC-SINV-RET-2026-00011", LUM, "85.50", "EUR")
    # Gulf Marine: Odoo, three-decimal dinars; Desert Rose: older ERPNext series in the same
    # currency, so 2026/42 names an item of each.
    for serial in (*range(31, 42), *range(43, 56)):
        world.invoice(f"INV/2026/000{serial}", GULF, _amount(rng, 40, 2500, 3), "KWD")
    world.invoice("INV/2026/00042", GULF, "1187.625", "KWD")
    world.invoice("INV/2026/00057", GULF, "500.000", "KWD")
    world.credit("RINV/2026/00004", GULF, "62.750", "KWD", ("INV/2026/00044",))
    world.credit("RINV/2026/00005", GULF, "37.250", "KWD")
    for serial in range(36, 49):
        world.invoice(f"SI-2026-00{serial}", DRC, _amount(rng, 40, 2500, 3), "KWD")
    # Kaizen: yen, SI series, and the acquired business's plain numbers.
    for serial in range(1, 26):
        world.invoice(f"SI-2026-{serial:04d}", KAI, _amount(rng, 40_000, 3_000_000, 0), "JPY")
    world.invoice("SI-2026-0026", KAI, "1250000", "JPY", dt.date(2026, 6, 12), terms=TWO10)
    # Acme: INV-00101.. and an acquired business's plain series overlapping it.
    for serial in range(101, 141):
        world.invoice(f"INV-00{serial}", ACME, _amount(rng, 100, 6000, 2), "USD")
    world.invoice("118", ACME, "742.10", "USD", dt.date(2025, 11, 3))
    world.invoice("123", ACME, "1966.35", "USD", dt.date(2025, 11, 9))
    world.invoice("131", ACME, "208.00", "USD", dt.date(2025, 12, 1))
    # Pinecrest: its own plain legacy numbers, the same as Acme's serials.
    for serial in (124, 126, 127, 128, 129):
        world.invoice(str(serial), PINE, _amount(rng, 100, 6000, 2), "USD")
    # Brightwater: SAP ten-digit numbers, purchase orders quoted on the invoices.
    for serial in range(11, 31):
        po = f"45000123{serial + 66}"
        world.invoice(f"900047{serial}", BRW, _amount(rng, 80, 4000, 2), "GBP", references=(po,))
    # Orchard Lane: a few invoices, and a legacy number equal to a Lumen serial.
    for number, amount in (
        ("OL-2026-031", "212.40"),
        ("OL-2026-032", "389.15"),
        ("OL-2026-033", "1045.00"),
        ("OL-2026-034", "77.80"),
        ("OL-2026-035", "530.25"),
        ("1612", "318.60"),
    ):
        world.invoice(number, ORCH, amount, "EUR")
    for number, amount in (
        ("MP-26-0811", "12904.30"),
        ("MP-26-0812", "388.00"),
        ("MP-26-0815", "7270.65"),
    ):
        world.invoice(number, MUE, amount, "EUR")
    world.items.append(
        Invoice(
            "INV-00141",
            ACME,
            dt.date(2026, 5, 28),
            Money("5000.00", "USD"),
            terms=NET30,
            open_amount=Money("1200.00", "USD"),
        )
    )
    world.amounts["INV-00141"] = Money("1200.00", "USD")
    for number, amount in (("7781", "640.00"), ("7790", "1315.20"), ("7802", "96.75")):
        world.invoice(number, ADV, amount, "GBP")
    return world


def _pay(
    pid: str,
    amount: Money | str,
    currency: str | None = None,
    *,
    refs: tuple[str, ...] = (),
    customer: str | None = None,
    name: str | None = None,
    account: str | None = None,
    on: dt.date = PAID_ON,
) -> Payment:
    money = amount if isinstance(amount, Money) else Money(amount, currency or "EUR")
    return Payment(
        pid,
        on,
        money,
        customer_id=customer,
        references=refs,
        payer_name=name,
        payer_account=account,
    )


def _cut(text: str, width: int) -> tuple[str, ...]:
    return tuple(text[i : i + width] for i in range(0, len(text), width))


def _cash(money: Money) -> str:
    return str(money.amount)


def build_cases(world: World) -> list[Case]:
    o = world.open
    cases: list[Case] = []
    add = cases.append

    def post(
        name: str,
        kind: str,
        payment: Payment,
        apps: tuple[tuple[str, Money], ...],
        customer: str,
        **extra: object,
    ) -> None:
        applications = tuple((item, _cash(cash)) for item, cash in apps)
        add(Case(name, kind, payment, "post", applications, customer_id=customer, **extra))  # type: ignore[arg-type]

    def person(name: str, kind: str, payment: Payment, **extra: object) -> None:
        add(Case(name, kind, payment, "person", **extra))  # type: ignore[arg-type]

    def on_account(name: str, kind: str, payment: Payment, customer: str) -> None:
        add(
            Case(
                name,
                kind,
                payment,
                "on_account",
                (),
                MatchStatus.UNAPPLIED,
                customer,
                ("cashapp.on_account",),
            )
        )

    ref_codes = ("cashapp.reference_exact", "cashapp.reference_normalised")

    # --- numbering schemes --------------------------------------------------------------------
    i = "ACC-SINV-2026-01607"
    post(
        "free_text_erpnext",
        "scheme",
        _pay(
            "H01",
            o(i),
            refs=("Payment ACC-SINV-2026-01607 thanks",),
            account="de89370400440532013000",
        ),
        ((i, o(i)),),
        LUM,
        any_codes=ref_codes,
    )
    i = "INV/2026/00037"
    post(
        "odoo_lower_case",
        "scheme",
        _pay("H02", o(i), customer=GULF, refs=("inv/2026/00037",)),
        ((i, o(i)),),
        GULF,
        any_codes=ref_codes,
    )
    post(
        "odoo_short_form",
        "scheme",
        _pay("H03", o(i), account=GULF_IBAN, refs=("PMT FOR 2026/37 GULF MARINE",)),
        ((i, o(i)),),
        GULF,
        any_codes=ref_codes,
    )
    i = "SI-2026-0012"
    post(
        "si_compact",
        "scheme",
        _pay("H04", o(i), account="00051234567890", refs=("SI20260012",)),
        ((i, o(i)),),
        KAI,
        any_codes=ref_codes,
    )
    i = "INV-00107"
    post(
        "bare_number_field",
        "scheme",
        _pay("H05", o(i), customer=ACME, refs=("107",)),
        ((i, o(i)),),
        ACME,
        any_codes=ref_codes,
    )
    i = "INV-00109"
    post(
        "in_prefixed",
        "scheme",
        _pay("H06", o(i), customer=ACME, refs=("IN00109",)),
        ((i, o(i)),),
        ACME,
        any_codes=ref_codes,
    )
    ids = ("INV-00110", "INV-00111", "INV-00112")
    total = o(ids[0]) + o(ids[1]) + o(ids[2])
    post(
        "list_after_word",
        "scheme",
        _pay("H07", total, customer=ACME, refs=("Inv. 110, 111 & 112",)),
        tuple((x, o(x)) for x in ids),
        ACME,
        any_codes=ref_codes,
    )
    i = "9000471" + "5"
    post(
        "sap_ten_digit",
        "scheme",
        _pay("H08", o(i), account=BRW_IBAN, refs=("90004715",)),
        ((i, o(i)),),
        BRW,
        any_codes=ref_codes,
    )
    i = "9000471" + "9"
    post(
        "po_reference",
        "scheme",
        _pay("H09", o(i), account=BRW_IBAN, refs=("PO 4500012385",)),
        ((i, o(i)),),
        BRW,
        any_codes=ref_codes,
    )
    i = "ACC-SINV-2026-01628"
    post(
        "spaced_lower_case",
        "scheme",
        _pay("H10", o(i), account=LUM_IBAN, refs=("acc sinv 2026 01628",)),
        ((i, o(i)),),
        LUM,
        any_codes=ref_codes,
    )
    i = "ACC-SINV-2026-01629"
    post(
        "year_serial_after_no",
        "scheme",
        _pay("H11", o(i), account=LUM_IBAN, refs=("Inv. No.: 2026-01629",)),
        ((i, o(i)),),
        LUM,
        any_codes=ref_codes,
    )

    # --- legacy series overlapping within and across customers --------------------------------
    post(
        "legacy_plain_amount_agrees",
        "legacy",
        _pay("H12", o("123"), customer=ACME, refs=("123",)),
        (("123", o("123")),),
        ACME,
    )
    post(
        "current_prefixed_amount_agrees",
        "legacy",
        _pay("H13", o("INV-00123"), customer=ACME, refs=("INV-00123",)),
        (("INV-00123", o("INV-00123")),),
        ACME,
    )
    person(
        "legacy_amount_agrees_with_neither",
        "legacy",
        _pay("H14", "1234.56", "USD", customer=ACME, refs=("123",)),
    )
    post(
        "shared_number_payer_by_id",
        "shared",
        _pay("H15", o("INV-00127"), customer=ACME, refs=("127",)),
        (("INV-00127", o("INV-00127")),),
        ACME,
    )
    post(
        "shared_number_payer_by_account",
        "shared",
        _pay("H16", o("127"), account=PINE_ACCOUNT, refs=("INV 127",)),
        (("127", o("127")),),
        PINE,
    )
    person(
        "name_and_amount_disagree_on_shared_number",
        "shared",
        _pay("H17", o("INV-00126"), name="PINECREST HARDWARE", refs=("126",)),
    )
    post(
        "year_series_across_customers",
        "shared",
        _pay("H18", o("INV/2026/00042"), account=GULF_IBAN, refs=("2026/42",)),
        (("INV/2026/00042", o("INV/2026/00042")),),
        GULF,
    )
    post(
        "year_series_other_customer",
        "shared",
        _pay("H19", o("SI-2026-0042"), customer=DRC, refs=("2026-0042",)),
        (("SI-2026-0042", o("SI-2026-0042")),),
        DRC,
    )
    post(
        "legacy_number_equals_other_customers_serial",
        "shared",
        _pay("H20", o("ACC-SINV-2026-01612"), account=LUM_IBAN, refs=("INV 1612",)),
        (("ACC-SINV-2026-01612", o("ACC-SINV-2026-01612")),),
        LUM,
    )
    post(
        "legacy_number_own_payer_by_name",
        "shared",
        _pay("H21", o("1612"), name="ORCHARD LANE BAKERY", refs=("1612",)),
        (("1612", o("1612")),),
        ORCH,
    )

    # --- OCR and keying errors ----------------------------------------------------------------
    i = "SI-2026-0018"
    post(
        "ocr_letter_o",
        "ocr",
        _pay("H22", o(i), account=KAI_ACCOUNT, refs=("SI-2026-OO18",)),
        ((i, o(i)),),
        KAI,
    )
    i = "INV-00115"
    post(
        "ocr_o_and_i",
        "ocr",
        _pay("H23", o(i), customer=ACME, refs=("INV-0O1I5",)),
        ((i, o(i)),),
        ACME,
    )
    i = "9000471" + "5"
    post(
        "transposed_with_two_candidates",
        "ocr",
        _pay("H24", o(i), account=BRW_IBAN, refs=("90004751",)),
        ((i, o(i)),),
        BRW,
        codes=("cashapp.reference_near_miss",),
    )
    i = "ACC-SINV-2026-01622"
    post(
        "dropped_digit",
        "ocr",
        _pay("H25", o(i), account=LUM_IBAN, refs=("ACC-SINV-2026-0162",)),
        ((i, o(i)),),
        LUM,
        codes=("cashapp.reference_near_miss",),
    )
    i = "SI-2026-0015"
    post(
        "ocr_s_for_5_jpy",
        "ocr",
        _pay("H63", o(i), account=KAI_ACCOUNT, refs=("SI-2026-001S",)),
        ((i, o(i)),),
        KAI,
    )
    person(
        "near_miss_amount_disagrees",
        "ocr",
        _pay("H26", "1717.17", "EUR", account=LUM_IBAN, refs=("ACC-SINV-2026-01699",)),
    )
    i = "INV/2026/00039"
    post(
        "ocr_letter_o_in_year_kwd",
        "ocr",
        _pay("H27", o(i), customer=GULF, refs=("INV/2O26/OOO39",)),
        ((i, o(i)),),
        GULF,
    )

    # --- narratives cut at the format's width, names uppercased and cut -----------------------
    i = "ACC-SINV-2026-01604"
    text = "EREF+NOTPROVIDED SVWZ+RECHNUNG ACC-SINV-2026-01604 VOM 12.05.2026 KD 44871"
    post(
        "mt940_27_subfields",
        "narrative",
        _pay("H28", o(i), name="LUMEN ENERGIE", refs=_cut(text, 27)),
        ((i, o(i)),),
        LUM,
    )
    ids = ("ACC-SINV-2026-01610", "ACC-SINV-2026-01611", "ACC-SINV-2026-01613")
    text = (
        "/ROC/PAYMENT OF INVOICES ACC-SINV-2026-01610 ACC-SINV-2026-01611 ACC-SINV-2026-01613 "
        "LUMEN ENERGY GMBH BERLIN CUSTOMER NO 44871 FOR PERIOD MAY 2026"
    )
    total = o(ids[0]) + o(ids[1]) + o(ids[2])
    post(
        "camt_140",
        "narrative",
        _pay("H29", total, account=LUM_IBAN, refs=(text[:140],)),
        tuple((x, o(x)) for x in ids),
        LUM,
    )
    i = "ACC-SINV-2026-01617"
    text = "ORG=LUMEN ENERGY GMBH BERLIN DE OBI=INV ACC-SINV-2026-01617 PO 88213 THANK YOU"
    post(
        "fedwire_35",
        "narrative",
        _pay("H30", o(i), name="LUMEN ENERGY GMBH", refs=_cut(text, 35)),
        ((i, o(i)),),
        LUM,
    )
    i = "128"
    post(
        "ach_80_addenda_cut_name",
        "narrative",
        _pay("H31", o(i), name="PINECREST HARDWA", refs=(f"RMR*IV*128*PI*{o(i).amount}\\",)),
        ((i, o(i)),),
        PINE,
    )
    i = "ACC-SINV-2026-01620"
    post(
        "cut_name_and_unique_amount",
        "narrative",
        _pay("H32", o(i), name="LUMEN ENERGIE"),
        ((i, o(i)),),
        LUM,
        codes=("cashapp.payer_identified",),
    )

    # --- stray numbers ------------------------------------------------------------------------
    i = "ACC-SINV-2026-01619"
    post(
        "date_next_to_reference",
        "stray",
        _pay("H33", o(i), account=LUM_IBAN, refs=("RCHG 260602 ACC-SINV-2026-01619",)),
        ((i, o(i)),),
        LUM,
    )
    person(
        "bank_reference_equals_invoice_serial",
        "stray",
        _pay(
            "H34", "999.99", "USD", account=ACME_ACCOUNT, refs=("BANK REF 0000000124 VALUE 260619",)
        ),
    )
    i = "9000472" + "4"
    post(
        "po_date_bank_ref_mixed",
        "stray",
        _pay(
            "H35",
            o(i),
            name="BRIGHTWATER FOODS LTD",
            refs=("BRIGHTWATER FOODS LTD 260615 PO4500012390 BACS REF 7730011",),
        ),
        ((i, o(i)),),
        BRW,
    )
    person(
        "stray_number_alone_unknown_payer",
        "stray",
        _pay("H36", "1000.00", "EUR", refs=("REF 20260612 1612",)),
    )

    # --- remittance advices -------------------------------------------------------------------
    good, bad = "ACC-SINV-2026-01615", "ACC-SINV-2026-01651"
    post(
        "keying_error_on_advice",
        "advice",
        _pay("H37", o(good), account=LUM_IBAN),
        ((good, o(good)),),
        LUM,
        codes=("cashapp.keying_error",),
        remittance=Remittance("H37", [RemittanceLine(bad, o(good))]),
    )
    inv, cm = "ACC-SINV-2026-01618", "ACC-SINV-RET-2026-00009"
    post(
        "credit_memo_line_by_own_number",
        "advice",
        _pay("H38", o(inv) + o(cm), account=LUM_IBAN),
        ((inv, o(inv)), (cm, o(cm))),
        LUM,
        remittance=Remittance("H38", [RemittanceLine(inv, o(inv)), RemittanceLine(cm, o(cm))]),
    )
    inv, cm = "INV/2026/00044", "RINV/2026/00004"
    post(
        "credit_memo_line_quotes_invoice",
        "advice",
        _pay("H39", o(inv) + o(cm), customer=GULF),
        ((inv, o(inv)), (cm, o(cm))),
        GULF,
        remittance=Remittance(
            "H39", [RemittanceLine(inv, o(inv)), RemittanceLine(f"Credit note re {inv}", o(cm))]
        ),
    )
    i = "9000472" + "6"
    post(
        "line_names_invoice_and_its_po",
        "advice",
        _pay("H40", o(i), account=BRW_IBAN),
        ((i, o(i)),),
        BRW,
        remittance=Remittance("H40", [RemittanceLine("INV 90004726 / PO 4500012392", o(i))]),
    )
    a, b = "INV-00130", "INV-00131"
    short = o(b) - Money("212.00", "USD")
    post(
        "advice_unauthorised_deduction",
        "advice",
        _pay("H41", o(a) + short, customer=ACME),
        ((a, o(a)), (b, short)),
        ACME,
        deductions=((b, "short_payment"),),
        remittance=Remittance("H41", [RemittanceLine(a, o(a)), RemittanceLine(b, short)]),
    )

    # --- silent netting of a credit memo ------------------------------------------------------
    i, cm = "ACC-SINV-2026-01621", "ACC-SINV-RET-2026-00011"
    post(
        "netted_credit_memo_eur",
        "netting",
        _pay("H42", o(i) + o(cm), account=LUM_IBAN, refs=("ACC-SINV-2026-01621",)),
        ((i, o(i)), (cm, o(cm))),
        LUM,
        codes=("cashapp.credit_memo_netted",),
    )
    i, cm = "INV/2026/00046", "RINV/2026/00005"
    post(
        "netted_credit_memo_kwd",
        "netting",
        _pay("H43", o(i) + o(cm), account=GULF_IBAN, refs=("INV/2026/00046",)),
        ((i, o(i)), (cm, o(cm))),
        GULF,
        codes=("cashapp.credit_memo_netted",),
    )

    # --- duplicates against the cleared history -----------------------------------------------
    paid = Invoice(
        "ACC-SINV-2026-01588",
        LUM,
        dt.date(2026, 5, 2),
        Money("2140.00", "EUR"),
        terms=NET30,
        open_amount=Money("0.00", "EUR"),
        paid_on=dt.date(2026, 6, 5),
    )
    person(
        "duplicate_of_cleared_invoice",
        "duplicate",
        _pay("H44", "2140.00", "EUR", account=LUM_IBAN, refs=("ACC-SINV-2026-01588",)),
        codes=("cashapp.duplicate_payment",),
        history=(paid,),
    )
    paid_usd = Invoice(
        "INV-00099",
        ACME,
        dt.date(2026, 4, 30),
        Money("5000.00", "USD"),
        terms=NET30,
        open_amount=Money("0.00", "USD"),
        paid_on=dt.date(2026, 6, 3),
    )
    earlier = Payment(
        "P-0417",
        dt.date(2026, 6, 3),
        Money("5000.00", "USD"),
        customer_id=ACME,
        references=["INV-00099"],
        unapplied_amount=Money("0.00", "USD"),
    )
    person(
        "duplicate_of_earlier_payment",
        "duplicate",
        _pay("H45", "5000.00", "USD", account=ACME_ACCOUNT, refs=("INV 99",)),
        codes=("cashapp.duplicate_payment",),
        history=(paid_usd, earlier),
    )
    paid_jpy = Invoice(
        "SI-2025-0412",
        KAI,
        dt.date(2025, 12, 1),
        Money("480000", "JPY"),
        terms=NET30,
        open_amount=Money("0", "JPY"),
        paid_on=dt.date(2026, 1, 9),
    )
    person(
        "cleared_invoice_different_amount",
        "duplicate",
        _pay("H46", "475000", "JPY", account=KAI_ACCOUNT, refs=("SI-2025-0412",)),
        codes=("cashapp.duplicate_payment",),
        history=(paid_jpy,),
    )

    # --- words that change the meaning --------------------------------------------------------
    on_account(
        "on_account_with_matching_amount",
        "words",
        _pay("H47", o("ACC-SINV-2026-01625"), account=LUM_IBAN, refs=("LUMEN ENERGIE ON ACCOUNT",)),
        LUM,
    )
    on_account(
        "advance_lower_case_jpy",
        "words",
        _pay(
            "H48", o("SI-2026-0007"), account=KAI_ACCOUNT, refs=("advance payment for order 4471",)
        ),
        KAI,
    )
    on_account(
        "deposit_mixed_case_kwd",
        "words",
        _pay("H49", "750.000", "KWD", customer=GULF, refs=("Deposit - Q3 catering contract",)),
        GULF,
    )
    i = "INV-00135"
    part = o(i) - Money("1000.00", "USD")
    post(
        "partial_with_reference",
        "words",
        _pay("H50", part, customer=ACME, refs=("PARTIAL PMT INV-00135",)),
        ((i, part),),
        ACME,
        deductions=((i, "partial_payment"),),
    )
    i = "ACC-SINV-2026-01626"
    part = o(i) - Money("500.00", "EUR")
    post(
        "teilzahlung_with_reference",
        "words",
        _pay("H51", part, account=LUM_IBAN, refs=("Teilzahlung Rechnung ACC-SINV-2026-01626",)),
        ((i, part),),
        LUM,
        deductions=((i, "partial_payment"),),
    )

    # --- differences --------------------------------------------------------------------------
    i = "ACC-SINV-2026-01627"
    cash = o(i) - Money("15.00", "EUR")
    post(
        "sha_charges_eur",
        "difference",
        _pay("H52", cash, account=LUM_IBAN, refs=("ACC-SINV-2026-01627",)),
        ((i, cash),),
        LUM,
        deductions=((i, "bank_charges"),),
    )
    i = "9000472" + "8"
    cash = o(i) - Money("25.00", "GBP")
    post(
        "ben_charges_gbp",
        "difference",
        _pay("H53", cash, account=BRW_IBAN, refs=("90004728",)),
        ((i, cash),),
        BRW,
        deductions=((i, "bank_charges"),),
    )
    i = "ACC-SINV-2026-01670"
    cash = Money("4232.03", "EUR")
    post(
        "late_discount",
        "difference",
        _pay("H54", cash, account=LUM_IBAN, refs=("ACC-SINV-2026-01670",)),
        ((i, cash),),
        LUM,
        deductions=((i, "unearned_discount"),),
    )
    i = "SI-2026-0026"
    post(
        "timely_discount_jpy",
        "difference",
        _pay("H55", "1225000", "JPY", account=KAI_ACCOUNT, refs=("SI-2026-0026",)),
        ((i, Money("1225000", "JPY")),),
        KAI,
        codes=("cashapp.discount_taken",),
    )
    i = "INV/2026/00057"
    cash = Money("487.500", "KWD")
    post(
        "unauthorised_deduction_kwd",
        "difference",
        _pay("H56", cash, account=GULF_IBAN, refs=("INV/2026/00057",)),
        ((i, cash),),
        GULF,
        deductions=((i, "short_payment"),),
    )
    i = "INV-00133"
    cash = o(i) - Money("3.20", "USD")
    post(
        "short_within_tolerance",
        "difference",
        _pay("H57", cash, customer=ACME, refs=("INV-00133",)),
        ((i, cash),),
        ACME,
    )
    i = "SI-2026-0020"
    add(
        Case(
            "overpayment_jpy",
            "difference",
            _pay("H58", o(i) + Money("5000", "JPY"), account=KAI_ACCOUNT, refs=("SI-2026-0020",)),
            "post",
            ((i, _cash(o(i))),),
            MatchStatus.PARTIAL,
            KAI,
            ("cashapp.overpayment",),
        )
    )

    # --- payer identity and amounts -----------------------------------------------------------
    i = "SI-2026-0009"
    post(
        "local_account_unique_amount",
        "payer",
        _pay("H59", o(i), account="0005 123 4567890"),
        ((i, o(i)),),
        KAI,
        codes=("cashapp.payer_identified",),
    )
    person(
        "unknown_payer_amount_only",
        "payer",
        _pay("H60", o("ACC-SINV-2026-01623"), name="J. SMITH HOLDINGS"),
    )
    pair = ("OL-2026-031", "OL-2026-032")
    post(
        "small_ledger_pair",
        "amount",
        _pay("H61", o(pair[0]) + o(pair[1]), customer=ORCH),
        tuple((x, o(x)) for x in pair),
        ORCH,
        codes=("cashapp.combination",),
    )
    trio = ("ACC-SINV-2026-01603", "ACC-SINV-2026-01616", "ACC-SINV-2026-01634")
    # One triple of 44 open items fitting to the cent is not chance (about 0.5% of amounts would).
    post(
        "large_ledger_unique_triple",
        "amount",
        _pay("H62", o(trio[0]) + o(trio[1]) + o(trio[2]), account=LUM_IBAN),
        tuple((x, o(x)) for x in trio),
        LUM,
        codes=("cashapp.combination",),
    )
    person(
        "reference_and_amount_point_elsewhere",
        "conflict",
        _pay("H64", o("ACC-SINV-2026-01631"), account=LUM_IBAN, refs=("ACC-SINV-2026-01624",)),
    )
    i = "ACC-SINV-2026-01630"
    post(
        "unknown_payer_reference_identifies",
        "payer",
        _pay("H65", o(i), name="LE GMBH BERLIN", refs=("ACC-SINV-2026-01630",)),
        ((i, o(i)),),
        LUM,
    )
    i = "SI-2026-0011"
    post(
        "jpy_amount_with_commas_in_text",
        "stray",
        _pay(
            "H66",
            o(i),
            account=KAI_ACCOUNT,
            refs=(f"FURIKOMI KAIZEN SEIMITSU JPY {int(o(i).amount):,} SI-2026-0011",),
        ),
        ((i, o(i)),),
        KAI,
    )
    i = "ACC-SINV-2026-01641-1"
    post(
        "erpnext_amended_invoice",
        "scheme",
        _pay("H67", o(i), account=LUM_IBAN, refs=("ACC-SINV-2026-01641",)),
        ((i, o(i)),),
        LUM,
    )
    inv, cm = "ACC-SINV-2026-01618", "ACC-SINV-RET-2026-00009"
    post(
        "invoice_less_credit_in_text",
        "netting",
        _pay(
            "H68",
            o(inv) + o(cm),
            account=LUM_IBAN,
            refs=("ACC-SINV-2026-01618 LESS CREDIT ACC-SINV-RET-2026-00009",),
        ),
        ((inv, o(inv)), (cm, o(cm))),
        LUM,
    )
    i = "INV-00123"
    post(
        "bare_number_amount_agrees_with_current_series",
        "legacy",
        _pay("H69", o(i), customer=ACME, refs=("123",)),
        ((i, o(i)),),
        ACME,
    )
    # Two invoices named, the amount is one of them to the cent: that one, the other set aside.
    i = "ACC-SINV-2026-01608"
    post(
        "two_references_amount_equals_one",
        "conflict",
        _pay("H70", o(i), account=LUM_IBAN, refs=("ACC-SINV-2026-01606 ACC-SINV-2026-01608",)),
        ((i, o(i)),),
        LUM,
        codes=("cashapp.reference_ignored",),
    )
    i = "INV/2026/00044"  # a credit note quotes it, so its number names two items
    post(
        "date_next_to_quoted_invoice",
        "stray",
        _pay("H73", o(i), account=GULF_IBAN, refs=(f"VALUE 31/05/2026 {i}",)),
        ((i, o(i)),),
        GULF,
    )
    post(
        "iso_date_next_to_quoted_invoice",
        "stray",
        _pay("H74", o(i), account=GULF_IBAN, refs=(f"2026-05-31 {i}",)),
        ((i, o(i)),),
        GULF,
    )
    i = "INV-00129"
    post(
        "ach_rmr_iv_addenda",
        "narrative",
        _pay("H75", o(i), name="ACME TOOLS INC", refs=(f"RMR*IV*00129*PI*{o(i).amount}*TD*0\\",)),
        ((i, o(i)),),
        ACME,
    )
    person(
        "currency_differs_from_invoice",
        "conflict",
        _pay(
            "H71", o("INV-00138").amount.to_eng_string(), "EUR", customer=ACME, refs=("INV-00138",)
        ),
    )
    person(
        "cut_name_shared_by_two_customers", "payer", _pay("H72", o("129"), name="PINECREST HARDWA")
    )
    person(
        "amount_written_like_a_year_series",
        "stray",
        _pay("H76", "2026.041", "KWD", account=GULF_IBAN, refs=("TRF KWD 2026.041 GULF MARINE",)),
    )
    a, b = "INV-00116", "INV-00117"
    cash = o(b) - Money("25.00", "USD")
    post(
        "advice_ben_charges",
        "advice",
        _pay("H77", o(a) + cash, customer=ACME),
        ((a, o(a)), (b, cash)),
        ACME,
        deductions=((b, "bank_charges"),),
        remittance=Remittance("H77", [RemittanceLine(a, o(a)), RemittanceLine(b, o(b))]),
    )
    four = (
        "ACC-SINV-2026-01601",
        "ACC-SINV-2026-01602",
        "ACC-SINV-2026-01605",
        "ACC-SINV-2026-01609",
    )
    text = (
        "/RFB/LUMEN ENERGY GMBH, BERLIN-MITTE SAMMELZAHLUNG RECHNUNGEN: ACC-SINV-2026-01601 "
        "ACC-SINV-2026-01602 ACC-SINV-2026-01605 ACC-SINV-2026-01609 KD 44871"
    )
    assert text[:140].endswith(" ACC-SINV-2026-016")  # the last reference is cut
    total = o(four[0]) + o(four[1]) + o(four[2]) + o(four[3])
    post(
        "camt_140_cuts_the_last_reference",
        "narrative",
        _pay("H78", total, account=LUM_IBAN, refs=(text[:140],)),
        tuple((x, o(x)) for x in four),
        LUM,
    )
    i = "MP-26-0815"
    post(
        "transliterated_cut_name",
        "narrative",
        _pay("H79", o(i), name="MUELLER PRAEZISIONSTEC"),
        ((i, o(i)),),
        MUE,
        codes=("cashapp.payer_identified",),
    )
    i = "INV-00119"
    post(
        "on_account_word_with_reference",
        "words",
        _pay("H80", o(i), customer=ACME, refs=("PAYMENT ON ACCOUNT INV-00119",)),
        ((i, o(i)),),
        ACME,
    )
    i = "7790"
    post(
        "word_inside_payer_name",
        "words",
        _pay("H81", o(i), account="40478470872490", refs=("ADVANCE PRINT LTD",)),
        ((i, o(i)),),
        ADV,
    )
    good, bad = "ACC-SINV-2026-01615", "ACC-SINV-2026-01651"
    post(
        "keying_error_on_bank_line",
        "ocr",
        _pay("H82", o(good), account=LUM_IBAN, refs=(f"RE {bad}",)),
        ((good, o(good)),),
        LUM,
        codes=("cashapp.reference_near_miss",),
    )
    i = "INV/2026/00042"
    post(
        "kwd_amount_with_separators_in_text",
        "stray",
        _pay("H83", o(i), account=GULF_IBAN, refs=(f"KWD 1,187.625 {i}",)),
        ((i, o(i)),),
        GULF,
    )
    i = "ACC-SINV-2026-01670"
    post(
        "european_amount_format_in_text",
        "stray",
        _pay("H84", o(i), account=LUM_IBAN, refs=(f"BETRAG 4.318,40 EUR RE {i}",)),
        ((i, o(i)),),
        LUM,
    )
    i = "ACC-SINV-2026-01635"
    post(
        "unicode_narrative",
        "narrative",
        _pay("H85", o(i), account=LUM_IBAN, refs=(f"Zahlung für Rechnung {i} – danke",)),
        ((i, o(i)),),
        LUM,
    )
    i = "INV-00114"
    post(
        "lockbox_hash_lower_case",
        "scheme",
        _pay("H86", o(i), customer=ACME, refs=("inv#00114",)),
        ((i, o(i)),),
        ACME,
    )
    i = "INV-00141"
    post(
        "remainder_of_a_part_paid_invoice",
        "difference",
        _pay("H87", "1200.00", "USD", account=ACME_ACCOUNT, refs=(i,)),
        ((i, o(i)),),
        ACME,
    )
    add(
        Case(
            "full_amount_on_a_part_paid_invoice",
            "difference",
            _pay("H88", "5000.00", "USD", account=ACME_ACCOUNT, refs=(i,)),
            "post",
            ((i, _cash(o(i))),),
            MatchStatus.PARTIAL,
            ACME,
            ("cashapp.overpayment",),
        )
    )
    return cases


def named(cases: list[Case]) -> Callable[[str], Case]:
    table = {case.name: case for case in cases}
    return table.__getitem__


def cash_of(text: str) -> Decimal:
    return Decimal(text)


_OCR_SWAPS = {"0": "O", "1": "I", "5": "S"}


def _noisy_reference(rng: random.Random, number: str) -> str:
    """``number`` as a payer or a scanner might write it: one kind of noise, or none."""
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    kind = rng.choice(["as_is", "lower", "compact", "ocr", "swap", "drop", "spaced"])
    if kind == "lower":
        return number.lower()
    if kind == "compact":
        return "".join(c for c in number if c.isalnum())
    if kind == "spaced":
        return " ".join(part for part in number.replace("/", "-").split("-") if part)
    if kind == "ocr":
        places = [i for i in digits if number[i] in _OCR_SWAPS]
        if places:
            at = rng.choice(places)
            return number[:at] + _OCR_SWAPS[number[at]] + number[at + 1 :]
    if kind == "swap":
        pairs = [i for i in digits if i + 1 in digits and number[i] != number[i + 1]]
        if pairs:
            at = rng.choice(pairs)
            return number[:at] + number[at + 1] + number[at] + number[at + 2 :]
    if kind == "drop" and len(digits) > 3:
        at = rng.choice(digits[-3:])
        return number[:at] + number[at + 1 :]
    return number


def random_month(world: World, seed: int, size: int = 120) -> list[tuple[Payment, str]]:
    """Payments of one random month over the world, each for one open invoice (its truth).

    Each pays one invoice, distinct within the month, with the noise of the kinds above drawn at
    random: how the number is written (case, spacing, an OCR confusion, a transposed or dropped
    digit), the words and stray numbers around it (a date, the payer's name, a bank reference),
    how the payer is known (customer id, account, a cut name, nothing), whether the bank cut
    the narrative into fixed-width fields, and what was paid (the open amount, less a bank
    charge, or short).
    """
    rng = random.Random(seed)
    names = {c.id: c for c in world.customers}
    invoices = [item for item in world.items if isinstance(item, Invoice)]
    month = []
    for number, item in enumerate(rng.sample(invoices, size)):
        customer = names[item.customer_id]
        reference = _noisy_reference(rng, item.id)
        words = [
            rng.choice(["", "INV", "Payment", "RE:", "Rechnung", "Facture", "Invoice no."]),
            reference,
        ]
        if rng.random() < 0.5:
            words.append(
                f"{rng.randint(10, 28):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            )
        if rng.random() < 0.4:
            words.insert(0, customer.name.upper()[: rng.choice([12, 16, 22, 35])])
        if rng.random() < 0.3:
            words.append(f"BANKREF {rng.randint(10**6, 10**9)}")
        text = " ".join(w for w in words if w)
        width = rng.choice([None, None, 27, 35])
        refs = _cut(text, width) if width is not None else (text,)
        known = rng.choice(["id", "account", "name", "none"])
        open_amount = item.open_balance
        paid = open_amount
        if rng.random() < 0.2:
            fee = Money(rng.choice(["15.00", "25.00"]), open_amount.currency)
            code = open_amount.currency.code
            if code in ("EUR", "GBP", "USD") and open_amount > fee + fee:
                paid = open_amount - fee
        elif rng.random() < 0.1:
            paid = (open_amount * Decimal("0.8")).round()
        account = customer.bank_accounts[0] if customer.bank_accounts else None
        month.append(
            (
                Payment(
                    f"R{seed}-{number}",
                    PAID_ON,
                    paid,
                    customer_id=customer.id if known == "id" else None,
                    payer_account=account if known == "account" else None,
                    payer_name=customer.name.upper()[:16] if known == "name" else None,
                    references=refs,
                ),
                item.id,
            )
        )
    return month


def random_distractor_month(world: World, seed: int, size: int = 100) -> list[tuple[Payment, str]]:
    """Payments of the open amount of one invoice each, with a distractor drawn at random: another
    invoice's digits as a bank reference or a PO, another invoice's number as a second
    reference, only the payer's cut name and a date, or another customer's name as the payer."""
    rng = random.Random(10_000 + seed)
    names = {c.id: c for c in world.customers}
    invoices = [item for item in world.items if isinstance(item, Invoice)]
    month = []
    for number, item in enumerate(rng.sample(invoices, size)):
        customer = names[item.customer_id]
        other = rng.choice(invoices)
        digits = "".join(c for c in other.id if c.isdigit())
        reference = _noisy_reference(rng, item.id)
        style = rng.choice(["bank_ref", "po", "no_ref", "second_ref", "plain"])
        if style == "bank_ref":
            text = f"{reference} BANKREF {digits}"
        elif style == "po":
            text = f"PO {digits[-4:]} {reference}"
        elif style == "no_ref":
            text = (
                f"{customer.name.upper()[:14]} 26{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            )
        elif style == "second_ref":
            text = f"{reference} {other.id}"
        else:
            text = reference
        known = rng.choice(["id", "account", "name", "none", "other_name"])
        payer_name = None
        if known == "name":
            payer_name = customer.name.upper()[:18]
        elif known == "other_name":
            payer_name = names[other.customer_id].name.upper()[:18]
        account = customer.bank_accounts[0] if customer.bank_accounts else None
        month.append(
            (
                Payment(
                    f"Q{seed}-{number}",
                    PAID_ON,
                    item.open_balance,
                    customer_id=customer.id if known == "id" else None,
                    payer_account=account if known == "account" else None,
                    payer_name=payer_name,
                    references=(text,),
                ),
                item.id,
            )
        )
    return month
