"""The command-line adapter: the only module that reads files, the clock or standard streams.

``python -m receivables demo`` prints a tour of the library on a deterministic sample. The
functions here are thin: they parse arguments, call the pure core and print what it returns.

Examples:
    >>> import io
    >>> out = io.StringIO()
    >>> main(["demo", "--as-of", "2026-06-30"], out=out)
    0
    >>> "Money" in out.getvalue()
    True
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import TextIO

from receivables import demo as demo_module
from receivables._text import shown

__all__ = ["main"]


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {shown(text)}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m receivables",
        description="Credit and collections domain logic: a tour and small utilities.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="print a tour of the library on a sample portfolio")
    demo.add_argument(
        "--as-of",
        type=_parse_date,
        default=None,
        help="the date to run everything as of (default: today, read from the clock here only)",
    )
    demo.add_argument("--seed", type=int, default=0, help="sample portfolio seed (default 0)")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the process exit code.

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["demo", "--as-of", "2026-01-31", "--seed", "1"], out=buffer)
        0
    """
    args = _parser().parse_args(argv)
    stream = out if out is not None else sys.stdout
    if args.command == "demo":
        as_of = args.as_of if args.as_of is not None else dt.date.today()
        for line in demo_module.render(as_of=as_of, seed=args.seed):
            print(line, file=stream)
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands first
