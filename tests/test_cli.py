"""The command line over files: every command and output mode, errors with file, line, row and
column, and the exit codes (docs/cli.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from receivables import cli
from receivables.aging import age
from receivables.cli import ExitCode, main
from receivables.samples import sample_portfolio
from receivables.samples.bankfiles import sample_camt053
from receivables.samples.exports import erpnext_export

AS_OF = "2026-06-30"

HEADER = (
    "Posting Date,Party,Customer Name,Voucher Type,Voucher No,Due Date,Invoiced Amount,"
    "Outstanding Amount,Currency"
)
ROWS = [
    '2026-04-01,C-1,Acme,Sales Invoice,SINV-1,2026-05-01,"1,000.00",400.00,USD',
    "2026-06-01,C-1,Acme,Sales Invoice,SINV-2,2026-07-01,250.00,250.00,USD",
    "2026-03-01,C-2,Beta,Sales Invoice,SINV-3,2026-03-31,99.50,99.50,USD",
    "2026-06-10,C-2,Beta,Sales Invoice,SINV-4,2026-06-10,-20.00,-20.00,USD",
]

POLICY_YAML = """\
name: standard
grace_days: 3
interval_days: 14
annual_interest_rate: 0.08
levels:
  - {number: 1, days_overdue: 1, action: reminder}
  - {number: 2, days_overdue: 30, action: final_notice, fee: {fixed: ["10.00 USD"]}}
  - {number: 3, days_overdue: 60, action: demand_letter, charge_interest: true}
"""

POLICY_JSON = {
    "name": "standard",
    "grace_days": 3,
    "levels": [
        {"number": 1, "days_overdue": 1, "action": "reminder"},
        {"number": 2, "days_overdue": 30, "action": "final_notice"},
    ],
}

MATRIX_YAML = """\
buckets: [30, 60, 90]
rates:
  Current: 0.005
  1-30: 0.02
  31-60: 0.08
  61-90: 0.2
  Over 90: 0.5
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def export(tmp_path: Path, rows: list[str] = ROWS, name: str = "ar.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- age -----------------------------------------------------------------------------------------


def test_age_csv_gives_the_bucket_totals_per_currency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["age", str(export(tmp_path)), "--format", "erpnext", "--as-of", AS_OF, "--output", "csv"],
        capsys,
    )
    assert (code, err) == (0, "")
    (usd,) = csv_rows(out)
    # SINV-1 is 60 days past due, SINV-2 not due, SINV-3 91 days, SINV-4 a credit note.
    assert usd == {
        "currency": "USD",
        "Current": "250.00",
        "1-30": "0.00",
        "31-60": "400.00",
        "61-90": "0.00",
        "91-120": "99.50",
        "Over 120": "0.00",
        "credits": "-20.00",
        "total": "729.50",
        "past due": "499.50",
    }


def test_age_by_customer_with_buckets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "age",
            str(export(tmp_path)),
            "--format",
            "erpnext",
            "--as-of",
            AS_OF,
            "--buckets",
            "30,60",
            "--by",
            "customer",
            "--output",
            "csv",
        ],
        capsys,
    )
    assert code == 0
    rows = csv_rows(out)
    assert [(r["customer"], r["name"], r["Current"], r["31-60"], r["Over 60"]) for r in rows] == [
        ("C-1", "Acme", "250.00", "400.00", "0.00"),
        ("C-2", "Beta", "0.00", "0.00", "99.50"),
    ]
    assert rows[1]["credits"] == "-20.00"


def test_age_table_is_aligned_and_says_it_reconciles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = export(tmp_path)
    code, out, _ = run(
        ["age", str(path), "--format", "erpnext", "--as-of", AS_OF, "--by", "customer"], capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Aging as of {AS_OF} by due date ({path})"
    assert lines[1].split()[:3] == ["customer", "name", "currency"]
    table = lines[1 : lines.index("")]
    assert len({len(line) for line in table[:2]}) == 1  # the rule is as wide as the header
    assert any(line.startswith("C-1") and line.rstrip().endswith("650.00") for line in table)
    assert any(line.startswith("Total") and "729.50" in line for line in table)
    assert lines[-1] == (
        f"{path}: 4 rows; 4 documents; every row accounted for, accepted plus rejected equal to "
        "the rows' total per currency"
    )


def test_age_json_is_the_report_in_interchange_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["age", str(export(tmp_path)), "--format", "erpnext", "--as-of", AS_OF, "--output", "json"],
        capsys,
    )
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == AS_OF
    assert report["buckets"]["edges"] == [30, 60, 90, 120]
    totals = {row["customer_id"]: row["total"] for row in report["rows"]}
    assert totals == {
        "C-1": {"amount": "650.00", "currency": "USD"},
        "C-2": {"amount": "79.50", "currency": "USD"},
    }


def test_age_sample_runs_on_a_fresh_machine(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's first command: the export embedded in the package, no file needed."""
    code, out, err = run(["age", "--sample", "--as-of", AS_OF, "--output", "csv"], capsys)
    assert (code, err) == (0, "")
    text = erpnext_export(seed=7, customers=cli.SAMPLE_CUSTOMERS, as_of=dt.date(2026, 6, 30))
    from receivables.adapters import MAPS, load_rows

    loaded = load_rows(csv.DictReader(io.StringIO(text)), MAPS["erpnext"])
    expected = age(loaded.documents, dt.date(2026, 6, 30))
    totals = {row["currency"]: Decimal(row["total"]) for row in csv_rows(out)}
    assert totals == {c.code: expected.total(c).amount for c in expected.currencies}
    assert len(totals) > 1


def test_stdin_is_read_for_a_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join([HEADER, *ROWS]) + "\n"))
    code, out, _ = run(
        ["age", "-", "--format", "erpnext", "--as-of", AS_OF, "--output", "csv"], capsys
    )
    assert code == 0
    assert csv_rows(out)[0]["total"] == "729.50"


def test_skip_and_delimiter_read_a_report_with_a_title_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ar.txt"
    body = [
        HEADER.replace(",", ";"),
        "2026-06-01;C-1;Acme;Sales Invoice;S-9;2026-06-10;1.234,50;1.234,50;EUR",
    ]
    path.write_text("\n".join(["Accounts Receivable", "As of 30.06.2026", *body]) + "\n")
    code, out, err = run(
        ["age", str(path), "--format", "erpnext", "--as-of", AS_OF, "--skip", "2",
         "--delimiter", ";", "--locale", "de_DE", "--output", "csv"],
        capsys,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert csv_rows(out)[0]["1-30"] == "1234.50"


# -- errors and exit codes ---------------------------------------------------------------------


def test_a_bad_row_names_file_line_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [*ROWS]
    rows[1] = rows[1].replace("2026-07-01", "2026-31-07")
    path = export(tmp_path, rows)
    code, out, err = run(["age", str(path), "--format", "erpnext", "--as-of", AS_OF], capsys)
    assert code == ExitCode.BAD_INPUT
    assert code == 4
    assert out == ""
    assert err.strip() == (
        f"receivables age: error: {path}:3: row 2, column Due Date: cannot read '2026-31-07' "
        "as a date in the format %Y-%m-%d"
    )


def test_collect_lists_bad_rows_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [*ROWS]
    rows[2] = rows[2].replace("99.50,99.50", "99.50,lots")
    path = export(tmp_path, rows)
    code, out, err = run(
        ["age", str(path), "--format", "erpnext", "--as-of", AS_OF, "--errors", "collect"],
        capsys,
    )
    assert code == ExitCode.REJECTED_ROWS
    assert code == 1
    assert err.startswith(f"{path}:4: row 3, column Outstanding Amount: ")
    assert err.rstrip().endswith("[adapters.bad_amount]")
    assert "1 rejected" in out
    assert "629.50" not in out
    assert "630.00" in out


def test_a_missing_column_suggests_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["age", str(export(tmp_path)), "--format", "quickbooks", "--as-of", AS_OF], capsys
    )
    assert code == ExitCode.BAD_INPUT
    assert "row 1, column" in err
    assert "has no column" in err
    assert "the file's columns: Posting Date, Party" in err
    assert "is --format quickbooks the right export?" in err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["age", "{tmp}/nope.csv", "--format", "erpnext"], ExitCode.NO_INPUT, "no such file"),
        (["age", "{tmp}", "--format", "erpnext"], ExitCode.NO_INPUT, "is a directory"),
        (["age", "{tmp}/ar.csv"], ExitCode.USAGE, "with --format"),
        (["age", "--sample", "--format", "xero"], ExitCode.USAGE, "the sample is an ERPNext"),
        (["age", "{tmp}/ar.csv", "--format", "erpnext", "--buckets", "30,x"], ExitCode.USAGE,
         "--buckets"),
        (["age", "{tmp}/ar.csv", "--format", "erpnext", "--encoding", "klingon"],
         ExitCode.USAGE, "unknown encoding"),
        (["age", "{tmp}/ar.csv", "--format", "erpnext", "--currency", "XYZ"], ExitCode.USAGE,
         "--currency XYZ"),
    ],
)  # fmt: skip
def test_exit_codes_for_files_and_options(
    argv: list[str],
    code: ExitCode,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export(tmp_path)
    got, out, err = run([part.replace("{tmp}", str(tmp_path)) for part in argv], capsys)
    assert got == code
    assert out == ""
    assert message in err


def test_argparse_usage_errors_return_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["age", "--sample", "--as-of", "30/06/2026"]) == ExitCode.USAGE
    assert "not an ISO date" in capsys.readouterr().err
    assert main(["age"]) == ExitCode.USAGE
    assert main(["age", "x.csv", "--sample"]) == ExitCode.USAGE


def test_csv_and_encoding_errors_name_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.csv"
    huge = '"' + "x" * (csv.field_size_limit() + 1) + '"'
    path.write_text(HEADER + "\n" + ROWS[0] + "\n" + ROWS[1].replace("Acme", huge) + "\n")
    code, _, err = run(["age", str(path), "--format", "erpnext", "--as-of", AS_OF], capsys)
    assert code == ExitCode.BAD_INPUT
    assert f"{path}:3: field larger than field limit" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n" + ROWS[0].replace("Acme", "Ca\xe7a")).encode("latin-1"))
    code, _, err = run(["age", str(latin), "--format", "erpnext", "--as-of", AS_OF], capsys)
    assert code == ExitCode.BAD_INPUT
    assert "not utf-8-sig text" in err
    assert "--encoding" in err
    code, out, _ = run(
        ["age", str(latin), "--format", "erpnext", "--as-of", AS_OF, "--encoding", "latin-1"],
        capsys,
    )
    assert code == ExitCode.OK
    assert "Ca\xe7a" not in out
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, _, err = run(["age", str(empty), "--format", "erpnext", "--as-of", AS_OF], capsys)
    assert code == ExitCode.BAD_INPUT
    assert "no header row" in err


def test_progress_on_stderr_past_the_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 2)
    path = export(tmp_path)
    code, _, err = run(["age", str(path), "--format", "erpnext", "--as-of", AS_OF], capsys)
    assert code == 0
    lines = err.splitlines()
    assert lines[0].startswith(f"{path}: 2 rows read (")
    assert lines[0].endswith("%)")
    assert lines[1].startswith(f"{path}: 4 rows read (")
    assert lines[-1] == f"{path}: read 4 rows"
    run(["age", str(path), "--format", "erpnext", "--as-of", AS_OF, "--quiet"], capsys)
    assert capsys.readouterr().err == ""


def test_no_progress_below_the_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.PROGRESS_EVERY == 100_000
    code, _, err = run(["age", str(export(tmp_path)), "--format", "erpnext"], capsys)
    assert (code, err) == (0, "")


def test_exit_codes_are_documented() -> None:
    page = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for exit_code in ExitCode:
        assert f"| {exit_code.value} | `{exit_code.name}` |" in page


# -- dun ---------------------------------------------------------------------------------------


def test_dun_with_a_yaml_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY_YAML)
    path = str(export(tmp_path))
    base = ["dun", path, "--format", "erpnext", "--as-of", AS_OF, "--policy", str(policy)]
    code, out, _ = run([*base, "--output", "csv"], capsys)
    assert code == 0
    notices = csv_rows(out)
    # C-1: SINV-1 60 days overdue, a first notice climbs to level 1 only; C-2's credit note
    # is deducted from SINV-3.
    assert [(n["customer"], n["level"], n["overdue"], n["credits"], n["total due"])
            for n in notices] == [
        ("C-1", "1", "400.00", "0.00", "400.00"),
        ("C-2", "1", "99.50", "20.00", "79.50"),
    ]  # fmt: skip
    code, out, _ = run([*base, "--output", "json"], capsys)
    assert code == 0
    notices = json.loads(out)["notices"]
    assert [(n["customer_id"], n["level"]["number"]) for n in notices] == [("C-1", 1), ("C-2", 1)]
    code, out, _ = run(base, capsys)
    assert code == 0
    assert "2 notices; 0 accounts skipped" in out


def test_dun_with_a_json_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY_JSON))
    code, out, _ = run(
        ["dun", "--sample", "--as-of", AS_OF, "--policy", str(policy), "--output", "csv"], capsys
    )
    assert code == 0
    assert len(csv_rows(out)) > 3


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("p.yaml", "levels: [", "p.yaml:1:10: not YAML"),
        ("p.json", "{", "p.json: not JSON"),
        ("p.yaml", "levels: []", "at least one level"),
        ("p.yaml", "- 1\n- 2", "a policy is a mapping"),
        ("p.yaml", "a: &x [1]\nb: *x", "p.yaml:2:4: YAML aliases are not read"),
        ("p.json", '{"levels": [{"number": 1, "days_overdue": 1, "action": "shout"}]}', "shout"),
    ],
)
def test_a_bad_policy_exits_5_naming_the_file(
    name: str, text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_text(text)
    code, out, err = run(
        ["dun", "--sample", "--as-of", AS_OF, "--policy", str(tmp_path / name)], capsys
    )
    assert code == ExitCode.BAD_POLICY
    assert out == ""
    assert message in err


def test_a_yaml_policy_without_pyyaml_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now raises ImportError
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY_YAML)
    code, _, err = run(["dun", "--sample", "--policy", str(policy)], capsys)
    assert code == ExitCode.MISSING_EXTRA
    assert "pip install 'receivables[cli]'" in err
    json_policy = tmp_path / "policy.json"
    json_policy.write_text(json.dumps(POLICY_JSON))
    code, _, _ = run(["dun", "--sample", "--as-of", AS_OF, "--policy", str(json_policy)], capsys)
    assert code == ExitCode.OK  # JSON needs no extra


def test_a_missing_policy_file_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["dun", "--sample", "--policy", "/nonexistent/p.yaml"], capsys)
    assert code == ExitCode.NO_INPUT
    assert "no such file" in err


# -- apply -------------------------------------------------------------------------------------


def _statement_and_ledger(tmp_path: Path) -> tuple[Path, Path]:
    book = sample_portfolio(seed=7, customers=20, as_of=dt.date(2026, 6, 30))
    statement = tmp_path / "camt.xml"
    statement.write_bytes(sample_camt053(book))
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(erpnext_export(seed=7, customers=20, as_of=dt.date(2026, 6, 30)))
    return statement, ledger


def test_apply_a_statement_to_a_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    statement, ledger = _statement_and_ledger(tmp_path)
    base = ["apply", str(statement), "--ledger", str(ledger), "--format", "erpnext"]
    code, out, _ = run([*base, "--output", "csv"], capsys)
    assert code == 0
    rows = csv_rows(out)
    assert rows, "the sample statement has payments"
    for row in rows:
        assert Decimal(row["applied"]) + Decimal(row["unapplied"]) == Decimal(row["amount"])
        assert row["status"] in {"matched", "partial", "unapplied", "exception"}
    matched = [row for row in rows if row["status"] == "matched"]
    assert matched
    assert all(row["invoices"] for row in matched)
    code, out, _ = run([*base, "--output", "json"], capsys)
    assert code == 0
    results = json.loads(out)
    assert sum(len(r["result"]["outcomes"]) for r in results) == len(rows)
    code, out, _ = run(base, capsys)
    assert code == 0
    assert f"{len(rows)} payments" in out


def test_apply_a_bad_statement_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bank.txt"
    bad.write_text("hello")
    code, _, err = run(["apply", str(bad), "--sample"], capsys)
    assert code == ExitCode.BAD_INPUT
    assert f"{bad}: not a bank statement" in err


# -- allowance ---------------------------------------------------------------------------------


def test_allowance_by_matrix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    matrix = tmp_path / "matrix.yaml"
    matrix.write_text(MATRIX_YAML)
    path = str(export(tmp_path))
    base = ["allowance", path, "--format", "erpnext", "--as-of", AS_OF, "--matrix", str(matrix)]
    code, out, _ = run([*base, "--output", "csv"], capsys)
    assert code == 0
    lines = {row["bucket"]: row for row in csv_rows(out)}
    assert lines["31-60"]["balance"] == "400.00"
    assert lines["31-60"]["allowance"] == "32.00"
    assert lines["Over 90"]["balance"] == "99.50"
    assert lines["Over 90"]["allowance"] == "49.75"
    assert lines["Current"]["allowance"] == "1.25"  # 250.00 at 0.5%
    code, out, _ = run([*base, "--output", "json"], capsys)
    (result,) = json.loads(out)
    assert result["currency"] == "USD"
    code, out, _ = run(base, capsys)
    assert code == 0
    assert any(
        line.startswith("USD") and "Total" in line and line.rstrip().endswith("83.00")
        for line in out.splitlines()
    )


def test_allowance_matrix_must_match_the_buckets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    matrix = tmp_path / "matrix.json"
    matrix.write_text('{"Current": "0.01", "1-30": "0.05", "Over 30": "0.2"}')
    code, _, err = run(["allowance", "--sample", "--matrix", str(matrix)], capsys)
    assert code == ExitCode.BAD_POLICY
    assert "the matrix has rates for Current, 1-30, Over 30" in err
    code, out, _ = run(
        ["allowance", "--sample", "--as-of", AS_OF, "--matrix", str(matrix), "--buckets", "30",
         "--output", "csv"],
        capsys,
    )  # fmt: skip
    assert code == ExitCode.OK
    assert len(csv_rows(out)) >= 3


def test_demo_still_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["demo", "--as-of", AS_OF], capsys)
    assert code == 0
    assert out.startswith(f"receivables demo, as of {AS_OF}")


def test_collect_lists_at_most_max_listed_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "MAX_LISTED", 1)
    rows = [row.replace(",USD", ",XYZ") for row in ROWS]
    path = export(tmp_path, rows)
    code, _, err = run(
        ["age", str(path), "--format", "erpnext", "--as-of", AS_OF, "--errors", "collect"], capsys
    )
    assert code == ExitCode.REJECTED_ROWS
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:2: row 1, column Currency: ")
    assert lines[1] == f"{path}: 3 more rejected rows not listed"
