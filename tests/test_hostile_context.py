"""Every example in the library's docstrings gives the same result under a hostile global
decimal context: the library computes in its own context, never in the caller's.

The hostile context has three significant digits, rounds towards zero-or-five and traps inexact
and rounded results, so any library operation that used the caller's context would either raise
or print a different figure. The same context (``tests/_hostile_decimal.py``) is the global one
for every reference case, the tests marked ``reference`` (``tests/conftest.py``).
"""

from __future__ import annotations

import decimal
import doctest
import importlib
import pkgutil
from collections.abc import Iterator

import pytest

import receivables
from _hostile_decimal import HOSTILE

_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples() -> Iterator[doctest.DocTest]:
    finder = doctest.DocTestFinder()
    for info in pkgutil.walk_packages(receivables.__path__, "receivables."):
        module = importlib.import_module(info.name)
        for test in finder.find(module):
            if test.examples:
                # The finder shares one namespace between a module's tests: give each its own.
                test.globs = dict(test.globs)
                yield test


DOCTESTS = sorted(_examples(), key=lambda test: test.name)


@pytest.mark.reference
def test_reference_cases_run_under_the_hostile_context() -> None:
    """Not a published case: the check that conftest's fixture applies the hostile context to
    every test marked ``reference``, so that their published figures prove the library ignores
    the caller's context."""
    context = decimal.getcontext()
    assert (context.prec, context.rounding, context.Emax, context.Emin) == (
        HOSTILE.prec,
        HOSTILE.rounding,
        HOSTILE.Emax,
        HOSTILE.Emin,
    )
    assert all(context.traps[signal] == HOSTILE.traps[signal] for signal in HOSTILE.traps)
    with pytest.raises(decimal.Inexact):
        _ = decimal.Decimal(1) / 3


def test_other_tests_keep_the_default_context() -> None:
    assert decimal.getcontext().prec != HOSTILE.prec


def test_there_are_examples_to_run() -> None:
    assert len(DOCTESTS) > 300


@pytest.mark.parametrize("test", DOCTESTS, ids=[test.name for test in DOCTESTS])
def test_example_under_a_hostile_context(test: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report: list[str] = []
    with decimal.localcontext(HOSTILE):
        result = runner.run(test, out=report.append, clear_globs=False)
    assert result.failed == 0, "".join(report)[-3000:]
