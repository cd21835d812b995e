"""Shared test configuration: hypothesis profiles chosen by ``HYPOTHESIS_PROFILE``, and the
hostile global decimal context every reference case (a test marked ``reference``) runs under."""

from __future__ import annotations

import decimal
import os
import pathlib
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from _hostile_decimal import HOSTILE

# scripts/mutation runs the tests once per mutant: HYPOTHESIS_MAX_EXAMPLES trims the dev profile,
# and under mutmut (which sets MUTANT_UNDER_TEST) one process runs a test class many times, which
# hypothesis' differing_executors check would take for one test shared between instances.
settings.register_profile(
    "dev",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=(
        [HealthCheck.differing_executors] if "MUTANT_UNDER_TEST" in os.environ else []
    ),
)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
# soak: a long hunt for hostile input (HYPOTHESIS_PROFILE=soak .venv/bin/python -m pytest
# tests/fuzz); the fuzz suite keeps its own per-example deadline, everything else has none.
settings.register_profile(
    "soak",
    max_examples=10**5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The fuzz suite's soak clock and call count (tests/fuzz/_fuzz_soak.py). Its directory goes on the
# path as pytest puts it there for the fuzz tests, so that both import the one module.
sys.path.insert(0, str(pathlib.Path(__file__).parent / "fuzz"))
from _fuzz_soak import (  # noqa: E402
    pytest_collection_finish,
    pytest_pyfunc_call,
    pytest_terminal_summary,
)

__all__ = ["pytest_collection_finish", "pytest_pyfunc_call", "pytest_terminal_summary"]


@pytest.fixture(autouse=True)
def _hostile_context_for_reference_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each test marked ``reference`` under :data:`_hostile_decimal.HOSTILE`, always.

    A published figure must come out the same whatever the caller's ``decimal.getcontext()``: the
    library computes in its own context. The test's own arithmetic therefore goes through
    ``receivables._decimal.CONTEXT`` (``CONTEXT.add``, ``quantize(..., context=CONTEXT)``) or the
    library (``Money``), never through plain operators or ``round()``.
    """
    if request.node.get_closest_marker("reference") is None:
        yield
        return
    with decimal.localcontext(HOSTILE):
        yield
