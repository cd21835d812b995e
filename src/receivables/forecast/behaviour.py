"""Payment behaviour: when each customer pays, learned from the ledger's own history.

The model is a distribution of *days beyond due* (the payment date minus the due date; negative
when paid early) for each customer, estimated with the Kaplan-Meier product-limit estimator so
that invoices still open at ``as_of`` count as right-censored ("takes more than the days it has
been open so far") rather than being dropped or treated as paid. Days from issue to payment
follow from it for each invoice: its terms (due date minus issue date) plus the days beyond due.

Shrinkage. A customer with little history borrows from its segment, and the segment from the
whole book, as a mixture of the distribution functions::

    F_segment*(d)  = w_s F_segment(d)  + (1 - w_s) F_book(d),       w_s = n_s / (n_s + k)
    F_customer*(d) = w_c F_customer(d) + (1 - w_c) F_segment*(d),   w_c = n_c / (n_c + k)

where ``n`` counts the payments observed in the group's history before ``as_of`` and ``k`` is the
prior strength (:data:`DEFAULT_PRIOR_STRENGTH`, 10: a customer with ten payments on record gets
half its own curve). Beyond the last day at which a group still has invoices at risk, its curve
continues with its parent's hazards (the book's curve stays flat there: what it has never seen
paid is "not expected within the horizon").

Disputes. Invoices under a dispute are left out of the curves and measured apart: the dispute
factor is the ratio of the Kaplan-Meier median days-to-pay of disputed to undisputed invoices,
shrunk toward 1 with the same ``n / (n + k)`` weight (``n`` the disputed payments on record). An
invoice with an open dispute at prediction time has its days to pay stretched by the factor.

Support. Days beyond due are modelled from :data:`EARLIEST_DAYS_BEYOND_DUE` (-120: earlier
payments count as paid on that day) to :data:`LATEST_DAYS_BEYOND_DUE` (365); what has not been
paid by then is "beyond the horizon" of the model. Each customer with payments on record keeps
one table of that size (about 4 KB), precomputed at fit time, so a prediction is a handful of
table look-ups.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=3, customers=30, as_of=dt.date(2026, 6, 30))
    >>> behaviour = PaymentBehaviour.fit(book.invoices, as_of=book.as_of, segments=book.customers)
    >>> invoice = next(i for i in book.invoices if i.is_open)
    >>> prediction = behaviour.predict(invoice, as_of=book.as_of)
    >>> low, middle, high = prediction.quantiles
    >>> low <= middle <= high and prediction.expected_date > book.as_of
    True
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import ClassVar, Final

import attrs

from receivables._decimal import in_context
from receivables._text import shown
from receivables._validate import add_days, all_of, require_date
from receivables.convert import DictForm
from receivables.documents import Customer, Dispute, Invoice, OpenItem
from receivables.errors import InvalidTypeError, ValidationError
from receivables.explain import Reason

__all__ = [
    "DEFAULT_PRIOR_STRENGTH",
    "EARLIEST_DAYS_BEYOND_DUE",
    "LATEST_DAYS_BEYOND_DUE",
    "QUANTILE_LEVELS",
    "PaymentBehaviour",
    "PaymentPrediction",
    "kaplan_meier",
]

EARLIEST_DAYS_BEYOND_DUE: Final = -120
"""The earliest payment modelled, in days beyond due (120 days before the due date)."""
LATEST_DAYS_BEYOND_DUE: Final = 365
"""The latest payment modelled, in days beyond due; later is "beyond the horizon"."""
DEFAULT_PRIOR_STRENGTH: Final = 10
"""``k`` in the shrinkage weight ``n / (n + k)``: payments on record worth half the weight."""
QUANTILE_LEVELS: Final = (Decimal("0.1"), Decimal("0.5"), Decimal("0.9"))
"""The levels of :attr:`PaymentPrediction.quantiles`."""

FIRST_DAY: Final = EARLIEST_DAYS_BEYOND_DUE
_SIZE: Final = LATEST_DAYS_BEYOND_DUE - EARLIEST_DAYS_BEYOND_DUE + 1
LAST_DAY_INDEX: Final = _SIZE - 1
_MAX_PRIOR: Final = 1_000_000
_PLACES: Final = Decimal("0.000001")
_FRACTIONS: Final = (0.1, 0.5, 0.9)
# Kaplan-Meier on days to pay (for the medians in reasons and the dispute factor): long enough for
# the support above plus the longest terms, and no more.
_MAX_DAYS_TO_PAY: Final = 4 * 366


def _probability(value: float) -> Decimal:
    """A probability as a Decimal rounded to six places (probabilities are rates: Decimal)."""
    value = min(1.0, max(0.0, value))
    return Decimal(f"{value:.6f}")


def _survival_steps(codes: list[int], size: int) -> tuple[list[int], list[float]]:
    """Kaplan-Meier on sorted codes ``2 * time + censored``: the event times and S after each.

    Ties: events at a time are counted before censorings at the same time (a censored time ``c``
    means "still unpaid after ``c``"), the usual convention of the product-limit estimator.
    """
    codes.sort()
    at_risk = len(codes)
    times: list[int] = []
    survival: list[float] = []
    value = 1.0
    position = 0
    count = len(codes)
    while position < count:
        time = codes[position] >> 1
        events = censored = 0
        while position < count and codes[position] >> 1 == time:
            if codes[position] & 1:
                censored += 1
            else:
                events += 1
            position += 1
        if events:
            value *= 1.0 - events / at_risk
            times.append(time)
            survival.append(value)
        at_risk -= events + censored
    del size
    return times, survival


def _median(codes: list[int], offset: int = 0) -> int | None:
    """The Kaplan-Meier median time of the codes plus ``offset`` (``None`` if S never reaches
    one half)."""
    times, survival = _survival_steps(codes, 0)
    for time, value in zip(times, survival, strict=True):
        if value <= 0.5:
            return time + offset
    return None


def _dense(codes: list[int], parent: array[float] | None) -> array[float]:
    """The distribution function F on the support from sorted-able ``codes`` (index codes).

    Where nobody is left at risk the parent's hazard continues the curve (flat for the book).
    """
    times, survival = _survival_steps(codes, _SIZE)
    last_at_risk = (max(codes) >> 1) if codes else -1
    cdf = array("d", bytes(8 * _SIZE))
    value = 1.0
    step = 0
    steps = len(times)
    for index in range(_SIZE):
        if index <= last_at_risk:
            if step < steps and times[step] == index:
                value = survival[step]
                step += 1
        elif parent is not None:
            before = 1.0 - (parent[index - 1] if index else 0.0)
            now = 1.0 - parent[index]
            value = value * (now / before) if before > 0.0 else 0.0
        cdf[index] = 1.0 - value
    return cdf


def _mix(weight: float, own: array[float], parent: array[float]) -> array[float]:
    keep = 1.0 - weight
    return array("d", [weight * a + keep * b for a, b in zip(own, parent, strict=True)])


def _index_of(days_beyond_due: int) -> int:
    return min(max(days_beyond_due - FIRST_DAY, 0), LAST_DAY_INDEX)


@in_context
def kaplan_meier(
    durations: Sequence[int], observed: Sequence[bool]
) -> tuple[tuple[int, Decimal], ...]:
    """The Kaplan-Meier product-limit estimate of survival, at each time with an event.

    ``durations[i]`` is a whole number of days (or any unit) of subject ``i``; ``observed[i]``
    says whether its event (here: a payment) happened then (``True``) or it was still going when
    observation stopped (``False``, right-censored). The estimate after time ``t`` is the product
    over event times ``s <= t`` of ``1 - d_s / n_s`` (``d_s`` events at ``s``, ``n_s`` subjects
    still at risk just before ``s``; censorings at ``s`` count as at risk at ``s``). Survival is
    rounded to six places. This is the estimator :class:`PaymentBehaviour` fits per customer.

    Examples:
        >>> kaplan_meier([3, 5, 5, 8, 10], [True, True, False, True, False])
        ((3, Decimal('0.800000')), (5, Decimal('0.600000')), (8, Decimal('0.300000')))
    """
    if isinstance(durations, str | bytes) or isinstance(observed, str | bytes):
        raise InvalidTypeError("durations and observed must be sequences, not text")
    times = list(durations)
    flags = list(observed)
    if len(times) != len(flags):
        raise ValidationError(
            f"durations and observed differ in length ({len(times)} and {len(flags)})"
        )
    codes: list[int] = []
    for position, (time, flag) in enumerate(zip(times, flags, strict=True)):
        if type(time) is not int or not 0 <= time <= 10**9:
            raise ValidationError(
                f"durations[{position}] must be a whole number from 0 to 10**9, got {shown(time)}"
            )
        if type(flag) is not bool:
            raise InvalidTypeError(f"observed[{position}] must be a bool, got {shown(flag)}")
        codes.append(2 * time + (0 if flag else 1))
    event_times, survival = _survival_steps(codes, 0)
    return tuple(
        (time, _probability(value)) for time, value in zip(event_times, survival, strict=True)
    )


@attrs.frozen(hash=False)
class _Group:
    """One fitted curve: its distribution function on the support and what explains it."""

    cdf: array[float]
    payments: int
    weight: float
    median_days_beyond_due: int | None
    median_days_to_pay: int | None
    segment: str | None


def _segments_of(
    segments: Mapping[str, str] | Iterable[Customer] | None,
) -> dict[str, str]:
    if segments is None:
        return {}
    if isinstance(segments, str | bytes):
        raise InvalidTypeError(
            f"segments must be a mapping of customer id to segment or customers, not "
            f"{type(segments).__name__}"
        )
    found: dict[str, str] = {}
    if isinstance(segments, Mapping):
        for customer_id, segment in segments.items():
            if not isinstance(customer_id, str) or not isinstance(segment, str):
                raise InvalidTypeError(
                    f"segments must map str customer ids to str segments, got "
                    f"{shown(customer_id)}: {shown(segment)}"
                )
            found[customer_id] = segment
        return found
    for customer in all_of(Customer, "segments", segments):
        if customer.segment is not None:
            found[customer.id] = customer.segment
    return found


def _disputed_since(disputes: Iterable[Dispute], as_of: dt.date) -> dict[str, int]:
    """Invoice id -> the earliest ordinal a dispute on it was opened, on or before ``as_of``."""
    opened: dict[str, int] = {}
    for dispute in all_of(Dispute, "disputes", disputes):
        if dispute.opened_on > as_of:
            continue  # not known yet at as_of
        day = dispute.opened_on.toordinal()
        if opened.get(dispute.invoice_id, day + 1) > day:
            opened[dispute.invoice_id] = day
    return opened


@attrs.frozen(init=False)
class PaymentBehaviour(DictForm):
    """Payment behaviour fitted from invoice history as of a date: see :meth:`fit`.

    Building it (``PaymentBehaviour(history, as_of=...)``) is the same as :meth:`fit`. It holds
    one precomputed table per customer with payments on record, per segment and for the book;
    :meth:`predict` reads them. Equal history, ``as_of`` and options give an equal behaviour.

    Its plain form (``to_dict``) is a summary of the fit: ``as_of``, ``prior_strength``,
    ``dispute_factor``, ``disputed_payments``, ``payments_seen`` and ``invoices_seen``. The
    fitted curves are not in it: they are private tables of float probabilities (see
    docs/architecture.md), and the constructor reads the history, not them, so there is no
    ``from_dict``; to rebuild a behaviour, fit it again from the same history.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> paid = [Invoice(f"I-{n}", "C-1", dt.date(2026, 1, 1), Money("0", "USD"),
        ...                 due_date=dt.date(2026, 1, 31), paid_on=dt.date(2026, 2, 10))
        ...         for n in range(40)]
        >>> behaviour = PaymentBehaviour(paid, as_of=dt.date(2026, 6, 30))
        >>> behaviour.payments_seen, behaviour.customer_weight("C-1")
        (40, Decimal('0.800000'))
        >>> behaviour.to_dict()["dispute_factor"], behaviour.to_dict()["invoices_seen"]
        ('1', 40)
    """

    as_of: dt.date
    prior_strength: int
    dispute_factor: Decimal
    disputed_payments: int
    payments_seen: int
    invoices_seen: int
    _customers: dict[str, _Group] = attrs.field(repr=False, hash=False)
    _segments: dict[str, _Group] = attrs.field(repr=False, hash=False)
    _book: _Group = attrs.field(repr=False, hash=False)
    _segment_of: dict[str, str] = attrs.field(repr=False, hash=False)
    _reasons: dict[str | None, tuple[Reason, ...]] = attrs.field(repr=False, hash=False, eq=False)
    # The plain form (to_dict) adds these figures of the fit to the constructor's as_of and
    # prior_strength; the curves stay out (the class docstring says why).
    dict_properties: ClassVar[tuple[str, ...]] = (
        "dispute_factor",
        "disputed_payments",
        "payments_seen",
        "invoices_seen",
    )

    def __init__(
        self,
        history: Iterable[Invoice],
        *,
        as_of: dt.date,
        disputes: Iterable[Dispute] = (),
        segments: Mapping[str, str] | Iterable[Customer] | None = None,
        prior_strength: int = DEFAULT_PRIOR_STRENGTH,
    ) -> None:
        require_date(as_of, "as_of")
        if type(prior_strength) is not int or not 0 <= prior_strength <= _MAX_PRIOR:
            raise ValidationError(
                f"prior_strength must be a whole number from 0 to {_MAX_PRIOR:,}, "
                f"got {shown(prior_strength)}"
            )
        if isinstance(history, str | bytes):
            raise InvalidTypeError(f"history must be invoices, not {type(history).__name__}")
        segment_of = _segments_of(segments)
        disputed = _disputed_since(disputes, as_of)
        as_of_ordinal = as_of.toordinal()
        # One pass over the history into per-customer lists of integer codes: index * 2 + 1 if
        # censored. Days beyond due index the support; days to pay go to the dispute factor.
        by_customer: dict[str, list[int]] = {}
        to_pay_by_customer: dict[str, list[int]] = {}
        disputed_to_pay: list[int] = []
        undisputed_to_pay: list[int] = []
        invoice_type = Invoice
        invoices = payments = 0
        for position, invoice in enumerate(history):
            if type(invoice) is not invoice_type and not isinstance(invoice, invoice_type):
                raise InvalidTypeError(
                    f"history[{position}] must be an Invoice, got {type(invoice).__name__} "
                    f"({shown(invoice)})"
                )
            issued = invoice.issue_date.toordinal()
            if issued > as_of_ordinal:
                continue  # issued after as_of: not known then
            paid_on = invoice.paid_on
            if paid_on is not None:
                end, censored = paid_on.toordinal(), 0
                if end > as_of_ordinal:
                    end, censored = as_of_ordinal, 1  # paid later: still unpaid at as_of
            elif invoice.open_amount.is_zero:
                continue  # cleared without a payment date (a credit, a write-off): no timing
            else:
                end, censored = as_of_ordinal, 1
            invoices += 1
            due = invoice.due_date.toordinal()
            to_pay = min(end - issued, _MAX_DAYS_TO_PAY)
            to_pay_code = 2 * to_pay + censored
            if disputed:
                opened = disputed.get(invoice.id)
                if opened is not None and opened <= end:
                    disputed_to_pay.append(to_pay_code)
                    continue
            undisputed_to_pay.append(to_pay_code)
            beyond = end - due
            if censored:
                if beyond < FIRST_DAY:
                    continue  # unpaid, not yet near due: says nothing on the support
                code = 2 * min(beyond - FIRST_DAY, LAST_DAY_INDEX) + 1
            elif beyond > LATEST_DAYS_BEYOND_DUE:
                code = 2 * LAST_DAY_INDEX + 1  # paid beyond the support: unpaid at its end
            else:
                payments += 1
                code = 2 * max(beyond - FIRST_DAY, 0)
            customer_id = invoice.customer_id
            codes = by_customer.get(customer_id)
            if codes is None:
                codes = by_customer[customer_id] = []
                to_pay_codes = to_pay_by_customer[customer_id] = []
            else:
                to_pay_codes = to_pay_by_customer[customer_id]
            codes.append(code)
            to_pay_codes.append(to_pay_code)
        k = prior_strength
        book_codes = [code for codes in by_customer.values() for code in codes]
        book_payments = sum(1 for code in book_codes if not code & 1)
        book = _Group(
            _dense(book_codes, None),
            book_payments,
            1.0,
            _median(list(book_codes), FIRST_DAY) if book_codes else None,
            _median(list(undisputed_to_pay)) if undisputed_to_pay else None,
            None,
        )
        segment_codes: dict[str, list[int]] = {}
        for customer_id, codes in by_customer.items():
            segment = segment_of.get(customer_id)
            if segment is not None:
                segment_codes.setdefault(segment, []).extend(codes)
        segment_groups: dict[str, _Group] = {}
        for segment in sorted(segment_codes):
            codes = segment_codes[segment]
            count = sum(1 for code in codes if not code & 1)
            weight = count / (count + k) if count + k else 1.0
            own = _dense(codes, book.cdf)
            segment_groups[segment] = _Group(
                _mix(weight, own, book.cdf), count, weight, _median(codes, FIRST_DAY), None, segment
            )
        customer_groups: dict[str, _Group] = {}
        for customer_id in sorted(by_customer):
            codes = by_customer[customer_id]
            count = sum(1 for code in codes if not code & 1)
            if not count:
                continue  # nothing paid on record: the segment's (or book's) curve as it is
            segment = segment_of.get(customer_id)
            parent = segment_groups[segment] if segment is not None else book
            weight = count / (count + k) if count + k else 1.0
            own = _dense(codes, parent.cdf)
            customer_groups[customer_id] = _Group(
                _mix(weight, own, parent.cdf),
                count,
                weight,
                _median(codes, FIRST_DAY),
                _median(to_pay_by_customer[customer_id]),
                segment,
            )
        factor, disputed_payments = _dispute_factor(disputed_to_pay, undisputed_to_pay, k)
        self.__attrs_init__(
            as_of,
            prior_strength,
            factor,
            disputed_payments,
            payments,
            invoices,
            customer_groups,
            segment_groups,
            book,
            segment_of,
            {},
        )

    @classmethod
    def fit(
        cls,
        history: Iterable[Invoice],
        *,
        as_of: dt.date,
        disputes: Iterable[Dispute] = (),
        segments: Mapping[str, str] | Iterable[Customer] | None = None,
        prior_strength: int = DEFAULT_PRIOR_STRENGTH,
    ) -> PaymentBehaviour:
        """Fit payment behaviour from ``history`` as it was known on ``as_of``.

        ``history`` holds invoices, paid (``paid_on``) and open. Nothing dated after ``as_of`` is
        read: an invoice issued later is skipped, one paid later counts as open at ``as_of``
        (right-censored), a dispute opened later is not known. An invoice cleared without a
        ``paid_on`` (a credit, a write-off) has no payment timing and is skipped. ``segments``
        maps customer ids to a segment label (or give the customers: their ``segment``);
        ``disputes`` are the disputes on record, for the dispute factor. ``prior_strength`` is
        ``k`` of the shrinkage weight ``n / (n + k)`` (module docstring).

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> day = dt.date(2026, 3, 1)
            >>> open_one = Invoice("I-1", "C-9", day, Money("10", "EUR"),
            ...                    due_date=dt.date(2026, 3, 31))
            >>> PaymentBehaviour.fit([open_one], as_of=dt.date(2026, 4, 30)).invoices_seen
            1
        """
        return cls(
            history,
            as_of=as_of,
            disputes=disputes,
            segments=segments,
            prior_strength=prior_strength,
        )

    def _group(self, customer_id: str | None) -> _Group:
        if customer_id is not None:
            found = self._customers.get(customer_id)
            if found is not None:
                return found
            segment = self._segment_of.get(customer_id)
            if segment is not None:
                segment_group = self._segments.get(segment)
                if segment_group is not None:
                    return segment_group
        return self._book

    def customer_weight(self, customer_id: str) -> Decimal:
        """The weight ``n / (n + k)`` of the customer's own curve (zero without payments on
        record).

        Examples:
            >>> import datetime as dt
            >>> PaymentBehaviour([], as_of=dt.date(2026, 1, 1)).customer_weight("C-1")
            Decimal('0.000000')
        """
        if not isinstance(customer_id, str):
            raise InvalidTypeError(f"customer_id must be a str, got {shown(customer_id)}")
        found = self._customers.get(customer_id)
        return _probability(found.weight if found is not None else 0.0)

    def probability_paid_by(self, customer_id: str | None, days_beyond_due: int) -> Decimal:
        """The chance an invoice of the customer is paid at most ``days_beyond_due`` days after
        its due date, from its shrunk curve (not conditional on anything: the customer's habit).

        A dunning policy reads it to spare a customer who reliably pays within the grace days.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> history = [Invoice(f"I-{n}", "C-1", dt.date(2026, 1, 1), Money("0", "USD"),
            ...                    due_date=dt.date(2026, 1, 31),
            ...                    paid_on=dt.date(2026, 2, 1 + n % 4)) for n in range(40)]
            >>> behaviour = PaymentBehaviour(history, as_of=dt.date(2026, 5, 1))
            >>> behaviour.probability_paid_by("C-1", 2), behaviour.probability_paid_by("C-1", 5)
            (Decimal('0.500000'), Decimal('1.000000'))
        """
        if customer_id is not None and not isinstance(customer_id, str):
            raise InvalidTypeError(f"customer_id must be a str or None, got {shown(customer_id)}")
        if type(days_beyond_due) is not int:
            raise InvalidTypeError(f"days_beyond_due must be an int, got {shown(days_beyond_due)}")
        index = days_beyond_due - FIRST_DAY
        if index < 0:
            return _probability(0.0)
        return _probability(self._group(customer_id).cdf[min(index, LAST_DAY_INDEX)])

    def probability_late(
        self, invoice: OpenItem, *, as_of: dt.date, disputed: bool = False
    ) -> Decimal:
        """:attr:`PaymentPrediction.probability_late` alone, without building the prediction
        (for ranking many items): the chance ``invoice``, unpaid at ``as_of``, is paid after
        its due date; ``disputed`` applies the dispute factor.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> overdue = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("5", "USD"),
            ...                   due_date=dt.date(2026, 1, 31))
            >>> PaymentBehaviour([], as_of=dt.date(2026, 3, 1)).probability_late(
            ...     overdue, as_of=dt.date(2026, 3, 1))
            Decimal('1.000000')
        """
        require_date(as_of, "as_of")
        if type(disputed) is not bool:
            raise InvalidTypeError(f"disputed must be a bool, got {shown(disputed)}")
        from receivables.documents import open_items

        (item,) = open_items([invoice], "invoice")
        term = (item.due_date - item.document_date).days
        current = (as_of - item.due_date).days
        if current >= 0:
            return _probability(1.0)
        factor = float(self.dispute_factor) if disputed else 1.0
        conditional = Conditional(self._group(item.customer_id).cdf, max(term, 0), current, factor)
        return _probability(conditional.unpaid_after(0))

    def reasons_for(self, customer_id: str | None) -> tuple[Reason, ...]:
        """The reasons behind every prediction for a customer: its history, shrinkage, priors.

        Examples:
            >>> import datetime as dt
            >>> [r.code for r in PaymentBehaviour([], as_of=dt.date(2026, 1, 1)).reasons_for("C")]
            ['forecast.no_history', 'forecast.book_prior']
        """
        if customer_id is not None and not isinstance(customer_id, str):
            raise InvalidTypeError(f"customer_id must be a str or None, got {shown(customer_id)}")
        cached = self._reasons.get(customer_id)
        if cached is not None:
            return cached
        reasons: list[Reason] = []
        own = self._customers.get(customer_id) if customer_id is not None else None
        if own is not None:
            reasons.append(
                Reason.of(
                    "forecast.customer_history",
                    f"{own.payments} payments on record; own curve weight "
                    f"{_probability(own.weight)} = n / (n + {self.prior_strength})",
                    history=own.payments,
                    median_days_beyond_due=own.median_days_beyond_due,
                    median_days_to_pay=own.median_days_to_pay,
                    weight=_probability(own.weight),
                    prior_strength=self.prior_strength,
                )
            )
        else:
            reasons.append(
                Reason.of(
                    "forecast.no_history",
                    "no payments on record for the customer: its segment's or the book's curve",
                    history=0,
                )
            )
        segment = self._segment_of.get(customer_id) if customer_id is not None else None
        segment_group = self._segments.get(segment) if segment is not None else None
        if segment_group is not None:
            reasons.append(
                Reason.of(
                    "forecast.segment_prior",
                    f"shrunk toward segment {segment} ({segment_group.payments} payments, "
                    f"weight {_probability(segment_group.weight)}), itself toward the book",
                    segment=segment,
                    segment_history=segment_group.payments,
                    segment_median_days_beyond_due=segment_group.median_days_beyond_due,
                    segment_weight=_probability(segment_group.weight),
                )
            )
        else:
            reasons.append(
                Reason.of(
                    "forecast.book_prior",
                    f"shrunk toward the whole book ({self._book.payments} payments)",
                    book_history=self._book.payments,
                    book_median_days_beyond_due=self._book.median_days_beyond_due,
                )
            )
        result = tuple(reasons)
        if len(self._reasons) < 100_000:
            self._reasons[customer_id] = result
        return result

    def predict(
        self,
        invoice: OpenItem,
        *,
        as_of: dt.date,
        disputes: Iterable[Dispute] = (),
    ) -> PaymentPrediction:
        """When ``invoice``, unpaid at ``as_of``, will be paid: a :class:`PaymentPrediction`.

        Everything is conditional on the invoice being unpaid at the end of ``as_of``; an open
        dispute on it (among ``disputes``) stretches its days to pay by the dispute factor.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> history = [Invoice(f"I-{n}", "C-1", dt.date(2026, 1, 1), Money("0", "USD"),
            ...                    due_date=dt.date(2026, 1, 31),
            ...                    paid_on=dt.date(2026, 2, 5 + n % 10)) for n in range(30)]
            >>> behaviour = PaymentBehaviour.fit(history, as_of=dt.date(2026, 6, 1))
            >>> new = Invoice("I-99", "C-1", dt.date(2026, 6, 1), Money("100", "USD"),
            ...               due_date=dt.date(2026, 7, 1))
            >>> prediction = behaviour.predict(new, as_of=dt.date(2026, 6, 1))
            >>> prediction.quantiles, prediction.probability_late
            ((35, 39, 43), Decimal('1.000000'))
        """
        return PaymentPrediction(self, invoice, as_of=as_of, disputes=disputes)


def _dispute_factor(disputed: list[int], undisputed: list[int], k: int) -> tuple[Decimal, int]:
    count = sum(1 for code in disputed if not code & 1)
    if not count or not undisputed:
        return Decimal(1), count
    with_dispute, without = _median(list(disputed)), _median(list(undisputed))
    if with_dispute is None or without is None or without <= 0:
        return Decimal(1), count
    ratio = with_dispute / without
    weight = count / (count + k) if count + k else 1.0
    factor = 1.0 + weight * (ratio - 1.0)
    return Decimal(f"{max(factor, 0.01):.4f}"), count


class Conditional:
    """One invoice's payment distribution given it is unpaid at ``as_of`` (shared hot path of
    :class:`PaymentPrediction` and the cash forecast)."""

    __slots__ = ("cdf", "current", "factor", "reached", "remaining", "term")

    def __init__(self, cdf: array[float], term: int, current: int, factor: float) -> None:
        self.cdf = cdf
        self.term = term  # due minus issue, days
        self.current = current  # as_of minus due: unpaid for days beyond due up to this
        self.factor = factor
        self.reached = self.value(current)  # F at the present
        self.remaining = 1.0 - self.reached

    def base_index(self, days_beyond_due: int) -> int:
        """The support index holding F at ``days_beyond_due`` (-1: before the support)."""
        if self.factor != 1.0:
            term = self.term
            days_beyond_due = math.floor((term + days_beyond_due) / self.factor - term)
        index = days_beyond_due - FIRST_DAY
        if index < 0:
            return -1
        return index if index < LAST_DAY_INDEX else LAST_DAY_INDEX

    def value(self, days_beyond_due: int) -> float:
        index = self.base_index(days_beyond_due)
        return self.cdf[index] if index >= 0 else 0.0

    def unpaid_after(self, days_beyond_due: int) -> float:
        """P(unpaid at the end of the day ``days_beyond_due`` | unpaid now)."""
        if days_beyond_due <= self.current:
            return 1.0
        if self.remaining <= 0.0:
            return 1.0  # all mass of the curve is behind us: treated as beyond the horizon
        return max(0.0, 1.0 - self.value(days_beyond_due)) / self.remaining

    def quantile(self, fraction: float) -> int | None:
        """Days beyond due by which ``fraction`` of the remaining mass is paid (``None``:
        beyond the horizon)."""
        if self.remaining <= 0.0:
            return None
        target = self.reached + fraction * self.remaining
        start = self.base_index(self.current) + 1
        index = bisect.bisect_left(self.cdf, target - 1e-12, lo=max(start, 0))
        if index >= _SIZE or self.cdf[index] < target - 1e-12:
            return None
        days = FIRST_DAY + index
        if self.factor != 1.0:
            days = math.ceil(self.factor * (self.term + days) - self.term)
        return max(days, self.current + 1)


@attrs.frozen(init=False)
class PaymentPrediction(DictForm):
    """When one open invoice will be paid, as predicted by a :class:`PaymentBehaviour`.

    ``quantiles`` are the days from issue to payment by which 10%, 50% and 90% of the chance of
    payment is reached (:data:`QUANTILE_LEVELS`), given it is unpaid at ``as_of``; a quantile
    beyond the model's horizon (:data:`LATEST_DAYS_BEYOND_DUE` days past due) is the first day
    past it, with the reason ``forecast.beyond_horizon``. ``expected_date`` is the median date.
    ``probability_late`` is the chance it is paid after its due date. Built by
    :meth:`PaymentBehaviour.predict` (the constructor takes the same arguments and the
    behaviour first).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> behaviour = PaymentBehaviour([], as_of=dt.date(2026, 1, 1))
        >>> invoice = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("5", "USD"),
        ...                   due_date=dt.date(2026, 1, 31))
        >>> behaviour.predict(invoice, as_of=dt.date(2026, 1, 1)).probability_unpaid_after(10)
        Decimal('1.000000')
    """

    document_id: str
    customer_id: str | None
    as_of: dt.date
    issue_date: dt.date
    due_date: dt.date
    expected_date: dt.date
    quantiles: tuple[int, int, int]
    probability_late: Decimal
    disputed: bool
    reasons: tuple[Reason, ...]
    _conditional: Conditional = attrs.field(repr=False, eq=False, hash=False)
    # The plain form (to_dict) lists these: the constructor takes the behaviour and the invoice.
    dict_properties: ClassVar[tuple[str, ...]] = (
        "document_id",
        "customer_id",
        "issue_date",
        "due_date",
        "expected_date",
        "quantiles",
        "probability_late",
        "disputed",
        "reasons",
    )

    def __init__(
        self,
        behaviour: PaymentBehaviour,
        invoice: OpenItem,
        *,
        as_of: dt.date,
        disputes: Iterable[Dispute] = (),
    ) -> None:
        if not isinstance(behaviour, PaymentBehaviour):
            raise InvalidTypeError(
                f"behaviour must be a PaymentBehaviour, not {type(behaviour).__name__}"
            )
        require_date(as_of, "as_of")
        from receivables.documents import open_items

        (item,) = open_items([invoice], "invoice")
        issued, due = item.document_date, item.due_date
        term = (due - issued).days
        if term < 0:
            raise ValidationError(
                f"invoice {item.document_id}: due_date {due} precedes its issue date {issued}"
            )
        if issued > as_of:
            raise ValidationError(
                f"invoice {item.document_id} is issued on {issued}, after as_of {as_of}"
            )
        disputed = any(
            d.invoice_id == item.document_id and d.is_open(as_of)
            for d in all_of(Dispute, "disputes", disputes)
        )
        factor = float(behaviour.dispute_factor) if disputed else 1.0
        conditional = Conditional(
            behaviour._group(item.customer_id).cdf, term, (as_of - due).days, factor
        )
        reasons = list(behaviour.reasons_for(item.customer_id))
        if disputed:
            reasons.append(
                Reason.of(
                    "forecast.dispute_effect",
                    f"open dispute: days to pay stretched by {behaviour.dispute_factor} "
                    f"({behaviour.disputed_payments} disputed payments on record)",
                    factor=behaviour.dispute_factor,
                    disputed_history=behaviour.disputed_payments,
                )
            )
        days: list[int] = []
        beyond = False
        horizon = math.ceil(factor * (term + LATEST_DAYS_BEYOND_DUE) - term) + 1
        for fraction in _FRACTIONS:
            found = conditional.quantile(fraction)
            if found is None:
                beyond = True
                found = max(horizon, conditional.current + 1)
            days.append(term + found)
        if beyond:
            reasons.append(
                Reason.of(
                    "forecast.beyond_horizon",
                    f"some of the chance of payment lies more than {LATEST_DAYS_BEYOND_DUE} days "
                    "past due, beyond the model's horizon",
                    horizon_days_beyond_due=LATEST_DAYS_BEYOND_DUE,
                )
            )
        late = conditional.unpaid_after(0)
        self.__attrs_init__(
            item.document_id,
            item.customer_id,
            as_of,
            issued,
            due,
            add_days(issued, days[1], "the expected payment date"),
            (days[0], days[1], days[2]),
            _probability(late),
            disputed,
            tuple(reasons),
            conditional,
        )

    def probability_unpaid_after(self, days: int) -> Decimal:
        """The chance the invoice is still unpaid ``days`` days after its issue date.

        Days up to ``as_of`` give 1 (it is unpaid then); past the model's horizon the chance
        stays at what is left there.

        Examples:
            >>> import datetime as dt
            >>> from receivables import Invoice, Money
            >>> history = [Invoice(f"I-{n}", "C-1", dt.date(2026, 1, 1), Money("0", "USD"),
            ...                    due_date=dt.date(2026, 1, 31),
            ...                    paid_on=dt.date(2026, 2, 1 + n % 20)) for n in range(40)]
            >>> behaviour = PaymentBehaviour(history, as_of=dt.date(2026, 5, 1))
            >>> new = Invoice("I-9", "C-1", dt.date(2026, 5, 1), Money("1", "USD"),
            ...               due_date=dt.date(2026, 5, 31))
            >>> p = behaviour.predict(new, as_of=dt.date(2026, 5, 1))
            >>> p.probability_unpaid_after(30), p.probability_unpaid_after(60)
            (Decimal('1.000000'), Decimal('0.000000'))
        """
        if type(days) is not int:
            raise InvalidTypeError(f"days must be an int, got {shown(days)}")
        if not -(10**6) <= days <= 10**6:
            size = str(days) if days.bit_length() <= 64 else f"an int of {days.bit_length()} bits"
            raise ValidationError(f"days must be from -1,000,000 to 1,000,000, got {size}")
        conditional = self._conditional
        return _probability(conditional.unpaid_after(days - conditional.term))
