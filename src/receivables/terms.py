"""Payment terms: when an invoice falls due and what discount early payment earns.

One value type, :class:`PaymentTerms`, covers the terms ERP systems carry: net N days, due on
receipt, end of month ("Net 30 EOM"), a day of the following month with a cut-off ("10th prox"),
early-payment discount tiers ("2/10 Net 30", several tiers allowed) and instalments.
:func:`parse_terms` reads the spellings ERP exports use and ``str(terms)`` gives the canonical
spelling, which :func:`parse_terms` reads back to the same value.

Examples:
    >>> import datetime as dt
    >>> terms = parse_terms("2% 10 Net 30")
    >>> str(terms)
    '2/10 Net 30'
    >>> terms.due_date(dt.date(2026, 1, 15)), terms.discount_deadline(dt.date(2026, 1, 15))
    (datetime.date(2026, 2, 14), datetime.date(2026, 1, 25))
    >>> from receivables import Money
    >>> terms.discount_for(Money("1000.00", "USD"), dt.date(2026, 1, 15), dt.date(2026, 1, 20))
    Money('20.00', 'USD')
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import enum
import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final, TypeVar, overload

import attrs

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables._validate import add_days, add_months, require_date, require_money
from receivables.convert import DataForm, DictForm
from receivables.errors import InvalidTermsError, InvalidTypeError, TermsParseError
from receivables.explain import Reason
from receivables.money import Money, to_decimal

__all__ = [
    "DiscountTier",
    "DueBasis",
    "Instalment",
    "ParsedTerms",
    "PaymentTerms",
    "parse_terms",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)


def _end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def _days(value: int, name: str) -> int:
    if type(value) is not int:
        raise InvalidTypeError(f"{name} must be an int number of days, not {shown(value)}")
    if value < 0:
        raise InvalidTermsError(f"{name} must not be negative, got {shown(value)}")
    return value


def _fraction(value: Decimal | int | str, name: str) -> Decimal:
    rate = to_decimal(value, what=name)
    if not _ZERO < rate < _ONE:
        raise InvalidTermsError(f"{name} must be a fraction between 0 and 1, got {rate}")
    return rate


def _share(value: Decimal | int | str) -> Decimal:
    share = to_decimal(value, what="instalment share")
    if not _ZERO < share <= _ONE:
        raise InvalidTermsError(f"instalment share must be in (0, 1], got {share}")
    return share


def _discount_rate(value: Decimal | int | str) -> Decimal:
    return _fraction(value, "discount rate")


def _discount_days(value: int) -> int:
    return _days(value, "discount days")


def _instalment_days(value: int) -> int:
    return _days(value, "instalment days")


def _net_days(value: int) -> int:
    return _days(value, "net days")


_MAX_MONTHS: Final = 1200
"""Most calendar months in :attr:`PaymentTerms.net_months` or :attr:`PaymentTerms.months_ahead`
(100 years; a larger count is a mistake, and refusing it keeps dates in range)."""


def _months(value: int, name: str) -> int:
    if type(value) is not int:
        raise InvalidTypeError(f"{name} must be an int number of months, not {shown(value)}")
    if not 0 <= value <= _MAX_MONTHS:
        raise InvalidTermsError(f"{name} must be 0 to {_MAX_MONTHS}, got {shown(value)}")
    return value


def _net_months(value: int) -> int:
    return _months(value, "net months")


def _months_ahead(value: int) -> int:
    return _months(value, "months ahead")


def _percent_text(rate: Decimal) -> str:
    return format(CONTEXT.multiply(rate, _HUNDRED).normalize(CONTEXT), "f")


class DueBasis(enum.Enum):
    """What the net days of a :class:`PaymentTerms` count from.

    Examples:
        >>> DueBasis.END_OF_MONTH.value
        'end_of_month'
    """

    INVOICE_DATE = "invoice_date"
    """Net N: N days after the invoice date (N = 0 is due on receipt)."""
    END_OF_MONTH = "end_of_month"
    """Net N EOM: N days after the last day of the invoice's month."""
    DAY_OF_MONTH = "day_of_month"
    """A fixed day of the following month; invoices dated after the cut-off day move a month on."""


@attrs.frozen
class DiscountTier(DataForm):
    """An early-payment discount: ``rate`` off if paid within ``days`` (2/10 is 0.02 within 10).

    ``rate`` is a fraction (``Decimal("0.02")`` for 2%).

    Examples:
        >>> DiscountTier(Decimal("0.02"), 10)
        DiscountTier(rate=Decimal('0.02'), days=10)
    """

    rate: Decimal = attrs.field(converter=_discount_rate)
    days: int = attrs.field(converter=_discount_days)


@attrs.frozen
class Instalment(DataForm):
    """One instalment: ``share`` of the amount (a fraction) due ``days`` after the invoice date.

    Examples:
        >>> Instalment(Decimal("0.5"), 30)
        Instalment(share=Decimal('0.5'), days=30)
    """

    share: Decimal = attrs.field(converter=_share)
    days: int = attrs.field(converter=_instalment_days)


_Part = TypeVar("_Part", DiscountTier, Instalment)


def _parts(value: object, kind: type[_Part], name: str) -> tuple[_Part, ...]:
    """``kind`` values, or ``(rate or share, days)`` pairs made into them; a lone str, a mapping
    or an item that is neither (whose characters or items would unpack into nonsense) is
    refused naming ``name``."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTermsError(
            f"{name} must be a list or tuple of {kind.__name__} values or pairs, not "
            f"{type(value).__name__} {shown(value)}"
        )
    parts = []
    for item in value:
        if isinstance(item, kind):
            parts.append(item)
        elif isinstance(item, tuple | list) and len(item) == 2:
            parts.append(kind(*item))
        else:
            first = "rate" if kind is DiscountTier else "share"
            raise InvalidTermsError(
                f"{name} must hold {kind.__name__} values or ({first}, days) pairs, "
                f"got {shown(item)}"
            )
    return tuple(parts)


def _tiers(
    value: Iterable[DiscountTier | tuple[Decimal | int | str, int]],
) -> tuple[DiscountTier, ...]:
    tiers = _parts(value, DiscountTier, "discounts")
    for earlier, later in itertools.pairwise(tiers):
        if not (earlier.days < later.days and earlier.rate > later.rate):
            raise InvalidTermsError(
                "discount tiers must run from the shortest period with the highest rate to the "
                f"longest with the lowest, got {_percent_text(earlier.rate)}/{earlier.days} before "
                f"{_percent_text(later.rate)}/{later.days}"
            )
    return tiers


def _instalments(
    value: Iterable[Instalment | tuple[Decimal | int | str, int]],
) -> tuple[Instalment, ...]:
    parts = _parts(value, Instalment, "instalments")
    if parts:
        total = functools.reduce(CONTEXT.add, (p.share for p in parts), _ZERO)
        if total != _ONE:
            raise InvalidTermsError(f"instalment shares must sum to 1 (100%), got {total}")
        for earlier, later in itertools.pairwise(parts):
            if earlier.days >= later.days:
                raise InvalidTermsError(
                    f"instalments must fall due in order, got day {earlier.days} then {later.days}"
                )
    return parts


@attrs.frozen(repr=False)
class PaymentTerms(DataForm):
    """When an invoice is due, and what early payment earns.

    Build with the named constructors (:meth:`net`, :meth:`due_on_receipt`, :meth:`end_of_month`,
    :meth:`day_of_month`, :meth:`instalment_plan`) or :func:`parse_terms`. Discount days count from
    the same date the net days count from (the invoice date, or the month end for EOM terms).

    Examples:
        >>> import datetime as dt
        >>> PaymentTerms.net(30).due_date(dt.date(2026, 1, 31))
        datetime.date(2026, 3, 2)
        >>> PaymentTerms.end_of_month(30).due_date(dt.date(2026, 1, 10))
        datetime.date(2026, 3, 2)
        >>> str(PaymentTerms.net(45, discounts=[("0.01", 15)]))
        '1/15 Net 45'
    """

    basis: DueBasis = DueBasis.INVOICE_DATE
    net_days: int = attrs.field(default=30, converter=_net_days)
    day_of_month_due: int | None = None
    cutoff_day: int | None = None
    discounts: tuple[DiscountTier, ...] = attrs.field(default=(), converter=_tiers)
    instalments: tuple[Instalment, ...] = attrs.field(default=(), converter=_instalments)
    net_months: int = attrs.field(default=0, converter=_net_months)
    """Calendar months added to the base date before the net days (invoice-date and end-of-month
    terms): Business Central's ``1M``, ERPNext's "Month(s) after the end of the invoice month".
    A month from the 31st ends on the month's last day (31 January plus one month is 28 or 29
    February), as both systems count."""
    months_ahead: int = attrs.field(default=1, converter=_months_ahead)
    """Day-of-month terms only: which month the day falls in, counted from the invoice's month
    (0 the same month, as Xero's "of the current month"; 1 the next; 2 the one after, as Odoo's "10
    Days after End of Next Month"). An invoice dated after the cut-off day moves one month on."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.basis, DueBasis):
            raise InvalidTypeError(f"basis must be a DueBasis, not {shown(self.basis)}")
        if self.basis is DueBasis.DAY_OF_MONTH:
            day = self.day_of_month_due
            if type(day) is not int or not 1 <= day <= 31:
                raise InvalidTermsError(f"day_of_month_due must be 1 to 31, got {shown(day)}")
            cutoff = self.cutoff_day
            if cutoff is not None and (type(cutoff) is not int or not 1 <= cutoff <= 31):
                raise InvalidTermsError(f"cutoff_day must be 1 to 31, got {shown(cutoff)}")
            if self.net_days:
                raise InvalidTermsError("day-of-month terms have no net days")
            if self.net_months:
                raise InvalidTermsError("day-of-month terms have no net months")
        elif self.day_of_month_due is not None or self.cutoff_day is not None:
            raise InvalidTermsError(
                "day_of_month_due and cutoff_day belong only to DueBasis.DAY_OF_MONTH terms"
            )
        elif self.months_ahead != 1:
            raise InvalidTermsError("months_ahead belongs only to DueBasis.DAY_OF_MONTH terms")
        if self.instalments:
            if self.basis is not DueBasis.INVOICE_DATE:
                raise InvalidTermsError("instalment terms count from the invoice date")
            if self.net_months:
                raise InvalidTermsError("instalment terms count days, not months")
            if self.net_days != self.instalments[-1].days:
                raise InvalidTermsError(
                    "the net days of instalment terms are the last instalment's days "
                    f"({self.instalments[-1].days}), got {self.net_days}"
                )
        if self.discounts and self.basis is not DueBasis.DAY_OF_MONTH:
            last = self.discounts[-1].days
            # A month is at least 28 days: the shortest the net period can be.
            shortest = self.net_days + 28 * self.net_months
            if last > shortest:
                raise InvalidTermsError(
                    f"a discount period ({last} days) cannot outlast the net period "
                    f"({shortest} days{' at the shortest' if self.net_months else ''})"
                )

    # -- constructors ----------------------------------------------------------------------------

    @classmethod
    def net(
        cls,
        days: int,
        *,
        discounts: Sequence[DiscountTier | tuple[Decimal | int | str, int]] = (),
    ) -> PaymentTerms:
        """Net ``days`` from the invoice date, with optional discount tiers ``(rate, days)``.

        Examples:
            >>> str(PaymentTerms.net(30, discounts=[(Decimal("0.02"), 10)]))
            '2/10 Net 30'
        """
        return cls(DueBasis.INVOICE_DATE, days, discounts=tuple(discounts))

    @classmethod
    def due_on_receipt(cls) -> PaymentTerms:
        """Due on the invoice date.

        Examples:
            >>> str(PaymentTerms.due_on_receipt())
            'Due on receipt'
        """
        return cls(DueBasis.INVOICE_DATE, 0)

    @classmethod
    def end_of_month(
        cls,
        days: int,
        *,
        discounts: Sequence[DiscountTier | tuple[Decimal | int | str, int]] = (),
    ) -> PaymentTerms:
        """Net ``days`` after the end of the invoice's month ("Net 30 EOM").

        Examples:
            >>> str(PaymentTerms.end_of_month(30))
            'Net 30 EOM'
        """
        return cls(DueBasis.END_OF_MONTH, days, discounts=tuple(discounts))

    @classmethod
    def day_of_month(cls, day: int, *, cutoff_day: int | None = None) -> PaymentTerms:
        """Due on ``day`` of the following month ("10th prox"); past ``cutoff_day``, a month later.

        A day beyond the month's length means its last day (31 in February is the 28th or 29th).

        Examples:
            >>> str(PaymentTerms.day_of_month(10, cutoff_day=25))
            'Day 10 of next month, cut-off 25'
        """
        return cls(DueBasis.DAY_OF_MONTH, 0, day_of_month_due=day, cutoff_day=cutoff_day)

    @classmethod
    def instalment_plan(
        cls, instalments: Sequence[Instalment | tuple[Decimal | int | str, int]]
    ) -> PaymentTerms:
        """Instalments: ``(share, days)`` pairs whose shares sum to 1, due in order.

        Examples:
            >>> str(PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)]))
            'Instalments 50%/30 50%/60'
        """
        parts = _instalments(instalments)
        if not parts:
            raise InvalidTermsError("an instalment plan needs at least one instalment")
        return cls(DueBasis.INVOICE_DATE, parts[-1].days, instalments=parts)

    # -- dates and amounts -----------------------------------------------------------------------

    def _base_date(self, invoice_date: dt.date) -> dt.date:
        if self.basis is DueBasis.END_OF_MONTH:
            return _end_of_month(invoice_date)
        return invoice_date

    def due_date(self, invoice_date: dt.date) -> dt.date:
        """The net due date of an invoice dated ``invoice_date`` (the last instalment's date).

        Examples:
            >>> import datetime as dt
            >>> PaymentTerms.due_on_receipt().due_date(dt.date(2026, 5, 4))
            datetime.date(2026, 5, 4)
        """
        require_date(invoice_date, "invoice_date")
        if self.basis is DueBasis.DAY_OF_MONTH:
            assert self.day_of_month_due is not None
            months = self.months_ahead
            if self.cutoff_day is not None and invoice_date.day > self.cutoff_day:
                months += 1
            return add_months(
                invoice_date, months, "the due date", day_of_month=self.day_of_month_due
            )
        base = self._base_date(invoice_date)
        if self.net_months:
            base = add_months(base, self.net_months, "the due date")
        return add_days(base, self.net_days, "the due date")

    def discount_deadlines(self, invoice_date: dt.date) -> tuple[tuple[dt.date, Decimal], ...]:
        """Each discount tier's last day and rate, in tier order.

        Examples:
            >>> import datetime as dt
            >>> terms = parse_terms("2/10 1/20 Net 30")
            >>> for deadline, rate in terms.discount_deadlines(dt.date(2026, 3, 1)):
            ...     print(deadline, rate)
            2026-03-11 0.02
            2026-03-21 0.01
        """
        require_date(invoice_date, "invoice_date")
        base = self._base_date(invoice_date)
        return tuple(
            (add_days(base, t.days, "the discount deadline"), t.rate) for t in self.discounts
        )

    def discount_deadline(self, invoice_date: dt.date) -> dt.date | None:
        """The last day on which any discount can be taken, or ``None`` without discounts.

        Examples:
            >>> import datetime as dt
            >>> parse_terms("2/10 Net 30").discount_deadline(dt.date(2026, 3, 1))
            datetime.date(2026, 3, 11)
        """
        deadlines = self.discount_deadlines(invoice_date)
        return deadlines[-1][0] if deadlines else None

    def discount_rate_on(
        self, invoice_date: dt.date, payment_date: dt.date, *, grace_days: int = 0
    ) -> Decimal:
        """The discount rate a payment on ``payment_date`` earns (0 when none applies).

        ``grace_days`` extends every deadline, as many companies honour a discount taken a few
        days late (mail float, bank delays).

        Examples:
            >>> import datetime as dt
            >>> terms = parse_terms("2/10 1/20 Net 30")
            >>> invoiced = dt.date(2026, 3, 1)
            >>> [terms.discount_rate_on(invoiced, dt.date(2026, 3, d)) for d in (11, 12, 22)]
            [Decimal('0.02'), Decimal('0.01'), Decimal('0')]
        """
        require_date(payment_date, "payment_date")
        grace = _days(grace_days, "grace_days")
        for deadline, rate in self.discount_deadlines(invoice_date):
            # Compared as a day count: a deadline plus a huge grace need not be a valid date.
            if (payment_date - deadline).days <= grace:
                return rate
        return _ZERO

    def discount_for(
        self,
        amount: Money,
        invoice_date: dt.date,
        payment_date: dt.date,
        *,
        grace_days: int = 0,
    ) -> Money:
        """The discount a payer may take on ``amount`` when paying on ``payment_date``.

        Rounded to minor units with the library default mode; zero when no discount applies.

        Examples:
            >>> import datetime as dt
            >>> terms = parse_terms("1/15 net 45")
            >>> amount, invoiced = Money("999.99", "USD"), dt.date(2026, 1, 1)
            >>> terms.discount_for(amount, invoiced, dt.date(2026, 1, 16))
            Money('10.00', 'USD')
        """
        require_money(amount, "amount")
        rate = self.discount_rate_on(invoice_date, payment_date, grace_days=grace_days)
        return (amount * rate).round()

    def instalment_schedule(
        self, amount: Money, invoice_date: dt.date
    ) -> tuple[tuple[dt.date, Money], ...]:
        """Due dates and amounts of each instalment, split by the shares exactly.

        The amounts come from :meth:`~receivables.Money.allocate` (largest remainder), so no
        instalment is ever negative and they sum exactly to ``amount`` (an amount finer than the
        currency's minor units leaves its fraction on the last instalment). Terms without
        instalments give one line: the whole amount on the due date.

        Examples:
            >>> import datetime as dt
            >>> plan = [("0.3333", 30), ("0.3333", 60), ("0.3334", 90)]
            >>> terms = PaymentTerms.instalment_plan(plan)
            >>> schedule = terms.instalment_schedule(Money("100.00", "USD"), dt.date(2026, 1, 1))
            >>> [str(amount) for _, amount in schedule]
            ['33.33 USD', '33.33 USD', '33.34 USD']
        """
        require_money(amount, "amount")
        require_date(invoice_date, "invoice_date")
        if not self.instalments:
            return ((self.due_date(invoice_date), amount),)
        # Rounding each share on its own can overshoot (five shares of 0.10 USD at 5%, 5%, 5%,
        # 75%, 10% round to 0.01 + 0.01 + 0.01 + 0.08 = 0.11) and leave the last one negative.
        rounded = amount.round()
        parts = list(rounded.allocate([part.share for part in self.instalments]))
        parts[-1] += amount - rounded
        return tuple(
            (add_days(invoice_date, part.days, "an instalment's due date"), share)
            for part, share in zip(self.instalments, parts, strict=True)
        )

    # -- text ------------------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PaymentTerms:
        """Same as :func:`parse_terms`.

        Examples:
            >>> PaymentTerms.parse("2/10 net 30") == PaymentTerms.net(30, discounts=[("0.02", 10)])
            True
        """
        return parse_terms(text)

    def __repr__(self) -> str:
        return f"PaymentTerms.parse({str(self)!r})"

    def __str__(self) -> str:
        if self.instalments:
            parts = " ".join(f"{_percent_text(i.share)}%/{i.days}" for i in self.instalments)
            return f"Instalments {parts}"
        if self.basis is DueBasis.DAY_OF_MONTH:
            month = {0: "this month", 1: "next month"}.get(
                self.months_ahead, f"month +{self.months_ahead}"
            )
            text = f"Day {self.day_of_month_due} of {month}"
            if self.cutoff_day is not None:
                text += f", cut-off {self.cutoff_day}"
            return text
        tiers = " ".join(f"{_percent_text(t.rate)}/{t.days}" for t in self.discounts)
        if (
            self.basis is DueBasis.INVOICE_DATE
            and self.net_days == 0
            and not self.net_months
            and not tiers
        ):
            return "Due on receipt"
        text = f"Net {self.net_days}"
        if self.net_months:
            plural = "s" if self.net_months != 1 else ""
            days = f" {self.net_days} days" if self.net_days else ""
            text = f"Net {self.net_months} month{plural}{days}"
        if self.basis is DueBasis.END_OF_MONTH:
            text += " EOM"
        return f"{tiers} {text}" if tiers else text


# -- parsing -------------------------------------------------------------------------------------

_MAX_TEXT_LENGTH: Final = 200
"""Longest terms text :func:`parse_terms` reads, surrounding whitespace aside (ERP terms texts
are some 50 characters; fixed-width exports pad with spaces, which do not count)."""
_MAX_DAYS_DIGITS: Final = 5
"""Most digits in a number of days or a day of the month (99999 days is some 270 years)."""
_MAX_PERCENT_DIGITS: Final = 12
"""Most digits, both sides of the point, in a discount or instalment percentage."""
_QUOTED_LENGTH: Final = 60
"""Longest prefix of a refused text quoted in a :class:`TermsParseError` message."""

# Why the expressions below look as they do: Python's ``re`` backtracks, so a pattern in which one
# piece of text can be matched in several ways (adjacent quantifiers over the same characters,
# such as ``\d+\s*\d+`` or a repeated group whose end is not marked) takes exponential time on
# text that almost matches. Each pattern here reads its text in one way only. ``_COLLAPSE`` keeps
# whitespace runs to one character first, so ``\s*`` next to ``\s*`` cannot run in squares either
# (every pattern accepts one space wherever it accepts several).
_COLLAPSE = re.compile(r"\s{2,}")
_RECEIPT = re.compile(
    r"^(?:due\s+(?:up)?on\s+receipt|(?:up)?on\s+receipt|receipt|immediate(?:ly)?|"
    r"due\s+immediately|cash\s+on\s+receipt|net\s*0|n\s*0)$"
)
_RATE = r"\d+(?:\.\d+)?"
_SEP = r"\s*(?:%\s*/?|/)\s*"
# A tier is RATE SEP DAYS [days]; tiers may follow each other with no space ("2/101/20" is
# 2/10 then 1/20), so the digits between two separators are the days of one tier and the rate of
# the next. The old ``(?:TIER\s*)*`` tried every split of such a run and every way to end the
# repetition (13 s for ``"1/111" * 15 + "x"``, tripling every five characters). Here the text
# between two separators is one atomic piece read in one way: a run of two or more digits with
# nothing between days and rate, or days, then "day(s)" or a space, then the rate. It accepts the
# same texts as before; the tiers are then read one by one with ``_TIER_ONE`` as before.
_BETWEEN = r"\d(?:\d+(?:\.\d+)?|\d*(?:\s*days?|\s)\s*\d+(?:\.\d+)?)"
_TIERS = rf"(?:{_RATE}{_SEP}(?>{_BETWEEN}{_SEP})*\d+(?:\s*days?)?\s*)?"
_NET = r"(?:net|n)\s*/?\s*(?P<net>\d+)(?:\s*days?)?"
_EOM = r"(?:eom|end\s+of\s+(?:the\s+)?month|e\.o\.m\.?)"
_NET_TERMS = re.compile(
    rf"^(?P<tiers>{_TIERS})\s*(?:(?P<eom_before>{_EOM})\s*)?{_NET}\s*(?P<eom>{_EOM})?$"
)
# ``(?<!\d)``: a tier never starts inside a run of digits (had it failed at the run's first digit,
# it fails at every later one), and without the guard ``findall`` retried each digit of a long run,
# quadratic time.
_TIER_ONE = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*(?:%\s*/?|/)\s*(\d+)(?:\s*days?)?")
_DAY_OF_MONTH = re.compile(
    r"^(?:day\s+(\d+)\s+of\s+(?:the\s+)?(?:next|following)\s+month|"
    r"(\d+)(?:st|nd|rd|th)?\s+(?:of\s+(?:the\s+)?(?:next|following)\s+month|prox(?:imo)?\.?))"
    r"(?:\s*,?\s*cut-?\s*off\s+(?:day\s+)?(\d+))?$"
)
_INSTALMENTS = re.compile(r"^instal?lments?:?\s+(.+)$")
# Canonical spellings of month-based terms (``str()`` of them), read back.
_NET_MONTHS = re.compile(
    rf"^(?P<tiers>{_TIERS})\s*net (?P<months>\d+) months?(?: (?P<days>\d+) days?)?"
    r"(?: (?P<eom>eom))?$"
)
_DAY_OF_MONTH_AHEAD = re.compile(
    r"^day (\d+) of (?:this month|the current month|month \+ ?(\d+))"
    r"(?:\s*,?\s*cut-?\s*off\s+(?:day\s+)?(\d+))?$"
)
# The names ERP systems give their standard terms, read as each system documents its due date
# (tests/test_terms_names.py cites the documentation). Each expression is anchored and reads its
# text in one way only, so each runs in linear time (see above). "day(s)" is how Xero and ERPNext
# print the unit.
_DAYS_WORD = r"days?(?:\(s\))?"
_NAMED_RECEIPT = re.compile(r"^(?:immediate payment|cod|cash on delivery|0 ?d)$")
_NAMED_NET = re.compile(rf"^(\d+) ?{_DAYS_WORD}(?: after (?:the )?invoice date)?$")
_NAMED_EOM = re.compile(rf"^(\d+) ?{_DAYS_WORD} after (?:the )?end of (?:the )?invoice month$")
_NAMED_MONTHS_EOM = re.compile(
    r"^(\d+) ?months?(?:\(s\))? after (?:the )?end of (?:the )?invoice month$"
)
_END_OF_NEXT_MONTH = re.compile(r"^end of (?:the )?(?:following|next) month$")
_DAYS_AFTER_END_OF_NEXT_MONTH = re.compile(
    rf"^(\d+) ?{_DAYS_WORD} after (?:the )?end of (?:the )?(?:following|next) month$"
)
_NOW_AND_BALANCE = re.compile(rf"^(\d+(?:\.\d+)?) ?% now balance (\d+) ?{_DAYS_WORD}$")
_CURRENT_MONTH = re.compile(r"^(\d+)(?:st|nd|rd|th)? of (?:the )?current month$")
# Business Central date formulas as payment-terms codes: 30D, 1M, CM, CM+10D, and 1M(8D).
_BC_DAYS = re.compile(r"^(\d+) ?d$")
_BC_MONTHS = re.compile(r"^(\d+) ?m$")
_BC_CURRENT_MONTH = re.compile(r"^cm(?: ?\+ ?(\d+) ?d)?$")
_BC_MONTHS_DISCOUNT = re.compile(r"^(\d+) ?m ?\( ?(\d+) ?d ?\)$")
# ``(?<!\d)`` as in ``_TIER_ONE``: ``"instalments " + "9" * 10000`` took 11 s without it.
_INSTALMENT_ONE = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*%\s*(?:/|@|at)\s*(\d+)(?:\s*days?)?")


@attrs.frozen
class ParsedTerms(DictForm):
    """What the lenient :func:`parse_terms` (``default=`` given) read: terms and why.

    ``terms`` are the terms read, or the default when the text could not be read; ``defaulted``
    says which, and ``reasons`` explains a default (code ``terms.defaulted``, with the error and
    the text as figures); it is empty when the text was read.

    Examples:
        >>> parsed = parse_terms("Net 30 on Tuesdays", default=PaymentTerms.net(30))
        >>> parsed.defaulted, str(parsed.terms), parsed.reasons[0].code
        (True, 'Net 30', 'terms.defaulted')
    """

    terms: PaymentTerms
    defaulted: bool = False
    reasons: tuple[Reason, ...] = ()


@overload
def parse_terms(text: str) -> PaymentTerms: ...


@overload
def parse_terms(text: str, *, default: PaymentTerms) -> ParsedTerms: ...


def parse_terms(text: str, *, default: PaymentTerms | None = None) -> PaymentTerms | ParsedTerms:
    """Read payment terms from the spellings ERP systems export.

    Accepted (case and spacing are free): ``Net 30``, ``NET30``, ``N30``, ``n/30``,
    ``Net 30 days``, ``2/10 Net 30``, ``2% 10 Net 30``, ``2/10 N30``, ``1/15 net 45``, several tiers
    (``2/10 1/20 Net 30``), ``Net 30 EOM`` (or ``EOM Net 30``), ``Due on receipt``, ``Upon
    receipt``, ``Immediate``, ``Net 0``, ``10th prox``, ``Day 10 of next month, cut-off 25``, and
    ``Instalments 50%/30 50%/60``.

    The standard term names of ERP systems are read as each system documents the due date:
    Odoo's ``Immediate Payment``, ``15 Days`` (and 21, 30, 45), ``End of Following Month`` (the
    last day of the next month), ``10 Days after End of Next Month`` (the 10th of the month
    after next), ``30% Now, Balance 60 Days`` (instalments at 0 and 60 days) and ``2/7 Net 30``;
    Xero's and ERPNext's ``N day(s) after the invoice date``, ``N day(s) after the end of the
    invoice month``, ``D of the following month``, ``D of the current month`` and ERPNext's ``N
    month(s) after the end of the invoice month``; Business Central's codes ``14 DAYS``,
    ``30D``, ``1M`` (one calendar month), ``CM`` (the end of the current month), ``CM+10D``,
    ``COD`` and ``1M(8D)`` (its standard code: one month net, 2% within 8 days); NetSuite's and
    QuickBooks' ``Net 30``, ``1% 10 Net 30`` and ``Due on receipt``. ``str()`` of month-based
    terms is ``Net 1 month``, ``Day 10 of month +2``, ``Day 15 of this month``, read back too.

    Anything else raises :class:`~receivables.errors.TermsParseError` quoting the text (its
    first 60 characters). With ``default`` given (the lenient form, for bulk loads) nothing is
    raised for unreadable text: a :class:`ParsedTerms` carries the terms read, or ``default``
    with a ``terms.defaulted`` reason saying why. Without ``default`` the return type is
    :class:`PaymentTerms`, as it always was.

    Limits: the text is at most 200 characters once surrounding whitespace is stripped; days
    (net, discount, instalment, day of month, cut-off) have at most 5 digits; percentages at most
    12 digits. Past them :class:`~receivables.errors.TermsParseError` is raised. Reading takes
    time linear in the length of the text.

    Examples:
        >>> parse_terms("2/10 N30") == PaymentTerms.net(30, discounts=[("0.02", 10)])
        True
        >>> str(parse_terms("net 30 eom")), str(parse_terms("Due upon receipt"))
        ('Net 30 EOM', 'Due on receipt')
        >>> str(parse_terms("10 Days after End of Next Month")), str(parse_terms("1M(8D)"))
        ('Day 10 of month +2', '2/8 Net 1 month')
        >>> parse_terms("Pay whenever", default=PaymentTerms.net(30)).defaulted
        True
    """
    if default is None:
        return _parse_strict(text)
    if not isinstance(default, PaymentTerms):
        raise InvalidTypeError(f"default must be PaymentTerms, not {type(default).__name__}")
    try:
        return ParsedTerms(_parse_strict(text))
    except TermsParseError as error:
        reason = Reason.of(
            "terms.defaulted",
            f"{error}; used the default terms {default}",
            text=text if len(text) <= _QUOTED_LENGTH else text[:_QUOTED_LENGTH],
            default=str(default),
        )
        return ParsedTerms(default, defaulted=True, reasons=(reason,))


def _parse_strict(text: str) -> PaymentTerms:
    if not isinstance(text, str):
        raise InvalidTypeError(f"terms text must be a str, not {type(text).__name__}")
    stripped = text.strip()
    if len(stripped) > _MAX_TEXT_LENGTH:
        raise TermsParseError(
            f"cannot read payment terms from {_quote(text)}: "
            f"longer than {_MAX_TEXT_LENGTH} characters"
        )
    normal = " ".join(stripped.lower().replace(",", " , ").split()).replace(" , ", ", ")
    normal = normal.replace(" ,", ",").rstrip(",").strip()
    try:
        return _parse(normal)
    except TermsParseError as error:
        detail = f": {error}" if error.args and error.args[0] != normal else ""
        raise TermsParseError(f"cannot read payment terms from {_quote(text)}{detail}") from None
    except InvalidTermsError as error:
        raise TermsParseError(f"cannot read payment terms from {_quote(text)}: {error}") from None


def _quote(text: str) -> str:
    if len(text) <= _QUOTED_LENGTH:
        return repr(text)
    return f"{text[:_QUOTED_LENGTH]!r}... ({len(text)} characters)"


def _days_number(digits: str) -> int:
    if len(digits) > _MAX_DAYS_DIGITS:
        raise TermsParseError(f"days have at most {_MAX_DAYS_DIGITS} digits, got {len(digits)}")
    return int(digits)


def _percent(digits: str) -> Decimal:
    if len(digits) - ("." in digits) > _MAX_PERCENT_DIGITS:
        raise TermsParseError(f"percentages have at most {_MAX_PERCENT_DIGITS} digits")
    return CONTEXT.divide(Decimal(digits), _HUNDRED)


def _parse(normal: str) -> PaymentTerms:
    without_commas = _COLLAPSE.sub(" ", normal.replace(",", ""))
    if _RECEIPT.match(without_commas):
        return PaymentTerms.due_on_receipt()
    match = _NET_TERMS.match(without_commas)
    if match:
        net_days = _days_number(match.group("net"))
        tiers = [
            (_percent(rate), _days_number(days))
            for rate, days in _TIER_ONE.findall(match.group("tiers") or "")
        ]
        eom = bool(match.group("eom") or match.group("eom_before"))
        if eom:
            return PaymentTerms.end_of_month(net_days, discounts=tiers)
        return PaymentTerms.net(net_days, discounts=tiers)
    match = _DAY_OF_MONTH.match(normal)
    if match:
        day = _days_number(match.group(1) or match.group(2))
        cutoff = _days_number(match.group(3)) if match.group(3) else None
        return PaymentTerms.day_of_month(day, cutoff_day=cutoff)
    match = _INSTALMENTS.match(normal)
    if match:
        body = match.group(1)
        found = _INSTALMENT_ONE.findall(body)
        leftover = _INSTALMENT_ONE.sub(" ", body).replace(",", " ").replace("&", " ")
        if not found or leftover.replace("and", " ").strip():
            raise TermsParseError(normal)
        parts = [(_percent(share), _days_number(days)) for share, days in found]
        return PaymentTerms.instalment_plan(parts)
    named = _named(without_commas)
    if named is not None:
        return named
    raise TermsParseError(normal)


def _named(text: str) -> PaymentTerms | None:
    """Terms from the standard names and codes of ERP systems, or ``None``."""
    if _NAMED_RECEIPT.match(text):
        return PaymentTerms.due_on_receipt()
    match = _NAMED_NET.match(text) or _BC_DAYS.match(text)
    if match:
        return PaymentTerms.net(_days_number(match.group(1)))
    match = _NAMED_EOM.match(text)
    if match:
        return PaymentTerms.end_of_month(_days_number(match.group(1)))
    match = _BC_CURRENT_MONTH.match(text)
    if match:
        return PaymentTerms.end_of_month(_days_number(match.group(1) or "0"))
    match = _NAMED_MONTHS_EOM.match(text)
    if match:
        months = _days_number(match.group(1))
        return PaymentTerms(DueBasis.END_OF_MONTH, 0, net_months=months)
    match = _BC_MONTHS.match(text)
    if match:
        return PaymentTerms(DueBasis.INVOICE_DATE, 0, net_months=_days_number(match.group(1)))
    match = _BC_MONTHS_DISCOUNT.match(text)
    if match:
        months, days = _days_number(match.group(1)), _days_number(match.group(2))
        if (months, days) != (1, 8):
            raise TermsParseError(
                f"a Business Central code {months}M({days}D) names the net and discount periods "
                "but not the discount rate; only the standard 1M(8D) (2% within 8 days) is known"
            )
        discount = (Decimal("0.02"), 8)
        return PaymentTerms(DueBasis.INVOICE_DATE, 0, discounts=(discount,), net_months=1)
    if _END_OF_NEXT_MONTH.match(text):
        return PaymentTerms.day_of_month(31)
    match = _DAYS_AFTER_END_OF_NEXT_MONTH.match(text)
    if match:
        days = _days_number(match.group(1))
        if days == 0:
            return PaymentTerms.day_of_month(31)
        if days > 28:
            # The end of next month plus N days is the Nth of the month after only while N is at
            # most 28 (28 February plus 30 days is 30 March, not 30 February).
            raise TermsParseError(
                f"{days} days after the end of next month is not a fixed day of a month; "
                "terms of at most 28 days after a month end are read"
            )
        return PaymentTerms(DueBasis.DAY_OF_MONTH, 0, day_of_month_due=days, months_ahead=2)
    match = _NOW_AND_BALANCE.match(text)
    if match:
        now = _percent(match.group(1))
        later = _days_number(match.group(2))
        if not _ZERO < now < _ONE or not later:
            raise TermsParseError("a share paid now must be between 0% and 100%, the rest later")
        return PaymentTerms.instalment_plan([(now, 0), (CONTEXT.subtract(_ONE, now), later)])
    match = _CURRENT_MONTH.match(text) or _DAY_OF_MONTH_AHEAD.match(text)
    if match:
        day = _days_number(match.group(1))
        ahead = 0
        cutoff = None
        if match.re is _DAY_OF_MONTH_AHEAD:
            ahead = _days_number(match.group(2)) if match.group(2) else 0
            cutoff = _days_number(match.group(3)) if match.group(3) else None
        return PaymentTerms(
            DueBasis.DAY_OF_MONTH, 0, day_of_month_due=day, cutoff_day=cutoff, months_ahead=ahead
        )
    match = _NET_MONTHS.match(text)
    if match:
        tiers = [
            (_percent(rate), _days_number(days))
            for rate, days in _TIER_ONE.findall(match.group("tiers") or "")
        ]
        basis = DueBasis.END_OF_MONTH if match.group("eom") else DueBasis.INVOICE_DATE
        return PaymentTerms(
            basis,
            _days_number(match.group("days") or "0"),
            discounts=tiers,
            net_months=_days_number(match.group("months")),
        )
    return None
