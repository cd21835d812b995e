"""Round-trip properties over the ``receivables.testing`` strategies.

For every input type with a strategy, ``T.from_dict(x.to_dict()) == x`` and the JSON text made
by ``receivables.json.dumps`` reads back to an equal value; for results built by the engines on
generated portfolios, ``json.loads(json.dumps(r.to_dict()))`` is the same dict (nothing lost to
floats or to objects JSON cannot hold).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import Money
from receivables import json as rjson
from receivables.aging import age, past_due_report
from receivables.cashapp import apply_cash
from receivables.documents import DocumentKind, Portfolio
from receivables.dunning import DunningPolicy, run_dunning
from receivables.testing import money, portfolios, type_strategies

INPUT_TYPES = sorted(type_strategies().items(), key=lambda pair: pair[0].__name__)
# Per-class properties run once per input type (over 50): a quarter of the profile's budget each.
PER_CLASS = max(5, settings().max_examples // 4)


@pytest.mark.parametrize(
    ("kind", "strategy"),
    [pair for pair in INPUT_TYPES if hasattr(pair[0], "from_dict")],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_from_dict_of_to_dict_is_the_value(kind: Any, strategy: st.SearchStrategy[Any]) -> None:
    @settings(max_examples=PER_CLASS, deadline=None)
    @given(strategy)
    def check(value: Any) -> None:
        data = value.to_dict()
        assert kind.from_dict(data) == value
        assert rjson.loads(rjson.dumps(value), kind) == value
        assert json.loads(json.dumps(data)) == data

    check()


def test_every_strategy_type_but_currency_has_the_form() -> None:
    # A currency is a code in the plain form, not an object: it has no to_dict of its own.
    without = [k.__name__ for k, _ in INPUT_TYPES if not hasattr(k, "from_dict")]
    assert without == ["Currency"]


@settings(max_examples=200, deadline=None)
@given(money())
def test_money_reads_back_exactly(value: Money) -> None:
    data = value.to_dict()
    back = Money.from_dict(data)
    assert back == value
    assert back.currency is value.currency
    exponent = back.amount.as_tuple().exponent
    assert isinstance(exponent, int)
    assert -exponent >= value.currency.minor_units  # never fewer places than minor units


POLICY = DunningPolicy.from_dict(
    {
        "levels": [
            {"number": 1, "days_overdue": 1, "action": "reminder"},
            {"number": 2, "days_overdue": 30, "action": "final_notice", "charge_interest": True},
        ],
        "annual_interest_rate": "0.0825",
    }
)


def _lossless(value: Any) -> None:
    data = value.to_dict()
    assert json.loads(json.dumps(data)) == data
    text = rjson.dumps(value)
    assert rjson.loads(text) == json.loads(text, parse_float=str)  # no float anywhere


@settings(max_examples=15, deadline=None)
@given(portfolios(max_customers=4))
def test_engine_results_on_generated_portfolios_are_lossless(book: Portfolio) -> None:
    items = book.open_items()
    report = age(items, book.as_of, disputes=book.disputes)
    _lossless(report)
    _lossless(past_due_report(report, top=3))
    run = run_dunning(POLICY, items, as_of=book.as_of + dt.timedelta(days=45))
    _lossless(run)
    open_items = [i for i in items if i.kind is not DocumentKind.PAYMENT]
    _lossless(apply_cash(book.payments, open_items, customers=book.customers))
    _lossless(book)
    assert Portfolio.from_dict(book.to_dict()) == book
