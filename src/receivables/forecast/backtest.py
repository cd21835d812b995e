"""Backtest: fit on what was known at each cutoff, compare with what happened next.

For each cutoff, :class:`~receivables.forecast.PaymentBehaviour` is fitted on the history as of
the cutoff (nothing later is read) and the invoices open at the cutoff are predicted. The scores,
each beside the "paid on its due date" baseline on the same invoices:

- **accuracy** and **AUC** of ``probability_late`` (late: paid after the due date), on the open
  invoices not yet due at the cutoff whose outcome is known by the end of the data (paid, or
  still unpaid after their due date). Accuracy counts ``probability_late >= 0.5`` as a "late"
  call. The baseline calls every invoice on time (AUC 0.5).
- **MAE** of the expected date in days, on the open invoices paid by the end of the data. The
  baseline expects each on its due date, or the day after the cutoff when already overdue.
- **weekly WAPE** of the cash forecast: ``sum |forecast - actual| / sum actual`` over the weeks
  of each currency (the amounts of the open invoices actually paid in each week), averaged over
  the currencies with collections. The baseline puts each invoice in the week of its due date
  (or the first week when overdue).
- **band coverage**: the share of currency-weeks whose actual lies within the forecast band.

An invoice open at the cutoff is forecast at its full amount (the history does not tell what
part of it was paid before the cutoff). The end of the data is the last date in the history
(issue or payment); each cutoff's horizon must end on or before it.

Examples:
    >>> import datetime as dt
    >>> from receivables.samples import sample_portfolio
    >>> book = sample_portfolio(seed=5, customers=60, as_of=dt.date(2026, 6, 30),
    ...                         payment_habits=True)
    >>> result = backtest(book.invoices, cutoffs=[dt.date(2026, 3, 31)], weeks=8)
    >>> score = result.cutoffs[0]
    >>> score.wape < score.baseline_wape
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import in_context
from receivables._text import shown
from receivables._validate import all_of, require_date
from receivables.convert import DictForm
from receivables.documents import Customer, Dispute, Invoice, trusted_invoice
from receivables.errors import ValidationError
from receivables.forecast.behaviour import DEFAULT_PRIOR_STRENGTH, PaymentBehaviour
from receivables.forecast.cash import MAX_WEEKS, cash_forecast
from receivables.money import Currency

__all__ = ["BacktestResult", "CutoffScore", "backtest"]

_MAX_CUTOFFS: Final = 120
_PLACES: Final = Decimal("0.0001")


def _score(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.4f}")


@attrs.frozen
class CutoffScore(DictForm):
    """The scores of one cutoff, each beside the "paid on due date" baseline (``baseline_*``).

    A score is ``None`` when nothing could be scored (no invoice with a known outcome, no
    collections in the horizon). ``open_invoices`` were open at the cutoff; ``late_scored``
    of them had a lateness outcome to score, ``dates_scored`` a payment date.

    Examples:
        >>> import datetime as dt
        >>> s = CutoffScore(dt.date(2026, 3, 31), 8, 10, 6, 5, Decimal("0.8"), Decimal("0.9"),
        ...                 Decimal("3.2"), Decimal("0.3"), Decimal("0.75"), Decimal("0.5"),
        ...                 Decimal("0.5"), Decimal("9.0"), Decimal("0.7"))
        >>> s.wape < s.baseline_wape
        True
    """

    cutoff: dt.date
    weeks: int
    open_invoices: int
    late_scored: int
    dates_scored: int
    accuracy: Decimal | None
    auc: Decimal | None
    mae_days: Decimal | None
    wape: Decimal | None
    band_coverage: Decimal | None
    baseline_accuracy: Decimal | None
    baseline_auc: Decimal | None
    baseline_mae_days: Decimal | None
    baseline_wape: Decimal | None


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(_PLACES)


@attrs.frozen
class BacktestResult(DictForm):
    """The scores of every cutoff, and their means (properties, over the cutoffs scored).

    Examples:
        >>> BacktestResult(()).wape is None
        True
    """

    cutoffs: tuple[CutoffScore, ...]

    @property
    def accuracy(self) -> Decimal | None:
        """Mean late-payment accuracy.

        Examples:
            >>> BacktestResult(()).accuracy is None
            True
        """
        return _mean(s.accuracy for s in self.cutoffs)

    @property
    def auc(self) -> Decimal | None:
        """Mean AUC of ``probability_late``.

        Examples:
            >>> BacktestResult(()).auc is None
            True
        """
        return _mean(s.auc for s in self.cutoffs)

    @property
    def mae_days(self) -> Decimal | None:
        """Mean absolute error of the expected date, in days.

        Examples:
            >>> BacktestResult(()).mae_days is None
            True
        """
        return _mean(s.mae_days for s in self.cutoffs)

    @property
    def wape(self) -> Decimal | None:
        """Mean weekly WAPE of the cash forecast.

        Examples:
            >>> BacktestResult(()).wape is None
            True
        """
        return _mean(s.wape for s in self.cutoffs)

    @property
    def band_coverage(self) -> Decimal | None:
        """Mean share of currency-weeks whose actual fell within the band.

        Examples:
            >>> BacktestResult(()).band_coverage is None
            True
        """
        return _mean(s.band_coverage for s in self.cutoffs)

    @property
    def baseline_accuracy(self) -> Decimal | None:
        """Mean accuracy of the "always on time" baseline.

        Examples:
            >>> BacktestResult(()).baseline_accuracy is None
            True
        """
        return _mean(s.baseline_accuracy for s in self.cutoffs)

    @property
    def baseline_auc(self) -> Decimal | None:
        """Mean AUC of the baseline (0.5: it ranks nothing).

        Examples:
            >>> BacktestResult(()).baseline_auc is None
            True
        """
        return _mean(s.baseline_auc for s in self.cutoffs)

    @property
    def baseline_mae_days(self) -> Decimal | None:
        """Mean absolute error of the due-date baseline, in days.

        Examples:
            >>> BacktestResult(()).baseline_mae_days is None
            True
        """
        return _mean(s.baseline_mae_days for s in self.cutoffs)

    @property
    def baseline_wape(self) -> Decimal | None:
        """Mean weekly WAPE of the due-date baseline.

        Examples:
            >>> BacktestResult(()).baseline_wape is None
            True
        """
        return _mean(s.baseline_wape for s in self.cutoffs)


def _auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve by the Mann-Whitney rank sum, ties sharing their mean rank."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    position = 0
    count = len(order)
    while position < count:
        end = position
        while end + 1 < count and scores[order[end + 1]] == scores[order[position]]:
            end += 1
        mean_rank = (position + end) / 2 + 1
        rank_sum += mean_rank * sum(1 for i in order[position : end + 1] if labels[i])
        position = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


@in_context
def backtest(
    history: Iterable[Invoice],
    *,
    cutoffs: Iterable[dt.date],
    weeks: int = 8,
    disputes: Iterable[Dispute] = (),
    segments: Mapping[str, str] | Iterable[Customer] | None = None,
    prior_strength: int = DEFAULT_PRIOR_STRENGTH,
) -> BacktestResult:
    """Score payment behaviour and the cash forecast on ``history`` at each cutoff.

    See the module docstring for what is scored and the baseline. ``disputes``, ``segments``
    and ``prior_strength`` go to :meth:`PaymentBehaviour.fit`. At most 120 cutoffs; each must
    leave ``weeks`` whole weeks of observed data after it.

    Examples:
        >>> import datetime as dt
        >>> backtest([], cutoffs=[dt.date(2026, 1, 1)])
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: history has no invoices to backtest on
    """
    invoices = all_of(Invoice, "history", history)
    dispute_tuple = all_of(Dispute, "disputes", disputes)
    cutoff_list = sorted(set(all_of(dt.date, "cutoffs", cutoffs)))
    for cutoff in cutoff_list:
        require_date(cutoff, "cutoffs")
    if len(cutoff_list) > _MAX_CUTOFFS:
        raise ValidationError(f"at most {_MAX_CUTOFFS} cutoffs, got {len(cutoff_list)}")
    if type(weeks) is not int or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            f"weeks must be a whole number from 1 to {MAX_WEEKS}, got {shown(weeks)}"
        )
    if not invoices:
        raise ValidationError("history has no invoices to backtest on")
    end = max(max(i.issue_date for i in invoices), max(i.paid_on or i.issue_date for i in invoices))
    if isinstance(segments, Iterable) and not isinstance(segments, Mapping | str | bytes):
        segments = tuple(segments)  # used once per cutoff
    scores = tuple(
        _one_cutoff(invoices, cutoff, weeks, end, dispute_tuple, segments, prior_strength)
        for cutoff in cutoff_list
    )
    return BacktestResult(scores)


def _one_cutoff(
    invoices: tuple[Invoice, ...],
    cutoff: dt.date,
    weeks: int,
    end: dt.date,
    disputes: tuple[Dispute, ...],
    segments: Mapping[str, str] | Iterable[Customer] | None,
    prior_strength: int,
) -> CutoffScore:
    first_day = cutoff + dt.timedelta(days=1)
    start = first_day - dt.timedelta(days=first_day.weekday())
    last_day = start + dt.timedelta(days=7 * weeks - 1)
    if last_day > end:
        raise ValidationError(
            f"cutoff {cutoff}: its {weeks}-week horizon ends {last_day}, after the last date "
            f"in the history ({end})"
        )
    behaviour = PaymentBehaviour.fit(
        invoices,
        as_of=cutoff,
        disputes=disputes,
        segments=segments,
        prior_strength=prior_strength,
    )
    open_then: list[Invoice] = []
    for invoice in invoices:
        if invoice.issue_date > cutoff or invoice.amount.is_zero:
            continue
        paid_on = invoice.paid_on
        if paid_on is None and invoice.open_amount.is_zero:
            continue
        if paid_on is not None and paid_on <= cutoff:
            continue
        open_then.append(
            trusted_invoice(
                invoice.id,
                invoice.customer_id,
                invoice.issue_date,
                invoice.amount,
                invoice.due_date,
                invoice.terms,
                invoice.amount,
                invoice.references,
                None,
            )
        )
    paid_on_of = {i.id: i.paid_on for i in invoices}
    late_scores: list[float] = []
    late_labels: list[bool] = []
    errors: list[int] = []
    baseline_errors: list[int] = []
    for invoice in open_then:
        paid_on = paid_on_of[invoice.id]
        prediction = behaviour.predict(invoice, as_of=cutoff, disputes=disputes)
        due = invoice.due_date
        if due > cutoff:
            # Unpaid at the end of the data: late if that is past the due date, else unknown.
            label = (paid_on > due) if paid_on is not None else (True if end > due else None)
            if label is not None:
                late_scores.append(float(prediction.probability_late))
                late_labels.append(label)
        if paid_on is not None:
            errors.append(abs((prediction.expected_date - paid_on).days))
            baseline_errors.append(abs((max(due, first_day) - paid_on).days))
    accuracy = baseline_accuracy = auc = baseline_auc = None
    if late_labels:
        right = sum((s >= 0.5) == label for s, label in zip(late_scores, late_labels, strict=True))
        accuracy = right / len(late_labels)
        baseline_accuracy = sum(not label for label in late_labels) / len(late_labels)
        auc = _auc(late_scores, late_labels)
        baseline_auc = _auc([0.0] * len(late_labels), late_labels)
    forecast = cash_forecast(open_then, behaviour, as_of=cutoff, weeks=weeks, disputes=disputes)
    actual: dict[Currency, list[int]] = {}
    baseline: dict[Currency, list[int]] = {}
    for invoice in open_then:
        currency = invoice.amount.currency
        units = invoice.amount.minor_units if invoice.amount.is_rounded else 0
        due_week = (max(invoice.due_date, first_day) - start).days // 7
        if due_week < weeks:
            baseline.setdefault(currency, [0] * weeks)[due_week] += units
        paid_on = paid_on_of[invoice.id]
        if paid_on is not None and paid_on <= last_day:
            actual.setdefault(currency, [0] * weeks)[(paid_on - start).days // 7] += units
    wapes: list[float] = []
    baseline_wapes: list[float] = []
    inside = pairs = 0
    for result in forecast.currencies:
        collected = actual.get(result.currency)
        if collected is None or not sum(collected):
            continue
        expected = [week.expected.minor_units for week in result.weeks]
        plain = baseline.get(result.currency, [0] * weeks)
        total = sum(collected)
        wapes.append(sum(abs(f - a) for f, a in zip(expected, collected, strict=True)) / total)
        baseline_wapes.append(
            sum(abs(f - a) for f, a in zip(plain, collected, strict=True)) / total
        )
        for week, amount in zip(result.weeks, collected, strict=True):
            pairs += 1
            inside += week.low.minor_units <= amount <= week.high.minor_units
    return CutoffScore(
        cutoff,
        weeks,
        len(open_then),
        len(late_labels),
        len(errors),
        _score(accuracy),
        _score(auc),
        _score(sum(errors) / len(errors) if errors else None),
        _score(sum(wapes) / len(wapes) if wapes else None),
        _score(inside / pairs if pairs else None),
        _score(baseline_accuracy),
        _score(baseline_auc),
        _score(sum(baseline_errors) / len(baseline_errors) if baseline_errors else None),
        _score(sum(baseline_wapes) / len(baseline_wapes) if baseline_wapes else None),
    )
