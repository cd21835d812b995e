"""The command line's arguments: the :mod:`argparse` parser of ``python -m receivables`` and
its commands (building it reads nothing; :func:`receivables.cli.main` parses with it)."""

from __future__ import annotations

import argparse
import datetime as dt

from receivables._text import shown
from receivables.adapters import MAPS


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {shown(text)}") from None


def _export_arguments(parser: argparse.ArgumentParser, *, ledger: bool = False) -> None:
    """The options every command that reads an export takes (``apply`` names it ``--ledger``,
    its positional argument being the statement)."""
    source = parser.add_mutually_exclusive_group(required=True)
    help_text = "the export, a CSV file ('-' reads standard input)"
    if ledger:
        source.add_argument("--ledger", dest="file", metavar="FILE", help=help_text)
    else:
        source.add_argument("file", nargs="?", metavar="FILE", help=help_text)
    source.add_argument(
        "--sample",
        action="store_true",
        help="read the sample ERPNext export shipped with the package instead of a file",
    )
    parser.add_argument(
        "--format",
        choices=sorted(MAPS),
        default=None,
        help="which ERP export the file is (its column map; see docs/adapters.md)",
    )
    parser.add_argument("--as-of", type=_parse_date, default=None, help="default: today")
    parser.add_argument(
        "--output",
        choices=("table", "csv", "json"),
        default="table",
        help="table for people (default), csv or json for programs",
    )
    parser.add_argument(
        "--errors",
        choices=("raise", "collect"),
        default="raise",
        help="raise: stop at the first bad row (exit 4); collect: list bad rows on stderr, go "
        "on, and exit 1",
    )
    parser.add_argument("--delimiter", default=",", help="the CSV delimiter (default ',')")
    parser.add_argument(
        "--skip", type=int, default=0, help="lines before the header row (report titles)"
    )
    parser.add_argument(
        "--encoding", default="utf-8-sig", help="the file's text encoding (default UTF-8)"
    )
    parser.add_argument("--date-format", default=None, help="override the map's date format")
    parser.add_argument("--locale", default=None, help="override the map's number locale")
    parser.add_argument(
        "--currency", default=None, help="the currency of rows that print none (ISO code)"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress or summary lines on stderr"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m receivables",
        description="Credit and collections over ERP exports: aging, dunning, cash application "
        "and the allowance. Exit codes: 0 done, 1 done with rejected rows, 2 usage, 3 a file "
        "cannot be opened, 4 bad input data, 5 bad policy file, 6 PyYAML missing.",
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

    aging = commands.add_parser("age", help="age the open items of an export")
    _export_arguments(aging)
    aging.add_argument(
        "--buckets", default=None, help="bucket edges in days, e.g. 30,60,90 (default 30,60,90,120)"
    )
    aging.add_argument(
        "--by",
        choices=("currency", "customer"),
        default="currency",
        help="one line per currency (default) or per customer",
    )

    dun = commands.add_parser("dun", help="the dunning run over an export")
    _export_arguments(dun)
    dun.add_argument(
        "--policy", required=True, help="the dunning policy, a JSON or YAML file (docs/cli.md)"
    )

    apply = commands.add_parser("apply", help="apply a bank statement's payments to an export")
    apply.add_argument(
        "statement", metavar="STATEMENT", help="camt.053, camt.054, BAI2 or MT940 file"
    )
    apply.add_argument(
        "--statement-format",
        default=None,
        help="camt.053, camt.054, bai2 or mt940 (default: detected)",
    )
    _export_arguments(apply, ledger=True)

    allowance = commands.add_parser("allowance", help="the provision-matrix allowance")
    _export_arguments(allowance)
    allowance.add_argument(
        "--matrix",
        required=True,
        help="loss rates by bucket label, a JSON or YAML file (docs/cli.md)",
    )
    allowance.add_argument(
        "--buckets", default=None, help="bucket edges in days (or 'buckets' in the matrix file)"
    )
    return parser
