"""The hypothesis entry point: registers our strategies for ``st.from_type``.

hypothesis calls :func:`_hypothesis_setup_hook` while it is being imported, through the
``[project.entry-points.hypothesis]`` table in ``pyproject.toml``. Importing ``receivables`` never
imports hypothesis. The hook registers callables, not strategies, so that
``receivables.testing`` (which imports hypothesis) is only imported when a strategy is first
resolved: that keeps the import order free of cycles whichever package is imported first.
"""

from __future__ import annotations

from typing import Any

__all__ = ["_hypothesis_setup_hook"]


def _resolve(kind: type) -> Any:
    from receivables.testing import type_strategies

    return type_strategies()[kind]


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public value type (called by hypothesis, not by users)."""
    from hypothesis import strategies as st

    from receivables.testing._types import STRATEGY_TYPES

    for kind in STRATEGY_TYPES:
        st.register_type_strategy(kind, _resolve)
