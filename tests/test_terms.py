"""Payment terms: due dates, discounts, instalments and the parser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    AmountTypeError,
    DueBasis,
    InvalidAmountError,
    InvalidDateError,
    InvalidTermsError,
    InvalidTypeError,
    Money,
    PaymentTerms,
    ReceivablesError,
    TermsParseError,
    parse_terms,
)
from receivables.terms import DiscountTier, Instalment
from receivables.testing import money, payment_terms

dates = st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))
D = dt.date


class TestDueDates:
    @pytest.mark.parametrize(
        ("terms", "invoice_date", "due"),
        [
            (PaymentTerms.net(30), D(2026, 1, 15), D(2026, 2, 14)),
            (PaymentTerms.net(30), D(2026, 1, 31), D(2026, 3, 2)),
            (PaymentTerms.due_on_receipt(), D(2026, 5, 4), D(2026, 5, 4)),
            # Net 30 EOM: the end of the invoice month, plus 30 days.
            (PaymentTerms.end_of_month(30), D(2026, 1, 1), D(2026, 3, 2)),
            (PaymentTerms.end_of_month(30), D(2026, 1, 31), D(2026, 3, 2)),
            (PaymentTerms.end_of_month(0), D(2028, 2, 3), D(2028, 2, 29)),
            # 10th of the following month; after the cut-off day, the month after that.
            (PaymentTerms.day_of_month(10), D(2026, 1, 31), D(2026, 2, 10)),
            (PaymentTerms.day_of_month(10, cutoff_day=25), D(2026, 1, 25), D(2026, 2, 10)),
            (PaymentTerms.day_of_month(10, cutoff_day=25), D(2026, 1, 26), D(2026, 3, 10)),
            (PaymentTerms.day_of_month(31), D(2026, 1, 5), D(2026, 2, 28)),
            (PaymentTerms.day_of_month(31), D(2026, 1, 15), D(2026, 2, 28)),
            (PaymentTerms.day_of_month(15, cutoff_day=20), D(2026, 12, 21), D(2027, 2, 15)),
        ],
    )
    def test_due_date(self, terms: PaymentTerms, invoice_date: dt.date, due: dt.date) -> None:
        assert terms.due_date(invoice_date) == due

    @given(payment_terms(), dates)
    def test_due_dates_never_precede_invoice_dates(self, terms: PaymentTerms, day: dt.date) -> None:
        assert terms.due_date(day) >= day

    def test_due_date_needs_a_date(self) -> None:
        with pytest.raises(InvalidTypeError):
            PaymentTerms.net(30).due_date("2026-01-01")  # type: ignore[arg-type]


class TestDiscounts:
    terms = parse_terms("2/10 1/20 Net 30")

    def test_tiers_and_deadline(self) -> None:
        invoiced = D(2026, 3, 1)
        assert self.terms.discount_deadline(invoiced) == D(2026, 3, 21)
        rates = [self.terms.discount_rate_on(invoiced, D(2026, 3, d)) for d in (1, 11, 12, 21, 22)]
        assert rates == [Decimal("0.02"), Decimal("0.02"), Decimal("0.01"), Decimal("0.01"), 0]

    def test_discount_amount_rounded_half_up(self) -> None:
        amount = Money("1234.25", "USD")  # 2% is 24.685
        assert self.terms.discount_for(amount, D(2026, 3, 1), D(2026, 3, 5)) == Money(
            "24.69", "USD"
        )

    def test_grace_days(self) -> None:
        late = D(2026, 3, 23)
        assert self.terms.discount_rate_on(D(2026, 3, 1), late) == 0
        assert self.terms.discount_rate_on(D(2026, 3, 1), late, grace_days=3) == Decimal("0.01")

    def test_eom_discount_counts_from_month_end(self) -> None:
        terms = parse_terms("2/10 Net 30 EOM")
        assert terms.discount_deadline(D(2026, 1, 5)) == D(2026, 2, 10)

    def test_no_discount_terms(self) -> None:
        net = PaymentTerms.net(30)
        assert net.discount_deadline(D(2026, 1, 1)) is None
        assert parse_terms("Net 30").discount_deadline(D(2026, 3, 1)) is None
        assert net.discount_for(Money("10", "EUR"), D(2026, 1, 1), D(2026, 1, 1)).is_zero

    def test_discount_ends_the_day_after_the_deadline(self) -> None:
        terms = parse_terms("1/15 net 45")
        amount, invoiced = Money("999.99", "USD"), D(2026, 1, 1)
        assert repr(terms.discount_for(amount, invoiced, D(2026, 1, 16))) == "Money('10.00', 'USD')"
        assert repr(terms.discount_for(amount, invoiced, D(2026, 1, 17))) == "Money('0.00', 'USD')"

    def test_discount_needs_money(self) -> None:
        with pytest.raises(AmountTypeError, match=r"^amount must be Money, not Decimal"):
            self.terms.discount_for(Decimal(10), D(2026, 1, 1), D(2026, 1, 1))  # type: ignore[arg-type]

    def test_grace_days_reach_the_discount_amount(self) -> None:
        amount, late = Money("1000.00", "USD"), D(2026, 3, 23)  # two days past the 1% deadline
        assert self.terms.discount_for(amount, D(2026, 3, 1), late).is_zero
        assert self.terms.discount_for(amount, D(2026, 3, 1), late, grace_days=2) == Money(
            "10.00", "USD"
        )
        assert self.terms.discount_for(amount, D(2026, 3, 1), late, grace_days=1).is_zero

    def test_messages_name_the_argument(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^payment_date must be a datetime.date"):
            self.terms.discount_rate_on(D(2026, 3, 1), "2026-03-05")  # type: ignore[arg-type]
        with pytest.raises(InvalidTermsError, match=r"^grace_days must not be negative, got -1$"):
            self.terms.discount_rate_on(D(2026, 3, 1), D(2026, 3, 5), grace_days=-1)

    def test_tier_and_share_messages(self) -> None:
        cases: list[tuple[Callable[[], object], type[Exception], str]] = [
            (
                lambda: PaymentTerms.net(30, discounts=[("0.02", -1)]),
                InvalidTermsError,
                "discount days must not be negative, got -1",
            ),
            (
                lambda: PaymentTerms.net(30, discounts=[("1", 10)]),
                InvalidTermsError,
                "discount rate must be a fraction between 0 and 1, got 1",
            ),
            (
                lambda: PaymentTerms.net(30, discounts=[("x", 10)]),
                InvalidAmountError,
                "discount rate 'x' is not a number",
            ),
            (
                lambda: PaymentTerms.instalment_plan([("x", 30)]),
                InvalidAmountError,
                "instalment share 'x' is not a number",
            ),
            (
                lambda: self.terms.discount_deadlines("2026-01-01"),  # type: ignore[arg-type]
                InvalidTypeError,
                "invoice_date must be a datetime.date, not str ('2026-01-01')",
            ),
        ]
        for call, error, message in cases:
            with pytest.raises(error) as info:
                call()
            assert str(info.value) == message

    def test_a_discount_of_100_percent_is_refused_and_99_percent_read(self) -> None:
        assert parse_terms("99/10 Net 30").discount_rate_on(D(2026, 1, 1), D(2026, 1, 11)) == (
            Decimal("0.99")
        )
        with pytest.raises(TermsParseError, match="between 0 and 1, got 1"):
            parse_terms("100/10 Net 30")
        with pytest.raises(InvalidTermsError, match="between 0 and 1, got 1"):
            PaymentTerms.net(30, discounts=[("1", 10)])

    @given(payment_terms(), money(min_value=0), dates, dates)
    def test_discount_never_exceeds_the_amount(
        self, terms: PaymentTerms, amount: Money, invoiced: dt.date, paid: dt.date
    ) -> None:
        discount = terms.discount_for(amount, invoiced, paid)
        assert Money.zero(amount.currency) <= discount <= amount
        assert discount.is_rounded

    @pytest.mark.parametrize(
        "tiers",
        [
            [("0.01", 10), ("0.02", 20)],  # rate rises with time
            [("0.02", 10), ("0.01", 10)],  # same days
            [("0.02", 40)],  # discount period outlasts net 30
            [("1.5", 10)],  # 150%
            [("0", 10)],
        ],
    )
    def test_invalid_tiers(self, tiers: list[tuple[str, int]]) -> None:
        with pytest.raises(InvalidTermsError):
            PaymentTerms.net(30, discounts=tiers)

    def test_float_rate_refused(self) -> None:
        with pytest.raises(AmountTypeError):
            PaymentTerms.net(30, discounts=[(0.02, 10)])  # type: ignore[list-item]


class TestInstalments:
    def test_schedule_last_absorbs_rounding(self) -> None:
        terms = PaymentTerms.instalment_plan([("0.3333", 30), ("0.3333", 60), ("0.3334", 90)])
        schedule = terms.instalment_schedule(Money("0.10", "USD"), D(2026, 1, 1))
        assert [d for d, _ in schedule] == [D(2026, 1, 31), D(2026, 3, 2), D(2026, 4, 1)]
        assert [m.amount for _, m in schedule] == [
            Decimal("0.03"),
            Decimal("0.03"),
            Decimal("0.04"),
        ]
        assert terms.due_date(D(2026, 1, 1)) == D(2026, 4, 1)

    def test_shares_must_sum_to_one_and_be_ordered(self) -> None:
        with pytest.raises(InvalidTermsError, match="sum to 1"):
            PaymentTerms.instalment_plan([("0.5", 30), ("0.4", 60)])
        with pytest.raises(InvalidTermsError, match="in order"):
            PaymentTerms.instalment_plan([("0.5", 60), ("0.5", 30)])
        with pytest.raises(InvalidTermsError):
            PaymentTerms.instalment_plan([])

    def test_two_instalments_on_the_same_day_are_refused_one_day_apart_accepted(self) -> None:
        with pytest.raises(InvalidTermsError, match="in order"):
            PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 30)])
        plan = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 31)])
        assert [
            day for day, _ in plan.instalment_schedule(Money("1.00", "USD"), D(2026, 1, 1))
        ] == [
            D(2026, 1, 31),
            D(2026, 2, 1),
        ]

    def test_schedule_messages(self) -> None:
        plan = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])
        with pytest.raises(AmountTypeError, match=r"^amount must be Money, not str"):
            plan.instalment_schedule("100", D(2026, 1, 1))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match=r"^invoice_date must be a datetime.date"):
            plan.instalment_schedule(Money("100", "USD"), "2026-01-01")  # type: ignore[arg-type]
        with pytest.raises(InvalidDateError) as late:
            plan.instalment_schedule(Money("100", "USD"), D(9999, 12, 1))
        assert str(late.value) == (
            "an instalment's due date would fall after 9999-12-31: 9999-12-01 plus 60 days"
        )
        with pytest.raises(InvalidDateError) as first:
            plan.instalment_schedule(Money("100", "USD"), D(9999, 12, 15))
        assert str(first.value) == (
            "an instalment's due date would fall after 9999-12-31: 9999-12-15 plus 30 days"
        )

    def test_plan_messages_and_share_bounds(self) -> None:
        cases: list[tuple[Callable[[], object], str]] = [
            (
                lambda: PaymentTerms.instalment_plan([]),
                "an instalment plan needs at least one instalment",
            ),
            (
                lambda: PaymentTerms.instalment_plan([("0", 30), ("1", 60)]),
                "instalment share must be in (0, 1], got 0",
            ),
            (
                lambda: PaymentTerms.instalment_plan([("1", -1)]),
                "instalment days must not be negative, got -1",
            ),
            (lambda: PaymentTerms.day_of_month(32), "day_of_month_due must be 1 to 31, got 32"),
            (lambda: PaymentTerms.day_of_month(0), "day_of_month_due must be 1 to 31, got 0"),
        ]
        for call, message in cases:
            with pytest.raises(InvalidTermsError) as info:
                call()
            assert str(info.value) == message
        assert str(PaymentTerms.day_of_month(31)) == "Day 31 of next month"
        assert str(PaymentTerms.day_of_month(1)) == "Day 1 of next month"
        assert str(PaymentTerms.instalment_plan([("1", 30)])) == "Instalments 100%/30"
        with pytest.raises(InvalidTypeError) as basis:
            PaymentTerms(basis="net")  # type: ignore[arg-type]
        assert str(basis.value) == "basis must be a DueBasis, not 'net'"

    def test_non_instalment_terms_give_one_line(self) -> None:
        schedule = PaymentTerms.net(30).instalment_schedule(Money("10", "USD"), D(2026, 1, 1))
        assert schedule == ((D(2026, 1, 31), Money("10", "USD")),)

    @given(payment_terms(), money(min_value=0), dates)
    def test_instalments_sum_to_the_whole(
        self, terms: PaymentTerms, amount: Money, invoiced: dt.date
    ) -> None:
        schedule = terms.instalment_schedule(amount, invoiced)
        assert Money.total((m for _, m in schedule), amount.currency) == amount
        assert all(m.is_rounded and not m.is_negative for _, m in schedule)
        assert [d for d, _ in schedule] == sorted(d for d, _ in schedule)
        assert schedule[-1][0] == terms.due_date(invoiced)


class TestParsing:
    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("Net 30", "Net 30"),
            ("NET30", "Net 30"),
            ("N30", "Net 30"),
            ("n/30", "Net 30"),
            ("net 30 days", "Net 30"),
            ("2/10 Net 30", "2/10 Net 30"),
            ("2% 10 Net 30", "2/10 Net 30"),
            ("2/10 N30", "2/10 Net 30"),
            ("2% 10 days, net 30 days", "2/10 Net 30"),
            ("1/15 net 45", "1/15 Net 45"),
            ("1.5/10 Net 30", "1.5/10 Net 30"),
            ("2/10 1/20 Net 30", "2/10 1/20 Net 30"),
            ("Net 30 EOM", "Net 30 EOM"),
            ("EOM net 30", "Net 30 EOM"),
            ("Net 45 end of month", "Net 45 EOM"),
            ("Due on receipt", "Due on receipt"),
            ("Due upon receipt", "Due on receipt"),
            ("Upon Receipt", "Due on receipt"),
            ("Immediate", "Due on receipt"),
            ("Net 0", "Due on receipt"),
            ("10th prox", "Day 10 of next month"),
            ("10th of the following month", "Day 10 of next month"),
            ("Day 10 of next month, cut-off 25", "Day 10 of next month, cut-off 25"),
            ("15th prox cutoff 25", "Day 15 of next month, cut-off 25"),
            ("Instalments 50%/30 50%/60", "Instalments 50%/30 50%/60"),
            ("instalments 30% at 30, 70% at 60", "Instalments 30%/30 70%/60"),
        ],
    )
    def test_erp_spellings(self, text: str, canonical: str) -> None:
        assert str(parse_terms(text)) == canonical

    def test_parsed_values(self) -> None:
        terms = parse_terms("2/10 Net 30")
        assert terms.basis is DueBasis.INVOICE_DATE
        assert terms.net_days == 30
        assert [(t.rate, t.days) for t in terms.discounts] == [(Decimal("0.02"), 10)]

    @pytest.mark.parametrize(
        "text", ["", "Net", "Net thirty", "2/10", "pay when you can", "2/40 Net 30", "Net -5"]
    )
    def test_unreadable_text_names_itself(self, text: str) -> None:
        with pytest.raises(TermsParseError) as info:
            parse_terms(text)
        assert repr(text) in str(info.value)

    def test_unreadable_text_message(self) -> None:
        with pytest.raises(TermsParseError, match="cannot read payment terms from 'pay whenever'"):
            parse_terms("pay whenever")

    def test_not_a_string(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^terms text must be a str, not int$"):
            parse_terms(30)  # type: ignore[call-overload]

    @pytest.mark.parametrize(
        "text",
        [
            "Instalments 50%/30 & 50%/60",
            "Instalments 50%/30 and 50%/60",
            "Instalments 50%/30, 50%/60,",
            "Instalments 50%/30 , 50%/60",
        ],
    )
    def test_instalments_joined_by_and_ampersand_or_commas(self, text: str) -> None:
        assert str(parse_terms(text)) == "Instalments 50%/30 50%/60"

    def test_instalments_with_other_words_between_are_refused(self) -> None:
        with pytest.raises(TermsParseError, match=r"'Instalments 50%/30 then 50%/60'$"):
            parse_terms("Instalments 50%/30 then 50%/60")

    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("10th prox,", "Day 10 of next month"),
            ("Day 10 of next month, cut-off 25,", "Day 10 of next month, cut-off 25"),
            ("Day 10 of next month , cut-off 25", "Day 10 of next month, cut-off 25"),
            ("Day 10 of next month,cut-off 25", "Day 10 of next month, cut-off 25"),
            ("Instalments 50%/30,50%/60", "Instalments 50%/30 50%/60"),
            ("net 30,, eom", "Net 30 EOM"),
            ("2/10,, net 30", "2/10 Net 30"),
        ],
    )
    def test_stray_commas(self, text: str, canonical: str) -> None:
        assert str(parse_terms(text)) == canonical

    @given(payment_terms())
    def test_canonical_text_round_trips(self, terms: PaymentTerms) -> None:
        assert parse_terms(str(terms)) == terms
        assert eval(repr(terms), {"PaymentTerms": PaymentTerms}) == terms


class TestValidation:
    def test_net_days_and_invoice_date_messages(self) -> None:
        with pytest.raises(InvalidTermsError, match=r"^net days must not be negative, got -1$"):
            PaymentTerms.net(-1)
        with pytest.raises(InvalidTypeError) as not_int:
            PaymentTerms.net(1.5)  # type: ignore[arg-type]
        assert str(not_int.value) == "net days must be an int number of days, not 1.5"
        with pytest.raises(
            InvalidTypeError, match=r"^invoice_date must be a datetime.date, not str"
        ):
            PaymentTerms.net(30).due_date("2026-01-01")  # type: ignore[arg-type]

    def test_negative_days(self) -> None:
        with pytest.raises(InvalidTermsError, match="negative"):
            PaymentTerms.net(-1)

    def test_day_of_month_range(self) -> None:
        with pytest.raises(InvalidTermsError):
            PaymentTerms.day_of_month(0)
        with pytest.raises(InvalidTermsError):
            PaymentTerms.day_of_month(10, cutoff_day=32)

    def test_day_of_month_fields_only_with_that_basis(self) -> None:
        with pytest.raises(InvalidTermsError):
            PaymentTerms(DueBasis.INVOICE_DATE, 30, day_of_month_due=10)

    def test_each_inconsistency_has_its_message(self) -> None:
        cases: list[tuple[Callable[[], object], str]] = [
            (
                lambda: PaymentTerms.day_of_month(10, cutoff_day=32),
                "cutoff_day must be 1 to 31, got 32",
            ),
            (
                lambda: PaymentTerms(DueBasis.DAY_OF_MONTH, 30, 10),
                "day-of-month terms have no net days",
            ),
            (
                lambda: PaymentTerms(DueBasis.INVOICE_DATE, 30, 10),
                "day_of_month_due and cutoff_day belong only to DueBasis.DAY_OF_MONTH terms",
            ),
            (
                lambda: PaymentTerms(
                    DueBasis.END_OF_MONTH, 60, instalments=[("0.5", 30), ("0.5", 60)]
                ),
                "instalment terms count from the invoice date",
            ),
            (
                lambda: PaymentTerms(
                    DueBasis.INVOICE_DATE, 90, instalments=[("0.25", 30), ("0.25", 60), ("0.5", 75)]
                ),
                "the net days of instalment terms are the last instalment's days (75), got 90",
            ),
            (
                lambda: PaymentTerms.net(30, discounts=[("0.02", 40)]),
                "a discount period (40 days) cannot outlast the net period (30 days)",
            ),
            (
                lambda: PaymentTerms.net(30, discounts=[("0.02", 10), ("0.02", 20)]),
                "discount tiers must run from the shortest period with the highest rate to the "
                "longest with the lowest, got 2/10 before 2/20",
            ),
        ]
        for call, message in cases:
            with pytest.raises(InvalidTermsError) as info:
                call()
            assert str(info.value) == message
        assert str(PaymentTerms.day_of_month(10, cutoff_day=31)) == (
            "Day 10 of next month, cut-off 31"
        )
        assert str(PaymentTerms.net(30, discounts=[("0.02", 30)])) == "2/30 Net 30"

    def test_terms_are_hashable_values(self) -> None:
        assert {parse_terms("Net 30"), PaymentTerms.net(30)} == {PaymentTerms.net(30)}


class TestDateRangeEdges:
    """Dates past 9999-12-31 are a library error naming the date, never OverflowError."""

    def test_due_date_past_the_last_date(self) -> None:
        with pytest.raises(InvalidDateError, match="the due date would fall after 9999-12-31"):
            PaymentTerms.net(30).due_date(D(9999, 12, 15))
        with pytest.raises(InvalidDateError, match="the due date would fall after 9999-12-31"):
            PaymentTerms.net(36_500).due_date(D(9950, 1, 1))
        assert PaymentTerms.end_of_month(0).due_date(D(9999, 12, 1)) == dt.date.max
        with pytest.raises(InvalidDateError, match="the due date would fall after 9999-12-31"):
            PaymentTerms.end_of_month(1).due_date(D(9999, 12, 1))

    def test_day_of_month_past_the_last_month(self) -> None:
        with pytest.raises(InvalidDateError, match="the due date would fall after 9999-12-31"):
            PaymentTerms.day_of_month(10).due_date(D(9999, 12, 1))
        with pytest.raises(InvalidDateError, match="after 9999-12-31"):
            PaymentTerms.day_of_month(10, cutoff_day=5).due_date(D(9999, 11, 6))
        assert PaymentTerms.day_of_month(31).due_date(D(9999, 11, 6)) == dt.date.max

    def test_discount_deadline_past_the_last_date(self) -> None:
        terms = parse_terms("2/10 net 30")
        with pytest.raises(InvalidDateError, match="the discount deadline would fall after"):
            terms.discount_deadlines(D(9999, 12, 25))

    def test_huge_grace_days_still_compare(self) -> None:
        terms = parse_terms("2/10 net 30")
        rate = terms.discount_rate_on(D(2026, 1, 1), dt.date.max, grace_days=10**12)
        assert rate == Decimal("0.02")

    def test_instalment_past_the_last_date(self) -> None:
        terms = PaymentTerms.instalment_plan([("0.5", 10), ("0.5", 400)])
        with pytest.raises(InvalidDateError, match="an instalment's due date would fall after"):
            terms.instalment_schedule(Money("100.00", "USD"), D(9999, 1, 1))

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.integers(0, 40_000) | st.integers(0, 10**15),
        st.booleans(),
    )
    def test_dates_from_net_terms_are_dates_or_library_errors(
        self, invoice_date: dt.date, days: int, end_of_month: bool
    ) -> None:
        build = PaymentTerms.end_of_month if end_of_month else PaymentTerms.net
        try:
            terms = build(days, discounts=[("0.01", days // 2)])
            assert terms.due_date(invoice_date) >= invoice_date
            for deadline, _rate in terms.discount_deadlines(invoice_date):
                assert deadline >= invoice_date
            terms.discount_rate_on(invoice_date, dt.date.max, grace_days=days)
            terms.instalment_schedule(Money("1.00", "USD"), invoice_date)
        except ReceivablesError:
            pass

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.integers(1, 31),
        st.none() | st.integers(1, 31),
    )
    def test_day_of_month_dates_are_dates_or_library_errors(
        self, invoice_date: dt.date, day: int, cutoff: int | None
    ) -> None:
        try:
            due = PaymentTerms.day_of_month(day, cutoff_day=cutoff).due_date(invoice_date)
        except ReceivablesError:
            return
        assert due > invoice_date

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.lists(
            st.integers(0, 40_000) | st.integers(0, 10**12), min_size=2, max_size=2, unique=True
        ),
    )
    def test_instalment_dates_are_dates_or_library_errors(
        self, invoice_date: dt.date, days: list[int]
    ) -> None:
        try:
            terms = PaymentTerms.instalment_plan([("0.5", d) for d in sorted(days)])
            schedule = terms.instalment_schedule(Money("100.00", "USD"), invoice_date)
        except ReceivablesError:
            return
        assert [due for due, _ in schedule] == sorted(due for due, _ in schedule)


class TestHostileTermsText:
    """Issue "Reliability: hostile input": parse_terms is linear and refuses past its limits.

    Each hostile text below hung the old parser (for hours at these lengths) or escaped as a bare
    ``ValueError``; that these tests finish at all shows the parser no longer backtracks.
    """

    @pytest.mark.parametrize(
        "text",
        [
            "1/111" * 15 + "x",  # 13 s before, tripling every five characters
            "1/111" * 39 + "x",  # just under the length limit
            "instalments " + "9" * 180,
            "1/11 days" * 20 + "x",
            "2% / " * 40,
            "1 " * 99 + "x",
        ],
    )
    def test_near_misses_up_to_the_limit_are_refused_at_once(self, text: str) -> None:
        with pytest.raises(TermsParseError):
            parse_terms(text)

    @pytest.mark.parametrize(
        "text",
        [
            "1/111" * 20_000 + "x",
            "instalments " + "9" * 100_000,  # 11 s at 10,000 characters before
            "net " + "9" * 100_000,
            "2/10 " * 20_000 + "net 30",
        ],
    )
    def test_texts_past_200_characters_are_refused_with_a_short_message(self, text: str) -> None:
        with pytest.raises(TermsParseError, match="longer than 200 characters") as info:
            parse_terms(text)
        assert len(str(info.value)) < 200

    def test_surrounding_whitespace_does_not_count_towards_the_limit(self) -> None:
        assert parse_terms(" " * 1000 + "Net 30" + " " * 1000) == PaymentTerms.net(30)

    def test_a_huge_number_of_days_is_a_terms_error_not_a_bare_value_error(self) -> None:
        # int() of 5000 digits raised ValueError (Python's limit on int string conversion).
        with pytest.raises(TermsParseError, match="at most 5 digits"):
            parse_terms("net " + "9" * 190)

    @pytest.mark.parametrize(
        "text",
        ["net 123456", "2/123456 net 30", "day 123456 of next month", "instalments 100%/123456"],
    )
    def test_days_have_at_most_five_digits(self, text: str) -> None:
        with pytest.raises(TermsParseError, match="at most 5 digits"):
            parse_terms(text)

    def test_five_digit_days_are_read(self) -> None:
        assert parse_terms("net 99999") == PaymentTerms.net(99_999)

    def test_percentages_have_at_most_twelve_digits(self) -> None:
        assert parse_terms("2." + "0" * 11 + "/10 net 30") == parse_terms("2/10 net 30")
        with pytest.raises(TermsParseError, match="at most 12 digits"):
            parse_terms("2." + "0" * 12 + "/10 net 30")

    def test_texts_of_200_characters_are_read_and_201_refused(self) -> None:
        assert parse_terms("net" + " " * 195 + "30") == PaymentTerms.net(30)
        with pytest.raises(
            TermsParseError, match=r"\(201 characters\): longer than 200 characters$"
        ):
            parse_terms("net" + " " * 196 + "30")

    def test_the_message_quotes_60_characters_whole_and_shortens_61(self) -> None:
        with pytest.raises(TermsParseError) as sixty:
            parse_terms("x" * 60)
        assert str(sixty.value) == f"cannot read payment terms from {'x' * 60!r}"
        with pytest.raises(TermsParseError) as sixty_one:
            parse_terms("x" * 61)
        assert str(sixty_one.value) == (
            f"cannot read payment terms from {'x' * 60!r}... (61 characters)"
        )

    def test_the_message_quotes_a_short_text_whole(self) -> None:
        with pytest.raises(TermsParseError, match=r"from '1/1 x'$"):
            parse_terms("1/1 x")

    @given(st.text())
    def test_any_text_gives_terms_or_a_terms_parse_error(self, text: str) -> None:
        # Anything else (ValueError, decimal errors, RecursionError) escapes and fails the test.
        result: PaymentTerms | TermsParseError
        try:
            result = parse_terms(text)
        except TermsParseError as error:
            result = error
        assert isinstance(result, PaymentTerms) or len(str(result)) < 250


class TestPairsAndHugeNumbers:
    """Regressions from the fuzz suite: pairs unpacked without a check, messages that crashed."""

    @pytest.mark.parametrize("value", ["50%/30", b"bytes", {"0.5": 30}, 7])
    def test_a_lone_str_mapping_or_scalar_is_not_a_list(self, value: object) -> None:
        with pytest.raises(InvalidTermsError, match="instalments must be a list or tuple"):
            PaymentTerms.instalment_plan(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("item", [5, "ab", ("1", 30, 60), ("1",)])
    def test_an_item_that_is_not_a_pair_is_refused(self, item: object) -> None:
        with pytest.raises(
            InvalidTermsError,
            match=r"instalments must hold Instalment values or \(share, days\) pairs",
        ):
            PaymentTerms.instalment_plan([item])  # type: ignore[list-item]

    def test_discount_tiers_as_pairs_from_both_sides(self) -> None:
        assert PaymentTerms(discounts=[("0.02", 10)]).discounts == (DiscountTier("0.02", 10),)
        as_lists = [["0.02", 10]]
        terms = PaymentTerms(discounts=as_lists)  # type: ignore[arg-type]
        assert terms.discounts == (DiscountTier("0.02", 10),)
        with pytest.raises(
            InvalidTermsError,
            match=r"discounts must hold DiscountTier values or \(rate, days\) pairs",
        ):
            PaymentTerms(discounts=[("0.02", 10, 5)])  # type: ignore[list-item]
        with pytest.raises(InvalidTermsError, match="discounts must be a list or tuple"):
            PaymentTerms(discounts="2/10")  # type: ignore[arg-type]

    @pytest.mark.parametrize("days", [-(10**5000), -(10**18)], ids=["-10**5000", "-10**18"])
    def test_a_huge_negative_day_count_is_described_not_printed(self, days: int) -> None:
        terms = parse_terms("2/10 Net 30")
        day = dt.date(2026, 1, 1)
        with pytest.raises(InvalidTermsError, match="grace_days must not be negative, got "):
            terms.discount_rate_on(day, day, grace_days=days)
        with pytest.raises(InvalidTermsError, match="instalment days must not be negative"):
            Instalment("1", days)

    def test_a_huge_month_count_is_described_not_printed(self) -> None:
        with pytest.raises(InvalidTermsError, match=r"must be 0 to 1200, got <int of \d+ bits>"):
            PaymentTerms(net_months=10**5000)
