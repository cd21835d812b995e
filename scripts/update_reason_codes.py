"""Rewrite the reason-code list in docs/documents.md from receivables.explain.REASON_CODES.

The list there is a doctest, so the suite fails when a code is added without it; run this to
bring the page up to date: python scripts/update_reason_codes.py
"""

from __future__ import annotations

import pathlib

from receivables.explain import REASON_CODES

PAGE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "documents.md"
LOOP = '...     print(f"{code}: {meaning}")\n'


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(LOOP) + len(LOOP)
    end = text.index("\n```", start)
    listing = "\n".join(f"{code}: {meaning}" for code, meaning in REASON_CODES.items())
    PAGE.write_text(text[:start] + listing + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
