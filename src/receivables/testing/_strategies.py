"""The strategies behind :mod:`receivables.testing` (import them from there)."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables.documents import (
    CreditMemo,
    Customer,
    Dispute,
    Invoice,
    Payment,
    Portfolio,
    PromiseToPay,
)
from receivables.errors import InvalidRateError
from receivables.fx import ExchangeRate
from receivables.money import Currency, Money, to_decimal
from receivables.terms import DiscountTier, PaymentTerms

_COMMON = ("USD", "EUR", "GBP", "JPY", "CAD", "MXN", "BRL", "CHF", "KWD", "BHD", "CLF", "IQD")


def currencies(codes: Sequence[str] | None = None) -> st.SearchStrategy[Currency]:
    """Currencies: from ``codes`` if given, else every ISO 4217 code, shrinking to common ones.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(currencies(["JPY", "KWD"]))
        ... def check(c):
        ...     assert c.minor_units in (0, 3)
        >>> check()
    """
    if codes is not None:
        return st.sampled_from([Currency(c) for c in codes])
    rest = [c for c in Currency.codes() if c not in _COMMON]
    return st.sampled_from([Currency(c) for c in (*_COMMON, *rest)])


def money(
    currency: str | Currency | st.SearchStrategy[Currency] | None = None,
    *,
    min_value: Decimal | int | str | None = None,
    max_value: Decimal | int | str | None = None,
    rounded: bool = True,
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (a code, a Currency, a strategy of them, or any currency).

    ``min_value`` and ``max_value`` bound the amount (default -10^12 .. 10^12 in whole units).
    With ``rounded`` (the default) amounts are whole minor units, as a ledger holds them; with
    ``rounded=False`` they carry up to four extra decimals, as interest or a converted amount may.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(money("JPY", min_value=1, max_value=10))
        ... def check(m):
        ...     assert m.amount == m.amount.to_integral_value() and 1 <= m.amount <= 10
        >>> check()
    """
    if currency is None:
        currency_strategy: st.SearchStrategy[Currency] = currencies()
    elif isinstance(currency, st.SearchStrategy):
        currency_strategy = currency
    else:
        currency_strategy = st.just(Currency(currency))
    low = to_decimal(min_value) if min_value is not None else Decimal(-(10**12))
    high = to_decimal(max_value) if max_value is not None else Decimal(10**12)

    @st.composite
    def build(draw: st.DrawFn) -> Money:
        cur = draw(currency_strategy)
        places = cur.minor_units + (0 if rounded else 4)
        scale = 10**places
        # The library's context, not the caller's: strategies must draw the same amounts
        # whatever decimal context a test sets.
        lowest = int(CONTEXT.multiply(low, scale).to_integral_value(ROUND_CEILING, CONTEXT))
        highest = int(CONTEXT.multiply(high, scale).to_integral_value(ROUND_FLOOR, CONTEXT))
        units = draw(st.integers(min_value=lowest, max_value=highest))
        return Money(CONTEXT.scaleb(Decimal(units), -places), cur)

    return build()


def exchange_rates(
    base: str | Currency | None = None,
    quote: str | Currency | None = None,
    *,
    min_rate: Decimal | str = "0.0001",
    max_rate: Decimal | str = "10000",
    dates: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ExchangeRate]:
    """Exchange rates between two different currencies with a positive rate of up to 6 decimals.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(exchange_rates("EUR", "USD"))
        ... def check(r):
        ...     assert r.rate > 0 and r.base.code == "EUR"
        >>> check()
    """
    date_strategy = (
        dates if dates is not None else st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    )
    low = to_decimal(min_rate, what="min_rate")
    high = to_decimal(max_rate, what="max_rate")
    if not 0 < low <= high:
        raise InvalidRateError(
            f"exchange_rates needs 0 < min_rate <= max_rate, got {shown(low)} and {shown(high)}"
        )

    @st.composite
    def build(draw: st.DrawFn) -> ExchangeRate:
        first = Currency(base) if base is not None else draw(currencies())
        second = (
            Currency(quote)
            if quote is not None
            else draw(currencies().filter(lambda c: c is not first))
        )
        # st.decimals computes in the current context: draw in the library's, as above.
        with decimal.localcontext(CONTEXT):
            rate = draw(st.decimals(min_value=low, max_value=high, places=6))
        if rate <= 0:
            rate = low
        return ExchangeRate(first, second, rate, draw(date_strategy))

    return build()


_DEFAULT_DATES: Final = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
_PORTFOLIO_DATES: Final = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


def payment_terms(*, instalments: bool = True) -> st.SearchStrategy[PaymentTerms]:
    """Valid payment terms of every kind: net, due on receipt, EOM, day of month, discounts,
    instalments (switch those off with ``instalments=False``).

    Examples:
        >>> from hypothesis import given, settings
        >>> from receivables import parse_terms
        >>> @settings(max_examples=30)
        ... @given(payment_terms())
        ... def check(t):
        ...     assert parse_terms(str(t)) == t
        >>> check()
    """

    @st.composite
    def tiers(draw: st.DrawFn, net_days: int) -> tuple[DiscountTier, ...]:
        count = draw(st.integers(0, min(3, net_days)))
        days = sorted(draw(st.sets(st.integers(0, net_days), min_size=count, max_size=count)))
        # Rates from 0.1% to 30% in steps of 0.1%, falling as the days grow.
        tenths = sorted(
            draw(st.sets(st.integers(1, 300), min_size=count, max_size=count)), reverse=True
        )
        return tuple(DiscountTier(Decimal(t) / 1000, d) for t, d in zip(tenths, days, strict=True))

    @st.composite
    def net(draw: st.DrawFn) -> PaymentTerms:
        days = draw(st.integers(0, 180))
        return PaymentTerms.net(days, discounts=_ordered(draw(tiers(days))))

    @st.composite
    def end_of_month(draw: st.DrawFn) -> PaymentTerms:
        days = draw(st.integers(0, 120))
        return PaymentTerms.end_of_month(days, discounts=_ordered(draw(tiers(days))))

    @st.composite
    def day_of_month(draw: st.DrawFn) -> PaymentTerms:
        day = draw(st.integers(1, 31))
        cutoff = draw(st.none() | st.integers(1, 31))
        return PaymentTerms.day_of_month(day, cutoff_day=cutoff)

    @st.composite
    def plan(draw: st.DrawFn) -> PaymentTerms:
        count = draw(st.integers(1, 6))
        days = sorted(draw(st.sets(st.integers(0, 365), min_size=count, max_size=count)))
        cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=count - 1, max_size=count - 1)))
        bounds = [0, *cuts, 100]
        shares = [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]
        return PaymentTerms.instalment_plan(list(zip(shares, days, strict=True)))

    kinds = [net(), end_of_month(), day_of_month()]
    if instalments:
        kinds.append(plan())
    return st.one_of(kinds)


def _ordered(tiers: tuple[DiscountTier, ...]) -> tuple[DiscountTier, ...]:
    # Rates must fall strictly as days grow; drop any tier that would break that.
    kept: list[DiscountTier] = []
    for tier in sorted(tiers, key=lambda t: t.days):
        if not kept or (tier.days > kept[-1].days and tier.rate < kept[-1].rate):
            kept.append(tier)
    return tuple(kept)


_IDS: Final = st.builds(
    "{}-{}".format, st.sampled_from(["C", "INV", "PO", "X"]), st.integers(1, 99_999)
)


def customers(
    currency: str | Currency | st.SearchStrategy[Currency] | None = None,
    *,
    ids: st.SearchStrategy[str] = _IDS,
) -> st.SearchStrategy[Customer]:
    """Customers with valid terms, an optional credit limit in their currency and labels.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(customers("EUR"))
        ... def check(c):
        ...     assert c.credit_limit is None or c.credit_limit.currency == c.currency
        >>> check()
    """
    currency_strategy = _currency_strategy(currency)

    @st.composite
    def build(draw: st.DrawFn) -> Customer:
        cur = draw(currency_strategy)
        labels = st.none() | st.sampled_from(["A", "B", "C", "D"])
        return Customer(
            draw(ids),
            draw(st.sampled_from(["Acme Corp", "Globex", "Initech", "Umbrella", "Stark"])),
            cur,
            terms=draw(payment_terms()),
            credit_limit=draw(st.none() | money(cur, min_value=0, max_value=10**9)),
            segment=draw(st.none() | st.sampled_from(["enterprise", "mid-market", "smb"])),
            region=draw(st.none() | st.sampled_from(["US", "CA", "MX", "BR", "EU"])),
            risk_class=draw(labels),
            collector=draw(st.none() | st.sampled_from(["ana", "ben"])),
            dunning_block=draw(st.booleans()),
            tags=draw(st.lists(st.sampled_from(["key", "gov", "new"]), max_size=2, unique=True)),
        )

    return build()


def _currency_strategy(
    currency: str | Currency | st.SearchStrategy[Currency] | None,
) -> st.SearchStrategy[Currency]:
    if currency is None:
        return currencies()
    if isinstance(currency, st.SearchStrategy):
        return currency
    return st.just(Currency(currency))


def invoices(
    currency: str | Currency | st.SearchStrategy[Currency] | None = None,
    *,
    customer_ids: st.SearchStrategy[str] = _IDS,
    ids: st.SearchStrategy[str] = _IDS,
    issue_dates: st.SearchStrategy[dt.date] = _DEFAULT_DATES,
    max_amount: Decimal | int | str = 10**7,
    open_only: bool = False,
) -> st.SearchStrategy[Invoice]:
    """Invoices: a positive amount, an open amount between zero and it, due on or after issue.

    Half take their due date from generated terms, half get one directly. With ``open_only`` the
    open amount is never zero.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(invoices("USD", open_only=True))
        ... def check(i):
        ...     assert i.due_date >= i.issue_date and i.open_amount.is_positive
        >>> check()
    """
    currency_strategy = _currency_strategy(currency)

    @st.composite
    def build(draw: st.DrawFn) -> Invoice:
        cur = draw(currency_strategy)
        lowest = cur.quantum * 2 if open_only else cur.quantum
        amount = draw(money(cur, min_value=lowest, max_value=max_amount))
        low = cur.quantum if open_only else Decimal(0)
        open_amount = draw(money(cur, min_value=low, max_value=amount.amount))
        issue = draw(issue_dates)
        if draw(st.booleans()):
            terms: PaymentTerms | None = draw(payment_terms())
            due = None
        else:
            terms = None
            due = issue + dt.timedelta(days=draw(st.integers(0, 120)))
        return Invoice(
            draw(ids),
            draw(customer_ids),
            issue,
            amount,
            due_date=due,
            terms=terms,
            open_amount=open_amount,
            references=draw(st.lists(_IDS, max_size=2)),
        )

    return build()


def credit_memos(
    currency: str | Currency | st.SearchStrategy[Currency] | None = None,
    *,
    customer_ids: st.SearchStrategy[str] = _IDS,
    issue_dates: st.SearchStrategy[dt.date] = _DEFAULT_DATES,
) -> st.SearchStrategy[CreditMemo]:
    """Credit memos with a positive amount and an open part of it.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(credit_memos("GBP"))
        ... def check(c):
        ...     assert not c.open_balance.is_positive
        >>> check()
    """
    currency_strategy = _currency_strategy(currency)

    @st.composite
    def build(draw: st.DrawFn) -> CreditMemo:
        cur = draw(currency_strategy)
        amount = draw(money(cur, min_value=cur.quantum, max_value=10**6))
        return CreditMemo(
            draw(_IDS),
            draw(customer_ids),
            draw(issue_dates),
            amount,
            open_amount=draw(money(cur, min_value=0, max_value=amount.amount)),
        )

    return build()


def payments(
    currency: str | Currency | st.SearchStrategy[Currency] | None = None,
    *,
    customer_ids: st.SearchStrategy[str | None] | None = None,
    received_dates: st.SearchStrategy[dt.date] = _DEFAULT_DATES,
    max_amount: Decimal | int | str = 10**7,
) -> st.SearchStrategy[Payment]:
    """Payments: a positive amount, known or unknown payer, references and a payer name.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(payments("USD"))
        ... def check(p):
        ...     assert p.amount.is_positive and p.unapplied_amount <= p.amount
        >>> check()
    """
    currency_strategy = _currency_strategy(currency)
    customer_strategy = customer_ids if customer_ids is not None else st.none() | _IDS

    @st.composite
    def build(draw: st.DrawFn) -> Payment:
        cur = draw(currency_strategy)
        return Payment(
            draw(_IDS),
            draw(received_dates),
            draw(money(cur, min_value=cur.quantum, max_value=max_amount)),
            customer_id=draw(customer_strategy),
            references=draw(st.lists(_IDS, max_size=3)),
            payer_name=draw(st.none() | st.sampled_from(["ACME CORP", "Globex Ltd"])),
        )

    return build()


def portfolios(
    *,
    max_customers: int = 5,
    max_invoices: int = 15,
    as_of: st.SearchStrategy[dt.date] = _PORTFOLIO_DATES,
) -> st.SearchStrategy[Portfolio]:
    """Small consistent portfolios: invoices, credits, payments, disputes and promises that
    belong to the portfolio's customers, in their currencies, dated on or before ``as_of``.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(portfolios())
        ... def check(book):
        ...     ids = {c.id for c in book.customers}
        ...     assert all(i.customer_id in ids for i in book.invoices)
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Portfolio:
        day = draw(as_of)
        past = st.dates(day - dt.timedelta(days=540), day)
        people = draw(
            st.lists(
                customers(currencies(["USD", "EUR", "JPY", "KWD"])),
                min_size=1,
                max_size=max_customers,
                unique_by=lambda c: c.id,
            )
        )
        by_id = {c.id: c for c in people}
        # Documents are drawn in loops with ids made from their position (unique by
        # construction), which hypothesis generates and shrinks much faster than flatmaps.
        customer_ids = sorted(by_id)
        drafted: list[Invoice] = []
        for number in range(draw(st.integers(0, max_invoices))):
            cid = draw(st.sampled_from(customer_ids))
            drafted.append(
                draw(
                    invoices(
                        by_id[cid].currency,
                        customer_ids=st.just(cid),
                        ids=st.just(f"INV-{number + 1}"),
                        issue_dates=past,
                    )
                )
            )
        credits: list[CreditMemo] = []
        for number in range(draw(st.integers(0, 3))):
            cid = draw(st.sampled_from(customer_ids))
            memo = draw(
                credit_memos(by_id[cid].currency, customer_ids=st.just(cid), issue_dates=past)
            )
            credits.append(attrs.evolve(memo, id=f"CM-{number + 1}"))
        cash: list[Payment] = []
        for number in range(draw(st.integers(0, 3))):
            cid = draw(st.sampled_from(customer_ids))
            payment = draw(
                payments(
                    by_id[cid].currency,
                    customer_ids=st.just(cid) | st.none(),
                    received_dates=past,
                )
            )
            cash.append(attrs.evolve(payment, id=f"PAY-{number + 1}"))
        disputes: list[Dispute] = []
        for invoice in drafted:
            if invoice.is_open and draw(st.integers(0, 9)) == 0:
                disputed = draw(
                    money(
                        invoice.currency,
                        min_value=invoice.currency.quantum,
                        max_value=invoice.open_amount.amount,
                    )
                )
                opened = draw(st.dates(invoice.issue_date, max(invoice.issue_date, day)))
                disputes.append(Dispute(invoice.id, disputed, "pricing", opened))
        promises: list[PromiseToPay] = []
        for customer in people:
            owed = [i for i in drafted if i.customer_id == customer.id and i.is_open]
            promised = draw(st.booleans())
            if owed and promised:
                total = Money.total((i.open_amount for i in owed), customer.currency)
                made = draw(past)
                promises.append(
                    PromiseToPay(
                        customer.id,
                        total,
                        made + dt.timedelta(days=draw(st.integers(0, 60))),
                        made,
                        invoice_ids=[i.id for i in owed],
                    )
                )
        return Portfolio(
            as_of=day,
            customers=people,
            invoices=drafted,
            credit_memos=credits,
            payments=cash,
            disputes=disputes,
            promises=promises,
        )

    return build()


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The default strategy for each public value type, as ``st.from_type`` resolves it: every
    input type (each class with ``from_dict``: documents, policies, rates, histories, bank
    statements, the adapters' ``ColumnMap``, the letters' ``Creditor`` and ``LetterTemplate``),
    plus ``Currency``.

    Examples:
        >>> from receivables.dunning import DunningPolicy
        >>> found = type_strategies()
        >>> Money in found and DunningPolicy in found and len(found) > 50
        True
    """
    # The edge (adapters, letters) is imported only when asked for.
    from receivables.adapters import MAPS, ColumnMap
    from receivables.letters import Creditor, LetterTemplate
    from receivables.testing._exports import column_maps  # they import this module
    from receivables.testing._inputs import input_strategies
    from receivables.testing._letters import creditors, letter_templates

    return {
        # The ready maps, and generated ones.
        ColumnMap: st.sampled_from(sorted(MAPS.values(), key=lambda mapping: mapping.name))
        | column_maps(),
        Creditor: creditors(),
        LetterTemplate: letter_templates(),
        Currency: currencies(),
        Money: money(),
        ExchangeRate: exchange_rates(),
        PaymentTerms: payment_terms(),
        Customer: customers(),
        Invoice: invoices(),
        CreditMemo: credit_memos(),
        Payment: payments(),
        Portfolio: portfolios(),
        **input_strategies(),
    }


def register_type_strategies() -> None:
    """Register :func:`type_strategies` with hypothesis (the entry point does this for you).

    Examples:
        >>> from hypothesis import given, settings, strategies as st
        >>> register_type_strategies()
        >>> @settings(max_examples=5)
        ... @given(st.from_type(Money))
        ... def check(m):
        ...     assert isinstance(m, Money)
        >>> check()
    """
    for kind, strategy in type_strategies().items():
        st.register_type_strategy(kind, strategy)
