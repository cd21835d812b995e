"""Values of every public class, built by running the engines on a sample portfolio.

``zoo()`` returns the top-level results and inputs; ``instances()`` walks them (and their
fields) and groups every value of a library class by its class, so the tests cover nested
classes (``AgingRow`` inside ``AgingReport``) without naming each one.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from receivables import Customer, Money
from receivables._schema import MODULES
from receivables.adapters import ColumnMap, RowKind, load_rows
from receivables.aging import age, compare, past_due_report
from receivables.allowance import (
    AccountMap,
    AllowanceRollForward,
    ApprovalLevel,
    LossPeriod,
    Overlay,
    OverlayKind,
    ProvisionMatrix,
    ReceivableHistory,
    SpecificReserve,
    WriteOffPolicy,
    allowance_true_up,
    estimate_allowance,
    loss_rates,
    provision,
    recommend_write_offs,
    roll_rates,
)
from receivables.bankfiles import ReferredDocument, ReferredKind, read_statements
from receivables.calendar import HolidayCalendar, WeekendCalendar
from receivables.cashapp import MatchPolicy, PayerMatch, Remittance, RemittanceLine, apply_cash
from receivables.credit import (
    CreditLimitPolicy,
    FinancialStatements,
    OrderCheckPolicy,
    Scorecard,
    TermsPolicy,
    TermsRequest,
    altman_z,
    check_order,
    recommend_credit_limit,
    review_terms_extension,
)
from receivables.documents import Adjustment, DocumentKind, Invoice, Portfolio, instalment_items
from receivables.dunning import (
    DunningPolicy,
    Frequency,
    NoticeCredit,
    PolicyAssignment,
    ReferenceRate,
    ReferenceRates,
    ReferralPolicy,
    Regime,
    WorklistWeights,
    collection_worklist,
    late_payment_claim,
    payment_plan,
    recommend_agency_referrals,
    regime_rule,
    run_dunning,
    settlement_offer,
)
from receivables.explain import Reason
from receivables.forecast import PaymentBehaviour, backtest, cash_forecast
from receivables.fx import ExchangeRate, RateTable, realized_fx_difference
from receivables.letters import ClaimLine, Creditor, render_letter, shipped_templates
from receivables.samples import RISK_PROFILES, sample_portfolio
from receivables.samples.bankfiles import sample_camt053
from receivables.samples.cashapp import generate_scenario, score
from receivables.scale import metric_inputs
from receivables.terms import Instalment, PaymentTerms, parse_terms

AS_OF = dt.date(2026, 3, 31)


POLICY = {
    "name": "standard",
    "levels": [
        {"number": 1, "days_overdue": 1, "action": "reminder"},
        {
            "number": 2,
            "days_overdue": 30,
            "action": "final_notice",
            "fee": {"fixed": ["15.00 USD", "15.00 EUR", "12.00 GBP", "20.00 CAD"]},
        },
        {"number": 3, "days_overdue": 60, "action": "demand_letter", "charge_interest": True},
    ],
    "grace_days": 5,
    "annual_interest_rate": "0.08",
}

SCORECARD = {
    "name": "sample",
    "base_points": "400",
    "scaling": {"points": "600", "odds": "50", "pdo": "20"},
    "characteristics": [
        {"name": "open_invoices", "edges": ["5", "20"], "points": ["40", "30", "15"]},
        {
            "name": "segment",
            "categories": {"enterprise": "60", "mid-market": "45"},
            "missing_points": "20",
        },
    ],
    "risk_classes": [{"label": "A", "min_points": "600"}, {"label": "B", "min_points": "560"}],
    "floor_class": "D",
}


def public_classes() -> list[type]:
    """Every class named in the ``__all__`` of :data:`MODULES` that is a value, document,
    policy or result (an attrs class, or ``Money``)."""
    found: dict[type, None] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for public in module.__all__:
            value = getattr(module, public)
            if isinstance(value, type) and attrs.has(value):
                found[value] = None
    return list(found)


@functools.cache
def zoo() -> tuple[Any, ...]:
    """Inputs and results of every engine, on one sample portfolio."""
    book = sample_portfolio(seed=3, customers=60, as_of=AS_OF)
    usd = [i for i in book.open_items() if i.open_balance.currency.code == "USD"]
    items = book.open_items()
    report = age(items, AS_OF, disputes=book.disputes)
    before = age(items, AS_OF - dt.timedelta(days=30), disputes=book.disputes)
    policy = DunningPolicy.from_dict(POLICY)
    first = run_dunning(
        policy,
        items,
        as_of=AS_OF - dt.timedelta(days=21),
        disputes=book.disputes,
        promises=book.promises,
        customers=book.customers,
    )
    run = run_dunning(
        policy,
        items,
        as_of=AS_OF,
        history=first.records(),
        disputes=book.disputes,
        promises=book.promises,
        customers=book.customers,
    )
    rates = RateTable(
        [
            ExchangeRate("USD", code, rate, dt.date(2026, 3, 1))
            for code, rate in (
                ("EUR", "0.9210"),
                ("GBP", "0.7890"),
                ("CAD", "1.3650"),
                ("MXN", "17.2500"),
                ("BRL", "5.0500"),
                ("JPY", "151.2000"),
                ("KWD", "0.3071"),
            )
        ],
        pivot="USD",
    )
    worklist = collection_worklist(
        items,
        as_of=AS_OF,
        customers=book.customers,
        disputes=book.disputes,
        promises=book.promises,
        rates=rates,
        top=5,
    )
    open_items = [i for i in items if i.kind is not DocumentKind.PAYMENT]
    cash = apply_cash(book.payments, open_items, customers=book.customers)
    statements = read_statements(sample_camt053(book))
    bank_cash = [
        apply_cash(s.payments(), open_items, remittances=s.remittances(), customers=book.customers)
        for s in statements
    ]
    ecb = ReferenceRates(
        [
            ReferenceRate(dt.date(2024, 12, 18), "0.0315"),
            ReferenceRate(dt.date(2025, 6, 11), "0.0215"),
        ]
    )
    claim = late_payment_claim(
        Money("10000.00", "EUR"),
        dt.date(2025, 5, 31),
        dt.date(2025, 8, 31),
        regime=Regime.EU_LATE_PAYMENT_DIRECTIVE,
        reference_rates=ecb,
    )
    plan = payment_plan(
        Money("5000.00", "EUR"),
        4,
        dt.date(2026, 1, 31),
        annual_rate="0.06",
        frequency=Frequency.QUARTERLY,
    )
    offer = settlement_offer(Money("10000.00", "USD"), discount="0.25", floor="0.6")
    referrals = recommend_agency_referrals(items, as_of=AS_OF, customers=book.customers)
    card = Scorecard.from_dict(SCORECARD)
    score = card.score({"open_invoices": 7, "segment": "enterprise"})
    fs = FinancialStatements(
        current_assets=Money("500", "USD"),
        current_liabilities=Money("160", "USD"),
        total_assets=Money("1000", "USD"),
        retained_earnings=Money("150", "USD"),
        ebit=Money("0", "USD"),
        market_value_of_equity=Money("400", "USD"),
        total_liabilities=Money("500", "USD"),
        sales=Money("1600", "USD"),
    )
    limit_policy = CreditLimitPolicy(risk_class_caps=[], increment="1000")
    limit = recommend_credit_limit(
        "USD",
        monthly_purchases=Money("30000", "USD"),
        terms_days=30,
        expected_days_beyond_terms=10,
        policy=limit_policy,
    )
    customer = Customer("C-1", "Acme", "USD", credit_limit=Money("10000", "USD"), risk_class="B")
    order = check_order(
        Money("2500", "USD"),
        customer=customer,
        open_receivables=Money("9000", "USD"),
        past_due=Money("1200", "USD"),
        oldest_days_past_due=40,
    )
    labels = report.labels
    matrix = ProvisionMatrix(
        dict(zip(labels, ["0.005", "0.02", "0.06", "0.15", "0.30", "0.60"], strict=True))
    )
    overlay = Overlay(OverlayKind.MULTIPLY, "recession outlook", overall="1.1")
    pooled = provision(report, matrix, currency="USD", overlay=overlay)
    estimate = estimate_allowance(
        usd,
        AS_OF,
        matrix,
        currency="USD",
        specific=[SpecificReserve(reason="administration", customer_id="C-0001", rate="0.75")],
    )
    accounts = AccountMap("1200", "1290", "6100", "1000")
    entry = allowance_true_up(
        Money("1000.00", "USD"), Money("1500.00", "USD"), accounts=accounts, on=AS_OF
    )
    write_off_policy = WriteOffPolicy(
        min_days_past_due=120,
        small_balance=[Money("50.00", "USD")],
        approval_levels=[ApprovalLevel("collector", Money("1000", "USD")), ApprovalLevel("cfo")],
    )
    write_offs = recommend_write_offs(usd, as_of=AS_OF, policy=write_off_policy)
    rolls = roll_rates(
        [
            {"Current": 100, "1-30": 0, "Over 30": 0},
            {"Current": 0, "1-30": 50, "Over 30": 0},
            {"Current": 0, "1-30": 0, "Over 30": 20},
            {"Current": 0, "1-30": 0, "Over 30": 0},
        ],
        write_offs=[0, 0, 0, 10],
    )
    roll_forward = AllowanceRollForward.derive(
        beginning=Money("50000", "USD"),
        ending=Money("58000", "USD"),
        write_offs=Money("12000", "USD"),
        recoveries=Money("1500", "USD"),
    )
    fx = realized_fx_difference(
        Money("48000.00", "EUR"),
        ExchangeRate("EUR", "USD", "1.0850", dt.date(2026, 3, 1)),
        ExchangeRate("EUR", "USD", "1.0720", AS_OF),
    )
    conversion = rates.convert(Money("25000.00", "EUR"), "MXN", on=AS_OF)
    return (
        book,
        report,
        past_due_report(report, top=5),
        compare(before, report),
        run,
        worklist,
        cash,
        bank_cash,
        statements,
        [s.skipped() for s in statements],
        claim,
        [regime_rule(regime) for regime in Regime],
        ecb,
        plan,
        offer,
        referrals,
        card,
        score,
        fs,
        altman_z(fs),
        limit_policy,
        limit,
        order,
        OrderCheckPolicy(),
        TermsPolicy(),
        review_terms_extension(
            TermsRequest(30, 45, Money("10000", "USD"), Money("15000", "USD")),
            score=610,
            payment_index=85,
            exposure=Money("9000", "USD"),
            past_due=Money("100", "USD"),
        ),
        PaymentTerms(
            net_days=60,
            instalments=[Instalment(Decimal("0.5"), 30), Instalment(Decimal("0.5"), 60)],
        ),
        parse_terms("Net 30 on Tuesdays", default=PaymentTerms.net(30)),
        instalment_items(
            Invoice(
                "I-9",
                "C-1",
                dt.date(2026, 1, 1),
                Money("500.00", "USD"),
                terms=PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)]),
            )
        ),
        NoticeCredit("CM-1", DocumentKind.CREDIT_MEMO, dt.date(2026, 2, 1), Money("30.00", "USD")),
        TermsRequest(30, 45, Money("10000", "USD"), Money("15000", "USD")),
        PayerMatch("C-7", Reason.of("cashapp.payer_identified", "account on file")),
        ReferredDocument(
            "INV/2026/00042",
            ReferredKind.INVOICE,
            dt.date(2026, 3, 2),
            amount_due=Money("1000.00", "EUR"),
            discount=Money("20.00", "EUR"),
            remitted=Money("980.00", "EUR"),
        ),
        matrix,
        overlay,
        pooled,
        estimate,
        accounts,
        entry,
        write_off_policy,
        write_offs,
        rolls,
        loss_rates(rolls),
        roll_forward,
        LossPeriod(Money("100000", "USD"), Money("1500", "USD"), Money("100", "USD")),
        ReceivableHistory(
            "INV-1", dt.date(2025, 1, 1), dt.date(2025, 1, 31), Money("100", "USD"), None
        ),
        fx,
        conversion,
        rates,
        policy,
        PolicyAssignment("risk_class", {"D": policy}, default=policy),
        ReferralPolicy(),
        WorklistWeights(),
        MatchPolicy(),
        Remittance("P-1", [RemittanceLine("INV-1", Money("10.00", "USD"))]),
        HolidayCalendar([dt.date(2026, 12, 25)]),
        WeekendCalendar(),
        Adjustment("A-1", "C-1", dt.date(2026, 1, 5), Money("-5.00", "USD"), "short-pay"),
        Decimal("0.5"),
        *_wing_values(book, run, claim),
    )


def _wing_values(book: Portfolio, run: Any, claim: Any) -> tuple[Any, ...]:
    """Values of the forecast, the adapters, the scale recipes, the letters and the samples."""
    behaviour = PaymentBehaviour.fit(
        book.invoices, as_of=AS_OF, disputes=book.disputes, segments=book.customers
    )
    invoices = [i for i in book.open_items() if isinstance(i, Invoice)][:5]
    history = [
        ReceivableHistory(i.id, i.issue_date, i.due_date, i.amount, i.paid_on, written_off=False)
        for i in book.invoices
        if i.currency.code == "USD"
    ]
    scenario = generate_scenario(seed=1, invoices=60, payments=10)
    notice = next(n for n in run.notices if n.currency.code == "EUR")
    customer = next(c for c in book.customers if c.id == notice.customer_id)
    creditor = Creditor(
        "Beispiel GmbH", ["Hauptstr. 1", "10115 Berlin"], iban="DE89370400440532013000"
    )
    return (
        behaviour,
        [behaviour.predict(i, as_of=AS_OF, disputes=book.disputes) for i in invoices],
        cash_forecast(book.open_items(), behaviour, as_of=AS_OF, weeks=6, promises=book.promises),
        backtest(book.invoices, cutoffs=[AS_OF - dt.timedelta(days=120)], weeks=4),
        load_rows(_EXPORT_ROWS, _EXPORT_MAP, errors="collect"),
        _EXPORT_MAP,
        metric_inputs(
            history,
            dt.date(2025, 9, 30),
            [dt.date(2025, 12, 31), dt.date(2026, 3, 31)],
            "USD",
        ),
        creditor,
        Creditor("Acme Inc."),
        shipped_templates("en"),
        render_letter(notice, creditor=creditor, customer=customer, locale="de_DE"),
        ClaimLine("INV-1", claim),
        RISK_PROFILES,
        scenario,
        score(
            scenario,
            apply_cash(
                scenario.payments,
                scenario.open_items,
                remittances=scenario.remittances,
                customers=scenario.customers,
            ),
        ),
    )


_EXPORT_MAP = ColumnMap(
    name="ledger",
    customer="Customer",
    customer_name="Name",
    document="Document",
    document_date="Date",
    due_date="Due",
    date_format="%Y-%m-%d",
    currency="Currency",
    amount="Amount",
    open_amount="Open",
    kind="Kind",
    kinds=(
        ("Invoice", RowKind.INVOICE),
        ("Credit", RowKind.CREDIT_MEMO),
        ("Cash", RowKind.PAYMENT),
    ),
    terms="Terms",
    terms_mode="lenient",
    summary_markers=("Total",),
)


def _export_row(**changes: str) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "Customer": "C-1",
        "Name": "Acme",
        "Document": "INV-1",
        "Date": "2026-03-01",
        "Due": "2026-03-31",
        "Currency": "USD",
        "Amount": "100.00",
        "Open": "100.00",
        "Kind": "Invoice",
        "Terms": "Net 30",
    }
    row.update(changes)
    return row


# An export with an invoice, one whose terms are read leniently (a note), a credit memo, a
# payment, a row with an impossible date (rejected) and a total row (skipped).
_EXPORT_ROWS = [
    _export_row(),
    _export_row(Document="INV-2", Terms="Net 30 days EOM+5"),
    _export_row(Document="CM-1", Kind="Credit", Amount="-10.00", Open="-10.00"),
    _export_row(Document="PAY-1", Kind="Cash", Amount="-25.00", Open="-25.00"),
    _export_row(Document="INV-3", Date="2026-02-30"),
    _export_row(Customer="Total", Document="", Kind=""),
]


def walk(value: object) -> Iterator[object]:
    """``value`` and every value of a library class inside it (fields, lists, mappings)."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, str | int | Decimal | enum.Enum | dt.date):
            continue
        seen.add(id(item))
        if hasattr(type(item), "to_dict"):
            yield item
        kind: Any = type(item)
        if attrs.has(kind):
            stack.extend(getattr(item, field.name) for field in attrs.fields(kind))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | frozenset):
            stack.extend(item)


@functools.cache
def instances() -> dict[type, list[Any]]:
    """Up to 20 values of each library class found in :func:`zoo`, by class."""
    found: dict[type, list[Any]] = {}
    for value in walk(zoo()):
        bucket = found.setdefault(type(value), [])
        if len(bucket) < 20:
            bucket.append(value)
    return found


def sample_portfolio_small() -> Portfolio:
    """A small portfolio for quick checks."""
    return sample_portfolio(seed=1, customers=5, as_of=AS_OF)
