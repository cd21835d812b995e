"""The censoring estimator on a published worked example."""

from __future__ import annotations

from decimal import Decimal

import pytest

from receivables._decimal import CONTEXT
from receivables.errors import InvalidTypeError, ValidationError
from receivables.forecast import kaplan_meier

# Freireich et al. (1963), remission times in weeks of the 21 patients on 6-mercaptopurine
# (True: relapse observed; False: still in remission when the study closed, right-censored).
_TIMES = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
_RELAPSED = [
    True, True, True, False, True, False, True, False, False, True, True,
    False, False, False, True, True, False, False, False, False, False,
]  # fmt: skip


@pytest.mark.reference
def test_six_mp_remission_table() -> None:
    """Kaplan-Meier on the 6-MP group of the leukemia remission trial.

    Data: E. J. Freireich et al., "The effect of 6-mercaptopurine on the duration of
    steroid-induced remissions in acute leukemia", Blood 21 (1963) 699-716, the treated group
    (also the leukemia data of Aalen, Borgan and Gjessing, "Survival and Event History Analysis",
    Springer 2008, example 5.1). The product-limit table is worked by hand in D. G. Kleinbaum and
    M. Klein, "Survival Analysis: A Self-Learning Text", 3rd ed., Springer 2012, chapter 2 (group
    1): S = 0.8571 after week 6, 0.8067 after 7, 0.7529 after 10, 0.6902 after 13, 0.6275
    after 16, 0.5378 after 22 and 0.4482 after 23.
    """
    table = kaplan_meier(_TIMES, _RELAPSED)
    assert [time for time, _ in table] == [6, 7, 10, 13, 16, 22, 23]
    assert [survival.quantize(Decimal("0.0001"), context=CONTEXT) for _, survival in table] == [
        Decimal(text)
        for text in ("0.8571", "0.8067", "0.7529", "0.6902", "0.6275", "0.5378", "0.4482")
    ]


def test_censoring_is_not_an_event_and_not_dropped() -> None:
    # Two paid on day 10, two still unpaid at day 20: half are paid, not all (as dropping the
    # open ones would say) and not a quarter-by-quarter (as counting them paid would say).
    assert kaplan_meier([10, 10, 20, 20], [True, True, False, False]) == (
        (10, Decimal("0.500000")),
    )
    # Censored before the event: out of the risk set at the event.
    assert kaplan_meier([5, 10, 10], [False, True, False]) == ((10, Decimal("0.500000")),)


def test_refusals() -> None:
    with pytest.raises(ValidationError, match="differ in length"):
        kaplan_meier([1, 2], [True])
    with pytest.raises(ValidationError, match=r"durations\[1\]"):
        kaplan_meier([1, -2], [True, True])
    with pytest.raises(InvalidTypeError, match=r"observed\[0\]"):
        kaplan_meier([1], [1])  # type: ignore[list-item]
    assert kaplan_meier([], []) == ()
