"""Hostile input to every public callable: a value or a ReceivablesError, within a time bound.

What is called: every public module's ``__all__`` (found by walking the package): each function,
each class's constructor, each public class or static method (``from_dict``, ``parse``, ``of``,
...), and each public method and property of an instance drawn from good arguments
(``receivables.testing`` strategies for the value types, the class's own constructor for the
rest). Enums, protocols and exceptions are not constructed (they are the standard library's
machinery); ``_fuzz_support.EXCLUDED`` lists the callables left out, each with its reason.

How it is called: each parameter gets a good value drawn for its annotation (and the parameter's
name: a ``seed`` is small, a ``code`` is a registered reason code), and in most examples one
parameter is replaced by a hostile value: ``None``, the wrong type, ``""``, a long string, a lone
``str`` where many values are expected, ``10**5000``, negative numbers, NaN and infinite
``Decimal``\\s, ``Decimal('1E+999999')``, ``Decimal('1E-40')``, ``0.1``, ``date.min``,
``date.max``, a ``datetime``, Money at the edge of its range, or a good collection with one bad
member.

The rule:

* the call returns a value, or raises :class:`receivables.ReceivablesError`;
* for an argument whose annotation the hostile value violates (a wrong Python type on a typed
  parameter is mypy's job), the plain exception it causes is accepted (a ``TypeError``, or the
  ``ValueError`` of formatting a 5,000-digit int given for a str), but not a
  ``RecursionError`` or ``MemoryError``, and not a hang;
* with every argument of its annotated type, any exception other than a ``ReceivablesError``
  (``TypeError``, ``ValueError``, ``KeyError``, ``OverflowError``, ``decimal``'s
  ``InvalidOperation``, ...) is a defect, unless ``_fuzz_support.ALLOWED`` lists that callable
  and exception with the reason it is acceptable;
* a defect found and not yet fixed is listed in ``_fuzz_support.KNOWN_DEFECTS``: its target is
  expected to fail (strictly: outside the soak the examples are derandomized) until the entry is
  removed, so the suite stays green without the defect being excused;
* each example must finish within ``_fuzz_support.DEADLINE`` (hypothesis' per-example deadline,
  so a super-linear case fails as ``DeadlineExceeded``, not through a timed assert).

Outside the soak the examples are derandomized and their number is fixed (``dev``'s 60
divided by the test's share, whatever the profile), so CI checks exactly the examples the
known-defect list was made from; ``HYPOTHESIS_PROFILE=soak`` draws the soak's 100,000 afresh
and shrinks what it finds.
"""

from __future__ import annotations

from typing import Any

import pytest
from _fuzz_soak import CALLS
from _fuzz_support import (
    ALLOWED,
    HANGS,
    KNOWN_DEFECTS,
    Target,
    bad,
    call,
    conforms,
    fuzz_settings,
    good,
    hints,
    instances,
    parameters,
    targets,
)
from hypothesis import given
from hypothesis import strategies as st

from receivables import ReceivablesError

TARGETS = targets()
PARAMS = [
    pytest.param(
        target,
        id=target.name,
        marks=[pytest.mark.skip(reason=HANGS[target.name])]
        if target.name in HANGS
        else [pytest.mark.xfail(reason=KNOWN_DEFECTS[target.name], strict=True)]
        if target.name in KNOWN_DEFECTS
        else [],
    )
    for target in TARGETS
]


def test_the_surface_is_all_there() -> None:
    """A guard against the enumeration silently finding nothing."""
    names = {target.name for target in TARGETS}
    assert len(TARGETS) > 300
    assert {
        "receivables.terms.parse_terms",
        "receivables.money.Money()",
        "receivables.money.Money.total",
        "receivables.dunning.policy.DunningPolicy.from_dict",
        "receivables.aging.report.age",
    } <= names


def _check(target: Target, arguments: dict[str, Any], corrupted: str | None, value: Any) -> None:
    annotation = hints(target.function).get(corrupted, Any) if corrupted else Any
    CALLS.add()
    try:
        call(target.function, arguments)
    except ReceivablesError:
        pass
    except Exception as error:
        # A wrong Python type on a typed parameter (None where a Customer is expected, a
        # 5,000-digit int where a reference str is) is mypy's job, not a runtime check on every
        # call (the rule): whatever plain exception it causes (TypeError, or the
        # ValueError of formatting that int, the InvalidOperation of comparing a Decimal NaN
        # where an int is expected) is accepted, for that argument only. Data that enters as
        # data (dicts, rows, text: annotated Any, Mapping or str) gets no such excuse.
        wrong_type = corrupted is not None and not conforms(value, annotation)
        if wrong_type and not isinstance(error, RecursionError | MemoryError):
            return
        if (target.name, type(error)) not in ALLOWED:
            raise


@pytest.mark.parametrize("target", PARAMS)
@fuzz_settings()
@given(data=st.data())
def test_a_value_or_a_receivables_error(target: Target, data: st.DataObject) -> None:
    function = target.function
    if target.owner is not None:
        function = function.__get__(data.draw(instances(target.owner), label="self"))
    annotations = hints(function)
    arguments: dict[str, Any] = {}
    fillable = parameters(function)
    for parameter in fillable:
        strategy = good(annotations.get(parameter.name, Any), parameter.name)
        if parameter.default is not parameter.empty:
            strategy = st.one_of(st.just(parameter.default), strategy)
        arguments[parameter.name] = data.draw(strategy, label=parameter.name)
    corrupted: str | None = None
    value: Any = None
    names = [parameter.name for parameter in fillable]
    if names and data.draw(st.integers(0, 4), label="corrupt?") > 0:
        corrupted = data.draw(st.sampled_from(names), label="corrupted")
        value = data.draw(bad(annotations.get(corrupted, Any), corrupted), label="hostile")
        arguments[corrupted] = value
    _check(Target(target.name, function), arguments, corrupted, value)
