"""The fuzz suite's soak clock and call count: pytest hooks, registered by ``tests/conftest.py``
(a second ``conftest.py`` here would clash with it as a module name under mypy).

``HYPOTHESIS_PROFILE=soak`` alone runs the soak profile's 100,000 examples per property (days for
the whole suite). With ``FUZZ_SOAK_SECONDS`` as well, the soak has a time budget instead: each
fuzz test runs hypothesis again and again, :data:`SOAK_ROUND` fresh random examples a round,
until its share of what is left of the budget is spent (another round starts only if the last
one would fit in the time left; every test runs at least one), so the whole run takes about the
budget. A failure ends that test's rounds and is shrunk and reported as usual.

At the end of a soak (or of any run with ``FUZZ_REPORT_CALLS=1``) the number of calls the fuzz
tests made to the library with fuzzed arguments is printed: one per example of the surface test,
one per parser call in the parser tests (:data:`CALLS`).
"""

from __future__ import annotations

import os
import pathlib
import time
from typing import Any

import pytest
from hypothesis import settings

_HERE = pathlib.Path(__file__).resolve().parent


def soak_seconds() -> float:
    """The soak's time budget in seconds, from ``FUZZ_SOAK_SECONDS`` (0 when unset: none)."""
    text = os.environ.get("FUZZ_SOAK_SECONDS", "").strip()
    if not text:
        return 0.0
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise ValueError(f"FUZZ_SOAK_SECONDS must be a positive number of seconds, got {text!r}")
    return seconds


SOAK_ROUND = 200
"""Examples per hypothesis run (a round) in a soak with a time budget."""


class _CallCounter:
    """Calls the fuzz tests made to the library with fuzzed arguments, and hypothesis runs."""

    def __init__(self) -> None:
        self.calls = 0
        self.rounds = 0

    def add(self, calls: int = 1) -> None:
        self.calls += calls


CALLS = _CallCounter()


class _Clock:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.pending = 0  # fuzz tests not run yet


_CLOCK = _Clock()


def _soak() -> bool:
    return settings.get_current_profile_name() == "soak"


def _budget() -> float:
    return soak_seconds() if _soak() else 0.0


def _fuzz_test(item: pytest.Item) -> bool:
    return (
        isinstance(item, pytest.Function)
        and pathlib.Path(item.path).resolve().parent == _HERE
        and bool(getattr(item.obj, "is_hypothesis_test", False))
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    _CLOCK.start = time.monotonic()
    _CLOCK.pending = sum(1 for item in session.items if _fuzz_test(item))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Under a soak with a time budget, run a fuzz test in rounds until its share is spent."""
    budget = _budget()
    if not budget or not _fuzz_test(pyfuncitem):
        return None
    share = (budget - (time.monotonic() - _CLOCK.start)) / max(1, _CLOCK.pending)
    _CLOCK.pending -= 1
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    deadline = time.monotonic() + share
    while True:
        began = time.monotonic()
        pyfuncitem.obj(**arguments)
        CALLS.rounds += 1
        now = time.monotonic()
        if now + (now - began) > deadline:
            return True


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the call count at the end of a soak, or of any run with ``FUZZ_REPORT_CALLS=1``."""
    if not (_soak() or os.environ.get("FUZZ_REPORT_CALLS")):
        return
    budget = _budget()
    elapsed = time.monotonic() - _CLOCK.start
    rounds = f" in {CALLS.rounds:,} hypothesis runs" if budget else ""
    limit = f" (budget {budget:.0f} s)" if budget else ""
    terminalreporter.write_line(
        f"fuzz: {CALLS.calls:,} calls with fuzzed arguments{rounds}, {elapsed:.0f} s{limit}, "
        f"profile {settings.get_current_profile_name()}"
    )
