"""Reasons and the registry of reason codes."""

from __future__ import annotations

import ast
import datetime as dt
import pathlib
import re
from decimal import Decimal

import pytest

import receivables
from receivables import InvalidTypeError, Money, Reason, ValidationError
from receivables.explain import REASON_CODES, Figure, describe


def test_reason_keeps_figures_in_order_and_is_hashable() -> None:
    figures: dict[str, Figure] = {
        "days_overdue": 45,
        "threshold": 30,
        "as_of": dt.date(2026, 1, 1),
    }
    reason = Reason("dunning.level_reached", "45 days overdue reaches level 2 at 30 days", figures)
    assert [name for name, _ in reason.figures] == ["days_overdue", "threshold", "as_of"]
    assert reason.figure("threshold") == 30
    assert hash(reason) == hash(
        Reason(
            "dunning.level_reached",
            "45 days overdue reaches level 2 at 30 days",
            [("days_overdue", 45), ("threshold", 30), ("as_of", dt.date(2026, 1, 1))],
        )
    )
    assert str(reason).startswith("[dunning.level_reached]")


def test_missing_figure_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match=r"has no figure 'rate'.*days_overdue"):
        Reason("dunning.too_soon", "m", {"days_overdue": 3}).figure("rate")


@pytest.mark.parametrize("code", ["", "dunning", "Dunning.Too_Soon", "dunning..x", "x.1a"])
def test_codes_are_dotted_lower_case(code: str) -> None:
    with pytest.raises(ValidationError):
        Reason(code, "m")


def test_figures_refuse_floats_and_odd_types() -> None:
    with pytest.raises(InvalidTypeError, match="rate"):
        Reason("credit.over_limit", "m", {"rate": 0.5})  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        Reason("credit.over_limit", "m", {"rows": [1, 2]})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="twice"):
        Reason("credit.over_limit", "m", [("a", 1), ("a", 2)])


def test_figures_accept_money_and_decimal() -> None:
    figures: dict[str, Figure] = {"excess": Money("5", "USD"), "rate": Decimal("0.1")}
    reason = Reason("credit.over_limit", "m", figures)
    assert reason.as_dict()["figures"] == {
        "excess": {"amount": "5.00", "currency": "USD"},
        "rate": "0.1",
    }


def test_registry() -> None:
    assert all(Reason(code, text).code == code for code, text in REASON_CODES.items())
    for code in (
        "dunning.not_overdue",
        "dunning.disputed",
        "dunning.promise_pending",
        "dunning.below_minimum",
        "dunning.too_soon",
        "dunning.customer_blocked",
    ):
        assert describe(code)
    with pytest.raises(ValidationError, match="unknown reason code"):
        describe("nope.nothing")


def _codes_in_source() -> dict[str, list[str]]:
    """Every string literal in the engines' code (docstrings aside) shaped like a reason code."""
    root = pathlib.Path(receivables.__file__).parent
    engines = {code.split(".")[0] for code in REASON_CODES}
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if path.name == "explain.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and _CODE_SHAPE.match(node.value)
                and node.value.split(".")[0] in engines
            ):
                found.setdefault(node.value, []).append(f"{path.name}:{node.lineno}")
    return found


_CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def test_registered_codes_are_exactly_the_codes_the_engines_emit() -> None:
    """A code is written out whole where it is emitted (never assembled from parts), so the set
    of literals in the source is the set of codes that can be emitted."""
    emitted = _codes_in_source()
    assert sorted(set(REASON_CODES) - set(emitted)) == [], "registered but never emitted"
    unregistered = {code: where for code, where in emitted.items() if code not in REASON_CODES}
    assert unregistered == {}, "emitted but not registered"


def test_no_reason_code_is_assembled_from_parts() -> None:
    root = pathlib.Path(receivables.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for engine in {code.split(".")[0] for code in REASON_CODES}:
            assert f'f"{engine}.' not in text, f"{path.name} builds a {engine} code in an f-string"


def test_a_reason_code_past_100_characters_is_refused_with_a_short_message() -> None:
    # Issue "Reliability: hostile input": codes are checked in linear time, up to a limit.
    Reason("a." + "b" * 98, "at the limit")
    with pytest.raises(ValidationError, match="at most 100 characters") as info:
        Reason("a." + "b" * 99, "past the limit")
    assert len(str(info.value)) < 250
    with pytest.raises(ValidationError):
        Reason("a" * 10**6 + "!", "hostile")


def test_a_code_that_is_a_huge_int_is_refused_with_the_library_error() -> None:
    # Found by the fuzz suite: the message used repr(), which raises ValueError past 4,300 digits.
    with pytest.raises(ValidationError, match="<int of 16610 bits>"):
        Reason(10**5000, "m")  # type: ignore[arg-type]
