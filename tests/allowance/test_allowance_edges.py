"""The allowance wing's messages and boundaries, each from both sides (the survivors of the
mutation run on ``allowance/``, docs/mutation.md): a refused value names its field, and a limit
is tested on it and just past it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _allowance_helpers import usd

from receivables import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidDateError,
    InvalidDocumentError,
    InvalidPolicyError,
    InvalidTypeError,
    Money,
    ValidationError,
)
from receivables.allowance import (
    AccountMap,
    AllowanceRollForward,
    ApprovalLevel,
    JournalEntry,
    JournalLine,
    LossPeriod,
    Overlay,
    OverlayKind,
    ProvisionMatrix,
    ReceivableHistory,
    RollMethod,
    RollRates,
    SpecificReserve,
    WriteOffPolicy,
    allowance_true_up,
    roll_rates,
    write_off_entry,
)

JAN_1, JAN_31 = dt.date(2026, 1, 1), dt.date(2026, 1, 31)


class TestRollRates:
    ROLLS = RollRates(
        (("Current", "1-30", Decimal("0.5")), ("1-30", "write-off", None)), RollMethod.POOLED, 3
    )

    def test_the_rate_out_of_each_bucket(self) -> None:
        assert self.ROLLS.rate("Current") == Decimal("0.5")
        assert self.ROLLS.rate("1-30") is None

    def test_an_unknown_bucket_names_the_buckets_there_are(self) -> None:
        with pytest.raises(ValidationError, match=r"^no bucket '31-60' among Current, 1-30$"):
            self.ROLLS.rate("31-60")


class TestLossPeriod:
    @pytest.mark.parametrize("name", ["write_offs", "recoveries"])
    def test_another_currency_is_named(self, name: str) -> None:
        amounts = {"credit_sales": usd("100"), "write_offs": usd("1"), "recoveries": usd("0")}
        amounts[name] = Money("1", "EUR")
        with pytest.raises(
            CurrencyMismatchError, match=rf"^{name} is in another currency than credit_sales$"
        ):
            LossPeriod(**amounts)

    @pytest.mark.parametrize("name", ["credit_sales", "write_offs", "recoveries"])
    def test_a_negative_amount_is_named_and_zero_is_accepted(self, name: str) -> None:
        amounts = {"credit_sales": usd("100"), "write_offs": usd("1"), "recoveries": usd("1")}
        amounts[name] = usd("-0.01")
        with pytest.raises(InvalidAmountError, match=rf"^{name} cannot be negative$"):
            LossPeriod(**amounts)
        amounts[name] = usd("0")
        assert getattr(LossPeriod(**amounts), name) == usd("0")


class TestReceivableHistory:
    def test_due_before_issue_is_refused_naming_the_document(self) -> None:
        with pytest.raises(InvalidDateError, match=r"^INV-9: due_date precedes issue_date$"):
            ReceivableHistory("INV-9", JAN_31, JAN_1, usd("5"))
        assert ReceivableHistory("INV-9", JAN_1, JAN_1, usd("5")).due_date == JAN_1

    def test_closed_on_must_be_a_date_named_as_such(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^closed_on must be a datetime\.date"):
            ReceivableHistory("INV-9", JAN_1, JAN_31, usd("5"), closed_on="2026-02-01")  # type: ignore[arg-type]

    def test_closed_before_issue_is_refused_and_closed_on_issue_is_accepted(self) -> None:
        with pytest.raises(InvalidDateError, match=r"^INV-9: closed_on precedes issue_date$"):
            ReceivableHistory("INV-9", JAN_31, JAN_31, usd("5"), closed_on=JAN_1)
        item = ReceivableHistory("INV-9", JAN_31, JAN_31, usd("5"), closed_on=JAN_31)
        assert not item.is_open_on(JAN_31)

    def test_a_write_off_needs_its_date(self) -> None:
        with pytest.raises(
            InvalidDateError, match=r"^INV-9: a write-off needs its date in closed_on$"
        ):
            ReceivableHistory("INV-9", JAN_1, JAN_31, usd("5"), written_off=True)

    def test_open_from_the_issue_day_to_the_day_before_it_closed(self) -> None:
        closed = dt.date(2026, 3, 5)
        item = ReceivableHistory("INV-9", JAN_1, JAN_31, usd("5"), closed_on=closed)
        day = dt.timedelta(days=1)
        assert not item.is_open_on(JAN_1 - day)
        assert item.is_open_on(JAN_1)
        assert item.is_open_on(closed - day)
        assert not item.is_open_on(closed)


class TestApprovers:
    POLICY = WriteOffPolicy(
        approval_levels=[
            ApprovalLevel("collector", usd("1000")),
            ApprovalLevel("credit manager", usd("25000")),
            ApprovalLevel("controller"),
        ]
    )

    @pytest.mark.parametrize(
        ("amount", "approver"),
        [
            ("1000", "collector"),
            ("1000.01", "credit manager"),
            ("25000", "credit manager"),
            ("25000.01", "controller"),
        ],
    )
    def test_each_limit_from_both_sides(self, amount: str, approver: str) -> None:
        assert self.POLICY.approver_for(usd(amount)) == approver

    def test_another_currency_goes_to_the_level_without_a_limit(self) -> None:
        assert self.POLICY.approver_for(Money("1", "EUR")) == "controller"


class TestRollForward:
    @pytest.mark.parametrize("name", ["provision_expense", "write_offs", "recoveries", "ending"])
    def test_an_amount_that_is_not_money_is_named(self, name: str) -> None:
        amounts: dict[str, object] = {
            "beginning": usd("0"),
            "provision_expense": usd("0"),
            "write_offs": usd("0"),
            "recoveries": usd("0"),
            "ending": usd("0"),
        }
        amounts[name] = Decimal("0")
        with pytest.raises(InvalidTypeError, match=rf"^{name} must be Money"):
            AllowanceRollForward(**amounts)  # type: ignore[arg-type]

    def test_another_currency_is_named(self) -> None:
        with pytest.raises(CurrencyMismatchError, match=r"^write_offs is in EUR, not USD$"):
            AllowanceRollForward(usd("0"), usd("0"), Money("0", "EUR"), usd("0"), usd("0"))

    @pytest.mark.parametrize("name", ["beginning", "write_offs", "recoveries", "ending"])
    def test_a_negative_balance_is_named(self, name: str) -> None:
        amounts = {
            "beginning": usd("5"),
            "write_offs": usd("1"),
            "recoveries": usd("1"),
            "ending": usd("5"),
        }
        amounts[name] = usd("-1")
        with pytest.raises(InvalidAmountError, match=rf"^{name} cannot be negative$"):
            AllowanceRollForward.derive(**amounts)

    def test_the_statement_lines_and_figures(self) -> None:
        roll = AllowanceRollForward.derive(
            beginning=usd("50000"),
            ending=usd("58000"),
            write_offs=usd("12000"),
            recoveries=usd("1500"),
        )
        assert roll.statement().splitlines() == [
            "Allowance, beginning             50000 USD",
            "Provision expense                18500 USD",
            "Write-offs                      -12000 USD",
            "Recoveries                        1500 USD",
            "Allowance, ending                58000 USD",
        ]


def test_a_journal_entry_prints_debits_then_credits_in_their_columns() -> None:
    entry = JournalEntry(
        dt.date(2026, 6, 30),
        [JournalLine("6100", usd("5"), usd("0")), JournalLine("1290", usd("0"), usd("5"))],
        "true-up",
    )
    assert entry.format().splitlines() == [
        "2026-06-30 true-up",
        "  Dr 6100                     5 USD",
        "    Cr 1290                               5 USD",
    ]
    blank = JournalEntry(
        dt.date(2026, 6, 30),
        [JournalLine("6100", usd("5"), usd("0")), JournalLine("1290", usd("0"), usd("5"))],
    )
    assert blank.format().splitlines()[0] == "2026-06-30"


class TestJournal:
    ACCOUNTS = AccountMap("1200", "1290", "6100", "1000")
    ON = dt.date(2026, 6, 30)

    @pytest.mark.parametrize("name", ["debit", "credit"])
    def test_a_line_amount_that_is_not_money_is_named(self, name: str) -> None:
        amounts: dict[str, object] = {"debit": usd("5"), "credit": usd("0")}
        amounts[name] = Decimal("5")
        with pytest.raises(InvalidTypeError, match=rf"^{name} must be Money"):
            JournalLine("6100", **amounts)  # type: ignore[arg-type]

    def test_a_line_in_two_currencies(self) -> None:
        with pytest.raises(
            CurrencyMismatchError,
            match=r"^a journal line's debit and credit are in different currencies$",
        ):
            JournalLine("6100", usd("5"), Money("0", "EUR"))

    @pytest.mark.parametrize(("debit", "credit"), [("-1", "0"), ("0", "-1")])
    def test_a_negative_side(self, debit: str, credit: str) -> None:
        with pytest.raises(InvalidAmountError, match=r"^debits and credits are never negative$"):
            JournalLine("6100", usd(debit), usd(credit))

    def test_both_sides(self) -> None:
        with pytest.raises(
            InvalidAmountError, match=r"^a journal line is a debit or a credit, not both$"
        ):
            JournalLine("6100", usd("1"), usd("1"))

    def test_lines_must_be_journal_lines(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^journal lines must hold JournalLine values"):
            JournalEntry(self.ON, [JournalLine("6100", usd("5"), usd("0")), "1290"])  # type: ignore[list-item]

    def test_an_entry_of_one_line(self) -> None:
        with pytest.raises(
            InvalidDocumentError, match=r"^a journal entry needs at least two lines$"
        ):
            JournalEntry(self.ON, [JournalLine("6100", usd("5"), usd("0"))])

    @pytest.mark.parametrize("which", [0, 1])
    def test_an_entry_in_two_currencies(self, which: int) -> None:
        lines = [JournalLine("6100", usd("5"), usd("0")), JournalLine("1290", usd("0"), usd("5"))]
        lines[which] = JournalLine("9999", Money("0", "EUR"), Money("0", "EUR"))
        with pytest.raises(
            CurrencyMismatchError, match=r"^a journal entry's lines are in different currencies$"
        ):
            JournalEntry(self.ON, lines)

    def test_an_entry_that_moves_nothing(self) -> None:
        zero = JournalLine("6100", usd("0"), usd("0"))
        with pytest.raises(
            InvalidDocumentError,
            match=r"^a journal entry moves an amount; this one moves nothing$",
        ):
            JournalEntry(self.ON, [zero, JournalLine("1290", usd("0"), usd("0"))])

    def test_every_line_of_an_entry_carries_its_memo(self) -> None:
        entry = write_off_entry(usd("2400"), accounts=self.ACCOUNTS, on=self.ON, reference="INV-7")
        assert entry.memo == "write-off INV-7"
        assert [line.memo for line in entry.lines] == ["write-off INV-7", "write-off INV-7"]
        up = allowance_true_up(usd("1"), usd("3"), accounts=self.ACCOUNTS, on=self.ON)
        assert up is not None
        assert [line.memo for line in up.lines] == ["allowance increase"] * 2


class TestMatrix:
    def test_a_label_that_is_not_text(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^bucket labels are str, got 30$"):
            ProvisionMatrix([(30, "0.01")])  # type: ignore[list-item]

    def test_a_rate_that_is_not_a_number_names_its_bucket(self) -> None:
        with pytest.raises(InvalidAmountError, match=r"^loss rate for '1-30' 'x' is not a number"):
            ProvisionMatrix({"1-30": "x"})

    @pytest.mark.parametrize("rate", ["-0.01", "1.01"])
    def test_a_rate_outside_0_and_1_from_both_sides(self, rate: str) -> None:
        with pytest.raises(
            InvalidPolicyError,
            match=rf"^the loss rate for '1-30' must be a fraction between 0 and 1, "
            rf"got Decimal\('{rate}'\)$",
        ):
            ProvisionMatrix({"1-30": rate})

    @pytest.mark.parametrize("rate", ["0", "1"])
    def test_the_ends_of_the_range_are_rates(self, rate: str) -> None:
        assert ProvisionMatrix({"1-30": rate}).rate("1-30") == Decimal(rate)

    def test_a_rate_too_small_names_its_bucket(self) -> None:
        with pytest.raises(
            InvalidPolicyError, match=r"^the loss rate for '1-30' must be 0 or at least 1E-12"
        ):
            ProvisionMatrix({"1-30": "1E-13"})

    def test_a_bucket_given_twice(self) -> None:
        with pytest.raises(InvalidPolicyError, match=r"^bucket '1-30' has two loss rates$"):
            ProvisionMatrix([("1-30", "0.1"), ("Current", "0.01"), ("1-30", "0.2")])

    def test_overlay_factors_by_bucket(self) -> None:
        with pytest.raises(InvalidPolicyError, match=r"^by_bucket must be a mapping or"):
            Overlay(OverlayKind.ADD, "why", by_bucket=[("1-30",)])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match=r"^bucket labels are str, got 30$"):
            Overlay(OverlayKind.ADD, "why", by_bucket=[(30, "0.1")])  # type: ignore[list-item]
        with pytest.raises(InvalidAmountError, match=r"^overlay factor 'x' is not a number"):
            Overlay(OverlayKind.ADD, "why", by_bucket={"1-30": "x"})
        with pytest.raises(InvalidPolicyError, match=r"^by_bucket must be from -100 to 100"):
            Overlay(OverlayKind.ADD, "why", by_bucket={"1-30": "100.5"})
        factors = Overlay(OverlayKind.ADD, "why", by_bucket={"1-30": "100"}).by_bucket
        assert factors == (("1-30", Decimal(100)),)

    def test_an_overlay_needs_a_kind_a_reason_and_a_factor(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^kind must be an OverlayKind$"):
            Overlay("add", "why", overall="0.1")  # type: ignore[arg-type]
        with pytest.raises(InvalidPolicyError, match=r"^an overlay needs its reason$"):
            Overlay(OverlayKind.ADD, "  ", overall="0.1")
        with pytest.raises(
            InvalidPolicyError,
            match=r"^an overlay needs an overall factor or factors by bucket$",
        ):
            Overlay(OverlayKind.ADD, "why")


class TestSnapshotAmounts:
    def test_snapshots_in_two_currencies_name_both(self) -> None:
        snaps = [{"Current": usd("1")}, {"Current": Money("1", "EUR")}]
        with pytest.raises(CurrencyMismatchError, match=r"^snapshots mix USD and EUR$"):
            roll_rates(snaps, write_offs=[usd("0"), usd("0")])

    def test_the_first_money_sets_the_currency_for_the_write_offs(self) -> None:
        snaps = [{"Current": usd("1")}, {"Current": usd("1")}]
        with pytest.raises(CurrencyMismatchError, match=r"^snapshots mix USD and EUR$"):
            roll_rates(snaps, write_offs=[Money("0", "EUR"), Money("0", "EUR")])

    @pytest.mark.parametrize("value", [True, "1", 1.0])
    def test_a_balance_of_another_type_is_named(self, value: object) -> None:
        snaps = [{"Current": value}, {"Current": 1}]
        with pytest.raises(
            InvalidTypeError,
            match=rf"^snapshot balances must be Money or Decimal, got {type(value).__name__}$",
        ):
            roll_rates(snaps, write_offs=[0, 0])  # type: ignore[arg-type]


class TestSpecificReserve:
    @pytest.mark.parametrize("rate", ["-0.01", "1.01"])
    def test_a_rate_outside_0_and_1_from_both_sides(self, rate: str) -> None:
        with pytest.raises(
            InvalidPolicyError,
            match=rf"^a reserve rate is a fraction between 0 and 1, got {rate}$",
        ):
            SpecificReserve(reason="why", customer_id="C-1", rate=rate)

    @pytest.mark.parametrize("rate", ["0", "1"])
    def test_the_ends_of_the_range(self, rate: str) -> None:
        assert SpecificReserve(reason="why", customer_id="C-1", rate=rate).rate == Decimal(rate)

    def test_a_rate_that_is_not_a_number(self) -> None:
        with pytest.raises(InvalidAmountError, match=r"^reserve rate 'x' is not a number"):
            SpecificReserve(reason="why", customer_id="C-1", rate="x")

    @pytest.mark.parametrize(
        "ids", [{}, {"customer_id": "C-1", "invoice_id": "INV-1"}], ids=["neither", "both"]
    )
    def test_one_account_or_one_invoice(self, ids: dict[str, str]) -> None:
        with pytest.raises(
            InvalidPolicyError, match=r"^a specific reserve names a customer_id or an invoice_id$"
        ):
            SpecificReserve(reason="why", rate="0.5", **ids)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "basis", [{}, {"rate": "0.5", "amount": usd("1")}], ids=["neither", "both"]
    )
    def test_a_rate_or_an_amount(self, basis: dict[str, object]) -> None:
        with pytest.raises(
            InvalidPolicyError, match=r"^a specific reserve has a rate or an amount$"
        ):
            SpecificReserve(reason="why", customer_id="C-1", **basis)  # type: ignore[arg-type]

    def test_the_amount(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^amount must be Money"):
            SpecificReserve(reason="why", customer_id="C-1", amount=Decimal(1))  # type: ignore[arg-type]
        with pytest.raises(
            InvalidAmountError, match=r"^a reserve cannot be negative, got -0\.01 USD$"
        ):
            SpecificReserve(reason="why", customer_id="C-1", amount=usd("-0.01"))
        assert SpecificReserve(reason="why", customer_id="C-1", amount=usd("0")).amount == usd("0")

    def test_a_reason(self) -> None:
        with pytest.raises(InvalidPolicyError, match=r"^a specific reserve needs its reason$"):
            SpecificReserve(reason=" ", customer_id="C-1", rate="0.5")


class TestWriteOffPolicy:
    def test_levels_must_be_approval_levels(self) -> None:
        with pytest.raises(
            InvalidTypeError, match=r"^approval levels must hold ApprovalLevel values"
        ):
            WriteOffPolicy(approval_levels=["controller"])  # type: ignore[list-item]

    def test_at_least_one_level(self) -> None:
        with pytest.raises(
            InvalidPolicyError, match=r"^a write-off policy needs at least one approval level$"
        ):
            WriteOffPolicy(approval_levels=[])

    def test_the_last_level_has_no_limit(self) -> None:
        with pytest.raises(
            InvalidPolicyError, match=r"^the last approval level must have no upper limit$"
        ):
            WriteOffPolicy(approval_levels=[ApprovalLevel("collector", usd("1000"))])
