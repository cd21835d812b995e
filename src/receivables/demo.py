"""The demo's content, as pure functions that return lines of text (the CLI prints them).

Examples:
    >>> import datetime as dt
    >>> lines = render(as_of=dt.date(2026, 6, 30))
    >>> lines[0]
    'receivables demo, as of 2026-06-30'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from receivables._decimal import in_context
from receivables.aging import Buckets, age, past_due_report
from receivables.aging.metrics import (
    average_days_delinquent,
    best_possible_dso,
    collection_effectiveness_index,
    countback_dso,
    dso,
    percent_current,
)
from receivables.allowance import (
    AccountMap,
    ApprovalLevel,
    ProvisionMatrix,
    SpecificReserve,
    WriteOffPolicy,
    allowance_true_up,
    estimate_allowance,
    recommend_write_offs,
)
from receivables.bankfiles import read_statements
from receivables.cashapp import MatchStatus, apply_cash
from receivables.credit import (
    CreditLimitPolicy,
    Scorecard,
    check_order,
    payment_index,
    recommend_credit_limit,
)
from receivables.documents import DocumentKind, Invoice, Portfolio
from receivables.dunning import Action, DunningPolicy, collection_worklist, run_dunning
from receivables.errors import LetterError
from receivables.fx import ExchangeRate, RateTable, realized_fx_difference
from receivables.letters import Creditor, render_letter, shipped_templates
from receivables.money import Currency, Money
from receivables.samples import sample_portfolio
from receivables.samples.bankfiles import sample_camt053
from receivables.terms import parse_terms

__all__ = ["render"]


def _money_section(as_of: dt.date) -> list[str]:
    invoice = Money("1000.00", "USD")
    lines = ["", "== Money: exact, per currency, rounded only when asked =="]
    parts = invoice.allocate([1, 1, 1])
    lines.append(
        f"{invoice} in three instalments: {', '.join(str(p) for p in parts)} (sum {sum(parts)})"
    )
    interest = invoice * Decimal("0.0525") * 45 / 365
    lines.append(f"45 days at 5.25% on {invoice}: {interest.round()} (exact {interest.amount:.6f})")
    for amount, currency, locale in (
        ("1234567.891", "USD", "en_US"),
        ("1234567.891", "EUR", "de_DE"),
        ("1234567.891", "JPY", "ja_JP"),
        ("1234567.891", "KWD", "ar_KW"),
        ("1234567.891", "BRL", "pt_BR"),
    ):
        money = Money(amount, currency)
        lines.append(
            f"  {currency} ({money.currency.minor_units} decimals) {locale}: {money.format(locale)}"
        )
    return lines


def _fx_section(as_of: dt.date) -> list[str]:
    month_start = as_of.replace(day=1)
    table = RateTable(
        [
            ExchangeRate("USD", "EUR", "0.9210", month_start),
            ExchangeRate("USD", "CAD", "1.3650", month_start),
            ExchangeRate("USD", "MXN", "17.2500", month_start),
        ],
        pivot="USD",
    )
    lines = ["", f"== FX: caller-supplied rates, latest on or before {as_of} =="]
    for source, target in (("EUR", "USD"), ("CAD", "MXN")):
        conversion = table.convert(Money("25000.00", source), target, on=as_of)
        route = " x ".join(
            f"{r.base}/{r.quote} {r.rate}{' (inverted)' if inv else ''}"
            for r, inv in zip(conversion.path, conversion.inverted, strict=True)
        )
        lines.append(f"  {conversion.source} -> {conversion.amount} via {route}")
    booked = ExchangeRate("EUR", "USD", "1.0850", month_start)
    settled = ExchangeRate("EUR", "USD", "1.0720", as_of)
    fx = realized_fx_difference(Money("48000.00", "EUR"), booked, settled)
    kind = "gain" if fx.is_gain else "loss"
    lines.append(
        f"  EUR invoice {fx.amount} booked at {booked.rate} ({fx.booked_value}), "
        f"settled at {settled.rate} ({fx.settled_value}): realised {kind} {fx.difference}"
    )
    return lines


def _terms_section(as_of: dt.date) -> list[str]:
    lines = ["", "== Payment terms, as ERP systems export them =="]
    invoice_date = as_of.replace(day=1)
    amount = Money("10000.00", "USD")
    for text in ("NET30", "2% 10 Net 30", "Net 30 EOM", "15th prox cutoff 25", "Due upon receipt"):
        terms = parse_terms(text)
        line = f"  {text!r:24} -> {str(terms)!r:36} due {terms.due_date(invoice_date)}"
        deadline = terms.discount_deadline(invoice_date)
        if deadline is not None:
            discount = terms.discount_for(amount, invoice_date, deadline)
            line += f", {discount} off {amount} if paid by {deadline}"
        lines.append(line)
    return lines


def _portfolio_section(book: Portfolio, seed: int) -> list[str]:
    as_of = book.as_of
    lines = [
        "",
        f"== Sample portfolio (seed {seed}): {len(book.customers)} customers, "
        f"{len(book.invoices)} invoices over 18 months ==",
    ]
    by_currency: dict[str, list[Invoice]] = {}
    for invoice in book.invoices:
        if invoice.is_open:
            by_currency.setdefault(invoice.currency.code, []).append(invoice)
    for code in sorted(by_currency):
        items = by_currency[code]
        total = Money.total((i.open_amount for i in items), code)
        overdue = Money.total((i.open_amount for i in items if i.is_overdue(as_of)), code)
        share = overdue.amount / total.amount * 100 if total.amount else Decimal(0)
        lines.append(
            f"  {code}: {len(items):4} open invoices, {total.format('en_US'):>18} open, "
            f"{share:5.1f}% past due"
        )
    open_disputes = [d for d in book.disputes if d.is_open(as_of)]
    lines.append(
        f"  {len(open_disputes)} open disputes, {len(book.promises)} promises to pay, "
        f"{len(book.credit_memos)} open credit memos, {len(book.payments)} payments received today"
    )
    return lines


def _aging_section(book: Portfolio) -> list[str]:
    as_of = book.as_of
    report = age(book.open_items(), as_of, disputes=book.disputes)
    lines = ["", f"== Aging by due date as of {as_of} (credits apart, disputes shown) =="]
    header = f"  {'':4}" + "".join(f"{label:>16}" for label in report.labels)
    lines.append(header + f"{'credits':>14}{'disputed':>14}{'total':>16}")
    for currency in report.currencies:
        totals = report.bucket_totals(currency)
        cells = "".join(f"{totals[label].amount:>16,}" for label in report.labels)
        lines.append(
            f"  {currency.code:4}{cells}{report.credits(currency).amount:>14,}"
            f"{report.disputed(currency).amount:>14,}{report.total(currency).amount:>16,}"
        )

    usd = Currency("USD")
    window_start = as_of - dt.timedelta(days=89)
    sales = Money.total(
        (i.amount for i in book.invoices if i.currency is usd and i.issue_date >= window_start),
        usd,
    )
    receivables = report.total(usd)
    current = report.bucket_totals(usd)["Current"]
    lines.append("")
    lines.append(f"  USD metrics over the 90 days to {as_of} (credit sales {sales}):")
    lines.append(
        f"    DSO {dso(receivables, sales, 90):.1f} days, best possible DSO "
        f"{best_possible_dso(current, sales, 90):.1f}, average days delinquent "
        f"{average_days_delinquent(receivables, current, sales, 90):.1f}"
    )
    periods = []
    month_end = as_of
    for _ in range(6):
        month_start = month_end.replace(day=1)
        month_sales = Money.total(
            (
                i.amount
                for i in book.invoices
                if i.currency is usd and month_start <= i.issue_date <= month_end
            ),
            usd,
        )
        periods.append((month_sales, (month_end - month_start).days + 1))
        month_end = month_start - dt.timedelta(days=1)
    lines.append(
        f"    count-back DSO {countback_dso(receivables, periods):.1f} days, "
        f"{percent_current(current, receivables):.1f}% current"
    )
    beginning_day = as_of.replace(day=1) - dt.timedelta(days=1)
    beginning = _reconstructed_receivables(book.invoices, usd, beginning_day)
    month_sales = periods[0][0]
    cei = collection_effectiveness_index(beginning, month_sales, receivables, current)
    lines.append(
        f"    CEI for the month to date {cei:.1f}% (beginning receivables {beginning}, "
        "reconstructed from the invoice history)"
    )

    past_due = past_due_report(report, top=5)
    section = past_due.currency(usd)
    lines.append("")
    lines.append(
        f"== Past-due report, USD: {section.past_due} past due "
        f"({section.past_due_share * 100:.1f}% of {section.total}), "
        f"{section.accounts_past_due} accounts =="
    )
    names = {c.id: c.name for c in book.customers}
    for account in section.top_accounts:
        name = names.get(account.customer_id or "", "?")
        lines.append(
            f"  {account.rank}. {account.customer_id} {name:32}"
            f" {account.past_due.amount:>14,} past due, oldest {account.oldest_bucket}, "
            f"{account.share * 100:.1f}% of past due"
        )
    for reason in section.reasons:
        lines.append(f"  ! {reason}")
    return lines


DEMO_POLICY: dict[str, object] = {
    "name": "standard",
    "levels": [
        {"number": 1, "days_overdue": 1, "action": "reminder", "template": "friendly-reminder"},
        {
            "number": 2,
            "days_overdue": 30,
            "action": "final_notice",
            "template": "final-notice",
            "fee": {"fixed": ["15.00 USD", "15.00 EUR", "12.00 GBP", "20.00 CAD"]},
        },
        {
            "number": 3,
            "days_overdue": 60,
            "action": "demand_letter",
            "template": "demand",
            "charge_interest": True,
            "minimum_overdue": ["100.00 USD", "100.00 EUR"],
        },
        {"number": 4, "days_overdue": 90, "action": "agency_referral", "template": "agency"},
    ],
    "grace_days": 5,
    "interval_days": 14,
    "annual_interest_rate": "0.08",
}


def _dunning_section(book: Portfolio) -> list[str]:
    as_of = book.as_of
    policy = DunningPolicy.from_dict(DEMO_POLICY)
    # A history as a collector would have it: last month's run, then this one.
    first = run_dunning(
        policy,
        book.open_items(),
        as_of=as_of - dt.timedelta(days=21),
        disputes=book.disputes,
        promises=book.promises,
        customers=book.customers,
    )
    run = run_dunning(
        policy,
        book.open_items(),
        as_of=as_of,
        history=first.records(),
        disputes=book.disputes,
        promises=book.promises,
        customers=book.customers,
    )
    lines = [
        "",
        f"== Dunning run as of {as_of} (policy '{policy.name}', "
        f"{len(policy.levels)} levels): {len(run.notices)} notices, "
        f"{len(run.skipped)} accounts skipped ==",
    ]
    by_level: dict[int, int] = {}
    for notice in run.notices:
        by_level[notice.level.number] = by_level.get(notice.level.number, 0) + 1
    lines.append(
        "  notices by level: "
        + ", ".join(
            f"{policy.level(n).action.value} {count}" for n, count in sorted(by_level.items())
        )
    )
    for notice in sorted(run.notices, key=lambda n: (-n.level.number, n.customer_id))[:4]:
        lines.append(
            f"  {notice.customer_id} {notice.currency.code} level {notice.level.number} "
            f"({notice.level.action.value}): {len(notice.items)} items, overdue "
            f"{notice.overdue}, fees {notice.fees}, interest {notice.interest}, "
            f"total due {notice.total_due}"
        )
        for reason in notice.reasons:
            lines.append(f"      [{reason.code}] {reason.message}")
    codes: dict[str, int] = {}
    for account in run.skipped:
        for code in account.codes:
            codes[code] = codes.get(code, 0) + 1
    lines.append(
        "  skipped: " + ", ".join(f"{code} {count}" for code, count in sorted(codes.items()))
    )
    for code in ("dunning.disputed", "dunning.promise_pending", "dunning.too_soon"):
        example = next((a for a in run.skipped if code in a.codes), None)
        if example is not None:
            lines.append(f"    e.g. {example.customer_id}: {example.reasons[0].message}")
    worklist = collection_worklist(
        book.open_items(),
        as_of=as_of,
        customers=book.customers,
        disputes=book.disputes,
        promises=book.promises,
        rates=_usd_rates(as_of),
        top=3,
    )
    lines.append("  collector worklist, top 3 (amounts compared in USD):")
    for entry in worklist:
        parts = ", ".join(f"{name} {value:.1f}" for name, value in entry.breakdown)
        lines.append(
            f"    {entry.rank}. {entry.customer_id} {entry.currency.code} score "
            f"{entry.score:.1f} ({parts}); {entry.past_due} past due"
        )
    return lines


def _letter_section(book: Portfolio) -> list[str]:
    # A reminder to a EUR account, written as to a German customer: the shipped German templates
    # under the demo policy's own template keys.
    policy = DunningPolicy.from_dict({**DEMO_POLICY, "first_run": "by_age"})
    german = shipped_templates("de")
    templates = {
        "friendly-reminder": german["reminder"],
        "final-notice": german["final_notice"],
        "demand": german["demand_letter"],
        "agency": german["demand_letter"],
    }
    customers = {c.id: c for c in book.customers if c.currency.code == "EUR"}
    items = [i for i in book.open_items() if i.customer_id in customers]
    run = run_dunning(policy, items, as_of=book.as_of, customers=customers)
    reminders = [n for n in run.notices if n.level.action is Action.REMINDER]
    if not reminders:
        return []
    notice = min(reminders, key=lambda n: (len(n.items), n.customer_id))
    try:
        letter = render_letter(
            notice,
            creditor=Creditor("Beispiel GmbH", ["Hauptstr. 1", "10115 Berlin"]),
            customer=customers[notice.customer_id],
            locale="de_DE",
            templates=templates,
        )
    except LetterError as error:  # Jinja2 (the letters extra) not installed
        return ["", f"== Dunning letter: not rendered ({error}) =="]
    lines = ["", f"== Dunning letter to {notice.customer_id} (German reminder) =="]
    return lines + [f"  {line}".rstrip() for line in letter.text.splitlines()]


def _cash_section(book: Portfolio) -> list[str]:
    as_of = book.as_of
    open_items = [i for i in book.open_items() if i.kind is not DocumentKind.PAYMENT]
    result = apply_cash(book.payments, open_items, customers=book.customers)
    counts = result.counts()
    lines = [
        "",
        f"== Cash application: {len(book.payments)} payments received {as_of} against "
        f"{len(open_items)} open items ==",
        "  " + ", ".join(f"{status} {count}" for status, count in counts.items()),
    ]
    shown: set[MatchStatus] = set()
    for payment, outcome in zip(book.payments, result.outcomes, strict=True):
        if outcome.status in shown and len(shown) < len(MatchStatus):
            continue
        shown.add(outcome.status)
        refs = ", ".join(payment.references) or "no references"
        payer = payment.customer_id or f"unknown payer {payment.payer_name!r}"
        lines.append(
            f"  {payment.id} {payment.amount} from {payer} ({refs}): {outcome.status.value}, "
            f"confidence {outcome.confidence}"
        )
        for application in outcome.applications:
            extra = ""
            if application.discount:
                extra += f", discount {application.discount}"
            if application.write_off is not None:
                extra += f", written off {application.write_off}"
            if application.deduction is not None:
                extra += f", {application.deduction} left open ({application.deduction_reason})"
            lines.append(f"      -> {application.invoice_id}: {application.amount}{extra}")
        if outcome.unapplied:
            lines.append(f"      unapplied {outcome.unapplied}")
        for reason in outcome.reasons:
            lines.append(f"      [{reason.code}] {reason.message}")
        if len(shown) == len(MatchStatus):
            break
    return lines


def _bank_statement_section(book: Portfolio) -> list[str]:
    data = sample_camt053(book)
    statements = read_statements(data)
    lines = [
        "",
        f"== The bank's camt.053 for {book.as_of}: {len(data):,} bytes, "
        f"{len(statements)} statements ==",
    ]
    open_items = [i for i in book.open_items() if i.kind is not DocumentKind.PAYMENT]
    for statement in statements:
        payments = statement.payments()
        result = apply_cash(
            payments,
            open_items,
            remittances=statement.remittances(),
            customers=book.customers,
        )
        counts = ", ".join(f"{status} {count}" for status, count in result.counts().items())
        skipped = "; ".join(
            f"entry {s.entry.index + 1} {s.entry.signed_amount} [{', '.join(s.codes)}]"
            for s in statement.skipped()
        )
        lines.append(
            f"  {statement.statement_id} account {statement.account.number}: opening "
            f"{statement.opening_balance}, closing {statement.closing_balance}, "
            f"{len(payments)} payments ({counts}); skipped: {skipped or 'none'}"
        )
    return lines


SAMPLE_SCORECARD: dict[str, object] = {
    "name": "sample commercial scorecard",
    "base_points": "400",
    "scaling": {"points": "600", "odds": "50", "pdo": "20"},
    "characteristics": [
        {
            "name": "payment_index",
            "edges": ["50", "70", "80"],
            "points": ["0", "35", "65", "90"],
            "missing_points": "25",
        },
        {"name": "open_invoices", "edges": ["5", "20"], "points": ["40", "30", "15"]},
        {
            "name": "segment",
            "categories": {"enterprise": "60", "mid-market": "45", "small-business": "25"},
            "missing_points": "20",
        },
    ],
    "risk_classes": [
        {"label": "A", "min_points": "600"},
        {"label": "B", "min_points": "560"},
        {"label": "C", "min_points": "520"},
    ],
    "floor_class": "D",
    "reason_count": 2,
}


def _credit_section(book: Portfolio) -> list[str]:
    as_of = book.as_of
    card = Scorecard.from_dict(SAMPLE_SCORECARD)
    paid: dict[str, list[Invoice]] = {}
    open_count: dict[str, int] = {}
    exposure: dict[str, Money] = {}
    past_due: dict[str, Money] = {}
    oldest: dict[str, int] = {}
    for invoice in book.invoices:
        if invoice.paid_on is not None:
            paid.setdefault(invoice.customer_id, []).append(invoice)
        elif invoice.is_open:
            cid = invoice.customer_id
            open_count[cid] = open_count.get(cid, 0) + 1
            exposure[cid] = exposure.get(cid, Money.zero(invoice.currency)) + invoice.open_amount
            late = invoice.days_past_due(as_of)
            if late > 0:
                past_due[cid] = (
                    past_due.get(cid, Money.zero(invoice.currency)) + invoice.open_amount
                )
                oldest[cid] = max(oldest.get(cid, 0), late)
    lines = ["", "== Credit: scores, limits and order decisions for a few sample customers =="]
    for customer in book.customers[:5]:
        cid = customer.id
        index = payment_index(paid[cid]) if cid in paid else None
        result = card.score(
            {
                "payment_index": index,
                "open_invoices": open_count.get(cid, 0),
                "segment": customer.segment,
            }
        )
        monthly = (
            Money.total(
                (
                    i.amount
                    for i in book.invoices
                    if i.customer_id == cid and i.issue_date > as_of - dt.timedelta(days=90)
                ),
                customer.currency,
            )
            / 3
        )
        policy = CreditLimitPolicy(risk_class_caps=[], increment="1000")
        rec = recommend_credit_limit(
            customer.currency,
            monthly_purchases=monthly.round(),
            terms_days=customer.terms.net_days,
            expected_days_beyond_terms=10,
            policy=policy,
        )
        order = (monthly / 2).round()
        decision = check_order(
            order,
            customer=customer,
            open_receivables=exposure.get(cid, Money.zero(customer.currency)),
            past_due=past_due.get(cid),
            oldest_days_past_due=oldest.get(cid, 0),
        )
        adverse = ", ".join(str(r.figure("characteristic")) for r in result.reasons) or "none"
        index_text = f"{index:.0f}" if index is not None else "n/a"
        lines.append(
            f"  {cid} {customer.name} ({customer.currency.code}, risk {customer.risk_class}): "
            f"payment index {index_text}, score {result.total:.0f} class {result.risk_class} "
            f"(adverse: {adverse})"
        )
        lines.append(
            f"      recommended limit {rec.limit} (sales-based need; current "
            f"{customer.credit_limit}); order of {order}: {decision.action.value} - "
            + "; ".join(r.message for r in decision.reasons)
        )
    return lines


def _allowance_section(book: Portfolio) -> list[str]:
    as_of = book.as_of
    usd = Currency("USD")
    rates = ["0.005", "0.02", "0.06", "0.15", "0.30", "0.60"]
    matrix = ProvisionMatrix(dict(zip(Buckets.standard().labels, rates, strict=True)))
    blocked = [c.id for c in book.customers if c.dunning_block and c.currency is usd]
    specific = [
        SpecificReserve(reason="customer in administration", customer_id=cid, rate="0.75")
        for cid in blocked[:1]
    ]
    estimate = estimate_allowance(book.open_items(), as_of, matrix, currency=usd, specific=specific)
    lines = ["", f"== Allowance for doubtful accounts, USD, as of {as_of} =="]
    for line in estimate.pooled.lines:
        lines.append(
            f"  {line.bucket:>9} {line.balance.amount:>16,} at {line.rate * 100:5.1f}% "
            f"= {line.allowance.amount:>12,}"
        )
    for reserve in estimate.specific:
        who = reserve.reserve.customer_id or reserve.reserve.invoice_id
        lines.append(
            f"  specific  {who}: {reserve.balance} at {reserve.reserve.rate}: "
            f"{reserve.allowance} ({reserve.reserve.reason})"
        )
    lines.append(f"  total allowance {estimate.total}")
    accounts = AccountMap("1200 Receivables", "1290 Allowance", "6100 Bad debt", "1000 Cash")
    booked = (estimate.total * Decimal("0.9")).round()
    entry = allowance_true_up(booked, estimate.total, accounts=accounts, on=as_of)
    if entry is not None:
        lines.append(f"  true-up from the booked {booked}:")
        lines.extend("    " + row for row in entry.format().splitlines())
    policy = WriteOffPolicy(
        min_days_past_due=180,
        small_balance=[Money("50.00", "USD")],
        approval_levels=[
            ApprovalLevel("collector", Money("1000", "USD")),
            ApprovalLevel("credit manager", Money("25000", "USD")),
            ApprovalLevel("controller"),
        ],
    )
    recommendations = recommend_write_offs(
        [i for i in book.open_items() if i.open_balance.currency is usd],
        as_of=as_of,
        policy=policy,
        disputes=book.disputes,
    )
    lines.append(f"  write-off recommendations (USD): {len(recommendations)}")
    for rec in recommendations[:4]:
        lines.append(
            f"    {rec.customer_id}: {rec.amount} on {len(rec.item_ids)} items, "
            f"approver {rec.approver} - {rec.reasons[0].message}"
        )
    return lines


def _usd_rates(as_of: dt.date) -> RateTable:
    """Illustrative USD rates for the sample currencies (the caller always supplies rates)."""
    quotes = {
        "EUR": "0.9210",
        "GBP": "0.7890",
        "CAD": "1.3650",
        "MXN": "17.2500",
        "BRL": "5.0500",
        "JPY": "151.2000",
        "KWD": "0.3071",
    }
    day = as_of.replace(day=1)
    return RateTable(
        [ExchangeRate("USD", code, rate, day) for code, rate in quotes.items()], pivot="USD"
    )


def _reconstructed_receivables(
    invoices: Sequence[Invoice], currency: Currency, day: dt.date
) -> Money:
    """What was open on ``day``: invoices issued by then and not yet paid then."""
    return Money.total(
        (
            i.amount if i.paid_on is not None else i.open_amount
            for i in invoices
            if i.currency is currency
            and i.issue_date <= day
            and (i.paid_on is None or i.paid_on > day)
        ),
        currency,
    )


@in_context
def render(*, as_of: dt.date, seed: int = 0) -> list[str]:
    """The demo's lines for ``as_of`` and sample ``seed``.

    Examples:
        >>> import datetime as dt
        >>> any("realised" in line for line in render(as_of=dt.date(2026, 3, 31)))
        True
    """
    lines = [f"receivables demo, as of {as_of.isoformat()}"]
    lines += _money_section(as_of)
    lines += _fx_section(as_of)
    lines += _terms_section(as_of)
    # One sample portfolio for every section: building it is the demo's largest cost.
    book = sample_portfolio(seed=seed, customers=200, as_of=as_of)
    lines += _portfolio_section(book, seed)
    lines += _aging_section(book)
    lines += _dunning_section(book)
    lines += _letter_section(book)
    lines += _cash_section(book)
    lines += _bank_statement_section(book)
    lines += _credit_section(book)
    lines += _allowance_section(book)
    return lines
