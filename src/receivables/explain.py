"""Reasons: how every decision the library makes explains itself.

A :class:`Reason` carries a stable machine ``code`` (safe to store, filter and count on), a message
for a person, and the ``figures`` behind the decision (amounts, days, rates, dates), so an auditor
can follow it. The codes each engine uses are listed in :data:`REASON_CODES`; they never change
meaning once released.

Examples:
    >>> import datetime as dt
    >>> from receivables import Money
    >>> reason = Reason(
    ...     "dunning.below_minimum",
    ...     "overdue 12.00 USD is below the level minimum 50.00 USD",
    ...     {"overdue": Money("12.00", "USD"), "minimum": Money("50.00", "USD")},
    ... )
    >>> reason.code, reason.figure("minimum")
    ('dunning.below_minimum', Money('50.00', 'USD'))
    >>> describe("dunning.below_minimum")
    'The overdue amount is below the minimum for the level.'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final, TypeAlias

import attrs

from receivables._text import shown
from receivables.convert import DictForm
from receivables.errors import InvalidTypeError, ValidationError
from receivables.money import Currency, Money

__all__ = ["REASON_CODES", "Figure", "Reason", "describe"]

Figure: TypeAlias = Money | Decimal | int | str | bool | dt.date | Currency | None
"""The kinds of value a reason may carry as a figure."""

_FIGURE_TYPES: Final = (Money, Decimal, int, str, bool, dt.date, Currency, type(None))
# Linear: each word is closed by a dot, which no word contains, so the text splits one way only.
_CODE: Final = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_MAX_CODE_LENGTH: Final = 100
"""Longest reason code (codes are stored and filtered on: ``"dunning.disputed"``)."""


def _figures(
    value: Mapping[str, Figure] | Iterable[tuple[str, Figure]],
) -> tuple[tuple[str, Figure], ...]:
    pairs = tuple(value.items()) if isinstance(value, Mapping) else tuple(value)
    seen: set[str] = set()
    for name, figure in pairs:
        if not isinstance(name, str):
            raise InvalidTypeError(f"figure names must be str, got {shown(name)}")
        if name in seen:
            raise ValidationError(f"figure {shown(name)} given twice")
        seen.add(name)
        if isinstance(figure, float) or not isinstance(figure, _FIGURE_TYPES):
            raise InvalidTypeError(
                f"figure {shown(name)} must be Money, Decimal, int, str, bool, date or None, "
                f"not {type(figure).__name__}"
            )
    return pairs


def _code(value: str) -> str:
    if not isinstance(value, str) or len(value) > _MAX_CODE_LENGTH or not _CODE.match(value):
        long = isinstance(value, str) and len(value) > _MAX_CODE_LENGTH
        got = f"{value[:_MAX_CODE_LENGTH]!r}..." if long else shown(value)
        raise ValidationError(
            "a reason code is dotted lower-case words of at most "
            f"{_MAX_CODE_LENGTH} characters, such as 'dunning.disputed', got {got}"
        )
    return value


@attrs.frozen
class Reason(DictForm):
    """Why a decision was made: a stable ``code``, a ``message`` and the ``figures`` behind it.

    ``figures`` is given as a mapping (or pairs) and kept as an ordered tuple of pairs, so a
    reason is immutable and hashable. Codes are dotted lower-case words, engine first
    (``"dunning.disputed"``, ``"cashapp.reference_exact"``).

    Limits: a code is at most 100 characters, else :class:`~receivables.errors.ValidationError`
    quoting its start; checking it takes time linear in its length.

    Examples:
        >>> r = Reason("credit.over_limit", "exposure exceeds the limit", {"excess_days": 3})
        >>> r.as_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'code': 'credit.over_limit', 'message': 'exposure exceeds the limit',
         'figures': {'excess_days': 3}}
    """

    code: str = attrs.field(converter=_code)
    message: str
    figures: tuple[tuple[str, Figure], ...] = attrs.field(default=(), converter=_figures)

    @classmethod
    def of(cls, code: str, message: str, **figures: Figure) -> Reason:
        """Build a reason with its figures as keyword arguments, in the order given.

        Examples:
            >>> reason = Reason.of("dunning.too_soon", "too soon", since_last=5, interval_days=14)
            >>> reason.figures
            (('since_last', 5), ('interval_days', 14))
        """
        return cls(code, message, tuple(figures.items()))

    def figure(self, name: str) -> Figure:
        """The figure called ``name``; a missing name is a clear error, not a ``KeyError``.

        Examples:
            >>> Reason("dunning.disputed", "in dispute", {"days": 4}).figure("days")
            4
        """
        for key, value in self.figures:
            if key == name:
                return value
        names = ", ".join(key for key, _ in self.figures) or "none"
        raise ValidationError(f"reason {self.code} has no figure {shown(name)} (it has: {names})")

    def as_dict(self) -> dict[str, object]:
        """Plain data for logs and JSON: the same as :meth:`to_dict` (money as
        ``{"amount": "5.00", "currency": "USD"}``, decimals and dates as text).

        Examples:
            >>> Reason.of("dunning.fee", "fee", fee=Money("5", "USD")).as_dict()["figures"]
            {'fee': {'amount': '5.00', 'currency': 'USD'}}
        """
        return self.to_dict()

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


REASON_CODES: Final[Mapping[str, str]] = {
    # documents and the core
    "terms.defaulted": "The terms text could not be read; the default terms were used.",
    # aging
    "aging.past_due_concentration": "A few accounts hold a large share of what is past due.",
    "aging.top_delinquent": "The account ranks among the largest past-due balances.",
    "aging.new_delinquency": "Accounts with nothing past due before have amounts past due now.",
    "aging.cured": "Accounts past due before have nothing past due now.",
    # dunning
    "dunning.not_overdue": "Nothing is past due beyond the grace days.",
    "dunning.disputed": "Every overdue item is under an open dispute.",
    "dunning.promise_pending": "An unbroken promise to pay covers the overdue amount.",
    "dunning.promise_broken": "A promise to pay passed its date unpaid.",
    "dunning.below_minimum": "The overdue amount is below the minimum for the level.",
    "dunning.too_soon": "The last notice was sent less than the minimum interval ago.",
    "dunning.customer_blocked": "The customer carries a dunning block.",
    "dunning.level_reached": "The days overdue reached the threshold of the level.",
    "dunning.level_repeated": "The account stays at its level; the notice repeats it.",
    "dunning.fee": "The level charges a fee.",
    "dunning.interest": "The level charges late-payment interest on the overdue items.",
    "dunning.items_left_out": "Some overdue items were left off the notice (dispute, promise).",
    "dunning.credits_cover": "Open credits of the account cover what the notice would demand.",
    "dunning.credits_netted": "Open credits are listed on the notice and deducted from it.",
    "dunning.credits_listed": "Open credits are listed on the notice, not deducted.",
    "dunning.pre_due": "A reminder of items falling due soon (a pre-due level).",
    "dunning.first_run_by_age": "No history: the account starts at the level its age warrants.",
    "dunning.statutory_interest": "Statutory late-payment interest and fixed compensation.",
    "dunning.worklist_amount": "Worklist factor: the past-due amount, on a log scale to a cap.",
    "dunning.worklist_age": "Worklist factor: days past due of the oldest item, to a cap.",
    "dunning.worklist_risk": "Worklist factor: the customer's risk class.",
    "dunning.worklist_broken_promises": "Worklist factor: promises to pay that were broken.",
    "dunning.worklist_exposure": "Worklist factor: open balance against the credit limit.",
    "dunning.worklist_expected_delay": "Expected loss of delay: amounts x chance of late payment.",
    "dunning.reliable_payer": "The customer reliably pays within grace: no first reminder.",
    "dunning.payment_plan": "The balance is rescheduled into instalments.",
    "dunning.settlement": "A lump-sum settlement at a discount is offered.",
    "dunning.settlement_floor": "The settlement discount was limited by the recovery floor.",
    "dunning.referral_recommended": "The account meets every condition of the referral policy.",
    # credit
    "credit.over_limit": "Exposure with this order would exceed the credit limit.",
    "credit.past_due": "The customer has amounts past due beyond tolerance.",
    "credit.hold_flag": "The customer is on credit hold.",
    "credit.within_limit": "Exposure stays within the limit and nothing blocks the order.",
    "credit.no_limit": "The customer has no credit limit set.",
    "credit.risk_class_review": "Orders of this risk class are always reviewed.",
    "credit.adverse_characteristic": "A scorecard characteristic scored below its best.",
    "credit.limit_methods": "The credit-limit methods and how they were combined.",
    "credit.limit_capped": "The limit was capped for the risk class.",
    "credit.limit_rounded": "The limit was rounded down to the policy's increment.",
    "credit.terms_too_long": "The requested terms exceed the policy's maximum.",
    "credit.limit_increase_too_large": "The requested limit grows more than the policy allows.",
    "credit.payment_index_low": "The payment index is below the policy's minimum.",
    "credit.payment_index_ok": "The payment index meets the policy's minimum.",
    "credit.score_low": "The score is below what the policy needs.",
    "credit.score_conditional": "The score allows approval only with conditions.",
    "credit.score_ok": "The score meets the policy.",
    # payment behaviour and the cash forecast
    "forecast.customer_history": "The customer's own payment history and the weight it gets.",
    "forecast.no_history": "No payments on record: the segment's or the book's curve is used.",
    "forecast.segment_prior": "The customer's curve is shrunk toward its segment's.",
    "forecast.book_prior": "The customer's curve is shrunk toward the whole book's.",
    "forecast.dispute_effect": "An open dispute stretches the days to pay by the dispute factor.",
    "forecast.beyond_horizon": "Part of the chance of payment lies beyond the model's horizon.",
    "forecast.promise_applied": "Pending promises to pay set the week of what they cover.",
    "forecast.promise_broken": "Promises to pay passed their date: behaviour applies again.",
    # cash application
    "cashapp.reference_exact": "A reference on the payment names the invoice exactly.",
    "cashapp.reference_normalised": "A reference matches the invoice after normalisation.",
    "cashapp.amount_unique": "One open invoice has exactly the payment amount.",
    "cashapp.combination": "A unique combination of open invoices sums to the payment.",
    "cashapp.discount_taken": "The payment took the early-payment discount the terms allow.",
    "cashapp.short_payment": "The payment is short of the open amount.",
    "cashapp.overpayment": "The payment exceeds what it was applied to; the rest is on account.",
    "cashapp.no_match": "Nothing on the payment identifies what it pays.",
    "cashapp.reference_near_miss": "A reference one character off names the only candidate.",
    "cashapp.ambiguous_reference": "A reference names several open items; none is singled out.",
    "cashapp.ambiguous_amount": "Several open items or combinations fit the amount.",
    "cashapp.other_customer": "The payment pays items of another customer.",
    "cashapp.payer_identified": "The payer was identified by a unique name or a plugged-in rule.",
    "cashapp.amount_only_unknown_payer": "Only the amount of an unknown payer matches items.",
    "cashapp.search_exhausted": "The combination search ran out of its budget.",
    "cashapp.low_confidence": "The evidence is below the confidence needed to post.",
    "cashapp.remittance": "The remittance advice lists what the payment pays.",
    "cashapp.already_applied": "The items named were already paid by another payment in the run.",
    "cashapp.reference_ignored": "Some references were set aside; without them amounts agree.",
    "cashapp.conflicting_evidence": "The references and the amount point to different items.",
    "cashapp.duplicate_payment": "The payment repeats one the history shows cleared.",
    "cashapp.stray_number": "A stray number in the text names the item; the amount agrees.",
    "cashapp.keying_error": "An advice line was mis-keyed; the item one keystroke away fits it.",
    "cashapp.credit_memo_netted": "The payer netted an open credit memo: both apply.",
    "cashapp.on_account": "The narrative keeps the cash on account (deposit, advance, partial).",
    "cashapp.chance_fit": "A combination fits the amount, but one would by chance: no evidence.",
    "cashapp.posted": "Cash application posted the payment to the items named.",
    # allowance
    "allowance.provision_matrix": "Reserve at the bucket's loss rate (IFRS 9 B5.5.35).",
    "allowance.specific_reserve": "Reserve assessed for the named account or invoice.",
    "allowance.overlay": "Forward-looking adjustment to the historical rates.",
    "allowance.write_off_recommended": "The item meets the write-off policy.",
    "allowance.approval_required": "The write-off needs the approval of the level named.",
    "allowance.true_up": "The allowance is brought to the required balance.",
    "allowance.write_off": "A receivable is written off.",
    "allowance.recovery": "A receivable written off earlier is recovered.",
    # bank statements
    "bankfiles.debit": "A debit entry is money paid out, not a payment received.",
    "bankfiles.return": "The entry returns a payment (the bank gave a return reason).",
    "bankfiles.reversal": "The entry reverses an earlier entry.",
    "bankfiles.not_booked": "The entry is pending or for information; only booked cash applies.",
    "bankfiles.zero_amount": "The entry has a zero amount.",
    "bankfiles.interim": (
        "The entry is reported by an interim (intraday) report; the final report is applied."
    ),
    # ERP exports (adapters): why a row became no document
    "adapters.missing_column": "The row has no cell for a column the map reads.",
    "adapters.blank_cell": "A cell the document needs is blank.",
    "adapters.long_cell": "A cell is longer than the loader reads (1,000 characters).",
    "adapters.bad_date": "A date cell does not read in the map's date format.",
    "adapters.bad_amount": "An amount cell cannot be read, or is ambiguous, in the map's locale.",
    "adapters.bad_currency": "The currency is not an ISO 4217 code, or is blank with no default.",
    "adapters.bad_terms": "The payment-term name cannot be read (strict terms mode).",
    "adapters.bad_kind": "The kind column holds text the map does not list.",
    "adapters.not_a_row": "The row is not a mapping of column names to text.",
    "adapters.conflicting_rows": "Rows of one document disagree (date, currency, kind, due date).",
    "adapters.bad_schedule": "The rows of a payment schedule do not make instalments.",
    "adapters.unknown_target": "The row applies to a document that is not in the export.",
    "adapters.bad_balance": "The open amount is not between zero and the document's amount.",
    "adapters.bad_document": "The document the rows describe is refused by its constructor.",
    "adapters.summary_row": "A heading or total line of the report, not a document (skipped).",
    "adapters.blank_row": "A blank row (skipped).",
}
"""Every reason code the library's engines use, with what it means. Codes never change meaning."""


def describe(code: str) -> str:
    """What a reason code means, from :data:`REASON_CODES`.

    Examples:
        >>> describe("dunning.too_soon")
        'The last notice was sent less than the minimum interval ago.'
    """
    try:
        return REASON_CODES[code]
    except KeyError:
        raise ValidationError(f"unknown reason code {shown(code)}") from None
