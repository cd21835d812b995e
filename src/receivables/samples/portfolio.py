"""Deterministic sample portfolios for the demo, the docs, the benchmarks and your own tests.

:func:`sample_portfolio` builds a realistic receivables ledger from a seed: customers in several
currencies and regions of the Americas and Europe, invoices over the months before ``as_of`` paid
late or not by risk class, partial payments, credit memos, disputes, promises to pay and the day's
incoming payments with remittance references of varying quality. Same seed, same portfolio.

It scales: at the defaults each customer holds about eight open items, so ``customers=125_000``
gives about a million open items in a few seconds (``include_paid=False`` skips building the
fully paid history, which the aging benchmark does not need).

Examples:
    >>> import datetime as dt
    >>> book = sample_portfolio(seed=7, customers=20, as_of=dt.date(2026, 6, 30))
    >>> len(book.customers), book.as_of
    (20, datetime.date(2026, 6, 30))
    >>> book == sample_portfolio(seed=7, customers=20, as_of=dt.date(2026, 6, 30))
    True
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
import math
import random
from decimal import Decimal
from typing import Final, TypeVar

import attrs

from receivables._decimal import in_context
from receivables._gc import collector_paused
from receivables._text import shown
from receivables._validate import require_date
from receivables.convert import DictForm
from receivables.documents import (
    CreditMemo,
    Customer,
    Dispute,
    Invoice,
    Payment,
    Portfolio,
    PromiseToPay,
    trusted_invoice,
)
from receivables.errors import InvalidDateError, ValidationError
from receivables.money import Currency, Money, trusted_money
from receivables.samples.names import TRADES, WORDS
from receivables.terms import PaymentTerms

__all__ = ["MAX_CUSTOMERS", "RISK_PROFILES", "RiskProfile", "sample_portfolio"]

MAX_CUSTOMERS: Final = 1_000_000
"""The most customers :func:`sample_portfolio` builds (about eight million open items, several
GB); more is refused with :class:`~receivables.errors.ValidationError` rather than run for hours."""

T = TypeVar("T")

_NV_MAGICCONST: Final = 4 * math.exp(-0.5) / math.sqrt(2.0)  # random.NV_MAGICCONST


@attrs.frozen
class RiskProfile(DictForm):
    """How a risk class pays in the samples: share paying on time, typical lateness, defaults.

    ``late_days`` is the (low, high) range of days past due when a payment is late;
    ``never_pays`` the share of invoices that stay open; ``partial`` the share paid only in part.

    Examples:
        >>> RISK_PROFILES["A"].on_time
        Decimal('0.85')
    """

    on_time: Decimal
    late_days: tuple[int, int]
    never_pays: Decimal
    partial: Decimal


RISK_PROFILES: Final[dict[str, RiskProfile]] = {
    "A": RiskProfile(Decimal("0.85"), (1, 15), Decimal("0.0005"), Decimal("0.003")),
    "B": RiskProfile(Decimal("0.65"), (3, 30), Decimal("0.002"), Decimal("0.006")),
    "C": RiskProfile(Decimal("0.40"), (5, 60), Decimal("0.008"), Decimal("0.015")),
    "D": RiskProfile(Decimal("0.20"), (10, 120), Decimal("0.03"), Decimal("0.03")),
}
"""The payment behaviour of each sample risk class."""

_MARKETS: Final = (
    # (region, currency, weight, typical invoice in whole units, locale-flavoured name suffix)
    ("US", "USD", 40, 4_000, ("Inc.", "LLC", "Corp.")),
    ("Canada", "CAD", 10, 5_000, ("Ltd.", "Inc.")),
    ("Mexico", "MXN", 10, 60_000, ("S.A. de C.V.",)),
    ("Brazil", "BRL", 10, 15_000, ("Ltda.", "S.A.")),
    ("Eurozone", "EUR", 15, 3_500, ("GmbH", "S.A.S.", "B.V.", "S.p.A.")),
    ("UK", "GBP", 8, 3_000, ("Ltd", "plc")),
    ("Japan", "JPY", 5, 450_000, ("K.K.",)),
    ("Kuwait", "KWD", 2, 1_200, ("W.L.L.",)),
)
_SEGMENTS: Final = (("enterprise", 15), ("mid-market", 35), ("small-business", 50))
_RISK_WEIGHTS: Final = (("A", 45), ("B", 30), ("C", 17), ("D", 8))
_TERMS: Final = (
    (PaymentTerms.net(30), 45),
    (PaymentTerms.net(30, discounts=[(Decimal("0.02"), 10)]), 15),
    (PaymentTerms.net(45), 10),
    (PaymentTerms.net(60), 10),
    (PaymentTerms.end_of_month(30), 10),
    (PaymentTerms.net(15), 10),
)
_DISPUTE_REASONS: Final = ("pricing", "quantity", "quality", "missing_credit", "not_received")
_COLLECTORS: Final = ("ana", "ben", "chloe", "diego", "emma")


def _weighted(rng: random.Random, options: tuple[tuple[T, int], ...]) -> T:
    cumulative = _CUMULATIVE.get(id(options))
    if cumulative is None:
        cumulative = _CUMULATIVE[id(options)] = list(itertools.accumulate(w for _, w in options))
    return options[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])][0]


# Keyed by the id of the module-level option tuples above, which live as long as the module.
_CUMULATIVE: dict[int, list[int]] = {}


def _binomial(rng: random.Random, trials: int, probability: float) -> int:
    """How many of ``trials`` succeed, each with ``probability``: counted by jumping over the
    geometric gaps between successes, so the cost grows with the successes, not the trials."""
    if probability <= 0.0:
        return 0
    if probability >= 1.0:
        return trials
    log_failure = math.log1p(-probability)
    successes = position = 0
    while True:
        position += int(math.log(1.0 - rng.random()) / log_failure) + 1
        if position > trials:
            return successes
        successes += 1


def _percent_of(amount: Money, percent: int) -> Money:
    return (amount * percent / 100).round(decimal.ROUND_DOWN)


@collector_paused
@in_context
def sample_portfolio(
    seed: int = 0,
    customers: int = 200,
    as_of: dt.date = dt.date(2026, 6, 30),
    *,
    months: int = 18,
    include_paid: bool = True,
    payment_habits: bool = False,
) -> Portfolio:
    """Build a deterministic sample receivables portfolio.

    ``customers`` accounts (at most :data:`MAX_CUSTOMERS`) are spread over eight markets (USD, CAD,
    MXN, BRL, EUR, GBP, JPY, KWD), three segments, four risk classes and five collectors. Each
    customer is invoiced about twice a month for ``months`` months up to ``as_of``; each invoice is
    paid on time, late, in part or never according to the customer's :data:`RISK_PROFILES` entry,
    and stays open if it was not paid by ``as_of``. On top: open credit memos, disputes (some
    resolved), promises to pay (some broken) and the payments received on ``as_of`` with references
    that range from the exact invoice number to none at all. With ``include_paid=False`` fully paid
    invoices are left out (the open items are the same).

    With ``payment_habits=True`` each customer also pays its paid history in a rhythm of its own
    (its own share paid on time, drawn within 0.3 of its risk class's, and its own typical days
    late within the class's range, give or take a few days; drawn from a stream seeded by
    ``seed`` alone), as real customers do; the payment forecast's tests and benchmark learn from
    it. The default keeps the class-wide behaviour; the open items are the same either way.

    Examples:
        >>> import datetime as dt
        >>> book = sample_portfolio(seed=1, customers=30, as_of=dt.date(2026, 3, 31))
        >>> {c.currency.code for c in book.customers} >= {"USD", "EUR"}
        True
        >>> all(i.issue_date <= book.as_of for i in book.invoices)
        True
        >>> open_only = sample_portfolio(seed=1, customers=30, as_of=dt.date(2026, 3, 31),
        ...                              include_paid=False)
        >>> open_only.open_items() == book.open_items()
        True
        >>> sample_portfolio(customers=MAX_CUSTOMERS + 1)
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: customers must be an int from 0 to 1,000,000, \
got 1000001
    """
    require_date(as_of, "as_of")
    if type(seed) is not int:
        raise ValidationError(f"seed must be an int, got {shown(seed)}")
    if type(customers) is not int or not 0 <= customers <= MAX_CUSTOMERS:
        raise ValidationError(
            f"customers must be an int from 0 to {MAX_CUSTOMERS:,}, got {shown(customers)}"
        )
    if type(months) is not int or not 1 <= months <= 120:
        raise ValidationError(f"months must be an int from 1 to 120, got {shown(months)}")
    if type(payment_habits) is not bool:
        raise ValidationError(f"payment_habits must be a bool, got {shown(payment_habits)}")
    # Its own stream, seeded by the seed alone, so the other three streams are untouched.
    habit_rng = random.Random(f"payment-habits-{seed}") if payment_habits else None
    # Three streams: the main one decides customers and how many of their invoices are open;
    # one draws the open invoices, one the paid ones. So the open items are the same whether or
    # not the paid history is built.
    rng = random.Random(seed)
    open_rng = random.Random(rng.getrandbits(64))
    paid_rng = random.Random(rng.getrandbits(64))
    market_options = tuple((market, market[2]) for market in _MARKETS)
    start_index = as_of.year * 12 + as_of.month - 1 - (months - 1)
    if start_index < 12:  # the history would start before year 1
        raise InvalidDateError(
            f"as_of {as_of} leaves no room for {months} months of history before it"
        )
    window = _Window(dt.date(start_index // 12, start_index % 12 + 1, 1), as_of)
    outlooks: dict[tuple[PaymentTerms, str], _Outlook] = {}

    customer_list: list[Customer] = []
    invoices: list[Invoice] = []
    credit_memos: list[CreditMemo] = []
    payments: list[Payment] = []
    disputes: list[Dispute] = []
    promises: list[PromiseToPay] = []
    next_number = 100_001

    for index in range(customers):
        region, code, _, typical, suffixes = _weighted(rng, market_options)
        currency = Currency(code)
        segment = _weighted(rng, _SEGMENTS)
        risk = _weighted(rng, _RISK_WEIGHTS)
        terms = _weighted(rng, _TERMS)
        size = {"enterprise": 4.0, "mid-market": 1.5, "small-business": 0.5}[segment]
        customer_typical = max(1, int(typical * size))
        name = f"{rng.choice(WORDS)} {rng.choice(TRADES)} {rng.choice(suffixes)}"
        customer_id = f"C-{index + 1:06d}"
        customer = Customer(
            customer_id,
            name,
            currency,
            terms=terms,
            credit_limit=trusted_money(Decimal(customer_typical * 8), currency),
            segment=segment,
            region=region,
            risk_class=risk,
            collector=_COLLECTORS[index % len(_COLLECTORS)],
            dunning_block=rng.random() < 0.01,
        )
        customer_list.append(customer)
        outlook = outlooks.get((terms, risk))
        if outlook is None:
            outlook = outlooks[terms, risk] = _Outlook(window, terms, RISK_PROFILES[risk])
        per_month = {"enterprise": 24, "mid-market": 6, "small-business": 2}[segment]
        count = rng.randint(months * per_month // 2, months * per_month * 3 // 2)
        open_count = _binomial(rng, count, outlook.mean_open)
        maker = _InvoiceMaker(customer, customer_typical, window)
        open_for_customer = maker.open_invoices(open_rng, outlook, open_count, next_number)
        invoices.extend(open_for_customer)
        next_number += open_count
        habit = None if habit_rng is None else _Habit(habit_rng, RISK_PROFILES[risk])
        if include_paid:
            invoices.extend(
                maker.paid_invoices(paid_rng, outlook, count - open_count, next_number, habit)
            )
        next_number += count - open_count
        _extras(rng, customer, open_for_customer, as_of, credit_memos, payments, disputes, promises)

    return Portfolio(
        as_of=as_of,
        customers=customer_list,
        invoices=invoices,
        credit_memos=credit_memos,
        payments=payments,
        disputes=disputes,
        promises=promises,
    )


class _Window:
    """The invoicing window: every day from ``first`` to ``as_of``, as dates and ordinals."""

    def __init__(self, first: dt.date, as_of: dt.date) -> None:
        self.first = first
        self.as_of = as_of
        self.size = (as_of - first).days + 1
        self.days = [first + dt.timedelta(days=offset) for offset in range(self.size)]
        self._dates: dict[int, dt.date] = {}

    def date(self, ordinal: int) -> dt.date:
        found = self._dates.get(ordinal)
        if found is None:
            found = self._dates[ordinal] = dt.date.fromordinal(ordinal)
        return found


class _Outlook:
    """For one (terms, risk class): how likely an invoice issued on each day is open at as_of.

    An invoice is never paid (share ``never_pays``), paid on time (on one of the six days up to
    its due date), or late (``late_days`` after it), each day equally likely, never before it was
    issued; once paid, a ``partial`` share of invoices was paid only in part and stays open.
    Sampling the open invoices from these probabilities, instead of drawing every invoice of the
    history, is what lets a million open items be built in seconds.
    """

    def __init__(self, window: _Window, terms: PaymentTerms, profile: RiskProfile) -> None:
        # Probabilities for the random generator, compared with random() floats: no money here.
        never, on_time = float(profile.never_pays), float(profile.on_time)
        late, partial = 1.0 - never - on_time, float(profile.partial)
        low, high = profile.late_days
        as_of = window.as_of.toordinal()
        self.due = [terms.due_date(day).toordinal() for day in window.days]
        self.on_time_days = tuple(range(6))
        self.late_days = tuple(range(low, high + 1))
        open_weights: list[float] = []
        paid_weights: list[float] = []
        self.partial_share: list[float] = []
        for offset, due in enumerate(self.due):
            issued = window.first.toordinal() + offset
            on_open = sum(max(issued, due - k) > as_of for k in self.on_time_days) / 6
            late_open = sum(max(issued, due + k) > as_of for k in self.late_days) / len(
                self.late_days
            )
            paid = on_time * (1 - on_open) + late * (1 - late_open)
            partly = partial * paid
            open_weights.append(never + on_time * on_open + late * late_open + partly)
            paid_weights.append(paid - partly)
            self.partial_share.append(partly / open_weights[-1] if open_weights[-1] else 0.0)
        self.mean_open = sum(open_weights) / len(open_weights)
        self.open_cumulative = list(itertools.accumulate(open_weights))
        self.paid_cumulative = list(itertools.accumulate(paid_weights))
        self.on_time_weight, self.late_weight = on_time, late

    @staticmethod
    def pick(rng: random.Random, cumulative: list[float]) -> int:
        return min(
            bisect.bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1
        )


class _InvoiceMaker:
    """Builds one customer's sample invoices (trusted construction: correct by design)."""

    def __init__(self, customer: Customer, typical: int, window: _Window) -> None:
        self.customer = customer
        self.typical = typical
        self.window = window
        currency = customer.currency
        self.currency = currency
        self.scale: int = 10**currency.minor_units
        self.exponent = -currency.minor_units
        self.zero = trusted_money(Decimal(0), currency)

    def _units(self, rng: random.Random) -> int:
        # Log-normal invoice sizes around the customer's typical amount, in whole minor units.
        return max(1, round(self.typical * rng.lognormvariate(0.0, 0.9) * self.scale))

    def _money(self, units: int) -> Money:
        return trusted_money(Decimal(units).scaleb(self.exponent), self.currency)

    def _invoice(
        self,
        number: int,
        offset: int,
        due: int,
        amount: Money,
        open_amount: Money,
        paid_on: dt.date | None,
        po: int,
    ) -> Invoice:
        invoice_id = f"INV-{number}"
        return trusted_invoice(
            invoice_id,
            self.customer.id,
            self.window.days[offset],
            amount,
            self.window.date(due),
            self.customer.terms,
            open_amount,
            (invoice_id, f"PO-{po}"),
            paid_on,
        )

    def open_invoices(
        self, rng: random.Random, outlook: _Outlook, count: int, first_number: int
    ) -> list[Invoice]:
        # The hot loop of a million-item portfolio: the helpers are inlined on purpose.
        random_ = rng.random
        cumulative, total, last = (
            outlook.open_cumulative,
            outlook.open_cumulative[-1],
            len(outlook.open_cumulative) - 1,
        )
        offsets = sorted(
            min(bisect.bisect_right(cumulative, random_() * total), last) for _ in range(count)
        )
        typical, scale, exponent, currency = self.typical, self.scale, self.exponent, self.currency
        customer_id, terms, days, due, partial_share = (
            self.customer.id,
            self.customer.terms,
            self.window.days,
            outlook.due,
            outlook.partial_share,
        )
        date_of, make_money, trusted = self.window.date, trusted_money, trusted_invoice
        dates = self.window._dates
        log, exp, magic = math.log, math.exp, _NV_MAGICCONST
        made: list[Invoice] = []
        for number, offset in enumerate(offsets, start=first_number):
            # ``lognormal(0.0, 0.9)`` written out (Kinderman and Monahan's ratio of uniforms,
            # as random.normalvariate draws it, the same numbers from the same stream): two
            # Python calls fewer per invoice.
            while True:
                u1 = random_()
                u2 = 1.0 - random_()
                z = magic * (u1 - 0.5) / u2
                if z * z / 4.0 <= -log(u2):
                    break
            units = max(1, round(typical * exp(0.0 + z * 0.9) * scale))
            amount = make_money(Decimal(units).scaleb(exponent), currency)
            open_amount = amount
            if random_() < partial_share[offset]:
                # Paid in part: a quarter to nine tenths of the invoice was received.
                received = units * (25 + int(random_() * 66)) // 100
                open_amount = make_money(Decimal(units - received).scaleb(exponent), currency)
            invoice_id = f"INV-{number}"
            made.append(
                trusted(
                    invoice_id,
                    customer_id,
                    days[offset],
                    amount,
                    dates.get(due[offset]) or date_of(due[offset]),
                    terms,
                    open_amount,
                    (invoice_id, f"PO-{10_000 + int(random_() * 90_000)}"),
                    None,
                )
            )
        return made

    def paid_invoices(
        self,
        rng: random.Random,
        outlook: _Outlook,
        count: int,
        first_number: int,
        habit: _Habit | None = None,
    ) -> list[Invoice]:
        if not count or outlook.paid_cumulative[-1] <= 0:
            return []
        offsets = sorted(outlook.pick(rng, outlook.paid_cumulative) for _ in range(count))
        as_of = self.window.as_of.toordinal()
        first = self.window.first.toordinal()
        made: list[Invoice] = []
        for number, offset in enumerate(offsets, start=first_number):
            due = outlook.due[offset]
            issued = first + offset
            if habit is not None:
                paid_on = self.window.date(habit.payment_day(rng, issued, due, as_of))
                amount = self._money(self._units(rng))
                po = 10_000 + int(rng.random() * 90_000)
                made.append(self._invoice(number, offset, due, amount, self.zero, paid_on, po))
                continue
            candidates = [max(issued, due - k) for k in outlook.on_time_days]
            late = [max(issued, due + k) for k in outlook.late_days]
            on_time_ok = [d for d in candidates if d <= as_of]
            late_ok = [d for d in late if d <= as_of]
            weight_on = outlook.on_time_weight * len(on_time_ok) / len(candidates)
            weight_late = outlook.late_weight * len(late_ok) / len(late)
            pool = on_time_ok if rng.random() * (weight_on + weight_late) < weight_on else late_ok
            paid_on = self.window.date(rng.choice(pool or on_time_ok or late_ok))
            amount = self._money(self._units(rng))
            po = 10_000 + int(rng.random() * 90_000)
            made.append(self._invoice(number, offset, due, amount, self.zero, paid_on, po))
        return made


class _Habit:
    """How one sample customer pays (``sample_portfolio(payment_habits=True)``).

    ``on_time`` is its share of invoices paid on time (on one of the six days up to the due
    date), drawn within 0.3 of its risk class's share; a late one is paid about ``days_late``
    days after the due date (drawn within the class's ``late_days``), give or take ``spread``
    days (a normal draw, at least one day late).
    """

    __slots__ = ("days_late", "on_time", "spread")

    def __init__(self, rng: random.Random, profile: RiskProfile) -> None:
        low, high = profile.late_days
        self.on_time = min(0.97, max(0.03, float(profile.on_time) + rng.uniform(-0.3, 0.3)))
        self.days_late = rng.randint(low, high)
        self.spread = max(1, round((high - low) * rng.uniform(0.03, 0.15)))

    def payment_day(self, rng: random.Random, issued: int, due: int, as_of: int) -> int:
        """The ordinal of the day an invoice (ordinals given) is paid, never after ``as_of``."""
        if rng.random() < self.on_time:
            day = due - rng.randrange(6)
        else:
            day = due + max(1, round(rng.gauss(self.days_late, self.spread)))
        return min(max(day, issued), as_of)


def _reference_variant(rng: random.Random, invoice_id: str) -> str:
    """A remittance reference as payers really write it, from exact to garbled."""
    number = invoice_id.removeprefix("INV-")
    roll = rng.random()
    if roll < 0.40:
        return invoice_id
    if roll < 0.55:
        return f"inv {number}"
    if roll < 0.65:
        return f"#{number}"
    if roll < 0.75:
        return number
    if roll < 0.82:
        return f"INV-{int(number):09d}"
    if roll < 0.90 and len(number) > 1:
        position = rng.randrange(len(number) - 1)
        swapped = (
            number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        )
        return f"INV {swapped}"
    return f"Invoice {number} thanks"


def _extras(
    rng: random.Random,
    customer: Customer,
    open_items: list[Invoice],
    as_of: dt.date,
    credit_memos: list[CreditMemo],
    payments: list[Payment],
    disputes: list[Dispute],
    promises: list[PromiseToPay],
) -> None:
    currency = customer.currency
    days = dt.timedelta
    if rng.random() < 0.08 and open_items:
        base = rng.choice(open_items)
        size = _percent_of(base.amount, rng.randint(5, 30))
        if size.is_positive:
            credit_memos.append(
                CreditMemo(
                    f"CM-{base.id.removeprefix('INV-')}",
                    customer.id,
                    min(as_of, base.issue_date + days(days=rng.randint(3, 20))),
                    size,
                    references=(base.id,),
                )
            )
    overdue = [i for i in open_items if i.due_date < as_of]
    for invoice in overdue:
        if rng.random() < 0.04:
            opened = min(as_of, invoice.due_date + days(days=rng.randint(0, 20)))
            resolved = None
            if rng.random() < 0.3:
                candidate = opened + days(days=rng.randint(5, 40))
                resolved = candidate if candidate <= as_of else None
            share = rng.choice((Decimal("0.1"), Decimal("0.25"), Decimal("0.5"), Decimal(1)))
            disputed = (invoice.open_amount * share).round()
            if disputed.is_positive:
                disputes.append(
                    Dispute(
                        invoice.id,
                        disputed,
                        rng.choice(_DISPUTE_REASONS),
                        opened,
                        resolved_on=resolved,
                        id=f"D-{invoice.id.removeprefix('INV-')}",
                    )
                )
    if overdue and rng.random() < 0.15:
        covered = overdue[: rng.randint(1, min(3, len(overdue)))]
        total = Money.total((i.open_amount for i in covered), currency)
        if total.is_zero:
            return
        made = as_of - days(days=rng.randint(1, 25))
        promised = made + days(days=rng.randint(3, 30))
        promises.append(
            PromiseToPay(
                customer.id, total, promised, made, invoice_ids=tuple(i.id for i in covered)
            )
        )
    # Today's incoming cash: some customers pay one or several open invoices.
    if open_items and rng.random() < 0.12:
        paid = rng.sample(open_items, k=min(len(open_items), rng.choice((1, 1, 1, 2, 3))))
        amount = Money.total((i.open_amount for i in paid), currency)
        roll = rng.random()
        if roll < 0.1 and amount.amount > 10:
            amount = amount - _percent_of(amount, rng.randint(1, 5))  # short payment
        elif roll < 0.15:
            amount = amount + _percent_of(amount, rng.randint(1, 5))  # overpayment
        references = tuple(_reference_variant(rng, i.id) for i in paid)
        if rng.random() < 0.2:
            references = ()
        known = rng.random() < 0.85
        if amount.is_positive:
            payments.append(
                Payment(
                    f"PAY-{len(payments) + 1:07d}",
                    as_of,
                    amount,
                    customer_id=customer.id if known else None,
                    references=references,
                    payer_name=customer.name.upper(),
                )
            )
