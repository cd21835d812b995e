"""The value types that have a registered strategy (no hypothesis import here)."""

from __future__ import annotations

from typing import Final

from receivables.fx import ExchangeRate
from receivables.money import Currency, Money

STRATEGY_TYPES: Final[tuple[type, ...]] = (Currency, Money, ExchangeRate)
