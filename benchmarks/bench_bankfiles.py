"""Benchmark: the camt.053 reader against the plain ElementTree code a user would write.

Run:  python benchmarks/bench_bankfiles.py [--entries 100000] [--repeat 3]

A camt.053.001.08 statement of ``--entries`` booked entries (one transaction detail each, with
references, a debtor, an IBAN, a BIC and an unstructured remittance) is generated in memory by
the small writer below (test-only style: it writes only what the benchmark needs). Compared:
  1. ``camt.read``: streamed by hardened expat (no DTD, no entities, depth limit), no tree
     built, every field checked and turned into the library's values, control totals and
     balances verified.
  2. ``xml.etree.ElementTree.fromstring`` + ``findall``: the whole tree in memory, the same
     fields pulled out as strings and Decimals, no checks, no XML safety.
  3. ``defusedxml.ElementTree.iterparse`` + ``clear()``: the safe streaming code a careful user
     would write (and what ``camt.read`` did before), the same fields as strings, no checks.
Times are the best of ``--repeat`` runs, as wall-clock seconds and as this process's CPU
seconds: other work on the machine inflates the wall clock, the CPU time much less, and every
reader is measured in the same run, so the ratios are fair. Peak memory is measured once per
reader with tracemalloc (which slows the code, so it is not part of the timings).
"""

from __future__ import annotations

import argparse
import gc
import io
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from defusedxml import ElementTree as DefusedET

from receivables.bankfiles import StatementFormat, camt

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
IBANS = ["DE41500105170123456789", "NL20INGB0001234567", "GB29NWBK60161331926819"]


def generate(entries: int) -> bytes:
    """A camt.053.001.08 with ``entries`` booked credits, totals and balances that add up."""
    parts: list[str] = []
    total = Decimal(0)
    for n in range(entries):
        amount = Decimal(100 + n % 9000) + Decimal(n % 100) / 100
        total += amount
        parts.append(
            f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-16</Dt></BookgDt>"
            f"<ValDt><Dt>2026-03-16</Dt></ValDt><AcctSvcrRef>BR{n:010d}</AcctSvcrRef>"
            "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
            "</Domn></BkTxCd><NtryDtls><TxDtls>"
            f"<Refs><InstrId>I{n}</InstrId><EndToEndId>E2E-{n}</EndToEndId></Refs>"
            f'<Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            f"<RltdPties><Dbtr><Pty><Nm>CUSTOMER {n % 5000} GMBH</Nm></Pty></Dbtr>"
            f"<DbtrAcct><Id><IBAN>{IBANS[n % 3]}</IBAN></Id></DbtrAcct></RltdPties>"
            "<RltdAgts><DbtrAgt><FinInstnId><BICFI>INGDDEFFXXX</BICFI></FinInstnId></DbtrAgt>"
            f"</RltdAgts><RmtInf><Ustrd>ACC-SINV-2026-{n:06d}</Ustrd></RmtInf>"
            "</TxDtls></NtryDtls></Ntry>\n"
        )
    opening = Decimal("1000.00")
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NS}"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-03-17T05:00:00</CreDtTm></GrpHdr>"
        "<Stmt><Id>BENCH-1</Id><CreDtTm>2026-03-17T05:00:00</CreDtTm>"
        "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f'<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt>'
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-16</Dt></Dt></Bal>"
        f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening + total}'
        "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-16</Dt></Dt></Bal>"
        f"<TxsSummry><TtlNtries><NbOfNtries>{entries}</NbOfNtries><Sum>{total}</Sum>"
        f"<TtlNetNtry><Amt>{total}</Amt><CdtDbtInd>CRDT</CdtDbtInd></TtlNetNtry></TtlNtries>"
        "</TxsSummry>\n"
    )
    return (head + "".join(parts) + "</Stmt></BkToCstmrStmt></Document>\n").encode()


def library(data: bytes) -> int:
    (statement,) = camt.read(data, StatementFormat.CAMT_053)
    return len(statement.entries)


def plain(data: bytes) -> int:
    """What a user would write: the whole tree, findall, the same fields as strings."""
    ns = {"c": NS}
    root = ET.fromstring(data)
    rows: list[dict[str, Any]] = []
    for ntry in root.findall("c:BkToCstmrStmt/c:Stmt/c:Ntry", ns):
        amount = ntry.find("c:Amt", ns)
        assert amount is not None
        row: dict[str, Any] = {
            "amount": Decimal(amount.text or "0"),
            "currency": amount.get("Ccy"),
            "credit": ntry.findtext("c:CdtDbtInd", None, ns) == "CRDT",
            "status": ntry.findtext("c:Sts/c:Cd", None, ns),
            "booked": ntry.findtext("c:BookgDt/c:Dt", None, ns),
            "value": ntry.findtext("c:ValDt/c:Dt", None, ns),
            "bank_ref": ntry.findtext("c:AcctSvcrRef", None, ns),
            "code": ntry.findtext("c:BkTxCd/c:Domn/c:Cd", None, ns),
        }
        for tx in ntry.findall("c:NtryDtls/c:TxDtls", ns):
            row["e2e"] = tx.findtext("c:Refs/c:EndToEndId", None, ns)
            row["instr"] = tx.findtext("c:Refs/c:InstrId", None, ns)
            row["name"] = tx.findtext("c:RltdPties/c:Dbtr/c:Pty/c:Nm", None, ns)
            row["iban"] = tx.findtext("c:RltdPties/c:DbtrAcct/c:Id/c:IBAN", None, ns)
            row["bic"] = tx.findtext("c:RltdAgts/c:DbtrAgt/c:FinInstnId/c:BICFI", None, ns)
            row["text"] = "".join(u.text or "" for u in tx.findall("c:RmtInf/c:Ustrd", ns))
        rows.append(row)
    return len(rows)


def streamed(data: bytes) -> int:
    """The safe streaming code a careful user would write: defusedxml iterparse, clear()."""
    tag = f"{{{NS}}}Ntry"
    rows = 0
    for _, element in DefusedET.iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
        if element.tag != tag:
            continue
        amount = element.find(f"{{{NS}}}Amt")
        assert amount is not None
        row: dict[str, Any] = {
            "amount": Decimal(amount.text or "0"),
            "currency": amount.get("Ccy"),
            "credit": element.findtext(f"{{{NS}}}CdtDbtInd") == "CRDT",
            "bank_ref": element.findtext(f"{{{NS}}}AcctSvcrRef"),
        }
        for tx in element.iter(f"{{{NS}}}TxDtls"):
            row["e2e"] = tx.findtext(f"{{{NS}}}Refs/{{{NS}}}EndToEndId")
            row["name"] = tx.findtext(f"{{{NS}}}RltdPties/{{{NS}}}Dbtr/{{{NS}}}Pty/{{{NS}}}Nm")
            row["text"] = "".join(u.text or "" for u in tx.iter(f"{{{NS}}}Ustrd"))
        rows += 1
        element.clear()
    return rows


def timed(function: Callable[[bytes], int], data: bytes, repeat: int) -> tuple[float, float, int]:
    best = cpu = float("inf")
    count = 0
    for _ in range(repeat):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        count = function(data)
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return best, cpu, count


def peak(function: Callable[[bytes], int], data: bytes) -> int:
    gc.collect()
    tracemalloc.start()
    function(data)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = generate(args.entries)
    size = len(data)
    print(f"camt.053.001.08, {args.entries:,} entries, {size / 2**20:.1f} MiB of XML")
    print(f"  {'reader':40} {'wall s':>7} {'cpu s':>7} {'MB/s':>6} {'entries/s':>10}  peak memory")
    for name, function in (
        ("camt.read (safe, streamed, checked)", library),
        ("ET.fromstring+findall (unsafe, strings)", plain),
        ("defusedxml iterparse+clear (strings)", streamed),
    ):
        seconds, cpu, count = timed(function, data, args.repeat)
        top = peak(function, data)
        print(
            f"  {name:40} {seconds:7.2f} {cpu:7.2f} {size / 1e6 / cpu:6.1f} "
            f"{count / cpu:10,.0f}  {top / 2**20:6.1f} MiB ({top / size:4.2f} x input)"
        )


if __name__ == "__main__":
    main()
