"""What the camt reader reads: the elements, as paths relative to each group (``Ntry``, ...).

The schema drives :func:`receivables.bankfiles._xmlstream.stream`: an element not named here is
skipped without being built. Both spellings of elements that moved between versions are named
(``Dbtr/Nm`` and ``Dbtr/Pty/Nm``, ``BIC`` and ``BICFI``, ``Sts`` and ``Sts/Cd``, ...).
"""

from __future__ import annotations

from typing import Final

from receivables.bankfiles._xmlstream import AMOUNT, PRESENT, TEXT, TEXTS, Group, Leaf
from receivables.bankfiles.model import StatementFormat

ROOTS: Final = {
    StatementFormat.CAMT_053: ("BkToCstmrStmt", "Stmt"),
    StatementFormat.CAMT_054: ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
REFERENCES: Final = tuple(
    f"Refs/{n}" for n in ("MsgId", "AcctSvcrRef", "PmtInfId", "InstrId", "TxId")
)


def _party_paths(role: str) -> dict[str, Leaf]:
    base = f"RltdPties/{role}"
    return {f"{base}/Nm": TEXT, f"{base}/Pty/Nm": TEXT, f"{base}/Agt/FinInstnId/Nm": TEXT}


def _role_paths(role: str, agent: str) -> dict[str, Leaf]:
    return {
        **_party_paths(role),
        **_party_paths(f"Ultmt{role}"),
        f"RltdPties/{role}Acct/Id/IBAN": TEXT,
        f"RltdPties/{role}Acct/Id/Othr/Id": TEXT,
        f"RltdAgts/{agent}/FinInstnId/BICFI": TEXT,
        f"RltdAgts/{agent}/FinInstnId/BIC": TEXT,
    }


_STRD: Final = Group(
    {
        "RfrdDocInf": Group(
            {"Nb": TEXT, "Tp/CdOrPrtry/Cd": TEXT, "RltdDt": TEXT, "RltdDt/Dt": TEXT}
        ),
        "RfrdDocAmt": PRESENT,
        "RfrdDocAmt/DuePyblAmt": AMOUNT,
        "RfrdDocAmt/DscntApldAmt": Group({"Amt": AMOUNT}, own=AMOUNT),
        "RfrdDocAmt/CdtNoteAmt": AMOUNT,
        "RfrdDocAmt/RmtdAmt": AMOUNT,
        "CdtrRefInf/Ref": TEXT,
    }
)
_TX: Final = Group(
    {
        "Amt": AMOUNT,
        "AmtDtls/TxAmt/Amt": AMOUNT,
        "AmtDtls/CntrValAmt/Amt": AMOUNT,
        "CdtDbtInd": TEXT,
        "Refs/EndToEndId": TEXT,
        **dict.fromkeys(REFERENCES, TEXT),
        **_role_paths("Dbtr", "DbtrAgt"),
        **_role_paths("Cdtr", "CdtrAgt"),
        "RmtInf": PRESENT,
        "RmtInf/Ustrd": TEXTS,
        "RmtInf/Strd": _STRD,
        "RtrInf": PRESENT,
        "RtrInf/Rsn/Cd": TEXT,
        "RtrInf/Rsn/Prtry": TEXT,
    }
)
_NTRY: Final = Group(
    {
        "Amt": AMOUNT,
        "CdtDbtInd": TEXT,
        "RvslInd": TEXT,
        "Sts": TEXT,
        "Sts/Cd": TEXT,
        "Sts/Prtry": TEXT,
        "BookgDt/Dt": TEXT,
        "BookgDt/DtTm": TEXT,
        "BookgDt": PRESENT,
        "ValDt/Dt": TEXT,
        "ValDt/DtTm": TEXT,
        "ValDt": PRESENT,
        "AcctSvcrRef": TEXT,
        "BkTxCd/Domn/Cd": TEXT,
        "BkTxCd/Domn/Fmly/Cd": TEXT,
        "BkTxCd/Domn/Fmly/SubFmlyCd": TEXT,
        "BkTxCd/Prtry/Cd": TEXT,
        "AddtlNtryInf": TEXT,
        "NtryDtls/TxDtls": _TX,
    },
    handler="entry",
)


def _summary_paths() -> dict[str, Leaf]:
    paths: dict[str, Leaf] = {"TxsSummry": PRESENT}
    for total in ("TtlNtries", "TtlCdtNtries", "TtlDbtNtries"):
        base = f"TxsSummry/{total}"
        paths[base] = PRESENT
        for leaf in ("NbOfNtries", "Sum", "TtlNetNtryAmt", "CdtDbtInd", "TtlNetNtry/Amt"):
            paths[f"{base}/{leaf}"] = TEXT
        paths[f"{base}/TtlNetNtry"] = PRESENT
        paths[f"{base}/TtlNetNtry/CdtDbtInd"] = TEXT
    return paths


_STMT: Final = Group(
    {
        "Id": TEXT,
        "CreDtTm": TEXT,
        "FrToDt/FrDtTm": TEXT,
        "FrToDt/ToDtTm": TEXT,
        "Acct/Id/IBAN": TEXT,
        "Acct/Id/Othr/Id": TEXT,
        "Acct/Svcr/FinInstnId/BICFI": TEXT,
        "Acct/Svcr/FinInstnId/BIC": TEXT,
        "Acct/Ccy": TEXT,
        "Bal": Group({"Tp/CdOrPrtry/Cd": TEXT, "Amt": AMOUNT, "CdtDbtInd": TEXT}),
        **_summary_paths(),
        "Ntry": _NTRY,
    },
    handler="statement",
)
DOCUMENTS: Final = {
    kind: Group(
        {group: Group({"GrpHdr": Group({"CreDtTm": TEXT}, handler="header"), stmt: _STMT})},
        strict=True,
    )
    for kind, (group, stmt) in ROOTS.items()
}
