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
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables._validate import add_days, add_months, require_date, require_money
from receivables.errors import InvalidTermsError, InvalidTypeError, TermsParseError
from receivables.money import Money, to_decimal

__all__ = [
    "DiscountTier",
    "DueBasis",
    "Instalment",
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
        raise InvalidTermsError(f"{name} must not be negative, got {value}")
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
class DiscountTier:
    """An early-payment discount: ``rate`` off if paid within ``days`` (2/10 is 0.02 within 10).

    ``rate`` is a fraction (``Decimal("0.02")`` for 2%).

    Examples:
        >>> DiscountTier(Decimal("0.02"), 10)
        DiscountTier(rate=Decimal('0.02'), days=10)
    """

    rate: Decimal = attrs.field(converter=_discount_rate)
    days: int = attrs.field(converter=_discount_days)


@attrs.frozen
class Instalment:
    """One instalment: ``share`` of the amount (a fraction) due ``days`` after the invoice date.

    Examples:
        >>> Instalment(Decimal("0.5"), 30)
        Instalment(share=Decimal('0.5'), days=30)
    """

    share: Decimal = attrs.field(converter=_share)
    days: int = attrs.field(converter=_instalment_days)


def _tiers(
    value: Iterable[DiscountTier | tuple[Decimal | int | str, int]],
) -> tuple[DiscountTier, ...]:
    tiers = tuple(t if isinstance(t, DiscountTier) else DiscountTier(*t) for t in value)
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
    parts = tuple(i if isinstance(i, Instalment) else Instalment(*i) for i in value)
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
class PaymentTerms:
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
        elif self.day_of_month_due is not None or self.cutoff_day is not None:
            raise InvalidTermsError(
                "day_of_month_due and cutoff_day belong only to DueBasis.DAY_OF_MONTH terms"
            )
        if self.instalments:
            if self.basis is not DueBasis.INVOICE_DATE:
                raise InvalidTermsError("instalment terms count from the invoice date")
            if self.net_days != self.instalments[-1].days:
                raise InvalidTermsError(
                    "the net days of instalment terms are the last instalment's days "
                    f"({self.instalments[-1].days}), got {self.net_days}"
                )
        if self.discounts and self.basis is not DueBasis.DAY_OF_MONTH:
            last = self.discounts[-1].days
            if last > self.net_days:
                raise InvalidTermsError(
                    f"a discount period ({last} days) cannot outlast the net period "
                    f"({self.net_days} days)"
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
            months = 1
            if self.cutoff_day is not None and invoice_date.day > self.cutoff_day:
                months = 2
            return add_months(
                invoice_date, months, "the due date", day_of_month=self.day_of_month_due
            )
        return add_days(self._base_date(invoice_date), self.net_days, "the due date")

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
        """Due dates and amounts of each instalment; the last absorbs the rounding.

        Terms without instalments give one line: the whole amount on the due date.

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
        lines: list[tuple[dt.date, Money]] = []
        allocated = Money.zero(amount.currency)
        for part in self.instalments[:-1]:
            share = (amount * part.share).round()
            allocated += share
            lines.append((add_days(invoice_date, part.days, "an instalment's due date"), share))
        last = self.instalments[-1]
        lines.append(
            (add_days(invoice_date, last.days, "an instalment's due date"), amount - allocated)
        )
        return tuple(lines)

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
            text = f"Day {self.day_of_month_due} of next month"
            if self.cutoff_day is not None:
                text += f", cut-off {self.cutoff_day}"
            return text
        tiers = " ".join(f"{_percent_text(t.rate)}/{t.days}" for t in self.discounts)
        if self.basis is DueBasis.INVOICE_DATE and self.net_days == 0 and not tiers:
            return "Due on receipt"
        text = f"Net {self.net_days}"
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
# ``(?<!\d)`` as in ``_TIER_ONE``: ``"instalments " + "9" * 10000`` took 11 s without it.
_INSTALMENT_ONE = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*%\s*(?:/|@|at)\s*(\d+)(?:\s*days?)?")


def parse_terms(text: str) -> PaymentTerms:
    """Read payment terms from the spellings ERP systems export.

    Accepted (case and spacing are free): ``Net 30``, ``NET30``, ``N30``, ``n/30``,
    ``Net 30 days``, ``2/10 Net 30``, ``2% 10 Net 30``, ``2/10 N30``, ``1/15 net 45``, several tiers
    (``2/10 1/20 Net 30``), ``Net 30 EOM`` (or ``EOM Net 30``), ``Due on receipt``, ``Upon
    receipt``, ``Immediate``, ``Net 0``, ``10th prox``, ``Day 10 of next month, cut-off 25``, and
    ``Instalments 50%/30 50%/60``. Anything else raises
    :class:`~receivables.errors.TermsParseError` quoting the text (its first 60 characters).

    Limits: the text is at most 200 characters once surrounding whitespace is stripped; days
    (net, discount, instalment, day of month, cut-off) have at most 5 digits; percentages at most
    12 digits. Past them :class:`~receivables.errors.TermsParseError` is raised. Reading takes
    time linear in the length of the text.

    Examples:
        >>> parse_terms("2/10 N30") == PaymentTerms.net(30, discounts=[("0.02", 10)])
        True
        >>> str(parse_terms("net 30 eom")), str(parse_terms("Due upon receipt"))
        ('Net 30 EOM', 'Due on receipt')
    """
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
    raise TermsParseError(normal)
