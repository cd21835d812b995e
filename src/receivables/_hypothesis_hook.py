"""The hypothesis entry point: registers our strategies for ``st.from_type``.

hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through the
``[project.entry-points.hypothesis]`` table in ``pyproject.toml``. Importing ``receivables`` never
imports hypothesis; this module does only inside the hook.
"""

from __future__ import annotations

__all__ = ["_hypothesis_setup_hook"]


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public value type (called by hypothesis, not by users)."""
    from receivables.testing import register_type_strategies

    register_type_strategies()
