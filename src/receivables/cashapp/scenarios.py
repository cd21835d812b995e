"""Compatibility alias: the scenario generator now lives in :mod:`receivables.samples.cashapp`.

Every seeded generator sits in the :mod:`receivables.samples` wing; this module only re-exports
the generator's public names so existing imports keep working. New code imports from
``receivables.samples.cashapp``. The ``receivables.cashapp`` package does not import this module.

Examples:
    >>> from receivables.cashapp.scenarios import generate_scenario
    >>> from receivables.samples import cashapp
    >>> generate_scenario is cashapp.generate_scenario
    True
    >>> len(generate_scenario(seed=1, invoices=60, payments=10).payments)
    10
"""

from __future__ import annotations

from receivables.samples.cashapp import (
    KINDS,
    NOISY_KINDS,
    Scenario,
    ScenarioScore,
    generate_noisy_scenario,
    generate_scenario,
    score,
)

__all__ = [
    "KINDS",
    "NOISY_KINDS",
    "Scenario",
    "ScenarioScore",
    "generate_noisy_scenario",
    "generate_scenario",
    "score",
]
