"""Words the sample generators build made-up company names from.

A data module shared by :mod:`receivables.samples.portfolio` and
:mod:`receivables.samples.cashapp`: a name is one or two of :data:`WORDS`, one of :data:`TRADES`
and a legal-form suffix. Any change to a list, even an appended word, changes every seeded
sample built from it.

Examples:
    >>> f"{WORDS[0]} {TRADES[0]} Inc."
    'Acme Industrial Inc.'
    >>> len(set(WORDS)) == len(WORDS) and len(set(TRADES)) == len(TRADES)
    True
"""

from __future__ import annotations

from typing import Final

__all__ = ["TRADES", "WORDS"]

WORDS: Final = (
    "Acme",
    "Apex",
    "Atlas",
    "Beacon",
    "Birch",
    "Cedar",
    "Summit",
    "Delta",
    "Everest",
    "Falcon",
    "Granite",
    "Harbor",
    "Horizon",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Maple",
    "Meridian",
    "Northwind",
    "Orion",
    "Pacific",
    "Pinnacle",
    "Quarry",
    "Redwood",
    "Sierra",
    "Sterling",
    "Tidewater",
    "Union",
    "Vanguard",
    "Willow",
    "Zenith",
    "Cobalt",
    "Crescent",
    "Frontier",
    "Prairie",
    "Aurora",
    "Boulder",
    "Canyon",
    "Dune",
    "Ember",
    "Fjord",
    "Glacier",
    "Highland",
    "Island",
    "Jade",
    "Kestrel",
    "Lantern",
    "Mesa",
)
"""First words of made-up company names."""

TRADES: Final = (
    "Industrial",
    "Supply",
    "Foods",
    "Logistics",
    "Medical",
    "Retail",
    "Builders",
    "Energy",
    "Textiles",
    "Electronics",
    "Motors",
    "Paper",
    "Plastics",
    "Pharma",
    "Hospitality",
    "Farms",
    "Media",
    "Chemicals",
    "Tools",
    "Marine",
)
"""Second words: the line of business."""
