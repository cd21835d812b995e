"""Properties over the ``receivables.testing`` strategy of every input type.

* every input type (each public class with ``from_dict``) has a strategy, so a new class without
  one fails here;
* the strategies reach the edges of the ranges (zero, 36,600 days, JPY and KWD, 1E-12);
* a generated document mutated in its shape (an unknown key, a missing key, a float, a bad
  date, an unknown enum value, text for a number) is refused by the shipped JSON Schema *and*
  by ``from_dict``;
* results the engines build from generated policies and histories go through JSON unchanged.

The round trip ``T.from_dict(x.to_dict()) == x`` and schema validation of generated values run
over the same strategies in ``test_roundtrip.py`` and ``test_schema.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from _json_zoo import public_classes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from receivables import InvalidAmountError, InvalidDataError, Money
from receivables import json as rjson
from receivables._schema import input_types
from receivables._validate import MAX_DAYS
from receivables.aging import age
from receivables.allowance import loss_rates, provision, recommend_write_offs
from receivables.cashapp import apply_cash
from receivables.credit import recommend_credit_limit, review_terms_extension
from receivables.documents import DocumentKind, Portfolio
from receivables.dunning import collection_worklist, recommend_agency_referrals, run_dunning
from receivables.json import schema
from receivables.testing import (
    aging_buckets,
    credit_limit_policies,
    dunning_policies,
    fees,
    financial_statements,
    match_policies,
    money,
    notice_records,
    overlays,
    policy_assignments,
    portfolios,
    referral_policies,
    roll_rate_sets,
    scorecards,
    statement_entries,
    terms_policies,
    terms_requests,
    type_strategies,
    worklist_weights,
    write_off_policies,
)
from receivables.testing._types import STRATEGY_TYPES

# Per-class properties run once per input type (56 of them): a quarter of the profile's budget
# each keeps the dev run short and still gives ci 75 examples a class.
PER_CLASS = max(5, settings().max_examples // 4)
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
STRATEGIES = type_strategies()
INPUTS = [kind for kind in input_types() if kind in STRATEGIES]


def test_every_input_type_has_a_strategy() -> None:
    # A new class with from_dict fails here until receivables.testing has a strategy for it
    # (src/receivables/testing/_inputs.py, and _types.STRATEGY_TYPES unless it is an edge type).
    missing = [kind.__name__ for kind in input_types() if kind not in STRATEGIES]
    assert missing == []
    zoo_inputs = {cls for cls in public_classes() if hasattr(cls, "from_dict")}
    assert zoo_inputs <= set(STRATEGIES)
    assert len(INPUTS) == len(input_types()) > 50


def test_from_type_resolves_every_input_type_outside_the_edge() -> None:
    # The edge's types are resolved by type_strategies() and register_type_strategies(), but
    # not through the entry point, so that importing hypothesis never imports the edge.
    edge = {"receivables.bankfiles", "receivables.adapters", "receivables.letters"}
    core = [k for k in input_types() if not any(k.__module__.startswith(e) for e in edge)]
    assert [k.__name__ for k in core if k not in STRATEGY_TYPES] == []

    @settings(max_examples=1, database=None, deadline=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        for kind in core:
            assert isinstance(data.draw(st.from_type(kind)), kind)

    draw()


def _days(value: Any) -> Iterator[int]:
    for name in ("grace_days", "interval_days", "min_days_past_due", "past_due_days"):
        found = getattr(value, name, None)
        if isinstance(found, int):
            yield found


EDGES: list[tuple[str, st.SearchStrategy[Any], Callable[[Any], bool]]] = [
    ("a century of grace", dunning_policies(), lambda p: MAX_DAYS in _days(p)),
    ("a zero interest rate", dunning_policies(), lambda p: p.annual_interest_rate == 0),
    ("a pre-due level", dunning_policies(), lambda p: p.pre_due_levels > 0),
    ("a KWD fixed fee", fees(), lambda f: any(m.currency.code == "KWD" for m in f.fixed)),
    ("a JPY fee cap", fees(), lambda f: any(m.currency.code == "JPY" for m in f.cap)),
    ("a zero write-off rate", match_policies(), lambda p: p.write_off_rate == 0),
    ("a 1E-12 rate", match_policies(), lambda p: Decimal("1E-12") in (p.write_off_rate,)),
    ("the longest write-off wait", write_off_policies(), lambda p: MAX_DAYS in _days(p)),
    ("a zero-amount entry", statement_entries(), lambda e: e.amount.is_zero),
    ("a bucket edge of 36,600 days", aging_buckets(), lambda b: MAX_DAYS in b.edges),
    (
        "caps in two currencies for one class",
        credit_limit_policies(),
        lambda p: len({k for k, _ in p.risk_class_caps}) < len(p.risk_class_caps),
    ),
]


@pytest.mark.parametrize(
    ("what", "strategy", "condition"), EDGES, ids=[what for what, _, _ in EDGES]
)
def test_the_strategies_reach_the_edges(
    what: str, strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]
) -> None:
    # Derandomized, so that the test is stable; a plain run (no find) so nothing is shrunk.
    reached: list[bool] = []

    @settings(max_examples=100, database=None, derandomize=True, deadline=None)
    @given(strategy)
    def draw(value: Any) -> None:
        reached.append(condition(value))

    draw()
    assert any(reached), f"{what}: never drawn in {len(reached)} examples"


# -- mutations of the shape: refused by the schema and by from_dict ------------------------------


@attrs.frozen
class _Site:
    """A place in a document's plain form where a mutation applies."""

    path: tuple[str | int, ...]
    kind: str  # "object", "money", "decimal", "date", "enum", "int", "bool"
    required: tuple[str, ...] = ()


def _sites(value: Any, data: Any, path: tuple[str | int, ...] = ()) -> Iterator[_Site]:
    """Walk a value and its plain form together, yielding each mutable place."""
    if isinstance(value, Money):
        yield _Site(path, "money")
    elif isinstance(value, bool):
        yield _Site(path, "bool")
    elif isinstance(value, int):
        yield _Site(path, "int")
    elif isinstance(value, Decimal):
        yield _Site(path, "decimal")
    elif isinstance(value, dt.date):
        yield _Site(path, "date")
    elif isinstance(value, enum.Enum):
        yield _Site(path, "enum")
    elif attrs.has(type(value)) and isinstance(data, dict):
        required = tuple(schema(type(value))["required"]) if type(value) in input_types() else ()
        yield _Site(path, "object", required)
        for key, inner in data.items():
            yield from _sites(getattr(value, key), inner, (*path, key))
    elif (
        isinstance(value, tuple | list)
        and isinstance(data, list)
        and len(value) == len(data)
        and not any(isinstance(v, tuple) for v in value)  # keyed pairs: not walked
    ):
        for index, (item, inner) in enumerate(zip(value, data, strict=True)):
            yield from _sites(item, inner, (*path, index))


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _mutated(data: dict[str, Any], site: _Site, choice: int) -> dict[str, Any] | None:
    """``data`` with one shape error at ``site`` (None when the site admits none)."""
    out = copy.deepcopy(data)
    target = _at(out, site.path)
    parent = _at(out, site.path[:-1]) if site.path else None
    last = site.path[-1] if site.path else None

    def put(new: Any) -> None:
        assert parent is not None
        parent[last] = new

    if site.kind == "object":
        if site.required and choice % 2:
            del target[site.required[choice % len(site.required)]]
        else:
            target["no_such_field"] = "x"
    elif site.kind == "money":
        if choice % 2:
            target["amount"] = 1.5
        else:
            target["currency"] = "US"
    elif site.kind == "decimal":
        put(1.5 if choice % 2 else "twelve")
    elif site.kind == "date":
        put("2026-02-30" if choice % 2 else "31/12/2026")
    elif site.kind == "enum":
        put("no such member")
    elif site.kind == "int":
        put("7" if choice % 2 else 7.5)
    elif site.kind == "bool":
        put("true")
    else:  # pragma: no cover - every kind is handled above
        return None
    return out


def _where(path: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


@pytest.mark.parametrize("kind", INPUTS, ids=lambda k: k.__name__)
def test_a_shape_error_is_refused_by_the_schema_and_by_from_dict(kind: Any) -> None:
    validator = jsonschema.Draft202012Validator(schema(kind), format_checker=FORMATS)

    @settings(max_examples=PER_CLASS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(STRATEGIES[kind], st.data())
    def check(value: Any, data: st.DataObject) -> None:
        plain = value.to_dict()
        sites = list(_sites(value, plain))
        site = data.draw(st.sampled_from(sites))
        broken = _mutated(plain, site, data.draw(st.integers(0, 7)))
        assert broken is not None
        assert not validator.is_valid(broken), (_where(site.path), site.kind, broken)
        with pytest.raises(InvalidDataError):
            kind.from_dict(broken)

    check()


# -- results built from generated inputs go through JSON unchanged -------------------------------


def _lossless(value: Any) -> None:
    data = value.to_dict()
    assert json.loads(json.dumps(data)) == data
    text = rjson.dumps(value)
    assert rjson.loads(text) == json.loads(text, parse_float=str)  # no float anywhere


def _items(book: Portfolio) -> list[Any]:
    return list(book.open_items())


@settings(max_examples=PER_CLASS, deadline=None)
@given(portfolios(max_customers=3, max_invoices=10), aging_buckets(), st.data())
def test_aging_and_provision_on_generated_buckets_and_matrices(
    book: Portfolio, buckets: Any, data: st.DataObject
) -> None:
    report = age(_items(book), book.as_of, buckets, disputes=book.disputes)
    _lossless(report)
    rates = data.draw(
        st.lists(
            st.decimals(0, 1, places=4), min_size=len(report.labels), max_size=len(report.labels)
        )
    )
    from receivables.allowance import ProvisionMatrix

    matrix = ProvisionMatrix(list(zip(report.labels, rates, strict=True)))
    currencies = sorted({row.currency.code for row in report.rows})
    for code in currencies[:2]:
        _lossless(
            provision(report, matrix, currency=code, overlay=data.draw(st.none() | overlays()))
        )
    _lossless(loss_rates(data.draw(roll_rate_sets())))


@settings(max_examples=PER_CLASS, deadline=None)
@given(
    portfolios(max_customers=3, max_invoices=10),
    st.one_of(dunning_policies(max_levels=4), policy_assignments()),
    st.lists(notice_records(), max_size=3),
    st.integers(0, 400),
)
def test_dunning_on_generated_policies(
    book: Portfolio, policy: Any, history: list[Any], later: int
) -> None:
    run = run_dunning(
        policy,
        _items(book),
        as_of=book.as_of + dt.timedelta(days=later),
        history=history,
        disputes=book.disputes,
        promises=book.promises,
        customers=book.customers,
    )
    _lossless(run)


@settings(max_examples=PER_CLASS, deadline=None)
@given(
    portfolios(max_customers=3, max_invoices=10),
    worklist_weights(),
    referral_policies(),
    write_off_policies(),
)
def test_worklist_referrals_and_write_offs_on_generated_policies(
    book: Portfolio, weights: Any, referral: Any, write_off: Any
) -> None:
    items = _items(book)
    for entry in collection_worklist(
        items, as_of=book.as_of, customers=book.customers, weights=weights, top=5, by_currency=True
    ):
        _lossless(entry)
    for referral_result in recommend_agency_referrals(
        items, as_of=book.as_of, policy=referral, customers=book.customers, payments=book.payments
    ):
        _lossless(referral_result)
    for recommendation in recommend_write_offs(items, as_of=book.as_of, policy=write_off):
        _lossless(recommendation)


@settings(max_examples=PER_CLASS, deadline=None)
@given(portfolios(max_customers=3, max_invoices=10), match_policies())
def test_cash_application_on_generated_policies(book: Portfolio, policy: Any) -> None:
    open_items = [i for i in book.open_items() if i.kind is not DocumentKind.PAYMENT]
    _lossless(apply_cash(book.payments, open_items, policy=policy, customers=book.customers))


@settings(max_examples=PER_CLASS, deadline=None)
@given(
    st.sampled_from(["USD", "JPY", "KWD"]).flatmap(
        lambda code: st.tuples(
            st.just(code),
            financial_statements(code),
            credit_limit_policies(),
            terms_requests(code),
            terms_policies(),
            money(code, min_value=0, max_value=10**9),
        )
    )
)
def test_credit_decisions_on_generated_policies(case: tuple[Any, ...]) -> None:
    code, statements, limit_policy, request, terms_policy, exposure = case
    _lossless(
        recommend_credit_limit(
            code,
            statements=statements,
            bureau_limit=exposure,  # so that one method always has its inputs
            risk_class="A",
            policy=limit_policy,
        )
    )
    _lossless(
        review_terms_extension(
            request,
            score=600,
            payment_index=80,
            exposure=exposure,
            past_due=Money.zero(code),
            policy=terms_policy,
        )
    )


@settings(max_examples=PER_CLASS, deadline=None)
@given(scorecards(), st.data())
def test_scores_of_generated_scorecards(card: Any, data: st.DataObject) -> None:
    applicant: dict[str, Any] = {}
    for characteristic in card.characteristics:
        if characteristic.points:
            applicant[characteristic.name] = data.draw(st.none() | st.integers(-100, 100))
        else:
            keys = [key for key, _ in characteristic.categories]
            if characteristic.other_points is not None:
                keys.append("no such category")  # scored as other_points
            applicant[characteristic.name] = data.draw(st.none() | st.sampled_from(keys))
    try:
        result = card.score(applicant)
    except InvalidAmountError:
        # Points are within +/- 1,000,000 each; only the odds of a total beyond that are refused.
        assert card.scaling is not None
        return
    _lossless(result)


# -- the defects these properties found, pinned ---------------------------------------------------


def test_caps_for_one_risk_class_in_two_currencies_survive_the_form() -> None:
    from receivables.credit import CreditLimitPolicy

    policy = CreditLimitPolicy(
        risk_class_caps=[
            ("A", Money("10", "USD")),
            ("A", Money("9", "EUR")),
            ("B", Money("1", "USD")),
        ]
    )
    data = policy.to_dict()
    assert data["risk_class_caps"] == [
        ["A", {"amount": "9.00", "currency": "EUR"}],
        ["A", {"amount": "10.00", "currency": "USD"}],
        ["B", {"amount": "1.00", "currency": "USD"}],
    ]
    assert CreditLimitPolicy.from_dict(json.loads(json.dumps(data))) == policy
    jsonschema.Draft202012Validator(schema(CreditLimitPolicy)).validate(data)
    output = schema(CreditLimitPolicy, output=True)
    jsonschema.Draft202012Validator(output).validate(data)
    # With no key repeated the form stays an object.
    assert CreditLimitPolicy(risk_class_caps={"A": Money("1", "USD")}).to_dict()[
        "risk_class_caps"
    ] == {"A": {"amount": "1.00", "currency": "USD"}}


def test_worklist_weights_refuse_caps_the_score_divides_by() -> None:
    from receivables import InvalidPolicyError
    from receivables.dunning import WorklistWeights

    with pytest.raises(InvalidPolicyError, match="amount_cap must be positive"):
        WorklistWeights(amount_cap=Money("0", "USD"))
    with pytest.raises(InvalidPolicyError, match="age_cap_days must be from 1"):
        WorklistWeights(age_cap_days=0)


def test_loss_rates_below_the_least_matrix_rate_are_zero() -> None:
    from receivables.allowance import RollMethod, RollRates

    tiny = Decimal("1E-12")
    rolls = RollRates(
        (("Current", "1-30", tiny), ("1-30", "write-off", tiny)), RollMethod.POOLED, 1
    )
    assert loss_rates(rolls).rates == (("Current", Decimal(0)), ("1-30", tiny))
