"""Business calendars, date rolling, business-day arithmetic and ISDA day counts."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    BusinessCalendar,
    Convention,
    DayCount,
    HolidayCalendar,
    InvalidDateError,
    InvalidTypeError,
    ReceivablesError,
    ValidationError,
    WeekendCalendar,
    add_business_days,
    adjust,
    business_days_between,
)
from receivables._decimal import CONTEXT

dates = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))
weekends = st.frozensets(st.integers(0, 6), max_size=6)
holiday_sets = st.frozensets(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), max_size=40)
calendars = st.one_of(
    st.builds(WeekendCalendar, weekends),
    st.builds(HolidayCalendar, holiday_sets, weekends),
)
CHRISTMAS_2026 = dt.date(2026, 12, 25)  # a Friday


class TestCalendars:
    def test_weekend_default_and_custom(self) -> None:
        saturday, friday = dt.date(2026, 11, 28), dt.date(2026, 11, 27)
        assert not WeekendCalendar().is_business_day(saturday)
        assert WeekendCalendar().is_business_day(friday)
        gulf = WeekendCalendar({4, 5})
        assert not gulf.is_business_day(friday)
        assert gulf.is_business_day(dt.date(2026, 11, 29))
        assert WeekendCalendar().is_business_day(dt.date(2026, 11, 26))  # a Thursday

    @pytest.mark.parametrize("bad", [{7}, {-1}, {0, 1, 2, 3, 4, 5, 6}, {"sat"}])
    def test_invalid_weekends(self, bad: set[object]) -> None:
        with pytest.raises(ValidationError):
            WeekendCalendar(bad)  # type: ignore[arg-type]

    def test_weekend_messages(self) -> None:
        with pytest.raises(ValidationError) as out_of_range:
            WeekendCalendar({7})
        assert str(out_of_range.value) == (
            "weekend days are weekday numbers 0 (Monday) to 6 (Sunday), got 7"
        )
        with pytest.raises(ValidationError) as all_week:
            WeekendCalendar(range(7))
        assert str(all_week.value) == "a weekend of all seven days leaves no business day"
        assert WeekendCalendar(range(6)).is_business_day(dt.date(2026, 11, 29))  # six: a Sunday
        with pytest.raises(InvalidTypeError) as text:
            WeekendCalendar("56")  # type: ignore[arg-type]
        assert str(text.value) == (
            "weekend must be weekday numbers (Monday=0 ... Sunday=6), not text"
        )
        with pytest.raises(InvalidTypeError, match=r"^holiday must be a datetime.date, not str"):
            HolidayCalendar({"2026-12-25"})  # type: ignore[arg-type]

    def test_holidays(self) -> None:
        cal = HolidayCalendar({CHRISTMAS_2026})
        assert not cal.is_business_day(CHRISTMAS_2026)
        assert cal.is_business_day(dt.date(2026, 12, 24))
        # Without holidays it is still a weekend calendar: a Sunday is not a business day.
        assert not HolidayCalendar([]).is_business_day(dt.date(2026, 11, 29))
        with pytest.raises(InvalidTypeError):
            HolidayCalendar({"2026-12-25"})  # type: ignore[arg-type]

    def test_protocol(self) -> None:
        assert isinstance(WeekendCalendar(), BusinessCalendar)
        assert isinstance(HolidayCalendar(()), BusinessCalendar)
        calendar: BusinessCalendar = WeekendCalendar()
        assert not calendar.is_business_day(dt.date(2026, 11, 29))  # a Sunday

    def test_holidays_package_adapter(self) -> None:
        us = HolidayCalendar.from_holidays_package("US", [2026])
        assert not us.is_business_day(dt.date(2026, 11, 26))  # Thanksgiving
        assert not us.is_business_day(dt.date(2026, 7, 3))  # Independence Day, observed
        assert us.is_business_day(dt.date(2026, 11, 27))
        with pytest.raises(ValidationError, match=r"^no holiday data for 'XX': "):
            HolidayCalendar.from_holidays_package("XX", [2026])

    def test_holidays_package_subdivision_and_weekend(self) -> None:
        cesar_chavez_day = dt.date(2026, 3, 31)  # a Tuesday, a holiday in California only
        california = HolidayCalendar.from_holidays_package("US", [2026], subdivision="CA")
        assert not california.is_business_day(cesar_chavez_day)
        assert HolidayCalendar.from_holidays_package("US", [2026]).is_business_day(cesar_chavez_day)
        gulf = HolidayCalendar.from_holidays_package("US", [2026], weekend=(4, 5))
        assert gulf.weekend == frozenset({4, 5})

    def test_holidays_package_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "holidays", None)  # import holidays raises ImportError
        with pytest.raises(ValidationError) as info:
            HolidayCalendar.from_holidays_package("US", [2026])
        assert str(info.value) == (
            "the 'holidays' package is not installed: pip install 'receivables[holidays]'"
        )


class TestAdjust:
    cal = HolidayCalendar({CHRISTMAS_2026, dt.date(2026, 12, 31)})

    @pytest.mark.parametrize(
        ("day", "convention", "expected"),
        [
            (CHRISTMAS_2026, Convention.FOLLOWING, dt.date(2026, 12, 28)),
            (CHRISTMAS_2026, Convention.PRECEDING, dt.date(2026, 12, 24)),
            (CHRISTMAS_2026, Convention.UNADJUSTED, CHRISTMAS_2026),
            # Jan 31 2027 is a Sunday; following would cross into February.
            (dt.date(2027, 1, 31), Convention.FOLLOWING, dt.date(2027, 2, 1)),
            (dt.date(2027, 1, 31), Convention.MODIFIED_FOLLOWING, dt.date(2027, 1, 29)),
            # Jan 2 2027 is a Saturday, Jan 1 a business day here; preceding stays in January.
            (dt.date(2027, 1, 2), Convention.PRECEDING, dt.date(2027, 1, 1)),
            (dt.date(2026, 11, 1), Convention.MODIFIED_PRECEDING, dt.date(2026, 11, 2)),
        ],
    )
    def test_conventions(self, day: dt.date, convention: Convention, expected: dt.date) -> None:
        assert adjust(day, self.cal, convention) == expected

    @given(dates, calendars, st.sampled_from(list(Convention)))
    def test_adjusted_dates_are_business_days(
        self, day: dt.date, cal: BusinessCalendar, convention: Convention
    ) -> None:
        rolled = adjust(day, cal, convention)
        if convention is not Convention.UNADJUSTED:
            assert cal.is_business_day(rolled)
        if cal.is_business_day(day):
            assert rolled == day
        if convention in (Convention.MODIFIED_FOLLOWING, Convention.MODIFIED_PRECEDING):
            assert rolled.month == day.month or abs((rolled - day).days) <= 7

    def test_a_saturday_rolls_back_to_friday_when_preceding(self) -> None:
        saturday = dt.date(2026, 10, 31)
        assert adjust(saturday, WeekendCalendar(), Convention.PRECEDING) == dt.date(2026, 10, 30)

    def test_bad_inputs(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^day must be a datetime.date, not datetime"):
            adjust(dt.datetime(2026, 1, 1), WeekendCalendar())
        with pytest.raises(
            InvalidTypeError, match=r"^convention must be a Convention, not 'following'$"
        ):
            adjust(dt.date(2026, 1, 1), WeekendCalendar(), "following")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match=r"^day must be a datetime.date, not str"):
            add_business_days("2026-01-01", 1, WeekendCalendar())  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match=r"^count must be an int, not float$"):
            add_business_days(dt.date(2026, 1, 1), 1.0, WeekendCalendar())  # type: ignore[arg-type]
        day, text = dt.date(2026, 1, 1), "2026-01-02"
        checks: list[tuple[str, Callable[[], object]]] = [
            ("start", lambda: business_days_between(text, day, WeekendCalendar())),  # type: ignore[arg-type]
            ("end", lambda: business_days_between(day, text, WeekendCalendar())),  # type: ignore[arg-type]
            ("start", lambda: DayCount.ACT_360.day_count(text, day)),  # type: ignore[arg-type]
            ("end", lambda: DayCount.ACT_360.day_count(day, text)),  # type: ignore[arg-type]
            ("start", lambda: DayCount.ACT_360.year_fraction(text, day)),  # type: ignore[arg-type]
            ("end", lambda: DayCount.ACT_360.year_fraction(day, text)),  # type: ignore[arg-type]
            ("start", lambda: DayCount.ACT_ACT_ISDA.year_fraction(text, day)),  # type: ignore[arg-type]
            ("end", lambda: DayCount.ACT_ACT_ISDA.year_fraction(day, text)),  # type: ignore[arg-type]
        ]
        for name, call in checks:
            with pytest.raises(InvalidTypeError, match=f"^{name} must be a datetime.date, not str"):
                call()

    def test_calendar_without_business_days_fails_clearly(self) -> None:
        class Never:
            def is_business_day(self, day: dt.date) -> bool:
                return False

        with pytest.raises(ValidationError, match="no business day"):
            adjust(dt.date(2026, 1, 1), Never())


class TestBusinessDays:
    def test_add_over_a_holiday_weekend(self) -> None:
        cal = HolidayCalendar({CHRISTMAS_2026})
        assert add_business_days(dt.date(2026, 12, 24), 1, cal) == dt.date(2026, 12, 28)
        assert add_business_days(dt.date(2026, 12, 28), -1, cal) == dt.date(2026, 12, 24)
        assert add_business_days(dt.date(2026, 12, 26), 0, cal) == dt.date(2026, 12, 26)

    def test_add_backwards_from_a_monday(self) -> None:
        monday = dt.date(2026, 11, 30)
        assert add_business_days(monday, -1, WeekendCalendar()) == dt.date(2026, 11, 27)

    def test_between_counts_start_not_end(self) -> None:
        cal = WeekendCalendar()
        monday = dt.date(2026, 11, 23)
        assert business_days_between(monday, monday, cal) == 0
        assert business_days_between(monday, monday + dt.timedelta(days=1), cal) == 1
        assert business_days_between(monday, monday + dt.timedelta(days=14), cal) == 10

    def test_a_holiday_on_the_end_day_is_not_counted(self) -> None:
        monday, next_monday = dt.date(2026, 11, 23), dt.date(2026, 11, 30)
        assert business_days_between(monday, next_monday, HolidayCalendar({next_monday})) == 5
        assert business_days_between(monday, next_monday, HolidayCalendar({monday})) == 4

    def test_another_calendar_is_asked_about_each_day(self) -> None:
        class NoTuesdays:
            def __init__(self) -> None:
                self.asked: list[dt.date] = []

            def is_business_day(self, day: dt.date) -> bool:
                self.asked.append(day)
                return day.weekday() != 1

        calendar = NoTuesdays()
        monday = dt.date(2026, 11, 23)
        assert business_days_between(monday, monday + dt.timedelta(days=14), calendar) == 12
        assert calendar.asked == [monday + dt.timedelta(days=n) for n in range(14)]
        assert business_days_between(monday, monday + dt.timedelta(days=1), calendar) == 1
        assert business_days_between(monday, monday, calendar) == 0
        assert business_days_between(monday + dt.timedelta(days=7), monday, calendar) == -6

    def test_between_is_negative_backwards(self) -> None:
        start, end = dt.date(2026, 11, 30), dt.date(2026, 11, 23)
        assert business_days_between(start, end, WeekendCalendar()) == -5

    @given(dates, st.integers(-60, 60), calendars)
    def test_add_lands_on_business_days_and_counts_back(
        self, day: dt.date, count: int, cal: BusinessCalendar
    ) -> None:
        moved = add_business_days(day, count, cal)
        if count:
            assert cal.is_business_day(moved)
        if count > 0 and cal.is_business_day(day):
            assert business_days_between(day, moved, cal) == count

    @given(dates, dates, dates, calendars)
    def test_between_is_additive(
        self, a: dt.date, b: dt.date, c: dt.date, cal: BusinessCalendar
    ) -> None:
        assert business_days_between(a, b, cal) + business_days_between(
            b, c, cal
        ) == business_days_between(a, c, cal)


class TestDayCount:
    @pytest.mark.reference
    def test_isda_act_act_example(self) -> None:
        """ISDA, "EMU and market conventions: recent developments" (1998), section 4: the
        period 1 Nov 2003 to 1 May 2004 is 61/365 + 121/366 = 0.49772 under ACT/ACT ISDA."""
        start, end = dt.date(2003, 11, 1), dt.date(2004, 5, 1)
        fraction = DayCount.ACT_ACT_ISDA.year_fraction(start, end)
        assert fraction.quantize(Decimal("0.00001"), context=CONTEXT) == Decimal("0.49772")
        published = CONTEXT.add(
            CONTEXT.divide(Decimal(61), Decimal(365)), CONTEXT.divide(Decimal(121), Decimal(366))
        )
        assert CONTEXT.subtract(fraction, published).copy_abs() < Decimal("1e-26")
        assert DayCount.ACT_ACT_ISDA.day_count(start, end) == 182
        assert fraction == Decimal("0.4977243805674077401003069091997904")

    @pytest.mark.reference
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            ("2006-02-28", "2006-08-31", "0.508333333"),
            ("2006-08-31", "2007-02-28", "0.494444444"),
            ("2007-02-28", "2007-08-31", "0.508333333"),
            ("2007-08-31", "2008-02-29", "0.497222222"),
            ("2008-02-29", "2008-08-31", "0.505555556"),
            ("2008-08-31", "2009-02-28", "0.494444444"),
        ],
    )
    def test_thirty_360_bond_basis_examples(self, start: str, end: str, expected: str) -> None:
        """The 30/360 Bond Basis (ISDA 2006, 4.16(f)) test dates published with the ISDA
        definitions' day-count examples (reproduced e.g. on FinRM's convention pages)."""
        fraction = DayCount.THIRTY_360_US.year_fraction(
            dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        )
        assert fraction.quantize(Decimal("0.000000001"), context=CONTEXT) == Decimal(expected)

    @pytest.mark.parametrize(
        ("start", "end", "bond", "euro"),
        [
            ("2026-01-31", "2026-03-31", 60, 60),
            ("2026-01-30", "2026-03-31", 60, 60),
            ("2026-01-29", "2026-03-31", 62, 61),
            ("2026-02-28", "2026-03-31", 33, 32),
            ("2026-03-15", "2026-03-15", 0, 0),
        ],
    )
    def test_thirty_360_rules(self, start: str, end: str, bond: int, euro: int) -> None:
        a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        assert DayCount.THIRTY_360_US.day_count(a, b) == bond
        assert DayCount.THIRTY_E_360.day_count(a, b) == euro

    @pytest.mark.parametrize(
        ("year", "february"), [(1900, 28), (2000, 29), (2023, 28), (2024, 29), (2100, 28)]
    )
    def test_act_act_leap_years_by_the_century_rules(self, year: int, february: int) -> None:
        fraction = DayCount.ACT_ACT_ISDA.year_fraction(dt.date(year, 2, 1), dt.date(year, 3, 1))
        assert fraction == CONTEXT.divide(Decimal(february), Decimal(337 + february))

    def test_actual_fixed_bases(self) -> None:
        start, end = dt.date(2026, 1, 1), dt.date(2027, 1, 1)
        assert DayCount.ACT_365_FIXED.year_fraction(start, end) == 1
        assert str(DayCount.ACT_360.year_fraction(start, end)).startswith("1.01388888888888888")
        assert DayCount.ACT_ACT_ISDA.year_fraction(dt.date(2024, 1, 1), dt.date(2025, 1, 1)) == 1

    @given(dates, dates, st.sampled_from(list(DayCount)))
    def test_antisymmetric(self, a: dt.date, b: dt.date, convention: DayCount) -> None:
        if convention in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360):
            return  # the 30/360 end-of-month rules are not symmetric by design
        # copy_negate: unary minus would round to the global context's 28 digits.
        assert convention.year_fraction(a, b) == convention.year_fraction(b, a).copy_negate()

    @given(dates, dates, dates)
    def test_act_act_is_additive(self, a: dt.date, b: dt.date, c: dt.date) -> None:
        act = DayCount.ACT_ACT_ISDA
        total = act.year_fraction(a, b) + act.year_fraction(b, c)
        assert abs(total - act.year_fraction(a, c)) < Decimal("1e-25")


any_dates = st.dates(dt.date.min, dt.date.max)
edge_holidays = st.frozensets(
    st.sampled_from(
        [dt.date.min, dt.date(1, 1, 2), dt.date(1, 1, 3), dt.date(9999, 12, 30), dt.date.max]
    )
)
edge_calendars = st.one_of(
    st.builds(WeekendCalendar, weekends),
    st.builds(HolidayCalendar, edge_holidays, weekends),
)


class TestDateRangeEdges:
    """Near 0001-01-01 and 9999-12-31 a library error, never OverflowError or a long walk."""

    def test_stepping_past_the_last_date(self) -> None:
        with pytest.raises(InvalidDateError) as forwards:
            add_business_days(dt.date.max, 1, WeekendCalendar())
        assert str(forwards.value) == (
            "1 business days from 9999-12-31 would fall after 9999-12-31: 9999-12-31 plus 1 days"
        )
        with pytest.raises(InvalidDateError, match=r"^-1 business days from 0001-01-01 would fall"):
            add_business_days(dt.date.min, -1, WeekendCalendar())

    def test_a_huge_step_is_refused_at_once(self) -> None:
        with pytest.raises(InvalidDateError) as billion:
            add_business_days(dt.date(2026, 1, 1), 10**9, WeekendCalendar())
        assert str(billion.value) == (
            "count must be at most 100,000 business days either way, got 1000000000"
        )
        with pytest.raises(InvalidDateError, match="at most 100,000 business days"):
            add_business_days(dt.date(2026, 1, 1), -(10**5000), WeekendCalendar())
        assert add_business_days(dt.date(2026, 1, 1), 100_000, WeekendCalendar()).year == 2409

    def test_rolling_past_the_range(self) -> None:
        closed = HolidayCalendar({dt.date.max, dt.date.min})
        with pytest.raises(InvalidDateError) as forwards:
            adjust(dt.date.max, closed, Convention.FOLLOWING)
        assert str(forwards.value) == (
            "the next business day would fall after 9999-12-31: 9999-12-31 plus 1 days"
        )
        with pytest.raises(InvalidDateError) as backwards:
            adjust(dt.date.min, closed, Convention.PRECEDING)
        assert str(backwards.value) == (
            "the business day before would fall before 0001-01-01: 0001-01-01 minus 1 days"
        )
        # The modified conventions treat the end of the range as a month end and roll back.
        assert adjust(dt.date.max, closed, Convention.MODIFIED_FOLLOWING) == dt.date(9999, 12, 30)
        assert adjust(dt.date.min, closed, Convention.MODIFIED_PRECEDING) == dt.date(1, 1, 2)

    def test_counting_over_the_whole_range_is_immediate(self) -> None:
        # Whole weeks counted arithmetically, not a walk over 3.65 million days.
        assert business_days_between(dt.date.min, dt.date.max, WeekendCalendar()) == 2_608_614
        assert business_days_between(dt.date.max, dt.date.min, HolidayCalendar({dt.date.min})) == (
            -2_608_613
        )

    @given(any_dates, st.integers(-(10**12), 10**12), edge_calendars)
    def test_add_business_days_returns_a_date_or_a_library_error(
        self, day: dt.date, count: int, calendar: BusinessCalendar
    ) -> None:
        try:
            result = add_business_days(day, count, calendar)
        except ReceivablesError:
            return
        assert (result >= day) if count >= 0 else (result < day)

    @given(any_dates, edge_calendars, st.sampled_from(Convention))
    def test_adjust_returns_a_date_or_a_library_error(
        self, day: dt.date, calendar: BusinessCalendar, convention: Convention
    ) -> None:
        try:
            result = adjust(day, calendar, convention)
        except ReceivablesError:
            return
        assert result == day or not calendar.is_business_day(day)

    @given(any_dates, any_dates, edge_calendars)
    def test_business_days_between_any_dates(
        self, start: dt.date, end: dt.date, calendar: BusinessCalendar
    ) -> None:
        count = business_days_between(start, end, calendar)
        assert abs(count) <= abs((end - start).days)

    @given(any_dates, any_dates, st.sampled_from(DayCount))
    def test_day_counts_any_dates(self, start: dt.date, end: dt.date, convention: DayCount) -> None:
        assert isinstance(convention.day_count(start, end), int)
        assert isinstance(convention.year_fraction(start, end), Decimal)
