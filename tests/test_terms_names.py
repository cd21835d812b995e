"""``parse_terms`` reads the standard term names of ERP systems, as each documents the due date.

Each reference case gives an invoice date and the due date (and discount) the vendor's own
documentation or source computes for that name; the citations are in each test's docstring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    DueBasis,
    InvalidTermsError,
    InvalidTypeError,
    Money,
    ParsedTerms,
    PaymentTerms,
    TermsParseError,
    parse_terms,
)
from receivables.explain import REASON_CODES
from receivables.testing import payment_terms

D = dt.date


@pytest.mark.reference
@pytest.mark.parametrize(
    ("name", "invoiced", "due"),
    [
        ("Immediate Payment", D(2026, 9, 17), D(2026, 9, 17)),
        ("15 Days", D(2026, 9, 17), D(2026, 10, 2)),
        ("21 Days", D(2026, 9, 11), D(2026, 10, 2)),
        ("30 Days", D(2026, 9, 9), D(2026, 10, 9)),
        ("45 Days", D(2026, 9, 14), D(2026, 10, 29)),
        ("End of Following Month", D(2026, 9, 17), D(2026, 10, 31)),
        ("End of Following Month", D(2026, 1, 31), D(2026, 2, 28)),
        ("10 Days after End of Next Month", D(2026, 9, 17), D(2026, 11, 10)),
        ("10 Days after End of Next Month", D(2026, 12, 31), D(2027, 2, 10)),
        ("30% Now, Balance 60 Days", D(2026, 9, 17), D(2026, 11, 16)),
        ("2/7 Net 30", D(2026, 9, 17), D(2026, 10, 17)),
    ],
)
def test_odoo_default_terms(name: str, invoiced: dt.date, due: dt.date) -> None:
    """Odoo 17's ten seeded payment terms (``addons/account/data/account_payment_term_data.xml``
    in https://github.com/odoo/odoo, branch 17.0), whose lines are: Immediate Payment, 15, 21, 30
    and 45 Days: 100% ``days_after`` N days; End of Following Month: 100%
    ``days_after_end_of_next_month`` 0 days; 10 Days after End of Next Month: 100%
    ``days_after_end_of_next_month`` 10 days; 30% Now, Balance 60 Days: 30% after 0 days, 70% after
    60 days; 2/7 Net 30: 100% after 30 days with a 2% early payment discount within 7 days.
    ``days_after_end_of_next_month`` is the last day of the next month plus N days
    (``account.payment.term.line._get_due_date``, addons/account/models/account_payment_term.py).
    The dates from 2026-09-09 to 2026-09-17 are the worked due dates of an Odoo tenant's term
    table as stored in the search index (21 Days from 2026-09-11 is 2026-10-02, ..., 10 Days after
    End of Next Month from 2026-09-17 is 2026-11-10, 30% Now, Balance 60 Days is 2026-11-16).
    """
    terms = parse_terms(name)
    assert terms.due_date(invoiced) == due
    assert parse_terms(str(terms)) == terms


@pytest.mark.reference
def test_odoo_split_and_discount_terms() -> None:
    """Odoo 17 seeded terms (see :func:`test_odoo_default_terms`): "30% Now, Balance 60 Days" is
    two lines, 30% due on the invoice date and the balance 60 days after; "2/7 Net 30" is 30 days
    net with 2% off within 7 days."""
    split = parse_terms("30% Now, Balance 60 Days")
    schedule = split.instalment_schedule(Money("500.00", "USD"), D(2026, 1, 1))
    assert schedule == (
        (D(2026, 1, 1), Money("150.00", "USD")),
        (D(2026, 3, 2), Money("350.00", "USD")),
    )
    discount = parse_terms("2/7 Net 30")
    assert discount.discount_deadlines(D(2026, 1, 1)) == ((D(2026, 1, 8), Decimal("0.02")),)


@pytest.mark.reference
@pytest.mark.parametrize(
    ("text", "invoiced", "due"),
    [
        ("20 of the following month", D(2026, 9, 17), D(2026, 10, 20)),
        ("31 of the following month", D(2026, 1, 5), D(2026, 2, 28)),
        ("15 of the current month", D(2026, 9, 3), D(2026, 9, 15)),
        ("30 day(s) after the invoice date", D(2026, 9, 17), D(2026, 10, 17)),
        ("10 day(s) after the end of the invoice month", D(2026, 9, 17), D(2026, 10, 10)),
    ],
)
def test_xero_due_date_options(text: str, invoiced: dt.date, due: dt.date) -> None:
    """Xero's due-date options, "Set up due dates (payment terms)", https://help.xero.com/uk/
    gs-PaymentTerms: a number with "day(s) after the invoice date", "day(s) after the end of the
    invoice month", "of the following month" or "of the current month"; the Accounting API's
    ``PaymentTermType`` is DAYSAFTERBILLDATE, DAYSAFTERBILLMONTH, OFCURRENTMONTH, OFFOLLOWINGMONTH
    (xero-node ``paymentTermType.d.ts``). A day past the month's end is its last day."""
    assert parse_terms(text).due_date(invoiced) == due


@pytest.mark.reference
@pytest.mark.parametrize(
    ("text", "invoiced", "due"),
    [
        ("30 Day(s) after invoice date", D(2026, 7, 30), D(2026, 8, 29)),
        ("14 Day(s) after the end of the invoice month", D(2026, 7, 30), D(2026, 8, 14)),
        ("1 Month(s) after the end of the invoice month", D(2026, 7, 30), D(2026, 8, 31)),
        ("1 Month(s) after the end of the invoice month", D(2026, 2, 10), D(2026, 3, 28)),
    ],
)
def test_erpnext_due_date_based_on(text: str, invoiced: dt.date, due: dt.date) -> None:
    """ERPNext Payment Term "Due Date Based On" (docs.erpnext.com, Payment Terms; and
    ``get_due_date`` in erpnext/controllers/accounts_controller.py): "Day(s) after invoice date" is
    ``add_days(posting_date, credit_days)``, "Day(s) after the end of the invoice month" is
    ``add_days(get_last_day(date), credit_days)``, and "Month(s) after the end of the invoice month"
    is ``add_months(get_last_day(date), credit_months)``, so from February's last day one month on
    is 28 March (``add_months`` keeps the day of the month), and from 31 July it is 31 August."""
    assert parse_terms(text).due_date(invoiced) == due


@pytest.mark.reference
@pytest.mark.parametrize(
    ("code", "invoiced", "due", "discount"),
    [
        ("14 DAYS", D(2021, 11, 5), D(2021, 11, 19), None),
        ("10D", D(2021, 11, 5), D(2021, 11, 15), None),
        ("CM", D(2021, 11, 5), D(2021, 11, 30), None),
        ("CM+10D", D(2021, 11, 5), D(2021, 12, 10), None),
        ("COD", D(2021, 11, 5), D(2021, 11, 5), None),
        ("1M", D(2026, 1, 31), D(2026, 2, 28), None),
        ("1M(8D)", D(2026, 1, 15), D(2026, 2, 15), (D(2026, 1, 23), Decimal("0.02"))),
    ],
)
def test_business_central_codes(
    code: str, invoiced: dt.date, due: dt.date, discount: tuple[dt.date, Decimal] | None
) -> None:
    """Dynamics 365 Business Central payment terms: the Payment Terms table ("Due Date
    Calculation", "Discount Date Calculation", "Discount %" as date formulas,
    https://microsoft.github.io/BCApps/reference/base-application/Table/
    Microsoft.Foundation.PaymentTerms.Payment-Terms.html) and the DateFormula syntax
    (https://learn.microsoft.com/dynamics365/business-central/dev-itpro/developer/methods-auto/
    dateformula/dateformula-data-type: 30D is 30 days, CM+10D the current month's end plus 10
    days). The worked example of a partner's guide: from 11/5/2021, 10D is 11/15/2021 and
    CM+10D is 12/10/2021. The standard code 1M(8D) is due one month after the document date with
    2% off within eight days (Dynamics Communities, "Working with Payment Terms in Business
    Central"); CM is the end of the current month; COD is due at once."""
    terms = parse_terms(code)
    assert terms.due_date(invoiced) == due
    deadlines = terms.discount_deadlines(invoiced)
    assert deadlines == ((discount,) if discount else ())


@pytest.mark.reference
@pytest.mark.parametrize(
    ("name", "net", "discount"),
    [
        ("Net 15", 15, None),
        ("Net 30", 30, None),
        ("Net 60", 60, None),
        ("Due on receipt", 0, None),
        ("1% 10 Net 30", 30, ("0.01", 10)),
        ("2% 10 Net 30", 30, ("0.02", 10)),
        ("1% 10 Net 25", 25, ("0.01", 10)),
    ],
)
def test_netsuite_and_quickbooks_standard_terms(
    name: str, net: int, discount: tuple[str, int] | None
) -> None:
    """NetSuite standard terms ("Days Till Net Due", "% Discount", "Days Till Discount Expires";
    the term record, NetSuite Help Center, srbrowser term.html) and QuickBooks terms ("1% 10 Net
    25": due within 25 days, 1% off if paid within 10, QuickBooks Desktop help "New, Edit Terms";
    the default list holds Net 15, Net 30, Net 60, Due on receipt, 1% 10 Net 30, 2% 10 Net 30)."""
    discounts = [(Decimal(discount[0]), discount[1])] if discount else []
    assert parse_terms(name) == PaymentTerms.net(net, discounts=discounts)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2M(8D)", "not the discount rate"),
        ("40 Days after End of Next Month", "not a fixed day of a month"),
        ("100% Now, Balance 60 Days", "between 0% and 100%"),
        ("30% Now, Balance 0 Days", "between 0% and 100%"),
        ("90 days, on the 10th", "cannot read"),
        ("Consignment", "cannot read"),
    ],
)
def test_names_that_cannot_be_read_exactly_are_refused(text: str, why: str) -> None:
    with pytest.raises(TermsParseError, match=why):
        parse_terms(text)


def test_long_texts_are_refused_before_reading() -> None:
    with pytest.raises(TermsParseError, match="longer than 200"):
        parse_terms("1" * 201 + " days")
    with pytest.raises(TermsParseError, match="at most 5 digits"):
        parse_terms("123456 days")


@pytest.mark.parametrize(
    "terms",
    [
        PaymentTerms(DueBasis.INVOICE_DATE, 0, net_months=2),
        PaymentTerms(DueBasis.INVOICE_DATE, 10, net_months=1, discounts=[("0.02", 8)]),
        PaymentTerms(DueBasis.END_OF_MONTH, 0, net_months=3),
        PaymentTerms(DueBasis.END_OF_MONTH, 5, net_months=1),
        PaymentTerms(DueBasis.DAY_OF_MONTH, 0, day_of_month_due=15, months_ahead=0),
        PaymentTerms(DueBasis.DAY_OF_MONTH, 0, day_of_month_due=10, months_ahead=2, cutoff_day=20),
    ],
)
def test_month_terms_read_back_from_their_text(terms: PaymentTerms) -> None:
    assert parse_terms(str(terms)) == terms


def test_month_fields_are_checked() -> None:
    with pytest.raises(InvalidTermsError, match="no net months"):
        PaymentTerms(DueBasis.DAY_OF_MONTH, 0, day_of_month_due=1, net_months=1)
    with pytest.raises(InvalidTermsError, match="months_ahead belongs only"):
        PaymentTerms(DueBasis.INVOICE_DATE, 30, months_ahead=2)
    with pytest.raises(InvalidTermsError, match="0 to 1200"):
        PaymentTerms(DueBasis.INVOICE_DATE, 0, net_months=1201)
    with pytest.raises(InvalidTypeError):
        PaymentTerms(DueBasis.INVOICE_DATE, 0, net_months="1")  # type: ignore[arg-type]
    with pytest.raises(InvalidTermsError, match="outlast"):
        PaymentTerms(DueBasis.INVOICE_DATE, 0, net_months=1, discounts=[("0.02", 29)])


@given(st.dates(max_value=D(9000, 1, 1)), st.integers(1, 28), st.integers(0, 12))
def test_day_of_month_falls_in_the_month_asked(invoiced: dt.date, day: int, ahead: int) -> None:
    terms = PaymentTerms(DueBasis.DAY_OF_MONTH, 0, day_of_month_due=day, months_ahead=ahead)
    due = terms.due_date(invoiced)
    assert due.day == day
    assert (due.year * 12 + due.month) - (invoiced.year * 12 + invoiced.month) == ahead


@given(st.dates(max_value=D(9000, 1, 1)), st.integers(0, 28))
def test_odoo_days_after_end_of_next_month_is_end_of_next_month_plus_days(
    invoiced: dt.date, days: int
) -> None:
    # The definition, computed independently: the last day of the next month, plus N days.
    following = (invoiced.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    end_of_next = (following + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    text = "End of Following Month" if days == 0 else f"{days} Days after End of Next Month"
    assert parse_terms(text).due_date(invoiced) == end_of_next + dt.timedelta(days=days)


# -- the lenient form -----------------------------------------------------------------------------


def test_lenient_form_returns_the_default_with_a_reason() -> None:
    default = PaymentTerms.net(30)
    parsed = parse_terms("Pay when you feel like it", default=default)
    assert isinstance(parsed, ParsedTerms)
    assert parsed.defaulted
    assert parsed.terms == default
    (reason,) = parsed.reasons
    assert reason.code == "terms.defaulted"
    assert reason.code in REASON_CODES
    assert "Pay when you feel like it" in reason.message
    assert dict(reason.figures)["default"] == "Net 30"


def test_lenient_form_reads_what_it_can() -> None:
    parsed = parse_terms("45 Days", default=PaymentTerms.net(30))
    assert parsed == ParsedTerms(PaymentTerms.net(45))
    assert not parsed.defaulted
    assert parsed.reasons == ()


def test_lenient_form_still_refuses_a_wrong_default_or_text_type() -> None:
    with pytest.raises(InvalidTypeError):
        parse_terms("Net 30", default="Net 30")  # type: ignore[call-overload]
    with pytest.raises(InvalidTypeError):
        parse_terms(30, default=PaymentTerms.net(30))  # type: ignore[call-overload]


def test_strict_form_keeps_its_return_type() -> None:
    assert type(parse_terms("Net 30")) is PaymentTerms


@given(st.text(max_size=60), payment_terms())
def test_lenient_form_never_raises_on_text(text: str, default: PaymentTerms) -> None:
    parsed = parse_terms(text, default=default)
    try:
        strict = parse_terms(text)
    except TermsParseError:
        assert parsed.defaulted
        assert parsed.terms == default
        assert len(parsed.reasons) == 1
    else:
        assert parsed == ParsedTerms(strict)
