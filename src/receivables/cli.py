"""The command line: the only module that reads files, the clock or standard streams.

``python -m receivables`` (or the ``receivables`` script) runs:

* ``demo``: a tour of the library on a deterministic sample;
* ``age FILE --format erpnext --as-of 2026-06-30 [--buckets 30,60,90] [--by customer]``: the
  aging of an ERP export;
* ``dun FILE --format ... --policy policy.yaml``: the dunning run over an export;
* ``apply STATEMENT --ledger FILE --format ...``: a bank statement's payments applied to the
  open items of an export;
* ``allowance FILE --format ... --matrix matrix.yaml``: the provision-matrix allowance of an
  export, per currency.

Every command but ``demo`` takes ``--sample`` instead of a file: the sample ERPNext export
shipped inside the package (:func:`receivables.samples.exports.erpnext_export`), so that a
fresh machine has something to read. ``--output table`` (the default) prints aligned tables;
``csv`` and ``json`` print machine output (JSON in the library's interchange form, see
``docs/interchange.md``). Errors name the file, its line, the row and the column, and end the
run with an :class:`ExitCode` (``docs/cli.md``).

The functions here are thin: they read files, call the pure core and print what it returns.

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
import csv
import datetime as dt
import enum
import io
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO

from receivables import demo as demo_module
from receivables import json as json_module
from receivables._cli_parser import build_parser
from receivables._cli_tables import (
    APPLY_HEADERS,
    NOTICE_HEADERS,
    age_rows,
    aligned_table,
    notice_rows,
    percent,
    places_by_currency,
    plain_figure,
    render_rows,
)
from receivables._text import shown
from receivables.adapters import MAPS, ColumnMap, LoadResult, load_rows
from receivables.aging import Buckets, age
from receivables.allowance import AllowanceResult, Overlay, ProvisionMatrix, provision
from receivables.bankfiles import read_statements
from receivables.cashapp import apply_cash
from receivables.convert import Numbers
from receivables.documents import DocumentKind
from receivables.dunning import DunningPolicy, run_dunning
from receivables.errors import ExportRowError, ReceivablesError
from receivables.samples.exports import erpnext_export

__all__ = ["ExitCode", "main"]

PROGRESS_EVERY: Final = 100_000
"""Rows between two progress lines on stderr; an input of fewer rows prints none."""

MAX_POLICY_BYTES: Final = 1024 * 1024
"""The largest policy or matrix file read (1 MiB): policies are small, and YAML and JSON are
parsed whole."""

MAX_LISTED: Final = 1_000
"""Rejected rows listed on stderr with ``--errors collect``; past it, how many more."""

SAMPLE_CUSTOMERS: Final = 20
"""Customers in the embedded sample export (``--sample``)."""


class ExitCode(enum.IntEnum):
    """The exit status of a command, for scripts (``docs/cli.md`` lists them).

    Examples:
        >>> int(ExitCode.BAD_INPUT), ExitCode(0).name
        (4, 'OK')
    """

    OK = 0
    """Done."""
    REJECTED_ROWS = 1
    """Done with ``--errors collect``, but some rows were rejected (listed on stderr)."""
    USAGE = 2
    """The command line itself is wrong (argparse's status)."""
    NO_INPUT = 3
    """A file cannot be opened: missing, a directory, no permission."""
    BAD_INPUT = 4
    """An input file's content is wrong: a bad row (with ``--errors raise``), a CSV or text
    encoding error, a bank statement that cannot be read or does not add up."""
    BAD_POLICY = 5
    """A policy or matrix file is wrong: not JSON or YAML, or not a valid policy, or its buckets
    do not match the aging."""
    MISSING_EXTRA = 6
    """A YAML file was given but PyYAML is not installed (``pip install 'receivables[cli]'``)."""


class _StopError(Exception):
    """A run that stops: what to print on stderr and the exit code."""

    def __init__(self, code: ExitCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _fail(code: ExitCode, message: str) -> NoReturn:
    raise _StopError(code, message)


# -- reading exports ------------------------------------------------------------------------------


class _Source:
    """An export as rows for :func:`~receivables.adapters.load_rows`: a CSV file (or the sample)
    read lazily, with each row's line in the file remembered for error messages and a progress
    line on stderr every :data:`PROGRESS_EVERY` rows."""

    def __init__(
        self,
        name: str,
        stream: TextIO,
        *,
        delimiter: str,
        skip: int,
        size: int | None,
        err: TextIO,
        quiet: bool,
    ) -> None:
        self.name = name
        self.stream = stream
        self.delimiter = delimiter
        self.skip = skip
        self.size = size
        self.err = err
        self.quiet = quiet
        self.lines = array("q")  # the file line of each data row (row n at n - 1)
        self.chars = 0
        self.header: tuple[str, ...] = ()

    def line_of(self, row: int | None) -> int | None:
        """The file line of data row ``row`` (counted from 1), when it was read."""
        if row is None or not 1 <= row <= len(self.lines):
            return None
        return self.lines[row - 1]

    def where(self, row: int | None) -> str:
        line = self.line_of(row)
        return self.name if line is None else f"{self.name}:{line}"

    def _counted(self) -> Iterator[str]:
        for text in self.stream:
            self.chars += len(text)
            yield text

    def rows(self) -> Iterator[dict[str, str | None]]:
        lines = self._counted()
        skipped = 0
        try:
            for _ in range(self.skip):
                if next(lines, None) is None:
                    break
                skipped += 1
            reader = csv.DictReader(lines, delimiter=self.delimiter)
            if reader.fieldnames is None:
                _fail(ExitCode.BAD_INPUT, f"{self.name}: no header row (the file is empty)")
            self.header = tuple(name for name in reader.fieldnames if name is not None)
            for count, row in enumerate(reader, start=1):
                self.lines.append(reader.line_num + skipped)
                if count % PROGRESS_EVERY == 0:
                    self._progress(count)
                yield row
        except csv.Error as error:  # raised on the line after the last one read
            line = (self.lines[-1] if self.lines else skipped + 1) + 1
            _fail(ExitCode.BAD_INPUT, f"{self.name}:{line}: {error}")
        except UnicodeDecodeError as error:
            _fail(
                ExitCode.BAD_INPUT,
                f"{self.name}: not {self.stream.encoding or 'text'} text near line "
                f"{len(self.lines) + skipped + 2}: {error.reason} (try --encoding)",
            )
        if len(self.lines) >= PROGRESS_EVERY and not self.quiet:
            print(f"{self.name}: read {len(self.lines):,} rows", file=self.err)

    def _progress(self, count: int) -> None:
        if self.quiet:
            return
        share = f" ({min(99, 100 * self.chars // self.size)}%)" if self.size else ""
        print(f"{self.name}: {count:,} rows read{share}", file=self.err, flush=True)


def _sample_text(as_of: dt.date) -> str:
    return erpnext_export(seed=7, customers=SAMPLE_CUSTOMERS, as_of=as_of)


def _open_source(args: argparse.Namespace, err: TextIO, as_of: dt.date) -> _Source:
    common: dict[str, Any] = {
        "delimiter": args.delimiter,
        "skip": args.skip,
        "err": err,
        "quiet": args.quiet,
    }
    if args.sample:
        return _Source("sample", io.StringIO(_sample_text(as_of)), size=None, **common)
    path: str = args.file
    if path == "-":
        return _Source("<stdin>", sys.stdin, size=None, **common)
    try:
        stream = open(path, encoding=args.encoding, newline="")  # noqa: SIM115 - closed by caller
        size = os.fstat(stream.fileno()).st_size
    except FileNotFoundError:
        _fail(ExitCode.NO_INPUT, f"{path}: no such file")
    except IsADirectoryError:
        _fail(ExitCode.NO_INPUT, f"{path}: is a directory, not a file")
    except LookupError:
        _fail(ExitCode.USAGE, f"unknown encoding {shown(args.encoding)}")
    except OSError as error:
        _fail(ExitCode.NO_INPUT, f"{path}: cannot open: {error.strerror or error}")
    return _Source(path, stream, size=size, **common)


def _mapping(args: argparse.Namespace) -> ColumnMap:
    if args.format is None:
        if not args.sample:
            _fail(
                ExitCode.USAGE,
                f"say which export {args.file!r} is with --format ({', '.join(MAPS)})",
            )
        mapping = MAPS["erpnext"]
    elif args.sample and args.format != "erpnext":
        _fail(ExitCode.USAGE, f"the sample is an ERPNext export: leave out --format {args.format}")
    else:
        mapping = MAPS[args.format]
    changes: dict[str, Any] = {}
    if args.date_format is not None:
        changes["date_format"] = args.date_format
    if args.locale is not None:
        changes["locale"] = args.locale
    if args.currency is not None:
        changes["default_currency"] = args.currency
    if not changes:
        return mapping
    try:
        return mapping.using(**changes)
    except ReceivablesError as error:
        _fail(ExitCode.USAGE, f"--format {mapping.name} with {_flags(changes)}: {error}")


def _flags(changes: Mapping[str, Any]) -> str:
    names = {"date_format": "--date-format", "locale": "--locale", "default_currency": "--currency"}
    return ", ".join(f"{names[key]} {value}" for key, value in changes.items())


def _load(args: argparse.Namespace, err: TextIO, as_of: dt.date) -> tuple[LoadResult, _Source]:
    """The export named on the command line, loaded; rejected rows listed on stderr."""
    mapping = _mapping(args)
    source = _open_source(args, err, as_of)
    try:
        result = load_rows(source.rows(), mapping, errors=args.errors)
    except ExportRowError as error:
        hint = ""
        if "has no column" in str(error) and source.header:
            hint = (
                f" (the file's columns: {', '.join(source.header)}; is --format {mapping.name} "
                "the right export?)"
            )
        _fail(ExitCode.BAD_INPUT, f"{source.where(error.row)}: {error}{hint}")
    except ReceivablesError as error:  # the map against this data: a locale, a bad option
        _fail(ExitCode.BAD_INPUT, f"{source.name}: {error}")
    finally:
        if source.stream is not sys.stdin:
            source.stream.close()
    for rejection in result.rejected[:MAX_LISTED]:
        column = "" if rejection.column is None else f", column {rejection.column}"
        print(
            f"{source.where(rejection.row)}: row {rejection.row}{column}: {rejection.reason} "
            f"[{rejection.code}]",
            file=err,
        )
    if len(result.rejected) > MAX_LISTED:
        print(
            f"{source.name}: {len(result.rejected) - MAX_LISTED:,} more rejected rows not listed",
            file=err,
        )
    return result, source


def _load_summary(result: LoadResult, source: _Source) -> str:
    parts = [f"{source.name}: {result.rows_read:,} rows", f"{len(result.documents):,} documents"]
    if result.rejected:
        parts.append(f"{len(result.rejected):,} rejected")
    if result.skipped:
        parts.append(f"{len(result.skipped):,} skipped (totals, headings, blank)")
    parts.append(
        "every row accounted for, accepted plus rejected equal to the rows' total per currency"
        if result.reconciles
        else "DOES NOT RECONCILE (accepted plus rejected differ from the rows' total)"
    )
    return "; ".join(parts)


# -- policy files -------------------------------------------------------------------------------


def _read_policy(path: str) -> tuple[dict[str, Any], bool]:
    """A policy or matrix file as plain data, and whether it was YAML (floats in it are read by
    their shortest repr then). JSON is always read; YAML needs PyYAML (the ``cli`` extra)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_POLICY_BYTES + 1)
    except FileNotFoundError:
        _fail(ExitCode.NO_INPUT, f"{path}: no such file")
    except IsADirectoryError:
        _fail(ExitCode.NO_INPUT, f"{path}: is a directory, not a file")
    except OSError as error:
        _fail(ExitCode.NO_INPUT, f"{path}: cannot open: {error.strerror or error}")
    if len(data) > MAX_POLICY_BYTES:
        _fail(ExitCode.BAD_POLICY, f"{path}: over {MAX_POLICY_BYTES:,} bytes; not a policy file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(ExitCode.BAD_POLICY, f"{path}: not UTF-8 text: {error.reason}")
    suffix = Path(path).suffix.casefold()
    is_yaml = suffix in (".yaml", ".yml") or (
        suffix != ".json" and not text.lstrip().startswith(("{", "["))
    )
    if is_yaml:
        loaded = _yaml(text, path)
    else:
        try:
            loaded = json_module.loads(text)
        except ReceivablesError as error:
            _fail(ExitCode.BAD_POLICY, f"{path}: not JSON: {error}")
    if not isinstance(loaded, dict):
        _fail(ExitCode.BAD_POLICY, f"{path}: a policy is a mapping of names to values at the top")
    return loaded, is_yaml


def _yaml(text: str, path: str) -> Any:
    try:
        import yaml
    except ImportError:
        _fail(
            ExitCode.MISSING_EXTRA,
            f"{path}: reading YAML needs PyYAML, which the cli extra installs: "
            "pip install 'receivables[cli]' (or write the policy as JSON, always read)",
        )
    try:
        # Aliases could make a small file a huge structure to walk: a policy has no need of them.
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                mark = token.start_mark
                _fail(
                    ExitCode.BAD_POLICY,
                    f"{path}:{mark.line + 1}:{mark.column + 1}: YAML aliases are not read in "
                    "policy files; write the value out",
                )
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
        problem = getattr(error, "problem", None) or str(error)
        _fail(ExitCode.BAD_POLICY, f"{where}: not YAML: {problem}")


def _policy_from(path: str, build: Callable[[dict[str, Any], bool], Any]) -> Any:
    data, is_yaml = _read_policy(path)
    try:
        return build(data, is_yaml)
    except ReceivablesError as error:
        _fail(ExitCode.BAD_POLICY, f"{path}: {error}")


# -- output -------------------------------------------------------------------------------------


def _write_csv(
    stream: TextIO,
    headers: Sequence[str],
    rows: Iterable[Sequence[Decimal | str]],
    places: Callable[[Sequence[Decimal | str]], int],
) -> None:
    """Rows as CSV: amounts (the ``Decimal`` cells) plain, with the currency's decimals."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        digits = places(row)
        writer.writerow(
            plain_figure(cell, digits) if isinstance(cell, Decimal) else cell for cell in row
        )


def _emit(stream: TextIO, lines: Iterable[str]) -> None:
    for text in lines:
        print(text, file=stream)


# -- age ---------------------------------------------------------------------------------------


def _buckets(text: str | None) -> Buckets:
    if text is None:
        return Buckets.standard()
    try:
        edges = [int(part) for part in text.split(",") if part.strip()]
        return Buckets.from_edges(edges)
    except ValueError as error:
        _fail(ExitCode.USAGE, f"--buckets {shown(text)}: {error} (say e.g. 30,60,90)")


def _cmd_age(args: argparse.Namespace, out: TextIO, err: TextIO, as_of: dt.date) -> ExitCode:
    buckets = _buckets(args.buckets)
    result, source = _load(args, err, as_of)
    report = age(result.documents, as_of, buckets, customers=result.customers)
    if args.output == "json":
        print(json_module.dumps(report, indent=2), file=out)
        return _status(result)
    names = {customer.id: customer.name for customer in result.customers}
    headers, rows, totals = age_rows(report, names, args.by)
    currency_column = headers.index("currency")
    if args.output == "csv":
        _write_csv(out, headers, rows, places_by_currency(currency_column))
        return _status(result)
    numeric = set(range(currency_column + 1, len(headers)))
    places = places_by_currency(currency_column)
    _emit(out, [f"Aging as of {as_of.isoformat()} by due date ({source.name})"])
    body = render_rows(headers, [*rows, *totals], places)
    _emit(out, aligned_table(headers, body, numeric))
    _emit(out, ["", _load_summary(result, source)])
    return _status(result)


def _status(result: LoadResult) -> ExitCode:
    return ExitCode.REJECTED_ROWS if result.rejected else ExitCode.OK


# -- dun ---------------------------------------------------------------------------------------


def _dunning_policy(path: str) -> DunningPolicy:
    def build(data: dict[str, Any], is_yaml: bool) -> DunningPolicy:
        return DunningPolicy.from_dict(data, numbers="shortest-repr" if is_yaml else "strict")

    policy: DunningPolicy = _policy_from(path, build)
    return policy


def _cmd_dun(args: argparse.Namespace, out: TextIO, err: TextIO, as_of: dt.date) -> ExitCode:
    policy = _dunning_policy(args.policy)
    result, source = _load(args, err, as_of)
    try:
        run = run_dunning(policy, result.documents, as_of=as_of, customers=result.customers)
    except ReceivablesError as error:
        _fail(ExitCode.BAD_POLICY, f"{args.policy}: {error}")
    if args.output == "json":
        print(json_module.dumps(run, indent=2), file=out)
        return _status(result)
    rows = notice_rows(run)
    if args.output == "csv":
        _write_csv(out, NOTICE_HEADERS, rows, places_by_currency(1))
        return _status(result)
    _emit(out, [f"Dunning run as of {as_of.isoformat()} ({source.name}, policy {args.policy})"])
    body = render_rows(NOTICE_HEADERS, rows, places_by_currency(1))
    _emit(out, aligned_table(NOTICE_HEADERS, body, {2, 4, 5, 6, 7, 8, 9}))
    counts: dict[str, int] = {}
    for skipped in run.skipped:
        for code in skipped.codes:
            counts[code] = counts.get(code, 0) + 1
    reasons = ", ".join(f"{code} {count}" for code, count in sorted(counts.items()))
    _emit(
        out,
        [
            "",
            f"{len(run.notices)} notices; {len(run.skipped)} accounts skipped"
            + (f" ({reasons})" if reasons else ""),
            _load_summary(result, source),
        ],
    )
    return _status(result)


# -- apply -------------------------------------------------------------------------------------


def _cmd_apply(args: argparse.Namespace, out: TextIO, err: TextIO, as_of: dt.date) -> ExitCode:
    path: str = args.statement
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        _fail(ExitCode.NO_INPUT, f"{path}: no such file")
    except IsADirectoryError:
        _fail(ExitCode.NO_INPUT, f"{path}: is a directory, not a file")
    except OSError as error:
        _fail(ExitCode.NO_INPUT, f"{path}: cannot open: {error.strerror or error}")
    try:
        statements = read_statements(data, format=args.statement_format)
    except ReceivablesError as error:
        _fail(ExitCode.BAD_INPUT, f"{path}: {error}")
    result, source = _load(args, err, as_of)
    open_items = [d for d in result.documents if d.kind is not DocumentKind.PAYMENT]
    rows: list[list[Decimal | str]] = []
    results: list[dict[str, object]] = []
    for statement in statements:
        payments = statement.payments()
        try:
            applied = apply_cash(
                payments,
                open_items,
                remittances=statement.remittances(),
                customers=result.customers,
            )
        except ReceivablesError as error:
            _fail(ExitCode.BAD_INPUT, f"{path}: statement {statement.statement_id}: {error}")
        results.append({"statement_id": statement.statement_id, "result": applied})
        for payment, outcome in zip(payments, applied.outcomes, strict=True):
            rows.append(
                [
                    statement.statement_id,
                    payment.id,
                    payment.received_date.isoformat(),
                    payment.amount.currency.code,
                    payment.amount.amount,
                    outcome.status.value,
                    outcome.customer_id or "",
                    " ".join(a.invoice_id for a in outcome.applications),
                    (payment.amount - outcome.unapplied).amount,
                    outcome.unapplied.amount,
                    " ".join(reason.code for reason in outcome.reasons),
                ]
            )
    if args.output == "json":
        print(json_module.dumps(results, indent=2), file=out)
        return _status(result)
    if args.output == "csv":
        _write_csv(out, APPLY_HEADERS, rows, places_by_currency(3))
        return _status(result)
    _emit(out, [f"Cash application: {path} against the open items of {source.name}"])
    body = render_rows(APPLY_HEADERS, rows, places_by_currency(3))
    _emit(out, aligned_table(APPLY_HEADERS, body, {4, 8, 9}))
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row[5])] = counts.get(str(row[5]), 0) + 1
    summary = ", ".join(f"{status} {count}" for status, count in counts.items())
    _emit(
        out,
        [
            "",
            f"{len(statements)} statements, {len(rows)} payments"
            + (f": {summary}" if rows else ""),
            _load_summary(result, source),
        ],
    )
    return _status(result)


# -- allowance ---------------------------------------------------------------------------------


def _matrix(path: str) -> tuple[ProvisionMatrix, Buckets | None, Overlay | None]:
    def build(
        data: dict[str, Any], is_yaml: bool
    ) -> tuple[ProvisionMatrix, Buckets | None, Overlay | None]:
        numbers: Numbers = "shortest-repr" if is_yaml else "strict"
        data = dict(data)
        edges = data.pop("buckets", None)
        overlay_data = data.pop("overlay", None)
        if "rates" not in data:  # a bare mapping of bucket label to rate
            data = {"rates": data}
        matrix = ProvisionMatrix.from_dict(data, numbers=numbers)
        buckets = None
        if edges is not None:
            if not isinstance(edges, list) or not all(type(e) is int for e in edges):
                _fail(
                    ExitCode.BAD_POLICY, f"{path}: buckets is a list of day counts, e.g. [30, 60]"
                )
            buckets = Buckets.from_edges(edges)
        overlay = None
        if overlay_data is not None:
            overlay = Overlay.from_dict(overlay_data, numbers=numbers)
        return matrix, buckets, overlay

    built: tuple[ProvisionMatrix, Buckets | None, Overlay | None] = _policy_from(path, build)
    return built


def _cmd_allowance(args: argparse.Namespace, out: TextIO, err: TextIO, as_of: dt.date) -> ExitCode:
    matrix, file_buckets, overlay = _matrix(args.matrix)
    if file_buckets is not None and args.buckets is not None:
        _fail(ExitCode.USAGE, f"{args.matrix} names its buckets: leave out --buckets")
    buckets = file_buckets if file_buckets is not None else _buckets(args.buckets)
    if buckets.labels != matrix.labels:
        _fail(
            ExitCode.BAD_POLICY,
            f"{args.matrix}: the matrix has rates for {', '.join(matrix.labels)} but the aging's "
            f"buckets are {', '.join(buckets.labels)} (give the matrix a 'buckets' list of edges "
            "or use --buckets)",
        )
    result, source = _load(args, err, as_of)
    report = age(result.documents, as_of, buckets, customers=result.customers)
    allowances: list[AllowanceResult] = []
    for currency in report.currencies:
        try:
            allowances.append(provision(report, matrix, overlay=overlay, currency=currency))
        except ReceivablesError as error:
            _fail(ExitCode.BAD_POLICY, f"{args.matrix}: {error}")
    if args.output == "json":
        print(json_module.dumps(allowances, indent=2), file=out)
        return _status(result)
    headers = ("currency", "bucket", "balance", "rate", "adjusted rate", "allowance")
    if args.output == "csv":
        rows = [
            (a.currency.code, line.bucket, line.balance.amount, str(line.rate), str(rate), x)
            for a in allowances
            for line in a.lines
            for rate, x in ((line.adjusted_rate, line.allowance.amount),)
        ]
        _write_csv(out, headers, rows, places_by_currency(0))
        return _status(result)
    table: list[list[Decimal | str]] = []
    for a in allowances:
        for line in a.lines:
            rates = percent(line.rate), percent(line.adjusted_rate)
            table.append([a.currency.code, line.bucket, line.balance.amount, *rates])
            table[-1].append(line.allowance.amount)
        table.append([a.currency.code, "Total", a.balance.amount, "", "", a.total.amount])
    _emit(out, [f"Allowance as of {as_of.isoformat()} ({source.name}, matrix {args.matrix})"])
    body = render_rows(headers, table, places_by_currency(0))
    _emit(out, aligned_table(headers, body, {2, 3, 4, 5}))
    _emit(out, ["", _load_summary(result, source)])
    return _status(result)


# -- the entry point ---------------------------------------------------------------------------


_COMMANDS: Final[
    Mapping[str, Callable[[argparse.Namespace, TextIO, TextIO, dt.date], ExitCode]]
] = {
    "age": _cmd_age,
    "dun": _cmd_dun,
    "apply": _cmd_apply,
    "allowance": _cmd_allowance,
}


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the process exit code (an :class:`ExitCode`).

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["demo", "--as-of", "2026-01-31", "--seed", "1"], out=buffer)
        0
        >>> buffer = io.StringIO()
        >>> main(["age", "--sample", "--as-of", "2026-06-30", "--output", "csv"], out=buffer)
        0
        >>> buffer.getvalue().splitlines()[0]
        'currency,Current,1-30,31-60,61-90,91-120,Over 120,credits,total,past due'
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error argparse has printed
        return int(exit_.code) if isinstance(exit_.code, int) else int(ExitCode.USAGE)
    stream = out if out is not None else sys.stdout
    errors = err if err is not None else sys.stderr
    as_of: dt.date = args.as_of if args.as_of is not None else dt.date.today()
    if args.command == "demo":
        for line in demo_module.render(as_of=as_of, seed=args.seed):
            print(line, file=stream)
        return int(ExitCode.OK)
    try:
        return int(_COMMANDS[args.command](args, stream, errors, as_of))
    except _StopError as failure:
        print(f"receivables {args.command}: error: {failure.message}", file=errors)
        return int(failure.code)
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        if stream is sys.stdout:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so the exit flush is quiet
        return int(ExitCode.OK)
