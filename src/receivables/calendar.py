"""Business days and day counts: which days count, how dates roll, how interest accrues.

A :class:`BusinessCalendar` is anything with ``is_business_day(date) -> bool``:
:class:`WeekendCalendar` and :class:`HolidayCalendar` are provided, and an adapter to the optional
``holidays`` package builds a :class:`HolidayCalendar` for a country. :func:`adjust` rolls a date
that falls on a non-business day by a :class:`Convention`; :class:`DayCount` holds the ISDA 2006
day-count fractions used for late-payment and contractual interest.

Examples:
    >>> import datetime as dt
    >>> cal = HolidayCalendar({dt.date(2026, 12, 25)})
    >>> adjust(dt.date(2026, 12, 25), cal, Convention.FOLLOWING)  # a Friday holiday
    datetime.date(2026, 12, 28)
    >>> DayCount.ACT_360.year_fraction(dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    Decimal('0.25')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, Protocol, runtime_checkable

import attrs

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables._validate import add_days, require_date
from receivables.convert import DataForm
from receivables.errors import InvalidDateError, InvalidTypeError, ValidationError

__all__ = [
    "BusinessCalendar",
    "Convention",
    "DayCount",
    "HolidayCalendar",
    "WeekendCalendar",
    "add_business_days",
    "adjust",
    "business_days_between",
]

_ONE_DAY: Final = dt.timedelta(days=1)
# A calendar with no business day for ten years is broken; stop rather than loop for ever.
_MAX_SEARCH_DAYS: Final = 3660
# No term, dunning interval or limitation period runs near 100,000 business days (about 380
# years); a bigger step is a mistake, and refusing it keeps the day-by-day walk short.
_MAX_BUSINESS_DAYS: Final = 100_000


@runtime_checkable
class BusinessCalendar(Protocol):
    """Anything that says whether a date is a business day.

    Plug in your own (a treasury calendar, an ERP's factory calendar) without subclassing.

    Examples:
        >>> class EveryDay:
        ...     def is_business_day(self, day: dt.date) -> bool:
        ...         return True
        >>> isinstance(EveryDay(), BusinessCalendar)
        True
    """

    def is_business_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a business day."""
        ...


def _weekend_days(value: Iterable[int]) -> frozenset[int]:
    if isinstance(value, str | bytes):
        raise InvalidTypeError("weekend must be weekday numbers (Monday=0 ... Sunday=6), not text")
    days = frozenset(value)
    for day in days:
        if type(day) is not int or not 0 <= day <= 6:
            raise ValidationError(
                f"weekend days are weekday numbers 0 (Monday) to 6 (Sunday), got {shown(day)}"
            )
    if len(days) == 7:
        raise ValidationError("a weekend of all seven days leaves no business day")
    return days


@attrs.frozen
class WeekendCalendar(DataForm):
    """Business days are the days that are not weekend days (Monday=0 ... Sunday=6).

    The default weekend is Saturday and Sunday; ``WeekendCalendar({4, 5})`` is a Friday-Saturday
    weekend.

    Examples:
        >>> import datetime as dt
        >>> WeekendCalendar().is_business_day(dt.date(2026, 11, 28))  # a Saturday
        False
        >>> WeekendCalendar({4, 5}).is_business_day(dt.date(2026, 11, 29))  # a Sunday
        True
    """

    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_weekend_days)

    def is_business_day(self, day: dt.date) -> bool:
        """Whether ``day`` is not a weekend day (BusinessCalendar)."""
        return day.weekday() not in self.weekend


def _date_set(value: Iterable[dt.date]) -> frozenset[dt.date]:
    days = frozenset(value)
    for day in days:
        require_date(day, "holiday")
    return days


@attrs.frozen
class HolidayCalendar(DataForm):
    """A weekend calendar plus the holidays the caller supplies.

    Examples:
        >>> import datetime as dt
        >>> cal = HolidayCalendar([dt.date(2026, 1, 1)])
        >>> cal.is_business_day(dt.date(2026, 1, 1)), cal.is_business_day(dt.date(2026, 1, 2))
        (False, True)
    """

    holidays: frozenset[dt.date] = attrs.field(converter=_date_set)
    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_weekend_days)

    def is_business_day(self, day: dt.date) -> bool:
        """Whether ``day`` is neither a weekend day nor a holiday (BusinessCalendar)."""
        return day.weekday() not in self.weekend and day not in self.holidays

    @classmethod
    def from_holidays_package(
        cls,
        country: str,
        years: Iterable[int],
        *,
        subdivision: str | None = None,
        weekend: Iterable[int] = (5, 6),
    ) -> HolidayCalendar:
        """Build from the optional ``holidays`` package (``pip install receivables[holidays]``).

        The package's data is read once here; the calendar itself is a plain set of dates.

        Examples:
            >>> import datetime as dt
            >>> us = HolidayCalendar.from_holidays_package("US", [2026])
            >>> us.is_business_day(dt.date(2026, 7, 3))  # Independence Day observed
            False
        """
        try:
            import holidays as holidays_package
        except ImportError:  # pragma: no cover - exercised only without the extra
            raise ValidationError(
                "the 'holidays' package is not installed: pip install 'receivables[holidays]'"
            ) from None
        try:
            table = holidays_package.country_holidays(
                country, subdiv=subdivision, years=list(years)
            )
        except NotImplementedError as error:
            raise ValidationError(f"no holiday data for {shown(country)}: {error}") from None
        return cls(frozenset(table.keys()), weekend=weekend)


class Convention(enum.Enum):
    """How a date that is not a business day is rolled (ISDA 2006 Section 4.12).

    Examples:
        >>> Convention.MODIFIED_FOLLOWING.value
        'modified_following'
    """

    UNADJUSTED = "unadjusted"
    """Leave the date as it is."""
    FOLLOWING = "following"
    """The next business day."""
    MODIFIED_FOLLOWING = "modified_following"
    """The next business day, unless that is in the next month: then the preceding one."""
    PRECEDING = "preceding"
    """The previous business day."""
    MODIFIED_PRECEDING = "modified_preceding"
    """The previous business day, unless that is in the previous month: then the following one."""


def _roll(day: dt.date, calendar: BusinessCalendar, step: int) -> dt.date:
    for _ in range(_MAX_SEARCH_DAYS):
        if calendar.is_business_day(day):
            return day
        day = add_days(
            day, step, "the next business day" if step > 0 else "the business day before"
        )
    raise ValidationError(f"the calendar has no business day within {_MAX_SEARCH_DAYS} days")


def adjust(
    day: dt.date,
    calendar: BusinessCalendar,
    convention: Convention = Convention.FOLLOWING,
) -> dt.date:
    """Roll ``day`` to a business day of ``calendar`` by ``convention``.

    A business day is returned unchanged, whatever the convention.

    Examples:
        >>> import datetime as dt
        >>> cal = WeekendCalendar()
        >>> saturday = dt.date(2026, 10, 31)
        >>> adjust(saturday, cal, Convention.FOLLOWING)
        datetime.date(2026, 11, 2)
        >>> adjust(saturday, cal, Convention.MODIFIED_FOLLOWING)
        datetime.date(2026, 10, 30)
    """
    require_date(day, "day")
    if not isinstance(convention, Convention):
        raise InvalidTypeError(f"convention must be a Convention, not {shown(convention)}")
    if convention is Convention.UNADJUSTED:
        return day
    forward = convention in (Convention.FOLLOWING, Convention.MODIFIED_FOLLOWING)
    modified = convention in (Convention.MODIFIED_FOLLOWING, Convention.MODIFIED_PRECEDING)
    step = 1 if forward else -1
    try:
        rolled: dt.date | None = _roll(day, calendar, step)
    except InvalidDateError:
        # Past 9999-12-31 (or before 0001-01-01) is past the month too: a modified convention
        # rolls the other way instead, as it would at any other month end.
        if not modified:
            raise
        rolled = None
    if rolled is None or (modified and rolled.month != day.month):
        rolled = _roll(day, calendar, -step)
    return rolled


def add_business_days(day: dt.date, count: int, calendar: BusinessCalendar) -> dt.date:
    """Move ``count`` business days from ``day`` (backwards when negative).

    Each step lands on the next (or previous) business day, so ``count=1`` from a Friday is the
    Monday after it; ``count=0`` returns ``day`` unchanged, business day or not. A ``count``
    beyond 100,000 business days (about 380 years, far past any term or dunning interval) is
    refused, as is a result outside ``datetime.date``'s range, with
    :class:`~receivables.errors.InvalidDateError`.

    Examples:
        >>> import datetime as dt
        >>> add_business_days(dt.date(2026, 11, 27), 1, WeekendCalendar())
        datetime.date(2026, 11, 30)
    """
    require_date(day, "day")
    if type(count) is not int:
        raise InvalidTypeError(f"count must be an int, not {type(count).__name__}")
    if abs(count) > _MAX_BUSINESS_DAYS:
        raise InvalidDateError(
            f"count must be at most {_MAX_BUSINESS_DAYS:,} business days either way, "
            f"got {shown(count)}"
        )
    step = 1 if count >= 0 else -1
    what = f"{count} business days from {day}"
    for _ in range(abs(count)):
        day = _roll(add_days(day, step, what), calendar, step)
    return day


def business_days_between(start: dt.date, end: dt.date, calendar: BusinessCalendar) -> int:
    """The number of business days in ``[start, end)``; negative when ``end`` precedes ``start``.

    The start counts and the end does not, as ``numpy.busday_count`` counts, so consecutive
    periods add up: ``between(a, b) + between(b, c) == between(a, c)``. For the calendars of
    this module the count is arithmetic (whole weeks, then the holidays in the range), so even
    0001-01-01 to 9999-12-31 is immediate; another calendar is asked about each day.

    Examples:
        >>> import datetime as dt
        >>> business_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30), WeekendCalendar())
        5
    """
    require_date(start, "start")
    require_date(end, "end")
    if end < start:
        return -business_days_between(end, start, calendar)
    # Exact types only: a subclass may override is_business_day.
    if type(calendar) is WeekendCalendar or type(calendar) is HolidayCalendar:
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday()
        count = weeks * (7 - len(calendar.weekend))
        count += sum((first + offset) % 7 not in calendar.weekend for offset in range(rest))
        if isinstance(calendar, HolidayCalendar):
            count -= sum(
                start <= holiday < end and holiday.weekday() not in calendar.weekend
                for holiday in calendar.holidays
            )
        return count
    count = 0
    day = start
    while day < end:
        if calendar.is_business_day(day):
            count += 1
        day += _ONE_DAY
    return count


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _thirty_360(start: dt.date, end: dt.date, *, european: bool) -> int:
    d1, d2 = start.day, end.day
    if d1 == 31:
        d1 = 30
    if d2 == 31 and (european or d1 > 29):
        d2 = 30
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


class DayCount(enum.Enum):
    """Day-count conventions, as the 2006 ISDA Definitions (Section 4.16) state them.

    ``day_count(start, end)`` is the numerator (days in the period under the convention) and
    ``year_fraction(start, end)`` the fraction of a year, both negative if ``end`` precedes
    ``start``. The period runs from ``start`` (included) to ``end`` (excluded).

    Examples:
        >>> import datetime as dt
        >>> start, end = dt.date(2026, 1, 31), dt.date(2026, 3, 31)
        >>> [convention.day_count(start, end) for convention in DayCount]
        [59, 59, 59, 60, 60]
    """

    ACT_365_FIXED = "ACT/365 FIXED"
    """ISDA 4.16(d): actual days / 365."""
    ACT_360 = "ACT/360"
    """ISDA 4.16(e): actual days / 360."""
    ACT_ACT_ISDA = "ACT/ACT ISDA"
    """ISDA 4.16(b): days in a leap year / 366 plus days in a non-leap year / 365."""
    THIRTY_360_US = "30/360"
    """ISDA 4.16(f) "30/360", "Bond Basis": D1 31 becomes 30; D2 31 becomes 30 if D1 is 30 or 31."""
    THIRTY_E_360 = "30E/360"
    """ISDA 4.16(g) "30E/360", "Eurobond Basis": any 31st (start or end) becomes the 30th."""

    def day_count(self, start: dt.date, end: dt.date) -> int:
        """Days in ``[start, end)`` under this convention.

        Examples:
            >>> import datetime as dt
            >>> DayCount.THIRTY_E_360.day_count(dt.date(2026, 2, 28), dt.date(2026, 3, 31))
            32
        """
        require_date(start, "start")
        require_date(end, "end")
        if self is DayCount.THIRTY_360_US:
            return _thirty_360(start, end, european=False)
        if self is DayCount.THIRTY_E_360:
            return _thirty_360(start, end, european=True)
        return (end - start).days

    def year_fraction(self, start: dt.date, end: dt.date) -> Decimal:
        """The fraction of a year from ``start`` to ``end`` (unrounded ``Decimal``).

        Examples:
            >>> import datetime as dt
            >>> DayCount.ACT_365_FIXED.year_fraction(dt.date(2026, 1, 1), dt.date(2026, 7, 2))
            Decimal('0.4986301369863013698630136986301370')
        """
        if self is DayCount.ACT_ACT_ISDA:
            require_date(start, "start")
            require_date(end, "end")
            if end < start:
                return self.year_fraction(end, start).copy_negate()
            total = Decimal(0)
            cursor = start
            while cursor.year < end.year:
                year_end = dt.date(cursor.year + 1, 1, 1)
                days = Decimal((year_end - cursor).days)
                total = CONTEXT.add(
                    total, CONTEXT.divide(days, 366 if _is_leap(cursor.year) else 365)
                )
                cursor = year_end
            days = Decimal((end - cursor).days)
            return CONTEXT.add(total, CONTEXT.divide(days, 366 if _is_leap(cursor.year) else 365))
        basis = 365 if self is DayCount.ACT_365_FIXED else 360
        return CONTEXT.divide(Decimal(self.day_count(start, end)), basis)
